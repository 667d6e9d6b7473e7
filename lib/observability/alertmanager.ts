import { stringify } from "yaml";
import { isSecretReference, MaybeSecret, NotificationChannel, SecretReference } from "./channels";
import type { NotificationRouting } from "./routing";
import { Severity, SEVERITIES } from "./severity";

/** Grouping and repetition per delivered severity. */
export interface RouteTiming {
  /** Wait before the first notification of a new group, to batch alerts firing together. */
  readonly groupWait: string;
  /** Wait before notifying about alerts added to a group already notified. */
  readonly groupInterval: string;
  /** Re-notify about a group still firing after this long. */
  readonly repeatInterval: string;
}

/**
 * Pages are sent fast and repeated hourly while they fire (a page nobody
 * acknowledged must not go quiet); tickets are batched and repeated twice a
 * day; info is batched and repeated daily.
 */
export const ROUTE_TIMINGS: Readonly<Record<Severity, RouteTiming>> = {
  page: { groupWait: "30s", groupInterval: "5m", repeatInterval: "1h" },
  ticket: { groupWait: "5m", groupInterval: "30m", repeatInterval: "12h" },
  info: { groupWait: "5m", groupInterval: "1h", repeatInterval: "24h" },
};

/** SMTP relay for email channels. */
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

/** Options of {@link alertmanagerConfig}. */
export interface AlertmanagerOptions {
  /**
   * Builds the receiver of a delivered severity instead of the routed
   * channels, e.g. AMP's SNS-only receivers:
   * `(s) => ({ sns_configs: [{ topic_arn: topics[s], sigv4: { region } }] })`.
   * @default - one receiver per severity from its routed channels
   */
  readonly receiverFor?: (severity: Severity) => Record<string, unknown>;
  /** Path of the file Alertmanager reads a secret from. @default {@link defaultSecretFile} */
  readonly secretFile?: (ref: SecretReference) => string;
  /** SMTP relay; needed when an email channel is routed. @default - none */
  readonly smtp?: SmtpSettings;
  /**
   * Severity label values of rules Vigil did not write, mapped to a Vigil
   * severity or to "drop" (delivered to nobody), e.g. kube-prometheus-stack's
   * {@link KUBE_PROMETHEUS_SEVERITIES}. @default - none: such alerts reach the fallback (ticket) receiver
   */
  readonly foreignSeverities?: Readonly<Record<string, Severity | "drop">>;
}

/**
 * kube-prometheus-stack's default rules label severities `critical`,
 * `warning`, `info` and `none` (`Watchdog`, `InfoInhibitor`, which fire on
 * purpose and must reach nobody).
 */
export const KUBE_PROMETHEUS_SEVERITIES: Readonly<Record<string, Severity | "drop">> = { critical: "page", warning: "ticket", none: "drop" };

/** Name of the receiver that delivers nothing. */
export const DROP_RECEIVER = "blackhole";

/** `/etc/alertmanager/secrets/<name>/<field or "value">`: where the secret is mounted. */
export function defaultSecretFile(ref: SecretReference): string {
  return `/etc/alertmanager/secrets/${ref.name}/${ref.field ?? "value"}`;
}

/** Labels every route groups by: one notification per service and alert. */
export const ALERTMANAGER_GROUP_BY: readonly string[] = ["service", "alertname"];

/**
 * The Alertmanager configuration (alertmanager.yml as a plain object) of a
 * routing model: one route per declared severity to the receiver of the
 * severity it is delivered as (in dev a page reaches the ticket receiver),
 * grouped by service and alert name, with the severity's timings; a firing
 * page of an SLO inhibits the ticket of the same SLO. Secrets are file
 * paths, never values. Fields are those of Alertmanager 0.25 (Debian 12's),
 * which also every later version reads.
 */
export function alertmanagerConfig(routing: NotificationRouting, options: AlertmanagerOptions = {}): Record<string, unknown> {
  const secretFile = options.secretFile ?? defaultSecretFile;
  const delivered = routing.deliveredSeverities;
  const receivers: Array<Record<string, unknown> & { name: string }> = delivered.map((severity) => ({
    name: severity,
    ...(options.receiverFor ? options.receiverFor(severity) : channelReceivers(routing, severity, secretFile)),
  }));
  const routeTo = (label: string, severity: Severity) => {
    const to = routing.deliveredAs(severity);
    const t = ROUTE_TIMINGS[to];
    return { receiver: to, matchers: [`severity="${label}"`], group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval };
  };
  const foreign = Object.entries(options.foreignSeverities ?? {}).filter(([label]) => !(SEVERITIES as readonly string[]).includes(label));
  const routes = [
    ...SEVERITIES.map((severity) => routeTo(severity, severity)),
    ...foreign.map(([label, to]) => (to === "drop" ? { receiver: DROP_RECEIVER, matchers: [`severity="${label}"`] } : routeTo(label, to))),
  ];
  if (foreign.some(([, to]) => to === "drop")) receivers.push({ name: DROP_RECEIVER });
  // An alert without a severity label still reaches someone in working hours.
  const fallback: Severity = delivered.includes("ticket") ? "ticket" : delivered[0];
  const root = ROUTE_TIMINGS[fallback];
  const smtp = options.smtp && !options.receiverFor && usesEmail(routing) ? options.smtp : undefined;
  return {
    global: {
      resolve_timeout: "5m",
      ...(smtp
        ? {
            smtp_smarthost: smtp.smarthost,
            smtp_from: smtp.from,
            smtp_require_tls: true,
            ...(smtp.authUsername ? { smtp_auth_username: smtp.authUsername } : {}),
            ...(smtp.authPassword ? { smtp_auth_password_file: secretFile(smtp.authPassword) } : {}),
          }
        : {}),
    },
    route: {
      receiver: fallback,
      group_by: [...ALERTMANAGER_GROUP_BY],
      group_wait: root.groupWait,
      group_interval: root.groupInterval,
      repeat_interval: root.repeatInterval,
      routes,
    },
    inhibit_rules: [
      {
        // Both sides must carry an slo label: Alertmanager treats a label missing on
        // both as equal, which would let any page silence every ticket of the service.
        source_matchers: ['severity="page"', 'slo=~".+"'],
        target_matchers: ['severity="ticket"', 'slo=~".+"'],
        equal: ["service", "slo"],
      },
    ],
    receivers,
  };
}

/**
 * Problems that keep a routed channel from reaching Alertmanager: email
 * without an SMTP relay, a webhook URL given as a secret (Alertmanager 0.25
 * has no `url_file`), Telegram without a relay (no `bot_token_file` before
 * 0.26). Each message names the channel and what to do instead.
 */
export function alertmanagerProblems(routing: NotificationRouting, options: AlertmanagerOptions = {}): string[] {
  if (options.receiverFor) return [];
  const problems: string[] = [];
  for (const name of routedChannelNames(routing)) {
    const channel = routing.channels[name];
    const where = `\`channels.${name}\``;
    if (channel.kind === "email" && !options.smtp) {
      problems.push(`${where} is an email channel but Alertmanager has no SMTP relay; give \`smtp: { smarthost, from }\``);
    }
    if ((channel.kind === "webhook" || channel.kind === "issue") && isSecretReference(channel.url)) {
      problems.push(`${where}.url is a secret, which Alertmanager cannot read from a file; give the URL in clear and its token as \`bearerToken: secret(...)\``);
    }
    if (channel.kind === "telegram") {
      if (channel.relayUrl === undefined) {
        problems.push(`${where}: Alertmanager reads a Telegram bot token from a file only from 0.26 on; give \`relayUrl\`, a webhook-to-Telegram bridge (e.g. prometheus_bot) that holds the token`);
      } else if (isSecretReference(channel.relayUrl)) {
        problems.push(`${where}.relayUrl is a secret, which Alertmanager cannot read from a file; give the relay URL in clear`);
      }
    }
  }
  return problems;
}

/** The configuration as alertmanager.yml text. */
export function renderAlertmanagerConfig(config: Record<string, unknown>): string {
  return stringify(config, { lineWidth: 0 });
}

const SLACK_TEXT = "{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}";

function channelReceivers(routing: NotificationRouting, severity: Severity, secretFile: (ref: SecretReference) => string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const add = (key: string, config: Record<string, unknown>) => (out[key] ??= []).push(config);
  const clearUrl = (url: MaybeSecret | undefined) => (typeof url === "string" ? url : undefined);
  for (const name of routing.routeOf(severity)) {
    const channel: NotificationChannel | undefined = routing.channels[name];
    switch (channel?.kind) {
      case "email":
        add("email_configs", { to: channel.address, send_resolved: true });
        break;
      case "webhook":
      case "issue": {
        const url = clearUrl(channel.url);
        if (!url) break; // reported by alertmanagerProblems
        add("webhook_configs", {
          url,
          // An issue tracker gets one issue per alert group, not a second one on resolution.
          send_resolved: channel.kind === "webhook",
          ...(channel.bearerToken ? { http_config: { authorization: { type: "Bearer", credentials_file: secretFile(channel.bearerToken) } } } : {}),
        });
        break;
      }
      case "slack":
        add("slack_configs", {
          api_url_file: secretFile(channel.webhookUrl),
          channel: channel.channel,
          send_resolved: true,
          title: "[{{ .Status | toUpper }}] {{ .CommonLabels.service }}: {{ .CommonLabels.alertname }}",
          text: SLACK_TEXT,
        });
        break;
      case "pagerduty":
        add("pagerduty_configs", {
          routing_key_file: secretFile(channel.routingKey),
          send_resolved: true,
          description: "{{ .CommonLabels.service }}: {{ .CommonAnnotations.summary }}",
          links: [{ href: "{{ .CommonAnnotations.runbook_url }}", text: "Runbook" }],
        });
        break;
      case "telegram": {
        const url = clearUrl(channel.relayUrl);
        if (url) add("webhook_configs", { url, send_resolved: true });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function routedChannelNames(routing: NotificationRouting): string[] {
  return [...new Set(routing.deliveredSeverities.flatMap((s) => routing.routeOf(s)))];
}

function usesEmail(routing: NotificationRouting): boolean {
  return routedChannelNames(routing).some((n) => routing.channels[n]?.kind === "email");
}
