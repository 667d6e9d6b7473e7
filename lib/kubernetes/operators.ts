import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import { EnvironmentProfile, EnvironmentTier, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { AlertmanagerDelivery, alertmanagerProblems } from "../observability/alertmanager-delivery";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { configureKubernetesProviders, KubernetesConnection, KubernetesProviders, validateConnection } from "./connection";
import { monitoringValues } from "./monitoring-values";
import { BLACKBOX_HTTPS_MODULE, OPERATOR_CHARTS, OperatorChart, OperatorId } from "./versions";

/** Props of {@link KubernetesOperators}. */
export interface KubernetesOperatorsProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: EnvironmentTier | EnvironmentProfile;
  /** How Terraform reaches the cluster. */
  readonly connection: KubernetesConnection;
  /** Notification channels and severity routes (rendered into the Alertmanager configuration). */
  readonly notifications: NotificationRoutingProps;
  /**
   * The control plane cannot be scraped: the cloud runs it (EKS, GKE, AKS),
   * or it binds its metrics to 127.0.0.1 (kind's etcd, scheduler and
   * controller manager; kube-proxy on kind and EKS). etcd, the scheduler, the
   * controller manager and kube-proxy are then neither scraped nor alerted
   * on; otherwise their Down alerts fire from day one. Set it to true on kind.
   * @default - true for an `endpoint` connection (a cloud platform's cluster), false for a kubeconfig (a self-run cluster whose control plane exposes its metrics)
   */
  readonly managedControlPlane?: boolean;
  /** Operators to leave out, e.g. `{ eck: false }` when no service uses search. @default - all installed */
  readonly operators?: Readonly<Partial<Record<OperatorId, boolean>>>;
  /** Secret in the monitoring namespace with Grafana's `admin-user` and `admin-password`. @default "grafana-admin" */
  readonly grafanaAdminSecret?: string;
  /**
   * How Alertmanager reaches the routed channels that need more than the
   * channel says: the SMTP relay for email, Slack incoming webhooks (secrets
   * read from mounted files), Telegram bridges; keyed by channel name.
   * @default - none: a routed channel that needs a detail fails synth, naming it
   */
  readonly delivery?: AlertmanagerDelivery;
  /**
   * Where the user writes `delivery`, for messages, when another construct
   * builds the operators from its own props (a cloud platform's
   * `inCluster.delivery`). That construct has checked the notifications, so
   * they are not reported twice.
   * @default - `delivery` of these props, and the notifications checked here
   */
  readonly deliveryProp?: { readonly path: string; readonly owner: string };
}

/**
 * The operators of the in-cluster target, each a Helm release of a pinned
 * chart in its own namespace, with its CRDs installed by the chart and
 * resource requests set: kube-prometheus-stack (Prometheus, Alertmanager,
 * Grafana, node-exporter, kube-state-metrics; first, as the others create
 * ServiceMonitors and PodMonitors), Envoy Gateway (the Gateway API CRDs and
 * the controller of the services' public edges), cert-manager (its Gateway
 * API support on when Envoy Gateway is installed, for ACME HTTP-01 through
 * the edge), Strimzi, the K8ssandra operator, ECK and CloudNativePG.
 *
 * Put it in its own stack (`<env>-<target>-operators`), deployed before the
 * stack holding the platform's custom resources.
 */
export class KubernetesOperators extends Construct {
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** The Kubernetes and Helm providers configured for `connection`; they reach the cluster only when Terraform runs (plan, apply), never at synth. */
  public readonly providers: KubernetesProviders;
  /** Whether control-plane scraping and alerts are off. */
  public readonly managedControlPlane: boolean;
  private readonly installed: Partial<Record<OperatorId, Release>> = {};
  private readonly monitoringValues: Record<string, unknown>;
  private readonly wanted: (op: OperatorId) => boolean;

  constructor(scope: Construct, id: string, props: KubernetesOperatorsProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.profile = profile;
    Profile.attach(this, profile);
    problems.push(...validateConnection(props.connection));
    // A platform building its operators checked its notifications already.
    if (!props.deliveryProp) problems.push(...NotificationRouting.validate(props.notifications));
    for (const op of Object.keys(props.operators ?? {})) {
      if (!(op in OPERATOR_CHARTS)) problems.push(`\`operators.${op}\` is not an operator Vigil installs; use one of ${Object.keys(OPERATOR_CHARTS).join(", ")}`);
    }
    const grafanaAdminSecret = props.grafanaAdminSecret ?? "grafana-admin";
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(grafanaAdminSecret)) {
      problems.push(`\`grafanaAdminSecret\` is ${JSON.stringify(grafanaAdminSecret)}, not a Kubernetes Secret name; use lowercase letters, digits, "-" and ".", e.g. "grafana-admin"`);
    }
    const enabled = (op: OperatorId) => props.operators?.[op] !== false;
    this.wanted = enabled;
    if (enabled("k8ssandra") && !enabled("certManager")) {
      problems.push("`operators.certManager` is false but the K8ssandra operator needs cert-manager for its webhooks; keep cert-manager or set `operators.k8ssandra` to false");
    }
    if (!enabled("kubePrometheusStack")) {
      problems.push("`operators.kubePrometheusStack` is false; it provides Prometheus, Alertmanager and the monitor CRDs every component's alerts need — nothing may run unmonitored");
    }
    const routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);
    problems.push(...alertmanagerProblems(routing, { delivery: props.delivery, deliveryProp: props.deliveryProp }));
    addValidationErrors(this, problems);

    this.managedControlPlane = props.managedControlPlane ?? props.connection.kind === "endpoint";
    this.providers = configureKubernetesProviders(this, props.connection);

    this.monitoringValues = monitoringValues({ routing, profile, managedControlPlane: this.managedControlPlane, grafanaAdminSecret, delivery: props.delivery });
    for (const op of INSTALL_ORDER) if (enabled(op)) this.install(op);
  }

  /** Releases by operator id (only the installed ones). */
  public get releases(): Readonly<Partial<Record<OperatorId, Release>>> {
    return { ...this.installed };
  }

  /**
   * Installs an operator's release (once; later calls return it), with the
   * releases it needs first: kube-prometheus-stack before every operator
   * (they create ServiceMonitors and PodMonitors), cert-manager before the
   * K8ssandra operator (its webhooks). Lets a platform install only the
   * operators its components use, in whatever order they are built.
   */
  public install(op: OperatorId): Release {
    const existing = this.installed[op];
    if (existing) return existing;
    // cert-manager's Gateway API support reads the Gateway API CRDs at start: Envoy Gateway's chart brings them.
    const gatewayFirst: OperatorId[] = op === "certManager" && this.wanted("envoyGateway") ? ["envoyGateway"] : [];
    const needs = [...OPERATOR_NEEDS[op], ...gatewayFirst].map((dep) => this.install(dep));
    const release = operatorRelease(this, op, OPERATOR_CHARTS[op], this.valuesOf(op), needs);
    this.installed[op] = release;
    return release;
  }

  private valuesOf(op: OperatorId): Record<string, unknown> {
    switch (op) {
      case "kubePrometheusStack":
        return this.monitoringValues;
      case "certManager":
        return {
          crds: { enabled: true },
          resources: requests("50m", "64Mi", "128Mi"),
          webhook: { resources: requests("10m", "32Mi", "64Mi") },
          cainjector: { resources: requests("10m", "64Mi", "128Mi") },
          // honorLabels keeps the certificate's own `namespace` label on its metrics (the edge's certificate-expiring alert selects it).
          prometheus: { enabled: true, servicemonitor: { enabled: true, honorLabels: true } },
          // ACME HTTP-01 through a Gateway (the edge's HTTP listener): cert-manager creates the challenge HTTPRoutes.
          ...(this.wanted("envoyGateway") ? { config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true } } : {}),
        };
      case "strimzi":
        return { watchAnyNamespace: true, resources: requests("200m", "384Mi", "384Mi") };
      case "k8ssandra":
        return { global: { clusterScoped: true }, resources: requests("100m", "128Mi", "256Mi"), "cass-operator": { resources: requests("100m", "128Mi", "256Mi") } };
      case "eck":
        return { resources: requests("100m", "150Mi", "1Gi") };
      case "cloudnativePg":
        return { resources: requests("100m", "200Mi", "512Mi"), monitoring: { podMonitorEnabled: true } };
      case "blackboxExporter":
        return blackboxValues();
      case "envoyGateway":
        return { deployment: { envoyGateway: { resources: requests("100m", "256Mi", "1024Mi") } } };
    }
  }
}

/** Releases an operator's release waits for. */
const OPERATOR_NEEDS: Readonly<Record<OperatorId, readonly OperatorId[]>> = {
  kubePrometheusStack: [],
  certManager: ["kubePrometheusStack"],
  strimzi: ["kubePrometheusStack"],
  k8ssandra: ["kubePrometheusStack", "certManager"],
  eck: ["kubePrometheusStack"],
  cloudnativePg: ["kubePrometheusStack"],
  blackboxExporter: ["kubePrometheusStack"],
  envoyGateway: ["kubePrometheusStack"],
};

/** The order the operators asked for in props are installed in (construct order of the releases). */
const INSTALL_ORDER: readonly OperatorId[] = ["kubePrometheusStack", "envoyGateway", "certManager", "strimzi", "k8ssandra", "eck", "cloudnativePg", "blackboxExporter"];

/**
 * The blackbox exporter with one module, `https_2xx`: GET over TLS (plain
 * HTTP fails), redirects followed, IPv4 preferred, any 2xx answer passes.
 */
function blackboxValues(): Record<string, unknown> {
  return {
    fullnameOverride: "blackbox-exporter",
    resources: requests("10m", "32Mi", "64Mi"),
    config: {
      modules: {
        [BLACKBOX_HTTPS_MODULE]: { prober: "http", timeout: "10s", http: { method: "GET", preferred_ip_protocol: "ip4", follow_redirects: true, fail_if_not_ssl: true } },
      },
    },
  };
}

function requests(cpu: string, memory: string, memoryLimit: string): Record<string, unknown> {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

function operatorRelease(scope: Construct, id: string, chart: OperatorChart, values: Record<string, unknown>, after: readonly Release[]): Release {
  return new Release(scope, id, {
    name: chart.release,
    repository: chart.repository,
    chart: chart.chart,
    version: chart.version,
    namespace: chart.namespace,
    createNamespace: true,
    values: [stringify(values, { lineWidth: 0 })],
    // Operators must be running before the platform stack applies their custom resources.
    wait: true,
    atomic: true,
    timeout: 900,
    dependsOn: [...after],
  });
}
