import { existsSync } from "fs";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { MonitoredService, ServiceEdgeProps } from "../../lib";
import { AwsPlatformProps } from "../../lib/aws";
import { ALB_EDGE_SSL_POLICY } from "../../lib/aws/edge";
import { AWS_MANAGED_RULE_GROUPS } from "../../lib/aws/private/edge-waf";
import { manifestOf } from "../../lib/core/manifest";
import { edgeEntryPoint } from "../../lib/policy/packs/edge-entry-point";
import { resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { isDocumentedMetric } from "./metric-catalog";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ResourceBody, ServiceComponents, targetStack } from "../harness";

const ZONE = "Z0123456789ABCDEFGHIJ";
const EDGE: ServiceEdgeProps = { hostname: "checkout.example.com", alternativeNames: ["www.checkout.example.com"], backend: { service: "checkout-api", port: 8080 } };

function edgeStack(environment: EnvironmentTier, o: { platform?: Partial<AwsPlatformProps>; services?: Record<string, Partial<ServiceComponents>> } = {}) {
  const { stack, platform } = targetStack("aws", { environment, platform: { grafana: false, edge: { hostedZoneId: ZONE }, ...o.platform } });
  for (const [name, props] of Object.entries(o.services ?? { checkout: { edge: EDGE } })) new MonitoredService(stack, name, { platform, ...props });
  return { stack, platform };
}

const synths = new Map<string, SynthesizedStack>();
function synthOf(env: EnvironmentTier): SynthesizedStack {
  if (!synths.has(env)) synths.set(env, synthStack(edgeStack(env).stack));
  return synths.get(env)!;
}
const one = (s: SynthesizedStack, type: string) => {
  const all = resourceBodies(s, type);
  expect(all).toHaveLength(1);
  return all[0];
};
const rules = (s: SynthesizedStack) => JSON.parse(String(one(s, "aws_wafv2_web_acl").rule_json)) as ResourceBody[];
const alarm = (s: SynthesizedStack, id: string) => resourceBodies(s, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === `checkout-prod-alb-edge-${id}`) as ResourceBody;

describe("AWS edge: the load balancer and its listeners", () => {
  test("prod: an internet-facing ALB in the public subnets, deletion protection on, invalid headers dropped, strictest desync mitigation, WAF fail closed, access logs on", () => {
    const lb = one(synthOf("prod"), "aws_lb");
    expect(lb).toMatchObject({ internal: false, load_balancer_type: "application", enable_deletion_protection: true, drop_invalid_header_fields: true, desync_mitigation_mode: "strictest", enable_waf_fail_open: false });
    expect(lb.subnets).toHaveLength(3);
    for (const subnet of lb.subnets) expect(subnet).toMatch(/aws_subnet\.platform_network_public-\d/);
    expect(lb.access_logs).toMatchObject({ enabled: true, prefix: "checkout", bucket: expect.stringMatching(/aws_s3_bucket\.checkout_edge_access-logs_bucket/) });
    expect(one(synthOf("dev"), "aws_lb").enable_deletion_protection).toBe(false);
  });

  test("HTTPS with the validated ACM certificate and the TLS 1.2+ policy; HTTP answers a permanent redirect to HTTPS", () => {
    const listeners = resourceBodies(synthOf("prod"), "aws_lb_listener");
    const https = listeners.find((l) => l.port === 443)!;
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: ALB_EDGE_SSL_POLICY, certificate_arn: expect.stringMatching(/aws_acm_certificate_validation\..*\.certificate_arn/) });
    expect(ALB_EDGE_SSL_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-/);
    expect(https.default_action[0].type).toBe("forward");
    const http = listeners.find((l) => l.port === 80)!;
    expect(http.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
  });

  test("only the edge's paths reach the backend: other paths get 404 when the service routes prefixes", () => {
    const s = synthStack(edgeStack("prod", { services: { checkout: { edge: { ...EDGE, paths: ["/api", "/checkout"] } } } }).stack);
    const https = resourceBodies(s, "aws_lb_listener").find((l) => l.port === 443)!;
    expect(https.default_action[0]).toMatchObject({ type: "fixed-response", fixed_response: { status_code: "404" } });
    const listenerRules = resourceBodies(s, "aws_lb_listener_rule");
    expect(listenerRules.flatMap((r) => r.condition[0].path_pattern.values)).toEqual(["/api", "/api/*", "/checkout", "/checkout/*"]);
  });

  test("an instance target group on the node port, health-checked at the health path, attached to every node group's Auto Scaling group", () => {
    const s = synthOf("prod");
    expect(one(s, "aws_lb_target_group")).toMatchObject({ target_type: "instance", port: 30080, protocol: "HTTP", health_check: { path: "/healthz", port: "traffic-port" } });
    const attachments = resourceBodies(s, "aws_autoscaling_attachment");
    expect(attachments.map((a) => a.autoscaling_group_name)).toEqual([expect.stringMatching(/^\$\{aws_eks_node_group\.platform_cluster_general-nodes_[0-9A-F]+\.resources\[0\]\.autoscaling_groups\[0\]\.name\}$/)]);
  });

  test("security groups: the internet reaches the ALB on 443 and 80 only; the nodes accept the node port from the ALB's group only", () => {
    const s = synthOf("prod");
    const albGroup = resourceBodies(s, "aws_security_group").find((g) => g.name === "checkout-prod-alb")!;
    expect(albGroup).toBeDefined();
    const ingress = resourceBodies(s, "aws_vpc_security_group_ingress_rule");
    const open = ingress.filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(open.map((r) => [r.from_port, r.to_port]).sort()).toEqual([[443, 443], [80, 80]]);
    const toNodes = ingress.filter((r) => r.from_port === 30080);
    expect(toNodes).toHaveLength(1);
    expect(toNodes[0]).toMatchObject({ security_group_id: expect.stringContaining("cluster_security_group_id"), referenced_security_group_id: expect.stringMatching(/aws_security_group\.checkout_edge_security-group/) });
    expect(toNodes[0].cidr_ipv4).toBeUndefined();
    expect(one(s, "aws_vpc_security_group_egress_rule")).toMatchObject({ from_port: 30080, to_port: 30080, referenced_security_group_id: expect.stringContaining("cluster_security_group_id") });
  });
});

describe("AWS edge: certificate and DNS", () => {
  test("an ACM certificate for every host name, validated by DNS records in the user's zone, and an alias record per name", () => {
    const s = synthOf("prod");
    expect(one(s, "aws_acm_certificate")).toMatchObject({ domain_name: "checkout.example.com", subject_alternative_names: ["www.checkout.example.com"], validation_method: "DNS" });
    const records = resourceBodies(s, "aws_route53_record");
    const validation = records.find((r) => r.for_each)!;
    expect(validation).toMatchObject({ zone_id: ZONE, name: "${each.value.resource_record_name}", records: ["${each.value.resource_record_value}"] });
    expect(String(one(s, "aws_acm_certificate_validation").validation_record_fqdns)).toContain("record.fqdn");
    const aliases = records.filter((r) => r.alias);
    expect(aliases.map((r) => [r.name, r.type, r.zone_id])).toEqual([["checkout.example.com", "A", ZONE], ["www.checkout.example.com", "A", ZONE]]);
  });
});

describe("AWS edge: WAF", () => {
  test("prod: the managed rule groups block, the rate rule blocks above the limit per client IP over 300 s, the web ACL is associated and logged", () => {
    const s = synthOf("prod");
    const r = rules(s);
    const rate = r.find((x) => x.Name === "rate-limit")!;
    expect(rate).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: "IP" } } });
    const managed = r.filter((x) => x.Statement.ManagedRuleGroupStatement);
    expect(managed.map((x) => x.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesLinuxRuleSet",
    ]);
    for (const m of managed) expect(m).toMatchObject({ OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS" } } });
    expect(r.map((x) => x.Priority)).toEqual(r.map((_, i) => i));
    // Under the 1,500 WCUs a web ACL gets at its base price.
    expect(AWS_MANAGED_RULE_GROUPS.reduce((n, g) => n + g.wcu, 0)).toBeLessThan(1500);
    expect(one(s, "aws_wafv2_web_acl")).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
    expect(one(s, "aws_wafv2_web_acl_association").resource_arn).toMatch(/aws_lb\.checkout_edge_load-balancer/);
    const logGroup = resourceBodies(s, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("aws-waf-logs-"))!;
    expect(logGroup).toMatchObject({ name: "aws-waf-logs-checkout-prod", retention_in_days: 90, kms_key_id: expect.stringContaining("aws_kms_key.platform_logs-key") });
    const logging = one(s, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\.checkout_edge_waf_logs/)]);
    // The WAF logs are archived with the workloads' logs (issue 16's archive).
    expect(resourceBodies(s, "aws_cloudwatch_log_subscription_filter").some((f) => String(f.log_group_name).includes("checkout_edge_waf_logs"))).toBe(true);
  });

  test("allow and block lists, the user's rate limit, and excluded rules counted only (in every group, or in the group named)", () => {
    const edge: ServiceEdgeProps = {
      ...EDGE,
      waf: { rateLimitPer5Minutes: 500, allowCidrs: ["203.0.113.0/24"], blockCidrs: ["198.51.100.0/24"] },
      aws: { excludedRules: ["SizeRestrictions_BODY", "AWSManagedRulesSQLiRuleSet:SQLi_BODY"] },
    };
    const s = synthStack(edgeStack("staging", { services: { checkout: { edge } } }).stack);
    const r = rules(s);
    expect(r.slice(0, 3).map((x) => [x.Name, Object.keys(x.Action)[0]])).toEqual([["block-list", "Block"], ["allow-list", "Allow"], ["rate-limit", "Block"]]);
    expect(r[2].Statement.RateBasedStatement.Limit).toBe(500);
    const sets = resourceBodies(s, "aws_wafv2_ip_set");
    expect(sets.map((x) => [x.name, x.addresses, x.scope]).sort()).toEqual([["checkout-staging-allow", ["203.0.113.0/24"], "REGIONAL"], ["checkout-staging-block", ["198.51.100.0/24"], "REGIONAL"]]);
    const overrides = (group: string) => r.find((x) => x.Name === group)!.Statement.ManagedRuleGroupStatement.RuleActionOverrides;
    expect(overrides("AWSManagedRulesCommonRuleSet")).toEqual([{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }]);
    expect(overrides("AWSManagedRulesSQLiRuleSet")).toEqual([{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }, { Name: "SQLi_BODY", ActionToUse: { Count: {} } }]);
  });

  test("dev in detect mode: the rate rule and the managed groups only count", () => {
    const s = synthStack(edgeStack("dev", { services: { checkout: { edge: { ...EDGE, waf: { mode: "detect" } } } } }).stack);
    const r = rules(s);
    expect(r.find((x) => x.Name === "rate-limit")!.Action).toEqual({ Count: {} });
    for (const m of r.filter((x) => x.Statement.ManagedRuleGroupStatement)) expect(m.OverrideAction).toEqual({ Count: {} });
    expect(manifestOf(s)!.entryPoints![0].waf.mode).toBe("detect");
  });
});

describe("AWS edge: access logs", () => {
  const bucketOf = (s: SynthesizedStack) => resourceBodies(s, "aws_s3_bucket").find((b) => String(b.bucket_prefix).startsWith("checkout-")&& String(b.bucket_prefix).includes("alb-logs"))!;
  const settingOf = (s: SynthesizedStack, type: string) => resourceBodies(s, type).find((x) => String(x.bucket).includes("checkout_edge_access-logs_bucket"))!;

  test.each([
    ["prod", "COMPLIANCE", 365, 90, "DEEP_ARCHIVE", true],
    ["staging", "GOVERNANCE", 90, 30, "GLACIER", false],
  ] as const)("%s: SSE-S3 (the only encryption ALB delivery takes), Object Lock %s for %d days, Standard %d days then %s", (env, mode, days, searchable, cold, immutable) => {
    const s = synthOf(env);
    expect(bucketOf(s)).toMatchObject({ object_lock_enabled: true, force_destroy: false });
    expect(Boolean(bucketOf(s).lifecycle?.prevent_destroy)).toBe(env === "prod");
    expect(settingOf(s, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(settingOf(s, "aws_s3_bucket_object_lock_configuration").rule.default_retention).toEqual({ mode, days });
    const lifecycle = settingOf(s, "aws_s3_bucket_lifecycle_configuration").rule[0];
    expect(lifecycle.transition).toEqual([{ days: searchable, storage_class: cold }]);
    expect(lifecycle.expiration).toEqual([{ days }]);
    expect(manifestOf(s)!.entryPoints![0].accessLogs!.retention).toMatchObject({ searchableDays: searchable, totalDays: days, immutable });
  });

  test("dev keeps no archive: the logs expire after the searchable days, unlocked", () => {
    const s = synthOf("dev");
    expect(bucketOf(s).object_lock_enabled).toBeUndefined();
    expect(settingOf(s, "aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 7 }]);
    expect(manifestOf(s)!.entryPoints![0].accessLogs!.retention).toEqual({ searchableDays: 7, totalDays: 0, immutable: false });
  });

  const policyOf = (s: SynthesizedStack) => {
    const docs = (s.data as ResourceBody)?.aws_iam_policy_document as Record<string, ResourceBody>;
    const [, doc] = Object.entries(docs).find(([k]) => k.includes("checkout_edge_access-logs"))!;
    return doc.statement.find((x: ResourceBody) => x.sid === "ElbAccessLogDelivery");
  };

  test("older Regions: the regional Elastic Load Balancing account may put objects under the prefix, nothing else", () => {
    const s = synthOf("prod");
    const statement = policyOf(s);
    expect(statement).toMatchObject({ actions: ["s3:PutObject"], principals: [{ type: "AWS", identifiers: [expect.stringContaining("data.aws_elb_service_account")] }] });
    expect(statement.resources).toEqual([expect.stringMatching(/\/checkout\/AWSLogs\/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\/\*$/)]);
  });

  test("Regions opened since August 2022: the log delivery service principal", () => {
    const s = synthStack(edgeStack("prod", { platform: { region: "il-central-1" } }).stack);
    expect(policyOf(s).principals).toEqual([{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]);
    expect(((s.data as ResourceBody).aws_elb_service_account ?? {}) as object).toEqual({});
  });
});

describe("AWS edge: alerts, dashboards and the entry point record", () => {
  test("the alarms: 5xx percent by metric math, p99 response time, WAF blocks per 5 minutes, ACM days to expiry; no DDoS signal without Shield Advanced", () => {
    const s = synthOf("prod");
    const errors = alarm(s, "errors-high");
    expect(errors.metric_query.map((q: ResourceBody) => q.metric?.metric_name ?? q.expression)).toEqual(["RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "100 * (FILL(m2, 0) + FILL(m3, 0)) / m1"]);
    expect(errors).toMatchObject({ threshold: 5, comparison_operator: "GreaterThanThreshold", evaluation_periods: 1 });
    expect(errors.metric_query.filter((q: ResourceBody) => q.metric).every((q: ResourceBody) => q.metric.period === 300 && q.metric.stat === "Sum" && q.return_data === false)).toBe(true);
    expect(alarm(s, "latency-high")).toMatchObject({ metric_name: "TargetResponseTime", extended_statistic: "p99", threshold: 1, period: 300 });
    expect(alarm(s, "waf-blocked-high")).toMatchObject({ namespace: "AWS/WAFV2", metric_name: "BlockedRequests", statistic: "Sum", threshold: 1500, period: 300, dimensions: { WebACL: "checkout-prod", Region: "eu-west-1", Rule: "ALL" } });
    expect(alarm(s, "certificate-expiring")).toMatchObject({ namespace: "AWS/CertificateManager", metric_name: "DaysToExpiry", statistic: "Minimum", threshold: 21, comparison_operator: "LessThanThreshold", period: 86400 });
    const component = manifestOf(s)!.components.find((c) => c.kind === "edge")!;
    expect(component.unavailableAlerts!.map((u) => u.id)).toEqual(["ddos-detected"]);
  });

  test("every edge alarm and panel reads a documented metric with its real dimensions, and links an existing runbook", () => {
    const s = synthOf("prod");
    const edgeAlarms = resourceBodies(s, "aws_cloudwatch_metric_alarm").filter((a) => String(a.alarm_name).includes("-alb-edge-"));
    expect(edgeAlarms).toHaveLength(4);
    for (const a of edgeAlarms) {
      const metrics = a.metric_query ? a.metric_query.filter((q: ResourceBody) => q.metric).map((q: ResourceBody) => q.metric) : [{ namespace: a.namespace, metric_name: a.metric_name, dimensions: a.dimensions }];
      for (const m of metrics) expect([m.metric_name, isDocumentedMetric(m.namespace, m.metric_name, Object.keys(m.dimensions))]).toEqual([m.metric_name, true]);
      const url = /Runbook: (\S+)$/.exec(String(a.alarm_description))![1];
      expect(existsSync(join(__dirname, "../../docs/runbooks", url.replace(/^.*\/vigil\//, "")))).toBe(true);
    }
    const dashboard = resourceBodies(s, "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === "checkout-prod-alb-edge")!;
    const lines = JSON.parse(String(dashboard.dashboard_body)).widgets.filter((w: ResourceBody) => w.type === "metric").flatMap((w: ResourceBody) => w.properties.metrics);
    const metricLines = lines.filter((l: unknown[]) => typeof l[0] === "string");
    expect(metricLines.length).toBeGreaterThan(5);
    for (const l of metricLines) {
      const dims = l.slice(2).filter((x: unknown) => typeof x === "string").filter((_: unknown, i: number) => i % 2 === 0);
      expect([l[1], isDocumentedMetric(l[0], l[1], dims)]).toEqual([l[1], true]);
    }
  });

  test("the service dashboard shows the edge's golden signals: p99, requests, 5xx percent, WAF blocks", () => {
    const s = synthOf("prod");
    const dashboard = resourceBodies(s, "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === "checkout-prod-service")!;
    const titles = JSON.parse(String(dashboard.dashboard_body)).widgets.map((w: ResourceBody) => w.properties.title);
    for (const t of ["Edge latency (p99)", "Edge requests", "Edge 5xx responses", "Requests blocked by the WAF"]) expect(titles).toContain(`alb-edge: ${t}`);
  });

  test("the entry point record: ALB, TLS 1.2, ACM, blocking WAF with the managed groups, Shield Standard, a year of locked access logs; the prod policy passes", () => {
    const s = synthOf("prod");
    const record = manifestOf(s)!.entryPoints![0];
    expect(record).toMatchObject({
      service: "checkout",
      target: "aws",
      hostname: "checkout.example.com",
      kind: "Application Load Balancer",
      tlsMinimumVersion: "1.2",
      certificate: "ACM (DNS validation)",
      ddosProtection: "AWS Shield Standard",
      waf: { mode: "block", managedRules: AWS_MANAGED_RULE_GROUPS.map((g) => g.name), rateLimitPer5Minutes: 2000 },
      accessLogs: { retention: { totalDays: 365, immutable: true } },
      path: "test/checkout/edge",
    });
    // The policy reads the stack's tier from its name: a prod stack with this record passes, one in detect mode would not.
    const prodStack = new TerraformStack(new App({ outdir: "/tmp/vigil-test-out" }), "prod-aws-infra");
    expect(edgeEntryPoint.evaluate({ stack: prodStack, manifest: manifestOf(s)! } as never)).toEqual([]);
    const detecting = { ...manifestOf(s)!, entryPoints: [{ ...record, waf: { ...record.waf, mode: "detect" } }] };
    expect(edgeEntryPoint.evaluate({ stack: prodStack, manifest: detecting } as never)).toHaveLength(1);
  });
});

describe("AWS edge: bad input, one message each naming the path, value and fix", () => {
  const messages = (o: Parameters<typeof edgeStack>[1]) => validationMessages(edgeStack("prod", o).stack);

  test("no hosted zone on the platform", () => {
    expect(messages({ platform: { edge: undefined } })).toEqual([expect.stringMatching(/^\[test\/checkout\/edge\] .*`edge` of service "checkout" needs a Route 53 hosted zone.*edge: \{ hostedZoneId/)]);
  });

  test("a hosted zone id that is not one", () => {
    expect(messages({ platform: { edge: { hostedZoneId: "/hostedzone/example.com" } } })).toEqual([expect.stringMatching(/^\[test\/checkout\/edge\] .*`edge.hostedZoneId` is "\/hostedzone\/example.com", not a Route 53 hosted zone id; copy the zone's id/)]);
  });

  test("a node port outside Kubernetes' range, and two services on one node port", () => {
    expect(messages({ platform: { edge: { hostedZoneId: ZONE, nodePorts: { checkout: 8080 } } } })).toEqual([expect.stringMatching(/`edge.nodePorts.checkout` is 8080; use a whole number from 30000 to 32767/)]);
    const both = messages({ services: { checkout: { edge: EDGE }, payments: { edge: { ...EDGE, hostname: "payments.example.com", alternativeNames: [] } } } });
    expect(both).toEqual([expect.stringMatching(/^\[test\/payments\/edge\] .*service "payments" has no `edge.nodePorts.payments` and the default 30080, the node port of service "checkout"'s edge already; .*\{ "payments": 30081 \}/)]);
  });

  test("excluded rules that are not AWS managed rule names, or name a group the edge does not use", () => {
    const m = messages({ services: { checkout: { edge: { ...EDGE, aws: { excludedRules: ["942110", "bad rule", "AWSManagedRulesBotControlRuleSet:SignalNonBrowserUserAgent"] } } } } });
    expect(m).toHaveLength(3);
    expect(m[0]).toMatch(/`edge.aws.excludedRules\[0\]` is "942110", not an AWS managed rule name/);
    expect(m[1]).toMatch(/`edge.aws.excludedRules\[1\]` is "bad rule", not an AWS managed rule name .* e.g. "SizeRestrictions_BODY"/);
    expect(m[2]).toMatch(/`edge.aws.excludedRules\[2\]` is "AWSManagedRulesBotControlRuleSet:SignalNonBrowserUserAgent", whose group is not one of the edge's managed rule groups/);
  });
});
