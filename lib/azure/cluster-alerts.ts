import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { AlertTemplate, AzureAlertBindings, azureCondition } from "./private/component-alerts";

/** Component name of the AKS cluster's alerts (runbook folder, rule names). */
export const AKS_COMPONENT = "aks-cluster";

/** Metric namespace of AKS platform metrics. */
export const AKS_NAMESPACE = "Microsoft.ContainerService/managedClusters";

/**
 * An AKS cluster's alerts on its platform metrics, namespace
 * `Microsoft.ContainerService/managedClusters`, after the Azure Monitor
 * Baseline Alerts (AMBA) for that resource type; metric names and dimensions
 * from Microsoft Learn, "Supported metrics for
 * Microsoft.ContainerService/managedClusters". Azure publishes percents as
 * 0-100 like the catalog; free node disk becomes used disk. Autoscaler
 * metrics have a 5-minute grain, so their alerts use 5-minute periods.
 * AKS-only: failed pods and an unhealthy autoscaler.
 */
export function aksClusterAlertBindings(runbookBaseUrl: string): AzureAlertBindings<"cluster"> {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, AKS_COMPONENT, id);
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl" | "severity">): AzureNativeAlert => ({ ...a, severity: "ticket", component: AKS_COMPONENT, runbookUrl: rb(a.id) });
  const template = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AlertTemplate => ({ alert: { ...a, component: AKS_COMPONENT, runbookUrl: rb(a.id) } });
  return {
    kind: "cluster",
    canonical: {
      "nodes-not-ready": {
        build: (s) =>
          alert({
            id: "nodes-not-ready",
            summary: `More than ${s.threshold} AKS nodes are not ready`,
            description: `kube_node_status_condition with condition=Ready, status=false above ${s.threshold} (nodes) for 15 minutes: nodes stopped reporting ready and their pods are being rescheduled. No data is left missing.`,
            threshold: s.threshold,
            unit: "nodes",
            condition: azureCondition(AKS_NAMESPACE, "kube_node_status_condition", "Average", ">", 15, { condition: "Ready", status: "false" }),
          }),
      },
      "node-cpu-high": {
        build: (s) =>
          alert({
            id: "node-cpu-high",
            summary: `AKS node CPU above ${s.threshold} %`,
            description: `node_cpu_usage_percentage (average over the nodes) above ${s.threshold} % for 15 minutes (AMBA alerts at 95 %): pods are throttled and latency rises. The autoscaler adds nodes only for pending pods, not for busy ones. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(AKS_NAMESPACE, "node_cpu_usage_percentage", "Average", ">", 15),
          }),
      },
      "node-memory-high": {
        build: (s) =>
          alert({
            id: "node-memory-high",
            summary: `AKS node memory working set above ${s.threshold} %`,
            description: `node_memory_working_set_percentage above ${s.threshold} % of allocatable for 15 minutes (AMBA alerts at 100 %): near 100 % the kubelet evicts pods and the kernel OOM-kills containers. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(AKS_NAMESPACE, "node_memory_working_set_percentage", "Average", ">", 15),
          }),
      },
      "node-storage-low": {
        build: (s) =>
          alert({
            id: "node-storage-low",
            summary: `AKS node OS disk has less than ${s.threshold} % free`,
            description: `node_disk_usage_percentage above ${100 - s.threshold} %, i.e. less than ${s.threshold} % free, for 15 minutes: image pulls fail and the kubelet starts evicting pods for disk pressure. No data is left missing.`,
            threshold: 100 - s.threshold,
            unit: "%",
            condition: azureCondition(AKS_NAMESPACE, "node_disk_usage_percentage", "Average", ">", 15),
          }),
      },
      "pods-crash-looping": {
        unavailable:
          "AKS platform metrics carry no container waiting reason (only kube_pod_status_phase and kube_pod_status_ready); the failed-pods alert covers pods that stop, and kube-prometheus-stack's KubePodCrashLooping covers crash loops where it runs in the cluster",
      },
      "pods-unschedulable": {
        build: (s) =>
          alert({
            id: "pods-unschedulable",
            summary: `More than ${s.threshold} pods cannot be scheduled on AKS`,
            description: `cluster_autoscaler_unschedulable_pods_count above ${s.threshold} for 15 minutes: the autoscaler cannot add a node for them (pool at maxNodes, quota, or no SKU capacity in a zone). No data is left missing.`,
            threshold: s.threshold,
            unit: "pods",
            condition: { ...azureCondition(AKS_NAMESPACE, "cluster_autoscaler_unschedulable_pods_count", "Average", ">", 3), periodSeconds: 300 },
          }),
      },
    },
    targetOnly: [
      template({
        id: "pods-failed",
        summary: "Pods in Failed phase on AKS",
        description: "kube_pod_status_phase with phase=Failed above 0 for 5 minutes: containers exited with errors and were not restarted (Jobs, or pods with restartPolicy Never). No data is left missing.",
        severity: "ticket",
        threshold: 0,
        unit: "pods",
        condition: azureCondition(AKS_NAMESPACE, "kube_pod_status_phase", "Average", ">", 5, { phase: "Failed" }),
      }),
      template({
        id: "autoscaler-unhealthy",
        summary: "AKS cluster autoscaler stopped acting",
        description: "cluster_autoscaler_cluster_safe_to_autoscale below 1 for 15 minutes: too many nodes are unready and the autoscaler will neither add nor remove nodes. No data is left missing.",
        severity: "ticket",
        threshold: 1,
        unit: "",
        condition: { ...azureCondition(AKS_NAMESPACE, "cluster_autoscaler_cluster_safe_to_autoscale", "Average", "<", 3), periodSeconds: 300 },
      }),
    ],
  };
}
