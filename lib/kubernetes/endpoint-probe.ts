import type { ServiceEndpointProps } from "../core/components/service";
import type { EnvironmentProfile } from "../core/environment";
import { AlertDefinition, runbookUrl } from "../observability/alert";
import type { KubernetesManifest } from "./chart";
import { BLACKBOX_EXPORTER_ADDRESS, BLACKBOX_HTTPS_MODULE } from "./versions";

/** Component name of endpoint probes (runbook folder, rule group). */
export const ENDPOINT_PROBE_COMPONENT = "blackbox-probe";

/**
 * The in-cluster synthetic check of a service's public endpoint: a
 * Prometheus Operator `Probe` that has the blackbox exporter GET the URL
 * every `syntheticCheckIntervalMinutes` of the profile (dev 15, staging 5,
 * prod 1 minute), labelled with the service, and its alert.
 */
export function endpointProbe(
  service: string,
  namespace: string,
  endpoint: ServiceEndpointProps,
  profile: EnvironmentProfile,
  runbookBaseUrl: string,
): { probe: KubernetesManifest; alert: AlertDefinition; problems: string[] } {
  const problems: string[] = [];
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(endpoint.url)) {
    problems.push(`\`endpoint.url\` ${JSON.stringify(endpoint.url)} is not an https URL; the probe checks the public endpoint over TLS`);
  }
  const status = endpoint.expectedStatus ?? 200;
  if (status < 200 || status > 299) {
    problems.push(`\`endpoint.expectedStatus\` is ${status}; the in-cluster probe (blackbox exporter module ${BLACKBOX_HTTPS_MODULE}) passes on any 2xx answer — probe a health URL that answers 2xx`);
  }
  const job = `${service}-endpoint`;
  const intervalMinutes = profile.syntheticCheckIntervalMinutes;
  const probe: KubernetesManifest = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "Probe",
    metadata: { name: job, namespace },
    spec: {
      jobName: job,
      interval: `${intervalMinutes}m`,
      module: BLACKBOX_HTTPS_MODULE,
      prober: { url: BLACKBOX_EXPORTER_ADDRESS },
      targets: { staticConfig: { static: [endpoint.url], labels: { service } } },
    },
  };
  // Three probes' worth of history, at least 15 minutes. Below 90 % successful probes AND at least
  // two failed probes: with three probes in the window (staging, dev) one failure is already 67 %,
  // and one failed probe is not an outage. count - sum of probe_success is the number of failures.
  const window = `${Math.max(15, 3 * intervalMinutes)}m`;
  const series = `probe_success{job="${job}"}`;
  const query = `(100 * avg_over_time(${series}[${window}])) unless ((count_over_time(${series}[${window}]) - sum_over_time(${series}[${window}])) < 2)`;
  const alert: AlertDefinition = {
    id: "endpoint-failing",
    component: ENDPOINT_PROBE_COMPONENT,
    summary: `${service}: its public endpoint fails the synthetic check`,
    description: `The blackbox exporter GETs ${endpoint.url} every ${intervalMinutes} min; fewer than the threshold of probes succeeded over the last ${window}, and at least two failed. A probe fails on a non-2xx answer, a TLS or DNS error, or no answer within 10 s. If the probe series is absent (exporter down), the SLO alerts still cover the service.`,
    severity: "page",
    runbookUrl: runbookUrl(runbookBaseUrl, ENDPOINT_PROBE_COMPONENT, "endpoint-failing"),
    threshold: 90,
    unit: "%",
    condition: { kind: "promql", query, comparison: "<", for: "5m" },
  };
  return { probe, alert, problems };
}
