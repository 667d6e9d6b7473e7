import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import type { KubernetesClusterProps } from "../core/components/cluster";
import type { ComponentHandle } from "../core/components/common";
import type { KafkaProps } from "../core/components/kafka";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import type { PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { EnvironmentProfile, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import type { AlertDefinition } from "../observability/alert";
import { isAlertingRule, PrometheusRuleGroup, RecordingRule } from "../observability/prometheus-rules";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { isSeverity } from "../observability/severity";
import { Slo } from "../observability/slo";
import { GcpAlerting } from "./alerting";
import type { GcpChannelDelivery } from "./channel-delivery";
import { GcpCloudSqlPostgres } from "./cloud-sql-postgres";
import { GcpGkeCluster } from "./cluster";
import type { GcpChart } from "./dashboard";
import { checkGcpLabels, standardGcpLabels } from "./labels";
import { GcpDataAccessAudit } from "./data-access-audit";
import { GcpLogSinks } from "./log-sinks";
import { GcpManagedKafka } from "./managed-kafka";
import { GcpNetwork, GcpNetworkProps } from "./network";
import type { GcpComponentContext } from "./private/context";
import { checkGcpRegion } from "./regions";
import { GcpServiceDashboard } from "./service-dashboard";
import { GcpUptimeCheck } from "./uptime-check";
import { k8ssandraCluster } from "../kubernetes/cassandra";
import type { InClusterContext } from "../kubernetes/context";
import { eckElasticsearch } from "../kubernetes/search";
import { GcpInClusterProps, GKE_DATA_STORAGE_CLASS, gmpClusterRules, namespaceManifest } from "./in-cluster";

/** Props of {@link GcpPlatform}. */
export interface GcpPlatformProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: string | EnvironmentProfile;
  /** Google Cloud project id, e.g. "checkout-prod-123456". */
  readonly project: string;
  /** Region, e.g. "europe-west1". */
  readonly region: string;
  /** Service or platform name: lowercase letters, digits and "-", used in every resource name and the `service` label. */
  readonly service: string;
  /** Owning team, for the `owner` label (e.g. "team-checkout"). */
  readonly owner: string;
  /** Notification channels and severity routes. */
  readonly notifications: NotificationRoutingProps;
  /**
   * How Cloud Monitoring reaches the routed channels that need more than the
   * channel says: a Slack app's token, relays for Telegram, URLs for webhooks
   * with a bearer token; keyed by channel name.
   * @default - none: a routed channel that needs a detail fails synth, naming it
   */
  readonly delivery?: GcpChannelDelivery;
  /** Network settings. @default - a 10.0.0.0/16 address space carved into the subnet, pod, Service, private service and control plane ranges */
  readonly network?: GcpNetworkProps;
  /** Cluster settings. @default - `<service>-<environment>`, one `general` node pool from the profile */
  readonly cluster?: KubernetesClusterProps;
  /** Extra labels on every resource, in GCP's label rules (keys and values lowercase letters, digits, "_" and "-"); the standard keys cannot be overridden. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** SLO recording rules waiting to be deployed as Managed Prometheus rules in the cluster. */
export interface GcpRecordingRules {
  /** Service the rules belong to. */
  readonly service: string;
  /** Rule groups with recording rules only. */
  readonly groups: readonly PrometheusRuleGroup[];
}

/**
 * The GCP target for one environment, project and region: the Google
 * provider with the standard labels as `default_labels`, a VPC with Cloud
 * NAT and private service access, a GKE cluster with Managed Service for
 * Prometheus, log retention, and alert delivery (notification channels per
 * Vigil channel, one alert policy per alert). As a {@link Platform} it
 * builds Kafka on Managed Service for Apache Kafka and PostgreSQL on Cloud
 * SQL, each with its policies and dashboard, and Cassandra (K8ssandra) and
 * Elasticsearch (ECK) in the GKE cluster through the in-cluster engines,
 * once {@link GcpPlatform.useInCluster} gave it the chart of the stack that
 * reaches the cluster. A service's SLO alerts become PromQL alert policies
 * on Managed Prometheus data; its SLO recording rules go into that chart as
 * Managed Prometheus `ClusterRules`.
 */
export class GcpPlatform extends Construct implements Platform {
  /** Target name. */
  public readonly target = "gcp" as const;
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** Routing with the environment's downgrade. */
  public readonly routing: NotificationRouting;
  /** The provider (project, region, default labels). */
  public readonly provider: GoogleProvider;
  /** Labels on every resource. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The VPC. */
  public readonly network: GcpNetwork;
  /** The GKE cluster. */
  public readonly cluster: GcpGkeCluster;
  /** Notification channels and alert policies. */
  public readonly alerting: GcpAlerting;
  /** Log buckets and the audit sink. */
  public readonly logs: GcpLogSinks;
  /** Data Access audit logs of Cloud SQL, GKE and Managed Kafka. */
  public readonly dataAccessAudit: GcpDataAccessAudit;
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;
  /** Project id. */
  public readonly project: string;
  /** Region. */
  public readonly region: string;
  /** The platform's service name (the `service` prop). */
  public readonly service: string;
  private readonly context: GcpComponentContext;
  private readonly charts = new Map<ComponentHandle, readonly GcpChart[]>();
  private readonly pendingRules: GcpRecordingRules[] = [];
  private inCluster?: GcpInClusterProps;
  private readonly dataNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: GcpPlatformProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.profile = profile;
    Profile.attach(this, profile);
    if (!/^[a-z][a-z0-9-]{1,29}$/.test(props.service)) {
      problems.push(`\`service\` ${JSON.stringify(props.service)} must be 2-30 lowercase letters, digits or "-", starting with a letter (it prefixes every resource name)`);
    }
    if (!props.owner?.trim()) problems.push('`owner` is empty; name the owning team, e.g. "team-checkout" (it becomes the owner label)');
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.project)) problems.push(`\`project\` ${JSON.stringify(props.project)} is not a Google Cloud project id: 6-30 lowercase letters, digits or "-", starting with a letter`);
    const regionProblem = checkGcpRegion(props.region);
    if (regionProblem) problems.push(regionProblem);
    problems.push(...NotificationRouting.validate(props.notifications));

    this.labels = standardGcpLabels({ service: props.service, environment: profile.name, owner: props.owner }, props.labels);
    // The user's labels are checked as given (the standard values are made to fit).
    problems.push(...checkGcpLabels(props.labels ?? {}).map((m) => `\`labels\`: ${m}`));
    this.namePrefix = `${props.service}-${profile.name}`;
    this.project = props.project;
    this.region = props.region;
    this.service = props.service;
    this.routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);

    this.provider = new GoogleProvider(this, "google", { project: props.project, region: props.region, defaultLabels: { ...this.labels } });
    this.alerting = new GcpAlerting(this, "alerting", { namePrefix: this.namePrefix, routing: this.routing, labels: this.labels, delivery: props.delivery });
    this.network = new GcpNetwork(this, "network", { ...props.network, region: props.region, profile, namePrefix: this.namePrefix });
    problems.push(...this.network.problems);
    this.context = { project: props.project, region: props.region, profile, network: this.network, alerting: this.alerting, labels: this.labels };
    this.cluster = new GcpGkeCluster(this, "cluster", { ...props.cluster, name: props.cluster?.name ?? this.namePrefix, context: this.context });
    this.logs = new GcpLogSinks(this, "logs", { project: props.project, namePrefix: this.namePrefix, profile });
    this.dataAccessAudit = new GcpDataAccessAudit(this, "data-access-audit", { project: props.project, profile });
    addValidationErrors(this, problems);
  }

  /** Every alert the platform itself deploys (cluster, ...); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    return this.cluster.alerts;
  }

  /** SLO recording rules collected from every observed service, for the cluster's `ClusterRules`. */
  public get recordingRules(): readonly GcpRecordingRules[] {
    return [...this.pendingRules];
  }

  /** Kafka on Managed Service for Apache Kafka. */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): GcpManagedKafka {
    return this.registered(new GcpManagedKafka(scope, id, { ...props, service, context: this.context }));
  }

  /** PostgreSQL on Cloud SQL. */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): GcpCloudSqlPostgres {
    return this.registered(new GcpCloudSqlPostgres(scope, id, { ...props, service, context: this.context }));
  }

  /**
   * Places the in-cluster components (Cassandra, Elasticsearch) and the SLO
   * recording rules in `props.chart`, the chart of the stack that reaches
   * the GKE cluster. Call it before the services are built.
   */
  public useInCluster(props: GcpInClusterProps): void {
    this.inCluster = props;
    for (const rules of this.pendingRules) props.chart.add(gmpClusterRules(rules));
  }

  /** Cassandra in-cluster on GKE (K8ssandra; GCP has no managed Cassandra), with its Prometheus alerts. */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle {
    return this.inClusterEngine(scope, id, service, "cassandra", "Cassandra (K8ssandra)", (ctx, holder) => k8ssandraCluster(ctx, holder, service, props));
  }

  /** Elasticsearch in-cluster on GKE (ECK), with its Prometheus alerts. */
  public search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle {
    return this.inClusterEngine(scope, id, service, "search", "Elasticsearch (ECK)", (ctx, holder) => eckElasticsearch(ctx, holder, service, props));
  }

  /**
   * The service's Cloud Monitoring dashboard, its uptime check, and its SLO
   * alerts as PromQL alert policies (Managed Service for Prometheus data);
   * the SLO recording rules are collected in {@link recordingRules}.
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    // The platform's own service needs no second mention in the check's name; another service is named.
    const checkName = observation.service === this.service ? `${this.namePrefix}-health` : `${this.namePrefix}-${observation.service}-health`;
    const uptime = observation.endpoint && new GcpUptimeCheck(scope, `${id}-uptime`, { ...observation.endpoint, name: checkName, project: this.project, intervalMinutes: this.profile.syntheticCheckIntervalMinutes, alerting: this.alerting });
    if (uptime) addValidationErrors(uptime, uptime.problems);
    const dashboard = new GcpServiceDashboard(scope, id, {
      service: observation.service,
      environment: this.profile.name,
      charts: observation.components.flatMap((c) => this.charts.get(c) ?? []),
      uptimeCheckId: uptime?.check.uptimeCheckId,
    });
    const groups = observation.slos.map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl));
    const recording = groups
      .map((g) => ({ ...g, rules: g.rules.filter((r): r is RecordingRule => !isAlertingRule(r)) }))
      .filter((g) => g.rules.length > 0);
    if (recording.length > 0) {
      const rules = { service: observation.service, groups: recording };
      this.pendingRules.push(rules);
      this.inCluster?.chart.add(gmpClusterRules(rules));
    }
    for (const group of groups) {
      for (const rule of group.rules.filter(isAlertingRule)) {
        const severity = rule.labels.severity;
        const alert: AlertDefinition = {
          id: rule.labels.alert_id ?? rule.alert,
          component: rule.labels.component ?? "slo",
          summary: rule.annotations.summary ?? rule.alert,
          description: rule.annotations.description ?? "",
          severity: isSeverity(severity) ? severity : "ticket",
          runbookUrl: rule.annotations.runbook_url ?? "",
          threshold: 0,
          unit: "burn rate",
          condition: { kind: "promql", query: rule.expr, comparison: ">", for: rule.for ?? "0s" },
        };
        this.alerting.addPolicy(dashboard, alert, `${this.profile.name} ${observation.service}`, dashboard.dashboardName, rule.expr);
      }
    }
    return {
      ruleGroupNames: groups.map((g) => g.name),
      dashboardName: dashboard.dashboardName,
      ...(uptime ? { syntheticCheckName: checkName } : {}),
    };
  }

  /** Cassandra and search handles have the same shape: a component with an endpoint. */
  private inClusterEngine(
    scope: Construct,
    id: string,
    service: string,
    component: string,
    what: string,
    engine: (ctx: InClusterContext, holder: Construct) => { handle: CassandraHandle | SearchHandle; problems: string[] },
  ): CassandraHandle & SearchHandle {
    const holder = new Construct(scope, id);
    const inCluster = this.inCluster;
    if (!inCluster) {
      addValidationErrors(holder, [
        `\`${component}\`: ${what} runs in the GKE cluster, and this platform has no in-cluster chart; call \`platform.useInCluster({ chart })\` with the chart of the \`<env>-gcp-platform\` stack before building the service, or leave \`${component}\` out`,
      ]);
      return { component, name: `${service}-${this.profile.name}`, alerts: [], dashboardName: "", endpoint: "" };
    }
    const namespace = `${service}-data`;
    if (!this.dataNamespaces.has(namespace)) {
      this.dataNamespaces.add(namespace);
      inCluster.chart.add(namespaceManifest(namespace, { "vigil.dev/service": service, "vigil.dev/role": "data" }));
    }
    const ctx: InClusterContext = {
      profile: this.profile,
      chart: inCluster.chart,
      routing: this.routing,
      namespace,
      storageClassName: inCluster.storageClassName ?? GKE_DATA_STORAGE_CLASS,
      backups: inCluster.backups,
    };
    const { handle, problems } = engine(ctx, holder);
    addValidationErrors(holder, problems);
    return handle;
  }

  private registered<C extends ComponentHandle & { readonly charts: readonly GcpChart[] }>(component: C): C {
    this.charts.set(component, component.charts);
    return component;
  }
}
