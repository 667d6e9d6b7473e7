import { Channel, secret } from "../../lib";
import { GcpPlatformProps } from "../../lib/gcp";
import { validationMessages } from "../../lib/testing";
import { gcpDelivery, gcpNotifications } from "./support";
import { targetStack, testService } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

const messagesFor = (overrides: Partial<GcpPlatformProps>, env: EnvironmentTier = "prod") => validationMessages(targetStack("gcp", { environment: env, platform: overrides }).stack);

describe("GCP validation: bad input fails synth with construct path, value and fix", () => {
  test("a region that is not a GCP region", () => {
    const [message] = messagesFor({ region: "eu-west-1" });
    expect(message).toMatch(/^\[prod-gcp-infra\/platform\] `region` "eu-west-1" is not a Google Cloud region; use one of africa-south1, .*europe-west1, .*us-west4$/);
  });

  test("a zone given as the region names the region", () => {
    expect(messagesFor({ region: "europe-west1-b" })[0]).toContain('`region` "europe-west1-b" is not a Google Cloud region ("europe-west1-b" is a zone; its region is "europe-west1")');
  });

  test("overlapping secondary ranges", () => {
    expect(messagesFor({ network: { cidr: "10.0.0.0/16", podsCidr: "10.0.8.0/21" } })).toEqual([
      '[prod-gcp-infra/platform] `network.podsCidr` "10.0.8.0/21" overlaps `network.cidr (nodes)` "10.0.0.0/20"; the subnet\'s primary and secondary ranges, the private service range and the control plane range must not overlap — pick disjoint blocks',
    ]);
    expect(messagesFor({ network: { podsCidr: "10.100.0.0/16", servicesCidr: "10.100.4.0/22" } })).toEqual([
      '[prod-gcp-infra/platform] `network.servicesCidr` "10.100.4.0/22" overlaps `network.podsCidr` "10.100.0.0/16"; the subnet\'s primary and secondary ranges, the private service range and the control plane range must not overlap — pick disjoint blocks',
    ]);
  });

  test("a control plane range that is not a /28, and an address space out of range", () => {
    expect(messagesFor({ network: { controlPlaneCidr: "10.0.96.0/27" } })).toEqual([
      '[prod-gcp-infra/platform] `network.controlPlaneCidr` "10.0.96.0/27" is a /27; GKE\'s private control plane needs exactly a /28',
    ]);
    expect(messagesFor({ network: { cidr: "10.0.0.0/24" } })).toEqual(['[prod-gcp-infra/platform] `network.cidr` is "10.0.0.0/24", a /24; use a /16 to /20 block (Vigil carves a subnet per zone and per data service out of it)']);
  });

  test("a topic replication factor above what the cluster allows", () => {
    const { stack } = targetStack("gcp", { service: { kafka: { topics: { orders: { replicationFactor: 4 } } } } });
    expect(validationMessages(stack)).toEqual(["[prod-gcp-infra/checkout/kafka] `kafka.topics.orders`.replicationFactor is 4 but the cluster has 3 brokers; use 1 to 3"]);
  });

  test("a broker count the service would not provision", () => {
    const { stack } = targetStack("gcp", { service: { kafka: { brokers: 5 } } });
    expect(validationMessages(stack)).toEqual([
      "[prod-gcp-infra/checkout/kafka] `kafka.brokers` is 5, but Managed Service for Apache Kafka derives the brokers from the cluster's vCPUs and memory (12 vCPUs, 48 GiB make 3); leave `brokers` out and choose `size` instead",
    ]);
  });

  test("project id and labels GCP rejects", () => {
    expect(messagesFor({ project: "Checkout" })).toEqual(['[prod-gcp-infra/platform] `project` "Checkout" is not a Google Cloud project id: 6-30 lowercase letters, digits or "-", starting with a letter']);
    expect(messagesFor({ labels: { "Cost-Center": "cc 42" } })).toEqual([
      '[prod-gcp-infra/platform] `labels`: label key "Cost-Center" is not a valid GCP label key: 1-63 lowercase letters, digits, "_" or "-", starting with a letter',
      '[prod-gcp-infra/platform] `labels`: label "Cost-Center" has value "cc 42", which is not a valid GCP label value: up to 63 lowercase letters, digits, "_" or "-"',
    ]);
  });

  test("a routed Slack channel without the Slack app's OAuth token names the platform prop; unrouted, it needs none", () => {
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook } })).toEqual([
      "[prod-gcp-infra/platform/alerting] `channels.chat` is a Slack channel; Cloud Monitoring posts to Slack as a Slack app through the Slack API, not an incoming webhook, so set `delivery.slack.authToken` on the GcpPlatform: secret(...) holding the OAuth token (xoxb-...) of a Slack app invited to #checkout-alerts",
    ]);
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook }, notifications: { ...gcpNotifications, routes: { ...gcpNotifications.routes, ticket: ["hooks"] } } })).toEqual([]);
    expect(messagesFor({ delivery: { webhook: gcpDelivery?.webhook, slack: { authToken: "xoxb-123" as never } } })).toEqual([
      '[prod-gcp-infra/platform/alerting] `delivery.slack.authToken` must be a secret reference, e.g. secret("vigil/checkout/slack-app-token"); secrets are never written into the configuration',
    ]);
  });

  test("Telegram without a relay, a webhook whose bearer token Cloud Monitoring cannot send, an Azure role", () => {
    const notifications = {
      ...gcpNotifications,
      channels: { ...gcpNotifications.channels, tg: Channel.telegram("-100123"), jira: Channel.issue("https://jira.example.com/hook", "OPS", secret("jira-token")), owners: Channel.azureRole("Owner") },
      routes: { page: ["oncall", "owners"], ticket: ["chat", "tg", "jira"] },
    };
    expect(messagesFor({ notifications })).toEqual([
      "[prod-gcp-infra/platform/alerting] `channels.tg` is a Telegram chat; Cloud Monitoring cannot post to Telegram, so set `delivery.telegram.relayUrls.tg` on the GcpPlatform: an HTTPS relay that forwards webhook notifications to chat -100123",
      "[prod-gcp-infra/platform/alerting] `channels.jira` sends a `bearerToken`, which a Cloud Monitoring webhook channel cannot send (it carries its token in the URL); set `delivery.webhook.urls.jira` on the GcpPlatform: secret(...) holding the URL this endpoint accepts with its credential in it",
      "[prod-gcp-infra/platform/alerting] `channels.owners` is an Azure role (Owner): only Azure Monitor can email a role's members, so the GcpPlatform cannot deliver it; route an email address (the team's list) instead in the notifications this platform gets, and keep the role for the AzurePlatform",
    ]);
    const delivery = { ...gcpDelivery, telegram: { relayUrls: { tg: "http://relay.example.com" } }, webhook: { urls: { jira: secret("jira-url") } } };
    expect(messagesFor({ notifications: { ...notifications, routes: { page: ["oncall"], ticket: ["chat", "tg", "jira"] } }, delivery })).toEqual([
      '[prod-gcp-infra/platform/alerting] `delivery.telegram.relayUrls.tg` "http://relay.example.com" is not an https URL; use https://..., or secret("name") when the URL carries a token',
    ]);
  });

  test("Cassandra placed on a managed service GCP does not have says to run it in the cluster", () => {
    const { stack } = targetStack("gcp", { environment: "dev", service: testService("gcp", { cassandra: { placement: "managed", keyspaces: {} } }) });
    expect(validationMessages(stack)).toEqual([
      '[dev-gcp-infra/checkout] `cassandra.placement` is "managed", but this platform has no managed cassandra (Google Cloud has no managed Cassandra service Vigil builds); use "in-cluster" or leave placement out',
    ]);
  });
});
