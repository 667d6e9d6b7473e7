import type { EnvironmentTier } from "../../lib/core/environment";
// Mistakes on the AWS target: AwsPlatform props, and a MonitoredService's components on it.
import { TerraformStack } from "cdktf";
import { Channel, MonitoredService, secret } from "../../lib";
import { AwsPlatformProps } from "../../lib/aws";
import { cases, CorpusCase } from "./corpus";
import { awsNotifications } from "../aws/support";
import { ServiceComponents, targetStack } from "../harness";


/** An AwsPlatform in prod (stack `test`), with `service` on it as `test/checkout` when given. */
export function aws(platform: Partial<AwsPlatformProps> = {}, service?: ServiceComponents): TerraformStack {
  return targetStack("aws", { platform, service }).stack;
}

/** The service the AWS cases start from: PostgreSQL and a topic read by one group. */
export const awsClean = (): TerraformStack => aws({}, { postgres: {}, kafka: { topics: { orders: { consumerGroups: ["invoicing"] } } } });

const channels = (extra: AwsPlatformProps["notifications"]["channels"], routes: AwsPlatformProps["notifications"]["routes"] = awsNotifications.routes): Partial<AwsPlatformProps> => ({
  notifications: { ...awsNotifications, channels: { ...awsNotifications.channels, ...extra }, routes },
});

const slo = (s: Partial<NonNullable<ServiceComponents["slos"]>[number]>): ServiceComponents => ({
  slos: [{ name: "checkout-errors", objective: 99.5, sli: { kind: "ratio", errors: 'http_requests_total{code=~"5.."}', total: "http_requests_total" }, ...s }],
});

const P = "test/platform";
const S = "test/checkout";

export const AWS_CASES: CorpusCase[] = cases([
  // Platform
  { name: "an environment that is not a profile", build: () => aws({ environment: "qa" as EnvironmentTier /* from JavaScript or JSON: TypeScript rejects it */ }), path: P, says: ["`environment`", '"qa"', "dev, staging, prod", "deriveProfile"] },
  { name: "a service name with capitals and _", build: () => aws({ service: "Checkout_Service" }), path: P, says: ["`service`", '"Checkout_Service"', "lowercase"] },
  { name: "an empty owner", build: () => aws({ owner: " " }), path: P, says: ["`owner`", "empty", "team-checkout"] },
  { name: "a Region that does not exist", build: () => aws({ region: "eu-west-9" }), path: P, says: ["`region`", '"eu-west-9"', "eu-west-1"] },
  { name: "a two-zone Region for a three-zone profile", build: () => aws({ region: "us-west-1" }), path: P, says: ["`region`", '"us-west-1"', "2 Availability Zones", "pick another Region"] },
  { name: "a tag value AWS rejects", build: () => aws({ tags: { team: "checkout#1" } }), path: P, says: ["`tags`", '"checkout#1"', "letters, digits"] },
  { name: "a standard tag overridden", build: () => aws({ tags: { environment: "production" } }), path: P, says: ["`tags.environment`", "\"production\"", "remove it"] },
  // Network
  { name: "a CIDR missing an octet", build: () => aws({ network: { cidr: "10.0.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"10.0.0/16"', "a.b.c.d/n"] },
  { name: "a CIDR with host bits", build: () => aws({ network: { cidr: "10.0.1.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"10.0.1.0/16"', '"10.0.0.0/16"'] },
  { name: "a VPC too small for the subnets", build: () => aws({ network: { cidr: "10.0.0.0/24" } }), path: `${P}/network`, says: ["`network.cidr`", '"10.0.0.0/24"', "/16 to /20"] },
  { name: "a VPC in public address space", outcome: "warning", build: () => aws({ network: { cidr: "52.10.0.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"52.10.0.0/16"', "10.0.0.0/8"] },
  // Cluster
  { name: "a cluster name too long for EKS", build: () => aws({ cluster: { name: "c".repeat(101) } }), path: `${P}/cluster`, says: ["`cluster.name`", "101 characters", "at most 100"] },
  { name: "a Kubernetes version written as a patch release", build: () => aws({ cluster: { version: "v1.34.2" } }), path: `${P}/cluster`, says: ["`cluster.version`", '"v1.34.2"', '"1.34"'] },
  { name: "an EKS version out of support", build: () => aws({ cluster: { version: "1.25" } }), path: `${P}/cluster`, says: ["`cluster.version`", '"1.25"', /1\.3\d/] },
  { name: "an EKS version not released yet", build: () => aws({ cluster: { version: "1.45" } }), path: `${P}/cluster`, says: ["`cluster.version`", '"1.45"', /1\.3\d/] },
  { name: "a node group above EKS's 450 nodes", build: () => aws({ cluster: { nodePools: { general: { maxNodes: 500 } } } }), path: `${P}/cluster`, says: ["maxNodes", "500", "450"] },
  { name: "min nodes above max nodes", build: () => aws({ cluster: { nodePools: { general: { minNodes: 5, maxNodes: 2 } } } }), path: `${P}/cluster`, says: ["minNodes", "5", "maxNodes", "2", "minNodes <= maxNodes"] },
  { name: "a node pool name with capitals", build: () => aws({ cluster: { nodePools: { General_Pool: {} } } }), path: `${P}/cluster`, says: ["`nodePools.General_Pool`", "lowercase"] },
  { name: "a node disk too small", build: () => aws({ cluster: { nodePools: { general: { diskGiB: 8 } } } }), path: `${P}/cluster`, says: ["diskGiB", "8", "20 to"] },
  { name: "a world-open API endpoint in prod", build: () => aws({ cluster: { publicAccessCidrs: ["0.0.0.0/0"] } }), path: `${P}/cluster`, says: ["`cluster.publicAccessCidrs`", '"0.0.0.0/0"', "VPN"] },
  { name: "an admin that is not an ARN", build: () => aws({ cluster: { admins: ["alice"] } }), path: `${P}/cluster`, says: ["`cluster.admins`", '"alice"', "arn:aws:iam::"] },
  { name: "a cluster alert threshold above 100 %", build: () => aws({ cluster: { alerts: { "node-cpu-high": { threshold: 150 } } } }), path: `${P}/cluster`, says: ["`cluster.alerts.node-cpu-high.threshold`", "150", "0 to 100"] },
  // Notifications
  { name: "an email address without @", build: () => aws(channels({ mail: Channel.email("oncall-at-example") })), path: P, says: ["`channels.mail`", '"oncall-at-example"', "email address"] },
  { name: "a webhook over http", build: () => aws(channels({ hook: Channel.webhook("http://hooks.example.com") })), path: P, says: ["`channels.hook`", '"http://hooks.example.com"', "https"] },
  {
    name: "a webhook URL with a password in it",
    build: () => aws(channels({ hook: Channel.webhook("https://alerts:Sup3rS3cret@hooks.example.com/in") })),
    path: P,
    says: ["`channels.hook`.url", "secret("],
    secrets: ["Sup3rS3cret"],
  },
  {
    name: "a webhook URL with a token in its query string",
    build: () => aws(channels({ hook: Channel.webhook("https://hooks.example.com/in?token=tk_8f3a9c2e71") })),
    path: P,
    says: ["`channels.hook`.url", "token", "secret("],
    secrets: ["tk_8f3a9c2e71"],
  },
  { name: "a PagerDuty key in clear", build: () => aws(channels({ pager: { kind: "pagerduty", routingKey: "R0UT1NGKEY" as never } })), path: P, says: ["`channels.pager`.routingKey", "secret("], secrets: ["R0UT1NGKEY"] },
  { name: "a route to a channel that does not exist", build: () => aws(channels({}, { page: ["pager", "sms"], ticket: ["mail"] })), path: P, says: ["`routes.page`", '"sms"', "add it or fix the name"] },
  { name: "an empty page route", build: () => aws(channels({}, { page: [], ticket: ["mail"] })), path: P, says: ["`routes.page`", "empty"] },
  {
    name: "a runbook base URL that is a relative path",
    build: () => aws({ notifications: { ...awsNotifications, runbookBaseUrl: "wiki/runbooks" } }, { postgres: {} }),
    path: P,
    says: ["`notifications.runbookBaseUrl`", '"wiki/runbooks"', "https"],
  },
  // Service: SLOs
  { name: "an SLO objective written as a fraction", build: () => aws({}, slo({ objective: 0.999 })), path: S, says: ["`slos[0].objective`", "0.999", "did you mean 99.9?"] },
  { name: "an SLO objective below 90 %", outcome: "warning", build: () => aws({}, slo({ objective: 85 })), path: S, says: ["`slos[0].objective`", "85", "90"] },
  { name: "an SLO period of 31 days", build: () => aws({}, slo({ period: "31d" as never })), path: S, says: ["`slos[0].period`", '"31d"', "7d, 14d, 28d, 30d"] },
  { name: "a PromQL typo in an SLO", build: () => aws({}, slo({ sli: { kind: "ratio", errors: 'http_requests_total{code=~"5.."', total: "http_requests_total" } })), path: S, says: ["`slos[0].sli.errors`", "http_requests_total{code=~", "PromQL does not parse"] },
  { name: "an SLO named like a default one", build: () => aws({}, slo({ name: "availability" })), path: S, says: ["`slos[0].name`", '"availability"', "default SLOs", "unique"] },
  // Service: components
  { name: "Kafka with no brokers", build: () => aws({}, { kafka: { brokers: 0 } }), path: `${S}/kafka`, says: ["`kafka.brokers`", "0", ">= 3"] },
  { name: "two brokers in prod", build: () => aws({}, { kafka: { brokers: 2 } }), path: `${S}/kafka`, says: ["`kafka.brokers`", "2", "at least 3"] },
  { name: "a topic with more replicas than brokers", build: () => aws({}, { kafka: { topics: { orders: { replicationFactor: 4 } } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders`", "4", "1 to 3"] },
  { name: "a topic with no partitions", build: () => aws({}, { kafka: { topics: { orders: { partitions: 0 } } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders`", "partitions", "0", ">= 1"] },
  { name: "a topic name with a space", build: () => aws({}, { kafka: { topics: { "new orders": {} } } }), path: `${S}/kafka`, says: ["`kafka.topics.new orders`", "letters, digits"] },
  { name: "a PostgreSQL major that is out of support", build: () => aws({}, { postgres: { version: "12" } }), path: `${S}/postgres`, says: ["`postgres.version`", '"12"', "14, 15, 16, 17, 18"] },
  { name: "PostgreSQL storage below the minimum", build: () => aws({}, { postgres: { storageGiB: 10 } }), path: `${S}/postgres`, says: ["`postgres.storageGiB`", "10", "20 to 65536"] },
  { name: "PostgreSQL backups shorter than prod keeps", build: () => aws({}, { postgres: { backupRetentionDays: 3 } }), path: `${S}/postgres`, says: ["`postgres.backupRetentionDays`", "3", "35"] },
  { name: "PostgreSQL without a standby in prod", build: () => aws({}, { postgres: { highAvailability: false } }), path: `${S}/postgres`, says: ["`postgres.highAvailability`", "false", "remove the override"] },
  { name: "a database name with a dash", build: () => aws({}, { postgres: { databaseName: "checkout-db" } }), path: `${S}/postgres`, says: ["`postgres.databaseName`", '"checkout-db"', '"_"'] },
  {
    name: "two services whose databases share a name",
    build: () => {
      const { stack, platform } = targetStack("aws");
      new MonitoredService(stack, "checkout", { platform, postgres: { name: "shared-db" } });
      new MonitoredService(stack, "invoicing", { platform, postgres: { name: "shared-db" } });
      return stack;
    },
    path: "test/invoicing",
    says: ["`postgres.name`", '"shared-db"', "test/checkout/postgres", "its own name"],
  },
  { name: "an endpoint over http", build: () => aws({}, { endpoint: { url: "http://checkout.example.com/healthz" } }), path: S, says: ["`endpoint.url`", '"http://checkout.example.com/healthz"', "https"] },
  { name: "a component placed in the cluster without an in-cluster stack", build: () => aws({}, { postgres: { placement: "in-cluster" } }), path: S, says: ["`postgres.placement`", '"in-cluster"', "inCluster"] },
  { name: "an alert override of an unknown id", build: () => aws({}, { postgres: { alerts: { "cpu-too-high": { threshold: 80 } } as never } }), path: `${S}/postgres`, says: ["`postgres.alerts.cpu-too-high`", "cpu-high", "docs/alerts.md"] },
  { name: "a negative alert threshold", build: () => aws({}, { postgres: { alerts: { "cpu-high": { threshold: -5 } } } }), path: `${S}/postgres`, says: ["`postgres.alerts.cpu-high.threshold`", "-5", "0 to 100"] },
  { name: "a CPU threshold written as a fraction", outcome: "warning", build: () => aws({}, { postgres: { alerts: { "cpu-high": { threshold: 0.8 } } } }), path: `${S}/postgres`, says: ["`postgres.alerts.cpu-high.threshold`", "0.8", "80"] },
  { name: "a keyspace name with a dash", build: () => aws({}, { cassandra: { keyspaces: { "check-out": { tables: { carts: { columns: { id: "uuid" }, partitionKey: ["id"] } } } } } }), path: `${S}/cassandra`, says: ["`cassandra.keyspaces.check-out`", "letters, digits"] },
  { name: "a search domain with data nodes not a multiple of the zones", build: () => aws({}, { search: { dataNodes: 4 } }), path: `${S}/search`, says: ["`search.dataNodes`", "4", "multiple of 3"] },
  {
    name: "a webhook bearer token given in clear",
    build: () => aws(channels({ hook: { kind: "webhook", url: "https://hooks.example.com/alerts", bearerToken: "bt-4411-clear" as never } })),
    path: P,
    says: ["`channels.hook`.bearerToken", "secret("],
    secrets: ["bt-4411-clear"],
  },
  { name: "a secret reference with an empty name", build: () => aws(channels({ pager: Channel.pagerDuty(secret("")) })), path: P, says: ["`channels.pager`.routingKey", "secret("] },
  // Logs (issue 16)
  { name: "a log group prefix ending in a slash", build: () => aws({ logs: { logGroupPrefix: "/eks/checkout/" } }), path: `${P}/logs`, says: ["`logs.logGroupPrefix`", '"/eks/checkout/"'] },
  { name: "an edge on a platform with no hosted zone", build: () => aws({}, { edge: { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } } }), path: `${S}/edge`, says: ["`edge`", "hostedZoneId", "Route 53 hosted zone"] },
]);
