import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import { KubernetesClusterHandle } from "../core/components/cluster";
import { KafkaHandle, KafkaProps } from "../core/components/kafka";
import { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import { PostgresHandle, PostgresProps } from "../core/components/postgres";
import { SearchHandle, SearchProps } from "../core/components/search";
import { deployComponentAlerts, overridePaths } from "../core/components/component-alerts";
import { buildPlaced, PlacementSupport } from "../core/components/placement";
import { PlatformBase, PlatformBaseProps } from "../core/components/platform-base";
import { Release } from "@cdktf/provider-helm/lib/release";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { UniqueNames } from "../core/unique-names";
import type { AlertDefinition, AlertOverride } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { ClusterAlertId } from "../observability/alert-catalog";
import type { ServiceLogsView } from "../core/components/logs";
import { VigilManifest } from "../core/manifest";
import { isEdgeSlo, SloProps } from "../observability/slo";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import { edgeClassManifests, edgeManifests, edgeNames, edgePropsProblems, excludedRulesProblems, KubernetesEdgeProps } from "./edge";
import { EDGE_COMPONENT, edgeAlertBindings, EdgeMetricsScope, edgePanels } from "./edge-alerts";
import { edgePrometheusSlo } from "./edge-slos";
import { k8ssandraCluster } from "./cassandra";
import { ResourceChart } from "./chart";
import { configureKubernetesProviders, KubernetesConnection, KubernetesProviders, validateConnection } from "./connection";
import { InClusterBackups, InClusterContext, InClusterEngine } from "./context";
import { endpointProbe } from "./endpoint-probe";
import { strimziKafka } from "./kafka";
import { observeComponent, observeSlos } from "./observe";
import { endpointProbePanels, kubernetesClusterPanels } from "./dashboard-panels";
import { serviceDashboardConfigMap } from "./service-dashboard";
import { KUBERNETES_CLUSTER_COMPONENT, KUBERNETES_PLATFORM_COMPONENT, kubernetesClusterAlertBindings, kubernetesPlatformAlertBindings } from "./platform-alerts";
import { cnpgCluster } from "./postgres";
import { namespacePeer } from "./namespace";
import { eckElasticsearch } from "./search";
import { COLLECTOR_DAEMONSET, collectorRelease, discoverUrl, KubernetesPlatformLogsProps, LOG_DATA_VIEW_ID, LOGGING_NAMESPACE, LogPipeline, logPipeline, logsQuery } from "./logs";
import { LOG_PIPELINE_COMPONENT, LOGS_COMPONENT, logAlertBindings, logPanels, logPipelineAlertBindings, logPipelinePanels } from "./log-alerts";
import { OPERATOR_CHARTS, OperatorId } from "./versions";

/** The cluster's alerts of {@link KubernetesPlatform}. */
export interface InClusterClusterProps {
  /**
   * Overrides of the cluster's canonical alerts (nodes not ready, node CPU,
   * memory and root filesystem, crash-looping and unschedulable pods), by
   * canonical id, thresholds in the catalog's units (percent 0-100, counts):
   * the same overrides as `cluster.alerts` of the cloud platforms. They are
   * PromQL rules on kube-state-metrics and the node exporter; the default
   * rules of kube-prometheus-stack (KubeNodeNotReady, ...) run next to them.
   * @default - every cluster alert with the catalog's threshold and severity
   */
  readonly alerts?: Readonly<Partial<Record<ClusterAlertId, AlertOverride>>>;
}

/** Operators whose namespaces reach the data namespaces: the four that manage data pods, and Prometheus. */
const DATA_NAMESPACE_CLIENTS: readonly OperatorId[] = ["strimzi", "k8ssandra", "eck", "cloudnativePg", "kubePrometheusStack"];

/** Props of {@link KubernetesPlatform}. */
export interface KubernetesPlatformProps extends PlatformBaseProps {
  /** How Terraform reaches the cluster. */
  readonly connection: KubernetesConnection;
  /** Cluster name shown in handles and dashboards. @default - the kubeconfig context, else `<service>-<environment>` */
  readonly clusterName?: string;
  /** Storage class of the data services' volumes. @default - the cluster's default storage class */
  readonly storageClassName?: string;
  /** Backup destinations of the data services. @default - none (a warning outside dev) */
  readonly backups?: InClusterBackups;
  /** Namespace of the generated chart's release and of the services' SLO rules and dashboards. @default "vigil-system" */
  readonly systemNamespace?: string;
  /** The cluster's own alerts (a PrometheusRule in the system namespace). @default - every cluster alert with the catalog's defaults */
  readonly cluster?: InClusterClusterProps;
  /**
   * The log pipeline: Fluent Bit on every node into an ECK Elasticsearch
   * and Kibana of its own in namespace `logging` (EFK), kept and archived as
   * the profile says. A prod-tier profile that keeps an archive needs
   * `logs.archive`.
   * @default - on: data streams `k8s-logs-<namespace>`, no archive (an error in prod), the catalog's pipeline alert
   */
  readonly logs?: KubernetesPlatformLogsProps;
  /**
   * The services' public edges (Envoy Gateway, installed by
   * {@link KubernetesOperators}): where their TLS certificates come from.
   * @default - certificates from Let's Encrypt production, HTTP-01 through the edge
   */
  readonly edge?: KubernetesEdgeProps;
}

/**
 * The in-cluster target for one environment: the Kubernetes and Helm
 * providers from a kubeconfig (kind, a cluster someone else runs) or a cloud
 * cluster's outputs, and the data services as custom resources of the
 * operators installed by {@link KubernetesOperators} (Strimzi, K8ssandra,
 * ECK, CloudNativePG), delivered with their monitors, PrometheusRules and
 * dashboards in one generated Helm chart. Each service's data services run
 * in a namespace `<service>-data`.
 *
 * Put it in the `<env>-<target>-platform` stack, which depends on the
 * operators' stack.
 */
export class KubernetesPlatform extends PlatformBase implements Platform {
  /** Target name. */
  public readonly target = "kubernetes" as const;
  /** The cluster (an existing one), with its canonical alerts deployed as a PrometheusRule in the system namespace. */
  public readonly cluster: KubernetesClusterHandle;
  /** Canonical platform alerts this target cannot provide (`manual-change`), with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** The Kubernetes and Helm providers configured for `connection`; they reach the cluster only when Terraform runs (plan, apply), never at synth. */
  public readonly providers: KubernetesProviders;
  /** The generated chart holding every custom resource. */
  public readonly chart: ResourceChart;
  /** Namespace of the chart release and the services' SLO rules. */
  public readonly systemNamespace: string;
  /** Labels on every namespace Vigil creates. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The log pipeline (collector, store, retention), as built. */
  public readonly logPipeline: LogPipeline;
  /** The Fluent Bit release collecting every node's and container's logs. */
  public readonly logCollector: Release;
  private readonly props: KubernetesPlatformProps;
  private readonly dataNamespaces = new Map<string, NamespaceV1>();
  private edgeClass?: string;
  /** Where each service's edge metrics are, by service. */
  private readonly edgeScopes = new Map<string, EdgeMetricsScope>();

  constructor(scope: Construct, id: string, props: KubernetesPlatformProps) {
    super(scope, id, props);
    this.props = props;
    const { profile, problems } = this;
    problems.push(...validateConnection(props.connection));
    this.systemNamespace = props.systemNamespace ?? "vigil-system";
    const nsProblem = checkName(this.systemNamespace, NAMING_RULES.kubernetesDnsLabel, "systemNamespace");
    if (nsProblem) problems.push(nsProblem);

    this.labels = { "vigil.dev/service": props.service, "vigil.dev/environment": profile.name, "vigil.dev/owner": props.owner.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 63), "app.kubernetes.io/managed-by": "vigil" };
    this.providers = configureKubernetesProviders(this, props.connection);
    const clusterName = props.clusterName ?? (props.connection.kind === "kubeconfig" ? props.connection.context : undefined) ?? `${props.service}-${profile.name}`;
    this.chart = new ResourceChart(this, "resources", { name: `vigil-${props.service}`.slice(0, 53), namespace: this.systemNamespace });

    // The cluster's alerts: object names from the platform's service (a kubeconfig context may hold
    // characters a Kubernetes name cannot), the cluster's name in the manifest.
    const clusterAlerts = observeComponent(this.chart, this, {
      routing: this.routing,
      description: "Kubernetes cluster (an existing one, watched through kube-state-metrics and the node exporter)",
      stateful: false,
      service: props.service,
      component: KUBERNETES_CLUSTER_COMPONENT,
      prop: "cluster",
      name: `${props.service}-cluster`,
      resourceName: clusterName,
      namespace: this.systemNamespace,
      bindings: kubernetesClusterAlertBindings(this.routing.runbookBaseUrl),
      panels: kubernetesClusterPanels(),
      overrides: { alerts: props.cluster?.alerts },
    });
    problems.push(...clusterAlerts.problems);
    this.cluster = {
      name: clusterName,
      endpoint: props.connection.kind === "endpoint" ? props.connection.host : `kubeconfig:${props.connection.context ?? "current-context"}`,
      alerts: clusterAlerts.alerts,
      unavailableAlerts: clusterAlerts.unavailable,
      dashboardName: clusterAlerts.dashboardName,
    };
    // The platform itself (kind `platform`): recorded with the alerts it cannot provide and why.
    const platformAlerts = deployComponentAlerts(this, {
      target: "kubernetes",
      component: KUBERNETES_PLATFORM_COMPONENT,
      resourceName: props.service,
      description: "In-cluster platform on an existing Kubernetes cluster",
      stateful: false,
      bindings: kubernetesPlatformAlertBindings(),
      overrides: {},
      paths: overridePaths("platform", "kubernetes"),
      sink: { deploy: () => [] },
      dashboard: () => clusterAlerts.dashboardName,
    });
    this.unavailableAlerts = platformAlerts.unavailable;
    problems.push(...platformAlerts.problems);

    problems.push(...edgePropsProblems(props.edge, profile.tier));
    const logs = this.buildLogPipeline(props.logs);
    this.logPipeline = logs.pipeline;
    this.logCollector = logs.collector;
  }

  /**
   * The EFK pipeline: the `logging` namespace (its ingress open to its own
   * pods, the ECK operator and Prometheus), the log store in the chart, the
   * Fluent Bit release after it, the collector-down alert, and the pipeline
   * in the manifest.
   */
  private buildLogPipeline(logsProps: KubernetesPlatformLogsProps | undefined): { pipeline: LogPipeline; collector: Release } {
    const anchor = new Construct(this, "logs");
    const pipeline = logPipeline({ profile: this.profile, service: this.props.service, props: logsProps, storageClassName: this.props.storageClassName, labels: this.labels });
    this.problems.push(...pipeline.problems);
    for (const w of pipeline.warnings) Annotations.of(anchor).addWarning(`[vigil:logs] ${w}`);
    const first = UniqueNames.of(this).claim("namespace", LOGGING_NAMESPACE, `${anchor.node.path}/namespace`);
    if (first !== undefined) this.problems.push(`the logging namespace ${JSON.stringify(LOGGING_NAMESPACE)} is already the namespace of ${first}; rename that namespace (it holds the log collector and the log store)`);
    // Labelled a data namespace: its destroy deletes the log store's volumes.
    const ns = new NamespaceV1(anchor, "namespace", { metadata: { name: LOGGING_NAMESPACE, labels: { ...this.labels, "vigil.dev/role": "data" } } });
    new NetworkPolicyV1(anchor, "ingress", {
      metadata: { name: "allow-logging-only", namespace: ns.metadata.name, labels: this.labels },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        // Fluent Bit, Kibana and the setup job reach Elasticsearch inside the namespace; ECK manages it; Prometheus scrapes the collectors.
        ingress: [{ from: [{ podSelector: {} }, namespacePeer(OPERATOR_CHARTS.eck.namespace), namespacePeer(OPERATOR_CHARTS.kubePrometheusStack.namespace)] }],
      },
    });
    this.chart.dependOn(ns);
    for (const m of pipeline.manifests) this.chart.add(m);
    const collector = collectorRelease(anchor, "collector", pipeline.collectorValues, [ns, this.chart.release]);
    const observed = observeComponent(this.chart, anchor, {
      routing: this.routing,
      description: `Log pipeline: ${pipeline.collector} on every node into ${pipeline.store}`,
      stateful: false,
      service: this.props.service,
      component: LOG_PIPELINE_COMPONENT,
      prop: "logs",
      name: `${this.props.service}-log-pipeline`,
      namespace: this.systemNamespace,
      bindings: logPipelineAlertBindings(LOGGING_NAMESPACE, COLLECTOR_DAEMONSET, this.routing.runbookBaseUrl),
      panels: logPipelinePanels(LOGGING_NAMESPACE, COLLECTOR_DAEMONSET),
      overrides: { alerts: logsProps?.alerts },
    });
    this.problems.push(...observed.problems);
    VigilManifest.of(this).addLogPipeline({
      target: "kubernetes",
      collector: pipeline.collector,
      store: pipeline.store,
      namespaces: "all",
      systemLogs: true,
      retention: pipeline.retention,
      encryption: pipeline.encryption,
      path: anchor.node.path,
    });
    return { pipeline, collector };
  }

  /** Where a service's logs are: its namespaces' data streams, the KQL query, the Discover link. */
  private logsView(namespaces: readonly string[]): ServiceLogsView {
    const query = logsQuery(namespaces);
    const p = this.logPipeline;
    return {
      store: "Elasticsearch",
      location: `data streams ${namespaces.map((n) => `${p.indexPrefix}-${n}`).join(", ")} (Kibana data view ${LOG_DATA_VIEW_ID}: ${p.indexPrefix}-*)`,
      query,
      queryLanguage: "Kibana KQL",
      url: discoverUrl(p.kibanaUrl, query),
      retention: p.retention,
      collector: p.collector,
    };
  }

  /** Every data component runs in the cluster: there is no managed service on this target. */
  protected placementSupport(): PlacementSupport {
    return { inCluster: true, noManagedReason: "the in-cluster target runs every component in the cluster, through its operators" };
  }

  /** The platform's own alerts: the cluster's (kube-prometheus-stack's default rules run next to them). */
  public get alerts(): readonly AlertDefinition[] {
    return this.cluster.alerts;
  }

  /** The in-cluster engine context of a service: its data namespace, the chart, the profile. */
  public contextFor(service: string): InClusterContext {
    return {
      profile: this.profile,
      chart: this.chart,
      routing: this.routing,
      namespace: this.dataNamespace(service),
      storageClassName: this.props.storageClassName,
      backups: this.props.backups,
    };
  }

  /** Strimzi Kafka for `service`. */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle {
    return buildPlaced(this.placementOf("kafka", props.placement), { inCluster: () => this.build(scope, id, service, props, strimziKafka) });
  }

  /** K8ssandraCluster for `service`. */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle {
    return buildPlaced(this.placementOf("cassandra", props.placement), { inCluster: () => this.build(scope, id, service, props, k8ssandraCluster) });
  }

  /** ECK Elasticsearch + Kibana for `service`. */
  public search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle {
    return buildPlaced(this.placementOf("search", props.placement), { inCluster: () => this.build(scope, id, service, props, eckElasticsearch) });
  }

  /** CloudNativePG cluster for `service`. */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): PostgresHandle {
    return buildPlaced(this.placementOf("postgres", props.placement), { inCluster: () => this.build(scope, id, service, props, cnpgCluster) });
  }

  /**
   * The service's SLO rules as a PrometheusRule, its dashboard as a Grafana
   * ConfigMap and, when it declares a public endpoint, a blackbox-exporter
   * Probe with its alert. The SLOs arrive validated by `MonitoredService`;
   * those measured at the edge are evaluated on the Envoys' own metrics
   * ({@link edgePrometheusSlo}), with the same rules as the others.
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    const anchor = new Construct(scope, id);
    const problems: string[] = [];
    const dashboardName = `${observation.service}-service`;
    const probe = observation.endpoint
      ? endpointProbe(anchor, {
          service: observation.service,
          namespace: this.systemNamespace,
          endpoint: observation.endpoint,
          profile: this.profile,
          runbookBaseUrl: this.routing.runbookBaseUrl,
          chart: this.chart,
          rules: `${observation.service}-slos`,
          dashboard: dashboardName,
        })
      : undefined;
    if (probe) {
      problems.push(...probe.problems);
      this.chart.add(probe.probe);
    }
    // Edge SLOs become Prometheus SLOs over the Envoys of the service's Gateway.
    const edgeScope = this.edgeScopes.get(observation.service);
    const slos = observation.slos.flatMap((slo): SloProps[] => {
      if (!isEdgeSlo(slo)) return [slo];
      // Without an edge the service has already refused the SLO.
      if (!edgeScope || !observation.edge) return [];
      return [edgePrometheusSlo(slo, edgeScope)];
    });
    const rules = observeSlos(this.chart, {
      name: observation.service,
      namespace: this.systemNamespace,
      slos,
      routing: this.routing,
      dashboard: dashboardName,
      extraGroups: probe?.ruleGroups,
      extraAlerts: probe?.alerts,
    });
    problems.push(...rules.problems);
    const namespaces = observation.logs.namespaces;
    const logs = observeComponent(this.chart, anchor, {
      routing: this.routing,
      description: `Logs of the containers in namespace(s) ${namespaces.join(", ")}, counted by Fluent Bit`,
      stateful: false,
      service: observation.service,
      component: LOGS_COMPONENT,
      prop: "logs",
      name: `${observation.service}-logs`,
      namespace: this.systemNamespace,
      bindings: logAlertBindings(observation.service, namespaces, this.routing.runbookBaseUrl),
      panels: logPanels(namespaces),
      overrides: { alerts: observation.logs.alerts },
    });
    problems.push(...logs.problems);
    this.chart.add(
      serviceDashboardConfigMap(this.chart, {
        logsDashboard: logs.dashboardName,
        service: observation.service,
        namespace: this.systemNamespace,
        dashboardName,
        components: observation.components,
        endpoint: probe ? { panels: endpointProbePanels(observation.service), alerts: probe.alerts } : undefined,
      }),
    );
    addValidationErrors(anchor, problems);
    return {
      ruleGroupNames: rules.ruleGroupNames,
      dashboardName,
      ...(observation.endpoint ? { syntheticCheckName: `${observation.service}-endpoint` } : {}),
      logs: this.logsView(namespaces),
    };
  }

  /**
   * A service's public edge in the cluster: an Envoy Gateway `Gateway` (its
   * own Envoy Deployment and LoadBalancer Service) serving the host names
   * over HTTPS with a cert-manager certificate, HTTP redirected, TLS 1.2 at
   * least, the OWASP CRS in coraza-proxy-wasm, a per-client-IP rate limit
   * and the CIDR lists; its access logs (JSON on the Envoys' stdout) go to
   * the platform's log store with the other containers' logs; its alerts and
   * dashboard in the chart.
   */
  public edge(scope: Construct, id: string, service: string, request: EdgeRequest): EdgeHandle {
    const anchor = new Construct(scope, id);
    const problems = excludedRulesProblems(request);
    const names = edgeNames(service, request);
    const className = `vigil-${this.props.service}`.slice(0, 63);
    if (!this.edgeClass) {
      this.edgeClass = className;
      for (const m of edgeClassManifests({ className, namespace: this.systemNamespace, labels: this.labels })) this.chart.add(m);
    }
    const issuer = this.props.edge?.issuer ?? { kind: "acme" as const };
    for (const m of edgeManifests({ request, names, className, monitorNamespace: this.systemNamespace, issuer, labels: this.labels })) this.chart.add(m);
    const scopeOfMetrics = { gateway: names.name, namespace: names.namespace, certificate: names.name };
    this.edgeScopes.set(service, scopeOfMetrics);
    const observed = observeComponent(this.chart, anchor, {
      routing: this.routing,
      description: `Public edge of ${request.hostname}: Envoy Gateway ${names.namespace}/${names.name}, OWASP CRS (Coraza), to Service ${request.backend.namespace}/${request.backend.service}:${request.backend.port}`,
      stateful: false,
      service,
      component: EDGE_COMPONENT,
      prop: "edge",
      name: names.name,
      namespace: this.systemNamespace,
      bindings: edgeAlertBindings(service, scopeOfMetrics, this.routing.runbookBaseUrl),
      panels: edgePanels(scopeOfMetrics),
      overrides: { alerts: request.alerts, kubernetes: request.targets.kubernetes },
    });
    problems.push(...observed.problems);
    addValidationErrors(anchor, problems);
    const certificate =
      issuer.kind === "acme" ? `cert-manager ACME (${issuer.server ?? "Let's Encrypt production"}, HTTP-01 through the edge)` : issuer.kind === "existing" ? `cert-manager ${issuer.clusterIssuer ? "ClusterIssuer" : "Issuer"} ${issuer.name}` : "cert-manager self-signed CA (dev only)";
    VigilManifest.of(anchor).addEntryPoint({
      service,
      target: "kubernetes",
      hostname: request.hostname,
      kind: "Envoy Gateway (Gateway API)",
      tlsMinimumVersion: "1.2",
      certificate,
      waf: { mode: request.waf.mode, managedRules: ["OWASP CRS (coraza-proxy-wasm)"], rateLimitPer5Minutes: request.waf.rateLimitPer5Minutes },
      ddosProtection: "none in the cluster (per-client-IP rate limit only)",
      accessLogs: { store: `${this.logPipeline.store} (data stream ${this.logPipeline.indexPrefix}-envoy-gateway-system)`, retention: this.logPipeline.retention },
      path: anchor.node.path,
    });
    return {
      kind: "edge",
      component: EDGE_COMPONENT,
      name: names.name,
      alerts: observed.alerts,
      unavailableAlerts: observed.unavailable,
      dashboardName: observed.dashboardName,
      url: `https://${request.hostname}`,
    };
  }

  /** Runs an engine under a construct `id` of `scope`, which carries its validation messages and warnings. */
  private build<P, H>(scope: Construct, id: string, service: string, props: P, engine: InClusterEngine<P, H>): H {
    const anchor = new Construct(scope, id);
    const { handle, problems } = engine(this.contextFor(service), anchor, service, props);
    addValidationErrors(anchor, problems);
    return handle;
  }

  /** The namespace `<service>-data`, created once per service. */
  private dataNamespace(service: string): string {
    const name = `${service}-data`;
    if (!this.dataNamespaces.has(name)) {
      const first = UniqueNames.of(this).claim("namespace", name, `${this.node.path}/ns-${name}`);
      if (first !== undefined) this.problems.push(`the data namespace ${JSON.stringify(name)} of service ${service} is already the namespace of ${first}; rename that team namespace (\`<service>-data\` holds a service's databases and brokers)`);
      const ns = new NamespaceV1(this, `ns-${name}`, { metadata: { name, labels: { ...this.labels, "vigil.dev/role": "data" } } });
      // Databases and brokers take connections only from their own pods (replication), the
      // operators that manage them, Prometheus, and this platform's workload namespaces.
      new NetworkPolicyV1(this, `ns-${name}-ingress`, {
        metadata: { name: "allow-platform-only", namespace: ns.metadata.name, labels: this.labels },
        spec: {
          podSelector: {},
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [
                { podSelector: {} },
                ...DATA_NAMESPACE_CLIENTS.map((op) => namespacePeer(OPERATOR_CHARTS[op].namespace)),
                { namespaceSelector: { matchLabels: { "vigil.dev/role": "workloads", "vigil.dev/service": this.labels["vigil.dev/service"] } } },
              ],
            },
          ],
        },
      });
      this.dataNamespaces.set(name, ns);
      this.chart.dependOn(ns);
    }
    return name;
  }
}
