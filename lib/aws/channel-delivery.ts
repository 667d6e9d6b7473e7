import { MaybeSecret, SecretReference } from "../observability/channels";
import { azureRoleNotDeliverable, bearerTokenProblems, checkRelayUrl, checkSecretReference, deliveryMapProblems, routedOfKind } from "../observability/delivery";
import type { NotificationRouting } from "../observability/routing";

/**
 * Slack through AWS Chatbot: the workspace authorized once in the AWS
 * Chatbot console, and the id of each Slack channel (Chatbot addresses
 * channels by id, not by name).
 */
export interface AwsSlackDelivery {
  /** Slack workspace (team) id authorized in AWS Chatbot, e.g. `T0123ABCD`. */
  readonly workspaceId: string;
  /**
   * Slack channel id per Vigil Slack channel name, e.g. `{ chat: "C0456EFGH" }`
   * (in Slack: the channel's details, or the end of its link).
   */
  readonly channelIds: Readonly<Record<string, string>>;
}

/**
 * Telegram on AWS: SNS cannot post to Telegram, so an HTTPS relay that
 * confirms the SNS subscription, holds the bot token and forwards each
 * notification to the chat.
 */
export interface AwsTelegramDelivery {
  /** Relay URL per Vigil Telegram channel name; a secret when it embeds a key. */
  readonly relayUrls: Readonly<Record<string, MaybeSecret>>;
}

/**
 * Webhook and issue channels on AWS: an SNS https subscription posts to its
 * URL alone and sends no Authorization header, so a channel with a
 * `bearerToken` needs a URL that carries the credential itself.
 */
export interface AwsWebhookDelivery {
  /** URL with its credential, per Vigil webhook or issue channel name; always a secret. */
  readonly urls: Readonly<Record<string, SecretReference>>;
}

/**
 * How AWS delivers the channels that need more than the channel says, keyed
 * by the channels' names in `notifications.channels`. Only routed channels
 * need an entry; email and PagerDuty need none.
 */
export interface AwsChannelDelivery {
  /** Slack through AWS Chatbot. @default - none: a routed Slack channel fails synth */
  readonly slack?: AwsSlackDelivery;
  /** Telegram through relays. @default - none: a routed Telegram channel fails synth */
  readonly telegram?: AwsTelegramDelivery;
  /** URLs for webhook and issue channels that send a bearer token. @default - none: such a routed channel fails synth */
  readonly webhook?: AwsWebhookDelivery;
}

// Patterns of the AWS Chatbot API (CreateSlackChannelConfiguration: SlackTeamId, SlackChannelId).
const SLACK_TEAM_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;

/**
 * What keeps AWS from delivering the routed channels with `delivery`: a
 * missing or malformed detail, an entry for no such channel, a channel only
 * another cloud can reach. One message per channel, naming the prop to set.
 */
export function awsDeliveryProblems(routing: NotificationRouting, delivery: AwsChannelDelivery = {}): string[] {
  const platform = "AwsPlatform";
  const slackChannelId = (where: string, id: unknown) =>
    typeof id === "string" && SLACK_CHANNEL_ID.test(id) ? undefined : `${where} ${JSON.stringify(id)} is not a Slack channel id (letters and digits, e.g. "C0456EFGH"), which AWS Chatbot needs instead of the name`;
  const problems = deliveryMapProblems(routing.channels, [
    { prop: "delivery.slack.channelIds", entries: delivery.slack?.channelIds, kinds: ["slack"], check: slackChannelId },
    { prop: "delivery.telegram.relayUrls", entries: delivery.telegram?.relayUrls, kinds: ["telegram"], check: checkRelayUrl },
    { prop: "delivery.webhook.urls", entries: delivery.webhook?.urls, kinds: ["webhook", "issue"], check: checkSecretReference("vigil/checkout/hook-url") },
  ]);
  const slack = delivery.slack;
  if (slack?.workspaceId !== undefined && !SLACK_TEAM_ID.test(slack.workspaceId)) {
    problems.push(`\`delivery.slack.workspaceId\` ${JSON.stringify(slack.workspaceId)} is not a Slack workspace id (capital letters and digits, e.g. "T0123ABCD"); copy it from the AWS Chatbot console`);
  }

  for (const [name, channel] of routedOfKind(routing, "slack")) {
    const missing = [...(slack?.workspaceId ? [] : ["`delivery.slack.workspaceId`"]), ...(slack?.channelIds?.[name] ? [] : [`\`delivery.slack.channelIds.${name}\` (the id of ${channel.channel})`])];
    if (missing.length > 0) {
      problems.push(`\`channels.${name}\` is a Slack channel; AWS delivers Slack through AWS Chatbot, so set ${missing.join(" and ")} on the ${platform} (authorize the workspace once in the AWS Chatbot console)`);
    }
  }
  for (const [name, channel] of routedOfKind(routing, "telegram")) {
    if (delivery.telegram?.relayUrls?.[name] === undefined) {
      problems.push(`\`channels.${name}\` is a Telegram chat; SNS cannot post to Telegram, so set \`delivery.telegram.relayUrls.${name}\` on the ${platform}: an HTTPS relay that confirms the SNS subscription and forwards notifications to chat ${channel.chatId}`);
    }
  }
  problems.push(...bearerTokenProblems(routing, delivery.webhook?.urls, platform, "an SNS https subscription cannot send (it posts to the URL alone)"));
  for (const [name, channel] of routedOfKind(routing, "azure-role")) problems.push(azureRoleNotDeliverable(name, channel, platform));
  return problems;
}
