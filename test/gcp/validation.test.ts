import { Channel, secret } from "../../lib";
import { GcpPlatformProps } from "../../lib/gcp";
import { validationMessages } from "../../lib/testing";
import { gcpDelivery, gcpNotifications } from "./support";
import { messageAt, targetStack, testService } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

const messagesFor = (overrides: Partial<GcpPlatformProps>, env: EnvironmentTier = "prod") => validationMessages(targetStack("gcp", { environment: env, platform: overrides }).stack);

describe("GCP validation: bad input fails synth with construct path, value and fix", () => {
  test("a region that is not a GCP region", () => {
    const [message] = messagesFor({ region: "eu-west-1" });
    expect(message).toMatch(/^\[prod-gcp-infra\/platform\] `region` "eu-west-1" is not a Google Cloud region; use one of africa-south1, .*europe-west1, .*us-west4$/);
  });

  test("a zone given as the region names the region", () => {
    expect(messagesFor({ region: "europe-west1-b" })[0]).toEqual(messageAt("prod-gcp-infra/platform", "`region`", '"europe-west1-b"', "not a Google Cloud region", 'its region is "europe-west1"'));
  });

  test("overlapping secondary ranges", () => {
    expect(messagesFor({ network: { cidr: "10.0.0.0/16", podsCidr: "10.0.8.0/21" } })).toEqual([
      messageAt("prod-gcp-infra/platform", "`network.podsCidr`", '"10.0.8.0/21"', 'overlaps `network.cidr (nodes)` "10.0.0.0/20"', "pick disjoint blocks"),
    ]);
    expect(messagesFor({ network: { podsCidr: "10.100.0.0/16", servicesCidr: "10.100.4.0/22" } })).toEqual([
      messageAt("prod-gcp-infra/platform", "`network.servicesCidr`", '"10.100.4.0/22"', 'overlaps `network.podsCidr` "10.100.0.0/16"', "pick disjoint blocks"),
    ]);
  });

  test("a control plane range that is not a /28, and an address space out of range", () => {
    expect(messagesFor({ network: { controlPlaneCidr: "10.0.96.0/27" } })).toEqual([
      messageAt("prod-gcp-infra/platform", "`network.controlPlaneCidr`", '"10.0.96.0/27"', "needs exactly a /28"),
    ]);
    expect(messagesFor({ network: { cidr: "10.0.0.0/24" } })).toEqual([messageAt("prod-gcp-infra/platform", "`network.cidr`", '"10.0.0.0/24"', "use a /16 to /20 block")]);
  });

  test("a topic replication factor above what the cluster allows", () => {
    const { stack } = targetStack("gcp", { service: { kafka: { topics: { orders: { replicationFactor: 4 } } } } });
    expect(validationMessages(stack)).toEqual([messageAt("prod-gcp-infra/checkout/kafka", "`kafka.topics.orders`.replicationFactor is 4", "3 brokers", "use 1 to 3")]);
  });

  test("a broker count the service would not provision", () => {
    const { stack } = targetStack("gcp", { service: { kafka: { brokers: 5 } } });
    expect(validationMessages(stack)).toEqual([
      messageAt("prod-gcp-infra/checkout/kafka", "`kafka.brokers` is 5", "derives the brokers from the cluster's vCPUs and memory", "leave `brokers` out and choose `size` instead"),
    ]);
  });

  test("project id and labels GCP rejects", () => {
    expect(messagesFor({ project: "Checkout" })).toEqual([messageAt("prod-gcp-infra/platform", "`project`", '"Checkout"', "not a Google Cloud project id", "6-30 lowercase letters")]);
    expect(messagesFor({ labels: { "Cost-Center": "cc 42" } })).toEqual([
      messageAt("prod-gcp-infra/platform", "`labels`", 'label key "Cost-Center"', "not a valid GCP label key"),
      messageAt("prod-gcp-infra/platform", "`labels`", '"Cost-Center" has value "cc 42"', "not a valid GCP label value"),
    ]);
  });

  test("a routed Slack channel without the Slack app's OAuth token names the platform prop; unrouted, it needs none", () => {
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook } })).toEqual([
      messageAt("prod-gcp-infra/platform/alerting", "`channels.chat`", "not an incoming webhook", "set `delivery.slack.authToken` on the GcpPlatform", "#checkout-alerts"),
    ]);
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook }, notifications: { ...gcpNotifications, routes: { ...gcpNotifications.routes, ticket: ["hooks"] } } })).toEqual([]);
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook, slack: { authToken: "xoxb-123" as never } } })).toEqual([
      messageAt("prod-gcp-infra/platform/alerting", "`delivery.slack.authToken`", "must be a secret reference"),
    ]);
  });

  test("Telegram without a relay, a webhook whose bearer token Cloud Monitoring cannot send, an Azure role", () => {
    const notifications = {
      ...gcpNotifications,
      channels: { ...gcpNotifications.channels, tg: Channel.telegram("-100123"), jira: Channel.issue("https://jira.example.com/hook", "OPS", secret("jira-token")), owners: Channel.azureRole("Owner") },
      routes: { page: ["oncall", "owners"], ticket: ["chat", "tg", "jira"] },
    };
    expect(messagesFor({ notifications })).toEqual([
      messageAt("prod-gcp-infra/platform/alerting", "`channels.tg`", "Cloud Monitoring cannot post to Telegram", "set `delivery.telegram.relayUrls.tg` on the GcpPlatform", "chat -100123"),
      messageAt("prod-gcp-infra/platform/alerting", "`channels.jira`", "`bearerToken`", "set `delivery.webhook.urls.jira` on the GcpPlatform"),
      messageAt("prod-gcp-infra/platform/alerting", "`channels.owners`", "Azure role (Owner)", "the GcpPlatform cannot deliver it", "route an email address"),
    ]);
    const delivery = { ...gcpDelivery, telegram: { relayUrls: { tg: "http://relay.example.com" } }, webhook: { urls: { jira: secret("jira-url") } } };
    expect(messagesFor({ notifications: { ...notifications, routes: { page: ["oncall"], ticket: ["chat", "tg", "jira"] } }, delivery })).toEqual([
      messageAt("prod-gcp-infra/platform/alerting", "`delivery.telegram.relayUrls.tg`", '"http://relay.example.com"', "not an https URL"),
    ]);
  });

  test("Cassandra placed on a managed service GCP does not have says to run it in the cluster", () => {
    const { stack } = targetStack("gcp", { environment: "dev", service: testService("gcp", { cassandra: { placement: "managed", keyspaces: {} } }) });
    expect(validationMessages(stack)).toEqual([
      messageAt("dev-gcp-infra/checkout", "`cassandra.placement`", '"managed"', "no managed cassandra", 'use "in-cluster" or leave placement out'),
    ]);
  });
});
