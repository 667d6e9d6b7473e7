// The cluster's canonical alerts in-cluster (PromQL on kube-state-metrics and the node exporter,
// a PrometheusRule in the platform's chart), and the platform alert the target cannot provide.
import { stringify } from "yaml";
import { CLUSTER_ALERTS } from "../../lib/observability/alert-catalog";
import { isAlertingRule, renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { VigilManifest } from "../../lib/core/manifest";
import { KubernetesPlatformProps } from "../../lib/kubernetes";
import { MANUAL_CHANGE_UNAVAILABLE } from "../../lib/kubernetes/platform-alerts";
import { checkRulesWithPromtool, testRulesWithPromtool, validationMessages } from "../../lib/testing";
import { alertRules, ruleGroupsOf } from "./support";
import { targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";
import { describeWithTool, TOOL_PASSED } from "../tools";

const clusterIn = (environment: EnvironmentTier, cluster?: KubernetesPlatformProps["cluster"]) => {
  const built = targetStack("kubernetes", { environment, platform: cluster ? { cluster } : {} });
  return { ...built, rules: alertRules(built.platform, "shop-cluster-alerts") };
};

describe("KubernetesPlatform: the cluster's canonical alerts", () => {
  const { platform, stack, rules } = clusterIn("prod");

  test("every canonical cluster id is a rule in the system namespace, with the catalog's severity; the handle has them", () => {
    expect(Object.keys(rules).sort()).toEqual(Object.keys(CLUSTER_ALERTS).sort());
    for (const [id, spec] of Object.entries(CLUSTER_ALERTS)) expect(rules[id].labels).toMatchObject({ severity: spec.severity, service: "shop", component: "kubernetes-cluster", alert_id: id });
    expect(platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === "shop-cluster-alerts")!.metadata.namespace).toBe("vigil-system");
    expect(platform.cluster.alerts.map((a) => a.id).sort()).toEqual(Object.keys(CLUSTER_ALERTS).sort());
    expect(platform.cluster).toMatchObject({ name: "kind-vigil", unavailableAlerts: [], dashboardName: "shop-kubernetes-cluster" });
    expect(platform.alerts).toBe(platform.cluster.alerts);
  });

  test("defaults in the catalog's units, on kube-state-metrics and the node exporter", () => {
    expect(rules["nodes-not-ready"].expr).toBe(
      '(count(max by (node) (kube_node_status_condition{job="kube-state-metrics",condition="Ready",status!="true"} == 1 or kube_node_status_condition{job="kube-state-metrics",condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"} == 1))) > 0',
    );
    expect(rules["node-cpu-high"].expr).toBe('(avg(1 - avg by (instance) (sum by (instance, cpu) (rate(node_cpu_seconds_total{job="node-exporter",mode=~"idle|iowait|steal"}[5m])))) * 100) > 90');
    expect(rules["node-memory-high"].expr).toBe('(avg(1 - node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"}) * 100) > 90');
    expect(rules["node-storage-low"].expr).toBe(
      '(min(node_filesystem_avail_bytes{job="node-exporter",mountpoint="/",fstype!=""} / node_filesystem_size_bytes{job="node-exporter",mountpoint="/",fstype!=""}) * 100) < 20',
    );
    expect(rules["pods-crash-looping"].expr).toBe('(sum(max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",reason="CrashLoopBackOff"}[5m]))) > 0');
    expect(rules["pods-unschedulable"].expr).toBe('(sum(kube_pod_status_unschedulable{job="kube-state-metrics"})) > 0');
  });

  test("cluster.alerts overrides thresholds (percent, counts), severities and switches alerts off", () => {
    const { rules: r, platform: p } = clusterIn("prod", {
      alerts: { "node-cpu-high": { threshold: 80 }, "node-storage-low": { threshold: 15 }, "nodes-not-ready": { threshold: 1, severity: "page" }, "pods-unschedulable": { enabled: false } },
    });
    expect(r["node-cpu-high"].expr).toMatch(/\) > 80$/);
    expect(r["node-storage-low"].expr).toMatch(/\) < 15$/);
    expect(r["nodes-not-ready"]).toMatchObject({ expr: expect.stringMatching(/\) > 1$/), labels: expect.objectContaining({ severity: "page" }) });
    expect(r["pods-unschedulable"]).toBeUndefined();
    expect(p.cluster.alerts.find((a) => a.id === "node-cpu-high")).toMatchObject({ threshold: 80, canonical: { kind: "cluster", threshold: 80, unit: "percent" } });
  });

  test("a bad override fails synth naming cluster.alerts", () => {
    expect(validationMessages(clusterIn("prod", { alerts: { "node-cpu-high": { threshold: 0.9 }, "node-disk-high": { threshold: 80 } } as never }).stack)).toEqual([
      expect.stringMatching(/^\[platform\/platform\] `cluster\.alerts\.node-disk-high` is not one of the cluster alerts, which are nodes-not-ready, /),
    ]);
    expect(validationMessages(clusterIn("prod", { alerts: { "nodes-not-ready": { threshold: 1.5 } } }).stack)[0]).toMatch(/`cluster\.alerts\.nodes-not-ready\.threshold` is 1\.5; nodes-not-ready takes a whole number/);
  });

  test("the manifest records the cluster (kind cluster) and the platform (kind platform) with manual-change unavailable and why", () => {
    const manifest = VigilManifest.of(stack).document();
    expect(manifest.components.find((c) => c.component === "kubernetes-cluster")).toMatchObject({ kind: "cluster", name: "kind-vigil", target: "kubernetes", stateful: false, defaultAlertIds: Object.keys(CLUSTER_ALERTS) });
    expect(manifest.components.find((c) => c.component === "kubernetes-platform")).toMatchObject({ kind: "platform", name: "shop", defaultAlertIds: [], unavailableAlerts: [{ id: "manual-change", reason: MANUAL_CHANGE_UNAVAILABLE }] });
    expect(platform.unavailableAlerts).toEqual([{ id: "manual-change", reason: MANUAL_CHANGE_UNAVAILABLE }]);
    expect(manifest.alerts.filter((a) => a.component === "kubernetes-cluster").map((a) => [a.id, a.resource])).toEqual(Object.keys(CLUSTER_ALERTS).map((id) => [id, "kind-vigil"]));
  });

  describeWithTool("promtool")("with promtool", () => {
    test.each(["dev", "prod"] as const)("%s: the rules pass promtool check rules", (env) => {
      expect(checkRulesWithPromtool(renderRuleGroups(ruleGroupsOf(clusterIn(env).platform, "shop-cluster-alerts")))).toMatchObject(TOOL_PASSED);
    });
  });
});

describeWithTool("promtool")("the cluster rules under promtool test rules", () => {
  /** The rule of `id` alone, without annotations (promtool compares them too), from a platform with `cluster`. */
  const ruleOf = (id: string, cluster?: KubernetesPlatformProps["cluster"]) => {
    type Rule = { alert: string; labels: Record<string, string> };
    const groups = (ruleGroupsOf(clusterIn("prod", cluster).platform, "shop-cluster-alerts") as { name: string; rules: Rule[] }[]).map((g) => ({
      ...g,
      rules: g.rules.filter((r) => isAlertingRule(r as never) && r.labels.alert_id === id).map((r) => ({ ...r, annotations: {} })),
    }));
    return { rules: renderRuleGroups(groups as never), alertname: groups[0].rules[0].alert, labels: groups[0].rules[0].labels };
  };
  const run = (rule: ReturnType<typeof ruleOf>, series: Array<{ series: string; values: string }>, evalTime: string, fires: boolean) =>
    testRulesWithPromtool(
      rule.rules,
      stringify(
        { rule_files: ["rules.yml"], evaluation_interval: "1m", tests: [{ interval: "1m", input_series: series, alert_rule_test: [{ alertname: rule.alertname, eval_time: evalTime, exp_alerts: fires ? [{ exp_labels: rule.labels }] : [] }] }] },
        { lineWidth: 0 },
      ),
    );
  const condition = (node: string, condition: string, status: string, value: number) => ({
    series: `kube_node_status_condition{job="kube-state-metrics",node="${node}",condition="${condition}",status="${status}"}`,
    values: `${value}x30`,
  });
  // Node a is NotReady; node b is Ready but under memory AND disk pressure (one node, counted once); node c is fine.
  const nodes = [
    condition("a", "Ready", "true", 0),
    condition("a", "Ready", "false", 1),
    condition("b", "Ready", "true", 1),
    condition("b", "Ready", "false", 0),
    condition("b", "MemoryPressure", "true", 1),
    condition("b", "DiskPressure", "true", 1),
    condition("c", "Ready", "true", 1),
    condition("c", "MemoryPressure", "true", 0),
  ];

  it("nodes-not-ready 1: two nodes not ready or under pressure fire", () => {
    expect(run(ruleOf("nodes-not-ready", { alerts: { "nodes-not-ready": { threshold: 1 } } }), nodes, "20m", true)).toMatchObject(TOOL_PASSED);
  });

  it("nodes-not-ready 2: the same two nodes do not (a node under two pressures counts once)", () => {
    expect(run(ruleOf("nodes-not-ready", { alerts: { "nodes-not-ready": { threshold: 2 } } }), nodes, "20m", false)).toMatchObject(TOOL_PASSED);
  });

  // Per CPU and second: node a is idle 0.5 + iowait 0.1 (40 % busy), node b idle 0.1 (90 % busy); the average is 65 %.
  const cpu = (instance: string, c: string, mode: string, perSecond: number) => ({
    series: `node_cpu_seconds_total{job="node-exporter",instance="${instance}",cpu="${c}",mode="${mode}"}`,
    values: `0+${perSecond * 60}x40`,
  });
  const cpus = [
    ...["0", "1"].flatMap((c) => [cpu("a", c, "idle", 0.5), cpu("a", c, "iowait", 0.1), cpu("a", c, "user", 0.4)]),
    cpu("b", "0", "idle", 0.1),
    cpu("b", "0", "user", 0.9),
  ];

  it("node-cpu-high 60: nodes at 40 % and 90 % (iowait is not busy) average 65 % and fire", () => {
    expect(run(ruleOf("node-cpu-high", { alerts: { "node-cpu-high": { threshold: 60 } } }), cpus, "30m", true)).toMatchObject(TOOL_PASSED);
  });

  it("node-cpu-high 70: the same nodes do not", () => {
    expect(run(ruleOf("node-cpu-high", { alerts: { "node-cpu-high": { threshold: 70 } } }), cpus, "30m", false)).toMatchObject(TOOL_PASSED);
  });
});
