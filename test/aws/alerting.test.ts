import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { onlyResource, resourceBodies, resourcesOfType, synthStack, validationMessages } from "../../lib/testing";
import { Channel, secret } from "../../lib";
import { CIS_METRIC_NAMESPACE } from "../../lib/aws/cis-alarms";
import { eksClusterAlertBindings } from "../../lib/aws/cluster-alerts";
import { manifestOf } from "../../lib/core/manifest";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { DOCUMENTED_METRICS, isDocumentedMetric } from "./metric-catalog";
import { awsNotifications, defaultAlerts } from "./support";
import { messageAt, targetStack, targetSynth } from "../harness";

const topicsBySeverity = (env: EnvironmentTier) =>
  Object.fromEntries(resourcesOfType(targetSynth("aws", env), "aws_sns_topic").map(([address, t]) => [String(t.name).split("-alerts-")[1], { address, ...t } as Record<string, unknown> & { address: string }]));

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
    const statements = Object.values(targetSynth("aws").data!.aws_iam_policy_document).flatMap((d) => d.statement as Array<Record<string, unknown>>);
    const kms = statements.find((s) => s.sid === "AlarmsAndEventsPublish" && (s.actions as string[]).includes("kms:GenerateDataKey*"));
    expect((kms!.principals as Array<{ identifiers: string[] }>)[0].identifiers).toEqual(["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    const [condition] = kms!.condition as Array<{ test: string; variable: string; values: string[] }>;
    expect(condition).toMatchObject({ test: "StringEquals", variable: "aws:SourceAccount" });
    expect(condition.values).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\.[^.]+\.account_id\}$/)]);
  });

  test("prod: subscriptions follow the routes (page: PagerDuty + email; ticket: email + webhook)", () => {
    const topics = topicsBySeverity("prod");
    const subs = resourceBodies(targetSynth("aws"), "aws_sns_topic_subscription").map((s) => ({
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
    const synth = targetSynth("aws", "dev");
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
    const alarms = resourceBodies(targetSynth("aws", env), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace !== CIS_METRIC_NAMESPACE);
    // The six canonical cluster alerts, apiserver-5xx, and the log pipeline's collector-down.
    expect(alarms).toHaveLength(8);
    for (const a of alarms) {
      expect(isDocumentedMetric(String(a.namespace), String(a.metric_name), Object.keys(a.dimensions as object))).toBe(true);
      expect((a.dimensions as Record<string, string>).ClusterName).toBe(`checkout-${env}`);
      expect(a.alarm_actions).toHaveLength(1);
      expect(a.ok_actions).toEqual(a.alarm_actions);
      expect(["missing", "notBreaching", "breaching", "ignore"]).toContain(a.treat_missing_data);
      expect(String(a.alarm_description)).toMatch(/Runbook: https:\/\/runbooks\.example\.com\/vigil\/(eks-cluster|fluent-bit)\/[a-z0-9-]+\.md$/);
    }
  });

  test("cluster alerts cover failed nodes, node saturation, crash loops, unschedulable pods and the control plane, at the catalog's defaults", () => {
    const byMetric = Object.fromEntries(resourceBodies(targetSynth("aws"), "aws_cloudwatch_metric_alarm").map((a) => [a.metric_name, a]));
    // nodes-not-ready: more than 0 failed nodes.
    expect(byMetric.cluster_failed_node_count).toMatchObject({ namespace: "ContainerInsights", comparison_operator: "GreaterThanThreshold", threshold: 0, statistic: "Maximum" });
    // node-cpu-high and node-memory-high: 90 % (catalog), Container Insights publishes percents.
    expect(byMetric.node_cpu_utilization).toMatchObject({ threshold: 90, statistic: "Average", comparison_operator: "GreaterThanThreshold" });
    expect(byMetric.node_memory_utilization).toMatchObject({ threshold: 90, statistic: "Average", comparison_operator: "GreaterThanThreshold" });
    // node-storage-low: 20 % free is 80 % used on the fullest node.
    expect(byMetric.node_filesystem_utilization).toMatchObject({ threshold: 80, statistic: "Maximum", comparison_operator: "GreaterThanThreshold" });
    expect(byMetric.pod_container_status_waiting_reason_crash_loop_back_off).toMatchObject({ statistic: "Sum", period: 60, threshold: 0, treat_missing_data: "notBreaching" });
    expect(byMetric.apiserver_request_total_5XX).toMatchObject({ namespace: "AWS/EKS", statistic: "Sum", threshold: 50 });
    expect(byMetric.scheduler_pending_pods_UNSCHEDULABLE).toMatchObject({ namespace: "AWS/EKS", period: 60, evaluation_periods: 15, threshold: 0, comparison_operator: "GreaterThanThreshold" });
  });

  test("canonical overrides are in the catalog's units: 30 % free is 70 % used; the AWS-only alert is tuned under cluster.aws.alerts", () => {
    const synth = synthStack(
      targetStack("aws", {
        platform: {
          cluster: {
            alerts: { "node-cpu-high": { threshold: 95, severity: "page" }, "node-storage-low": { threshold: 30 }, "pods-crash-looping": { enabled: false } },
            aws: { alerts: { "apiserver-5xx": { threshold: 100 } } },
          },
        },
      }).stack,
    );
    const alarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm");
    const cpu = alarms.find((a) => a.metric_name === "node_cpu_utilization")!;
    expect(cpu.threshold).toBe(95);
    expect(String(cpu.alarm_description)).toMatch(/^\[page\] Node CPU of checkout-prod above 95 %/);
    expect(alarms.find((a) => a.metric_name === "node_filesystem_utilization")).toMatchObject({ threshold: 70, comparison_operator: "GreaterThanThreshold" });
    expect(alarms.find((a) => a.metric_name === "apiserver_request_total_5XX")!.threshold).toBe(100);
    expect(alarms.some((a) => a.metric_name === "pod_container_status_waiting_reason_crash_loop_back_off")).toBe(false);
    const cluster = manifestOf(synth)!.components.find((c) => c.component === "eks-cluster")!;
    expect(cluster).toMatchObject({ kind: "cluster", disabledAlertIds: ["pods-crash-looping"], unavailableAlerts: [] });
    expect([...cluster.defaultAlertIds].sort()).toEqual(["apiserver-5xx", "node-cpu-high", "node-memory-high", "node-storage-low", "nodes-not-ready", "pods-crash-looping", "pods-unschedulable"]);
    const storage = manifestOf(synth)!.alerts.find((a) => a.id === "node-storage-low")!;
    expect(storage.canonical).toEqual({ kind: "cluster", id: "node-storage-low", threshold: 30, unit: "percent" });
  });

  test.each([
    ["an out-of-range percent", { alerts: { "node-memory-high": { threshold: 150 } } }, ["`cluster.alerts.node-memory-high.threshold` is 150", "a percent from 0 to 100"]],
    ["an id that is not a cluster alert", { alerts: { "failed-nodes": { threshold: 1 } } }, ["`cluster.alerts.failed-nodes`", "not one of the cluster alerts"]],
    ["a canonical id under the AWS escape hatch", { aws: { alerts: { "node-cpu-high": { threshold: 80 } } } }, ["`cluster.aws.alerts.node-cpu-high`", "a canonical cluster alert", "set it under `cluster.alerts.node-cpu-high`"]],
  ] as const)("rejects %s once, at the property the user wrote", (_name, cluster, says) => {
    const messages = validationMessages(targetStack("aws", { platform: { cluster: cluster as never } }).stack);
    expect(messages.filter((m) => m.includes("cluster."))).toEqual([messageAt("test/platform/cluster", ...says)]);
  });

  test("every default alert has a runbook page in docs/runbooks at the path its URL names", () => {
    const base = "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks";
    for (const alert of defaultAlerts(eksClusterAlertBindings("c", base))) {
      const page = join(__dirname, "../../docs/runbooks", alert.runbookUrl.slice(base.length + 1));
      expect({ alert: alert.id, exists: existsSync(page) }).toEqual({ alert: alert.id, exists: true });
      expect(readFileSync(page, "utf8")).toContain(`# ${alert.id} (${alert.component})`);
    }
  });

  test("the default alert definitions only use catalogued metrics", () => {
    for (const alert of defaultAlerts(eksClusterAlertBindings("c", "https://r.example.com"))) {
      const c = alert.condition;
      expect(Object.keys(DOCUMENTED_METRICS)).toContain(c.namespace);
      expect(isDocumentedMetric(c.namespace, c.metricName, Object.keys(c.dimensions))).toBe(true);
    }
  });

  test("a dashboard per cluster has a row per golden signal, then the alarms' states and every alert with its threshold", () => {
    const dashboard = resourceBodies(targetSynth("aws"), "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === "checkout-prod-eks-cluster")!;
    expect(dashboard).toEqual(expect.objectContaining({ dashboard_name: "checkout-prod-eks-cluster" }));
    const body = JSON.parse(String(dashboard.dashboard_body)) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> };
    const headings = body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);
    expect(headings).toEqual(["## Latency", "## Traffic", "## Errors", "## Saturation", "## Alerts"]);
    const thresholds = body.widgets.filter((w) => w.properties.annotations);
    expect(thresholds).toHaveLength(7);
    const states = body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
    expect(states).toHaveLength(7);
    for (const arn of states) expect(arn).toMatch(/^\$\{aws_cloudwatch_metric_alarm\.[^.]+\.arn\}$/);
    for (const w of body.widgets.filter((x) => x.type === "metric")) {
      const [namespace, metric, ...rest] = (w.properties.metrics as unknown[][])[0] as string[];
      const dims = rest.filter((x) => typeof x === "string").filter((_, i) => i % 2 === 0);
      expect(isDocumentedMetric(namespace, metric, dims)).toBe(true);
    }
  });

  describe("channel delivery: the channel says where, `delivery` says how AWS gets there", () => {
    const notifications = {
      ...awsNotifications,
      channels: {
        ...awsNotifications.channels,
        chat: Channel.slack("#checkout-alerts"),
        tg: Channel.telegram("-1001234567890"),
        tickets: Channel.issue("https://jira.example.com/automation/checkout", "CHECKOUT", secret("test/jira-token")),
        spare: Channel.slack("#not-routed"),
      },
      routes: { page: ["pager", "chat"], ticket: ["mail", "tickets", "tg"] },
    };
    const delivery = {
      slack: { workspaceId: "T0123ABCD", channelIds: { chat: "C0456EFGH" } },
      telegram: { relayUrls: { tg: secret("test/telegram-relay-url") } },
      webhook: { urls: { tickets: secret("test/jira-url-with-token") } },
    };
    const { stack } = targetStack("aws", { platform: { notifications, delivery } });
    const synth = synthStack(stack);
    const secretOf = (expression: string) => {
      const version = /^\$\{data\.aws_secretsmanager_secret_version\.([^.]+)\.secret_string\}$/.exec(expression)?.[1];
      return version ? (synth.data!.aws_secretsmanager_secret_version[version] as { secret_id: string }).secret_id : expression;
    };

    test("synthesizes with every detail given; an unrouted Slack channel needs none", () => {
      expect(validationMessages(stack)).toEqual([]);
    });

    test("Slack: one AWS Chatbot configuration per routed Slack channel, with the ids from `delivery.slack`", () => {
      const chatbot = onlyResource(synth, "aws_chatbot_slack_channel_configuration");
      expect(chatbot).toMatchObject({ slack_team_id: "T0123ABCD", slack_channel_id: "C0456EFGH" });
      expect((chatbot.sns_topic_arns as string[]).map((arn) => /aws_sns_topic\.([^.]+)\.arn/.exec(arn)![1])).toEqual([expect.stringContaining("page-topic")]);
    });

    test("Telegram through its relay, and an issue tracker that wants a bearer token through its AWS URL; both read from Secrets Manager", () => {
      const https = resourceBodies(synth, "aws_sns_topic_subscription").filter((s) => s.protocol === "https").map((s) => secretOf(String(s.endpoint)));
      expect(https).toEqual(expect.arrayContaining(["test/telegram-relay-url", "test/jira-url-with-token"]));
      // The token-less URL of the channel is not used: SNS could not send the token with it.
      expect(https).not.toContain("https://jira.example.com/automation/checkout");
      expect(JSON.stringify(synth)).not.toContain("test/jira-token");
    });
  });
});
