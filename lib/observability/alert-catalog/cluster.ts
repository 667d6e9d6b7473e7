import type { AlertCatalog } from "./types";

/** Canonical alerts of a Kubernetes cluster (EKS, GKE, AKS, any cluster in-cluster). */
export const CLUSTER_ALERTS = {
  "nodes-not-ready": {
    meaning: "More worker nodes than the threshold are not Ready (failed, NotReady or under pressure).",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "AWS Container Insights recommended alarm on cluster_failed_node_count (> 0); AMBA kube_node_status_condition",
  },
  "node-cpu-high": {
    meaning: "Average CPU utilization of the worker nodes above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 90,
    severity: "ticket",
    source: "AWS Container Insights recommends 80 %, AMBA 95 % for AKS nodes, GKE's allocatable utilization 90 %: Vigil uses 90 % everywhere",
  },
  "node-memory-high": {
    meaning: "Average memory utilization (working set) of the worker nodes above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 90,
    severity: "ticket",
    source: "AWS Container Insights recommends 80 %, AMBA 100 % of the working set, GKE's allocatable utilization 90 %: Vigil uses 90 % everywhere",
  },
  "node-storage-low": {
    meaning: "Free space of the fullest node's root filesystem below the threshold, as a percent.",
    unit: "percent",
    fires: "<",
    threshold: 20,
    severity: "ticket",
    source: "AWS Container Insights recommended alarm on node_filesystem_utilization (80 % used); the kubelet starts evicting pods at 10-15 % free",
  },
  "pods-crash-looping": {
    meaning: "More containers than the threshold are in CrashLoopBackOff.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "AWS Container Insights pod_container_status_waiting_reason_crash_loop_back_off; kube-prometheus-stack KubePodCrashLooping",
  },
  "pods-unschedulable": {
    meaning: "More pods than the threshold cannot be scheduled on any node (no capacity, affinity or taints).",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "EKS control plane metric scheduler_pending_pods (UNSCHEDULABLE); AKS cluster_autoscaler_unschedulable_pods_count",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical Kubernetes cluster alert. */
export type ClusterAlertId = keyof typeof CLUSTER_ALERTS;
