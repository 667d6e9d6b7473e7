import type { Construct } from "constructs";
import { deployComponentAlerts } from "../core/components/component-alerts";
import type { ServiceEndpointProps } from "../core/components/service";
import type { EnvironmentProfile } from "../core/environment";
import type { AlertDefinition } from "../observability/alert";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import { alertRuleGroups, PrometheusRuleGroup } from "../observability/prometheus-rules";
import type { KubernetesManifest, ResourceChart } from "./chart";
import { canonicalPromAlert } from "./private/alerts";
import { BLACKBOX_EXPORTER_ADDRESS, BLACKBOX_HTTPS_MODULE } from "./versions";

/** Component name of endpoint probes (runbook folder, rule group). */
const ENDPOINT_PROBE_COMPONENT = "blackbox-probe";

/**
 * The endpoint's canonical alert on the blackbox exporter's `probe_success`
 * (1 or 0 per probe): `checks-failing` is the percent of probes that passed
 * over three probes' worth of history (at least 15 minutes), below the
 * threshold AND with at least two failed probes: with three probes in the
 * window (staging, dev) one failure is already 67 %, and one failed probe is
 * not an outage. count - sum of probe_success is the number of failures.
 */
function endpointProbeAlertBindings(service: string, url: string, intervalMinutes: number, runbookBaseUrl: string): ComponentAlertBindings<"endpoint"> {
  const window = `${Math.max(15, 3 * intervalMinutes)}m`;
  const series = `probe_success{job="${probeJob(service)}"}`;
  return {
    kind: "endpoint",
    canonical: {
      "checks-failing": {
        build: (s) =>
          canonicalPromAlert(ENDPOINT_PROBE_COMPONENT, runbookBaseUrl, {
            id: "checks-failing",
            summary: `${service}: its public endpoint fails the synthetic check`,
            description: `The blackbox exporter GETs ${url} every ${intervalMinutes} min; fewer than ${s.threshold} % of the probes succeeded over the last ${window}, and at least two failed. A probe fails on a non-2xx answer, a TLS or DNS error, or no answer within 10 s. If the probe series is absent (exporter down), the SLO alerts still cover the service.`,
            threshold: s.threshold,
            unit: "%",
            query: `(100 * avg_over_time(${series}[${window}])) unless ((count_over_time(${series}[${window}]) - sum_over_time(${series}[${window}])) < 2)`,
            comparison: "<",
            for: "5m",
          }),
      },
    },
  };
}

/** Job (and Probe) name of a service's endpoint probe. */
function probeJob(service: string): string {
  return `${service}-endpoint`;
}

/** What {@link endpointProbe} built. */
interface EndpointProbe {
  /** The Prometheus Operator `Probe`. */
  readonly probe: KubernetesManifest;
  /** The deployed alerts (`checks-failing`, after the user's `endpoint.alerts`). */
  readonly alerts: readonly AlertDefinition[];
  /** Their rule groups, for the service's SLO PrometheusRule. */
  readonly ruleGroups: readonly PrometheusRuleGroup[];
  /** Bad input: the URL, the status, the overrides. */
  readonly problems: string[];
}

/**
 * The in-cluster synthetic check of a service's public endpoint: a
 * Prometheus Operator `Probe` that has the blackbox exporter GET the URL
 * every `syntheticCheckIntervalMinutes` of the profile (dev 15, staging 5,
 * prod 1 minute), labelled with the service, and its canonical alert
 * (`endpoint.alerts` overrides it), whose rule groups go into the service's
 * SLO PrometheusRule `rules` (in `namespace`). The probe is recorded in the
 * manifest as a component of kind `endpoint`.
 */
export function endpointProbe(
  scope: Construct,
  o: {
    /** The service (label `service`, the Probe's name `<service>-endpoint`). */
    readonly service: string;
    /** Namespace of the Probe and the rules. */
    readonly namespace: string;
    /** The endpoint and the user's `endpoint.alerts`. */
    readonly endpoint: ServiceEndpointProps;
    /** Environment profile: the probe interval. */
    readonly profile: EnvironmentProfile;
    /** Base URL of the runbooks. */
    readonly runbookBaseUrl: string;
    /** The chart holding the probe and the rules: the component is recorded in its stack. */
    readonly chart: ResourceChart;
    /** Name of the PrometheusRule the rule groups go into, e.g. `checkout-slos`. */
    readonly rules: string;
    /** The service's dashboard, which charts the probe. */
    readonly dashboard: string;
  },
): EndpointProbe {
  const { service, namespace, endpoint, profile } = o;
  const problems: string[] = [];
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(endpoint.url)) {
    problems.push(`\`endpoint.url\` ${JSON.stringify(endpoint.url)} is not an https URL; the probe checks the public endpoint over TLS`);
  }
  const status = endpoint.expectedStatus ?? 200;
  if (status < 200 || status > 299) {
    problems.push(`\`endpoint.expectedStatus\` is ${status}; the in-cluster probe (blackbox exporter module ${BLACKBOX_HTTPS_MODULE}) passes on any 2xx answer — probe a health URL that answers 2xx`);
  }
  const job = probeJob(service);
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
  const ruleGroups: PrometheusRuleGroup[] = [];
  // The rule groups join the service's SLO rules: validated and recorded in the manifest there.
  const deployed = deployComponentAlerts(scope, {
    target: "kubernetes",
    component: ENDPOINT_PROBE_COMPONENT,
    resourceName: job,
    description: `blackbox exporter probe of ${endpoint.url}`,
    stateful: false,
    bindings: endpointProbeAlertBindings(service, endpoint.url, intervalMinutes, o.runbookBaseUrl),
    overrides: { alerts: endpoint.alerts },
    paths: { canonical: "endpoint.alerts", targetOnly: "endpoint.kubernetes.alerts" },
    sink: {
      deploy: (_scope, alerts) => {
        ruleGroups.push(...alertRuleGroups(alerts, { service }));
        return [];
      },
    },
    dashboard: () => o.dashboard,
    record: { scope: o.chart, path: `${o.chart.node.path}/${namespace}/${o.rules}` },
  });
  problems.push(...deployed.problems);
  return { probe, alerts: deployed.alerts, ruleGroups, problems };
}
