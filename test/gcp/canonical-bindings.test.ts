import { manifestOf } from "../../lib/core/manifest";
import { cataloguedMetricOfPromql, GCP_METRIC_CATALOG, promqlMetricName } from "../../lib/gcp/metric-catalog";
import { onlyResource, resourceBodies, SynthesizedStack } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { promqlSelectors } from "./support";
import { ResourceBody, targetSynth } from "../harness";

// The canonical alert catalog as GCP binds it, with the defaults: every id bound to the
// Cloud Monitoring signal that means it, or declared unavailable with the reason.
const synths = Object.fromEntries(ENVIRONMENTS.map((env) => [env, targetSynth("gcp", env, { service: true })])) as Record<(typeof ENVIRONMENTS)[number], SynthesizedStack>;

describe("GKE", () => {
  test.each(ENVIRONMENTS)("%s: GKE binds every canonical cluster alert, plus container restarts and pods stuck in Pending of its own", (env) => {
    const gke = resourceBodies(synths[env], "google_monitoring_alert_policy").filter((p) => (p.user_labels as ResourceBody).component === "gke-cluster");
    const byId = Object.fromEntries(gke.map((p) => [(p.user_labels as ResourceBody).alert_id, (p.conditions as ResourceBody[])[0]]));
    expect(Object.keys(byId).sort()).toEqual(["container-restarts", "node-cpu-high", "node-memory-high", "node-storage-low", "nodes-not-ready", "pods-crash-looping", "pods-pending", "pods-unschedulable"]);
    const cluster = `checkout-${env}`;
    expect(byId["pods-pending"].condition_prometheus_query_language).toEqual({
      query: `(max by (namespace, pod) (kube_pod_status_phase{cluster="${cluster}", phase="Pending"})) > 0`,
      duration: "900s",
      evaluation_interval: "60s",
    });
    // Not Ready = Ready not True (False, or Unknown when the kubelet stopped reporting) or a pressure condition True, counted per node.
    expect(byId["nodes-not-ready"].condition_prometheus_query_language.query).toBe(
      `(count(max by (node_name) (kubernetes_io:node_status_condition{monitored_resource="k8s_node", cluster_name="${cluster}", condition="Ready", status!="True"} or kubernetes_io:node_status_condition{monitored_resource="k8s_node", cluster_name="${cluster}", condition=~"MemoryPressure|DiskPressure|PIDPressure", status="True"}) == 1)) > 0`,
    );
    expect(byId["pods-crash-looping"].condition_prometheus_query_language.query).toBe(
      `(count(max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{cluster="${cluster}", reason="CrashLoopBackOff"}) == 1)) > 0`,
    );
    expect(byId["pods-unschedulable"].condition_prometheus_query_language.query).toBe(`(count(max by (namespace, pod) (kube_pod_status_unschedulable{cluster="${cluster}"}) == 1)) > 0`);
    // 20 % free by default: the fullest node's used share above 0.8.
    expect(byId["node-storage-low"].condition_prometheus_query_language.query).toMatch(/^\(max\(max by \(node_name\) \(kubernetes_io:node_ephemeral_storage_used_bytes\{.*\}\) \/ max by \(node_name\) \(kubernetes_io:node_ephemeral_storage_total_bytes\{.*\}\)\)\) > 0\.8$/);
    // The catalog's "average of the worker nodes": the mean over the cluster's nodes, 90 % as 0.9.
    for (const id of ["node-cpu-high", "node-memory-high"]) {
      expect(byId[id].condition_threshold).toMatchObject({
        threshold_value: 0.9,
        comparison: "COMPARISON_GT",
        aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_MEAN", cross_series_reducer: "REDUCE_MEAN", group_by_fields: ["resource.label.cluster_name"] }],
      });
    }
    expect(byId["node-memory-high"].condition_threshold.filter).toContain('metric.labels.memory_type = "non-evictable"');
    // The POD kube state package that writes the kube_pod_* metrics is enabled on the cluster.
    expect((onlyResource(synths[env], "google_container_cluster").monitoring_config as ResourceBody).enable_components).toContain("POD");
  });

});

describe("Managed Service for Apache Kafka", () => {
  test("Managed Kafka: CPU and memory as the ratio of use to the configured capacity (PromQL), offline partitions on the cluster; the rest unavailable with the reason", () => {
    const kafka = Object.fromEntries(
      resourceBodies(synths.prod, "google_monitoring_alert_policy")
        .filter((p) => (p.user_labels as ResourceBody).component === "managed-kafka")
        .map((p) => [(p.user_labels as ResourceBody).alert_id, (p.conditions as ResourceBody[])[0]]),
    );
    const sel = (metric: string) => `managedkafka_googleapis_com:${metric}{monitored_resource="managedkafka.googleapis.com/Cluster", cluster_id="checkout-prod"}`;
    expect(kafka["cpu-high"].condition_prometheus_query_language).toMatchObject({ query: `(sum(rate(${sel("cpu_core_usage_time")}[5m])) / sum(${sel("cpu_limit")})) > 0.6`, duration: "900s" });
    expect(kafka["memory-high"].condition_prometheus_query_language).toMatchObject({ query: `(sum(${sel("memory_usage")}) / sum(${sel("memory_limit")})) > 0.6`, duration: "900s" });
    expect(kafka["offline-partitions"].condition_threshold).toMatchObject({
      filter: 'resource.type = "managedkafka.googleapis.com/Cluster" AND metric.type = "managedkafka.googleapis.com/offline_partitions" AND resource.labels.cluster_id = "checkout-prod"',
      comparison: "COMPARISON_GT",
      threshold_value: 0,
    });
    const record = manifestOf(synths.prod as ResourceBody)!.components.find((c) => c.component === "managed-kafka")!;
    expect(record.kind).toBe("kafka");
    expect(record.unavailableAlerts!.map((u) => u.id).sort()).toEqual(["no-active-controller", "storage-low", "under-min-isr", "under-replicated-partitions"]);
    for (const u of record.unavailableAlerts!) expect(u.reason).toMatch(/Managed Service for Apache Kafka .{40,}/);
  });


});

/**
 * The monitored resource type of a metric type: the catalogue's, or for a
 * user-defined log-based metric (`logging.googleapis.com/user/<name>`),
 * `k8s_container` when the stack defines that metric (google_logging_metric)
 * on container entries.
 */
function resourceOf(synth: SynthesizedStack, metric: string): string | undefined {
  const user = /^logging\.googleapis\.com\/user\/(.+)$/.exec(metric);
  if (!user) return GCP_METRIC_CATALOG[metric]?.resource;
  const defined = resourceBodies(synth, "google_logging_metric").find((m) => m.name === user[1]);
  return defined && String(defined.filter).startsWith('resource.type="k8s_container"') ? "k8s_container" : undefined;
}

/**
 * A PromQL selector of catalogued metric `metric` (undefined: not catalogued) as found and as it must be: its
 * metric catalogued and, when it names a monitored resource type, the catalog's.
 */
function selectorCheck(name: string, resource: string | undefined, metric: string | undefined): { actual: object; expected: object } {
  const cataloguedResource = metric === undefined ? undefined : GCP_METRIC_CATALOG[metric].resource;
  return {
    actual: { name, catalogued: metric !== undefined, resource },
    expected: { name, catalogued: true, resource: resource ? cataloguedResource : resource },
  };
}

describe("metric catalog", () => {
  test.each(ENVIRONMENTS)("%s: every threshold policy filters on a catalogued metric type with its monitored resource type; every component's PromQL names catalogued metrics only", (env) => {
    const policies = resourceBodies(synths[env], "google_monitoring_alert_policy");
    let threshold = 0;
    let promql = 0;
    // What each condition reads, as found and as it must be.
    const found: unknown[] = [];
    const required: unknown[] = [];
    for (const p of policies) {
      const c = (p.conditions as ResourceBody[])[0];
      if (c.condition_threshold ?? c.condition_absent) {
        const filter: string = (c.condition_threshold ?? c.condition_absent).filter;
        const metric = /metric\.type = "([^"]+)"/.exec(filter)![1];
        const resource = /resource\.type = "([^"]+)"/.exec(filter)![1];
        found.push({ metric, resource });
        required.push({ metric, resource: resourceOf(synths[env], metric) });
        threshold++;
      } else if (c.condition_prometheus_query_language && (p.user_labels as ResourceBody).component !== "slo") {
        // A component's PromQL reads Cloud Monitoring or Managed Prometheus metrics: each must be catalogued, with its resource type.
        for (const { name, resource } of promqlSelectors(c.condition_prometheus_query_language.query)) {
          const { actual, expected } = selectorCheck(name, resource, cataloguedMetricOfPromql(name));
          found.push(actual);
          required.push(expected);
          promql++;
        }
      } else {
        found.push({ policy: p.display_name, query: Boolean(c.condition_prometheus_query_language?.query ?? c.condition_matched_log?.filter) });
        required.push({ policy: p.display_name, query: true });
      }
    }
    expect(found).toEqual(required);
    expect(threshold).toBeGreaterThan(10);
    expect(promql).toBeGreaterThanOrEqual(10);
  });

  test.each(ENVIRONMENTS)("%s: every dashboard chart queries catalogued metric types with their monitored resource types, by filter or by PromQL", (env) => {
    const queries = resourceBodies(synths[env], "google_monitoring_dashboard").flatMap((d) =>
      (JSON.parse(d.dashboard_json as string).mosaicLayout.tiles as ResourceBody[]).flatMap((t) => ((t.widget.xyChart?.dataSets ?? []) as ResourceBody[]).map((ds) => ds.timeSeriesQuery as ResourceBody)),
    );
    const filters = queries.flatMap((q) => (q.timeSeriesFilter ? [q.timeSeriesFilter.filter as string] : []));
    const promql = queries.flatMap((q) => (q.prometheusQuery ? [q.prometheusQuery as string] : []));
    expect(filters.length).toBeGreaterThan(8);
    expect(promql.length).toBeGreaterThan(4);
    expect(filters.length + promql.length).toBe(queries.length);
    for (const filter of filters) {
      const metric = /metric\.type = "([^"]+)"/.exec(filter)![1];
      const resource = /resource\.type = "([^"]+)"/.exec(filter)![1];
      expect({ metric, resource }).toEqual({ metric, resource: resourceOf(synths[env], metric) });
    }
    for (const query of promql) {
      for (const { name, resource } of promqlSelectors(query)) {
        // A histogram is queried through its _bucket series.
        const { actual, expected } = selectorCheck(name, resource, cataloguedMetricOfPromql(name) ?? cataloguedMetricOfPromql(name.replace(/_bucket$/, "")));
        expect(actual).toEqual(expected);
      }
    }
  });

  test("every catalogued metric names its source, and maps to the PromQL names Google's mapping gives", () => {
    for (const [type, entry] of Object.entries(GCP_METRIC_CATALOG)) expect({ type, source: entry.source }).toEqual({ type, source: expect.stringMatching(/^https:\/\/cloud\.google\.com\//) });
    // Google's own examples ("Mapping Cloud Monitoring metrics to PromQL").
    expect(promqlMetricName("kubernetes.io/container/cpu/limit_cores")).toBe("kubernetes_io:container_cpu_limit_cores");
    expect(promqlMetricName("compute.googleapis.com/instance/cpu/utilization")).toBe("compute_googleapis_com:instance_cpu_utilization");
    expect(promqlMetricName("prometheus.googleapis.com/kube_pod_status_phase/gauge")).toBe("kube_pod_status_phase");
    expect(cataloguedMetricOfPromql("managedkafka_googleapis_com:cpu_core_usage_time")).toBe("managedkafka.googleapis.com/cpu/core_usage_time");
    expect(cataloguedMetricOfPromql("kubernetes_io:node_cpu_core_usage_time")).toBeUndefined();
  });

});
