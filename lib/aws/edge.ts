import { Construct } from "constructs";
import { Token, TerraformIterator } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AutoscalingAttachment } from "@cdktf/provider-aws/lib/autoscaling-attachment";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import { fitName, NamingRule } from "../core/naming";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { AwsEksCluster } from "./cluster";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { albEdgeAlertBindings, albEdgePanels, ALB_EDGE_COMPONENT } from "./edge-alerts";
import type { AwsLogPipeline } from "./logs";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { EdgeAccessLogs } from "./private/edge-access-logs";
import { EdgeWaf, excludedRuleProblems } from "./private/edge-waf";

/**
 * TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with the restricted
 * (forward-secret, AEAD) ciphers and hybrid post-quantum key exchange, the
 * policy AWS recommends and the console's default (Elastic Load Balancing
 * User Guide for Application Load Balancers, "Security policies").
 */
export const ALB_EDGE_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** Lowest TLS version {@link ALB_EDGE_SSL_POLICY} accepts. */
const ALB_EDGE_TLS_MINIMUM = "1.2";

/** Kubernetes' default NodePort range (kube-apiserver `--service-node-port-range`), which EKS keeps. */
const NODE_PORT_RANGE = [30000, 32767] as const;

/** The node port of the platform's first edge when `edge.nodePorts` names none. */
export const DEFAULT_EDGE_NODE_PORT = 30080;

/** Load balancer and target group names: 1-32 letters, digits and `-`, not starting or ending with `-` (CreateLoadBalancer, CreateTargetGroup). */
const ELB_NAME: NamingRule = { label: "load balancer name", minLength: 1, maxLength: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, allowed: "letters, digits and '-'", lowercase: false };

/** A Route 53 hosted zone id as the console and API show it, e.g. `Z0123456789ABCDEFGHIJ`. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{4,31}$/;

/** What the AwsPlatform needs to build a service's edge. */
export interface AwsEdgeOptions {
  /**
   * Id of the public Route 53 hosted zone holding the edge host names: ACM
   * validates the certificate with CNAME records there and the host names
   * become alias records of the load balancer, e.g. `Z0123456789ABCDEFGHIJ`.
   */
  readonly hostedZoneId: string;
  /**
   * The NodePort of each service's backend, by service name: the load
   * balancer sends requests to this port on every node, so the backend's
   * Kubernetes Service must be `type: NodePort` with `nodePort` set to it.
   * @default - 30080 for the platform's first edge; name one for every further service
   */
  readonly nodePorts?: Readonly<Record<string, number>>;
}

/** Props of {@link AwsEdge}. */
interface AwsEdgeProps {
  /** The service the edge fronts. */
  readonly service: string;
  /** Its edge, checked and resolved by the core. */
  readonly request: EdgeRequest;
  /** Resource name: `<service>-<environment>` or `<platform>-<service>`. */
  readonly resourceName: string;
  /** Id of the public Route 53 hosted zone (`AwsEdgeOptions.hostedZoneId`) that gets the certificate's validation records and the domains' alias records. */
  readonly hostedZoneId: string;
  /** The node port the backend's Service listens on. */
  readonly nodePort: number;
  /** The platform's context. */
  readonly context: AwsComponentContext;
  /** The EKS cluster running the backend. */
  readonly cluster: AwsEksCluster;
  /** The platform's log pipeline (its archive keeps the WAF logs). */
  readonly logs: AwsLogPipeline;
}

/**
 * A service's public edge on AWS, in Terraform alone: an internet-facing
 * Application Load Balancer in the public subnets (deletion protection
 * where the profile asks, invalid header fields dropped, strictest desync
 * mitigation), an HTTPS listener with a DNS-validated ACM certificate and
 * the recommended TLS 1.2+ policy, HTTP redirected to HTTPS, alias records
 * in the user's hosted zone, and an `instance` target group on the
 * backend's NodePort attached to the node groups' Auto Scaling groups (the
 * nodes accept that port from the load balancer's security group only).
 * A regional WAF web ACL with the AWS managed rule groups, a rate rule and
 * the user's allow and block lists protects it; AWS Shield Standard covers
 * it at no charge. Access logs go to a locked S3 bucket kept as long as the
 * platform's log archive, WAF logs to CloudWatch Logs and its archive.
 * Alerts: 5xx percent, p99 latency, WAF blocks, certificate expiry.
 */
export class AwsEdge extends Construct implements EdgeHandle {
  /** Canonical component kind. */
  public readonly kind = "edge" as const;
  /** Implementation (runbook folder). */
  public readonly component = ALB_EDGE_COMPONENT;
  /** Load balancer name. */
  public readonly name: string;
  /** `https://<hostname>`. */
  public readonly url: string;
  /** The node port the backend's Kubernetes Service must use (`type: NodePort`). */
  public readonly nodePort: number;
  /** The internet-facing Application Load Balancer (`aws_lb`) in the public subnets, named `name`. */
  public readonly loadBalancer: Lb;
  /** The target group of the nodes. */
  public readonly targetGroup: LbTargetGroup;
  /** The DNS-validated ACM certificate (`aws_acm_certificate`) of the edge's domains (first domain as its name, the rest as alternative names). */
  public readonly certificate: AcmCertificate;
  /** The port 443 listener (`aws_lb_listener`) with the certificate and `ALB_EDGE_SSL_POLICY`: the edge's paths go to the target group, other paths get a 404. */
  public readonly httpsListener: LbListener;
  /** The web application firewall. */
  public readonly waf: EdgeWaf;
  /** Where the access logs go. */
  public readonly accessLogs: EdgeAccessLogs;
  /** The load balancer's security group. */
  public readonly securityGroup: SecurityGroup;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical edge alerts AWS cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the edge's CloudWatch dashboard (golden signals and alarm states), `<name>-alb-edge`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AwsGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AwsEdgeProps) {
    super(scope, id);
    const { request, context: ctx, cluster } = props;
    const { profile, network, account } = ctx;
    const problems = excludedRuleProblems(request.targets.aws?.excludedRules ?? []);
    this.name = fitName([props.resourceName], ELB_NAME);
    this.url = `https://${request.hostname}`;
    this.nodePort = props.nodePort;
    const port = props.nodePort;

    // Security groups: the internet reaches the load balancer on 443 and 80; the nodes accept the
    // backend's node port from the load balancer alone (its health checks use the same port).
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${this.name}-alb`,
      description: `Internet to the ${this.name} load balancer (HTTPS, HTTP redirected)`,
      vpcId: network.vpc.id,
      tags: { Name: `${this.name}-alb` },
    });
    for (const [listenerPort, why] of [[443, "HTTPS from the internet"], [80, "HTTP from the internet, redirected to HTTPS"]] as const) {
      new VpcSecurityGroupIngressRule(this, `ingress-${listenerPort}`, { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: listenerPort, toPort: listenerPort, cidrIpv4: "0.0.0.0/0", description: why });
    }
    const nodesGroup = cluster.cluster.vpcConfig.clusterSecurityGroupId;
    new VpcSecurityGroupEgressRule(this, "egress-nodes", { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: nodesGroup, description: `Requests and health checks to ${request.backend.namespace}/${request.backend.service} on node port ${port}` });
    new VpcSecurityGroupIngressRule(this, "nodes-from-alb", { securityGroupId: nodesGroup, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: this.securityGroup.id, description: `The ${this.name} load balancer to ${request.backend.namespace}/${request.backend.service}` });

    this.accessLogs = new EdgeAccessLogs(this, "access-logs", { account, namePrefix: `${props.resourceName}-alb-logs-`, prefix: props.service, profile });
    this.loadBalancer = new Lb(this, "load-balancer", {
      name: this.name,
      internal: false,
      loadBalancerType: "application",
      securityGroups: [this.securityGroup.id],
      subnets: network.publicSubnets.map((s) => s.id),
      enableDeletionProtection: profile.deletionProtection,
      // Headers with characters outside RFC 7230 tokens are dropped before they reach the backend (request smuggling).
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      // If the WAF cannot answer, requests are refused rather than let through unchecked.
      enableWafFailOpen: false,
      accessLogs: { bucket: this.accessLogs.bucket.name, prefix: this.accessLogs.prefix, enabled: true },
      // ELB checks it may write to the bucket when access logs are turned on.
      dependsOn: [this.accessLogs.bucket.policy],
    });

    this.targetGroup = new LbTargetGroup(this, "target-group", {
      name: this.name,
      port,
      protocol: "HTTP",
      targetType: "instance",
      vpcId: network.vpc.id,
      deregistrationDelay: "30",
      healthCheck: { enabled: true, path: request.healthPath, port: "traffic-port", protocol: "HTTP", matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
      lifecycle: { createBeforeDestroy: true },
    });
    // EKS managed node groups each have one Auto Scaling group; attaching it registers every node, present and future.
    for (const [pool, group] of Object.entries(cluster.nodeGroups)) {
      new AutoscalingAttachment(this, `nodes-${pool}`, { autoscalingGroupName: group.resources.get(0).autoscalingGroups.get(0).name, lbTargetGroupArn: this.targetGroup.arn });
    }

    const [hostname, ...alternatives] = request.domains;
    this.certificate = new AcmCertificate(this, "certificate", {
      domainName: hostname,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validationMethod: "DNS",
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const validationRecords = new Route53Record(this, "certificate-validation-records", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      // Two names of one certificate can share a validation record.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "certificate-validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for record in ${validationRecords.fqn} : record.fqdn]}`),
    });

    const forward = { type: "forward", targetGroupArn: this.targetGroup.arn };
    const everything = request.paths.includes("/");
    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: ALB_EDGE_SSL_POLICY,
      certificateArn: validation.certificateArn,
      defaultAction: [everything ? forward : { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
    });
    if (!everything) {
      // A condition holds at most 5 values: each prefix and what is below it, two prefixes a rule.
      const patterns = request.paths.flatMap((p) => [p, `${p.replace(/\/$/, "")}/*`]);
      for (let i = 0; i < patterns.length; i += 4) {
        new LbListenerRule(this, `paths-${i / 4}`, { listenerArn: this.httpsListener.arn, priority: 100 + i / 4, action: [forward], condition: [{ pathPattern: { values: patterns.slice(i, i + 4) } }] });
      }
    }
    new LbListener(this, "http", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
    request.domains.forEach((domain, i) => {
      new Route53Record(this, `alias-${i}`, {
        zoneId: props.hostedZoneId,
        name: domain,
        type: "A",
        alias: { name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true },
      });
    });

    this.waf = new EdgeWaf(this, "waf", {
      name: this.name,
      waf: request.waf,
      excludedRules: problems.length === 0 ? (request.targets.aws?.excludedRules ?? []) : [],
      loadBalancerArn: this.loadBalancer.arn,
      logRetentionDays: profile.logRetentionDays,
      logsKeyArn: ctx.logsKey.arn,
    });
    props.logs.archive?.subscribe(this, "waf-logs-archive", this.waf.logGroup);

    const metrics = {
      name: this.name,
      loadBalancer: this.loadBalancer.arnSuffix,
      targetGroup: this.targetGroup.arnSuffix,
      webAcl: this.name,
      region: account.region,
      certificateArn: this.certificate.arn,
      runbookBaseUrl: ctx.runbookBaseUrl,
    };
    const observed = deployAwsComponentAlerts(this, ctx, {
      description: `Application Load Balancer with AWS WAF and an ACM certificate in front of ${request.backend.namespace}/${request.backend.service}`,
      // Its access log bucket holds a year of logs in prod: a destroy would lose them.
      stateful: true,
      resourceName: this.name,
      component: ALB_EDGE_COMPONENT,
      prop: "edge",
      bindings: albEdgeAlertBindings(metrics),
      overrides: { alerts: request.alerts, aws: { alerts: request.targets.aws?.alerts } },
      panels: albEdgePanels(metrics),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;

    VigilManifest.of(this).addEntryPoint({
      service: props.service,
      target: "aws",
      hostname: request.hostname,
      kind: "Application Load Balancer",
      tlsMinimumVersion: ALB_EDGE_TLS_MINIMUM,
      certificate: "ACM (DNS validation)",
      waf: { mode: request.waf.mode, managedRules: [...this.waf.managedRuleGroups], rateLimitPer5Minutes: request.waf.rateLimitPer5Minutes },
      ddosProtection: "AWS Shield Standard",
      accessLogs: { store: "Amazon S3 (ALB access logs)", retention: this.accessLogs.retention },
      path: this.node.path,
    });
    addValidationErrors(this, [...problems, ...observed.problems]);
  }
}

/**
 * Problems with the AwsPlatform's `edge` options for one service's edge:
 * the hosted zone id's shape and the node port (range, and one service per
 * port on the platform).
 */
export function awsEdgeOptionProblems(options: AwsEdgeOptions | undefined, service: string, nodePort: number, taken: ReadonlyMap<number, string>): string[] {
  if (!options) {
    return [`\`edge\` of service "${service}" needs a Route 53 hosted zone for its certificate and host names; give the AwsPlatform \`edge: { hostedZoneId: "Z..." }\`, the id of the public zone holding ${JSON.stringify(service)}'s host name`];
  }
  const problems: string[] = [];
  if (typeof options.hostedZoneId !== "string" || !HOSTED_ZONE_ID.test(options.hostedZoneId)) {
    problems.push(`\`edge.hostedZoneId\` is ${JSON.stringify(options.hostedZoneId)}, not a Route 53 hosted zone id; copy the zone's id (e.g. "Z0123456789ABCDEFGHIJ", without "/hostedzone/") from the Route 53 console or \`aws route53 list-hosted-zones\``);
  }
  const [low, high] = NODE_PORT_RANGE;
  const explicit = options.nodePorts?.[service] !== undefined;
  if (!(Number.isInteger(nodePort) && nodePort >= low && nodePort <= high)) {
    problems.push(`\`edge.nodePorts.${service}\` is ${nodePort}; use a whole number from ${low} to ${high}, Kubernetes' NodePort range, e.g. ${DEFAULT_EDGE_NODE_PORT}`);
  } else if (taken.has(nodePort)) {
    problems.push(
      `${explicit ? `\`edge.nodePorts.${service}\` is ${nodePort}` : `service "${service}" has no \`edge.nodePorts.${service}\` and the default ${nodePort}`}, the node port of service "${taken.get(nodePort)}"'s edge already; give each service's edge its own node port in \`edge.nodePorts\`, e.g. { ${JSON.stringify(service)}: ${nodePort + 1} }`,
    );
  }
  return problems;
}
