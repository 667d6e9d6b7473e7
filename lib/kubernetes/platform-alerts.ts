import type { ComponentAlertBindings } from "../observability/alert-binding";
import { canonicalPromAlert } from "./private/alerts";
import { KSM, NODE_EXPORTER, ROOT_FS } from "./private/selectors";

/** Component name of the cluster's alerts in-cluster (runbook folder). */
export const KUBERNETES_CLUSTER_COMPONENT = "kubernetes-cluster";
/** Component name of the in-cluster platform itself, recorded with the platform alerts it cannot provide. */
export const KUBERNETES_PLATFORM_COMPONENT = "kubernetes-platform";

/**
 * The cluster's alerts on any cluster, in PromQL on the metrics
 * kube-prometheus-stack collects: kube-state-metrics (`kube_node_status_condition`,
 * `kube_pod_container_status_waiting_reason`, `kube_pod_status_unschedulable`)
 * and the node exporter (`node_cpu_seconds_total`, `node_memory_*`,
 * `node_filesystem_*`). Utilization follows the node-mixin's recording rules
 * that kube-prometheus-stack ships (`instance:node_cpu_utilisation:rate5m`:
 * idle, iowait and steal are not busy; `instance:node_memory_utilisation:ratio`:
 * 1 - MemAvailable / MemTotal). Every node the exporter runs on counts: a
 * managed cluster shows no control-plane nodes, a kind cluster's one node is
 * both. No alert of its own beyond the catalog.
 */
export function kubernetesClusterAlertBindings(runbookBaseUrl: string): ComponentAlertBindings<"cluster"> {
  const alert = (spec: Parameters<typeof canonicalPromAlert>[2]) => canonicalPromAlert(KUBERNETES_CLUSTER_COMPONENT, runbookBaseUrl, spec);
  return {
    kind: "cluster",
    canonical: {
      "nodes-not-ready": {
        build: (s) =>
          alert({
            id: "nodes-not-ready",
            summary: `More than ${s.threshold} node(s) are not Ready`,
            description: `Nodes whose Ready condition is false or unknown, or that report memory, disk or PID pressure (kube_node_status_condition), above ${s.threshold} for 15 minutes. Their pods are evicted or cannot start; the scheduler places nothing new on them.`,
            threshold: s.threshold,
            unit: "nodes",
            query: `count(max by (node) (kube_node_status_condition{${KSM},condition="Ready",status!="true"} == 1 or kube_node_status_condition{${KSM},condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"} == 1))`,
            comparison: ">",
            for: "15m",
          }),
      },
      "node-cpu-high": {
        build: (s) =>
          alert({
            id: "node-cpu-high",
            summary: `Average node CPU above ${s.threshold} %`,
            description: `CPU utilization of the nodes (node_cpu_seconds_total: 1 - the share of idle, iowait and steal time, per node), averaged over the nodes, above ${s.threshold} % for 15 minutes: the cluster is short of CPU; pods without CPU limits slow each other down and the autoscaler, if any, should add nodes.`,
            threshold: s.threshold,
            unit: "%",
            query: `avg(1 - avg by (instance) (sum by (instance, cpu) (rate(node_cpu_seconds_total{${NODE_EXPORTER},mode=~"idle|iowait|steal"}[5m])))) * 100`,
            comparison: ">",
            for: "15m",
          }),
      },
      "node-memory-high": {
        build: (s) =>
          alert({
            id: "node-memory-high",
            summary: `Average node memory above ${s.threshold} %`,
            description: `Memory in use on the nodes (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes: what the kernel cannot hand out without swapping or killing), averaged over the nodes, above ${s.threshold} % for 15 minutes. Near 100 % the kubelet evicts pods and the kernel kills processes.`,
            threshold: s.threshold,
            unit: "%",
            query: `avg(1 - node_memory_MemAvailable_bytes{${NODE_EXPORTER}} / node_memory_MemTotal_bytes{${NODE_EXPORTER}}) * 100`,
            comparison: ">",
            for: "15m",
          }),
      },
      "node-storage-low": {
        build: (s) =>
          alert({
            id: "node-storage-low",
            summary: `A node's root filesystem has less than ${s.threshold} % free`,
            description: `Lowest free share of the nodes' root filesystems (node_filesystem_avail_bytes / node_filesystem_size_bytes, mountpoint "/") below ${s.threshold} % for 10 minutes. The kubelet garbage-collects images and then evicts pods when it runs out (its default hard eviction is at 10 % free).`,
            threshold: s.threshold,
            unit: "%",
            query: `min(node_filesystem_avail_bytes{${ROOT_FS}} / node_filesystem_size_bytes{${ROOT_FS}}) * 100`,
            comparison: "<",
            for: "10m",
          }),
      },
      "pods-crash-looping": {
        build: (s) =>
          alert({
            id: "pods-crash-looping",
            summary: `More than ${s.threshold} container(s) are crash-looping`,
            description: `Containers in CrashLoopBackOff (kube_pod_container_status_waiting_reason, reason="CrashLoopBackOff", at any time in the last 5 minutes, since a crash-looping container is between restarts only part of the time) above ${s.threshold} for 15 minutes. The alert's value counts them; kube-prometheus-stack's KubePodCrashLooping names each one.`,
            threshold: s.threshold,
            unit: "containers",
            query: `sum(max_over_time(kube_pod_container_status_waiting_reason{${KSM},reason="CrashLoopBackOff"}[5m]))`,
            comparison: ">",
            for: "15m",
          }),
      },
      "pods-unschedulable": {
        build: (s) =>
          alert({
            id: "pods-unschedulable",
            summary: `More than ${s.threshold} pod(s) cannot be scheduled`,
            description: `Pods the scheduler found no node for (kube_pod_status_unschedulable: not enough CPU or memory, affinity, taints, volume zones) above ${s.threshold} for 15 minutes. Without a cluster autoscaler nothing adds nodes on its own.`,
            threshold: s.threshold,
            unit: "pods",
            query: `sum(kube_pod_status_unschedulable{${KSM}})`,
            comparison: ">",
            for: "15m",
          }),
      },
    },
  };
}

/** Why the in-cluster target has no `manual-change` alert. */
export const MANUAL_CHANGE_UNAVAILABLE =
  "The in-cluster target runs on a cluster it does not create (kind, a cluster someone else runs): it has no cloud account, project or subscription whose audit trail (CloudTrail, Cloud Audit Logs, the Azure activity log) it could watch, and the Kubernetes API server's audit log is set up by whoever runs the control plane, not through the API.";

/** The platform's own alerts in-cluster: none can be provided (see {@link MANUAL_CHANGE_UNAVAILABLE}). */
export function kubernetesPlatformAlertBindings(): ComponentAlertBindings<"platform"> {
  return { kind: "platform", canonical: { "manual-change": { unavailable: MANUAL_CHANGE_UNAVAILABLE } } };
}
