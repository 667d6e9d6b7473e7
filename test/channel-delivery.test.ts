import { TerraformStack } from "cdktf";
import { parse } from "yaml";
import { AlertmanagerDelivery, Severity } from "../lib";
import { renderAlertmanagerConfig } from "../lib/observability/alertmanager";
import { AwsChannelDelivery } from "../lib/aws";
import { AzureChannelDelivery } from "../lib/azure";
import { GcpChannelDelivery } from "../lib/gcp";
import { ALERTMANAGER_DELIVERY, AWS_DELIVERY, AZURE_DELIVERY, EVERY_CHANNEL, GCP_DELIVERY } from "./conformance/notifications";
import { checkConfigWithAmtool, resourceBodies, resourcesAt, synthStack, validationMessages } from "../lib/testing";
import { targetStack } from "./harness";

// One contract: the same notifications, with every kind of channel, give every target the same
// routes; what differs is how each target delivers, given once in its platform props.

const notifications = EVERY_CHANNEL;

/** Where each target says each routed channel was delivered, per delivered severity. */
type Reached = Partial<Record<Severity, string[]>>;

/** One target: how it delivers, how to build it, and what it reached. */
interface Target<D> {
  readonly platform: string;
  readonly delivery: D;
  /** Each detail that can be left out: the delivery without it, and the prop the error must name. */
  readonly details: ReadonlyArray<readonly [string, D]>;
  build(delivery: D): { stack: TerraformStack; reached: () => Reached };
}

const sorted = (r: Reached): Reached => Object.fromEntries(Object.entries(r).map(([s, names]) => [s, [...new Set(names)].sort()]));

const awsDelivery = AWS_DELIVERY;
const aws: Target<AwsChannelDelivery> = {
  platform: "AwsPlatform",
  delivery: awsDelivery,
  details: [
    ["`delivery.slack.channelIds.chat` (the id of #checkout-alerts) on the AwsPlatform", { ...awsDelivery, slack: { workspaceId: "T0123ABCD", channelIds: {} } }],
    ["`delivery.telegram.relayUrls.tg` on the AwsPlatform", { ...awsDelivery, telegram: undefined }],
    ["`delivery.webhook.urls.tickets` on the AwsPlatform", { ...awsDelivery, webhook: undefined }],
  ],
  build(delivery) {
    const { stack } = targetStack("aws", { stackId: "prod", platform: { notifications, delivery } });
    return {
      stack,
      reached: () => {
        // Subscriptions are `<severity>-<channel>`; AWS Chatbot configurations `slack-<channel>`, on their severities' topics.
        const found = resourcesAt(stack, "platform/alerting", synthStack(stack));
        const topics = Object.fromEntries(found.filter((r) => r.type === "aws_sns_topic").map((r) => [`\${aws_sns_topic.${r.name}.arn}`, String(r.body.name).split("-alerts-")[1]]));
        const reached: Record<string, string[]> = {};
        for (const r of found.filter((r) => r.type === "aws_sns_topic_subscription")) {
          const [severity, channel] = r.path.split("/").pop()!.split(/-(.+)/);
          (reached[severity] ??= []).push(channel);
        }
        for (const r of found.filter((r) => r.type === "aws_chatbot_slack_channel_configuration")) {
          for (const arn of r.body.sns_topic_arns as string[]) (reached[topics[arn]] ??= []).push(r.path.split("/").pop()!.replace(/^slack-/, ""));
        }
        return reached;
      },
    };
  },
};

const gcpDelivery = GCP_DELIVERY;
const gcp: Target<GcpChannelDelivery> = {
  platform: "GcpPlatform",
  delivery: gcpDelivery,
  details: [
    ["`delivery.slack.authToken` on the GcpPlatform", { ...gcpDelivery, slack: undefined }],
    ["`delivery.telegram.relayUrls.tg` on the GcpPlatform", { ...gcpDelivery, telegram: { relayUrls: {} } }],
    ["`delivery.webhook.urls.tickets` on the GcpPlatform", { ...gcpDelivery, webhook: undefined }],
  ],
  build(delivery) {
    const { stack, platform } = targetStack("gcp", { stackId: "prod", inCluster: false, platform: { notifications, delivery } });
    return {
      stack,
      reached: () => {
        // One policy per severity, as a component would add it; each notifies the channels of its delivered severity.
        const [model] = platform.cluster.alerts;
        for (const severity of ["page", "ticket", "info"] as const) platform.alerting.addPolicy(stack, { ...model, id: `probe-${severity}`, severity }, "probe");
        const synth = synthStack(stack);
        const channels = resourcesAt(stack, "platform/alerting", synth).filter((r) => r.type === "google_monitoring_notification_channel");
        // eslint-disable-next-line jest/no-standalone-expect -- a helper's expect: eslint-plugin-jest 29 loses track of this arrow once the one above closes (see eslint.config.mjs).
        expect(Object.fromEntries(channels.map((r) => [r.path.split("/").pop()!, r.body.type]))).toEqual({
          pager: "pagerduty",
          mail: "email",
          hook: "webhook_tokenauth",
          chat: "slack",
          tg: "webhook_tokenauth",
          tickets: "webhook_tokenauth",
          later: "slack",
        });
        const nameOf = Object.fromEntries(channels.map((r) => [`\${google_monitoring_notification_channel.${r.name}.id}`, r.path.split("/").pop()!]));
        const policies = resourceBodies(synth, "google_monitoring_alert_policy").filter((p) => String((p.user_labels as Record<string, string>).alert_id).startsWith("probe-"));
        return Object.fromEntries(policies.map((p) => [(p.user_labels as Record<string, string>).severity, (p.notification_channels as string[]).map((id) => nameOf[id] ?? id)]));
      },
    };
  },
};

const azureDelivery = AZURE_DELIVERY;
const azure: Target<AzureChannelDelivery> = {
  platform: "AzurePlatform",
  delivery: azureDelivery,
  details: [
    ["`delivery.slack.relayUrls.chat` on the AzurePlatform", { ...azureDelivery, slack: undefined }],
    ["`delivery.telegram.relayUrls.tg` on the AzurePlatform", { ...azureDelivery, telegram: undefined }],
    ["`delivery.webhook.urls.tickets` on the AzurePlatform", { ...azureDelivery, webhook: { urls: {} } }],
  ],
  build(delivery) {
    // No data component: no database administrator nor Cosmos DB principal.
    const { stack } = targetStack("azure", { stackId: "prod", platform: { notifications, delivery, databaseAdministrator: undefined, cosmosDbPrincipalId: undefined } });
    return {
      stack,
      reached: () =>
        Object.fromEntries(
          resourceBodies(synthStack(stack), "azurerm_monitor_action_group").map((g) => [
            String(g.name).split("-alerts-")[1],
            [...(g.email_receiver as Array<{ name: string }>), ...(g.webhook_receiver as Array<{ name: string }>)].map((r) => r.name),
          ]),
        ),
    };
  },
};

const inClusterDelivery = ALERTMANAGER_DELIVERY;
const inCluster: Target<AlertmanagerDelivery> = {
  platform: "KubernetesOperators",
  delivery: inClusterDelivery,
  details: [
    ["`delivery.smtp` ({ smarthost, from }) on KubernetesOperators", { ...inClusterDelivery, smtp: undefined }],
    ["`delivery.slack.webhookUrls.chat` on KubernetesOperators", { ...inClusterDelivery, slack: undefined }],
    ["`delivery.telegram.relayUrls.tg` on KubernetesOperators", { ...inClusterDelivery, telegram: undefined }],
  ],
  build(delivery) {
    const { operatorsStack: stack } = targetStack("kubernetes", { operators: { notifications, delivery }, operatorsStackId: "prod" });
    return {
      stack,
      reached: () => {
        const release = resourceBodies(synthStack(stack), "helm_release").find((r) => r.name === "kube-prometheus-stack")!;
        const config = (parse((release.values as string[])[0]) as { alertmanager: { config: Record<string, unknown> } }).alertmanager.config;
        // The configuration Alertmanager 0.25 would load (throws when amtool rejects it).
        checkConfigWithAmtool(renderAlertmanagerConfig(config));
        const byUrl: Record<string, string> = { "https://hooks.example.com/checkout": "hook", "https://automation.example.com/hooks/checkout": "tickets", [inClusterDelivery.telegram!.relayUrls.tg]: "tg" };
        const receivers = (config.receivers as Array<Record<string, Array<Record<string, string>>> & { name: string }>).filter((r) => ["page", "ticket", "info"].includes(r.name));
        return Object.fromEntries(
          receivers.map((r) => [
            r.name,
            [
              ...(r.pagerduty_configs ?? []).map(() => "pager"),
              ...(r.email_configs ?? []).map(() => "mail"),
              ...(r.slack_configs ?? []).map((c) => (c.channel === "#checkout-alerts" ? "chat" : c.channel)),
              ...(r.webhook_configs ?? []).map((c) => byUrl[c.url] ?? c.url),
            ],
          ]),
        );
      },
    };
  },
};

const targets = [aws, gcp, azure, inCluster] as ReadonlyArray<Target<unknown>>;
const built = new Map<Target<unknown>, ReturnType<Target<unknown>["build"]>>();
/** The target built with its full delivery, once. */
const complete = (target: Target<unknown>) => built.get(target) ?? built.set(target, target.build(target.delivery)).get(target)!;
const routes: Reached = { page: ["chat", "pager", "tg"], ticket: ["hook", "mail", "tickets"], info: ["chat"] };

describe.each(targets.map((t) => [t.platform, t] as const))("one notifications object with every channel kind on the %s", (platform, target) => {
  test("synthesizes given its `delivery`, and reaches exactly the routed channels per severity", () => {
    const { stack, reached } = complete(target);
    expect(validationMessages(stack)).toEqual([]);
    expect(sorted(reached())).toEqual(routes);
  });

  test.each(target.details.map(([prop, delivery]) => [prop, delivery] as const))("without %s, synth fails with one message naming that prop", (prop, delivery) => {
    const messages = validationMessages(target.build(delivery).stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`set ${prop}`);
    expect(messages[0]).toContain(platform);
  });
});

test("no secret value, nor a secret's name as a URL, is written into any target's configuration", () => {
  for (const target of targets) {
    const json = JSON.stringify(synthStack(complete(target).stack));
    // The bearer token's secret is read only by Alertmanager, from a mounted file.
    expect({ platform: target.platform, tokenRead: json.includes("issue-token") }).toEqual({ platform: target.platform, tokenRead: target === inCluster });
    expect(json).not.toMatch(/xoxb-|hooks\.slack\.com/);
  }
});
