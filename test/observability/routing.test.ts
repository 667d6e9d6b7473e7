import { applyAlertOverrides, AlertDefinition, Channel, deliveredSeverity, NotificationRouting, secret, validateAlert, validateChannel, runbookUrl } from "../../lib";

const props = {
  channels: {
    pager: Channel.pagerDuty(secret("pd")),
    mail: Channel.email("oncall@example.com"),
    slack: Channel.slack({ channel: "#alerts", webhookUrl: secret("slack-hook") }),
    tg: Channel.telegram({ chatId: "-100200300", botToken: secret("tg-token") }),
    issues: Channel.issue("https://jira.example.com/hooks/create", "OPS"),
    hook: Channel.webhook(secret("hook-url")),
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
    expect(validateChannel("slack", { kind: "slack", channel: "#a", webhookUrl: "https://hooks.slack.com/services/T/B/X" as never })).toEqual([
      '`channels.slack`.webhookUrl must be a secret reference, e.g. secret("pagerduty/checkout"); secrets are never written into the configuration',
    ]);
    expect(validateChannel("tg", { kind: "telegram", chatId: "1", botToken: secret("") })).toHaveLength(1);
    expect(validateChannel("x", { kind: "sms" } as never)).toEqual([
      '`channels.x` has unknown kind "sms"; use email, webhook, slack, pagerduty, telegram or issue',
    ]);
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
      "alert \"Queue Depth\": id must be kebab-case (a-z, 0-9, '-'), 2-63 characters, starting with a letter",
      'alert "Queue Depth": `summary` is empty; say in one line what is wrong',
      'alert "Queue Depth": `runbookUrl` "http://x" is not an https URL; every alert needs a runbook',
      'alert "Queue Depth": `for` "ten minutes" is not a Prometheus duration like "5m"',
    ]);
    const native = { ...alert, condition: { kind: "native-metric", namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: "q" }, statistic: "Maximum", periodSeconds: 45, evaluationPeriods: 2, datapointsToAlarm: 3, comparison: ">", missingData: "missing" } } as AlertDefinition;
    expect(validateAlert(native)).toEqual([
      'alert "queue-depth": period 45s; use 10, 30 or a multiple of 60 seconds',
      'alert "queue-depth": datapointsToAlarm 3 must be between 1 and evaluationPeriods (2)',
    ]);
  });

  test("overrides change threshold and severity, drop alerts, and report unknown ids", () => {
    const { alerts, problems } = applyAlertOverrides([alert], { "queue-depth": { threshold: 5000, severity: "page" }, nope: {} });
    expect(alerts).toEqual([{ ...alert, threshold: 5000, severity: "page" }]);
    expect(problems).toEqual(["`alerts.nope` overrides an alert that does not exist; known alert ids: queue-depth"]);
    expect(applyAlertOverrides([alert], { "queue-depth": { enabled: false } }).alerts).toEqual([]);
  });
});
