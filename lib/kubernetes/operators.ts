import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import { EnvironmentProfile, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { AlertmanagerDelivery, alertmanagerProblems } from "../observability/alertmanager-delivery";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { configureKubernetesProviders, KubernetesConnection, KubernetesProviders, validateConnection } from "./connection";
import { monitoringValues } from "./monitoring-values";
import { BLACKBOX_HTTPS_MODULE, OPERATOR_CHARTS, OperatorChart, OperatorId } from "./versions";

/** Props of {@link KubernetesOperators}. */
export interface KubernetesOperatorsProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: string | EnvironmentProfile;
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
}

/**
 * The operators of the in-cluster target, each a Helm release of a pinned
 * chart in its own namespace, with its CRDs installed by the chart and
 * resource requests set: kube-prometheus-stack (Prometheus, Alertmanager,
 * Grafana, node-exporter, kube-state-metrics; first, as the others create
 * ServiceMonitors and PodMonitors), cert-manager, Strimzi, the K8ssandra
 * operator, ECK and CloudNativePG.
 *
 * Put it in its own stack (`<env>-<target>-operators`), deployed before the
 * stack holding the platform's custom resources.
 */
export class KubernetesOperators extends Construct {
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** The providers. */
  public readonly providers: KubernetesProviders;
  /** Releases by operator id (only the installed ones). */
  public readonly releases: Readonly<Partial<Record<OperatorId, Release>>>;
  /** Whether control-plane scraping and alerts are off. */
  public readonly managedControlPlane: boolean;

  constructor(scope: Construct, id: string, props: KubernetesOperatorsProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.profile = profile;
    Profile.attach(this, profile);
    problems.push(...validateConnection(props.connection), ...NotificationRouting.validate(props.notifications));
    const enabled = (op: OperatorId) => props.operators?.[op] !== false;
    if (enabled("k8ssandra") && !enabled("certManager")) {
      problems.push("`operators.certManager` is false but the K8ssandra operator needs cert-manager for its webhooks; keep cert-manager or set `operators.k8ssandra` to false");
    }
    if (!enabled("kubePrometheusStack")) {
      problems.push("`operators.kubePrometheusStack` is false; it provides Prometheus, Alertmanager and the monitor CRDs every component's alerts need — nothing may run unmonitored");
    }
    const routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);
    problems.push(...alertmanagerProblems(routing, { delivery: props.delivery }));
    addValidationErrors(this, problems);

    this.managedControlPlane = props.managedControlPlane ?? props.connection.kind === "endpoint";
    this.providers = configureKubernetesProviders(this, props.connection);

    const releases: Partial<Record<OperatorId, Release>> = {};
    const install = (op: OperatorId, values: Record<string, unknown>, after: readonly (Release | undefined)[]) => {
      if (!enabled(op)) return;
      releases[op] = operatorRelease(this, op, OPERATOR_CHARTS[op], values, after.filter((r): r is Release => r !== undefined));
    };
    install("kubePrometheusStack", monitoringValues({ routing, profile, managedControlPlane: this.managedControlPlane, grafanaAdminSecret: props.grafanaAdminSecret ?? "grafana-admin", delivery: props.delivery }), []);
    const monitoring = releases.kubePrometheusStack;
    install("certManager", {
      crds: { enabled: true },
      resources: requests("50m", "64Mi", "128Mi"),
      webhook: { resources: requests("10m", "32Mi", "64Mi") },
      cainjector: { resources: requests("10m", "64Mi", "128Mi") },
      prometheus: { enabled: true, servicemonitor: { enabled: true } },
    }, [monitoring]);
    install("strimzi", { watchAnyNamespace: true, resources: requests("200m", "384Mi", "384Mi") }, [monitoring]);
    install("k8ssandra", { global: { clusterScoped: true }, resources: requests("100m", "128Mi", "256Mi"), "cass-operator": { resources: requests("100m", "128Mi", "256Mi") } }, [monitoring, releases.certManager]);
    install("eck", { resources: requests("100m", "150Mi", "1Gi") }, [monitoring]);
    install("cloudnativePg", { resources: requests("100m", "200Mi", "512Mi"), monitoring: { podMonitorEnabled: true } }, [monitoring]);
    install("blackboxExporter", blackboxValues(), [monitoring]);
    this.releases = releases;
  }
}

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
