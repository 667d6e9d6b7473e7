import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { CIS_METRIC_NAMESPACE } from "../../lib/aws/cis-alarms";
import { onlyResource, resourceBodies } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { alarmMetric, isDocumentedMetric } from "./metric-catalog";
import { targetStack, targetSynth } from "../harness";

const CLOUDWATCH_RECOMMENDED = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html";

/**
 * The alarms AWS recommends per service, and where it says so. Each must be
 * present by default (consumer lag: once a topic names its consumer groups).
 */
const RECOMMENDED: Record<string, { source: string; metrics: string[] }> = {
  "AWS/Kafka": {
    source: `${CLOUDWATCH_RECOMMENDED} (Amazon MSK); MSK Developer Guide "Monitor consumer lags" (EstimatedMaxTimeLag in seconds, MaxOffsetLag in messages: the canonical consumer-lag-high)`,
    metrics: ["ActiveControllerCount", "OfflinePartitionsCount", "UnderReplicatedPartitions", "UnderMinIsrPartitionCount", "KafkaDataLogsDiskUsed", "CpuUser", "CpuSystem", "HeapMemoryAfterGC", "EstimatedMaxTimeLag", "MaxOffsetLag"],
  },
  "AWS/Cassandra": {
    source: "https://docs.aws.amazon.com/keyspaces/latest/devguide/metrics-dimensions.html and troubleshooting.serverless.html (no Keyspaces section in the CloudWatch list; AWS's recommended Keyspaces alarms: throttles, partition and per-connection limits)",
    metrics: ["ReadThrottleEvents", "WriteThrottleEvents", "StoragePartitionThroughputCapacityExceeded", "PerConnectionRequestRateExceeded", "SystemErrors"],
  },
  "AWS/ES": {
    source: `${CLOUDWATCH_RECOMMENDED} (Amazon OpenSearch Service); OpenSearch Service Developer Guide, "Recommended CloudWatch alarms" (MasterOldGenJVMMemoryPressure, MasterReachableFromNode; ThreadpoolWriteRejected and ThreadpoolSearchRejected "SUM is >= 1 {math expression DIFF()}"); the 5xx share of OpenSearchRequests needs a ratio of two metrics, which the alert model does not express`,
    metrics: [
      "ClusterStatus.red", "ClusterStatus.yellow", "FreeStorageSpace", "ClusterIndexWritesBlocked", "Nodes", "AutomatedSnapshotFailure", "CPUUtilization",
      "JVMMemoryPressure", "OldGenJVMMemoryPressure", "MasterCPUUtilization", "MasterJVMMemoryPressure", "MasterOldGenJVMMemoryPressure", "MasterReachableFromNode",
      "KMSKeyError", "KMSKeyInaccessible",
      "Shards.active", "ThreadpoolWriteQueue", "ThreadpoolSearchQueue", "ThreadpoolWriteRejected", "ThreadpoolSearchRejected",
    ],
  },
  "AWS/RDS": {
    source: `${CLOUDWATCH_RECOMMENDED} (Amazon RDS; ReplicaLag applies to read replicas, which Vigil does not create; DiskQueueDepth from the RDS User Guide's metrics, alarmed for issue 18's coverage review with a threshold derived from the volume's baseline IOPS)`,
    metrics: ["CPUUtilization", "DBLoad", "FreeableMemory", "FreeStorageSpace", "DatabaseConnections", "ReadLatency", "WriteLatency", "MaximumUsedTransactionIDs", "EBSIOBalance%", "EBSByteBalance%", "DiskQueueDepth"],
  },
};

/** Alarms on vendor metrics; the platform's CIS alarms watch metrics of its own filters (test/aws/cis-alarms.test.ts). */
const alarms = (env: EnvironmentTier) => resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace !== CIS_METRIC_NAMESPACE);

describe("alarms of the AWS data components", () => {
  test.each(Object.keys(RECOMMENDED))("%s: every recommended alarm is present by default in prod", (namespace) => {
    const present = new Set(alarms("prod").map(alarmMetric).filter((m) => m.namespace === namespace).map((m) => m.metricName));
    for (const metric of RECOMMENDED[namespace].metrics) expect({ namespace, metric, present: present.has(metric) }).toEqual({ namespace, metric, present: true });
  });

  const filtered = (env: EnvironmentTier) => new Set(resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_log_metric_filter").map((f) => f.metric_transformation as { namespace: string; name: string }).map((t) => `${t.namespace} ${t.name}`));
  test.each(ENVIRONMENTS)("%s: every alarm names a documented metric with its real dimension set, notifies on alarm and OK, and links an existing runbook", (env) => {
    const base = "https://runbooks.example.com/vigil/";
    for (const a of alarms(env)) {
      const where = { alarm: a.alarm_name };
      const m = alarmMetric(a);
      // A service's log alarms read the series its log groups' metric filters publish (test/aws/logs.test.ts).
      const ownFilter = m.namespace === "Vigil/Logs" && filtered(env).has(`${m.namespace} ${m.metricName}`);
      expect({ ...where, documented: ownFilter || isDocumentedMetric(m.namespace, m.metricName, Object.keys(m.dimensions)) }).toEqual({ ...where, documented: true });
      expect(a.alarm_actions).toHaveLength(1);
      expect(a.ok_actions).toEqual(a.alarm_actions);
      const url = /Runbook: (\S+)$/.exec(String(a.alarm_description))![1];
      expect(url.startsWith(base)).toBe(true);
      const page = join(__dirname, "../../docs/runbooks", url.slice(base.length));
      expect({ ...where, page: url, exists: existsSync(page) }).toEqual({ ...where, page: url, exists: true });
    }
  });

  test("every runbook page names its alert and component in its title", () => {
    const { service } = targetStack("aws", { service: true });
    for (const component of service.components) {
      for (const alert of component.alerts) {
        const template = alert.runbookUrl.split("/").pop()!.replace(/\.md$/, "");
        const page = join(__dirname, "../../docs/runbooks", component.component, `${template}.md`);
        expect(readFileSync(page, "utf8")).toContain(`# ${template} (${component.component})`);
      }
    }
  });

  test("dev never pages: component page alerts go to the ticket topic", () => {
    const pages = alarms("dev").filter((a) => String(a.alarm_description).startsWith("[page"));
    expect(pages.length).toBeGreaterThan(5);
    for (const a of pages) expect(String(a.alarm_description)).toMatch(/^\[page delivered as ticket\]/);
    expect(new Set(pages.map((a) => (a.alarm_actions as string[])[0])).size).toBe(1);
  });

  test("a dashboard per component and one per service that shows every component alarm", () => {
    const synth = targetSynth("aws", "prod", { service: true });
    const names = resourceBodies(synth, "aws_cloudwatch_dashboard").map((d) => d.dashboard_name).sort();
    expect(names).toEqual(["checkout-prod-cis-alarms", "checkout-prod-cloudwatch-logs", "checkout-prod-eks-cluster", "checkout-prod-fluent-bit", "checkout-prod-keyspaces", "checkout-prod-msk", "checkout-prod-opensearch", "checkout-prod-rds-postgres", "checkout-prod-service"]);
    const service = resourceBodies(synth, "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === "checkout-prod-service")!;
    const body = JSON.parse(String(service.dashboard_body)) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> };
    const shown = body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
    const componentAlarms = alarms("prod").filter((a) => !["ContainerInsights", "AWS/EKS"].includes(alarmMetric(a).namespace));
    expect(shown).toHaveLength(componentAlarms.length);
    expect(shown.every((arn) => /^\$\{aws_cloudwatch_metric_alarm\.checkout_[^.]+\.arn\}$/.test(arn))).toBe(true);
    const markdown = String(body.widgets.find((w) => w.type === "text")!.properties.markdown);
    for (const d of names.filter((n) => !["checkout-prod-service", "checkout-prod-eks-cluster", "checkout-prod-cis-alarms", "checkout-prod-fluent-bit"].includes(String(n)))) expect(markdown).toContain(`dashboards:name=${d}`);
    // One row per golden signal, each component's panels labelled with it, then the alarm states.
    expect(body.widgets.filter((w) => w.type === "text").slice(1).map((w) => w.properties.markdown)).toEqual(["## Latency", "## Traffic", "## Errors", "## Saturation", "## Alerts"]);
    for (const component of ["msk", "keyspaces", "opensearch", "rds-postgres"]) {
      expect(body.widgets.some((w) => w.type === "metric" && String(w.properties.title).startsWith(`${component}: `))).toBe(true);
    }
    for (const w of body.widgets.filter((x) => x.type === "metric")) {
      const [namespace, metric, ...rest] = (w.properties.metrics as unknown[][])[0] as string[];
      const dims = rest.filter((x) => typeof x === "string").filter((_, i) => i % 2 === 0);
      // The logs' panels graph the series of the service's own metric filters (test/aws/logs.test.ts).
      expect(isDocumentedMetric(namespace, metric, dims) || (namespace === "Vigil/Logs" && dims.length === 0)).toBe(true);
    }
  });

  test("every component dashboard graphs documented metrics; a metric math alarm's graph hides the counter and shows what the alarm compares; a panel's metric math converts the hidden metric to its unit", () => {
    const synth = targetSynth("aws", "prod", { service: true });
    const dashboards = resourceBodies(synth, "aws_cloudwatch_dashboard");
    // Custom metrics the stack's own log metric filters publish (the CIS alarms'), documented by the filter itself.
    const filtered = new Set(resourceBodies(synth, "aws_cloudwatch_log_metric_filter").map((f) => f.metric_transformation as { namespace: string; name: string }).map((t) => `${t.namespace} ${t.name}`));
    // The metric math lines, on an alarm's graph or on a panel.
    const alarmGraphs: Array<{ widget?: string; metric: string; math: unknown; counter: unknown }> = [];
    const panelMath: Array<{ widget?: string; expression: string; id: string }> = [];
    for (const d of dashboards) {
      const body = JSON.parse(String(d.dashboard_body)) as { widgets: Array<{ type: string; properties: { metrics?: unknown[][]; title?: string } }> };
      for (const w of body.widgets.filter((x) => x.type === "metric")) {
        const [line, ...more] = w.properties.metrics!;
        const [namespace, metric, ...rest] = line as string[];
        const dims = rest.filter((x) => typeof x === "string").filter((_, i) => i % 2 === 0);
        const documented = isDocumentedMetric(namespace, metric, dims) || (filtered.has(`${namespace} ${metric}`) && dims.length === 0);
        expect({ widget: w.properties.title, documented }).toEqual({ widget: w.properties.title, documented: true });
        const alertGraph = /\((page|ticket|info)\)$/.test(String(w.properties.title));
        for (const m of more.filter((x) => !Array.isArray(x) || typeof x[0] !== "string")) {
          if (alertGraph) alarmGraphs.push({ widget: w.properties.title, metric, math: m, counter: line[line.length - 1] });
          else panelMath.push({ widget: w.properties.title, ...(m as Array<{ expression: string; id: string }>)[0] });
        }
      }
    }
    // An alarm's graph hides the counter (m1) and shows the difference the alarm compares (e1).
    expect(alarmGraphs).toHaveLength(2);
    for (const { widget, metric, math, counter } of alarmGraphs) {
      expect({ widget, math, counter }).toEqual({ widget, math: [{ expression: "DIFF(m1)", label: `DIFF(${metric})`, id: "e1" }], counter: expect.objectContaining({ id: "m1", visible: false }) });
    }
    // A panel's expression reads the hidden metric line just before it (m1 for e1, m2 for e2 ...).
    expect(panelMath.length).toBeGreaterThan(0);
    for (const { widget, expression, id } of panelMath) expect({ widget, id, expression }).toEqual({ widget, id, expression: expect.stringMatching(new RegExp(`\\bm${id.slice(1)}\\b`)) });
  });

  test("observeService builds the service dashboard and deploys the SLO rules to the AMP workspace", () => {
    const { service, platform } = targetStack("aws", { environment: "staging", service: true });
    // The platform lists its own alerts; each component lists its own.
    expect(platform.alerts.every((a) => ["eks-cluster", "cis-alarms", "fluent-bit"].includes(a.component))).toBe(true);
    expect(service.components.flatMap((c) => c.alerts).some((a) => platform.alerts.includes(a))).toBe(false);
    expect(service.observability).toEqual({
      ruleGroupNames: ["checkout-slo-availability", "checkout-slo-latency"],
      dashboardName: "checkout-staging-service",
      logs: expect.objectContaining({ store: "CloudWatch Logs", location: "/eks/checkout-staging/namespaces/checkout" }),
    });
    const namespace = onlyResource(targetSynth("aws", "staging", { service: true }), "aws_prometheus_rule_group_namespace");
    expect(namespace.name).toBe("checkout");
    expect(namespace.data).toContain("alert: SloErrorBudgetBurn");
    expect(namespace.data).toContain("record: slo:error_budget:remaining");
    expect(service.components.map((c) => c.component)).toEqual(["msk", "keyspaces", "opensearch", "rds-postgres"]);
    expect(onlyResource(targetSynth("aws", "staging", { service: true }), "aws_msk_cluster").cluster_name).toBe(service.kafka!.name);
  });
});
