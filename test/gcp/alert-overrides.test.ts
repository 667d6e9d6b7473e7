import { TerraformStack } from "cdktf";
import { manifestOf } from "../../lib/core/manifest";
import type { GcpAlertDefinition } from "../../lib/gcp/alert-policy";
import { resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { gcpComponents } from "./support";
import { messageAt, messageSaying, ResourceBody, targetStack, testService } from "../harness";


/** The first condition of each policy, by `<component> <alert id>`. */
function conditions(synth: SynthesizedStack): Record<string, ResourceBody> {
  return Object.fromEntries(resourceBodies(synth, "google_monitoring_alert_policy").map((p) => [`${(p.user_labels as ResourceBody).component} ${(p.user_labels as ResourceBody).alert_id}`, (p.conditions as ResourceBody[])[0]]));
}

const warningsOf = (stack: TerraformStack) => stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));

describe("canonical overrides are in the catalog's units and converted on GCP", () => {
  const { stack } = targetStack("gcp", {
    platform: { cluster: { alerts: { "node-cpu-high": { threshold: 70 }, "node-memory-high": { threshold: 85 }, "node-storage-low": { threshold: 25 }, "nodes-not-ready": { threshold: 2 }, "pods-crash-looping": { threshold: 3 } } } },
    service: testService("gcp", {
      postgres: { alerts: { "cpu-high": { threshold: 80 }, "storage-low": { threshold: 20 }, "txid-wraparound": { threshold: 40 } } },
      kafka: { ...gcpComponents.kafka, alerts: { "cpu-high": { threshold: 75 }, "memory-high": { threshold: 80 }, "consumer-lag-high": { threshold: 5000 }, "offline-partitions": { severity: "ticket" } } },
      endpoint: { url: "https://checkout.example.com/healthz", alerts: { "checks-failing": { threshold: 95 } } },
    }),
  });
  const synth = synthStack(stack);
  const c = conditions(synth);

  test("the stack is valid and no override warns", () => {
    expect(validationMessages(stack)).toEqual([]);
    expect(warningsOf(stack).filter((w) => w.includes("alertThreshold"))).toEqual([]);
  });

  test("Cloud SQL: cpu-high 80 % is 0.8 of cpu/utilization; storage-low 20 % free is disk/utilization above 0.8; txid-wraparound 40 % is 0.4", () => {
    expect(c["cloud-sql-postgres cpu-high"].condition_threshold).toMatchObject({ threshold_value: 0.8, comparison: "COMPARISON_GT", filter: expect.stringContaining('metric.type = "cloudsql.googleapis.com/database/cpu/utilization"') });
    expect(c["cloud-sql-postgres storage-low"].condition_threshold).toMatchObject({ threshold_value: 0.8, comparison: "COMPARISON_GT", filter: expect.stringContaining('metric.type = "cloudsql.googleapis.com/database/disk/utilization"') });
    expect(c["cloud-sql-postgres txid-wraparound"].condition_threshold.threshold_value).toBe(0.4);
  });

  test("GKE: node-cpu-high 70 % is 0.7 of allocatable, memory 85 % is 0.85, 25 % free disk is 0.75 used, counts stay counts", () => {
    expect(c["gke-cluster node-cpu-high"].condition_threshold).toMatchObject({ threshold_value: 0.7, filter: expect.stringContaining("kubernetes.io/node/cpu/allocatable_utilization") });
    expect(c["gke-cluster node-memory-high"].condition_threshold.threshold_value).toBe(0.85);
    expect(c["gke-cluster node-storage-low"].condition_prometheus_query_language.query).toMatch(/ > 0\.75$/);
    expect(c["gke-cluster nodes-not-ready"].condition_prometheus_query_language.query).toMatch(/ > 2$/);
    expect(c["gke-cluster pods-crash-looping"].condition_prometheus_query_language.query).toMatch(/ > 3$/);
  });

  test("Managed Kafka: cpu-high 75 % and memory-high 80 % as fractions of the configured capacity; lag 5000 messages per consumer group", () => {
    expect(c["managed-kafka cpu-high"].condition_prometheus_query_language.query).toMatch(/^\(sum\(rate\(managedkafka_googleapis_com:cpu_core_usage_time\{.*\}\[5m\]\)\) \/ sum\(managedkafka_googleapis_com:cpu_limit\{.*\}\)\) > 0\.75$/);
    expect(c["managed-kafka memory-high"].condition_prometheus_query_language.query).toMatch(/ > 0\.8$/);
    for (const group of ["invoicing", "fulfilment"]) expect(c[`managed-kafka consumer-lag-high-${group}`].condition_threshold.threshold_value).toBe(5000);
  });

  test("uptime check: checks-failing 95 % is a mean fraction of checks passed below 0.95 over the checker regions", () => {
    expect(c["uptime-check checks-failing"].condition_threshold).toMatchObject({
      threshold_value: 0.95,
      comparison: "COMPARISON_LT",
      evaluation_missing_data: "EVALUATION_MISSING_DATA_ACTIVE",
      aggregations: [{ per_series_aligner: "ALIGN_FRACTION_TRUE", cross_series_reducer: "REDUCE_MEAN", group_by_fields: ["metric.label.check_id"] }],
    });
  });

  test("the manifest keeps the user's threshold in the catalog's unit next to the native one; severity overrides apply", () => {
    const alerts = manifestOf(synth as ResourceBody)!.alerts;
    expect(alerts.find((a) => a.component === "gke-cluster" && a.id === "node-cpu-high")).toMatchObject({ canonical: { kind: "cluster", threshold: 70, unit: "percent" }, threshold: "> 0.7 fraction" });
    expect(alerts.find((a) => a.id === "checks-failing")).toMatchObject({ canonical: { kind: "endpoint", threshold: 95, unit: "percent" }, severity: "page" });
    expect(alerts.find((a) => a.component === "managed-kafka" && a.id === "offline-partitions")).toMatchObject({ severity: "ticket", deliveredAs: "ticket" });
    // A target-only alert has no canonical reference.
    expect(alerts.find((a) => a.id === "container-restarts")!.canonical).toBeUndefined();
  });
});

describe("bad overrides fail synth once, at the property the user wrote", () => {
  test("a percent out of range names the property path, the value and the unit", () => {
    const { stack } = targetStack("gcp", { platform: { cluster: { alerts: { "node-cpu-high": { threshold: 150 } } } } });
    const messages = validationMessages(stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^\[prod-gcp-infra\/platform\/cluster\] `cluster\.alerts\.node-cpu-high\.threshold` is 150; node-cpu-high takes a percent from 0 to 100 \(default 90 %\)/);
  });

  test("an endpoint threshold below the catalog's range, and a postgres override of the wrong type", () => {
    const { stack } = targetStack("gcp", { service: { postgres: { alerts: { "storage-low": { threshold: Number.NaN } } }, endpoint: { url: "https://checkout.example.com/healthz", alerts: { "checks-failing": { threshold: 0 } } } } });
    const messages = validationMessages(stack);
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[prod-gcp-infra\/checkout\/postgres\] `postgres\.alerts\.storage-low\.threshold` is NaN; storage-low takes a percent/),
        expect.stringMatching(/^\[prod-gcp-infra\/checkout\/observability-uptime\] `endpoint\.alerts\.checks-failing\.threshold` is 0; checks-failing takes a percent from 1 to 100/),
      ]),
    );
  });

  test("a GKE-only alert under the canonical overrides, and a canonical one under the GKE hatch, say where each belongs", () => {
    const { stack } = targetStack("gcp", { platform: { cluster: { alerts: { "container-restarts": { threshold: 5 } } as never, gcp: { alerts: { "node-cpu-high": { threshold: 80 } } } } } });
    const messages = validationMessages(stack);
    expect(messages).toEqual(
      expect.arrayContaining([
        messageAt("prod-gcp-infra/platform/cluster", "`cluster.alerts.container-restarts`", "not one of the cluster alerts"),
        messageAt("prod-gcp-infra/platform/cluster", "`cluster.gcp.alerts.node-cpu-high`", "a canonical cluster alert", "set it under `cluster.alerts.node-cpu-high`"),
      ]),
    );
    expect(messages).toHaveLength(2);
  });

  test("a fraction written for a percent synthesizes with one warning that gives the percent", () => {
    const { stack } = targetStack("gcp", { platform: { cluster: { alerts: { "node-cpu-high": { threshold: 0.85 } } } } });
    expect(validationMessages(stack)).toEqual([]);
    expect(warningsOf(stack).filter((w) => w.includes("alertThreshold"))).toEqual([messageSaying("`cluster.alerts.node-cpu-high.threshold` is 0.85", "not a fraction", "for 85 % write 85")]);
  });
});

describe("switching alerts off and what GKE cannot provide", () => {
  test("a GKE-only alert switched off under cluster.gcp.alerts is not deployed and is recorded as disabled", () => {
    const { stack, platform } = targetStack("gcp", { platform: { cluster: { gcp: { alerts: { "container-restarts": { enabled: false } } }, alerts: { "pods-unschedulable": { severity: "page" } } } } });
    const synth = synthStack(stack);
    expect(Object.keys(conditions(synth))).not.toContain("gke-cluster container-restarts");
    expect(resourceBodies(synth, "google_monitoring_alert_policy").find((p) => (p.user_labels as ResourceBody).alert_id === "pods-unschedulable")!.severity).toBe("CRITICAL");
    expect(manifestOf(synth as ResourceBody)!.components.find((comp) => comp.component === "gke-cluster")!.disabledAlertIds).toEqual(["container-restarts"]);
    expect(platform.cluster.alerts.map((a) => a.id)).not.toContain("container-restarts");
  });

  test("a cluster pinned below 1.32 has no node condition metric: nodes-not-ready is unavailable there, with the reason", () => {
    const old = targetStack("gcp", { platform: { cluster: { version: "1.31" } } });
    expect(old.platform.cluster.unavailableAlerts).toEqual([{ id: "nodes-not-ready", reason: expect.stringContaining("1.32.1-gke.1357001") }]);
    expect(Object.keys(conditions(synthStack(old.stack)))).not.toContain("gke-cluster nodes-not-ready");
    expect(targetStack("gcp", { platform: { cluster: { version: "1.33" } } }).platform.cluster.unavailableAlerts).toEqual([]);
  });

  test("a PromQL condition that does not parse is reported by the GCP sink", () => {
    const { platform } = targetStack("gcp", { environment: "dev" });
    const bad: GcpAlertDefinition = { ...platform.cluster.alerts.find((a) => a.id === "pods-pending")!, id: "broken", condition: { kind: "promql", query: "sum(rate(x[5m]", comparison: ">", for: "5m" } };
    expect(platform.alerting.deploy(platform, [bad], { resourceName: "r", dashboard: "d" })).toEqual([expect.stringMatching(/^alert "broken": PromQL does not parse at character/)]);
    expect(platform.alerting.deploy(platform, [{ ...bad, id: "fine", condition: { kind: "promql", query: "sum(rate(x[5m]))", comparison: ">", for: "5m" } }], { resourceName: "r", dashboard: "d" })).toEqual([]);
  });
});
