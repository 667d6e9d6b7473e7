import { parse } from "yaml";
import { AlertmanagerDelivery, Channel, NotificationRoutingProps, secret } from "cdktf-vigil";
import { alertmanagerConfig, KUBE_PROMETHEUS_SEVERITIES, renderAlertmanagerConfig } from "../../lib/observability/alertmanager";
import { alertmanagerProblems } from "../../lib/observability/alertmanager-delivery";
import { NotificationRouting } from "../../lib/observability/routing";
import { checkConfigWithAmtool } from "cdktf-vigil/testing";
import { messageSaying } from "../harness";

const everyKind: NotificationRoutingProps = {
  channels: {
    pager: Channel.pagerDuty(secret("pagerduty", "routing-key")),
    slack: Channel.slack("#checkout-alerts"),
    mail: Channel.email("oncall@example.com"),
    hook: Channel.webhook("https://hooks.example.com/alerts", secret("hook-token")),
    issues: Channel.issue("https://jira.example.com/rest/automation/webhook", "CHECKOUT", secret("jira-token")),
    tg: Channel.telegram("-1001234567"),
  },
  routes: { page: ["pager", "slack"], ticket: ["issues", "mail"], info: ["tg", "hook"] },
  runbookBaseUrl: "https://runbooks.example.com",
};
const smtp = { smarthost: "smtp.example.com:587", from: "alertmanager@example.com", authUsername: "alertmanager", authPassword: secret("smtp", "password") };
/** How this Alertmanager reaches email, Slack and Telegram. */
const delivery: AlertmanagerDelivery = {
  smtp,
  slack: { webhookUrls: { slack: secret("slack-webhook") } },
  telegram: { relayUrls: { tg: "https://telegram-relay.monitoring.svc:9087/alert/-1001234567" } },
};

type Route = { receiver: string; matchers: string[]; group_wait: string; repeat_interval: string };
type Config = {
  route: { receiver: string; group_by: string[]; routes: Route[] };
  receivers: Array<Record<string, unknown> & { name: string }>;
  inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[]; equal: string[] }>;
  global: Record<string, unknown>;
};
const config = (pageRoutesAs: "page" | "ticket") => alertmanagerConfig(new NotificationRouting(everyKind, pageRoutesAs), { delivery }) as unknown as Config;

describe("Alertmanager configuration from the routing model", () => {
  test("passes amtool check-config in prod and in dev, with every channel kind", () => {
    for (const pageRoutesAs of ["page", "ticket"] as const) {
      const result = checkConfigWithAmtool(renderAlertmanagerConfig(config(pageRoutesAs) as unknown as Record<string, unknown>));
      expect(result).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS") });
    }
  });

  test("routes by severity, grouped by service and alert name, with faster timings for pages", () => {
    const c = config("page");
    expect(c.route.group_by).toEqual(["service", "alertname"]);
    const bySeverity = Object.fromEntries(c.route.routes.map((r) => [r.matchers[0], r]));
    expect(bySeverity['severity="page"']).toMatchObject({ receiver: "page", group_wait: "30s", repeat_interval: "1h" });
    expect(bySeverity['severity="ticket"']).toMatchObject({ receiver: "ticket", group_wait: "5m", repeat_interval: "12h" });
    expect(bySeverity['severity="info"']).toMatchObject({ receiver: "info" });
    // An alert without a severity label falls back to the ticket receiver.
    expect(c.route.receiver).toBe("ticket");
  });

  test("dev: a page alert reaches the ticket receiver and no page receiver exists", () => {
    const c = config("ticket");
    expect(c.route.routes.find((r) => r.matchers[0] === 'severity="page"')).toMatchObject({ receiver: "ticket", repeat_interval: "12h" });
    expect(c.receivers.map((r) => r.name)).toEqual(["ticket", "info"]);
  });

  test("a firing SLO page inhibits the ticket of the same SLO only", () => {
    expect(config("page").inhibit_rules).toEqual([
      { source_matchers: ['severity="page"', 'slo=~".+"'], target_matchers: ['severity="ticket"', 'slo=~".+"'], equal: ["service", "slo"] },
    ]);
  });

  test("each channel kind becomes its Alertmanager receiver, secrets as files", () => {
    const receivers = Object.fromEntries(config("page").receivers.map((r) => [r.name, r]));
    expect(receivers.page.pagerduty_configs).toEqual([expect.objectContaining({ routing_key_file: "/etc/alertmanager/secrets/pagerduty/routing-key", send_resolved: true })]);
    expect(receivers.page.slack_configs).toEqual([expect.objectContaining({ api_url_file: "/etc/alertmanager/secrets/slack-webhook/value", channel: "#checkout-alerts" })]);
    expect(receivers.ticket.email_configs).toEqual([{ to: "oncall@example.com", send_resolved: true }]);
    expect(receivers.ticket.webhook_configs).toEqual([
      {
        url: "https://jira.example.com/rest/automation/webhook",
        send_resolved: false,
        http_config: { authorization: { type: "Bearer", credentials_file: "/etc/alertmanager/secrets/jira-token/value" } },
      },
    ]);
    expect(receivers.info.webhook_configs).toEqual([
      { url: "https://telegram-relay.monitoring.svc:9087/alert/-1001234567", send_resolved: true },
      expect.objectContaining({ url: "https://hooks.example.com/alerts", send_resolved: true }),
    ]);
    // The bot token stays in the relay: nothing of Telegram's is read from a file.
    expect(JSON.stringify(receivers.info)).not.toMatch(/bot_token/);
    expect(config("page").global).toMatchObject({ smtp_smarthost: "smtp.example.com:587", smtp_auth_password_file: "/etc/alertmanager/secrets/smtp/password", smtp_require_tls: true });
  });

  test("a custom receiver factory replaces the channel receivers (AMP's SNS)", () => {
    const topics = { page: "arn:aws:sns:eu-west-1:111122223333:page", ticket: "arn:aws:sns:eu-west-1:111122223333:ticket", info: "arn:aws:sns:eu-west-1:111122223333:info" };
    const c = alertmanagerConfig(new NotificationRouting(everyKind, "page"), {
      receiverFor: (s) => ({ sns_configs: [{ topic_arn: topics[s], sigv4: { region: "eu-west-1" } }] }),
    }) as unknown as Config;
    expect(c.receivers).toEqual([
      { name: "page", sns_configs: [{ topic_arn: topics.page, sigv4: { region: "eu-west-1" } }] },
      { name: "ticket", sns_configs: [{ topic_arn: topics.ticket, sigv4: { region: "eu-west-1" } }] },
      { name: "info", sns_configs: [{ topic_arn: topics.info, sigv4: { region: "eu-west-1" } }] },
    ]);
    const result = checkConfigWithAmtool(renderAlertmanagerConfig(c as unknown as Record<string, unknown>));
    expect(result).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS") });
  });

  test("no receiver or global field that holds a secret inline is ever written; only their *_file forms", () => {
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
      }
    };
    walk(parse(renderAlertmanagerConfig(config("page") as unknown as Record<string, unknown>)));
    const inline = ["routing_key", "service_key", "api_url", "bot_token", "auth_password", "smtp_auth_password", "credentials", "password", "bearer_token"];
    expect([...keys].filter((k) => inline.includes(k))).toEqual([]);
    expect([...keys].filter((k) => k.endsWith("_file")).sort()).toEqual(["api_url_file", "credentials_file", "routing_key_file", "smtp_auth_password_file"]);
  });

  test("channels Alertmanager cannot reach without a delivery detail or without inlining a secret are reported with the prop to set", () => {
    const props: NotificationRoutingProps = {
      channels: {
        mail: Channel.email("oncall@example.com"),
        hook: Channel.webhook(secret("hook-url")),
        tg: Channel.telegram("-100200300"),
        chat: Channel.slack("#checkout-alerts"),
        owners: Channel.azureRole("Owner"),
        unrouted: Channel.slack("#elsewhere"),
      },
      routes: { page: ["hook", "chat", "owners"], ticket: ["mail"], info: ["tg"] },
      runbookBaseUrl: "https://runbooks.example.com",
    };
    const routing = new NotificationRouting(props, "page");
    expect(alertmanagerProblems(routing)).toEqual([
      messageSaying("`channels.mail` is an email address", "SMTP relay", "set `delivery.smtp` ({ smarthost, from })", "on KubernetesOperators"),
      messageSaying("`channels.hook`.url is a secret", "Alertmanager 0.25 cannot read", "give the URL in clear and its token as `bearerToken: secret(...)`"),
      messageSaying("`channels.tg` is a Telegram chat", "set `delivery.telegram.relayUrls.tg`", "on KubernetesOperators", "chat -100200300"),
      messageSaying("`channels.chat` is a Slack channel", "set `delivery.slack.webhookUrls.chat`", "on KubernetesOperators", "#checkout-alerts"),
      messageSaying("`channels.owners` is an Azure role (Owner)", "the Alertmanager of KubernetesOperators cannot deliver it", "route an email address"),
    ]);
    // Dev delivers no page route, but its configuration is checked as prod's is.
    expect(alertmanagerProblems(new NotificationRouting(props, "ticket"))).toEqual(alertmanagerProblems(routing));
    expect(alertmanagerProblems(new NotificationRouting(everyKind, "page"), { delivery })).toEqual([]);
    // AMP's SNS receivers replace the channels: nothing to deliver here.
    expect(alertmanagerProblems(routing, { receiverFor: () => ({}) })).toEqual([]);
  });

  test("a delivery entry for no such channel, or for a channel of another kind, and delivery values Alertmanager cannot read", () => {
    const routing = new NotificationRouting(everyKind, "page");
    expect(
      alertmanagerProblems(routing, {
        delivery: {
          ...delivery,
          slack: { webhookUrls: { slack: "https://hooks.slack.com/services/T/B/X" as never, slak: secret("typo"), mail: secret("x"), tg: secret("y") } },
          telegram: { relayUrls: { tg: secret("relay") as never } },
        },
      }),
    ).toEqual([
      messageSaying("`delivery.slack.webhookUrls.slack`", "must be a secret reference"),
      messageSaying("`delivery.slack.webhookUrls.slak`", "names no channel", "(channels it may name: slack)", "fix the name or remove the entry"),
      messageSaying("`delivery.slack.webhookUrls.mail`", "`channels.mail` is an email address", "remove the entry"),
      messageSaying("`delivery.slack.webhookUrls.tg`", "`channels.tg` is a Telegram chat", "remove the entry"),
      messageSaying("`delivery.telegram.relayUrls.tg` is a secret", "give the bridge's URL in clear"),
    ]);
  });
});

describe("alerts of rules Vigil did not write", () => {
  test("kube-prometheus-stack's severities route to page, ticket, or nobody (Watchdog), and amtool accepts it", () => {
    const c = alertmanagerConfig(new NotificationRouting(everyKind, "page"), { delivery, foreignSeverities: KUBE_PROMETHEUS_SEVERITIES }) as unknown as Config;
    const receiverOf = Object.fromEntries(c.route.routes.map((r) => [r.matchers[0], r.receiver]));
    expect(receiverOf).toMatchObject({ 'severity="critical"': "page", 'severity="warning"': "ticket", 'severity="none"': "blackhole" });
    expect(c.receivers.find((r) => r.name === "blackhole")).toEqual({ name: "blackhole" });
    const result = checkConfigWithAmtool(renderAlertmanagerConfig(c as unknown as Record<string, unknown>));
    expect(result).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS") });
  });

  test("dev: a critical alert is delivered as a ticket, like a page", () => {
    const c = alertmanagerConfig(new NotificationRouting(everyKind, "ticket"), { delivery, foreignSeverities: KUBE_PROMETHEUS_SEVERITIES }) as unknown as Config;
    expect(c.route.routes.find((r) => r.matchers[0] === 'severity="critical"')?.receiver).toBe("ticket");
  });
});
