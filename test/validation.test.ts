import { App, TerraformStack } from "cdktf";
import { existsSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AwsPlatformProps } from "../lib/aws";
import { Channel, configureStateBackend, deriveProfile, ENVIRONMENT_PROFILES, secret, addValidationErrors } from "../lib";
import { validationMessages } from "../lib/testing";
import { awsNotifications } from "./aws/support";
import type { EnvironmentTier } from "../lib/core/environment";
import { messageAt, MessageMatcher, ServiceComponents, targetStack, testService } from "./harness";
import { ENVIRONMENTS } from "./support";

const messagesFor = (overrides: Partial<AwsPlatformProps>) => validationMessages(targetStack("aws", { platform: overrides }).stack);
const withChannels = (channels: AwsPlatformProps["notifications"]["channels"], routes = awsNotifications.routes) => ({
  notifications: { ...awsNotifications, channels: { ...awsNotifications.channels, ...channels }, routes },
});

describe("validation: every bad property fails synth with construct path, value and fix", () => {
  test.each<[string, Partial<AwsPlatformProps>, MessageMatcher]>([
    [
      "unknown environment name",
      { environment: "qa" as EnvironmentTier }, // from JavaScript or JSON: TypeScript rejects it
      messageAt("test/platform", "`environment`", '"qa"', "dev, staging, prod", "deriveProfile"),
    ],
    [
      "service name not usable in resource names",
      { service: "Checkout_Service" },
      messageAt("test/platform", "`service`", '"Checkout_Service"', "2-30 lowercase letters"),
    ],
    ["empty owner", { owner: " " }, messageAt("test/platform", "`owner`", "empty", "name the owning team")],
    ["region that does not exist", { region: "eu-west-9" }, messageAt("test/platform", "`region`", '"eu-west-9"', "not an AWS Region", "eu-west-1")],
    ["region with two zones for a three-zone profile", { region: "us-west-1" }, messageAt("test/platform", "`region`", '"us-west-1"', "2 Availability Zones", "pick another Region")],
    [
      "tag value AWS rejects",
      { tags: { team: "checkout#1" } },
      messageAt("test/platform", "`tags`", '"checkout#1"', "not a valid AWS tag value"),
    ],
    ["invalid CIDR", { network: { cidr: "10.0.0/16" } }, messageAt("test/platform/network", "`network.cidr`", '"10.0.0/16"', "a.b.c.d/n")],
    ["CIDR with host bits", { network: { cidr: "10.0.1.0/16" } }, messageAt("test/platform/network", "`network.cidr`", '"10.0.1.0/16"', "host bits", 'the network address is "10.0.0.0/16"')],
    ["octet above 255", { network: { cidr: "10.300.0.0/16" } }, messageAt("test/platform/network", "`network.cidr`", '"10.300.0.0/16"', "octet above 255")],
    [
      "VPC too small",
      { network: { cidr: "10.0.0.0/24" } },
      messageAt("test/platform/network", "`network.cidr`", '"10.0.0.0/24"', "use a /16 to /20 block"),
    ],
    [
      "cluster name too long for EKS",
      { cluster: { name: "c".repeat(101) } },
      messageAt("test/platform/cluster", "`cluster.name`", "101 characters", "an EKS cluster name allows at most 100", "Use a shorter name"),
    ],
    [
      "cluster name with characters EKS rejects",
      { cluster: { name: "-checkout.prod" } },
      messageAt("test/platform/cluster", "`cluster.name`", '"-checkout.prod"', "not a valid EKS cluster name", "starting with a letter or digit"),
    ],
    ["Kubernetes version not a minor version", { cluster: { version: "v1.34.2" } }, messageAt("test/platform/cluster", "`cluster.version`", '"v1.34.2"', 'write it like "1.34"')],
    ["bad endpoint CIDR", { cluster: { publicAccessCidrs: ["203.0.113.0/33"] } }, messageAt("test/platform/cluster", "`cluster.publicAccessCidrs`", '"203.0.113.0/33"', "prefix length above 32")],
    [
      "world-open endpoint outside dev",
      { cluster: { publicAccessCidrs: ["0.0.0.0/0"] } },
      messageAt("test/platform/cluster", "`cluster.publicAccessCidrs`", '"0.0.0.0/0"', '"prod"', "list only your VPN or CI egress ranges"),
    ],
    ["admin that is not an IAM ARN", { cluster: { admins: ["alice"] } }, messageAt("test/platform/cluster", "`cluster.admins`", '"alice"', "arn:aws:iam::<account>:role/<name>")],
    ["min nodes above max nodes", { cluster: { nodePools: { general: { minNodes: 5, maxNodes: 2 } } } }, messageAt("test/platform/cluster", "`nodePools.general`.minNodes (5)", "maxNodes (2)", "set minNodes <= maxNodes")],
    ["desired nodes outside bounds", { cluster: { nodePools: { general: { minNodes: 3, maxNodes: 4, desiredNodes: 9 } } } }, messageAt("test/platform/cluster", "`nodePools.general`.desiredNodes (9)", "[3, 4]", "between minNodes and maxNodes")],
    ["negative min nodes", { environment: "dev", cluster: { nodePools: { general: { minNodes: -1 } } } }, messageAt("test/platform/cluster", "`nodePools.general`.minNodes is -1", "use a whole number >= 0")],
    ["zero max nodes", { environment: "dev", cluster: { nodePools: { general: { minNodes: 0, maxNodes: 0 } } } }, messageAt("test/platform/cluster", "`nodePools.general`.maxNodes is 0", "use a whole number >= 1")],
    [
      "HA environment with fewer nodes than zones",
      { cluster: { nodePools: { general: { minNodes: 1 } } } },
      messageAt("test/platform/cluster", "`nodePools.general`.minNodes is 1", '"prod"', "3 zones", "set minNodes >= 3"),
    ],
    ["pool name not a label", { cluster: { nodePools: { General_Pool: {} } } }, messageAt("test/platform/cluster", "`nodePools.General_Pool`", "1-31 lowercase letters")],
    ["disk too small", { cluster: { nodePools: { general: { diskGiB: 8 } } } }, messageAt("test/platform/cluster", "`nodePools.general`.diskGiB is 8", "use 20 to 16384")],
    ["empty machine types", { cluster: { nodePools: { general: { machineTypes: [] } } } }, messageAt("test/platform/cluster", "`nodePools.general`.machineTypes is empty", "leave it out to use `size`", "list at least one type")],
    [
      "override of an unknown alert",
      { cluster: { alerts: { "cpu-high": { threshold: 90 } } as never } },
      messageAt("test/platform/cluster", "`cluster.alerts.cpu-high`", "not one of the cluster alerts", "node-cpu-high", "docs/alerts.md", "`cluster.aws.alerts`"),
    ],
    [
      "non-finite threshold",
      { cluster: { alerts: { "node-cpu-high": { threshold: Number.NaN } } } },
      messageAt("test/platform/cluster", "`cluster.alerts.node-cpu-high.threshold` is NaN", "a percent from 0 to 100"),
    ],
    ["unknown severity", { cluster: { alerts: { "node-cpu-high": { severity: "urgent" as never } } } }, messageAt("test/platform/cluster", "`cluster.alerts.node-cpu-high.severity`", '"urgent"', 'use "page", "ticket" or "info"')],
    ["bad email", withChannels({ mail: Channel.email("oncall-at-example") }), messageAt("test/platform", "`channels.mail`.address", '"oncall-at-example"', "not an email address")],
    [
      "webhook not https",
      withChannels({ hook: Channel.webhook("http://hooks.example.com") }),
      messageAt("test/platform", "`channels.hook`.url", '"http://hooks.example.com"', "not an https URL", 'secret("name")'),
    ],
    [
      "PagerDuty key given in clear",
      withChannels({ pager: { kind: "pagerduty", routingKey: "R0UT1NGKEY" as never } }),
      messageAt("test/platform", "`channels.pager`.routingKey", "must be a secret reference", 'secret("pagerduty/checkout")'),
    ],
    [
      "Telegram chat id malformed",
      withChannels({ tg: Channel.telegram("my chat") }),
      messageAt("test/platform", "`channels.tg`.chatId", '"my chat"', "not a Telegram chat id"),
    ],
    [
      "channel name not usable as an id",
      withChannels({ "On Call": Channel.email("a@example.com") }),
      messageAt("test/platform", "`channels.On Call`", "1-40 lowercase letters"),
    ],
    [
      "route to a channel that does not exist",
      withChannels({}, { page: ["pager", "sms"], ticket: ["mail"] }),
      messageAt("test/platform", "`routes.page`", '"sms"', "not in `channels` (pager, mail, hook)", "add it or fix the name"),
    ],
    ["route under an unknown severity", withChannels({}, { page: ["pager"], ticket: ["mail"], critical: ["pager"] } as never), messageAt("test/platform", "`routes.critical`", "not a severity", "use page, ticket or info")],
    ["page route empty", withChannels({}, { page: [], ticket: ["mail"] }), messageAt("test/platform", "`routes.page` is empty", "at least one channel")],
    [
      "runbook base URL not https",
      { notifications: { ...awsNotifications, runbookBaseUrl: "wiki/runbooks" } },
      messageAt("test/platform", "`notifications.runbookBaseUrl`", '"wiki/runbooks"', "not an https URL"),
    ],
    [
      "routed Slack on AWS without the AWS Chatbot ids",
      withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["mail", "chat"] }),
      messageAt("test/platform/alerting", "`channels.chat`", "AWS Chatbot", "set `delivery.slack.workspaceId` and `delivery.slack.channelIds.chat`"),
    ],
    [
      "routed Slack on AWS with the workspace but not the channel's id",
      { ...withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["mail", "chat"] }), delivery: { slack: { workspaceId: "T0123ABCD", channelIds: {} } } },
      messageAt("test/platform/alerting", "`channels.chat`", "AWS Chatbot", "set `delivery.slack.channelIds.chat`"),
    ],
    [
      "a Slack channel name where AWS Chatbot needs the id",
      { ...withChannels({ chat: Channel.slack("#checkout-alerts") }, { page: ["pager"], ticket: ["chat"] }), delivery: { slack: { workspaceId: "T0123ABCD", channelIds: { chat: "#checkout-alerts" } } } },
      messageAt("test/platform/alerting", "`delivery.slack.channelIds.chat`", '"#checkout-alerts"', "not a Slack channel id", '"C0456EFGH"'),
    ],
    [
      "routed Telegram on AWS without a relay",
      withChannels({ tg: Channel.telegram("-100123") }, { page: ["pager"], ticket: ["tg"] }),
      messageAt("test/platform/alerting", "`channels.tg`", "SNS cannot post to Telegram", "set `delivery.telegram.relayUrls.tg`", "chat -100123"),
    ],
    [
      "a webhook with a bearer token, which SNS cannot send",
      withChannels({ hook: Channel.webhook("https://hooks.example.com/alerts", secret("hook-token")) }),
      messageAt("test/platform/alerting", "`channels.hook`", "`bearerToken`", "set `delivery.webhook.urls.hook`"),
    ],
    [
      "a delivery entry for a channel that does not exist",
      { delivery: { telegram: { relayUrls: { telegram: "https://relay.example.com/alert" } } } },
      messageAt("test/platform/alerting", "`delivery.telegram.relayUrls.telegram`", "names no channel", "fix the name or remove the entry"),
    ],
    [
      "an Azure role routed on AWS",
      withChannels({ owners: Channel.azureRole("Owner") }, { page: ["pager", "owners"], ticket: ["mail"] }),
      messageAt("test/platform/alerting", "`channels.owners`", "Azure role (Owner)", "route an email address"),
    ],
    [
      "derived profile with a prod tier and short audit retention",
      { environment: deriveProfile("prod", { name: "prod-eu", auditLogRetentionDays: 90 }) },
      messageAt("test/platform", 'environment profile "prod-eu"', "`auditLogRetentionDays` is 90", ">= 365"),
    ],
    [
      "derived profile with inconsistent node bounds",
      { environment: deriveProfile("dev", { name: "sandbox", nodes: { minNodes: 4, maxNodes: 2, desiredNodes: 3 } }) },
      messageAt("test/platform", 'environment profile "sandbox"', "`nodes.minNodes` (4)", "`nodes.maxNodes` (2)", "set minNodes <= maxNodes"),
    ],
  ])("%s", (_name, overrides, message) => {
    expect(messagesFor(overrides)).toContainEqual(message);
  });

  test.each<[string, EnvironmentTier, Partial<ServiceComponents>, MessageMatcher]>([
    [
      "replication factor above the broker count",
      "prod",
      { kafka: { replicationFactor: 4 } },
      messageAt("test/checkout/kafka", "`kafka.replicationFactor` is 4", "3 brokers", "use 1 to 3"),
    ],
    [
      "brokers not spread evenly over the zones",
      "prod",
      { kafka: { brokers: 4 } },
      messageAt("test/checkout/kafka", "`kafka.brokers` is 4", "3 zones", "use a multiple of 3"),
    ],
    [
      "topic replication not above min ISR",
      "prod",
      { kafka: { topics: { orders: { replicationFactor: 2 } } } },
      messageAt("test/checkout/kafka", "`kafka.topics.orders`.replicationFactor is 2", "minInsyncReplicas (2)", "raise it"),
    ],
    [
      "Multi-AZ off in prod",
      "prod",
      { postgres: { highAvailability: false } },
      messageAt("test/checkout/postgres", "`postgres.highAvailability` is false", '"prod"', "remove the override"),
    ],
    [
      "backup retention below the profile's minimum",
      "staging",
      { postgres: { backupRetentionDays: 3 } },
      messageAt("test/checkout/postgres", "`postgres.backupRetentionDays` is 3", '"staging" keeps at least 7 days'),
    ],
    [
      "an instance class RDS does not offer for PostgreSQL",
      "prod",
      { postgres: { instanceType: "db.m7x.large" } },
      messageAt("test/checkout/postgres", "`postgres.instanceType`", '"db.m7x.large"', "not a DB instance class RDS offers for PostgreSQL", "leave it out to use `size`"),
    ],
    [
      "an EC2 type given where a DB instance class is expected",
      "dev",
      { postgres: { instanceType: "m7g.large" } },
      messageAt("test/checkout/postgres", "`postgres.instanceType`", '"m7g.large"', "not a DB instance class RDS offers for PostgreSQL", '"db.m7g.large"'),
    ],
    [
      "a class without Performance Insights",
      "dev",
      { postgres: { instanceType: "db.t4g.micro" } },
      messageAt("test/checkout/postgres", "`postgres.instanceType`", '"db.t4g.micro"', "Performance Insights", "use db.t4g.medium or larger"),
    ],
    [
      "search data nodes not a multiple of the zones",
      "prod",
      { search: { dataNodes: 4 } },
      messageAt("test/checkout/search", "`search.dataNodes` is 4", '"prod"', "use a multiple of 3"),
    ],
    [
      "Keyspaces without a table",
      "dev",
      { cassandra: { keyspaces: { checkout: {} } } },
      messageAt("test/checkout/cassandra", "`cassandra.keyspaces`", "no table", "declare the keyspaces and tables"),
    ],
    [
      "override of an alert a component does not have",
      "prod",
      { postgres: { alerts: { "replica-lag": { threshold: 30 } } as never } },
      messageAt("test/checkout/postgres", "`postgres.alerts.replica-lag`", "not one of the postgres alerts", "replication-lag-high", "`postgres.aws.alerts`"),
    ],
    [
      "an SLO objective of 100 %",
      "prod",
      { slos: [{ name: "checkout-success", objective: 100, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"}', total: "checkouts_total" } }] },
      messageAt("test/checkout", "`slos[0].objective` is 100", "a percentage below 100"),
    ],
    [
      "an SLO query that does not parse",
      "prod",
      { slos: [{ name: "checkout-success", objective: 99.5, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"', total: "checkouts_total" } }] },
      messageAt("test/checkout", "`slos[0].sli.errors`", 'checkouts_total{outcome=\\"failed\\"', "does not parse at character 33", "fix the expression"),
    ],
    [
      "an SLO name used twice",
      "prod",
      { slos: [{ name: "availability", objective: 99.5, sli: { kind: "ratio", errors: 'checkouts_total{outcome="failed"}', total: "checkouts_total" } }] },
      messageAt("test/checkout", "`slos[0].name`", '"availability"', "already used by the default SLOs", "`defaultSlos: false`"),
    ],
    [
      "min ISR not below the replication factor",
      "prod",
      { kafka: { minInsyncReplicas: 3 } },
      messageAt("test/checkout/kafka", "`kafka.minInsyncReplicas` is 3", "replicationFactor 3", "use 1 to 2"),
    ],
    [
      "too few brokers where the profile is highly available",
      "staging",
      { kafka: { brokers: 2 } },
      messageAt("test/checkout/kafka", "`kafka.brokers` is 2", '"staging"', "use at least 3 brokers"),
    ],
    [
      "dedicated masters turned off where the profile is highly available",
      "prod",
      { search: { dedicatedMasters: false } },
      messageAt("test/checkout/search", "`search.dedicatedMasters` is false", '"prod"', "keep dedicated masters"),
    ],
    [
      "a PostgreSQL major version no target offers",
      "dev",
      { postgres: { version: "12" } },
      messageAt("test/checkout/postgres", "`postgres.version`", '"12"', "14, 15, 16, 17, 18"),
    ],
  ])("data component: %s (%s)", (_name, env, overrides, message) => {
    expect(validationMessages(targetStack("aws", { environment: env, service: testService("aws", overrides) }).stack)).toContainEqual(message);
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
    const outdir = mkdtempSync(join(tmpdir(), "vigil-bad-"));
    const app = new App({ outdir });
    targetStack("aws", { app, stackId: "bad", platform: { owner: "t", cluster: { nodePools: { general: { minNodes: 5, maxNodes: 2 } } } } });
    expect(() => app.synth()).toThrow(/\[bad\/platform\/cluster\] `nodePools.general`.minNodes \(5\) is greater than maxNodes \(2\)/);
    expect(existsSync(join(outdir, "stacks/bad/cdk.tf.json"))).toBe(false);
  });

  test("remote-state environment without a backend is an error; dev keeps local state", () => {
    const app = new App();
    const prod = new TerraformStack(app, "prod-stack");
    addValidationErrors(prod, configureStateBackend(prod, "prod-stack", ENVIRONMENT_PROFILES.prod));
    expect(validationMessages(prod)).toEqual([
      messageAt("prod-stack", 'environment "prod"', "no `state` backend", '{ kind: "s3", bucket, region }'),
    ]);
    const dev = new TerraformStack(app, "dev-stack");
    expect(configureStateBackend(dev, "dev-stack", ENVIRONMENT_PROFILES.dev)).toEqual([]);
  });
});
