// Mistakes on the Azure target: AzurePlatform props, and a MonitoredService's components on it.
import { TerraformStack } from "cdktf";
import { Channel, MonitoredService, secret } from "../../lib";
import { AzurePlatformProps } from "../../lib/azure";
import { azureInClusterDelivery, azureNotifications } from "../azure/support";
import { cases, CorpusCase } from "./corpus";
import { ServiceComponents, targetStack, testService } from "../harness";


/** An AzurePlatform in prod (stack `test`), with `service` on it as `test/checkout` when given. */
export function azure(platform: Partial<AzurePlatformProps> = {}, service?: ServiceComponents): TerraformStack {
  return targetStack("azure", { platform, service }).stack;
}

/** An AzurePlatform with its in-cluster stack (`azure-platform`), for components placed in the cluster. */
export function azureWithCluster(service: ServiceComponents): TerraformStack {
  return targetStack("azure", { prepare: (s) => ({ inCluster: { stack: new TerraformStack(s.node.root, "azure-platform"), delivery: azureInClusterDelivery } }), service }).stack;
}

/** The service the Azure cases start from: Event Hubs, Managed Cassandra, PostgreSQL, a probed endpoint. */
export const azureClean = (): TerraformStack => azure({}, testService("azure"));

const channels = (extra: AzurePlatformProps["notifications"]["channels"], routes: AzurePlatformProps["notifications"]["routes"] = azureNotifications.routes): Partial<AzurePlatformProps> => ({
  notifications: { ...azureNotifications, channels: { ...azureNotifications.channels, ...extra }, routes },
});

const P = "test/platform";
const S = "test/checkout";

export const AZURE_CASES: CorpusCase[] = cases([
  { name: "a location written as its display name", build: () => azure({ location: "West Europe" }), path: P, says: ["`location`", '"West Europe"', '"westeurope"'] },
  { name: "a region without zones for a zone-redundant profile", build: () => azure({ location: "westus" }), path: P, says: ["`location`", '"westus"', "no availability zones"] },
  { name: "a subscription given by name", build: () => azure({ subscriptionId: "my-subscription" }), path: P, says: ["`subscriptionId`", '"my-subscription"', "GUID"] },
  { name: "a Key Vault given by name instead of resource id", build: () => azure({ keyVaultId: "kv-checkout" }), path: P, says: ["`keyVaultId`", '"kv-checkout"', "/providers/Microsoft.KeyVault/vaults/"] },
  {
    name: "a Key Vault resource id of another resource type",
    build: () => azure({ keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-secrets/providers/Microsoft.Storage/storageAccounts/stcheckout" }),
    path: P,
    says: ["`keyVaultId`", "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults"],
  },
  { name: "a Cassandra admin password given in clear", build: () => azure({ cassandraAdminPassword: "Cass-Adm1n-Pw!" as never }, { cassandra: {} }), path: P, says: ["`cassandraAdminPassword`", "secret("], secrets: ["Cass-Adm1n-Pw!"] },
  { name: "a Cosmos DB principal given by display name", build: () => azure({ cosmosDbPrincipalId: "Azure Cosmos DB" }, { cassandra: {} }), path: `${S}/cassandra`, says: ["`cosmosDbPrincipalId`", '"Azure Cosmos DB"', "az ad sp show"] },
  { name: "a database administrator without an object id", build: () => azure({ databaseAdministrator: { objectId: "db-admins", principalName: "db-admins", principalType: "Group" } }, { postgres: {} }), path: `${S}/postgres`, says: ["`databaseAdministrator.objectId`", '"db-admins"', "GUID"] },
  { name: "PostgreSQL without an Entra administrator", build: () => azure({ databaseAdministrator: undefined }, { postgres: {} }), path: `${S}/postgres`, says: ["`databaseAdministrator`", "not set", "principalType"] },
  { name: "a tag key Azure rejects", build: () => azure({ tags: { "cost<center>": "42" } }), path: P, says: ["`tags`", '"cost<center>"'] },
  // Network and cluster
  { name: "a VNet address space with host bits", build: () => azure({ network: { cidr: "10.1.2.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"10.1.2.0/16"', '"10.1.0.0/16"'] },
  { name: "a VNet in public address space", outcome: "warning", build: () => azure({ network: { cidr: "20.50.0.0/16" } }), path: `${P}/network`, says: ["`network.cidr`", '"20.50.0.0/16"', "10.0.0.0/8"] },
  { name: "a pod range overlapping the VNet", build: () => azure({ network: { cidr: "10.0.0.0/16" }, cluster: { podCidr: "10.0.0.0/14" } }), path: `${P}/cluster`, says: ["`cluster.podCidr`", '"10.0.0.0/14"', "overlap"] },
  { name: "a node pool name longer than AKS allows", build: () => azure({ cluster: { nodePools: { generalpurpose1: {} } } }), path: `${P}/cluster`, says: ["`nodePools.generalpurpose1`", "lowercase letters and digits"] },
  { name: "a node pool name with a dash", build: () => azure({ cluster: { nodePools: { "general-purpose": {} } } }), path: `${P}/cluster`, says: ["`nodePools.general-purpose`", "lowercase letters and digits"] },
  { name: "a node pool above AKS's 1,000 nodes per zonal pool", build: () => azure({ cluster: { nodePools: { general: { maxNodes: 3500 } } } }), path: `${P}/cluster`, says: ["maxNodes", "3500", "3000"] },
  { name: "a cluster name starting with a dash", build: () => azure({ cluster: { name: "-bad-cluster" } }), path: `${P}/cluster`, says: ["`cluster.name`", '"-bad-cluster"'] },
  { name: "a node disk over the limit", build: () => azure({ cluster: { nodePools: { general: { diskGiB: 20000 } } } }), path: `${P}/cluster`, says: ["diskGiB", "20000", "20 to"] },
  // Notifications
  { name: "an Azure role that cannot be emailed", build: () => azure(channels({ owners: { kind: "azure-role", role: "Global Administrator" as never } }, { page: ["pager", "owners"], ticket: ["mail"] })), path: P, says: ["`channels.owners`.role", '"Global Administrator"', "Owner"] },
  { name: "a Slack relay URL with a token in its path", build: () => azure({ delivery: { slack: { relayUrls: { slack: "https://relay.example.com/hook?sig=sg-3c1d5e" } } } }), path: `${P}/alerting`, says: ["`delivery.slack.relayUrls.slack`", "secret("], secrets: ["sg-3c1d5e"] },
  { name: "a Slack relay for a channel that is not declared", build: () => azure({ delivery: { slack: { relayUrls: { slack: secret("relay"), alerts: secret("relay2") } } } }), path: `${P}/alerting`, says: ["`delivery.slack.relayUrls.alerts`", "names no channel"] },
  { name: "a webhook URL with user and password", build: () => azure(channels({ hook: Channel.webhook("https://ops:hunter2pw@hooks.example.com/alerts") })), path: P, says: ["`channels.hook`.url", "secret("], secrets: ["hunter2pw"] },
  { name: "a PagerDuty key in clear", build: () => azure(channels({ pager: { kind: "pagerduty", routingKey: "pd-clear-0042" as never } })), path: P, says: ["`channels.pager`.routingKey", "secret("], secrets: ["pd-clear-0042"] },
  // Service
  { name: "two topics that make the same event hub", build: () => azure({}, { kafka: { topics: { "orders.v1": {}, orders_v1: {} } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders_v1`", "`kafka.topics.orders.v1`", "rename one"] },
  { name: "an SLO objective of 0.995", build: () => azure({}, { slos: [{ name: "payments", objective: 0.995, sli: { kind: "ratio", errors: 'payments_total{status="error"}', total: "payments_total" } }] }), path: S, says: ["`slos[0].objective`", "0.995", "did you mean 99.5?"] },
  { name: "an SLO period of a quarter", build: () => azure({}, { slos: [{ name: "payments", objective: 99.5, period: "90d" as never, sli: { kind: "ratio", errors: 'payments_total{status="error"}', total: "payments_total" } }] }), path: S, says: ["`slos[0].period`", '"90d"', "7d, 14d, 28d, 30d"] },
  { name: "an Event Hubs partition count above Premium's", build: () => azure({}, { kafka: { topics: { orders: { partitions: 200 } } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders`", "200", "at most 100"] },
  { name: "an Event Hubs retention above 90 days", build: () => azure({}, { kafka: { topics: { orders: { retentionHours: 24 * 120 } } } }), path: `${S}/kafka`, says: ["`kafka.topics.orders`", "2880", "90 days"] },
  { name: "an Event Hubs namespace name too short", build: () => azure({}, { kafka: { name: "ehns" } }), path: `${S}/kafka`, says: ["`kafka.name`", '"ehns"', "at least 6"] },
  { name: "a Cassandra datacenter with one node", build: () => azure({}, { cassandra: { datacenters: { dc1: { nodes: 1 } } } }), path: `${S}/cassandra`, says: ["`cassandra.datacenters.dc1`", "1", "at least 3"] },
  { name: "a Cassandra replication factor above the nodes", build: () => azure({}, { cassandra: { datacenters: { dc1: { nodes: 3, replicationFactor: 5 } } } }), path: `${S}/cassandra`, says: ["`cassandra.datacenters.dc1`", "5", "1 to 3"] },
  { name: "a PostgreSQL server name with capitals", build: () => azure({}, { postgres: { name: "Checkout_DB" } }), path: `${S}/postgres`, says: ["`postgres.name`", '"Checkout_DB"', "lowercase"] },
  { name: "Flexible Server storage above its largest size", build: () => azure({}, { postgres: { storageGiB: 40000 } }), path: `${S}/postgres`, says: ["`postgres.storageGiB`", "40000", "32768"] },
  {
    name: "two services whose PostgreSQL servers share a name",
    build: () => {
      const { stack, platform } = targetStack("azure");
      new MonitoredService(stack, "checkout", { platform, postgres: { name: "shared-db" } });
      new MonitoredService(stack, "invoicing", { platform, postgres: { name: "shared-db" } });
      return stack;
    },
    path: "test/invoicing",
    says: ["`postgres.name`", '"shared-db"', "test/checkout/postgres"],
  },
  { name: "search placed in the cluster without an in-cluster stack", build: () => azure({}, { search: {} }), path: S, says: ["search", "inCluster"] },
  { name: "in-cluster search with data nodes not a multiple of the zones", build: () => azureWithCluster({ search: { dataNodes: 2 } }), path: `${S}/search`, says: ["`search.dataNodes`", "2", "multiple of 3"] },
  // Logs (issue 16)
  { name: "a log archive storage account name with dashes", build: () => azure({ logs: { archiveStorageAccountName: "checkout-logs" } }, testService("azure")), path: `${P}/logs`, says: ["`logs.archiveStorageAccountName`", '"checkout-logs"'] },
]);
