import { maskUrlCredential, urlCredential } from "../core/secrets-in-clear";

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

/**
 * A Slack channel. It says where people are reached, not how: each target
 * delivers Slack its own way (AWS Chatbot, a Slack app on GCP, a relay on
 * Azure, an incoming webhook for Alertmanager), with the details given once
 * in that target's platform props (`delivery.slack`).
 */
export interface SlackChannel {
  /** Channel kind. */
  readonly kind: "slack";
  /** Channel name with its "#", e.g. `#checkout-alerts`. */
  readonly channel: string;
}

/** PagerDuty through an Events API v2 integration. */
export interface PagerDutyChannel {
  /** Channel kind. */
  readonly kind: "pagerduty";
  /** The integration (routing) key, always a secret. */
  readonly routingKey: SecretReference;
}

/**
 * A Telegram chat. No target posts to Telegram itself without writing the
 * bot token into its configuration, so each target reaches the chat through
 * a relay that holds the token, given in its platform props
 * (`delivery.telegram.relayUrls`).
 */
export interface TelegramChannel {
  /** Channel kind. */
  readonly kind: "telegram";
  /** Chat id (a number, negative for groups and channels) or `@channelname`. */
  readonly chatId: string;
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

/**
 * The Azure built-in roles whose members an action group can email: the only
 * ones Azure Monitor supports (Microsoft Learn, "Action groups", Email Azure
 * Resource Manager role).
 */
export const AZURE_ALERT_ROLES = ["Owner", "Contributor", "Reader", "Monitoring Contributor", "Monitoring Reader"] as const;

/** A role an action group can email. */
export type AzureAlertRole = (typeof AZURE_ALERT_ROLES)[number];

/**
 * The members of an Azure role at subscription scope (the Entra users and
 * groups assigned it), emailed by Azure Monitor. Only Azure can deliver it:
 * other targets fail synth when a route names one.
 */
export interface AzureRoleChannel {
  /** Channel kind. */
  readonly kind: "azure-role";
  /** The built-in role, e.g. "Owner". */
  readonly role: AzureAlertRole;
}

/** Every kind of notification channel. */
export type NotificationChannel = EmailChannel | WebhookChannel | SlackChannel | PagerDutyChannel | TelegramChannel | IssueChannel | AzureRoleChannel;

/** The kind of a notification channel. */
export type ChannelKind = NotificationChannel["kind"];

/** What each kind of channel is, for messages: "`channels.chat` is a Slack channel". */
export const CHANNEL_KIND_NAMES: Readonly<Record<ChannelKind, string>> = {
  email: "an email address",
  webhook: "a webhook",
  slack: "a Slack channel",
  pagerduty: "a PagerDuty service",
  telegram: "a Telegram chat",
  issue: "an issue tracker",
  "azure-role": "an Azure role",
};

/** Builders for channels and secret references. */
export const Channel = {
  /** Email to `address`. */
  email: (address: string): EmailChannel => ({ kind: "email", address }),
  /** HTTPS webhook. */
  webhook: (url: MaybeSecret, bearerToken?: SecretReference): WebhookChannel => ({ kind: "webhook", url, bearerToken }),
  /** Slack channel, e.g. `Channel.slack("#checkout-alerts")`. */
  slack: (channel: string): SlackChannel => ({ kind: "slack", channel }),
  /** PagerDuty service integration. */
  pagerDuty: (routingKey: SecretReference): PagerDutyChannel => ({ kind: "pagerduty", routingKey }),
  /** Telegram chat, e.g. `Channel.telegram("-1001234567890")`. */
  telegram: (chatId: string): TelegramChannel => ({ kind: "telegram", chatId }),
  /** Issue-creation webhook. */
  issue: (url: MaybeSecret, project?: string, bearerToken?: SecretReference): IssueChannel => ({ kind: "issue", url, project, bearerToken }),
  /** Members of an Azure role, e.g. `Channel.azureRole("Owner")` (Azure only). */
  azureRole: (role: AzureAlertRole): AzureRoleChannel => ({ kind: "azure-role", role }),
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
// Slack: lowercase, no spaces, at most 80 characters after the "#".
const SLACK_CHANNEL = /^#[^\s#A-Z]{1,80}$/;
const TELEGRAM_CHAT = /^-?\d+$|^@\w{5,32}$/;

/**
 * A problem when a URL given in clear is not https, or carries a credential
 * (a password or token in its user info, a token-like query parameter),
 * which belongs in a secret; `where` names the prop, e.g. "`channels.hook`.url".
 */
export function httpsUrlProblem(where: string, url: MaybeSecret): string | undefined {
  if (isSecretReference(url)) return undefined;
  if (typeof url === "string" && HTTPS_URL.test(url)) {
    const credential = urlCredential(url);
    if (!credential) return undefined;
    return `${where} ${JSON.stringify(maskUrlCredential(url))} carries ${credential}; keep credentials out of the configuration: give the URL as secret("name"), or send the token as \`bearerToken: secret("name")\` where the endpoint accepts one`;
  }
  return `${where} ${JSON.stringify(url)} is not an https URL; use https://..., or secret("name") when the URL carries a token`;
}

/** A problem when a value is not a secret reference; `where` names the prop, `example` a plausible secret name. */
export function secretReferenceProblem(where: string, ref: unknown, example = "pagerduty/checkout"): string | undefined {
  if (isSecretReference(ref) && ref.name) return undefined;
  return `${where} must be a secret reference, e.g. secret(${JSON.stringify(example)}); secrets are never written into the configuration`;
}

/**
 * Checks one channel for what is true on every target (addresses, URLs,
 * secret references, Slack channel names, Telegram chat ids); how a target
 * delivers it is checked by that target. Messages name the channel and field.
 */
export function validateChannel(name: string, channel: NotificationChannel): string[] {
  const where = `\`channels.${name}\``;
  const problems: Array<string | undefined> = [];
  switch (channel.kind) {
    case "email":
      if (!EMAIL.test(channel.address)) problems.push(`${where}.address ${JSON.stringify(channel.address)} is not an email address`);
      break;
    case "webhook":
    case "issue":
      problems.push(httpsUrlProblem(`${where}.url`, channel.url));
      if (channel.bearerToken !== undefined) problems.push(secretReferenceProblem(`${where}.bearerToken`, channel.bearerToken));
      break;
    case "slack":
      if (!SLACK_CHANNEL.test(channel.channel ?? "")) {
        problems.push(`${where}.channel ${JSON.stringify(channel.channel)} is not a Slack channel name; write it with its "#", in lowercase, e.g. "#checkout-alerts"`);
      }
      break;
    case "pagerduty":
      problems.push(secretReferenceProblem(`${where}.routingKey`, channel.routingKey));
      break;
    case "telegram":
      if (!TELEGRAM_CHAT.test(channel.chatId ?? "")) problems.push(`${where}.chatId ${JSON.stringify(channel.chatId)} is not a Telegram chat id (a number) or @channel name`);
      break;
    case "azure-role":
      if (!(AZURE_ALERT_ROLES as readonly string[]).includes(channel.role)) {
        problems.push(`${where}.role ${JSON.stringify(channel.role)} is not a role an action group can email; use one of ${AZURE_ALERT_ROLES.join(", ")}`);
      }
      break;
    default:
      problems.push(`${where} has unknown kind ${JSON.stringify((channel as { kind: unknown }).kind)}; use email, webhook, slack, pagerduty, telegram, issue or azure-role`);
  }
  return problems.filter((p): p is string => p !== undefined);
}
