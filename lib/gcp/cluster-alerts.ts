import { AlertDefinition, NativeMetricCondition, runbookUrl } from "../observability/alert";

/** Component name of GKE alerts (runbook folder). */
export const GKE_COMPONENT = "gke-cluster";

/**
 * Default alerts of a GKE cluster on Cloud Monitoring's system metrics
 * (GKE's "kubernetes.io" metrics, https://cloud.google.com/monitoring/api/metrics_kubernetes):
 * node CPU and memory against allocatable (`k8s_node`), and container
 * restarts (`k8s_container`), each filtered on `resource.labels.cluster_name`.
 * Thresholds follow GKE's recommended alerting policies (node allocatable
 * utilization above 90 %; crash-looping containers).
 *
 * Pods stuck in Pending are a PromQL policy on GKE's managed kube state
 * metrics (the `POD` monitoring component, on Managed Service for
 * Prometheus): `kube_pod_status_phase` (labels `phase`, `pod`, `uid`, and
 * the target's `cluster` and `namespace`), per GKE "Collect and view kube
 * state metrics", table of Pod metrics. Node NotReady has no alert here: GKE
 * exports no node-state metric (its kube state packages cover Pods,
 * Deployments, StatefulSets, DaemonSets, HPAs and storage only, and
 * `kubernetes.io/node/...` has no condition metric); auto-repair replaces
 * NotReady nodes, and the in-cluster kube-prometheus-stack covers them.
 */
export function gkeAlerts(clusterName: string, runbookBaseUrl: string): AlertDefinition[] {
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
    {
      id: "pods-pending",
      component: GKE_COMPONENT,
      summary: `Pods in ${clusterName} are stuck in Pending`,
      description: `A pod has been in phase Pending for 15 minutes (kube_pod_status_phase{phase="Pending"}, GKE's managed kube state metrics): it cannot be scheduled (no node with room, the autoscaler at its maximum, a taint, affinity or volume zone it cannot meet) or its containers cannot start (image pull, volume attach). System namespaces are not reported.`,
      severity: "ticket",
      runbookUrl: rb("pods-pending"),
      threshold: 0,
      unit: "pods",
      condition: { kind: "promql", query: `max by (namespace, pod) (kube_pod_status_phase{cluster="${clusterName}", phase="Pending"})`, comparison: ">", for: "15m" },
    },
  ];
}
