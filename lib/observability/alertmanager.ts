import { stringify } from "yaml";
import type { AlertmanagerDelivery } from "./alertmanager-delivery";
import { MaybeSecret, NotificationChannel, SecretReference } from "./channels";
import type { NotificationRouting } from "./routing";
import { Severity, SEVERITIES } from "./severity";
import { urlCredential } from "../core/secrets-in-clear";

/** Grouping and repetition per delivered severity. */
interface RouteTiming {
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
const ROUTE_TIMINGS: Readonly<Record<Severity, RouteTiming>> = {
  page: { groupWait: "30s", groupInterval: "5m", repeatInterval: "1h" },
  ticket: { groupWait: "5m", groupInterval: "30m", repeatInterval: "12h" },
  info: { groupWait: "5m", groupInterval: "1h", repeatInterval: "24h" },
};

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
  /**
   * How this Alertmanager reaches the channels that need more than the
   * channel says: the SMTP relay, Slack incoming webhooks, Telegram relays.
   * @default - none: such a routed channel gets no receiver ({@link alertmanagerProblems} reports it)
   */
  readonly delivery?: AlertmanagerDelivery;
  /**
   * Where the user writes `delivery`, for messages, when a construct other
   * than KubernetesOperators is given it (a cloud platform's `inCluster.delivery`).
   * @default - `delivery` on KubernetesOperators
   */
  readonly deliveryProp?: { readonly path: string; readonly owner: string };
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
const DROP_RECEIVER = "blackhole";

/** `/etc/alertmanager/secrets/<name>/<field or "value">`: where the secret is mounted. */
function defaultSecretFile(ref: SecretReference): string {
  return `/etc/alertmanager/secrets/${ref.name}/${ref.field ?? "value"}`;
}

/** Labels every route groups by: one notification per service and alert. */
const ALERTMANAGER_GROUP_BY: readonly string[] = ["service", "alertname"];

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
    ...(options.receiverFor ? options.receiverFor(severity) : channelReceivers(routing, severity, secretFile, options.delivery ?? {})),
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
  const smtp = options.delivery?.smtp && !options.receiverFor && usesEmail(routing) ? options.delivery.smtp : undefined;
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

/** The configuration as alertmanager.yml text. */
export function renderAlertmanagerConfig(config: Record<string, unknown>): string {
  return stringify(config, { lineWidth: 0 });
}

const SLACK_TEXT = "{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}";

function channelReceivers(routing: NotificationRouting, severity: Severity, secretFile: (ref: SecretReference) => string, delivery: AlertmanagerDelivery): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const add = (key: string, config: Record<string, unknown>) => (out[key] ??= []).push(config);
  // A clear URL carrying a credential is reported at synth and never written.
  const clearUrl = (url: MaybeSecret | undefined) => (typeof url === "string" && !urlCredential(url) ? url : undefined);
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
      case "slack": {
        const webhookUrl = delivery.slack?.webhookUrls?.[name];
        if (!webhookUrl) break; // reported by alertmanagerProblems
        add("slack_configs", {
          api_url_file: secretFile(webhookUrl),
          channel: channel.channel,
          send_resolved: true,
          title: "[{{ .Status | toUpper }}] {{ .CommonLabels.service }}: {{ .CommonLabels.alertname }}",
          text: SLACK_TEXT,
        });
        break;
      }
      case "pagerduty":
        add("pagerduty_configs", {
          routing_key_file: secretFile(channel.routingKey),
          send_resolved: true,
          description: "{{ .CommonLabels.service }}: {{ .CommonAnnotations.summary }}",
          links: [{ href: "{{ .CommonAnnotations.runbook_url }}", text: "Runbook" }],
        });
        break;
      case "telegram": {
        // The relay holds the bot token (Alertmanager 0.25 has no bot_token_file).
        const url = clearUrl(delivery.telegram?.relayUrls?.[name]);
        if (url) add("webhook_configs", { url, send_resolved: true });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function usesEmail(routing: NotificationRouting): boolean {
  return routing.deliveredSeverities.flatMap((s) => routing.routeOf(s)).some((n) => routing.channels[n]?.kind === "email");
}
