import { AlertDefinition, NativeMetricCondition, runbookUrl } from "../observability/alert";

/** Component name of the EKS cluster's alerts (runbook path, alarm names). */
export const EKS_COMPONENT = "eks-cluster";

type NativeAlert = AlertDefinition & { readonly condition: NativeMetricCondition };

/**
 * Default alerts of an EKS cluster, on metrics that exist:
 * - `ContainerInsights` (published by the amazon-cloudwatch-observability
 *   add-on; node/pod metrics and, with enhanced observability, pod status
 *   metrics), dimension `ClusterName`. Source: CloudWatch User Guide,
 *   "Amazon EKS and Kubernetes Container Insights metrics"; the alarm set
 *   follows the EKS component of CloudWatch Application Insights
 *   (cluster_failed_node_count, node_cpu/memory/filesystem_utilization).
 * - `AWS/EKS` control-plane metrics that EKS vends for clusters on 1.28+
 *   (apiserver_request_total_5XX, etcd_mvcc_db_total_size_in_bytes),
 *   dimension `ClusterName`. Source: EKS User Guide, "Control plane metrics".
 */
export function eksClusterAlerts(clusterName: string, runbookBaseUrl: string): NativeAlert[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, EKS_COMPONENT, id);
  const ci = (metricName: string, statistic: string, periodSeconds: number, evaluationPeriods: number, comparison: NativeMetricCondition["comparison"], missingData: NativeMetricCondition["missingData"]): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "ContainerInsights",
    metricName,
    dimensions: { ClusterName: clusterName },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison,
    missingData,
  });
  return [
    {
      id: "failed-nodes",
      component: EKS_COMPONENT,
      summary: `Worker nodes of ${clusterName} are failing`,
      description:
        "cluster_failed_node_count counts nodes whose kubelet reports a failure condition (NotReady, disk/memory/PID pressure). Managed node groups replace unhealthy nodes; if this lasts 15 minutes the replacement is not working. No data is treated as missing (the agent may be restarting), not as healthy.",
      severity: "ticket",
      runbookUrl: rb("failed-nodes"),
      threshold: 1,
      unit: "nodes",
      condition: ci("cluster_failed_node_count", "Maximum", 300, 3, ">=", "missing"),
    },
    {
      id: "node-cpu-high",
      component: EKS_COMPONENT,
      summary: `Node CPU of ${clusterName} above threshold`,
      description:
        "node_cpu_utilization is the cluster-wide average CPU use of the nodes as a share of their capacity. Sustained high CPU means the autoscaler is at its maximum or requests are under-declared. No data keeps the previous state.",
      severity: "ticket",
      runbookUrl: rb("node-cpu-high"),
      threshold: 80,
      unit: "%",
      condition: ci("node_cpu_utilization", "Average", 300, 3, ">", "missing"),
    },
    {
      id: "node-memory-high",
      component: EKS_COMPONENT,
      summary: `Node memory of ${clusterName} above threshold`,
      description:
        "node_memory_utilization is the cluster-wide average working-set memory of the nodes as a share of their capacity. Above this pods get evicted or OOM-killed. No data keeps the previous state.",
      severity: "ticket",
      runbookUrl: rb("node-memory-high"),
      threshold: 80,
      unit: "%",
      condition: ci("node_memory_utilization", "Average", 300, 3, ">", "missing"),
    },
    {
      id: "node-filesystem-high",
      component: EKS_COMPONENT,
      summary: `Node filesystem of ${clusterName} filling up`,
      description:
        "node_filesystem_utilization is the highest root filesystem use among nodes. The kubelet starts evicting pods at 85 % (imagefs/nodefs hard eviction thresholds); act before that. No data keeps the previous state.",
      severity: "ticket",
      runbookUrl: rb("node-filesystem-high"),
      threshold: 80,
      unit: "%",
      condition: ci("node_filesystem_utilization", "Maximum", 300, 2, ">", "missing"),
    },
    {
      id: "pods-crash-looping",
      component: EKS_COMPONENT,
      summary: `Containers in ${clusterName} are crash-looping`,
      description:
        "pod_container_status_waiting_reason_crash_loop_back_off (Container Insights enhanced observability) counts containers waiting in CrashLoopBackOff. A release or a dependency is broken. No data means no container is crash-looping.",
      severity: "ticket",
      runbookUrl: rb("pods-crash-looping"),
      threshold: 1,
      unit: "containers",
      condition: ci("pod_container_status_waiting_reason_crash_loop_back_off", "Maximum", 300, 3, ">=", "notBreaching"),
    },
    {
      id: "apiserver-5xx",
      component: EKS_COMPONENT,
      summary: `Kubernetes API server of ${clusterName} returns 5XX errors`,
      description:
        "apiserver_request_total_5XX (AWS/EKS, vended by EKS) counts API requests answered with a server error. Sustained errors break deployments, autoscaling and controllers; open an AWS support case if it persists. No data means no errors.",
      severity: "page",
      runbookUrl: rb("apiserver-5xx"),
      threshold: 50,
      unit: "requests per 5 minutes",
      condition: {
        kind: "native-metric",
        namespace: "AWS/EKS",
        metricName: "apiserver_request_total_5XX",
        dimensions: { ClusterName: clusterName },
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparison: ">",
        missingData: "notBreaching",
      },
    },
    {
      id: "etcd-size-high",
      component: EKS_COMPONENT,
      summary: `etcd database of ${clusterName} is approaching its 8 GiB quota`,
      description:
        "etcd_mvcc_db_total_size_in_bytes (AWS/EKS) is the etcd database size. At the 8 GiB quota etcd rejects writes and the cluster becomes read-only; the threshold is 80 % of it. Clean up objects (events, old ReplicaSets, CRs) before it is reached. No data keeps the previous state.",
      severity: "page",
      runbookUrl: rb("etcd-size-high"),
      threshold: 0.8 * 8 * 1024 ** 3,
      unit: "bytes",
      condition: {
        kind: "native-metric",
        namespace: "AWS/EKS",
        metricName: "etcd_mvcc_db_total_size_in_bytes",
        dimensions: { ClusterName: clusterName },
        statistic: "Maximum",
        periodSeconds: 300,
        evaluationPeriods: 2,
        comparison: ">",
        missingData: "missing",
      },
    },
  ];
}
