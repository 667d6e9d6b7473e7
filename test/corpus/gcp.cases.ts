// Mistakes on the GCP target: GcpPlatform props, and a MonitoredService's components on it.
import { TerraformStack } from "cdktf";
import { Channel, MonitoredService, secret } from "../../lib";
import { GcpPlatformProps } from "../../lib/gcp";
import { gcpNotifications } from "../gcp/support";
import { cases, CorpusCase } from "./corpus";
import { ServiceComponents, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

/** A GcpPlatform in prod (stack `prod-gcp-infra`, in-cluster stack `prod-gcp-platform`), with `service` on it as `prod-gcp-infra/checkout` when given. */
export function gcp(platform: Partial<GcpPlatformProps> = {}, service?: ServiceComponents, environment: EnvironmentTier = "prod"): TerraformStack {
  return targetStack("gcp", { environment, platform, service }).stack;
}

/** The service the GCP cases start from: Managed Kafka, Cloud SQL and a probed endpoint. */
export const gcpClean = (): TerraformStack => targetStack("gcp", { service: true }).stack;

const channels = (extra: GcpPlatformProps["notifications"]["channels"], routes: GcpPlatformProps["notifications"]["routes"] = gcpNotifications.routes): Partial<GcpPlatformProps> => ({
  notifications: { ...gcpNotifications, channels: { ...gcpNotifications.channels, ...extra }, routes },
});

const P = "prod-gcp-infra/platform";
const S = "prod-gcp-infra/checkout";

export const GCP_CASES: CorpusCase[] = cases([
  { name: "an AWS Region given as the region", build: () => gcp({ region: "eu-west-1" }), path: P, says: ["`region`", '"eu-west-1"', "europe-west1"] },
  { name: "a zone given as the region", build: () => gcp({ region: "europe-west1-b" }), path: P, says: ["`region`", '"europe-west1-b"', 'its region is "europe-west1"'] },
  { name: "a project id with capitals", build: () => gcp({ project: "Checkout" }), path: P, says: ["`project`", '"Checkout"', "6-30 lowercase letters"] },
  { name: "a label key with capitals", build: () => gcp({ labels: { "Cost-Center": "cc42" } }), path: P, says: ["`labels`", '"Cost-Center"', "lowercase"] },
  { name: "an environment spelled with a capital", build: () => gcp({ environment: "Prod" as EnvironmentTier /* from JavaScript or JSON: TypeScript rejects it */ }), path: P, says: ["`environment`", '"Prod"', "dev, staging, prod"] },
  // Network
  { name: "an address space too small", build: () => gcp({ network: { cidr: "10.0.0.0/24" } }), path: P, says: ["`network.cidr`", '"10.0.0.0/24"', "/16 to /20"] },
  { name: "an address space that is not a CIDR", build: () => gcp({ network: { cidr: "10.0.0.0" } }), path: P, says: ["`network.cidr`", '"10.0.0.0"', "a.b.c.d/n"] },
  { name: "a pods range overlapping the nodes", build: () => gcp({ network: { cidr: "10.0.0.0/16", podsCidr: "10.0.8.0/21" } }), path: P, says: ["`network.podsCidr`", '"10.0.8.0/21"', "disjoint"] },
  { name: "a control plane range that is not a /28", build: () => gcp({ network: { controlPlaneCidr: "10.0.96.0/27" } }), path: P, says: ["`network.controlPlaneCidr`", '"10.0.96.0/27"', "/28"] },
  { name: "a VPC in public address space", outcome: "warning", build: () => gcp({ network: { cidr: "100.200.0.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"100.200.0.0/16"', "10.0.0.0/8"] },
  // Cluster
  { name: "a node pool above GKE's 1,000 nodes per zone", build: () => gcp({ cluster: { nodePools: { general: { maxNodes: 3500 } } } }), path: `${P}/cluster`, says: ["maxNodes", "3500", "3000"] },
  { name: "a node pool with fewer nodes than zones in prod", build: () => gcp({ cluster: { nodePools: { general: { minNodes: 1 } } } }), path: `${P}/cluster`, says: ["minNodes", "1", ">= 3"] },
  { name: "a cluster name with capitals", build: () => gcp({ cluster: { name: "Checkout" } }), path: `${P}/cluster`, says: ["`cluster.name`", '"Checkout"'] },
  { name: "an API endpoint CIDR that is not one", build: () => gcp({ cluster: { publicAccessCidrs: ["office"] } }), path: `${P}/cluster`, says: ["`cluster.publicAccessCidrs`", '"office"', "CIDR"] },
  { name: "a node memory threshold written as a fraction", outcome: "warning", build: () => gcp({ cluster: { alerts: { "node-memory-high": { threshold: 0.9 } } } }), path: `${P}/cluster`, says: ["`cluster.alerts.node-memory-high.threshold`", "0.9", "90"] },
  // Notifications
  { name: "a Slack channel without its #", build: () => gcp(channels({ chat: Channel.slack("checkout-alerts") })), path: P, says: ["`channels.chat`.channel", '"checkout-alerts"', '"#'] },
  { name: "a Slack app token in clear", build: () => gcp({ delivery: { slack: { authToken: "xoxb-1111-2222-clear" as never }, webhook: { urls: { hooks: secret("vigil/checkout/hooks-url") } } } }), path: `${P}/alerting`, says: ["`delivery.slack.authToken`", "secret("], secrets: ["xoxb-1111-2222-clear"] },
  {
    name: "an issue tracker URL with an API key in its query",
    build: () => gcp(channels({ jira: Channel.issue("https://jira.example.com/hook?apikey=AK-77aa99bb", "OPS") }, { ...gcpNotifications.routes, ticket: ["hooks", "chat", "jira"] })),
    path: P,
    says: ["`channels.jira`.url", "secret("],
    secrets: ["AK-77aa99bb"],
  },
  { name: "a Telegram chat id with a space", build: () => gcp(channels({ tg: Channel.telegram("my chat") })), path: P, says: ["`channels.tg`.chatId", '"my chat"'] },
  { name: "a runbook base URL over http", build: () => gcp({ notifications: { ...gcpNotifications, runbookBaseUrl: "http://wiki.example.com/runbooks" } }, { postgres: {} }), path: P, says: ["`notifications.runbookBaseUrl`", '"http://wiki.example.com/runbooks"', "https"] },
  // Service
  { name: "an SLO objective of 1 (a fraction)", build: () => gcp({}, { slos: [{ name: "orders", objective: 1, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] }), path: S, says: ["`slos[0].objective`", "is 1,", "percentages", "99.9"] },
  { name: "an SLO objective of 100", build: () => gcp({}, { slos: [{ name: "orders", objective: 100, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] }), path: S, says: ["`slos[0].objective`", "100", "below 100"] },
  { name: "a latency SLO with a threshold in milliseconds", outcome: "warning", build: () => gcp({}, { slos: [{ name: "fast", objective: 99, sli: { kind: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 300 } }] }), path: S, says: ["`slos[0].sli.thresholdSeconds`", "300", "0.3"] },
  { name: "a default SLO latency threshold of zero", build: () => gcp({}, { defaultSlos: { latencyThresholdSeconds: 0 } }), path: S, says: ["`defaultSlos.latencyThresholdSeconds`", "0", "seconds"] },
  { name: "an SLO with a negative minimum request rate", build: () => gcp({}, { slos: [{ name: "orders", objective: 99, minRequestRate: -1, sli: { kind: "ratio", errors: 'orders_total{result="failed"}', total: "orders_total" } }] }), path: S, says: ["`slos[0].minRequestRate`", "-1", ">= 0"] },
  { name: "a service name with capitals", build: () => gcp({}, { name: "Checkout", postgres: {} }), path: S, says: ["`name`", '"Checkout"', "lowercase"] },
  { name: "Kafka brokers set where the service derives them", build: () => gcp({}, { kafka: { brokers: 5 } }), path: `${S}/kafka`, says: ["`kafka.brokers`", "5", "leave `brokers` out"] },
  { name: "a topic replication factor above the brokers", build: () => gcp({}, { kafka: { topics: { orders: { replicationFactor: 4 } } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders`", "4", "1 to 3"] },
  { name: "min in-sync replicas equal to the replication factor", build: () => gcp({}, { kafka: { replicationFactor: 3, minInsyncReplicas: 3 } }), path: `${S}/kafka`, says: ["`kafka.minInsyncReplicas`", "3", "1 to 2"] },
  { name: "a Cloud SQL storage above its limit", build: () => gcp({}, { postgres: { storageGiB: 70000 } }), path: `${S}/postgres`, says: ["`postgres.storageGiB`", "70000", "65536"] },
  { name: "Cloud SQL backups kept 40 days", build: () => gcp({}, { postgres: { backupRetentionDays: 40 } }), path: `${S}/postgres`, says: ["`postgres.backupRetentionDays`", "40", "35"] },
  { name: "Cassandra asked for on a managed service GCP lacks", build: () => gcp({}, { cassandra: { placement: "managed" } }), path: S, says: ["`cassandra.placement`", '"managed"', '"in-cluster"'] },
  { name: "a placement that is neither", build: () => gcp({}, { postgres: { placement: "cloud" as never } }), path: S, says: ["`postgres.placement`", '"cloud"', '"managed" or "in-cluster"'] },
  { name: "an endpoint expecting status 99", build: () => gcp({}, { endpoint: { url: "https://checkout.example.com/healthz", expectedStatus: 99 } }), path: S, says: ["`endpoint.expectedStatus`", "99", "100 to 599"] },
  {
    name: "two services with the same name on one platform",
    build: () => {
      const { stack, platform } = targetStack("gcp");
      new MonitoredService(stack, "checkout", { platform, postgres: {} });
      new MonitoredService(stack, "checkout-v2", { platform, name: "checkout", postgres: {} });
      return stack;
    },
    path: "prod-gcp-infra/checkout-v2",
    says: ["`name`", '"checkout"', "prod-gcp-infra/checkout"],
  },
  // Logs (issue 16)
  { name: "a log archive bucket name with capitals", build: () => gcp({ logs: { archiveBucketName: "Checkout-Logs" } }), path: P, says: ["`logs.archiveBucketName`", '"Checkout-Logs"'] },
]);
