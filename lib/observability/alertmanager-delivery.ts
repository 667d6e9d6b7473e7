import { isSecretReference, SecretReference } from "./channels";
import { azureRoleNotDeliverable, checkSecretReference, deliveryMapProblems, routedOfKind } from "./delivery";
import type { AlertmanagerOptions } from "./alertmanager";
import type { NotificationRouting } from "./routing";

/** SMTP relay Alertmanager sends email through. */
export interface SmtpSettings {
  /** `host:port` of the relay, e.g. `smtp.example.com:587`. */
  readonly smarthost: string;
  /** Sender address. */
  readonly from: string;
  /** User for SMTP AUTH. @default - no authentication */
  readonly authUsername?: string;
  /** Password for SMTP AUTH, read from a file. @default - no authentication */
  readonly authPassword?: SecretReference;
}

/** Slack through incoming webhooks, one per Slack channel (a webhook posts to the channel it was made for). */
export interface AlertmanagerSlackDelivery {
  /** Secret holding the incoming-webhook URL, per Vigil Slack channel name; Alertmanager reads it from a file (`api_url_file`). */
  readonly webhookUrls: Readonly<Record<string, SecretReference>>;
}

/**
 * Telegram through a webhook-to-Telegram bridge (e.g. prometheus_bot) that
 * holds the bot token: Alertmanager 0.25 (Debian 12's) reads a bot token only
 * inline, and `bot_token_file` came in 0.26.
 */
export interface AlertmanagerTelegramDelivery {
  /** Bridge URL per Vigil Telegram channel name, in clear (0.25 has no `url_file`), e.g. an in-cluster Service. */
  readonly relayUrls: Readonly<Record<string, string>>;
}

/**
 * How an Alertmanager delivers the channels that need more than the channel
 * says, keyed by the channels' names in `notifications.channels`. Only
 * routed channels need an entry; PagerDuty and webhooks need none.
 */
export interface AlertmanagerDelivery {
  /** SMTP relay for email channels. @default - none: a routed email channel fails synth */
  readonly smtp?: SmtpSettings;
  /** Slack incoming webhooks. @default - none: a routed Slack channel fails synth */
  readonly slack?: AlertmanagerSlackDelivery;
  /** Telegram bridges. @default - none: a routed Telegram channel fails synth */
  readonly telegram?: AlertmanagerTelegramDelivery;
}

/** A bridge URL Alertmanager can post to: in clear (no `url_file` in 0.25), http inside the cluster allowed. */
function checkBridgeUrl(where: string, url: unknown): string | undefined {
  if (isSecretReference(url)) return `${where} is a secret, which Alertmanager 0.25 cannot read from a file; give the bridge's URL in clear (keep the token in the bridge)`;
  if (typeof url !== "string" || !/^https?:\/\/\S+$/.test(url)) return `${where} ${JSON.stringify(url)} is not a URL; give the bridge's URL, e.g. "http://alertmanager-bot.monitoring.svc:8080/alert/-1001234567890"`;
  return undefined;
}

/**
 * Problems that keep a routed channel from reaching Alertmanager without
 * inlining a secret: email without an SMTP relay, Slack without its incoming
 * webhook, Telegram without a bridge, a webhook URL given as a secret
 * (Alertmanager 0.25 has no `url_file`), an Azure role; and delivery entries
 * for no such channel. Each message names the channel and the prop to set on
 * KubernetesOperators. None when `receiverFor` replaces the channel receivers.
 */
export function alertmanagerProblems(routing: NotificationRouting, options: AlertmanagerOptions = {}): string[] {
  if (options.receiverFor) return [];
  const owner = options.deliveryProp?.owner ?? "KubernetesOperators";
  const prop = options.deliveryProp?.path ?? "delivery";
  const delivery = options.delivery ?? {};
  const problems = deliveryMapProblems(routing.channels, [
    { prop: `${prop}.slack.webhookUrls`, entries: delivery.slack?.webhookUrls, kinds: ["slack"], check: checkSecretReference("vigil/checkout/slack-webhook-url") },
    { prop: `${prop}.telegram.relayUrls`, entries: delivery.telegram?.relayUrls, kinds: ["telegram"], check: checkBridgeUrl },
  ]);
  if (delivery.smtp && !/^[^\s:]+:\d{1,5}$/.test(delivery.smtp.smarthost ?? "")) {
    problems.push(`\`${prop}.smtp.smarthost\` is ${JSON.stringify(delivery.smtp.smarthost)}; give the relay as host:port, e.g. "smtp.example.com:587" (Alertmanager needs the port)`);
  }
  for (const [name, channel] of Object.entries(routing.routedChannels)) {
    const where = `\`channels.${name}\``;
    switch (channel.kind) {
      case "email":
        if (!delivery.smtp) problems.push(`${where} is an email address; Alertmanager sends email through an SMTP relay, so set \`${prop}.smtp\` ({ smarthost, from }) on ${owner}`);
        break;
      case "webhook":
      case "issue":
        if (isSecretReference(channel.url)) {
          problems.push(`${where}.url is a secret, which Alertmanager 0.25 cannot read from a file; give the URL in clear and its token as \`bearerToken: secret(...)\``);
        }
        break;
      case "slack":
        if (!delivery.slack?.webhookUrls?.[name]) {
          problems.push(`${where} is a Slack channel; Alertmanager posts to Slack through an incoming webhook, so set \`${prop}.slack.webhookUrls.${name}\` on ${owner}: secret(...) holding the incoming-webhook URL of ${channel.channel}, read from a mounted file`);
        }
        break;
      case "telegram":
        if (delivery.telegram?.relayUrls?.[name] === undefined) {
          problems.push(
            `${where} is a Telegram chat; Alertmanager 0.25 reads a bot token only inline (bot_token_file came in 0.26), so set \`${prop}.telegram.relayUrls.${name}\` on ${owner}: the URL of a webhook-to-Telegram bridge (e.g. prometheus_bot) that holds the token and posts to chat ${channel.chatId}`,
          );
        }
        break;
      default:
        break;
    }
  }
  for (const [name, channel] of routedOfKind(routing, "azure-role")) problems.push(azureRoleNotDeliverable(name, channel, `Alertmanager of ${owner}`));
  return problems;
}
