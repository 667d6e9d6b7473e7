import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { resourceBodies, resourcesOfType, synthStack } from "../../lib/testing";
import { CIS_METRIC_NAMESPACE, eksClusterAlerts } from "../../lib/aws";
import { awsStack, awsSynth, ENVIRONMENTS } from "../support";
import { DOCUMENTED_METRICS, isDocumentedMetric } from "./metric-catalog";

const topicsBySeverity = (env: string) =>
  Object.fromEntries(resourcesOfType(awsSynth(env), "aws_sns_topic").map(([address, t]) => [String(t.name).split("-alerts-")[1], { address, ...t } as Record<string, unknown> & { address: string }]));

describe("AWS alerting", () => {
  test.each([
    ["dev", ["info", "ticket"]],
    ["staging", ["info", "page", "ticket"]],
    ["prod", ["info", "page", "ticket"]],
  ] as const)("%s: one KMS-encrypted SNS topic per delivered severity (%j)", (env, severities) => {
    const topics = topicsBySeverity(env);
    expect(Object.keys(topics).sort()).toEqual([...severities]);
    for (const t of Object.values(topics)) expect(String(t.kms_master_key_id)).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
  });

  test("the alert key lets CloudWatch and EventBridge of this account publish to the encrypted topics", () => {
    const statements = Object.values(awsSynth("prod").data!.aws_iam_policy_document).flatMap((d) => d.statement as Array<Record<string, unknown>>);
    const kms = statements.find((s) => s.sid === "AlarmsAndEventsPublish" && (s.actions as string[]).includes("kms:GenerateDataKey*"));
    expect((kms!.principals as Array<{ identifiers: string[] }>)[0].identifiers).toEqual(["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    const [condition] = kms!.condition as Array<{ test: string; variable: string; values: string[] }>;
    expect(condition).toMatchObject({ test: "StringEquals", variable: "aws:SourceAccount" });
    expect(condition.values).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\.[^.]+\.account_id\}$/)]);
  });

  test("prod: subscriptions follow the routes (page: PagerDuty + email; ticket: email + webhook)", () => {
    const topics = topicsBySeverity("prod");
    const subs = resourceBodies(awsSynth("prod"), "aws_sns_topic_subscription").map((s) => ({
      severity: Object.entries(topics).find(([, t]) => s.topic_arn === `\${aws_sns_topic.${t.address}.arn}`)![0],
      protocol: s.protocol,
      endpoint: String(s.endpoint),
    }));
    expect(subs.filter((s) => s.severity === "page").map((s) => s.protocol).sort()).toEqual(["email", "https"]);
    const pagerDuty = subs.find((s) => s.endpoint.startsWith("https://events.pagerduty.com/integration/"))!;
    expect(pagerDuty.endpoint).toMatch(/^https:\/\/events\.pagerduty\.com\/integration\/\$\{data\.aws_secretsmanager_secret_version\.[^}]+\.secret_string\}\/enqueue$/);
    expect(subs.filter((s) => s.severity === "ticket").map((s) => s.endpoint).sort()).toEqual(["https://hooks.example.com/alerts", "oncall@example.com"]);
  });

  test("dev never pages: no page topic, no PagerDuty subscription, page alerts notify the ticket topic", () => {
    const synth = awsSynth("dev");
    const subs = resourceBodies(synth, "aws_sns_topic_subscription");
    expect(subs.some((s) => String(s.endpoint).includes("pagerduty"))).toBe(false);
    const ticket = topicsBySeverity("dev").ticket;
    const pageAlarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => String(a.alarm_description).startsWith("[page"));
    expect(pageAlarms.length).toBeGreaterThan(0);
    for (const alarm of pageAlarms) {
      expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${ticket.address}.arn}`]);
      expect(String(alarm.alarm_description)).toMatch(/^\[page delivered as ticket\]/);
    }
  });

  test.each(ENVIRONMENTS)("%s: every cluster alarm uses a documented metric with its real dimensions, notifies on alarm and OK, and links a runbook", (env) => {
    // The CIS alarms count records of the platform's own metric filters: test/aws/cis-alarms.test.ts.
    const alarms = resourceBodies(awsSynth(env), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace !== CIS_METRIC_NAMESPACE);
    expect(alarms).toHaveLength(7);
    for (const a of alarms) {
      expect(isDocumentedMetric(String(a.namespace), String(a.metric_name), Object.keys(a.dimensions as object))).toBe(true);
      expect((a.dimensions as Record<string, string>).ClusterName).toBe(`checkout-${env}`);
      expect(a.alarm_actions).toHaveLength(1);
      expect(a.ok_actions).toEqual(a.alarm_actions);
      expect(["missing", "notBreaching", "breaching", "ignore"]).toContain(a.treat_missing_data);
      expect(String(a.alarm_description)).toMatch(/Runbook: https:\/\/runbooks\.example\.com\/vigil\/eks-cluster\/[a-z0-9-]+\.md$/);
    }
  });

  test("cluster alerts cover failed nodes, node saturation, crash loops, unschedulable pods and the control plane", () => {
    const byMetric = Object.fromEntries(resourceBodies(awsSynth("prod"), "aws_cloudwatch_metric_alarm").map((a) => [a.metric_name, a]));
    expect(byMetric.cluster_failed_node_count).toMatchObject({ namespace: "ContainerInsights", comparison_operator: "GreaterThanOrEqualToThreshold", threshold: 1 });
    expect(byMetric.node_cpu_utilization).toMatchObject({ threshold: 80, statistic: "Average" });
    expect(byMetric.node_memory_utilization).toMatchObject({ threshold: 80 });
    expect(byMetric.node_filesystem_utilization).toMatchObject({ threshold: 80 });
    expect(byMetric.pod_container_status_waiting_reason_crash_loop_back_off).toMatchObject({ treat_missing_data: "notBreaching" });
    expect(byMetric.apiserver_request_total_5XX).toMatchObject({ namespace: "AWS/EKS", statistic: "Sum" });
    expect(byMetric.scheduler_pending_pods_UNSCHEDULABLE).toMatchObject({ namespace: "AWS/EKS", period: 60, evaluation_periods: 15, threshold: 0 });
  });

  test("thresholds and severities are overridable per alert id; an alert can be dropped", () => {
    const synth = synthStack(
      awsStack({
        cluster: { alerts: { "node-cpu-high": { threshold: 90, severity: "page" }, "node-filesystem-high": { enabled: false } } },
      }).stack,
    );
    const alarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm");
    const cpu = alarms.find((a) => a.metric_name === "node_cpu_utilization")!;
    expect(cpu.threshold).toBe(90);
    expect(String(cpu.alarm_description)).toMatch(/^\[page\]/);
    expect(alarms.some((a) => a.metric_name === "node_filesystem_utilization")).toBe(false);
  });

  test("every default alert has a runbook page in docs/runbooks at the path its URL names", () => {
    const base = "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks";
    for (const alert of eksClusterAlerts("c", base)) {
      const page = join(__dirname, "../../docs/runbooks", alert.runbookUrl.slice(base.length + 1));
      expect({ alert: alert.id, exists: existsSync(page) }).toEqual({ alert: alert.id, exists: true });
      expect(readFileSync(page, "utf8")).toContain(`# ${alert.id} (${alert.component})`);
    }
  });

  test("the default alert definitions only use catalogued metrics", () => {
    for (const alert of eksClusterAlerts("c", "https://r.example.com")) {
      const c = alert.condition;
      expect(Object.keys(DOCUMENTED_METRICS)).toContain(c.namespace);
      expect(isDocumentedMetric(c.namespace, c.metricName, Object.keys(c.dimensions))).toBe(true);
    }
  });

  test("a dashboard per cluster graphs the golden signals and every alert with its threshold", () => {
    const dashboard = resourceBodies(awsSynth("prod"), "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === "checkout-prod-eks-cluster")!;
    expect(dashboard).toBeDefined();
    const body = JSON.parse(String(dashboard.dashboard_body)) as { widgets: Array<{ properties: Record<string, unknown> }> };
    const titles = body.widgets.map((w) => String(w.properties.title));
    for (const signal of ["latency", "traffic", "errors", "saturation"]) expect(titles.some((t) => t.startsWith(`${signal}:`))).toBe(true);
    const thresholds = body.widgets.filter((w) => w.properties.annotations);
    expect(thresholds).toHaveLength(7);
    for (const w of body.widgets) {
      const [namespace, metric, ...rest] = (w.properties.metrics as unknown[][])[0] as string[];
      const dims = rest.filter((x) => typeof x === "string").filter((_, i) => i % 2 === 0);
      expect(isDocumentedMetric(namespace, metric, dims)).toBe(true);
    }
  });
});
