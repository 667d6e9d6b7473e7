import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { NativeAlert } from "./private/component-alerts";

/** Component name of GKE alerts (runbook folder). */
export const GKE_COMPONENT = "gke-cluster";

/**
 * Default alerts of a GKE cluster on Cloud Monitoring's system metrics
 * (GKE's "kubernetes.io" metrics, https://cloud.google.com/monitoring/api/metrics_kubernetes):
 * node CPU and memory against allocatable (`k8s_node`), and container
 * restarts (`k8s_container`), each filtered on `resource.labels.cluster_name`.
 * Thresholds follow GKE's recommended alerting policies (node allocatable
 * utilization above 90 %; crash-looping containers).
 */
export function gkeAlerts(clusterName: string, runbookBaseUrl: string): NativeAlert[] {
  const cond = (namespace: string, metricName: string, statistic: string, periodSeconds: number, evaluationPeriods: number, extra: Record<string, string> = {}): NativeMetricCondition => ({
    kind: "native-metric",
    namespace,
    metricName,
    dimensions: { "resource.labels.cluster_name": clusterName, ...extra },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison: ">",
    missingData: "missing",
  });
  const rb = (id: string) => runbookUrl(runbookBaseUrl, GKE_COMPONENT, id);
  return [
    {
      id: "node-cpu-high",
      component: GKE_COMPONENT,
      summary: `Nodes of ${clusterName} are short of CPU`,
      description: "kubernetes.io/node/cpu/allocatable_utilization above 90 % for 15 minutes on a node: pods are throttled and new ones may not schedule. The cluster autoscaler adds nodes up to the pool's maximum; this fires when it cannot. Missing data is left as is.",
      severity: "ticket",
      runbookUrl: rb("node-cpu-high"),
      threshold: 0.9,
      unit: "fraction",
      condition: cond("k8s_node", "kubernetes.io/node/cpu/allocatable_utilization", "ALIGN_MEAN", 300, 3),
    },
    {
      id: "node-memory-high",
      component: GKE_COMPONENT,
      summary: `Nodes of ${clusterName} are short of memory`,
      description: "kubernetes.io/node/memory/allocatable_utilization (non-evictable memory) above 90 % for 15 minutes on a node: the kubelet will evict pods. Missing data is left as is.",
      severity: "ticket",
      runbookUrl: rb("node-memory-high"),
      threshold: 0.9,
      unit: "fraction",
      condition: cond("k8s_node", "kubernetes.io/node/memory/allocatable_utilization", "ALIGN_MEAN", 300, 3, { "metric.labels.memory_type": "non-evictable" }),
    },
    {
      id: "container-restarts",
      component: GKE_COMPONENT,
      summary: `Containers in ${clusterName} are restarting`,
      description: "kubernetes.io/container/restart_count grew by more than 3 in 10 minutes for a container: it is crash-looping (OOM kill, failing probe, bad configuration). Missing data is left as is.",
      severity: "ticket",
      runbookUrl: rb("container-restarts"),
      threshold: 3,
      unit: "restarts",
      condition: cond("k8s_container", "kubernetes.io/container/restart_count", "ALIGN_DELTA", 600, 1),
    },
  ];
}
