import { GCP_METRIC_CATALOG, promqlName } from "../metric-catalog";

/**
 * A PromQL series selector on Cloud Monitoring data: the catalogued metric's
 * PromQL name and the matchers given (`cluster_name="c"`, `status!="True"`).
 * A Cloud Monitoring system metric also matches its monitored resource type
 * (`monitored_resource="k8s_node"`), as Google's PromQL mapping advises for
 * metrics written against more than one; a Managed Service for Prometheus
 * metric (`prometheus_target`) is selected by its name alone.
 */
export function promSelector(metricType: string, matchers: readonly string[]): string {
  const name = promqlName(metricType);
  const resource = GCP_METRIC_CATALOG[metricType].resource;
  const all = resource === "prometheus_target" ? matchers : [`monitored_resource="${resource}"`, ...matchers];
  return `${name}{${all.join(", ")}}`;
}
