import { NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import type { GcpAlertDefinition } from "./alert-policy";
import { fraction } from "./cloud-sql-alerts";
import type { GcpAlertBindings } from "./private/component-alerts";
import { promSelector } from "./private/promql";

/** Component name of GKE alerts (runbook folder). */
export const GKE_COMPONENT = "gke-cluster";

/** The first GKE version that writes `kubernetes.io/node/status_condition` (GKE system metrics list). */
const GKE_NODE_CONDITION_MIN_VERSION = "1.32.1-gke.1357001";

/**
 * GKE's alerts, bound to the canonical cluster catalog. Sources: GKE
 * system metrics (https://cloud.google.com/monitoring/api/metrics_kubernetes)
 * on `k8s_node` and `k8s_container`, filtered on `cluster_name`; GKE's
 * managed kube state metrics, Pod package ("Collect and view kube state
 * metrics": `kube_pod_status_phase`, `kube_pod_status_unschedulable`,
 * `kube_pod_container_status_waiting_reason`, labels `cluster`,
 * `namespace`, `pod`, `container`, `reason`; system namespaces are not
 * collected), queried with PromQL on Cloud Monitoring. Utilizations are
 * fractions: percent thresholds are divided by 100.
 *
 * `version` is the cluster's pinned minor version: below 1.32 GKE writes no
 * node condition metric, so `nodes-not-ready` is unavailable there.
 */
export function gkeAlertBindings(clusterName: string, version: string | undefined, runbookBaseUrl: string): GcpAlertBindings<"cluster"> {
  const nodes = (metricName: string, statistic: NativeStatistic, extra: Record<string, string> = {}): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "k8s_node",
    metricName,
    dimensions: { "resource.labels.cluster_name": clusterName, ...extra },
    statistic,
    periodSeconds: 300,
    evaluationPeriods: 3,
    comparison: ">",
    missingData: "missing",
  });
  // The mean over the cluster's nodes, as the catalog's "average of the worker nodes" asks.
  const acrossNodes = { reducer: "REDUCE_MEAN", groupBy: ["resource.label.cluster_name"] } as const;
  const node = (matchers: string[] = []) => [`cluster_name="${clusterName}"`, ...matchers];
  const ksm = `cluster="${clusterName}"`;
  const alert = (a: Omit<GcpAlertDefinition, "component" | "runbookUrl" | "severity">): GcpAlertDefinition => ({ ...a, severity: "ticket", component: GKE_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, GKE_COMPONENT, a.id) });
  const conditionMetric = "kubernetes.io/node/status_condition";
  return {
    kind: "cluster",
    canonical: {
      "nodes-not-ready": nodeConditionUnavailable(version) ?? {
        build: (s) =>
          alert({
            id: "nodes-not-ready",
            summary: `More than ${s.threshold} node(s) of ${clusterName} not Ready`,
            description: `More than ${s.threshold} node(s) have had, for 15 minutes, a Ready condition other than True (False, or Unknown when the kubelet stopped reporting) or a MemoryPressure, DiskPressure or PIDPressure condition that is True (kubernetes.io/node/status_condition, GKE ${GKE_NODE_CONDITION_MIN_VERSION} or later). Node auto-repair replaces a node that stays NotReady; this fires when it cannot or the problem comes back.`,
            threshold: s.threshold,
            unit: "nodes",
            condition: {
              kind: "promql",
              query: `count(max by (node_name) (${promSelector(conditionMetric, node(['condition="Ready"', 'status!="True"']))} or ${promSelector(conditionMetric, node(['condition=~"MemoryPressure|DiskPressure|PIDPressure"', 'status="True"']))}) == 1)`,
              comparison: ">",
              for: "15m",
            },
          }),
      },
      "node-cpu-high": {
        build: (s) =>
          alert({
            id: "node-cpu-high",
            summary: `Nodes of ${clusterName} above ${s.threshold} % CPU`,
            description: `The mean over the cluster's nodes of kubernetes.io/node/cpu/allocatable_utilization (a fraction of the CPU a node can give pods) above ${fraction(s.threshold)} (${s.threshold} %) for 15 minutes: pods are throttled and new ones may not fit. The cluster autoscaler adds nodes for pods that cannot be scheduled, not for busy nodes. Missing data is left as is.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: nodes("kubernetes.io/node/cpu/allocatable_utilization", "ALIGN_MEAN"),
            crossSeries: acrossNodes,
          }),
      },
      "node-memory-high": {
        build: (s) =>
          alert({
            id: "node-memory-high",
            summary: `Nodes of ${clusterName} above ${s.threshold} % memory`,
            description: `The mean over the cluster's nodes of kubernetes.io/node/memory/allocatable_utilization for non-evictable memory (the working set, a fraction of the memory a node can give pods) above ${fraction(s.threshold)} (${s.threshold} %) for 15 minutes: the kubelet starts evicting pods. Missing data is left as is.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: nodes("kubernetes.io/node/memory/allocatable_utilization", "ALIGN_MEAN", { "metric.labels.memory_type": "non-evictable" }),
            crossSeries: acrossNodes,
          }),
      },
      "node-storage-low": {
        build: (s) =>
          alert({
            id: "node-storage-low",
            summary: `A node of ${clusterName} has less than ${s.threshold} % disk free`,
            description: `The fullest node's used share of its ephemeral storage (kubernetes.io/node/ephemeral_storage/used_bytes over total_bytes: the boot disk's writable filesystem that holds images, container layers, emptyDir volumes and logs) above ${fraction(100 - s.threshold)}, i.e. less than ${s.threshold} % free, for 10 minutes. The kubelet garbage-collects images and then evicts pods as it fills.`,
            threshold: fraction(100 - s.threshold),
            unit: "fraction used",
            condition: {
              kind: "promql",
              query: `max(max by (node_name) (${promSelector("kubernetes.io/node/ephemeral_storage/used_bytes", node())}) / max by (node_name) (${promSelector("kubernetes.io/node/ephemeral_storage/total_bytes", node())}))`,
              comparison: ">",
              for: "10m",
            },
          }),
      },
      "pods-crash-looping": {
        build: (s) =>
          alert({
            id: "pods-crash-looping",
            summary: `More than ${s.threshold} container(s) in ${clusterName} crash-looping`,
            description: `More than ${s.threshold} container(s) have waited in CrashLoopBackOff for 15 minutes (kube_pod_container_status_waiting_reason, GKE's managed kube state metrics; system namespaces are not collected): they exit soon after starting (bad configuration, a failing dependency, OOM kills, a failing liveness probe).`,
            threshold: s.threshold,
            unit: "containers",
            condition: {
              kind: "promql",
              query: `count(max by (namespace, pod, container) (${promSelector("prometheus.googleapis.com/kube_pod_container_status_waiting_reason/gauge", [ksm, 'reason="CrashLoopBackOff"'])}) == 1)`,
              comparison: ">",
              for: "15m",
            },
          }),
      },
      "pods-unschedulable": {
        build: (s) =>
          alert({
            id: "pods-unschedulable",
            summary: `More than ${s.threshold} pod(s) in ${clusterName} cannot be scheduled`,
            description: `More than ${s.threshold} pod(s) have been unschedulable for 15 minutes (kube_pod_status_unschedulable, GKE's managed kube state metrics): no node has room or matches their affinity, taints or volume zone, and the cluster autoscaler could not add one (pool at its maximum, quota, stockout).`,
            threshold: s.threshold,
            unit: "pods",
            condition: {
              kind: "promql",
              query: `count(max by (namespace, pod) (${promSelector("prometheus.googleapis.com/kube_pod_status_unschedulable/gauge", [ksm])}) == 1)`,
              comparison: ">",
              for: "15m",
            },
          }),
      },
    },
    targetOnly: [
      {
        alert: alert({
          id: "container-restarts",
          summary: `Containers in ${clusterName} are restarting`,
          description: "kubernetes.io/container/restart_count grew by more than 3 in 10 minutes for a container: it restarts repeatedly (OOM kill, failing probe, crash) — also in system namespaces, which the kube state metrics do not cover. Missing data is left as is.",
          threshold: 3,
          unit: "restarts",
          condition: {
            kind: "native-metric",
            namespace: "k8s_container",
            metricName: "kubernetes.io/container/restart_count",
            dimensions: { "resource.labels.cluster_name": clusterName },
            statistic: "ALIGN_DELTA",
            periodSeconds: 600,
            evaluationPeriods: 1,
            comparison: ">",
            missingData: "missing",
          },
        }),
      },
      {
        alert: alert({
          id: "pods-pending",
          summary: `Pods in ${clusterName} are stuck in Pending`,
          description: `A pod has been in phase Pending for 15 minutes (kube_pod_status_phase{phase="Pending"}, GKE's managed kube state metrics): it cannot be scheduled, or its containers cannot start (image pull, volume attach). System namespaces are not reported.`,
          threshold: 0,
          unit: "pods",
          condition: { kind: "promql", query: `max by (namespace, pod) (${promSelector("prometheus.googleapis.com/kube_pod_status_phase/gauge", [ksm, 'phase="Pending"'])})`, comparison: ">", for: "15m" },
        }),
      },
    ],
  };
}

/** Why `nodes-not-ready` is unavailable on a cluster pinned below 1.32, or undefined. */
function nodeConditionUnavailable(version: string | undefined): { unavailable: string } | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? "");
  if (!m || Number(m[1]) > 1 || Number(m[2]) >= 32) return undefined;
  return { unavailable: `the cluster is pinned to GKE ${version}; GKE writes the node condition metric (kubernetes.io/node/status_condition) from ${GKE_NODE_CONDITION_MIN_VERSION} on, and its managed kube state metrics have no node package` };
}
