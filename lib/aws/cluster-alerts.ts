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
 *   (apiserver_request_total_5XX, scheduler_pending_pods_UNSCHEDULABLE),
 *   dimension `ClusterName`. Source: EKS User Guide, "Monitor cluster data
 *   with Amazon CloudWatch" (basic metrics), as catalogued by aws-cdk-lib's
 *   generated `EKSMetrics`.
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
        "cluster_failed_node_count counts nodes whose kubelet reports a failure condition (NotReady, disk/memory/PID pressure). Node auto-repair replaces a node that stays NotReady (after about 30 minutes) but not one under pressure, so a human looks after 15 minutes. Empty periods are not evaluated; a window without data puts the alarm in INSUFFICIENT_DATA (the CloudWatch agent is down), never OK.",
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
        "node_cpu_utilization is the cluster-wide average CPU use of the nodes as a share of their capacity. Sustained high CPU means the node pools are at their maximum or requests are under-declared. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.",
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
        "node_memory_utilization is the cluster-wide average working-set memory of the nodes as a share of their capacity. Above this pods get evicted or OOM-killed. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.",
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
        "node_filesystem_utilization is the highest root filesystem use among nodes. The kubelet starts evicting pods at 85 % (imagefs/nodefs hard eviction thresholds); act before that. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.",
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
      id: "pods-unschedulable",
      component: EKS_COMPONENT,
      summary: `Pods in ${clusterName} cannot be scheduled`,
      description:
        "scheduler_pending_pods_UNSCHEDULABLE (AWS/EKS, vended by EKS) is the number of pods the scheduler has found no node for. Lasting 15 minutes it means the node pools are at their maximum, or requests, affinity, taints or zone-bound volumes fit no node. The metric is a per-minute gauge, so the 1-minute Sum is its value. No data means no pending pods.",
      severity: "ticket",
      runbookUrl: rb("pods-unschedulable"),
      threshold: 0,
      unit: "pods",
      condition: {
        kind: "native-metric",
        namespace: "AWS/EKS",
        metricName: "scheduler_pending_pods_UNSCHEDULABLE",
        dimensions: { ClusterName: clusterName },
        statistic: "Sum",
        periodSeconds: 60,
        evaluationPeriods: 15,
        comparison: ">",
        missingData: "notBreaching",
      },
    },
  ];
}
