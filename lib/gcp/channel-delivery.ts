import { MaybeSecret, secretReferenceProblem, SecretReference } from "../observability/channels";
import { azureRoleNotDeliverable, bearerTokenProblems, checkRelayUrl, checkSecretReference, deliveryMapProblems, routedOfKind } from "../observability/delivery";
import type { NotificationRouting } from "../observability/routing";

/**
 * Slack on GCP: Cloud Monitoring posts to Slack as a Slack app, through the
 * Slack API (not an incoming webhook), with the app's OAuth token. One app
 * serves every channel of the workspace it is invited to.
 */
export interface GcpSlackDelivery {
  /** Secret Manager secret holding the app's bot token (`xoxb-...`); invite the app to each channel. */
  readonly authToken: SecretReference;
}

/**
 * Telegram on GCP: Cloud Monitoring has no Telegram channel, so an HTTPS
 * relay that holds the bot token and forwards Cloud Monitoring's webhook
 * notifications to the chat.
 */
export interface GcpTelegramDelivery {
  /** Relay URL per Vigil Telegram channel name; a secret when it embeds a key. */
  readonly relayUrls: Readonly<Record<string, MaybeSecret>>;
}

/**
 * Webhook and issue channels on GCP: a `webhook_tokenauth` notification
 * channel carries its token in the URL and sends no Authorization header, so
 * a channel with a `bearerToken` needs a URL that carries the credential.
 */
export interface GcpWebhookDelivery {
  /** URL with its credential, per Vigil webhook or issue channel name; always a secret. */
  readonly urls: Readonly<Record<string, SecretReference>>;
}

/**
 * How Cloud Monitoring delivers the channels that need more than the
 * channel says, keyed by the channels' names in `notifications.channels`.
 * Only routed channels need an entry; email and PagerDuty need none.
 */
export interface GcpChannelDelivery {
  /** Slack through a Slack app. @default - none: a routed Slack channel fails synth */
  readonly slack?: GcpSlackDelivery;
  /** Telegram through relays. @default - none: a routed Telegram channel fails synth */
  readonly telegram?: GcpTelegramDelivery;
  /** URLs for webhook and issue channels that send a bearer token. @default - none: such a routed channel fails synth */
  readonly webhook?: GcpWebhookDelivery;
}

/**
 * What keeps Cloud Monitoring from delivering the routed channels with
 * `delivery`: a missing or malformed detail, an entry for no such channel, a
 * channel only another cloud can reach. One message per channel, naming the
 * prop to set.
 */
export function gcpDeliveryProblems(routing: NotificationRouting, delivery: GcpChannelDelivery = {}): string[] {
  const platform = "GcpPlatform";
  const problems = deliveryMapProblems(routing.channels, [
    { prop: "delivery.telegram.relayUrls", entries: delivery.telegram?.relayUrls, kinds: ["telegram"], check: checkRelayUrl },
    { prop: "delivery.webhook.urls", entries: delivery.webhook?.urls, kinds: ["webhook", "issue"], check: checkSecretReference("vigil/checkout/hook-url") },
  ]);
  if (delivery.slack !== undefined) {
    const problem = secretReferenceProblem("`delivery.slack.authToken`", delivery.slack.authToken, "vigil/checkout/slack-app-token");
    if (problem) problems.push(problem);
  }

  for (const [name, channel] of routedOfKind(routing, "slack")) {
    if (delivery.slack === undefined) {
      problems.push(
        `\`channels.${name}\` is a Slack channel; Cloud Monitoring posts to Slack as a Slack app through the Slack API, not an incoming webhook, so set \`delivery.slack.authToken\` on the ${platform}: secret(...) holding the OAuth token (xoxb-...) of a Slack app invited to ${channel.channel}`,
      );
    }
  }
  for (const [name, channel] of routedOfKind(routing, "telegram")) {
    if (delivery.telegram?.relayUrls?.[name] === undefined) {
      problems.push(`\`channels.${name}\` is a Telegram chat; Cloud Monitoring cannot post to Telegram, so set \`delivery.telegram.relayUrls.${name}\` on the ${platform}: an HTTPS relay that forwards webhook notifications to chat ${channel.chatId}`);
    }
  }
  problems.push(...bearerTokenProblems(routing, delivery.webhook?.urls, platform, "a Cloud Monitoring webhook channel cannot send (it carries its token in the URL)"));
  for (const [name, channel] of routedOfKind(routing, "azure-role")) problems.push(azureRoleNotDeliverable(name, channel, platform));
  return problems;
}
