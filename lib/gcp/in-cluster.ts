import type { KubernetesManifest, ResourceChart } from "../kubernetes/chart";
import type { InClusterBackups } from "../kubernetes/context";
import type { GcpRecordingRules } from "./platform";

/**
 * Storage class of the in-cluster data volumes on GKE: SSD persistent disks
 * through the Compute Engine persistent disk CSI driver, which GKE installs
 * (`premium-rwo`, `WaitForFirstConsumer`, so a volume lands in its pod's zone).
 */
export const GKE_DATA_STORAGE_CLASS = "premium-rwo";

/** Where the in-cluster components of a GCP platform go (the `<env>-gcp-platform` stack's chart). */
export interface GcpInClusterProps {
  /** Chart of the stack that reaches the GKE cluster through the Kubernetes and Helm providers. */
  readonly chart: ResourceChart;
  /** Storage class of the data volumes. @default "premium-rwo" */
  readonly storageClassName?: string;
  /** Backups of Cassandra (Medusa, e.g. to GCS with provider "gcs"). @default - none; a warning outside dev */
  readonly backups?: InClusterBackups;
}

/** A namespace object for the chart: Helm creates namespaces before the objects in them. */
export function namespaceManifest(name: string, labels: Readonly<Record<string, string>>): KubernetesManifest {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

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
