import { Channel, deriveProfile, secret } from "../../lib";
import { validationMessages } from "../../lib/testing";
import type { AzurePlatformProps } from "../../lib/azure";
import { messageAt, ServiceComponents, targetStack } from "../harness";

/** Validation messages of a platform built with `overrides` and, optionally, a service. */
function messages(overrides: Partial<AzurePlatformProps>, service?: ServiceComponents): string[] {
  return validationMessages(targetStack("azure", { platform: overrides, service }).stack);
}

describe("bad input fails synth with a clear message", () => {
  test("a location that is not an Azure region", () => {
    expect(messages({ location: "West Europe" })).toContainEqual(
      messageAt("test/platform", "`location`", '"West Europe"', "not an Azure region", 'write it as "westeurope"', "`az account list-locations -o table`"),
    );
    expect(messages({ location: "eu-west-1" })).toContainEqual(messageAt("test/platform", "`location`", '"eu-west-1"', "not an Azure region", "use a region name"));
  });

  test("zone redundancy asked in a region without zones", () => {
    expect(messages({ location: "westus" })).toContainEqual(
      messageAt("test/platform", "`location`", '"westus"', "no availability zones", '"prod" runs zone-redundant', "pick a region with zones", "highAvailability=false"),
    );
    expect(messages({ location: "westus", environment: "dev" })).toEqual([]);
  });

  test("names breaking Azure's naming rules for the resource type", () => {
    expect(messages({ cluster: { name: "-bad-cluster" } })).toContainEqual(messageAt("test/platform/cluster", "`cluster.name`", '"-bad-cluster"', "not a valid AKS cluster name", "starting and ending with a letter or digit"));
    expect(messages({}, { postgres: { name: "Checkout_DB" } })).toContainEqual(messageAt("test/checkout/postgres", "`postgres.name`", '"Checkout_DB"', "not a valid PostgreSQL flexible server name", "use lowercase letters"));
    expect(messages({}, { kafka: { name: "ehns" } })).toContainEqual(messageAt("test/checkout/kafka", "`kafka.name`", '"ehns"', "4 characters", "an Event Hubs namespace name needs at least 6"));
    expect(messages({}, { cassandra: { name: "my--cluster" } })).toContainEqual(messageAt("test/checkout/cassandra", "`cassandra.name`", '"my--cluster"', "not a valid Managed Instance for Apache Cassandra cluster name"));
    expect(messages({ cluster: { nodePools: { "general-purpose": {} } } })).toContainEqual(messageAt("test/platform/cluster", "`nodePools.general-purpose`", "1-12 lowercase letters and digits", "on AKS"));
  });

  test("a Cassandra replication factor above the datacenter's nodes, and fewer nodes than a managed datacenter runs", () => {
    const found = messages({}, { cassandra: { datacenters: { dc1: { nodes: 3, replicationFactor: 5 }, dc2: { nodes: 1 } } } });
    expect(found).toContainEqual(messageAt("test/checkout/cassandra", "`cassandra.datacenters.dc1`.replicationFactor is 5", "3 nodes", "use 1 to 3"));
    expect(found).toContainEqual(messageAt("test/checkout/cassandra", "`cassandra.datacenters.dc2`.nodes is 1", "at least 3 nodes"));
  });

  test("Event Hubs limits of the tier", () => {
    expect(messages({}, { kafka: { topics: { orders: { partitions: 200, retentionHours: 24 * 120 } } } })).toEqual(
      expect.arrayContaining([
        messageAt("test/checkout/kafka", "`kafka.topics.orders`.partitions is 200", "Event Hubs Premium allows at most 100"),
        messageAt("test/checkout/kafka", "`kafka.topics.orders`.retentionHours is 2880", "Event Hubs Premium keeps events at most 90 days"),
      ]),
    );
  });

  test("a secret needed without a Key Vault, a subscription id that is not a GUID, Telegram without a relay", () => {
    const found = messages({ keyVaultId: undefined, subscriptionId: "my-subscription", notifications: { channels: { tg: { kind: "telegram", chatId: "42" }, mail: { kind: "email", address: "a@example.com" } }, routes: { page: ["tg"], ticket: ["mail"] }, runbookBaseUrl: "https://runbooks.example.com" } }, { cassandra: {} });
    expect(found).toContainEqual(expect.stringContaining('`subscriptionId` "my-subscription" is not a subscription id (a GUID)'));
    expect(found).toContainEqual(
      messageAt("test/platform/alerting", "`channels.tg`", "cannot call the Telegram Bot API", "set `delivery.telegram.relayUrls.tg` on the AzurePlatform", "chat 42"),
    );
    // The Slack relay of the default delivery names a channel these notifications do not have.
    expect(found).toContainEqual(messageAt("test/platform/alerting", "`delivery.slack.relayUrls.slack`", "names no channel", "fix the name or remove the entry"));
    expect(found).toContainEqual(expect.stringContaining('`cassandra` (the cluster\'s initial admin password) needs the secret "checkout-prod-cassandra-admin", but `keyVaultId` is not set'));
  });

  test("PostgreSQL without an Entra administrator (nobody could sign in), or with an object id that is not a GUID", () => {
    expect(messages({ databaseAdministrator: undefined }, { postgres: {} })).toContainEqual(
      messageAt("test/checkout/postgres", "`databaseAdministrator` is not set", "PostgreSQL server checkout-prod", "nobody could log in", "set `databaseAdministrator: { objectId, principalName, principalType: \"Group\" }`"),
    );
    expect(messages({ databaseAdministrator: undefined }, { kafka: {} })).toEqual([]);
    expect(messages({ databaseAdministrator: { objectId: "db-admins", principalName: "db-admins", principalType: "Group" } }, { postgres: {} })).toContainEqual(
      expect.stringContaining('`databaseAdministrator.objectId` "db-admins" is not an Entra object id (a GUID)'),
    );
  });

  test("Cassandra without the Azure Cosmos DB service principal's object id says how to find it", () => {
    expect(messages({ cosmosDbPrincipalId: undefined }, { cassandra: {} })).toContainEqual(
      messageAt("test/checkout/cassandra", "`cosmosDbPrincipalId` is not set", "Network Contributor on the VNet", "set `cosmosDbPrincipalId`", "az ad sp show"),
    );
    expect(messages({ cosmosDbPrincipalId: undefined }, { postgres: {} })).toEqual([]);
    expect(messages({ cosmosDbPrincipalId: "Azure Cosmos DB" }, { cassandra: {} })).toContainEqual(expect.stringContaining('`cosmosDbPrincipalId` "Azure Cosmos DB" is not an object id (a GUID)'));
  });

  test("a routed Slack channel without its relay (an action group cannot post to a Slack incoming webhook); an unrouted one is not delivered, so not checked", () => {
    const notifications = (routes: { page: string[]; ticket: string[] }) => ({ channels: { chat: Channel.slack("#alerts"), mail: Channel.email("a@example.com") }, routes, runbookBaseUrl: "https://runbooks.example.com" });
    expect(messages({ notifications: notifications({ page: ["mail"], ticket: ["chat"] }), delivery: {} })).toEqual([
      messageAt("test/platform/alerting", "`channels.chat`", "a Slack incoming webhook rejects", "set `delivery.slack.relayUrls.chat` on the AzurePlatform", "#alerts"),
    ]);
    expect(messages({ notifications: notifications({ page: ["mail"], ticket: ["mail"] }), delivery: {} })).toEqual([]);
    expect(messages({ notifications: notifications({ page: ["mail"], ticket: ["chat"] }), delivery: { slack: { relayUrls: { chat: "http://relay.example.com", mail: "https://relay.example.com" } } } })).toEqual([
      messageAt("test/platform/alerting", "`delivery.slack.relayUrls.chat`", '"http://relay.example.com"', "not an https URL"),
      messageAt("test/platform/alerting", "`delivery.slack.relayUrls.mail`", "`channels.mail` is an email address", "remove the entry"),
    ]);
  });

  test("a webhook whose bearer token an action group cannot send needs its Azure URL; an Azure role is a channel Azure delivers", () => {
    const notifications = {
      channels: { hook: Channel.webhook("https://hooks.example.com/alerts", secret("hook-token")), owners: Channel.azureRole("Owner") },
      routes: { page: ["owners"], ticket: ["hook"] },
      runbookBaseUrl: "https://runbooks.example.com",
    };
    expect(messages({ notifications, delivery: {} })).toEqual([
      messageAt("test/platform/alerting", "`channels.hook`", "`bearerToken`", "set `delivery.webhook.urls.hook` on the AzurePlatform"),
    ]);
    expect(messages({ notifications, delivery: { webhook: { urls: { hook: secret("hook-url-with-key") } } } })).toEqual([]);
  });

  test("AKS pod and service ranges overlapping the VNet or each other, and ranges that do not parse", () => {
    expect(messages({ network: { cidr: "192.168.0.0/16" } })).toContainEqual(
      messageAt("test/platform/cluster", "`cluster.podCidr`", '"192.168.0.0/16" overlaps `network.cidr` "192.168.0.0/16"', "pick disjoint blocks"),
    );
    expect(messages({ network: { cidr: "172.16.0.0/18" } })).toContainEqual(
      messageAt("test/platform/cluster", "`cluster.serviceCidr`", '"172.16.0.0/16" overlaps `network.cidr` "172.16.0.0/18"', "pick disjoint blocks"),
    );
    expect(messages({ cluster: { podCidr: "172.16.128.0/17" } })).toContainEqual(
      expect.stringContaining('`cluster.serviceCidr` "172.16.0.0/16" overlaps `cluster.podCidr` "172.16.128.0/17"'),
    );
    expect(messages({ cluster: { serviceCidr: "10.96.0.1/16" } })).toContainEqual(messageAt("test/platform/cluster", "`cluster.serviceCidr`", '"10.96.0.1/16"', "host bits", 'the network address is "10.96.0.0/16"'));
    expect(messages({ cluster: { podCidr: "100.64.0.0/16", serviceCidr: "10.100.0.0/16" } })).toEqual([]);
  });

  test("PostgreSQL storage above the 32 TiB a flexible server holds", () => {
    expect(messages({}, { postgres: { storageGiB: 40000 } })).toContainEqual(messageAt("test/checkout/postgres", "`postgres.storageGiB` is 40000", "use 20 to 32768"));
  });

  test("a valid platform with its service synthesizes cleanly, also on a derived profile", () => {
    expect(messages({}, { postgres: {}, kafka: {}, cassandra: {} })).toEqual([]);
    expect(messages({ environment: deriveProfile("staging", { name: "perf" }) }, { postgres: {} })).toEqual([]);
  });
});
