import { runbookUrl } from "../observability/alert";
import type { GcpAlertDefinition } from "./alert-policy";
import { promqlName } from "./metric-catalog";
import type { GcpAlertBindings, GcpDashboardBindings } from "./private/component-alerts";
import { promSelector } from "./private/promql";

/** Component name of the edge's alerts (runbook folder): a GKE Gateway's load balancer and its Cloud Armor policy. */
export const GKE_GATEWAY_EDGE_COMPONENT = "gke-gateway-edge";

const DAY = 86400;

/** Why GCP has no `ddos-detected` alert Vigil can bind. */
const NO_DDOS_SIGNAL =
  "Cloud Armor Adaptive Protection (switched on in the edge's policy) reports a suspected layer-7 DDoS attack as an event in its dashboard, a Cloud Logging entry and a Security Command Center finding, but publishes no Cloud Monitoring metric, and its documentation (Adaptive Protection overview) names no log name or payload field a log-match policy could select; the full alert (attack signature, suggested rule) also needs a Cloud Armor Enterprise subscription. waf-blocked-high and errors-high see the attack's effect";

/** Where the edge's metrics come from: its load balancer (by the URL map GKE names after the Gateway), its Cloud Armor policy, its host's uptime check. */
export interface GcpEdgeSignals {
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The Gateway's name. */
  readonly gateway: string;
  /** The Cloud Armor policy's name. */
  readonly policyName: string;
  /** The public host name (the uptime check's `host`). */
  readonly hostname: string;
}

/**
 * The PromQL matcher of the Gateway's load balancer: GKE names the URL map
 * of a Gateway `gkegw1-<hash>-<namespace>-<gateway>-<hash>`, so the
 * `https_lb_rule` series of this Gateway are the ones whose `url_map_name`
 * carries its namespace and name between the hashes.
 */
export function gatewayUrlMapMatcher(s: Pick<GcpEdgeSignals, "namespace" | "gateway">): string {
  return `url_map_name=~"gkegw1-[a-z0-9]+-${s.namespace}-${s.gateway}-[a-z0-9]+"`;
}

/** PromQL: percent of the load balancer's requests answered 5xx over 5 minutes. */
function edgeErrorPercentQuery(s: GcpEdgeSignals): string {
  const lb = gatewayUrlMapMatcher(s);
  const requests = (m: string[]) => `sum(rate(${promSelector("loadbalancing.googleapis.com/https/request_count", m)}[5m]))`;
  return `100 * ${requests([lb, 'response_code_class="500"'])} / ${requests([lb])}`;
}

/** PromQL: the 99th percentile of the load balancer's total latency over 5 minutes, in seconds (the metric is in milliseconds). */
function edgeLatencyP99Query(s: GcpEdgeSignals): string {
  const buckets = `${promqlName("loadbalancing.googleapis.com/https/total_latencies")}_bucket{monitored_resource="https_lb_rule", ${gatewayUrlMapMatcher(s)}}`;
  return `histogram_quantile(0.99, sum by (le) (rate(${buckets}[5m]))) / 1000`;
}

/**
 * The edge's alerts on GCP, bound to the canonical edge catalog. Sources:
 * Cloud Monitoring metrics list, `loadbalancing.googleapis.com/https/request_count`
 * (DELTA, metric label `response_code_class`, 500 for every 5xx) and
 * `https/total_latencies` (distribution, ms) on `https_lb_rule`; Cloud
 * Armor's `networksecurity.googleapis.com/https/request_count` on
 * `network_security_policy` (label `policy_name`, metric label `blocked`);
 * the uptime check's `monitoring.googleapis.com/uptime_check/time_until_ssl_cert_expires`
 * (days) on `uptime_url` (label `host`). Ratios and percentiles are PromQL.
 */
export function gcpEdgeAlertBindings(s: GcpEdgeSignals, runbookBaseUrl: string): GcpAlertBindings<"edge"> {
  const alert = (a: Omit<GcpAlertDefinition, "component" | "runbookUrl" | "severity">): GcpAlertDefinition => ({
    ...a,
    severity: "ticket",
    component: GKE_GATEWAY_EDGE_COMPONENT,
    runbookUrl: runbookUrl(runbookBaseUrl, GKE_GATEWAY_EDGE_COMPONENT, a.id),
  });
  return {
    kind: "edge",
    canonical: {
      "errors-high": {
        build: (t) =>
          alert({
            id: "errors-high",
            summary: `More than ${t.threshold} % of the requests to ${s.hostname} answered 5xx`,
            description: `Over 5 minutes, the share of the Gateway ${s.namespace}/${s.gateway}'s load balancer requests (loadbalancing.googleapis.com/https/request_count) with response_code_class 500 was above ${t.threshold} %: the backend failing, or the load balancer finding no healthy backend. No traffic gives no value, which is not an alert.`,
            threshold: t.threshold,
            unit: "percent",
            condition: { kind: "promql", query: edgeErrorPercentQuery(s), comparison: ">", for: "5m" },
          }),
      },
      "latency-high": {
        build: (t) =>
          alert({
            id: "latency-high",
            summary: `p99 latency of ${s.hostname} above ${t.threshold} s`,
            description: `The 99th percentile of loadbalancing.googleapis.com/https/total_latencies (client to load balancer to backend and back, ms, shown in seconds) over 5 minutes above ${t.threshold} s for 5 minutes.`,
            threshold: t.threshold,
            unit: "seconds",
            condition: { kind: "promql", query: edgeLatencyP99Query(s), comparison: ">", for: "5m" },
          }),
      },
      "waf-blocked-high": {
        build: (t) =>
          alert({
            id: "waf-blocked-high",
            summary: `Cloud Armor policy ${s.policyName} blocks more than ${t.threshold} requests per second`,
            description: `networksecurity.googleapis.com/https/request_count with blocked = true for policy ${s.policyName}, summed and averaged over 5 minutes (ALIGN_RATE over 300 s), above ${t.threshold} per second: an attack, or a rule blocking real users (the load balancer's logs name the rule: jsonPayload.enforcedSecurityPolicy).`,
            threshold: t.threshold,
            unit: "requests/s",
            condition: {
              kind: "native-metric",
              namespace: "network_security_policy",
              metricName: "networksecurity.googleapis.com/https/request_count",
              dimensions: { "resource.labels.policy_name": s.policyName, "metric.labels.blocked": "true" },
              statistic: "ALIGN_RATE",
              periodSeconds: 300,
              evaluationPeriods: 1,
              comparison: ">",
              missingData: "notBreaching",
            },
            crossSeries: { reducer: "REDUCE_SUM", groupBy: [] },
          }),
      },
      "certificate-expiring": {
        // The catalog counts seconds in whole days; the uptime check reports days.
        build: (t) =>
          alert({
            id: "certificate-expiring",
            summary: `The TLS certificate of ${s.hostname} expires in fewer than ${t.threshold / DAY} days`,
            description: `monitoring.googleapis.com/uptime_check/time_until_ssl_cert_expires of the uptime checks of host ${s.hostname} (the service's synthetic check through the edge), the lowest over the checker regions, below ${t.threshold / DAY} days: Certificate Manager renews a Google-managed certificate about 30 days before expiry, so its renewal failed (DNS authorization record gone, CAA record). No check of that host reports nothing.`,
            threshold: t.threshold / DAY,
            unit: "days",
            condition: {
              kind: "native-metric",
              namespace: "uptime_url",
              metricName: "monitoring.googleapis.com/uptime_check/time_until_ssl_cert_expires",
              dimensions: { "resource.labels.host": s.hostname },
              statistic: "ALIGN_MIN",
              periodSeconds: 900,
              evaluationPeriods: 1,
              comparison: "<",
              missingData: "missing",
            },
            crossSeries: { reducer: "REDUCE_MIN", groupBy: ["resource.label.host"] },
          }),
      },
      "ddos-detected": { unavailable: NO_DDOS_SIGNAL },
    },
  };
}

/** The edge's golden-signal panels: the load balancer's p99 latency, requests per second and 5xx percent, and Cloud Armor's blocked requests per second. */
export function gcpEdgePanels(s: GcpEdgeSignals): GcpDashboardBindings<"edge"> {
  return {
    kind: "edge",
    panels: {
      "latency-p99": { query: { kind: "promql", query: edgeLatencyP99Query(s) } },
      requests: { query: { kind: "promql", query: `sum(rate(${promSelector("loadbalancing.googleapis.com/https/request_count", [gatewayUrlMapMatcher(s)])}[5m]))` } },
      "errors-5xx": { query: { kind: "promql", query: edgeErrorPercentQuery(s) } },
      "waf-blocked": {
        query: {
          kind: "filter",
          resourceType: "network_security_policy",
          metricType: "networksecurity.googleapis.com/https/request_count",
          filters: { "resource.labels.policy_name": s.policyName, "metric.labels.blocked": "true" },
          aligner: "ALIGN_RATE",
        },
      },
    },
  };
}
