import { AlertDefinition, Comparison, runbookUrl } from "../../observability/alert";
import type { Severity } from "../../observability/severity";

/** The fields of one default PromQL alert. */
export interface PromAlertSpec {
  readonly id: string;
  readonly summary: string;
  readonly description: string;
  readonly severity: Severity;
  readonly threshold: number;
  readonly unit: string;
  readonly query: string;
  readonly comparison: Comparison;
  readonly for: string;
}

/** Builds the default alerts of one component from their specs. */
export function promAlerts(component: string, runbookBaseUrl: string, specs: readonly PromAlertSpec[]): AlertDefinition[] {
  return specs.map((s) => ({
    id: s.id,
    component,
    summary: s.summary,
    description: s.description,
    severity: s.severity,
    runbookUrl: runbookUrl(runbookBaseUrl, component, s.id),
    threshold: s.threshold,
    unit: s.unit,
    condition: { kind: "promql", query: s.query, comparison: s.comparison, for: s.for },
  }));
}

/**
 * Lowest free share (%) of a set of PersistentVolumeClaims, from the
 * kubelet's volume stats scraped by kube-prometheus-stack.
 */
export function pvcFreePercentQuery(namespace: string, claimRegex: string): string {
  const sel = `namespace="${namespace}",persistentvolumeclaim=~"${claimRegex}"`;
  return `min(kubelet_volume_stats_available_bytes{${sel}} / kubelet_volume_stats_capacity_bytes{${sel}}) * 100`;
}
