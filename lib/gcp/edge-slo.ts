import { runbookUrl } from "../observability/alert";
import { burnRateWindows } from "../observability/burn-rate";
import type { EdgeSloProps } from "../observability/slo";
import type { GcpAlertDefinition } from "./alert-policy";
import { gatewayUrlMapMatcher, GcpEdgeSignals } from "./edge-alerts";
import { promqlName } from "./metric-catalog";
import { promSelector } from "./private/promql";

/**
 * Upper bounds (ms) of the finite buckets of the load balancer's latency
 * distributions: exponential, scale 1 ms, growth factor √2, 64 finite
 * buckets (the `bucketOptions` Cloud Monitoring returns with the points of
 * `loadbalancing.googleapis.com/https/*_latencies`; Google's slo-generator,
 * "How to define a latency SLI-SLO from an exponential distribution
 * metric"). Bucket i (1..64) ends at √2^i ms; the underflow bucket at 1 ms.
 */
export const LB_LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 65 }, (_, i) => Math.pow(2, i / 2));

/** The bucket bounds around a threshold: itself when it is one, else the nearest below and above. */
export function lbLatencyBoundsAround(thresholdMs: number): { lower: number; upper: number } {
  const exact = LB_LATENCY_BOUNDS_MS.find((b) => Math.abs(b - thresholdMs) <= 1e-9 * b);
  if (exact !== undefined) return { lower: exact, upper: exact };
  const upperIndex = LB_LATENCY_BOUNDS_MS.findIndex((b) => b > thresholdMs);
  if (upperIndex <= 0) throw new Error(`lbLatencyBoundsAround: ${thresholdMs} ms is outside the load balancer's buckets (1 ms to ${LB_LATENCY_BOUNDS_MS[64]} ms)`);
  return { lower: LB_LATENCY_BOUNDS_MS[upperIndex - 1], upper: LB_LATENCY_BOUNDS_MS[upperIndex] };
}

/**
 * The `le` matcher of a bucket bound, however the value is printed: a
 * whole bound (a power of 2: `256`, `256.0`) or a fractional one by its
 * integer part and a non-zero fraction (`362.03867196751236`, `362.039`),
 * which no other bound shares (consecutive bounds differ by more than 1
 * from 2.83 ms on, and 1.41 and 2.83 are the only fractional bounds below).
 */
export function lbLatencyLeMatcher(boundMs: number): string {
  if (Number.isInteger(boundMs)) return `le=~"${boundMs}(\\\\.0+)?"`;
  return `le=~"${Math.floor(boundMs)}\\\\.[0-9]*[1-9][0-9]*"`;
}

/** PromQL: requests per second the edge answered over `window` (all, or 5xx only). */
function edgeRequestRate(s: GcpEdgeSignals, window: string, only5xx = false): string {
  const matchers = [gatewayUrlMapMatcher(s), ...(only5xx ? ['response_code_class="500"'] : [])];
  return `sum(rate(${promSelector("loadbalancing.googleapis.com/https/request_count", matchers)}[${window}]))`;
}

/**
 * PromQL: requests per second the edge answered within `thresholdSeconds`
 * over `window`, from the cumulative buckets of `https/total_latencies`: the
 * bucket ending at the threshold when it is a bound, else interpolated
 * linearly between the bounds around it (as `histogram_quantile` assumes
 * inside a bucket).
 */
export function edgeFastRate(s: GcpEdgeSignals, thresholdSeconds: number, window: string): string {
  const bucket = (bound: number) =>
    `sum(rate(${promqlName("loadbalancing.googleapis.com/https/total_latencies")}_bucket{monitored_resource="https_lb_rule", ${gatewayUrlMapMatcher(s)}, ${lbLatencyLeMatcher(bound)}}[${window}]))`;
  const ms = thresholdSeconds * 1000;
  const { lower, upper } = lbLatencyBoundsAround(ms);
  if (lower === upper) return bucket(lower);
  const share = round((ms - lower) / (upper - lower));
  return `(${bucket(lower)} + ${share} * (${bucket(upper)} - ${bucket(lower)}))`;
}

/** PromQL: requests per second the latency distribution counted over `window`. */
function edgeLatencyCountRate(s: GcpEdgeSignals, window: string): string {
  return `sum(rate(${promqlName("loadbalancing.googleapis.com/https/total_latencies")}_count{monitored_resource="https_lb_rule", ${gatewayUrlMapMatcher(s)}}[${window}]))`;
}

/** PromQL: the share of bad requests over `window` (5xx answers, or answers slower than the threshold). */
function edgeBadRatio(slo: EdgeSloProps, s: GcpEdgeSignals, window: string): string {
  if (slo.sli.measure === "errors") return `(${edgeRequestRate(s, window, true)} / ${edgeRequestRate(s, window)})`;
  return `(1 - ${edgeFastRate(s, slo.sli.thresholdSeconds!, window)} / ${edgeLatencyCountRate(s, window)})`;
}

/** Error budget as a ratio: 0.001 for 99.9 %. */
function errorBudget(objective: number): number {
  return Math.round((1 - objective / 100) * 1e12) / 1e12;
}

/** One edge SLO burn-rate alert and its PromQL condition (threshold included). */
interface GcpEdgeSloAlert {
  /** The alert, as every target records it (`<slo>-burn-page`, `<slo>-burn-ticket`, component `slo`). */
  readonly alert: GcpAlertDefinition;
  /** The PromQL condition: the severity's window pairs OR-ed, each pair long AND short over the budget AND enough traffic. */
  readonly query: string;
}

/**
 * The multi-window, multi-burn-rate alerts of an SLO measured at a GKE
 * Gateway's load balancer, as PromQL conditions on Cloud Monitoring's
 * load-balancing metrics (no recording rules: each condition computes its
 * windows). For each severity, every window pair of the period fires when
 * both windows' bad ratio exceeds factor × error budget and the long
 * window's request rate reaches `minRequestRate`; the pairs are OR-ed.
 */
export function gcpEdgeSloAlerts(slo: EdgeSloProps, s: GcpEdgeSignals, runbookBaseUrl: string): GcpEdgeSloAlert[] {
  const period = slo.period ?? "30d";
  const minRequestRate = slo.minRequestRate ?? 0.1;
  const budget = errorBudget(slo.objective);
  const sli = slo.sli;
  const what =
    slo.description ??
    (sli.measure === "errors"
      ? `${slo.objective} % of the requests to ${s.hostname} are answered without a 5xx at the edge over ${period} (${slo.name})`
      : `${slo.objective} % of the requests to ${s.hostname} are answered within ${sli.thresholdSeconds} s at the edge over ${period} (${slo.name})`);
  const traffic = (w: string) => (sli.measure === "errors" ? edgeRequestRate(s, w) : edgeLatencyCountRate(s, w));
  return (["page", "ticket"] as const).map((severity) => {
    const windows = burnRateWindows(period).filter((w) => w.severity === severity);
    const query = windows
      .map((w) => {
        const limit = round(w.factor * budget);
        return `(${edgeBadRatio(slo, s, w.long)} > ${limit} and ${edgeBadRatio(slo, s, w.short)} > ${limit} and ${traffic(w.long)} >= ${minRequestRate})`;
      })
      .join(" or ");
    const rates = windows.map((w) => `${w.factor}× over ${w.long} and ${w.short}`).join(", or ");
    const alert: GcpAlertDefinition = {
      id: `${slo.name}-burn-${severity}`,
      component: "slo",
      summary: `${slo.service}: the ${slo.name} SLO is burning its error budget too fast`,
      description: `${what}. The error budget (${round(budget * 100)} % of requests over ${period}) burns at ${rates} (counting only above ${minRequestRate} requests/s), measured by the Gateway ${s.namespace}/${s.gateway}'s load balancer (loadbalancing.googleapis.com/https/${sli.measure === "errors" ? "request_count, response_code_class 500" : "total_latencies"}).`,
      severity,
      runbookUrl: runbookUrl(runbookBaseUrl, "slo", "error-budget-burn"),
      threshold: 0,
      unit: "burn rate",
      condition: { kind: "promql", query, comparison: ">", for: "0s" },
    };
    return { alert, query };
  });
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
