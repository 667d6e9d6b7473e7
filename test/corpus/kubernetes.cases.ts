// Mistakes on the in-cluster target: KubernetesPlatform, KubernetesOperators, TeamNamespace,
// HttpWorkload, and a MonitoredService's components on the platform.
import { TerraformStack } from "cdktf";
import { Channel, deriveProfile, MonitoredService, secret } from "../../lib";
import { HttpWorkload, HttpWorkloadProps, KubernetesOperatorsProps, KubernetesPlatform, KubernetesPlatformProps, TeamNamespace, TeamNamespaceProps } from "../../lib/kubernetes";
import { kubernetesNotifications, TEST_LOG_ARCHIVE } from "../kubernetes/support";
import { cases, CorpusCase } from "./corpus";
import { ServiceComponents, targetStack, TargetStackOptions, testService } from "../harness";

/** A KubernetesPlatform in prod (stack `platform`), with what `options` add to it. */
export function k8s(platform: Partial<KubernetesPlatformProps> = {}, options: Omit<TargetStackOptions<"kubernetes">, "platform"> = {}): TerraformStack {
  return targetStack("kubernetes", { platform, ...options }).stack;
}

/** The `checkout` service (every data component) with `overrides`. */
const service = (overrides: Partial<ServiceComponents>) => ({ service: testService("kubernetes", overrides) });

/** A team namespace `checkout` (as `platform/team`) and, unless `workload` is false, an HttpWorkload in it (as `platform/api`). */
function team(namespace: Partial<TeamNamespaceProps> = {}, workload: Partial<HttpWorkloadProps> | false = {}) {
  return {
    build: (p: KubernetesPlatform, s: TerraformStack) => {
      const ns = new TeamNamespace(s, "team", { platform: p, name: "checkout", allowIngressFromNamespaces: ["ingress-nginx"], ...namespace });
      if (workload !== false) new HttpWorkload(s, "api", { platform: p, namespace: ns, name: "checkout-api", image: "registry.example.com/checkout-api:1.4.2", ...workload });
    },
  };
}

/** KubernetesOperators in prod (stack `operators`, beside the platform's). */
const operators = (props: Partial<KubernetesOperatorsProps>): TerraformStack => targetStack("kubernetes", { operators: props }).operatorsStack;

/** The app the in-cluster cases start from: the operators, the service with every component, a team namespace and a workload. */
export const kubernetesClean = (): TerraformStack => targetStack("kubernetes", { operators: true, service: true, ...team() }).stack;

const P = "platform/platform";
const S = "platform/checkout";
const W = "platform/api";
const N = "platform/team";

export const KUBERNETES_CASES: CorpusCase[] = cases([
  // Platform and operators
  { name: "a kubeconfig connection without a context", build: () => k8s({ connection: { kind: "kubeconfig", context: "" } }), path: P, says: ["`connection.context`"] },
  { name: "an endpoint connection without a credential command", build: () => k8s({ connection: { kind: "endpoint", host: "https://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: " " } } }), path: P, says: ["`connection.exec.command`", "empty", '"aws"'] },
  { name: "an endpoint over http", build: () => k8s({ connection: { kind: "endpoint", host: "http://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: "aws" } } }), path: P, says: ["`connection.host`", '"http://api.example.com"', "https"] },
  { name: "a system namespace with capitals", build: () => k8s({ systemNamespace: "Vigil" }), path: P, says: ["`systemNamespace`", '"Vigil"', "lowercase"] },
  { name: "an owner left empty", build: () => k8s({ owner: "" }), path: P, says: ["`owner`", "empty"] },
  { name: "a webhook with a token in its query string", build: () => k8s({ notifications: { ...kubernetesNotifications, channels: { ...kubernetesNotifications.channels, hook: Channel.webhook("https://hooks.example.com/alerts?access_token=at-55e1f0") } } }), path: P, says: ["`channels.hook`.url", "secret("], secrets: ["at-55e1f0"] },
  { name: "a runbook base URL without a scheme", build: () => k8s({ notifications: { ...kubernetesNotifications, runbookBaseUrl: "runbooks.example.com" } }, service({})), path: P, says: ["`notifications.runbookBaseUrl`", '"runbooks.example.com"', "https"] },
  { name: "a Grafana admin secret name with capitals", build: () => operators({ grafanaAdminSecret: "Grafana_Admin" }), path: "operators/operators", says: ["`grafanaAdminSecret`", '"Grafana_Admin"'] },
  { name: "an operator that does not exist", build: () => operators({ operators: { rabbitmq: true } as never }), path: "operators/operators", says: ["`operators.rabbitmq`", "strimzi"] },
  { name: "an SMTP relay without a port", build: () => operators({ delivery: { smtp: { smarthost: "smtp.example.com", from: "alerts@example.com" } } }), path: "operators/operators", says: ["`delivery.smtp.smarthost`", '"smtp.example.com"', ":587"] },
  // Team namespaces
  { name: "a team namespace called kube-system", build: () => k8s({}, team({ name: "kube-system" }, false)), path: N, says: ["`name`", '"kube-system"', "reserved"] },
  { name: "a team namespace called default", build: () => k8s({}, team({ name: "default" }, false)), path: N, says: ["`name`", '"default"', "reserved"] },
  { name: "a team namespace called kube-node-lease", build: () => k8s({}, team({ name: "kube-node-lease" }, false)), path: N, says: ["`name`", '"kube-node-lease"', "reserved"] },
  {
    name: "two team namespaces with the same name",
    build: () =>
      k8s({}, {
        build: (p, s) => {
          new TeamNamespace(s, "team", { platform: p, name: "checkout" });
          new TeamNamespace(s, "team-2", { platform: p, name: "checkout" });
        },
      }),
    path: "platform/team-2",
    says: ["`name`", '"checkout"', "platform/team"],
  },
  { name: "a team namespace called monitoring", build: () => k8s({}, team({ name: "monitoring" }, false)), path: N, says: ["`name`", '"monitoring"', "kube-prometheus-stack"] },
  {
    name: "a team namespace named like a service's data namespace",
    build: () =>
      k8s({}, {
        build: (p, s) => {
          new TeamNamespace(s, "team", { platform: p, name: "checkout-data" });
          new MonitoredService(s, "checkout", { platform: p, ...testService("kubernetes", { cassandra: undefined, search: undefined, kafka: undefined }) });
        },
      }),
    path: P,
    says: ['"checkout-data"', "platform/team", "rename"],
  },
  { name: "a namespace with capitals", build: () => k8s({}, team({ name: "Checkout_Team" }, false)), path: N, says: ["`name`", '"Checkout_Team"', "lowercase"] },
  { name: "a quota that is not a quantity", build: () => k8s({}, team({ quota: { cpuRequests: "lots" } }, false)), path: N, says: ["`quota.cpuRequests`", '"lots"', '"8"'] },
  { name: "a container default request above its limit", build: () => k8s({}, team({ containerDefaults: { memoryRequest: "512Mi" } }, false)), path: N, says: ["`containerDefaults.memoryRequest`", "512Mi", "256Mi"] },
  { name: "an allowed namespace with a space", build: () => k8s({}, team({ allowEgressToNamespaces: ["checkout data"] }, false)), path: N, says: ['"checkout data"'] },
  // Workloads
  { name: "a password in a workload's env", build: () => k8s({}, team({}, { env: { DB_PASSWORD: "pg-Pa55word-9" } })), path: W, says: ["`env.DB_PASSWORD`", "secret("], secrets: ["pg-Pa55word-9"] },
  { name: "an API token in a workload's env", build: () => k8s({}, team({}, { env: { STRIPE_API_TOKEN: "sk_live_51Habc" } })), path: W, says: ["`env.STRIPE_API_TOKEN`", "secret("], secrets: ["sk_live_51Habc"] },
  { name: "a signing key in a workload's env", build: () => k8s({}, team({}, { env: { JWT_SIGNING_KEY: "jwk-0f9e8d7c" } })), path: W, says: ["`env.JWT_SIGNING_KEY`", "secret("], secrets: ["jwk-0f9e8d7c"] },
  { name: "a database URL with a password in a workload's env", build: () => k8s({}, team({}, { env: { DATABASE_URL: "postgres://app:dbpw-77x@db:5432/shop" } })), path: W, says: ["`env.DATABASE_URL`", "secret("], secrets: ["dbpw-77x"] },
  { name: "an env entry written as NAME=value", build: () => k8s({}, team({}, { env: { "LOG_LEVEL=debug": "" } })), path: W, says: ["`env.LOG_LEVEL=debug`", '"="', 'LOG_LEVEL: "debug"'] },
  { name: "an env secret whose key has a space", build: () => k8s({}, team({}, { env: { DB_PASSWORD: secret("checkout-db", "db password") } })), path: W, says: ["`env.DB_PASSWORD`", '"db password"', "Secret key"] },
  { name: "an image without a tag", build: () => k8s({}, team({}, { image: "registry.example.com/checkout-api" })), path: W, says: ["`image`", '"registry.example.com/checkout-api"', "1.4.2"] },
  { name: "a privileged port", build: () => k8s({}, team({}, { port: 80 })), path: W, says: ["`port`", "80", "1024 to 65535"] },
  { name: "one replica in prod", build: () => k8s({}, team({}, { replicas: { min: 1, max: 3 } })), path: W, says: ["`replicas.min`", "1", "at least 2"] },
  { name: "replicas min above max", build: () => k8s({}, team({}, { replicas: { min: 6, max: 4 } })), path: W, says: ["`replicas.min`", "6", "`replicas.max`", "4"] },
  { name: "a CPU target written as a fraction", build: () => k8s({}, team({}, { targetCpuUtilization: 0.7 })), path: W, says: ["`targetCpuUtilization`", "0.7", "10 to 100"] },
  { name: "a preStop delay as long as the grace period", build: () => k8s({}, team({}, { preStopDelaySeconds: 30, terminationGracePeriodSeconds: 30 })), path: W, says: ["`preStopDelaySeconds`", "30", "`terminationGracePeriodSeconds`"] },
  { name: "a CPU request above its limit", build: () => k8s({}, team({}, { resources: { cpuRequest: "2", cpuLimit: "500m" } })), path: W, says: ["`resources.cpuRequest`", "2", "500m"] },
  { name: "a workload SLO objective of 0.99", build: () => k8s({}, team({}, { slos: [{ name: "orders", objective: 0.99, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] })), path: W, says: ["`slos[0].objective`", "0.99", "did you mean 99?"] },
  { name: "a workload SLO objective of 80 %", outcome: "warning", build: () => k8s({}, team({}, { slos: [{ name: "orders", objective: 80, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] })), path: W, says: ["`slos[0].objective`", "80", "below 90"] },
  { name: "a default latency threshold in milliseconds", outcome: "warning", build: () => k8s({}, team({}, { defaultSlos: { latencyThresholdSeconds: 250 } })), path: W, says: ["`defaultSlos.latencyThresholdSeconds`", "250", "0.25"] },
  { name: "a Kafka storage alert threshold written as a fraction", outcome: "warning", build: () => k8s({}, service({ kafka: { alerts: { "storage-low": { threshold: 0.15 } } } })), path: `${S}/kafka`, says: ["`kafka.alerts.storage-low.threshold`", "0.15", "15"] },
  { name: "a workload SLO with a PromQL typo", build: () => k8s({}, team({}, { slos: [{ name: "orders", objective: 99, sli: { kind: "ratio", errors: "orders_total{result=failed}", total: "orders_total" } }] })), path: W, says: ["`slos[0].sli.errors`", "orders_total{result=failed}"] },
  { name: "a workload SLO period of 31 days", build: () => k8s({}, team({}, { slos: [{ name: "orders", objective: 99, period: "31d" as never, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] })), path: W, says: ["`slos[0].period`", '"31d"', "7d, 14d, 28d, 30d"] },
  // Service components
  { name: "a service SLO with matchers in braces", build: () => k8s({}, service({ slos: [{ name: "fast", objective: 99, sli: { kind: "latency", histogram: "http_request_duration_seconds", matchers: '{service="checkout"}', thresholdSeconds: 0.3 } }] })), path: S, says: ["`slos[0].sli.matchers`", '{service=\\"checkout\\"}'] },
  { name: "Kafka with no brokers", build: () => k8s({}, service({ kafka: { brokers: 0 } })), path: `${S}/kafka`, says: ["`kafka.brokers`", "0"] },
  { name: "Kafka replication above the brokers", build: () => k8s({}, service({ kafka: { brokers: 3, replicationFactor: 4 } })), path: `${S}/kafka`, says: ["`kafka.replicationFactor`", "4", "1 to 3"] },
  { name: "two consumer groups that make the same KafkaUser", build: () => k8s({}, service({ kafka: { topics: { orders: { consumerGroups: ["ledger.v1", "ledger_v1"] } } } })), path: `${S}/kafka`, says: ['"ledger.v1"', '"ledger_v1"', "rename one"] },
  { name: "a Cassandra replication factor above the nodes", build: () => k8s({}, service({ cassandra: { datacenters: { dc1: { nodes: 2, replicationFactor: 3 } } } })), path: `${S}/cassandra`, says: ["`cassandra.datacenters.dc1`", "3", "1 to 2"] },
  { name: "a CQL column of an unknown type", build: () => k8s({}, service({ cassandra: { keyspaces: { shop: { tables: { carts: { columns: { id: "uuid", total: "money" }, partitionKey: ["id"] } } } } } })), path: `${S}/cassandra`, says: ["total", '"money"', "decimal"] },
  { name: "search storage below 10 GiB", build: () => k8s({}, service({ search: { storageGiB: 5 } })), path: `${S}/search`, says: ["`search.storageGiB`", "5", "10 to 16384"] },
  { name: "PostgreSQL without a standby in prod", build: () => k8s({}, service({ postgres: { highAvailability: false } })), path: `${S}/postgres`, says: ["`postgres.highAvailability`", "false"] },
  { name: "PostgreSQL backups of 2 days in prod", build: () => k8s({}, service({ postgres: { backupRetentionDays: 2 } })), path: `${S}/postgres`, says: ["`postgres.backupRetentionDays`", "2", "35"] },
  { name: "a managed placement on a cluster", build: () => k8s({}, service({ postgres: { placement: "managed" } })), path: S, says: ["`postgres.placement`", '"managed"', '"in-cluster"'] },
  // Logs (issue 16)
  { name: "a log namespace with capitals", build: () => k8s({}, service({ logs: { namespaces: ["Checkout"] } })), path: S, says: ["`logs.namespaces[0]`", '"Checkout"', "lowercase"] },
  { name: "logs-missing after 610 seconds", build: () => k8s({}, service({ logs: { alerts: { "logs-missing": { threshold: 610 } } } })), path: `${S}/observability`, says: ["`logs.alerts.logs-missing.threshold`", "610", "a multiple of 60"] },
  { name: "a prod profile keeping 30 days of searchable logs", build: () => k8s({ environment: deriveProfile("prod", { name: "live", logRetentionDays: 30 }) }), path: P, says: ["`logRetentionDays`", "30", "at least 90"] },
  { name: "a log archive shorter than the searchable days", build: () => k8s({ environment: deriveProfile("staging", { name: "perf", logArchiveDays: 20 }) }), path: P, says: ["`logArchiveDays`", "20", "`logRetentionDays` (30)"] },
  { name: "prod without a log archive", build: () => k8s({ logs: {} }), path: P, says: ["`logs.archive`", "not set", "Object Lock"] },
  { name: "a log index prefix with capitals", build: () => k8s({ logs: { archive: TEST_LOG_ARCHIVE, indexPrefix: "K8s_Logs" } }), path: P, says: ["`logs.indexPrefix`", '"K8s_Logs"'] },
  // Edge (issue 17)
  { name: "an edge host name with a scheme", build: () => k8s({}, service({ edge: { hostname: "https://checkout.example.com", backend: { service: "checkout-api", port: 8080 } } })), path: S, says: ["`edge.hostname`", '"https://checkout.example.com"', "without scheme"] },
  { name: "a detection-only WAF in prod", build: () => k8s({}, service({ edge: { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 }, waf: { mode: "detect" } } })), path: S, says: ["`edge.waf.mode`", '"detect"', "prod-tier", '"block"'] },
  { name: "a WAF rate limit of 50 requests", build: () => k8s({}, service({ edge: { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 }, waf: { rateLimitPer5Minutes: 50 } } })), path: S, says: ["`edge.waf.rateLimitPer5Minutes`", "50", "from 100"] },
  { name: "an edge latency SLO at 300 ms", build: () => k8s({}, service({ edge: { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } }, slos: [{ name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.3 } }] })), path: S, says: ["`slos[0].sli.thresholdSeconds`", "0.3", "0.25 or 0.5"] },
]);



