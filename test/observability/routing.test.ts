import { AlertDefinition, Channel, secret } from "../../lib";
import { applyAlertOverrides, validateAlert, runbookUrl } from "../../lib/observability/alert";
import { validateChannel } from "../../lib/observability/channels";
import { NotificationRouting } from "../../lib/observability/routing";
import { deliveredSeverity } from "../../lib/observability/severity";
import { messageSaying } from "../harness";

const props = {
  channels: {
    pager: Channel.pagerDuty(secret("pd")),
    mail: Channel.email("oncall@example.com"),
    slack: Channel.slack("#alerts"),
    tg: Channel.telegram("-100200300"),
    issues: Channel.issue("https://jira.example.com/hooks/create", "OPS"),
    hook: Channel.webhook(secret("hook-url")),
    owners: Channel.azureRole("Owner"),
  },
  routes: { page: ["pager", "slack"], ticket: ["issues", "mail"], info: ["tg"] },
  runbookBaseUrl: "https://runbooks.example.com/",
};

describe("routing", () => {
  test("the model accepts every channel kind", () => {
    expect(NotificationRouting.validate(props)).toEqual([]);
  });

  test("prod: each severity reaches its own channels", () => {
    const r = new NotificationRouting(props, "page");
    expect(r.routeOf(r.deliveredAs("page"))).toEqual(["pager", "slack"]);
    expect(r.routeOf(r.deliveredAs("ticket"))).toEqual(["issues", "mail"]);
    expect(r.routeOf(r.deliveredAs("info"))).toEqual(["tg"]);
    expect(r.deliveredSeverities).toEqual(["page", "ticket", "info"]);
  });

  test("dev: a page is delivered as a ticket, so nothing pages", () => {
    const r = new NotificationRouting(props, "ticket");
    expect(r.deliveredAs("page")).toBe("ticket");
    expect(r.routeOf(r.deliveredAs("page"))).toEqual(["issues", "mail"]);
    expect(r.deliveredSeverities).toEqual(["ticket", "info"]);
    expect(deliveredSeverity("info", "ticket")).toBe("info");
  });

  test("secrets must be references, never values", () => {
    expect(validateChannel("pager", { kind: "pagerduty", routingKey: "R0UT1NGKEY" as never })).toEqual([
      messageSaying("`channels.pager`.routingKey", "must be a secret reference", 'secret("pagerduty/checkout")'),
    ]);
    expect(validateChannel("hook", Channel.webhook("https://hooks.example.com", secret("")))).toEqual([
      messageSaying("`channels.hook`.bearerToken", "must be a secret reference"),
    ]);
    expect(validateChannel("x", { kind: "sms" } as never)).toEqual([
      messageSaying("`channels.x`", 'unknown kind "sms"', "use email, webhook, slack, pagerduty, telegram, issue or azure-role"),
    ]);
  });

  test("a channel says where people are reached, checked the same on every target: Slack names, Telegram chats, Azure roles", () => {
    expect(validateChannel("chat", Channel.slack("#checkout-alerts"))).toEqual([]);
    for (const name of ["checkout-alerts", "#Checkout", "#checkout alerts", `#${"a".repeat(81)}`]) {
      expect(validateChannel("chat", Channel.slack(name))).toEqual([
        messageSaying("`channels.chat`.channel", JSON.stringify(name), "not a Slack channel name", 'with its "#", in lowercase'),
      ]);
    }
    // The old shape (delivery details on the channel), written in JavaScript, is reported, not half read.
    expect(validateChannel("chat", Channel.slack({ channel: "#a", workspaceId: "T1" } as never))).toHaveLength(1);
    expect(validateChannel("tg", Channel.telegram("-1001234567890"))).toEqual([]);
    expect(validateChannel("tg", Channel.telegram("@checkout_alerts"))).toEqual([]);
    expect(validateChannel("tg", Channel.telegram("my chat"))).toEqual([messageSaying("`channels.tg`.chatId", '"my chat"', "not a Telegram chat id")]);
    expect(validateChannel("owners", Channel.azureRole("Monitoring Reader"))).toEqual([]);
    expect(validateChannel("owners", Channel.azureRole("Global Administrator" as never))).toEqual([
      messageSaying("`channels.owners`.role", '"Global Administrator"', "not a role an action group can email", "Monitoring Reader"),
    ]);
  });

  test("the channels a target must deliver are those a route names under any severity, in every environment", () => {
    for (const pageRoutesAs of ["page", "ticket"] as const) {
      expect(Object.keys(new NotificationRouting(props, pageRoutesAs).routedChannels).sort()).toEqual(["issues", "mail", "pager", "slack", "tg"]);
    }
  });

  test("runbook URLs join without doubled slashes", () => {
    expect(runbookUrl("https://runbooks.example.com/", "eks-cluster", "failed-nodes")).toBe("https://runbooks.example.com/eks-cluster/failed-nodes.md");
  });
});

describe("alerts", () => {
  const alert: AlertDefinition = {
    id: "queue-depth",
    component: "queue",
    summary: "Queue backing up",
    description: "Messages wait longer than consumers can drain.",
    severity: "ticket",
    runbookUrl: "https://runbooks.example.com/queue/queue-depth.md",
    threshold: 1000,
    unit: "messages",
    condition: { kind: "promql", query: 'sum(queue_depth{service="checkout"})', comparison: ">", for: "10m" },
  };

  test("a complete alert validates; each missing part is named", () => {
    expect(validateAlert(alert)).toEqual([]);
    expect(validateAlert({ ...alert, id: "Queue Depth", summary: "", runbookUrl: "http://x", condition: { ...alert.condition, for: "ten minutes" } as never })).toEqual([
      messageSaying('alert "Queue Depth"', "id must be kebab-case"),
      messageSaying('alert "Queue Depth"', "`summary` is empty", "say in one line what is wrong"),
      messageSaying('alert "Queue Depth"', "`runbookUrl`", '"http://x"', "not an https URL"),
      messageSaying('alert "Queue Depth"', "`for`", '"ten minutes"', 'a Prometheus duration like "5m"'),
    ]);
    const native = { ...alert, condition: { kind: "native-metric", namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: "q" }, statistic: "Maximum", periodSeconds: 45, evaluationPeriods: 2, datapointsToAlarm: 3, comparison: ">", missingData: "missing" } } as AlertDefinition;
    expect(validateAlert(native)).toEqual([
      messageSaying('alert "queue-depth"', "period 45s", "use 10, 30 or a multiple of 60 seconds"),
      messageSaying('alert "queue-depth"', "datapointsToAlarm 3", "between 1 and evaluationPeriods (2)"),
    ]);
  });

  test("overrides change threshold and severity, drop alerts, and report unknown ids", () => {
    const { alerts, problems } = applyAlertOverrides([alert], { "queue-depth": { threshold: 5000, severity: "page" }, nope: {} });
    expect(alerts).toEqual([{ ...alert, threshold: 5000, severity: "page" }]);
    expect(problems).toEqual([messageSaying("`alerts.nope`", "does not exist", "known alert ids: queue-depth")]);
    expect(applyAlertOverrides([alert], { "queue-depth": { enabled: false } }).alerts).toEqual([]);
  });
});
