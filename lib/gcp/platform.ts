import { Construct } from "constructs";
import { DataGoogleClientOpenidUserinfo } from "@cdktf/provider-google/lib/data-google-client-openid-userinfo";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import type { KubernetesClusterProps } from "../core/components/cluster";
import type { ComponentHandle } from "../core/components/common";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import type { KafkaHandle, KafkaProps } from "../core/components/kafka";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import type { PostgresHandle, PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { buildPlaced, DataComponentKind, PlacementSupport } from "../core/components/placement";
import { PlatformBase, PlatformBaseProps } from "../core/components/platform-base";
import { addValidationErrors } from "../core/errors";
import { createInClusterPlacement, type InClusterOptions, type InClusterPlacement } from "../kubernetes/for-clouds";
import type { AlertDefinition, AlertOverride } from "../observability/alert";
import type { PlatformAlertId } from "../observability/alert-catalog";
import { isAlertingRule, PrometheusRuleGroup, RecordingRule } from "../observability/prometheus-rules";
import { isSeverity } from "../observability/severity";
import { isEdgeSlo, prometheusSlos, Slo } from "../observability/slo";
import { GcpAlerting } from "./alerting";
import type { GkeBinaryAuthorizationProps } from "./binary-authorization";
import type { GcpChannelDelivery } from "./channel-delivery";
import { GcpCloudSqlPostgres } from "./cloud-sql-postgres";
import { GcpGkeCluster } from "./cluster";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { GcpEdge, GcpEdgePlatformProps } from "./edge";
import { gcpEdgeSloAlerts } from "./edge-slo";
import { checkGcpLabels, standardGcpLabels } from "./labels";
import { GcpDataAccessAudit } from "./data-access-audit";
import { GcpLogSinks } from "./log-sinks";
import { GcpManagedKafka } from "./managed-kafka";
import { GcpManualChangeAlert } from "./manual-change-alert";
import { GcpNetwork, GcpNetworkProps } from "./network";
import type { GcpComponentContext } from "./private/context";
import { checkGcpRegion } from "./regions";
import { GcpServiceDashboard, serviceDashboardName } from "./service-dashboard";
import { GcpServiceLogs } from "./service-logs";
import { GcpUptimeCheck } from "./uptime-check";
import { GcpPlatformLogsProps, GcpWorkloadLogs } from "./workload-logs";
import { GKE_DATA_STORAGE_CLASS, gmpClusterRules } from "./in-cluster";
import { standardKeyOverrides, standardTags } from "../core/tags";

/** Props of {@link GcpPlatform}. */
export interface GcpPlatformProps extends PlatformBaseProps {
  /** Google Cloud project id, e.g. "checkout-prod-123456". */
  readonly project: string;
  /** Region, e.g. "europe-west1". */
  readonly region: string;
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
  /**
   * GKE Binary Authorization (GCP only): the registries your own images come
   * from, admitted beside Google's system images and the images of Vigil's
   * operators. Everything else is blocked in prod and logged elsewhere.
   * @default - no registry of yours besides the project's Artifact Registry in `region`
   */
  readonly binaryAuthorization?: GkeBinaryAuthorizationProps;
  /** Extra labels on every resource, in GCP's label rules (keys and values lowercase letters, digits, "_" and "-"); the standard keys cannot be overridden. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Emails of the identities that deploy the platform (the CI pipeline's
   * service account); changes they make raise no `manual-change` alert.
   * Give them explicitly in CI, where Terraform may run as one identity and
   * people deploy by hand as others.
   * @default - the identity running Terraform (`google_client_openid_userinfo`)
   */
  readonly pipelinePrincipals?: readonly string[];
  /**
   * Overrides of the platform's canonical alerts (`manual-change`: a change
   * to the project's resources by anyone but the pipeline).
   * @default - none: `manual-change` on, severity ticket
   */
  readonly alerts?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
  /**
   * The stack that reaches the GKE cluster (`<env>-gcp-platform`): the
   * platform puts there the SLO recording rules of its services (Managed
   * Prometheus `ClusterRules`, which the PromQL alert policies read) and the
   * components that run in the cluster — Cassandra and search always (GCP
   * has no managed service Vigil builds for them), any other whose
   * `placement` is `in-cluster`.
   * @default - none: SLOs and in-cluster components are reported
   */
  readonly inCluster?: InClusterOptions;
  /**
   * The log pipeline: GKE's logging agent into a Cloud Logging bucket of the
   * platform, archived to Cloud Storage when the profile keeps an archive;
   * the overrides of `collector-down` and the archive bucket's name.
   * @default - collection on, retention and archive from the profile, `collector-down` a ticket
   */
  readonly logs?: GcpPlatformLogsProps;
  /**
   * Settings of the services' edges (GCP only): the Cloud DNS zone where
   * Vigil writes their records.
   * @default - none: the edges' DNS records are yours to create (each edge's Terraform output `dns-records`)
   */
  readonly edge?: GcpEdgePlatformProps;
}

/** GCP's managed service per data component kind. */
const GCP_MANAGED_SERVICES: Readonly<Partial<Record<DataComponentKind, string>>> = {
  kafka: "Managed Service for Apache Kafka",
  postgres: "Cloud SQL for PostgreSQL",
};

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
 * Elasticsearch (ECK) — and any component placed `in-cluster` — in the GKE
 * cluster, through the in-cluster stack it is given. A service's SLO alerts
 * become PromQL alert policies on Managed Prometheus data; its SLO recording
 * rules go into the in-cluster stack as Managed Prometheus `ClusterRules`.
 */
export class GcpPlatform extends PlatformBase implements Platform {
  /** Target name. */
  public readonly target = "gcp" as const;
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
  /** The workloads' logs: bucket, sink, archive and the `collector-down` alert. */
  public readonly workloadLogs: GcpWorkloadLogs;
  /** Data Access audit logs of Cloud SQL, GKE and Managed Kafka. */
  public readonly dataAccessAudit: GcpDataAccessAudit;
  /** The `manual-change` alert on the project's Admin Activity audit log. */
  public readonly manualChange: GcpManualChangeAlert;
  /** Project id. */
  public readonly project: string;
  /** Google Cloud region of the platform, e.g. `europe-west1`: the provider's default region, where the subnet, cluster and data services live. */
  public readonly region: string;
  private readonly context: GcpComponentContext;
  private readonly dashboards = new Map<ComponentHandle, GcpGoldenSignalDashboard>();
  private readonly recording: GcpRecordingRules[] = [];
  private readonly inCluster?: InClusterPlacement;
  private readonly edgeProps?: GcpEdgePlatformProps;

  constructor(scope: Construct, id: string, props: GcpPlatformProps) {
    super(scope, id, props);
    const { profile, problems } = this;
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.project)) problems.push(`\`project\` ${JSON.stringify(props.project)} is not a Google Cloud project id: 6-30 lowercase letters, digits or "-", starting with a letter`);
    const regionProblem = checkGcpRegion(props.region);
    if (regionProblem) problems.push(regionProblem);

    this.labels = standardGcpLabels({ service: props.service, environment: profile.name, owner: props.owner }, props.labels);
    // The user's labels are checked as given (the standard values are made to fit).
    problems.push(...checkGcpLabels(props.labels ?? {}).map((m) => `\`labels\`: ${m}`));
    problems.push(...standardKeyOverrides("labels", props.labels ?? {}, standardTags({ service: props.service, environment: profile.name, owner: props.owner })));
    this.project = props.project;
    this.region = props.region;
    this.edgeProps = props.edge;

    this.provider = new GoogleProvider(this, "google", { project: props.project, region: props.region, defaultLabels: { ...this.labels } });
    this.alerting = new GcpAlerting(this, "alerting", { namePrefix: this.namePrefix, routing: this.routing, labels: this.labels, delivery: props.delivery });
    this.network = new GcpNetwork(this, "network", { ...props.network, region: props.region, profile, namePrefix: this.namePrefix });
    problems.push(...this.network.problems);
    this.context = { project: props.project, region: props.region, profile, network: this.network, alerting: this.alerting, labels: this.labels };
    this.cluster = new GcpGkeCluster(this, "cluster", { ...props.cluster, name: props.cluster?.name ?? this.namePrefix, context: this.context, binaryAuthorization: props.binaryAuthorization });
    this.logs = new GcpLogSinks(this, "logs", { project: props.project, namePrefix: this.namePrefix, profile });
    this.workloadLogs = new GcpWorkloadLogs(this, "workload-logs", { project: props.project, region: props.region, namePrefix: this.namePrefix, clusterName: this.cluster.name, profile, alerting: this.alerting, logs: props.logs });
    problems.push(...this.workloadLogs.problems);
    this.dataAccessAudit = new GcpDataAccessAudit(this, "data-access-audit", { project: props.project, profile });
    const pipelinePrincipals = props.pipelinePrincipals ?? [new DataGoogleClientOpenidUserinfo(this, "deployer").email];
    this.manualChange = new GcpManualChangeAlert(this, "manual-change", { project: props.project, pipelinePrincipals, alerting: this.alerting, namePrefix: this.namePrefix, labels: this.labels, overrides: props.alerts });
    problems.push(...this.manualChange.problems);
    const cluster = this.cluster;
    this.inCluster =
      props.inCluster &&
      createInClusterPlacement(this, props.inCluster, {
        platformName: "GcpPlatform",
        // Endpoint and CA are outputs of this stack; the token comes from gke-gcloud-auth-plugin at plan time.
        connect: () => ({ kind: "endpoint", host: `https://${cluster.endpoint}`, clusterCaCertificateBase64: cluster.caCertificate, exec: { command: "gke-gcloud-auth-plugin" } }),
        defaultStorageClassName: GKE_DATA_STORAGE_CLASS,
      });
  }

  /** Every alert the platform itself deploys (cluster, ...); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    return [...this.cluster.alerts, ...this.workloadLogs.alerts];
  }

  /** The SLO recording rules of every observed service, deployed as Managed Prometheus `ClusterRules` in the in-cluster stack. */
  public get recordingRules(): readonly GcpRecordingRules[] {
    return [...this.recording];
  }

  /** GCP's managed services (Managed Service for Apache Kafka, Cloud SQL), and the cluster when the platform has an in-cluster stack. */
  protected placementSupport(kind: DataComponentKind): PlacementSupport {
    return {
      managed: GCP_MANAGED_SERVICES[kind],
      noManagedReason: `Google Cloud has no managed ${kind === "search" ? "Elasticsearch" : "Cassandra"} service Vigil builds`,
      inCluster: this.inCluster !== undefined,
      noInClusterReason: "the GcpPlatform has no in-cluster stack; give it `inCluster: { stack }`, the stack that reaches the GKE cluster (`<env>-gcp-platform`)",
    };
  }

  /** Kafka on Managed Service for Apache Kafka, or in the cluster (Strimzi). */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle {
    return buildPlaced(this.placementOf("kafka", props.placement), {
      managed: () => this.registered(new GcpManagedKafka(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.inCluster!.build("kafka", scope, id, service, props),
    });
  }

  /** PostgreSQL on Cloud SQL, or in the cluster (CloudNativePG). */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): PostgresHandle {
    return buildPlaced(this.placementOf("postgres", props.placement), {
      managed: () => {
        const postgres = this.registered(new GcpCloudSqlPostgres(scope, id, { ...props, service, context: this.context }));
        // Every connection of the service's account is an Admin Activity entry (cloudsql.instances.connect), not a change.
        this.manualChange.exemptCloudSqlClient(postgres.clientServiceAccount.email);
        return postgres;
      },
      inCluster: () => this.inCluster!.build("postgres", scope, id, service, props),
    });
  }

  /** Cassandra in the GKE cluster (K8ssandra; GCP has no managed Cassandra). */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle {
    return buildPlaced(this.placementOf("cassandra", props.placement), { inCluster: () => this.inCluster!.build("cassandra", scope, id, service, props) });
  }

  /** Elasticsearch in the GKE cluster (ECK). */
  public search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle {
    return buildPlaced(this.placementOf("search", props.placement), { inCluster: () => this.inCluster!.build("search", scope, id, service, props) });
  }

  /**
   * The service's public edge: a GKE Gateway (global external Application
   * Load Balancer) in the in-cluster chart, its address, Google-managed
   * certificate, SSL policy and Cloud Armor policy here; its request logs
   * routed with the workloads' logs (bucket and archive).
   */
  public edge(scope: Construct, id: string, service: string, request: EdgeRequest): EdgeHandle {
    const inCluster = this.inCluster;
    const edge = new GcpEdge(scope, id, {
      request,
      service,
      namePrefix: service === this.service ? this.namePrefix : `${this.namePrefix}-${service}`,
      context: this.context,
      platformEdge: this.edgeProps,
      addToCluster: inCluster && ((m) => inCluster.add(m)),
      accessLogs: this.workloadLogs.includeLoadBalancerLogs(),
    });
    addValidationErrors(edge, edge.problems);
    return this.registered(edge);
  }

  /**
   * The service's Cloud Monitoring dashboard, its uptime check, and its SLO
   * alerts as PromQL alert policies (Managed Service for Prometheus data);
   * the SLO recording rules are collected in {@link recordingRules}. An SLO
   * measured at the edge burns on the Gateway's load-balancer metrics
   * (`loadbalancing.googleapis.com/https/request_count`, `https/total_latencies`)
   * in PromQL policies of its own, without recording rules.
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    // The platform's own service needs no second mention in the check's name; another service is named.
    const checkName = observation.service === this.service ? `${this.namePrefix}-health` : `${this.namePrefix}-${observation.service}-health`;
    const uptime =
      observation.endpoint &&
      new GcpUptimeCheck(scope, `${id}-uptime`, {
        ...observation.endpoint,
        name: checkName,
        project: this.project,
        intervalMinutes: this.profile.syntheticCheckIntervalMinutes,
        alerting: this.alerting,
        dashboardName: serviceDashboardName(observation.service, this.profile.name),
      });
    if (uptime) addValidationErrors(uptime, uptime.problems);
    const logs = new GcpServiceLogs(scope, `${id}-logs`, {
      service: observation.service,
      namePrefix: observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`,
      project: this.project,
      clusterName: this.cluster.name,
      request: observation.logs,
      pipeline: this.workloadLogs,
      alerting: this.alerting,
      dashboardName: serviceDashboardName(observation.service, this.profile.name),
    });
    addValidationErrors(logs, logs.problems);
    const members = [
      ...(uptime ? [{ label: "uptime", dashboard: uptime.dashboard }] : []),
      { label: "logs", dashboard: logs.dashboard },
      ...observation.components.flatMap((c) => {
        const model = this.dashboards.get(c);
        return model ? [{ label: c.component, dashboard: model }] : [];
      }),
    ];
    const dashboard = new GcpServiceDashboard(scope, id, {
      service: observation.service,
      environment: this.profile.name,
      members,
      policyNames: () => members.flatMap((m) => m.dashboard.alerts).flatMap((a) => this.alerting.policyOf(a)?.policy.name ?? []),
    });
    const groups = prometheusSlos(observation.slos).map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl));
    const recording = groups
      .map((g) => ({ ...g, rules: g.rules.filter((r): r is RecordingRule => !isAlertingRule(r)) }))
      .filter((g) => g.rules.length > 0);
    if (recording.length > 0) {
      const rules = { service: observation.service, groups: recording };
      this.recording.push(rules);
      if (this.inCluster) this.inCluster.add(gmpClusterRules(rules));
      else {
        addValidationErrors(dashboard, [
          `the SLOs of service "${observation.service}" need their recording rules in the GKE cluster (Managed Prometheus evaluates them there, and the SLO alert policies read the series they record); give the GcpPlatform \`inCluster: { stack }\`, the stack that reaches the cluster (\`<env>-gcp-platform\`), or leave the SLOs out (\`defaultSlos: false\`)`,
        ]);
      }
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
        // Recorded against the service, as on every target; the policy's name keeps the environment.
        this.alerting.addPolicy(dashboard, alert, observation.service, dashboard.dashboardName, rule.expr, `${this.profile.name} ${observation.service}`);
      }
    }
    // SLOs measured at the edge: PromQL policies straight on the load balancer's metrics (no recording rules).
    const edgeSlos = observation.slos.filter(isEdgeSlo);
    if (edgeSlos.length > 0) {
      const edge = observation.edge;
      if (edge instanceof GcpEdge) {
        for (const slo of edgeSlos) {
          for (const { alert, query } of gcpEdgeSloAlerts(slo, edge.signals, this.routing.runbookBaseUrl)) {
            this.alerting.addPolicy(dashboard, alert, observation.service, dashboard.dashboardName, query, `${this.profile.name} ${observation.service}`);
          }
        }
      } else {
        addValidationErrors(dashboard, [
          `the edge SLOs of service "${observation.service}" (${edgeSlos.map((s) => s.name).join(", ")}) are measured by the load balancer of a GKE Gateway the GcpPlatform builds, and the service has none; give it \`edge\` on this platform`,
        ]);
      }
    }
    return {
      ruleGroupNames: groups.map((g) => g.name),
      dashboardName: dashboard.dashboardName,
      ...(uptime ? { syntheticCheckName: checkName } : {}),
      logs: logs.view,
    };
  }

  private registered<C extends ComponentHandle & { readonly dashboard: GcpGoldenSignalDashboard }>(component: C): C {
    this.dashboards.set(component, component.dashboard);
    return component;
  }
}
