import type { ComponentAlertBindings } from "../observability/alert-binding";
import type { InClusterDashboardBindings } from "./dashboard-panels";
import { canonicalPromAlert } from "./private/alerts";

/** Component name of a service's edge in-cluster (runbook folder). */
export const EDGE_COMPONENT = "edge-envoy-gateway";

/** Where an edge's Envoy metrics are: its Gateway, the labels the PodMonitor copies from Envoy Gateway's pod labels. */
export interface EdgeMetricsScope {
  /** Gateway name. */
  readonly gateway: string;
  /** Gateway namespace. */
  readonly namespace: string;
  /** cert-manager Certificate of the edge (same namespace). */
  readonly certificate: string;
}

/**
 * The selector of one Gateway's Envoy series on its HTTPS listener: the
 * PodMonitor labels each series with the owning Gateway (`gateway`,
 * `gateway_namespace`), and Envoy Gateway names the HTTPS listener's
 * connection manager `https-<port>` (443 becomes 10443 in the pod).
 */
export function edgeSelector(s: EdgeMetricsScope): string {
  return `gateway="${s.gateway}",gateway_namespace="${s.namespace}",envoy_http_conn_manager_prefix=~"https-[0-9]+"`;
}

/** Requests per second the edge answered over 5 minutes. */
function requestsQuery(sel: string): string {
  return `sum(rate(envoy_http_downstream_rq_total{${sel}}[5m]))`;
}

/** Percent of the edge's answers that were 5xx, from Envoy's response-code classes (the edge's own and the backend's). */
function errorsPercentQuery(sel: string): string {
  return `100 * sum(rate(envoy_http_downstream_rq_xx{${sel},envoy_response_code_class="5"}[5m])) / sum(rate(envoy_http_downstream_rq_xx{${sel}}[5m]))`;
}

/** p99 of the time to answer, backend included, in seconds: Envoy's histogram counts milliseconds. */
function latencyP99Query(sel: string): string {
  return `histogram_quantile(0.99, sum by (le) (rate(envoy_http_downstream_rq_time_bucket{${sel}}[5m]))) / 1000`;
}

/**
 * Requests the WAF interrupted per second: coraza-proxy-wasm's counter
 * `waf_filter_tx_interruptions` (the `rule_id` and `phase` tags extracted by
 * the EnvoyProxy's bootstrap `stats_tags`), on the Gateway's Envoy pods.
 */
function wafBlockedQuery(s: EdgeMetricsScope): string {
  return `sum(rate(waf_filter_tx_interruptions{gateway="${s.gateway}",gateway_namespace="${s.namespace}"}[5m]))`;
}

/**
 * The edge's canonical alerts, in PromQL on Envoy's own statistics (scraped
 * from every Envoy of the Gateway on port 19001), coraza-proxy-wasm's
 * interruption counter and cert-manager's certificate expiry. DDoS: no
 * in-cluster signal.
 */
export function edgeAlertBindings(service: string, s: EdgeMetricsScope, runbookBaseUrl: string): ComponentAlertBindings<"edge"> {
  const sel = edgeSelector(s);
  const alert = (spec: Parameters<typeof canonicalPromAlert>[2]) => canonicalPromAlert(EDGE_COMPONENT, runbookBaseUrl, spec);
  return {
    kind: "edge",
    canonical: {
      "errors-high": {
        build: (t) =>
          alert({
            id: "errors-high",
            summary: `${service}'s edge answers more than ${t.threshold} % of requests with 5xx`,
            description: `Share of the requests on Gateway ${s.namespace}/${s.gateway}'s HTTPS listener answered 5xx (envoy_http_downstream_rq_xx, class 5: Envoy's own answers and the backend's), over 5 minutes, above ${t.threshold} % for 5 minutes.`,
            threshold: t.threshold,
            unit: "%",
            query: errorsPercentQuery(sel),
            comparison: ">",
            for: "5m",
          }),
      },
      "latency-high": {
        build: (t) =>
          alert({
            id: "latency-high",
            summary: `${service}'s edge p99 latency above ${t.threshold} s`,
            description: `99th percentile of the time Envoy took to answer on Gateway ${s.namespace}/${s.gateway}'s HTTPS listener, backend included (envoy_http_downstream_rq_time, milliseconds, divided by 1000), over 5 minutes, above ${t.threshold} s for 10 minutes.`,
            threshold: t.threshold,
            unit: "s",
            query: latencyP99Query(sel),
            comparison: ">",
            for: "10m",
          }),
      },
      "waf-blocked-high": {
        build: (t) =>
          alert({
            id: "waf-blocked-high",
            summary: `${service}'s WAF blocks more than ${t.threshold} requests per second`,
            description: `Requests the OWASP CRS rules interrupted on Gateway ${s.namespace}/${s.gateway} (coraza-proxy-wasm waf_filter_tx_interruptions; rule_id says which rule), per second over 5 minutes, above ${t.threshold} for 10 minutes: an attack, or a rule blocking real users (exclude it with edge.kubernetes.excludedRules).`,
            threshold: t.threshold,
            unit: "req/s",
            query: wafBlockedQuery(s),
            comparison: ">",
            for: "10m",
          }),
      },
      "certificate-expiring": {
        build: (t) =>
          alert({
            id: "certificate-expiring",
            summary: `${service}'s edge certificate expires in less than ${t.threshold / 86400} days`,
            description: `cert-manager Certificate ${s.namespace}/${s.certificate} (certmanager_certificate_expiration_timestamp_seconds) expires in fewer than ${t.threshold} seconds: its renewal failed (cert-manager renews at two thirds of the lifetime). kubectl -n ${s.namespace} describe certificate ${s.certificate}.`,
            threshold: t.threshold,
            unit: "s",
            query: `min(certmanager_certificate_expiration_timestamp_seconds{name="${s.certificate}",namespace="${s.namespace}"}) - time()`,
            comparison: "<",
            for: "1h",
          }),
      },
      "ddos-detected": {
        unavailable:
          "an in-cluster edge has no DDoS detection: Envoy Gateway and Coraza publish no attack signal, and volumetric attacks are absorbed (or not) by the network in front of the cluster; the per-client rate limit and waf-blocked-high are what the cluster sees",
      },
    },
  };
}

const q = (expr: string, legend?: string): { query: { expr: string; legend?: string } } => ({ query: { expr, ...(legend ? { legend } : {}) } });

/** The edge's golden-signal panels, the alerts' series. */
export function edgePanels(s: EdgeMetricsScope): InClusterDashboardBindings<"edge"> {
  const sel = edgeSelector(s);
  return {
    kind: "edge",
    panels: {
      "latency-p99": q(latencyP99Query(sel)),
      requests: q(requestsQuery(sel)),
      "errors-5xx": q(errorsPercentQuery(sel)),
      "waf-blocked": q(`sum by (rule_id) (rate(waf_filter_tx_interruptions{gateway="${s.gateway}",gateway_namespace="${s.namespace}"}[5m]))`, "rule {{rule_id}}"),
    },
  };
}
