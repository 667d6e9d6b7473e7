import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import { addValidationErrors } from "../core/errors";
import type { KubernetesClusterProps } from "../core/components/cluster";
import type { ComponentHandle } from "../core/components/common";
import type { KafkaHandle, KafkaProps } from "../core/components/kafka";
import type { NetworkProps } from "../core/components/network";
import { buildPlaced, DataComponentKind, PlacementSupport } from "../core/components/placement";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import { PlatformBase, PlatformBaseProps } from "../core/components/platform-base";
import type { PostgresHandle, PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { checkAwsTags, standardKeyOverrides, standardTags } from "../core/tags";
import { createInClusterPlacement, type InClusterOptions, type InClusterPlacement } from "../kubernetes/for-clouds";
import type { AlertDefinition, AlertOverride } from "../observability/alert";
import type { PlatformAlertId } from "../observability/alert-catalog";
import { isEdgeSlo, prometheusSlos, Slo } from "../observability/slo";
import { AwsAlerting } from "./alerting";
import type { AwsChannelDelivery } from "./channel-delivery";
import { AwsSyntheticCanary } from "./canary";
import { AuditTrailOptions, AwsAuditTrail } from "./audit-trail";
import { AwsCisAlarms, CisAlarmsOptions } from "./cis-alarms";
import { AwsEksCluster } from "./cluster";
import { AwsManagedGrafana, ManagedGrafanaOptions } from "./managed-grafana";
import { AwsManagedPrometheus, ManagedPrometheusOptions } from "./managed-prometheus";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { AwsEdge, AwsEdgeOptions, awsEdgeOptionProblems, DEFAULT_EDGE_NODE_PORT } from "./edge";
import { AwsEdgeSloAlarms } from "./edge-slo";
import { AwsKeyspaces } from "./keyspaces";
import { AwsLogPipeline, AwsPlatformLogsProps } from "./logs";
import { AwsMskCluster } from "./msk";
import { AwsNetwork } from "./network";
import { AwsOpenSearchDomain } from "./opensearch";
import { AwsAccount } from "./private/account";
import type { AwsComponentContext } from "./private/context";
import { EncryptionKey } from "./private/kms";
import { AwsRdsPostgres } from "./rds-postgres";
import { checkAwsRegion } from "./regions";
import { AwsServiceDashboard } from "./service-dashboard";
import { AwsServiceLogs } from "./service-logs";

/** Audit settings of {@link AwsPlatform}: the trail and the CIS alarms on its log group. */
export interface AwsAuditOptions extends AuditTrailOptions, CisAlarmsOptions {}

/** Props of {@link AwsPlatform}. */
export interface AwsPlatformProps extends PlatformBaseProps {
  /** AWS Region, e.g. "eu-west-1". */
  readonly region: string;
  /**
   * How AWS reaches the routed channels that need more than the channel
   * says: AWS Chatbot ids for Slack, relays for Telegram, URLs for webhooks
   * with a bearer token; keyed by channel name.
   * @default - none: a routed channel that needs a detail fails synth, naming it
   */
  readonly delivery?: AwsChannelDelivery;
  /** Network settings. @default - a 10.0.0.0/16 VPC over the profile's zones */
  readonly network?: NetworkProps;
  /** Cluster settings. @default - `<service>-<environment>`, one `general` node pool from the profile */
  readonly cluster?: KubernetesClusterProps;
  /** Amazon Managed Prometheus settings. @default - the EKS cluster scraped every 30 s */
  readonly metrics?: ManagedPrometheusOptions;
  /** Amazon Managed Grafana settings, or `false` for no workspace. @default - a workspace signing in through IAM Identity Center */
  readonly grafana?: ManagedGrafanaOptions | false;
  /**
   * Audit trail and CIS alarm settings, e.g. `{ alerts: { "root-account-usage": { severity: "page" } } }`.
   * @default - log files kept for the profile's `auditLogRetentionDays`; every CIS alarm but AWS Organizations changes
   */
  readonly audit?: AwsAuditOptions;
  /**
   * Overrides of the platform's canonical alerts, the same on every target:
   * `manual-change` (a change made by hand outside the pipeline; on AWS, a
   * write call from a console session) takes `severity` or `enabled: false`
   * and no threshold.
   * @default - `manual-change` as a ticket
   */
  readonly alerts?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
  /**
   * The log pipeline: Fluent Bit of the CloudWatch Observability add-on into
   * CloudWatch Logs, one log group per service namespace, archived to S3
   * when the profile keeps an archive; overrides of `collector-down`.
   * @default - on, log groups under `/eks/<cluster>/namespaces`, the catalog's pipeline alert
   */
  readonly logs?: AwsPlatformLogsProps;
  /**
   * What a service's `edge` needs on AWS: the Route 53 hosted zone of its
   * host names (certificate validation, alias records) and the NodePort of
   * each service's backend, e.g. `{ hostedZoneId: "Z0123456789ABCDEFGHIJ" }`.
   * @default - none: a service with an `edge` is reported
   */
  readonly edge?: AwsEdgeOptions;
  /** Extra tags on every resource; the standard keys (service, environment, owner, managed-by) cannot be overridden. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The stack that reaches the EKS cluster (`<env>-aws-platform`), where the
   * components whose `placement` is `in-cluster` run (every kind has a
   * managed service on AWS, so none runs there unless asked).
   * @default - none: a component placed in the cluster is reported
   */
  readonly inCluster?: InClusterOptions;
}

/** AWS's managed service per data component kind. */
const AWS_MANAGED_SERVICES: Readonly<Record<DataComponentKind, string>> = {
  kafka: "Amazon MSK",
  cassandra: "Amazon Keyspaces",
  search: "Amazon OpenSearch Service",
  postgres: "Amazon RDS for PostgreSQL",
};

/**
 * Storage class of in-cluster data volumes on EKS, which has no default one
 * since Kubernetes 1.30: gp3 through the EBS CSI driver (installed as an
 * add-on), encrypted, created where the pod lands, expandable, and kept when
 * its claim is deleted (a data volume is never removed with its claim).
 */
const EKS_DATA_STORAGE_CLASS = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: "vigil-ebs-gp3" },
  provisioner: "ebs.csi.aws.com",
  parameters: { type: "gp3", encrypted: "true" },
  volumeBindingMode: "WaitForFirstConsumer",
  allowVolumeExpansion: true,
  reclaimPolicy: "Retain",
} as const;

/**
 * The AWS target for one environment and Region: the AWS provider with the
 * standard tags as `default_tags`, a VPC, an EKS cluster, KMS keys, and alert
 * delivery (an SNS topic per severity with the routed subscriptions).
 * Create one per stack. As a {@link Platform} it builds a service's data
 * components on managed services (MSK, Amazon Keyspaces, OpenSearch
 * Service, RDS for PostgreSQL), each with its alarms and dashboard, and a
 * dashboard per service.
 */
export class AwsPlatform extends PlatformBase implements Platform {
  /** Target name. */
  public readonly target = "aws" as const;
  /** The provider (default tags, Region). */
  public readonly provider: AwsProvider;
  /** Account, partition and Region. */
  public readonly account: AwsAccount;
  /** Tags on every taggable resource. */
  public readonly tags: Readonly<Record<string, string>>;
  /** The VPC. */
  public readonly network: AwsNetwork;
  /** The EKS cluster. */
  public readonly cluster: AwsEksCluster;
  /** SNS topics and alarms. */
  public readonly alerting: AwsAlerting;
  /** Amazon Managed Prometheus: workspace, EKS scraper, rule groups, Alertmanager. */
  public readonly prometheus: AwsManagedPrometheus;
  /** Amazon Managed Grafana (absent when `grafana: false`). */
  public readonly grafana?: AwsManagedGrafana;
  /** CloudTrail of the account and the manual-change alert (console changes). */
  public readonly audit: AwsAuditTrail;
  /** The CIS monitoring alarms on the trail's log group. */
  public readonly cisAlarms: AwsCisAlarms;
  /** Key encrypting the platform's CloudWatch log groups. */
  public readonly logsKey: EncryptionKey;
  /** The workloads' log pipeline: Fluent Bit, log groups, archive, `collector-down`. */
  public readonly logs: AwsLogPipeline;
  private readonly context: AwsComponentContext;
  private readonly edgeOptions?: AwsEdgeOptions;
  /** Node ports of the edges built, and their services. */
  private readonly edgeNodePorts = new Map<number, string>();
  private readonly inCluster?: InClusterPlacement;
  /** Each service's logs (their alarms are the service's). */
  private readonly serviceLogs: AwsServiceLogs[] = [];
  /** The dashboard model of each component built, for the service dashboards. */
  private readonly dashboards = new Map<ComponentHandle, AwsGoldenSignalDashboard>();

  constructor(scope: Construct, id: string, props: AwsPlatformProps) {
    super(scope, id, props);
    const { profile, problems } = this;
    const regionProblem = checkAwsRegion(props.region, profile.zones);
    if (regionProblem) problems.push(regionProblem);

    this.tags = standardTags({ service: props.service, environment: profile.name, owner: props.owner }, props.tags);
    problems.push(...checkAwsTags(this.tags).map((m) => `\`tags\`: ${m}`), ...standardKeyOverrides("tags", props.tags ?? {}, this.tags));

    this.edgeOptions = props.edge;
    this.provider = new AwsProvider(this, "aws", { region: props.region, defaultTags: [{ tags: { ...this.tags } }] });
    this.account = new AwsAccount(this, "account", props.region);
    this.logsKey = new EncryptionKey(this, "logs-key", {
      account: this.account,
      alias: `${this.namePrefix}-logs`,
      description: `Encrypts the ${this.namePrefix} CloudWatch log groups`,
      profile,
      serviceStatements: [
        {
          sid: "CloudWatchLogsUseKey",
          principals: [{ type: "Service", identifiers: [`logs.${props.region}.${this.account.dnsSuffix}`] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [`arn:${this.account.partition}:logs:${props.region}:${this.account.accountId}:log-group:*`],
            },
          ],
        },
      ],
    });

    const clusterName = props.cluster?.name ?? this.namePrefix;
    this.alerting = new AwsAlerting(this, "alerting", {
      account: this.account,
      namePrefix: this.namePrefix,
      routing: this.routing,
      profile,
      tags: this.tags,
      delivery: props.delivery,
    });
    this.network = new AwsNetwork(this, "network", {
      ...props.network,
      account: this.account,
      profile,
      namePrefix: this.namePrefix,
      clusterName,
      logsKeyArn: this.logsKey.arn,
    });
    this.context = {
      account: this.account,
      profile,
      network: this.network,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    };
    this.cluster = new AwsEksCluster(this, "cluster", {
      ...props.cluster,
      ...this.context,
      name: clusterName,
      tags: this.tags,
      cloudwatchAddonValues: () => this.logs.addonValues(),
    });
    this.logs = new AwsLogPipeline(this, "logs", { ...props.logs, context: this.context, namePrefix: this.namePrefix, cluster: this.cluster });
    this.prometheus = new AwsManagedPrometheus(this, "prometheus", {
      ...props.metrics,
      account: this.account,
      namePrefix: this.namePrefix,
      profile,
      logsKey: this.logsKey,
      cluster: this.cluster,
      network: this.network,
      alerting: this.alerting,
      routing: this.routing,
      tags: this.tags,
    });
    if (props.grafana !== false) {
      this.grafana = new AwsManagedGrafana(this, "grafana", {
        ...props.grafana,
        account: this.account,
        namePrefix: this.namePrefix,
        prometheus: this.prometheus,
        alerting: this.alerting,
      });
    }
    this.audit = new AwsAuditTrail(this, "audit", {
      retentionDays: props.audit?.retentionDays,
      account: this.account,
      namePrefix: this.namePrefix,
      profile,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
      alerts: props.alerts,
    });
    this.cisAlarms = new AwsCisAlarms(this, "cis-alarms", {
      alerts: props.audit?.alerts,
      organizationChanges: props.audit?.organizationChanges,
      context: this.context,
      namePrefix: this.namePrefix,
      logGroup: this.audit.logGroup,
    });
    const cluster = this.cluster;
    this.inCluster =
      props.inCluster &&
      createInClusterPlacement(this, props.inCluster, {
        platformName: "AwsPlatform",
        // Endpoint and CA are outputs of this stack; the token comes from the AWS CLI at plan time (EKS access entries grant it).
        connect: () => ({
          kind: "endpoint",
          host: cluster.endpoint,
          clusterCaCertificateBase64: cluster.cluster.certificateAuthority.get(0).data,
          exec: { command: "aws", args: ["eks", "get-token", "--cluster-name", cluster.name, "--region", props.region] },
        }),
        defaultStorageClassName: EKS_DATA_STORAGE_CLASS.metadata.name,
        storageClass: EKS_DATA_STORAGE_CLASS,
      });
  }

  /** Every kind has a managed service on AWS; the cluster when the platform has an in-cluster stack. */
  protected placementSupport(kind: DataComponentKind): PlacementSupport {
    return {
      managed: AWS_MANAGED_SERVICES[kind],
      inCluster: this.inCluster !== undefined,
      noInClusterReason: "the AwsPlatform has no in-cluster stack; give it `inCluster: { stack }`, the stack that reaches the EKS cluster (`<env>-aws-platform`)",
    };
  }

  /** Every alert the platform itself deploys (cluster, network, ...); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    const components = new Set([...this.dashboards.keys(), ...this.serviceLogs].flatMap((c) => c.alerts));
    return this.alerting.alerts.filter((a) => !components.has(a));
  }

  /** Kafka on Amazon MSK, or in the cluster when placed there. */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle {
    return buildPlaced(this.placementOf("kafka", props.placement), {
      managed: () => this.registered(new AwsMskCluster(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.inCluster!.build("kafka", scope, id, service, props),
    });
  }

  /** Cassandra on Amazon Keyspaces, or in the cluster when placed there. */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle {
    return buildPlaced(this.placementOf("cassandra", props.placement), {
      managed: () => this.registered(new AwsKeyspaces(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.inCluster!.build("cassandra", scope, id, service, props),
    });
  }

  /** Search on Amazon OpenSearch Service, or in the cluster when placed there. */
  public search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle {
    return buildPlaced(this.placementOf("search", props.placement), {
      managed: () => this.registered(new AwsOpenSearchDomain(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.inCluster!.build("search", scope, id, service, props),
    });
  }

  /** PostgreSQL on Amazon RDS, or in the cluster when placed there. */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): PostgresHandle {
    return buildPlaced(this.placementOf("postgres", props.placement), {
      managed: () => this.registered(new AwsRdsPostgres(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.inCluster!.build("postgres", scope, id, service, props),
    });
  }

  /**
   * The service's public edge: an Application Load Balancer with an ACM
   * certificate, AWS WAF and access logs in front of the backend's
   * NodePort ({@link AwsEdge}); the backend's Service must be `type:
   * NodePort` with the handle's `nodePort`.
   */
  public edge(scope: Construct, id: string, service: string, request: EdgeRequest): EdgeHandle {
    const options = this.edgeOptions;
    const nodePort = options?.nodePorts?.[service] ?? DEFAULT_EDGE_NODE_PORT;
    const problems = awsEdgeOptionProblems(options, service, nodePort, this.edgeNodePorts);
    if (!this.edgeNodePorts.has(nodePort)) this.edgeNodePorts.set(nodePort, service);
    const edge = this.registered(
      new AwsEdge(scope, id, {
        service,
        request,
        resourceName: service === this.service ? this.namePrefix : `${this.namePrefix}-${service}`,
        hostedZoneId: options?.hostedZoneId ?? "",
        nodePort,
        context: this.context,
        cluster: this.cluster,
        logs: this.logs,
      }),
    );
    addValidationErrors(edge, problems);
    return edge;
  }

  /**
   * The service's CloudWatch dashboard (component links, golden-signal
   * rows of every component and of its logs, alarm states), its Prometheus
   * rule groups, and its logs (log groups, metric filters, log alarms, the
   * Logs Insights link), and the burn-rate alarms of its edge SLOs on the
   * edge's load balancer metrics ({@link AwsEdgeSloAlarms}).
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    // The platform's own service is named by the platform; another service on it is named after it.
    const resourceName = observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`;
    const logs = new AwsServiceLogs(scope, `${id}-logs`, {
      service: observation.service,
      resourceName,
      request: observation.logs,
      pipeline: this.logs,
      context: this.context,
    });
    this.serviceLogs.push(logs);
    const dashboard = new AwsServiceDashboard(scope, id, {
      service: observation.service,
      environment: this.profile.name,
      region: this.account.region,
      components: [...observation.components, logs].map((handle) => ({
        handle,
        model: handle === logs ? logs.dashboard : (this.dashboards.get(handle) ?? { title: handle.name, rows: [], alerts: [], unavailable: [] }),
        alarmArns: handle.alerts.flatMap((a) => {
          const alarm = this.alerting.alarmOf(a);
          return alarm ? [alarm.alarm.arn] : [];
        }),
      })),
    });
    // The canary's name starts with the platform's `<service>-<environment>`; the platform's own
    // service needs no second mention, another service on the platform is named.
    const checkName = observation.service === this.service ? "health" : `${observation.service}-health`;
    const canary = observation.endpoint && new AwsSyntheticCanary(scope, `${id}-canary`, { ...observation.endpoint, platform: this, name: checkName });
    // Edge SLOs burn natively on the load balancer's metrics (the service refuses them without an edge).
    const edgeSlos = observation.slos.filter(isEdgeSlo);
    if (edgeSlos.length > 0 && observation.edge instanceof AwsEdge) {
      new AwsEdgeSloAlarms(scope, `${id}-edge-slos`, {
        service: observation.service,
        resourceName,
        loadBalancer: observation.edge.loadBalancer.arnSuffix,
        slos: edgeSlos,
        alerting: this.alerting,
        routing: this.routing,
        dashboardName: dashboard.dashboardName,
      });
    }
    return {
      ruleGroupNames: this.deployRuleGroups(observation),
      dashboardName: dashboard.dashboardName,
      ...(canary ? { syntheticCheckName: canary.canaryName } : {}),
      logs: logs.view,
    };
  }

  /**
   * The service's SLO rules, as one rule groups namespace (named after the
   * service) in the platform's AMP workspace. AMP evaluates them and its
   * Alertmanager notifies the SNS topics, so they reach the same channels as
   * the CloudWatch alarms. Components placed in the cluster deploy their
   * PromQL alerts with them, for the in-cluster Prometheus.
   */
  private deployRuleGroups(observation: ServiceObservation): string[] {
    const groups = [
      ...prometheusSlos(observation.slos).map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl)),
    ];
    if (groups.length === 0) return [];
    this.prometheus.addRuleGroups(observation.service, groups);
    return groups.map((g) => g.name);
  }

  private registered<C extends ComponentHandle & { readonly dashboard: AwsGoldenSignalDashboard }>(component: C): C {
    this.dashboards.set(component, component.dashboard);
    return component;
  }
}
