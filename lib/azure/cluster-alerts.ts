import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { azureCondition } from "./private/component-alerts";

/** Component name of the AKS cluster's alerts (runbook folder, rule names). */
export const AKS_COMPONENT = "aks-cluster";

/** Metric namespace of AKS platform metrics. */
export const AKS_NAMESPACE = "Microsoft.ContainerService/managedClusters";

/**
 * Default alerts of an AKS cluster on its platform metrics, namespace
 * `Microsoft.ContainerService/managedClusters`. The set follows the Azure
 * Monitor Baseline Alerts (AMBA) for that resource type (node CPU, node
 * working-set memory, node disk, node readiness, failed pods, autoscaler
 * health and unschedulable pods); metric names and dimensions from
 * Microsoft Learn, "Supported metrics for
 * Microsoft.ContainerService/managedClusters". Autoscaler metrics have a
 * 5-minute grain, so their alerts use 5-minute periods.
 */
export function aksClusterAlerts(runbookBaseUrl: string): AzureNativeAlert[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, AKS_COMPONENT, id);
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AzureNativeAlert => ({ ...a, component: AKS_COMPONENT, runbookUrl: rb(a.id) });
  return [
    alert({
      id: "node-cpu-high",
      summary: "AKS node CPU above threshold",
      description: "node_cpu_usage_percentage (average over the nodes) above 95 % for 15 minutes: pods are throttled and latency rises. The autoscaler adds nodes only for pending pods, not for busy ones. No data is left missing.",
      severity: "ticket",
      threshold: 95,
      unit: "%",
      condition: azureCondition(AKS_NAMESPACE, "node_cpu_usage_percentage", "Average", ">", 15),
    }),
    alert({
      id: "node-memory-high",
      summary: "AKS node memory working set at capacity",
      description: "node_memory_working_set_percentage at or above 100 % of allocatable for 15 minutes: the kubelet evicts pods and the kernel OOM-kills containers. No data is left missing.",
      severity: "ticket",
      threshold: 100,
      unit: "%",
      condition: azureCondition(AKS_NAMESPACE, "node_memory_working_set_percentage", "Average", ">=", 15),
    }),
    alert({
      id: "node-disk-high",
      summary: "AKS node OS disk nearly full",
      description: "node_disk_usage_percentage above 90 % for 15 minutes: image pulls fail and the kubelet starts evicting pods for disk pressure. No data is left missing.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      condition: azureCondition(AKS_NAMESPACE, "node_disk_usage_percentage", "Average", ">", 15),
    }),
    alert({
      id: "node-not-ready",
      summary: "AKS nodes are not ready",
      description: "kube_node_status_condition with condition=Ready, status=false above 0 for 15 minutes: nodes stopped reporting ready and their pods are being rescheduled. No data is left missing.",
      severity: "page",
      threshold: 0,
      unit: "nodes",
      condition: azureCondition(AKS_NAMESPACE, "kube_node_status_condition", "Average", ">", 15, { condition: "Ready", status: "false" }),
    }),
    alert({
      id: "pods-failed",
      summary: "Pods in Failed phase on AKS",
      description: "kube_pod_status_phase with phase=Failed above 0 for 5 minutes: containers exited with errors and were not restarted (Jobs, or pods with restartPolicy Never). No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "pods",
      condition: azureCondition(AKS_NAMESPACE, "kube_pod_status_phase", "Average", ">", 5, { phase: "Failed" }),
    }),
    alert({
      id: "unschedulable-pods",
      summary: "Pods cannot be scheduled on AKS",
      description: "cluster_autoscaler_unschedulable_pods_count above 0 for 15 minutes: the autoscaler cannot add a node for them (pool at maxNodes, quota, or no SKU capacity in a zone). No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "pods",
      condition: { ...azureCondition(AKS_NAMESPACE, "cluster_autoscaler_unschedulable_pods_count", "Average", ">", 3), periodSeconds: 300 },
    }),
    alert({
      id: "autoscaler-unhealthy",
      summary: "AKS cluster autoscaler stopped acting",
      description: "cluster_autoscaler_cluster_safe_to_autoscale below 1 for 15 minutes: too many nodes are unready and the autoscaler will neither add nor remove nodes. No data is left missing.",
      severity: "ticket",
      threshold: 1,
      unit: "",
      condition: { ...azureCondition(AKS_NAMESPACE, "cluster_autoscaler_cluster_safe_to_autoscale", "Average", "<", 3), periodSeconds: 300 },
    }),
  ];
}
