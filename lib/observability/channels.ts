/**
 * A secret held in the cloud's secret store (AWS Secrets Manager, GCP Secret
 * Manager, Azure Key Vault, or a Kubernetes Secret in-cluster). Vigil only
 * ever writes the reference into the synthesized configuration, never the value.
 */
export interface SecretReference {
  /** Marker for the union. */
  readonly kind: "secret";
  /** Name (or ARN / resource id) of the secret in the target's secret store. */
  readonly name: string;
  /** JSON field inside the secret holding the value. @default - the whole secret string */
  readonly field?: string;
}

/** A value given in clear (not sensitive) or as a secret reference. */
export type MaybeSecret = string | SecretReference;

/** Email delivery. */
export interface EmailChannel {
  /** Channel kind. */
  readonly kind: "email";
  /** Address that receives the notifications. */
  readonly address: string;
}

/** A generic HTTPS webhook receiving JSON notifications. */
export interface WebhookChannel {
  /** Channel kind. */
  readonly kind: "webhook";
  /** HTTPS URL; give a secret when the URL embeds a token. */
  readonly url: MaybeSecret;
  /** Token sent as `Authorization: Bearer` (Alertmanager targets read it from a file). @default - no authorization header */
  readonly bearerToken?: SecretReference;
}

/** Slack. On AWS, delivered through AWS Chatbot (needs workspace and channel ids). */
export interface SlackChannel {
  /** Channel kind. */
  readonly kind: "slack";
  /** Channel name, e.g. `#checkout-alerts`. */
  readonly channel: string;
  /** Incoming-webhook URL, used by Alertmanager and webhook-based targets. */
  readonly webhookUrl: SecretReference;
  /** Slack workspace (team) id, e.g. `T0123ABCD`; needed on AWS (AWS Chatbot). @default - none; AWS targets report an error */
  readonly workspaceId?: string;
  /** Slack channel id, e.g. `C0456EFGH`; needed on AWS (AWS Chatbot). @default - none; AWS targets report an error */
  readonly channelId?: string;
  /**
   * OAuth token of a Slack app allowed to post in the channel (`xoxb-…`); needed on GCP, whose
   * Cloud Monitoring Slack channel posts through the Slack API, not a webhook.
   * @default - none; GCP targets report an error
   */
  readonly authToken?: SecretReference;
  /**
   * HTTPS endpoint that turns an Azure Monitor alert into a Slack message (a Logic App or a Slack
   * workflow webhook); needed on Azure, whose action groups post Azure's own alert schema, which a
   * Slack incoming webhook rejects.
   * @default - none; Azure targets report an error
   */
  readonly relayUrl?: MaybeSecret;
}

/** PagerDuty through an Events API v2 integration. */
export interface PagerDutyChannel {
  /** Channel kind. */
  readonly kind: "pagerduty";
  /** The integration (routing) key, always a secret. */
  readonly routingKey: SecretReference;
}

/** Telegram through a bot. */
export interface TelegramChannel {
  /** Channel kind. */
  readonly kind: "telegram";
  /** Chat id the bot posts to. */
  readonly chatId: string;
  /** Bot token, always a secret. */
  readonly botToken: SecretReference;
  /**
   * HTTPS relay that accepts the cloud's native notification (e.g. SNS) and
   * posts it to Telegram; needed on clouds whose notifications cannot reach
   * Telegram themselves (AWS). @default - none; AWS targets report an error
   */
  readonly relayUrl?: MaybeSecret;
}

/** An issue-creation webhook (Jira, GitHub, GitLab automation) that opens a ticket per alert. */
export interface IssueChannel {
  /** Channel kind. */
  readonly kind: "issue";
  /** HTTPS URL of the automation endpoint; a secret when it embeds a token. */
  readonly url: MaybeSecret;
  /** Project or repository the issue is filed in, for humans reading the route. @default - none */
  readonly project?: string;
  /** Token sent as `Authorization: Bearer` (Alertmanager targets read it from a file). @default - no authorization header */
  readonly bearerToken?: SecretReference;
}

/** Every kind of notification channel. */
export type NotificationChannel = EmailChannel | WebhookChannel | SlackChannel | PagerDutyChannel | TelegramChannel | IssueChannel;

/** Builders for channels and secret references. */
export const Channel = {
  /** Email to `address`. */
  email: (address: string): EmailChannel => ({ kind: "email", address }),
  /** HTTPS webhook. */
  webhook: (url: MaybeSecret, bearerToken?: SecretReference): WebhookChannel => ({ kind: "webhook", url, bearerToken }),
  /** Slack channel. */
  slack: (props: Omit<SlackChannel, "kind">): SlackChannel => ({ kind: "slack", ...props }),
  /** PagerDuty service integration. */
  pagerDuty: (routingKey: SecretReference): PagerDutyChannel => ({ kind: "pagerduty", routingKey }),
  /** Telegram chat. */
  telegram: (props: Omit<TelegramChannel, "kind">): TelegramChannel => ({ kind: "telegram", ...props }),
  /** Issue-creation webhook. */
  issue: (url: MaybeSecret, project?: string, bearerToken?: SecretReference): IssueChannel => ({ kind: "issue", url, project, bearerToken }),
} as const;

/** A reference to a secret named `name` in the target's secret store. */
export function secret(name: string, field?: string): SecretReference {
  return { kind: "secret", name, field };
}

/** True when the value is a secret reference. */
export function isSecretReference(value: unknown): value is SecretReference {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "secret";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** Checks one channel; messages name the channel and the field. */
export function validateChannel(name: string, channel: NotificationChannel): string[] {
  const where = `\`channels.${name}\``;
  const problems: string[] = [];
  const checkUrl = (field: string, url: MaybeSecret) => {
    if (typeof url === "string" && !HTTPS_URL.test(url)) {
      problems.push(`${where}.${field} ${JSON.stringify(url)} is not an https URL; use https://..., or secret("name") when the URL carries a token`);
    }
  };
  const checkSecret = (field: string, ref: unknown) => {
    if (!isSecretReference(ref) || !ref.name) {
      problems.push(`${where}.${field} must be a secret reference, e.g. secret("pagerduty/checkout"); secrets are never written into the configuration`);
    }
  };
  switch (channel.kind) {
    case "email":
      if (!EMAIL.test(channel.address)) problems.push(`${where}.address ${JSON.stringify(channel.address)} is not an email address`);
      break;
    case "webhook":
    case "issue":
      checkUrl("url", channel.url);
      if (channel.bearerToken !== undefined) checkSecret("bearerToken", channel.bearerToken);
      break;
    case "slack":
      checkSecret("webhookUrl", channel.webhookUrl);
      if (channel.authToken !== undefined) checkSecret("authToken", channel.authToken);
      if (channel.relayUrl !== undefined) checkUrl("relayUrl", channel.relayUrl);
      if (!channel.channel) problems.push(`${where}.channel is empty; name the Slack channel, e.g. "#checkout-alerts"`);
      break;
    case "pagerduty":
      checkSecret("routingKey", channel.routingKey);
      break;
    case "telegram":
      checkSecret("botToken", channel.botToken);
      if (!/^-?\d+$|^@\w+$/.test(channel.chatId)) problems.push(`${where}.chatId ${JSON.stringify(channel.chatId)} is not a Telegram chat id (a number) or @channel name`);
      if (channel.relayUrl !== undefined) checkUrl("relayUrl", channel.relayUrl);
      break;
    default:
      problems.push(`${where} has unknown kind ${JSON.stringify((channel as { kind: unknown }).kind)}; use email, webhook, slack, pagerduty, telegram or issue`);
  }
  return problems;
}
