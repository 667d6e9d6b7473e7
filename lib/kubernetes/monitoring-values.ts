import { alertmanagerConfig, KUBE_PROMETHEUS_SEVERITIES } from "../observability/alertmanager";
import type { AlertmanagerDelivery } from "../observability/alertmanager-delivery";
import { SecretReference } from "../observability/channels";
import { NotificationRouting } from "../observability/routing";
import type { EnvironmentProfile } from "../core/environment";

/** Where a secret reference is found in-cluster: a Kubernetes Secret in the monitoring namespace. */
interface KubernetesSecretLocation {
  /** Secret name (a DNS subdomain derived from the reference's name). */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Mount path of the Secrets listed in `alertmanagerSpec.secrets` (fixed by the Prometheus Operator). */
const ALERTMANAGER_SECRETS_PATH = "/etc/alertmanager/secrets";

/**
 * In-cluster, a secret reference names a Kubernetes Secret the user creates
 * in the monitoring namespace: "vigil/checkout/pagerduty" becomes Secret
 * `vigil-checkout-pagerduty`, key `field` (default "value").
 */
export function kubernetesSecretOf(ref: SecretReference): KubernetesSecretLocation {
  const secretName = ref.name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").slice(0, 253);
  return { secretName, key: ref.field ?? "value" };
}

/** Path where Alertmanager reads a secret: its Kubernetes Secret listed in `alertmanagerSpec.secrets`. */
export function alertmanagerSecretFile(ref: SecretReference): string {
  const s = kubernetesSecretOf(ref);
  return `${ALERTMANAGER_SECRETS_PATH}/${s.secretName}/${s.key}`;
}

/**
 * Names of the Kubernetes Secrets an Alertmanager configuration reads: every
 * value of a key ending in `_file` (`routing_key_file`, `api_url_file`,
 * `credentials_file`, `smtp_auth_password_file`, ...) under the secrets'
 * mount path. Only these go into `alertmanagerSpec.secrets`: a listed Secret
 * that does not exist keeps Alertmanager from starting, so a secret the
 * configuration never reads (a Telegram bot token held by the relay, a
 * channel dev does not route to) must not be listed.
 */
function mountedSecretNames(config: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        const secretName = key.endsWith("_file") && typeof v === "string" && v.startsWith(`${ALERTMANAGER_SECRETS_PATH}/`) ? v.slice(ALERTMANAGER_SECRETS_PATH.length + 1).split("/")[0] : undefined;
        if (secretName) names.add(secretName);
        else walk(v);
      }
    }
  };
  walk(config);
  return [...names].sort();
}

/** Settings of kube-prometheus-stack that Vigil derives. */
interface MonitoringValuesOptions {
  /** Routing with the environment's downgrade. */
  readonly routing: NotificationRouting;
  /** Environment profile (retention, sizes). */
  readonly profile: EnvironmentProfile;
  /** Control plane run by the cloud (EKS, GKE, AKS) or bound to localhost (kind): its components and kube-proxy cannot be scraped. */
  readonly managedControlPlane: boolean;
  /** Secret holding Grafana's admin user and password (keys `admin-user`, `admin-password`). */
  readonly grafanaAdminSecret: string;
  /** How Alertmanager reaches email, Slack and Telegram channels. @default - none: those channels get no receiver */
  readonly delivery?: AlertmanagerDelivery;
}

/**
 * Values of the kube-prometheus-stack release: Prometheus selecting every
 * ServiceMonitor/PodMonitor/PrometheusRule (not only those labelled with the
 * release), the Alertmanager configuration rendered from the routing model
 * with secrets mounted from Kubernetes Secrets, the Grafana dashboard
 * sidecar, resource requests, and — on a managed control plane — no scraping
 * and no alerts for etcd, the scheduler and the controller manager, which the
 * cloud runs and nobody on call could act on, nor for kube-proxy, whose
 * metrics listen on 127.0.0.1:10249 on EKS and kind (KubeProxyDown would
 * fire from day one).
 */
export function monitoringValues(o: MonitoringValuesOptions): Record<string, unknown> {
  // kube-prometheus-stack's default rules label severities critical/warning/none, not page/ticket/info.
  const config = alertmanagerConfig(o.routing, { secretFile: alertmanagerSecretFile, delivery: o.delivery, foreignSeverities: KUBE_PROMETHEUS_SEVERITIES });
  const selfManaged = !o.managedControlPlane;
  const metricsRetentionDays = Math.min(o.profile.logRetentionDays, 30);
  return {
    defaultRules: {
      rules: { etcd: selfManaged, kubeControllerManager: selfManaged, kubeSchedulerAlerting: selfManaged, kubeSchedulerRecording: selfManaged, kubeProxy: selfManaged },
    },
    kubeEtcd: { enabled: selfManaged },
    kubeProxy: { enabled: selfManaged },
    kubeScheduler: { enabled: selfManaged },
    kubeControllerManager: { enabled: selfManaged },
    prometheus: {
      prometheusSpec: {
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        retention: `${metricsRetentionDays}d`,
        replicas: o.profile.highAvailability ? 2 : 1,
        resources: { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "4Gi" } },
        storageSpec: {
          volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: o.profile.tier === "dev" ? "20Gi" : "100Gi" } } } },
        },
      },
    },
    alertmanager: {
      config,
      alertmanagerSpec: {
        secrets: mountedSecretNames(config),
        replicas: o.profile.highAvailability ? 3 : 1,
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
    },
    grafana: {
      admin: { existingSecret: o.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
      sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
      resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    },
    prometheusOperator: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
    "kube-state-metrics": { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
    "prometheus-node-exporter": { resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } } },
  };
}
