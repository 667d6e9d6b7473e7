import { NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import { AlertTemplate, AwsAlertBindings, NativeAlert } from "./private/component-alerts";

/** Component name of the EKS cluster's alerts (runbook path, alarm names). */
export const EKS_COMPONENT = "eks-cluster";

/**
 * The canonical cluster alerts on EKS, on metrics that exist:
 * - `ContainerInsights` (published by the amazon-cloudwatch-observability
 *   add-on; node/pod metrics and, with enhanced observability, pod status
 *   metrics), dimension `ClusterName`. Source: CloudWatch User Guide,
 *   "Amazon EKS and Kubernetes Container Insights metrics"; the alarm set
 *   follows the EKS component of CloudWatch Application Insights
 *   (cluster_failed_node_count, node_cpu/memory/filesystem_utilization).
 *   Every node and pod sends one record a minute that also carries the
 *   `ClusterName` dimension set, so the cluster series holds one datapoint
 *   per node (or pod) a minute: Average is the nodes' average, Maximum the
 *   fullest node, a 1-minute Sum the cluster's total.
 * - `AWS/EKS` control-plane metrics that EKS vends for clusters on 1.28+
 *   (apiserver_request_total_5XX, scheduler_pending_pods_UNSCHEDULABLE),
 *   dimension `ClusterName`. Source: EKS User Guide, "Monitor cluster data
 *   with Amazon CloudWatch" (basic metrics), as catalogued by aws-cdk-lib's
 *   generated `EKSMetrics`.
 * Thresholds arrive in the catalog's units: percents stay percents (Container
 * Insights publishes 0-100), free storage becomes used storage
 * (`100 - threshold`, the comparison flipped). AWS-only: API server 5XX.
 */
export function eksClusterAlertBindings(clusterName: string, runbookBaseUrl: string): AwsAlertBindings<"cluster"> {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, EKS_COMPONENT, id);
  const cond = (namespace: string, metricName: string, statistic: NativeStatistic, periodSeconds: number, evaluationPeriods: number, comparison: NativeMetricCondition["comparison"], missingData: NativeMetricCondition["missingData"]): NativeMetricCondition => ({
    kind: "native-metric",
    namespace,
    metricName,
    dimensions: { ClusterName: clusterName },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const ci = (metricName: string, statistic: NativeStatistic, periodSeconds: number, evaluationPeriods: number, comparison: NativeMetricCondition["comparison"], missingData: NativeMetricCondition["missingData"]) =>
    cond("ContainerInsights", metricName, statistic, periodSeconds, evaluationPeriods, comparison, missingData);
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl" | "severity">): NativeAlert => ({ ...a, severity: "ticket", component: EKS_COMPONENT, runbookUrl: rb(a.id) });
  const targetOnly: AlertTemplate[] = [
    {
      alert: {
        id: "apiserver-5xx",
        component: EKS_COMPONENT,
        summary: `Kubernetes API server of ${clusterName} returns 5XX errors`,
        description:
          "apiserver_request_total_5XX (AWS/EKS, vended by EKS) counts API requests answered with a server error. More than 50 in 5 minutes, in 2 of 3 periods, breaks deployments, autoscaling and controllers; open an AWS support case if it persists. No data means no errors.",
        severity: "page",
        runbookUrl: rb("apiserver-5xx"),
        threshold: 50,
        unit: "requests per 5 minutes",
        condition: { ...cond("AWS/EKS", "apiserver_request_total_5XX", "Sum", 300, 3, ">", "notBreaching"), datapointsToAlarm: 2 },
      },
    },
  ];
  return {
    kind: "cluster",
    canonical: {
      "nodes-not-ready": {
        build: (s) =>
          alert({
            id: "nodes-not-ready",
            summary: `More than ${s.threshold} worker node(s) of ${clusterName} are failing`,
            description: `cluster_failed_node_count counts nodes whose kubelet reports a failure condition (NotReady, disk/memory/PID pressure); above ${s.threshold} for 15 minutes alerts. Node auto-repair replaces a node that stays NotReady (after about 30 minutes) but not one under pressure. Empty periods are not evaluated; a window without data puts the alarm in INSUFFICIENT_DATA (the CloudWatch agent is down), never OK.`,
            threshold: s.threshold,
            unit: "nodes",
            condition: ci("cluster_failed_node_count", "Maximum", 300, 3, ">", "missing"),
          }),
      },
      "node-cpu-high": {
        build: (s) =>
          alert({
            id: "node-cpu-high",
            summary: `Node CPU of ${clusterName} above ${s.threshold} %`,
            description: `node_cpu_utilization averaged over the nodes (percent of their capacity) above ${s.threshold} % for 15 minutes: the node pools are at their maximum or requests are under-declared. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.`,
            threshold: s.threshold,
            unit: "%",
            condition: ci("node_cpu_utilization", "Average", 300, 3, ">", "missing"),
          }),
      },
      "node-memory-high": {
        build: (s) =>
          alert({
            id: "node-memory-high",
            summary: `Node memory of ${clusterName} above ${s.threshold} %`,
            description: `node_memory_utilization (working set) averaged over the nodes above ${s.threshold} % of their capacity for 15 minutes. Near the limit pods get evicted or OOM-killed. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.`,
            threshold: s.threshold,
            unit: "%",
            condition: ci("node_memory_utilization", "Average", 300, 3, ">", "missing"),
          }),
      },
      "node-storage-low": {
        build: (s) =>
          alert({
            id: "node-storage-low",
            summary: `A node of ${clusterName} has less than ${s.threshold} % of its root filesystem free`,
            description: `node_filesystem_utilization of the fullest node (Maximum) above ${100 - s.threshold} % used, i.e. less than ${s.threshold} % free, for 10 minutes. The kubelet starts evicting pods at 10-15 % free (imagefs/nodefs hard eviction thresholds); act before that. A window without data puts the alarm in INSUFFICIENT_DATA, never OK.`,
            threshold: 100 - s.threshold,
            unit: "% used",
            condition: ci("node_filesystem_utilization", "Maximum", 300, 2, ">", "missing"),
          }),
      },
      "pods-crash-looping": {
        build: (s) =>
          alert({
            id: "pods-crash-looping",
            summary: `More than ${s.threshold} container(s) in ${clusterName} are crash-looping`,
            description: `pod_container_status_waiting_reason_crash_loop_back_off (Container Insights enhanced observability) is each pod's number of containers waiting in CrashLoopBackOff; every pod reports once a minute, so the 1-minute Sum is the cluster's count. Above ${s.threshold} in 12 of 15 minutes (a report that lands in the next minute leaves one empty and doubles another): a release or a dependency is broken. No data means no container is crash-looping.`,
            threshold: s.threshold,
            unit: "containers",
            condition: { ...ci("pod_container_status_waiting_reason_crash_loop_back_off", "Sum", 60, 15, ">", "notBreaching"), datapointsToAlarm: 12 },
          }),
      },
      "pods-unschedulable": {
        build: (s) =>
          alert({
            id: "pods-unschedulable",
            summary: `More than ${s.threshold} pod(s) in ${clusterName} cannot be scheduled`,
            description: `scheduler_pending_pods_UNSCHEDULABLE (AWS/EKS, vended by EKS) is the number of pods the scheduler has found no node for. Above ${s.threshold} every minute for 15 minutes: the node pools are at their maximum, or requests, affinity, taints or zone-bound volumes fit no node. The metric is a per-minute gauge, so the 1-minute Sum is its value. No data means no pending pods.`,
            threshold: s.threshold,
            unit: "pods",
            condition: cond("AWS/EKS", "scheduler_pending_pods_UNSCHEDULABLE", "Sum", 60, 15, ">", "notBreaching"),
          }),
      },
    },
    targetOnly,
  };
}
