import type { EdgeSloProps, PrometheusSloProps } from "../observability/slo";
import { EdgeMetricsScope, edgeSelector } from "./edge-alerts";

/** Seconds as Envoy's milliseconds, without floating-point residue (0.025 → 25). */
function milliseconds(seconds: number): number {
  return Math.round(seconds * 1000 * 1e6) / 1e6;
}

/**
 * An edge SLO as a Prometheus SLO over the Envoys of the service's Gateway
 * (HTTPS listener, as the edge's alerts select them), so the shared `Slo`
 * rules (recording rules per window, budget remaining, page and ticket
 * multi-window burn-rate alerts gated on the request rate) evaluate it:
 * - `errors`: bad = `envoy_http_downstream_rq_xx` class 5 (Envoy's own
 *   5xx, the WAF failing closed, and the backend's), total = every class of
 *   `envoy_http_downstream_rq_xx` (every request answered);
 * - `latency`: bad = answered slower than the threshold, from the histogram
 *   `envoy_http_downstream_rq_time` (milliseconds): count − bucket `le` =
 *   threshold × 1000: the core allows only Envoy's default bucket bounds
 *   (`EDGE_LATENCY_THRESHOLDS_SECONDS`), so the bucket exists.
 */
export function edgePrometheusSlo(slo: EdgeSloProps, scope: EdgeMetricsScope): PrometheusSloProps {
  const sel = edgeSelector(scope);
  const { sli, ...rest } = slo;
  const where = `${scope.namespace}/${scope.gateway}`;
  if (sli.measure === "errors") {
    return {
      ...rest,
      sli: { kind: "ratio", errors: `envoy_http_downstream_rq_xx{${sel},envoy_response_code_class="5"}`, total: `envoy_http_downstream_rq_xx{${sel}}` },
      description: slo.description ?? `${slo.objective} % of ${slo.service} requests at the edge (Envoy Gateway ${where}) are answered without a 5xx`,
    };
  }
  const ms = milliseconds(sli.thresholdSeconds ?? NaN);
  return {
    ...rest,
    // Envoy's histogram counts milliseconds: the bucket bound is the threshold in ms (Slo matches `le` as written).
    sli: { kind: "latency", histogram: "envoy_http_downstream_rq_time", matchers: sel, thresholdSeconds: ms },
    description: slo.description ?? `${slo.objective} % of ${slo.service} requests at the edge (Envoy Gateway ${where}) are answered within ${ms} ms`,
  };
}
