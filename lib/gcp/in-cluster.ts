import type { KubernetesManifest } from "../kubernetes/for-clouds";
import type { GcpRecordingRules } from "./platform";

/**
 * Storage class of the in-cluster data volumes on GKE: SSD persistent disks
 * through the Compute Engine persistent disk CSI driver, which GKE installs
 * (`premium-rwo`, `WaitForFirstConsumer`, so a volume lands in its pod's zone).
 */
export const GKE_DATA_STORAGE_CLASS = "premium-rwo";

/**
 * A service's SLO recording rules as a Managed Service for Prometheus
 * `ClusterRules` object (monitoring.googleapis.com/v1, cluster-scoped: the
 * rules see the whole cluster's metrics, and the recorded series are written
 * back to Monarch, where the PromQL alert policies read them). Same
 * `spec.groups` shape as a PrometheusRule.
 */
export function gmpClusterRules(rules: GcpRecordingRules): KubernetesManifest {
  return {
    apiVersion: "monitoring.googleapis.com/v1",
    kind: "ClusterRules",
    metadata: { name: `${rules.service}-slo-recording` },
    spec: {
      groups: rules.groups.map((g) => ({ name: g.name, ...(g.interval ? { interval: g.interval } : {}), rules: g.rules.map((r) => ({ ...r })) })),
    },
  };
}
