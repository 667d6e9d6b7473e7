import { AzureAlertRole, MaybeSecret, SecretReference } from "../observability/channels";
import { bearerTokenProblems, checkRelayUrl, checkSecretReference, deliveryMapProblems, routedOfKind } from "../observability/delivery";
import type { NotificationRouting } from "../observability/routing";

/**
 * Role definition ids of the built-in roles an action group can email
 * (`arm_role_receiver`), for `Channel.azureRole(...)`. Source: Microsoft
 * Learn, "Azure built-in roles".
 */
export const AZURE_ROLE_IDS: Readonly<Record<AzureAlertRole, string>> = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "Monitoring Contributor": "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
  "Monitoring Reader": "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
};

/**
 * Slack on Azure: an action group posts the Azure Monitor common alert
 * schema, which a Slack incoming webhook rejects, so an HTTPS relay (a Logic
 * App, or a Slack workflow webhook) that turns it into a Slack message.
 */
export interface AzureSlackDelivery {
  /** Relay URL per Vigil Slack channel name; a Key Vault secret when it embeds a key (a Logic App's `sig`). */
  readonly relayUrls: Readonly<Record<string, MaybeSecret>>;
}

/**
 * Telegram on Azure: an action group cannot call the Telegram Bot API, so
 * an HTTPS relay that holds the bot token and forwards action group webhooks
 * to the chat.
 */
export interface AzureTelegramDelivery {
  /** Relay URL per Vigil Telegram channel name; a Key Vault secret when it embeds a key. */
  readonly relayUrls: Readonly<Record<string, MaybeSecret>>;
}

/**
 * Webhook and issue channels on Azure: an action group webhook posts to its
 * URL alone (only Entra ID authentication, no bearer token), so a channel
 * with a `bearerToken` needs a URL that carries the credential.
 */
export interface AzureWebhookDelivery {
  /** URL with its credential, per Vigil webhook or issue channel name; always a Key Vault secret. */
  readonly urls: Readonly<Record<string, SecretReference>>;
}

/**
 * How action groups deliver the channels that need more than the channel
 * says, keyed by the channels' names in `notifications.channels`. Only
 * routed channels need an entry; email, PagerDuty and Azure roles need none.
 */
export interface AzureChannelDelivery {
  /** Slack through relays. @default - none: a routed Slack channel fails synth */
  readonly slack?: AzureSlackDelivery;
  /** Telegram through relays. @default - none: a routed Telegram channel fails synth */
  readonly telegram?: AzureTelegramDelivery;
  /** URLs for webhook and issue channels that send a bearer token. @default - none: such a routed channel fails synth */
  readonly webhook?: AzureWebhookDelivery;
}

/**
 * What keeps action groups from delivering the routed channels with
 * `delivery`: a missing or malformed detail, or an entry for no such
 * channel. One message per channel, naming the prop to set.
 */
export function azureDeliveryProblems(routing: NotificationRouting, delivery: AzureChannelDelivery = {}): string[] {
  const platform = "AzurePlatform";
  const problems = deliveryMapProblems(routing.channels, [
    { prop: "delivery.slack.relayUrls", entries: delivery.slack?.relayUrls, kinds: ["slack"], check: checkRelayUrl },
    { prop: "delivery.telegram.relayUrls", entries: delivery.telegram?.relayUrls, kinds: ["telegram"], check: checkRelayUrl },
    { prop: "delivery.webhook.urls", entries: delivery.webhook?.urls, kinds: ["webhook", "issue"], check: checkSecretReference("vigil/checkout/hook-url") },
  ]);
  for (const [name, channel] of routedOfKind(routing, "slack")) {
    if (delivery.slack?.relayUrls?.[name] === undefined) {
      problems.push(
        `\`channels.${name}\` is a Slack channel; an action group posts the Azure Monitor common alert schema, which a Slack incoming webhook rejects, so set \`delivery.slack.relayUrls.${name}\` on the ${platform}: the HTTPS URL of a relay (a Logic App or a Slack workflow webhook) that posts it to ${channel.channel}, as a secret if it embeds a key`,
      );
    }
  }
  for (const [name, channel] of routedOfKind(routing, "telegram")) {
    if (delivery.telegram?.relayUrls?.[name] === undefined) {
      problems.push(`\`channels.${name}\` is a Telegram chat; an action group cannot call the Telegram Bot API, so set \`delivery.telegram.relayUrls.${name}\` on the ${platform}: an HTTPS relay that forwards action group webhooks to chat ${channel.chatId}`);
    }
  }
  problems.push(...bearerTokenProblems(routing, delivery.webhook?.urls, platform, "an action group webhook cannot send (it posts to the URL alone)"));
  return problems;
}
