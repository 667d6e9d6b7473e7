import { AlertDefinition, Comparison, PromDuration, runbookUrl } from "../../observability/alert";
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
  readonly for: PromDuration;
}

/** Builds the default alerts of one component from their specs. */
function promAlerts(component: string, runbookBaseUrl: string, specs: readonly PromAlertSpec[]): AlertDefinition[] {
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

/** Used share (%) of each PersistentVolumeClaim of a set, from the same volume stats: one series per claim. */
export function pvcUsedPercentQuery(namespace: string, claimRegex: string): string {
  const sel = `namespace="${namespace}",persistentvolumeclaim=~"${claimRegex}"`;
  return `100 * (1 - kubelet_volume_stats_available_bytes{${sel}} / kubelet_volume_stats_capacity_bytes{${sel}})`;
}

/** One PromQL alert from its spec. */
export function promAlert(component: string, runbookBaseUrl: string, spec: PromAlertSpec): AlertDefinition {
  return promAlerts(component, runbookBaseUrl, [spec])[0];
}

/** Target-only PromQL alerts as templates (the escape hatch of a kind's bindings). */
export function promTemplates(component: string, runbookBaseUrl: string, specs: readonly PromAlertSpec[]): { readonly alert: AlertDefinition }[] {
  return promAlerts(component, runbookBaseUrl, specs).map((alert) => ({ alert }));
}

/**
 * Highest CPU use (%) of a container across pods, as a share of the CPU it
 * requests: Vigil's data pods have no CPU limit (no throttling), so their
 * reserved CPU is the ceiling a percent is taken of; a pod may burst above
 * 100 %. From cAdvisor (container_cpu_usage_seconds_total) and
 * kube-state-metrics, both scraped by kube-prometheus-stack.
 */
export function containerCpuPercentQuery(namespace: string, podRegex: string, container: string, across: Across = "max"): string {
  const sel = `namespace="${namespace}",pod=~"${podRegex}",container="${container}"`;
  return acrossPods(across, `sum by (pod) (rate(container_cpu_usage_seconds_total{${sel}}[5m])) / sum by (pod) (kube_pod_container_resource_requests{${sel},resource="cpu"})`);
}

/** How a per-pod percent is reduced: the highest pod (`max`, what an alert compares) or one series per pod (`each`, what a dashboard draws). */
type Across = "max" | "each";

/** `max(<per pod>) * 100` or `(<per pod>) * 100`. */
function acrossPods(across: Across, perPod: string): string {
  return across === "max" ? `max(${perPod}) * 100` : `(${perPod}) * 100`;
}

/** Highest memory use (%) of a container across pods: working set over its memory limit (Vigil sets limit = request). */
export function containerMemoryPercentQuery(namespace: string, podRegex: string, container: string, across: Across = "max"): string {
  const sel = `namespace="${namespace}",pod=~"${podRegex}",container="${container}"`;
  return acrossPods(across, `sum by (pod) (container_memory_working_set_bytes{${sel}}) / sum by (pod) (kube_pod_container_resource_limits{${sel},resource="memory"})`);
}

/**
 * Highest resident memory (%) of a container across pods: anonymous memory
 * (cAdvisor `container_memory_rss`: heap, off-heap buffers, thread stacks)
 * over its memory limit. Unlike the working set it leaves out the page cache
 * of memory-mapped files, which the kernel reclaims before the limit is hit:
 * for a store that maps its data files (Cassandra) the working set sits near
 * the limit while nothing is short of memory.
 */
export function containerRssPercentQuery(namespace: string, podRegex: string, container: string, across: Across = "max"): string {
  const sel = `namespace="${namespace}",pod=~"${podRegex}",container="${container}"`;
  return acrossPods(across, `sum by (pod) (container_memory_rss{${sel}}) / sum by (pod) (kube_pod_container_resource_limits{${sel},resource="memory"})`);
}

/** A PromQL alert of a canonical binding: id and severity are set by the binder, so a placeholder is given here. */
export function canonicalPromAlert(component: string, runbookBaseUrl: string, spec: Omit<PromAlertSpec, "severity">): AlertDefinition {
  return promAlert(component, runbookBaseUrl, { ...spec, severity: "ticket" });
}
