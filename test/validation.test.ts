import { App, TerraformStack } from "cdktf";
import { AwsPlatformProps } from "../lib/aws";
import { Channel, configureStateBackend, deriveProfile, ENVIRONMENT_PROFILES, secret, addValidationErrors } from "../lib";
import { validationMessages } from "../lib/testing";
import { awsNotifications } from "./aws/support";
import type { EnvironmentTier } from "../lib/core/environment";
import { ServiceComponents, targetStack, testService } from "./harness";
import { ENVIRONMENTS } from "./support";

const messagesFor = (overrides: Partial<AwsPlatformProps>) => validationMessages(targetStack("aws", { platform: overrides }).stack);
const withChannels = (channels: AwsPlatformProps["notifications"]["channels"], routes = awsNotifications.routes) => ({
  notifications: { ...awsNotifications, channels: { ...awsNotifications.channels, ...channels }, routes },
});

describe("validation: every bad property fails synth with construct path, value and fix", () => {
  test.each<[string, Partial<AwsPlatformProps>, string]>([
    [
      "unknown environment name",
      { environment: "qa" },
      '[test/platform] `environment` is "qa", which is not a known profile; use one of dev, staging, prod, or pass a profile made with deriveProfile("staging", { name: "qa" })',
    ],
    [
      "service name not usable in resource names",
      { service: "Checkout_Service" },
      '[test/platform] `service` "Checkout_Service" must be 2-30 lowercase letters, digits or "-", starting with a letter (it goes into resource names, labels and tags)',
    ],
    ["empty owner", { owner: " " }, '[test/platform] `owner` is empty; name the owning team, e.g. "team-checkout" (it becomes the owner tag or label)'],
    ["region that does not exist", { region: "eu-west-9" }, '[test/platform] `region` "eu-west-9" is not an AWS Region; use one like eu-central-1, eu-central-2, eu-west-1, eu-west-2, eu-west-3, eu-south-1'],
    ["region with two zones for a three-zone profile", { region: "us-west-1" }, '[test/platform] `region` "us-west-1" has 2 Availability Zones but the environment spans 3; pick another Region or a profile with zones: 2'],
    [
      "tag value AWS rejects",
      { tags: { team: "checkout#1" } },
      '[test/platform] `tags`: tag "team" has value "checkout#1", which is not a valid AWS tag value: up to 256 letters, digits, spaces and _.:/=+-@',
    ],
    ["invalid CIDR", { network: { cidr: "10.0.0/16" } }, '[test/platform/network] `network.cidr` "10.0.0/16" is not an IPv4 CIDR block; write it as a.b.c.d/n, e.g. "10.0.0.0/16"'],
    ["CIDR with host bits", { network: { cidr: "10.0.1.0/16" } }, '[test/platform/network] `network.cidr` "10.0.1.0/16" has host bits set; the network address is "10.0.0.0/16"'],
    ["octet above 255", { network: { cidr: "10.300.0.0/16" } }, '[test/platform/network] `network.cidr` "10.300.0.0/16" has an octet above 255'],
    [
      "VPC too small",
      { network: { cidr: "10.0.0.0/24" } },
      '[test/platform/network] `network.cidr` is "10.0.0.0/24", a /24; use a /16 to /20 block (Vigil carves a subnet per zone and per data service out of it)',
    ],
    [
      "cluster name too long for EKS",
      { cluster: { name: "c".repeat(101) } },
      `[test/platform/cluster] \`cluster.name\` "${"c".repeat(101)}" is 101 characters; a EKS cluster name allows at most 100. Use a shorter name`,
    ],
    [
      "cluster name with characters EKS rejects",
      { cluster: { name: "-checkout.prod" } },
      "[test/platform/cluster] `cluster.name` \"-checkout.prod\" is not a valid EKS cluster name: use letters, digits, '-' and '_', starting with a letter or digit",
    ],
    ["Kubernetes version not a minor version", { cluster: { version: "v1.34.2" } }, '[test/platform/cluster] `cluster.version` "v1.34.2" is not a Kubernetes minor version; write it like "1.34"'],
    ["bad endpoint CIDR", { cluster: { publicAccessCidrs: ["203.0.113.0/33"] } }, '[test/platform/cluster] `cluster.publicAccessCidrs` entry "203.0.113.0/33" has a prefix length above 32'],
    [
      "world-open endpoint outside dev",
      { cluster: { publicAccessCidrs: ["0.0.0.0/0"] } },
      '[test/platform/cluster] `cluster.publicAccessCidrs` contains "0.0.0.0/0" in "prod", where the API endpoint must be private or restricted; list only your VPN or CI egress ranges',
    ],
    ["admin that is not an IAM ARN", { cluster: { admins: ["alice"] } }, '[test/platform/cluster] `cluster.admins` entry "alice" is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)'],
    ["min nodes above max nodes", { cluster: { nodePools: { general: { minNodes: 5, maxNodes: 2 } } } }, "[test/platform/cluster] `nodePools.general`.minNodes (5) is greater than maxNodes (2); set minNodes <= maxNodes"],
    ["desired nodes outside bounds", { cluster: { nodePools: { general: { minNodes: 3, maxNodes: 4, desiredNodes: 9 } } } }, "[test/platform/cluster] `nodePools.general`.desiredNodes (9) is outside [3, 4]; pick a value between minNodes and maxNodes"],
    ["negative min nodes", { environment: "dev", cluster: { nodePools: { general: { minNodes: -1 } } } }, "[test/platform/cluster] `nodePools.general`.minNodes is -1; use a whole number >= 0"],
    ["zero max nodes", { environment: "dev", cluster: { nodePools: { general: { minNodes: 0, maxNodes: 0 } } } }, "[test/platform/cluster] `nodePools.general`.maxNodes is 0; use a whole number >= 1"],
    [
      "HA environment with fewer nodes than zones",
      { cluster: { nodePools: { general: { minNodes: 1 } } } },
      '[test/platform/cluster] `nodePools.general`.minNodes is 1 in "prod", which runs highly available over 3 zones; set minNodes >= 3 so every zone keeps a node',
    ],
    ["pool name not a label", { cluster: { nodePools: { General_Pool: {} } } }, '[test/platform/cluster] `nodePools.General_Pool`: a pool name is 1-31 lowercase letters, digits or "-", starting with a letter'],
    ["disk too small", { cluster: { nodePools: { general: { diskGiB: 8 } } } }, "[test/platform/cluster] `nodePools.general`.diskGiB is 8; use 20 to 16384"],
    ["empty machine types", { cluster: { nodePools: { general: { machineTypes: [] } } } }, "[test/platform/cluster] `nodePools.general`.machineTypes is empty; leave it out to use `size`, or list at least one type"],
    [
      "override of an unknown alert",
      { cluster: { alerts: { "cpu-high": { threshold: 90 } } as never } },
      "[test/platform/cluster] `cluster.alerts.cpu-high` is not one of the cluster alerts, which are nodes-not-ready, node-cpu-high, node-memory-high, node-storage-low, pods-crash-looping, pods-unschedulable (docs/alerts.md). An alert of one target only goes under the target's escape hatch, e.g. `cluster.aws.alerts`",
    ],
    [
      "non-finite threshold",
      { cluster: { alerts: { "node-cpu-high": { threshold: Number.NaN } } } },
      "[test/platform/cluster] `cluster.alerts.node-cpu-high.threshold` is NaN; node-cpu-high takes a percent from 0 to 100 (default 90 %): Average CPU utilization of the worker nodes above the threshold.",
    ],
    ["unknown severity", { cluster: { alerts: { "node-cpu-high": { severity: "urgent" as never } } } }, '[test/platform/cluster] `cluster.alerts.node-cpu-high.severity` is "urgent"; use "page", "ticket" or "info"'],
    ["bad email", withChannels({ mail: Channel.email("oncall-at-example") }), '[test/platform] `channels.mail`.address "oncall-at-example" is not an email address'],
    [
      "webhook not https",
      withChannels({ hook: Channel.webhook("http://hooks.example.com") }),
      '[test/platform] `channels.hook`.url "http://hooks.example.com" is not an https URL; use https://..., or secret("name") when the URL carries a token',
    ],
    [
      "PagerDuty key given in clear",
      withChannels({ pager: { kind: "pagerduty", routingKey: "R0UT1NGKEY" as never } }),
      '[test/platform] `channels.pager`.routingKey must be a secret reference, e.g. secret("pagerduty/checkout"); secrets are never written into the configuration',
    ],
    [
      "Telegram chat id malformed",
      withChannels({ tg: Channel.telegram("my chat") }),
      '[test/platform] `channels.tg`.chatId "my chat" is not a Telegram chat id (a number) or @channel name',
    ],
    [
      "channel name not usable as an id",
      withChannels({ "On Call": Channel.email("a@example.com") }),
      '[test/platform] `channels.On Call`: a channel name must be 1-40 lowercase letters, digits or "-", starting with a letter',
    ],
    [
      "route to a channel that does not exist",
      withChannels({}, { page: ["pager", "sms"], ticket: ["mail"] }),
      '[test/platform] `routes.page` names channel "sms", which is not in `channels` (pager, mail, hook); add it or fix the name',
    ],
    ["route under an unknown severity", withChannels({}, { page: ["pager"], ticket: ["mail"], critical: ["pager"] } as never), "[test/platform] `routes.critical` is not a severity; use page, ticket or info"],
    ["page route empty", withChannels({}, { page: [], ticket: ["mail"] }), "[test/platform] `routes.page` is empty; every page alert must reach at least one channel"],
    [
      "runbook base URL not https",
      { notifications: { ...awsNotifications, runbookBaseUrl: "wiki/runbooks" } },
      '[test/platform] `notifications.runbookBaseUrl` is "wiki/runbooks", not an https URL; point it at where your runbooks are published, e.g. "https://github.com/<org>/<repo>/blob/main/runbooks"',
    ],
    [
      "routed Slack on AWS without the AWS Chatbot ids",
      withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["mail", "chat"] }),
      "[test/platform/alerting] `channels.chat` is a Slack channel; AWS delivers Slack through AWS Chatbot, so set `delivery.slack.workspaceId` and `delivery.slack.channelIds.chat` (the id of #checkout-alerts) on the AwsPlatform (authorize the workspace once in the AWS Chatbot console)",
    ],
    [
      "routed Slack on AWS with the workspace but not the channel's id",
      { ...withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["mail", "chat"] }), delivery: { slack: { workspaceId: "T0123ABCD", channelIds: {} } } },
      "[test/platform/alerting] `channels.chat` is a Slack channel; AWS delivers Slack through AWS Chatbot, so set `delivery.slack.channelIds.chat` (the id of #checkout-alerts) on the AwsPlatform (authorize the workspace once in the AWS Chatbot console)",
    ],
    [
      "a Slack channel name where AWS Chatbot needs the id",
      { ...withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["chat"] }), delivery: { slack: { workspaceId: "T0123ABCD", channelIds: { chat: "#checkout-alerts" } } } },
      '[test/platform/alerting] `delivery.slack.channelIds.chat` "#checkout-alerts" is not a Slack channel id (letters and digits, e.g. "C0456EFGH"), which AWS Chatbot needs instead of the name',
    ],
    [
      "routed Telegram on AWS without a relay",
      withChannels({ tg: Channel.telegram("-100123") }, { page: ["pager"], ticket: ["tg"] }),
      "[test/platform/alerting] `channels.tg` is a Telegram chat; SNS cannot post to Telegram, so set `delivery.telegram.relayUrls.tg` on the AwsPlatform: an HTTPS relay that confirms the SNS subscription and forwards notifications to chat -100123",
    ],
    [
      "a webhook with a bearer token, which SNS cannot send",
      withChannels({ hook: Channel.webhook("https://hooks.example.com/alerts", secret("hook-token")) }),
      "[test/platform/alerting] `channels.hook` sends a `bearerToken`, which an SNS https subscription cannot send (it posts to the URL alone); set `delivery.webhook.urls.hook` on the AwsPlatform: secret(...) holding the URL this endpoint accepts with its credential in it",
    ],
    [
      "a delivery entry for a channel that does not exist",
      { delivery: { telegram: { relayUrls: { telegram: "https://relay.example.com/alert" } } } },
      "[test/platform/alerting] `delivery.telegram.relayUrls.telegram` names no channel in `notifications.channels` (channels it may name: none); fix the name or remove the entry",
    ],
    [
      "an Azure role routed on AWS",
      withChannels({ owners: Channel.azureRole("Owner") }, { page: ["pager", "owners"], ticket: ["mail"] }),
      "[test/platform/alerting] `channels.owners` is an Azure role (Owner): only Azure Monitor can email a role's members, so the AwsPlatform cannot deliver it; route an email address (the team's list) instead in the notifications this platform gets, and keep the role for the AzurePlatform",
    ],
    [
      "derived profile with a prod tier and short audit retention",
      { environment: deriveProfile("prod", { name: "prod-eu", auditLogRetentionDays: 90 }) },
      '[test/platform] environment profile "prod-eu": `auditLogRetentionDays` is 90 in a prod-tier profile; PCI DSS 10.5.1 asks for >= 365',
    ],
    [
      "derived profile with inconsistent node bounds",
      { environment: deriveProfile("dev", { name: "sandbox", nodes: { minNodes: 4, maxNodes: 2, desiredNodes: 3 } }) },
      '[test/platform] environment profile "sandbox": `nodes.minNodes` (4) is greater than `nodes.maxNodes` (2); set minNodes <= maxNodes',
    ],
  ])("%s", (_name, overrides, message) => {
    expect(messagesFor(overrides)).toContain(message);
  });

  test.each<[string, EnvironmentTier, Partial<ServiceComponents>, string]>([
    [
      "replication factor above the broker count",
      "prod",
      { kafka: { replicationFactor: 4 } },
      "[test/checkout/kafka] `kafka.replicationFactor` is 4 but the cluster has 3 brokers; use 1 to 3 (a partition cannot have more copies than brokers)",
    ],
    [
      "brokers not spread evenly over the zones",
      "prod",
      { kafka: { brokers: 4 } },
      '[test/checkout/kafka] `kafka.brokers` is 4 but MSK spreads brokers evenly over 3 zones in "prod"; use a multiple of 3',
    ],
    [
      "topic replication not above min ISR",
      "prod",
      { kafka: { topics: { orders: { replicationFactor: 2 } } } },
      "[test/checkout/kafka] `kafka.topics.orders`.replicationFactor is 2, not above minInsyncReplicas (2); one broker down would block writes — raise it",
    ],
    [
      "Multi-AZ off in prod",
      "prod",
      { postgres: { highAvailability: false } },
      '[test/checkout/postgres] `postgres.highAvailability` is false in "prod", which runs highly available; remove the override (a zone outage would take the database down)',
    ],
    [
      "backup retention below the profile's minimum",
      "staging",
      { postgres: { backupRetentionDays: 3 } },
      '[test/checkout/postgres] `postgres.backupRetentionDays` is 3; "staging" keeps at least 7 days (at most 35)',
    ],
    [
      "an instance class RDS does not offer for PostgreSQL",
      "prod",
      { postgres: { instanceType: "db.m7x.large" } },
      '[test/checkout/postgres] `postgres.instanceType` "db.m7x.large" is not a DB instance class RDS offers for PostgreSQL; use a class of db.t3, db.t4g, db.m5, db.m6g, db.m6i, db.m7g, db.r5, db.r6g, db.r6i, db.r7g (e.g. "db.m7g.large"), or leave it out to use `size`',
    ],
    [
      "an EC2 type given where a DB instance class is expected",
      "dev",
      { postgres: { instanceType: "m7g.large" } },
      '[test/checkout/postgres] `postgres.instanceType` "m7g.large" is not a DB instance class RDS offers for PostgreSQL; use a class of db.t3, db.t4g, db.m5, db.m6g, db.m6i, db.m7g, db.r5, db.r6g, db.r6i, db.r7g (e.g. "db.m7g.large"), or leave it out to use `size`',
    ],
    [
      "a class without Performance Insights",
      "dev",
      { postgres: { instanceType: "db.t4g.micro" } },
      '[test/checkout/postgres] `postgres.instanceType` "db.t4g.micro" does not support Performance Insights, which Vigil turns on; use db.t4g.medium or larger',
    ],
    [
      "search data nodes not a multiple of the zones",
      "prod",
      { search: { dataNodes: 4 } },
      '[test/checkout/search] `search.dataNodes` is 4 in "prod", which spreads over 3 zones; use a multiple of 3 so every zone holds a copy',
    ],
    [
      "Keyspaces without a table",
      "dev",
      { cassandra: { keyspaces: { checkout: {} } } },
      "[test/checkout/cassandra] `cassandra.keyspaces` declares no table; Amazon Keyspaces is serverless, so without a table there is nothing to deploy or monitor — declare the keyspaces and tables the service uses",
    ],
    [
      "override of an alert a component does not have",
      "prod",
      { postgres: { alerts: { "replica-lag": { threshold: 30 } } as never } },
      "[test/checkout/postgres] `postgres.alerts.replica-lag` is not one of the postgres alerts, which are down, cpu-high, memory-high, storage-low, connections-high, replication-lag-high, txid-wraparound (docs/alerts.md). An alert of one target only goes under the target's escape hatch, e.g. `postgres.aws.alerts`",
    ],
    [
      "an SLO objective of 100 %",
      "prod",
      { slos: [{ name: "checkout-success", objective: 100, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"}', total: "checkouts_total" } }] },
      "[test/checkout] `slos[0].objective` is 100; give a percentage below 100, e.g. 99.9 (100 % leaves no error budget to alert on)",
    ],
    [
      "an SLO query that does not parse",
      "prod",
      { slos: [{ name: "checkout-success", objective: 99.5, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"', total: "checkouts_total" } }] },
      '[test/checkout] `slos[0].sli.errors` is "checkouts_total{outcome=\\"failed\\"": PromQL does not parse at character 33 (near "tal{outcome=\\"failed\\""); fix the expression',
    ],
    [
      "an SLO name used twice",
      "prod",
      { slos: [{ name: "availability", objective: 99.5, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"}', total: "checkouts_total" } }] },
      "[test/checkout] `slos[0].name` is \"availability\", already used by the default SLOs (set `defaultSlos: false` to replace them); SLO names must be unique per service (they name its rule group)",
    ],
    [
      "min ISR not below the replication factor",
      "prod",
      { kafka: { minInsyncReplicas: 3 } },
      "[test/checkout/kafka] `kafka.minInsyncReplicas` is 3 with replicationFactor 3; use 1 to 2 so one replica can be down without blocking writes",
    ],
    [
      "too few brokers where the profile is highly available",
      "staging",
      { kafka: { brokers: 2 } },
      '[test/checkout/kafka] `kafka.brokers` is 2 in "staging", which runs highly available; use at least 3 brokers so a broker or zone can fail without losing writes',
    ],
    [
      "dedicated masters turned off where the profile is highly available",
      "prod",
      { search: { dedicatedMasters: false } },
      '[test/checkout/search] `search.dedicatedMasters` is false in "prod", which runs highly available; keep dedicated masters so a busy data node cannot stall the cluster',
    ],
    [
      "a PostgreSQL major version no target offers",
      "dev",
      { postgres: { version: "12" } },
      '[test/checkout/postgres] `postgres.version` is "12"; use a supported major version: 14, 15, 16, 17, 18',
    ],
  ])("data component: %s (%s)", (_name, env, overrides, message) => {
    expect(validationMessages(targetStack("aws", { environment: env, service: testService("aws", overrides) }).stack)).toContain(message);
  });

  test("the reference service validates cleanly in every environment", () => {
    for (const env of ENVIRONMENTS) expect(validationMessages(targetStack("aws", { environment: env, service: true }).stack)).toEqual([]);
  });

  test("all problems are reported together, not only the first", () => {
    const messages = messagesFor({
      region: "mars-1",
      network: { cidr: "not-a-cidr" },
      cluster: { name: "x".repeat(120), nodePools: { general: { minNodes: 9, maxNodes: 3 } } },
    });
    expect(messages.filter((m) => m.startsWith("[test/platform] `region`"))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith("[test/platform/network] `network.cidr`"))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith("[test/platform/cluster] `cluster.name`"))).toHaveLength(1);
    expect(messages.filter((m) => m.includes("minNodes (9) is greater than maxNodes (3)"))).toHaveLength(1);
  });

  test("valid input produces no message", () => {
    expect(messagesFor({})).toEqual([]);
    expect(messagesFor({ environment: "dev" })).toEqual([]);
  });

  test("`cdktf synth` (App.synth) fails and writes nothing for the bad stack", () => {
    const outdir = require("fs").mkdtempSync(require("path").join(require("os").tmpdir(), "vigil-bad-"));
    const app = new App({ outdir });
    targetStack("aws", { app, stackId: "bad", platform: { owner: "t", cluster: { nodePools: { general: { minNodes: 5, maxNodes: 2 } } } } });
    expect(() => app.synth()).toThrow(/\[bad\/platform\/cluster\] `nodePools.general`.minNodes \(5\) is greater than maxNodes \(2\)/);
    expect(require("fs").existsSync(require("path").join(outdir, "stacks/bad/cdk.tf.json"))).toBe(false);
  });

  test("remote-state environment without a backend is an error; dev keeps local state", () => {
    const app = new App();
    const prod = new TerraformStack(app, "prod-stack");
    addValidationErrors(prod, configureStateBackend(prod, "prod-stack", ENVIRONMENT_PROFILES.prod));
    expect(validationMessages(prod)).toEqual([
      '[prod-stack] environment "prod" keeps its state remotely but no `state` backend was given; pass { kind: "s3", bucket, region } (or "gcs" / "azurerm")',
    ]);
    const dev = new TerraformStack(app, "dev-stack");
    expect(configureStateBackend(dev, "dev-stack", ENVIRONMENT_PROFILES.dev)).toEqual([]);
  });
});
