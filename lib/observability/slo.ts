import type { Severity } from "./severity";

/** SLO periods the burn-rate windows are defined for. */
export type SloPeriod = "7d" | "14d" | "28d" | "30d";

/** An SLI as a ratio of bad events to all events, from two counters. */
export interface EventRatioSli {
  /** SLI kind. */
  readonly kind: "ratio";
  /** Counter selector of bad events, e.g. `http_requests_total{service="checkout",code=~"5.."}`. */
  readonly errors: string;
  /** Counter selector of all events, e.g. `http_requests_total{service="checkout"}`. */
  readonly total: string;
}

/** An SLI as the share of requests slower than a histogram bucket boundary. */
export interface LatencySli {
  /** SLI kind. */
  readonly kind: "latency";
  /** Histogram base name (without `_bucket`), e.g. `http_request_duration_seconds`. */
  readonly histogram: string;
  /** Label matchers selecting the service's series, e.g. `service="checkout"`. @default "" */
  readonly matchers?: string;
  /** Bucket boundary in seconds (an `le` value the histogram really has), e.g. 0.3. */
  readonly thresholdSeconds: number;
}

/** A service level objective. */
export interface SloProps {
  /** Service the SLO belongs to (label `service`). */
  readonly service: string;
  /** SLO name, kebab-case (label `slo`), e.g. `availability`. */
  readonly name: string;
  /** Objective in percent, strictly between 0 and 100, e.g. 99.9. */
  readonly objective: number;
  /** Period over which the error budget is counted. @default "30d" */
  readonly period?: SloPeriod;
  /** What is measured. */
  readonly sli: EventRatioSli | LatencySli;
  /** What the SLO promises, for humans. @default - derived from the objective and SLI */
  readonly description?: string;
  /**
   * Requests per second below which the burn-rate alerts stay quiet, so a
   * few failures on a service serving ten requests an hour do not page.
   * @default 0.1 (6 requests a minute)
   */
  readonly minRequestRate?: number;
  /** Severity of an opt-in alert when the SLI's metrics are absent. @default - no absent alert */
  readonly absentAlert?: Severity;
}

/** Options of the default SLOs every service gets. */
export interface DefaultSloOptions {
  /** Label matchers selecting the service's series. @default - `service="<service>"` */
  readonly matchers?: string;
  /** Request counter with a `code` label. @default "http_requests_total" */
  readonly requestsMetric?: string;
  /** Request duration histogram base name. @default "http_request_duration_seconds" */
  readonly durationHistogram?: string;
  /** Latency objective's bucket boundary in seconds. @default 0.3 */
  readonly latencyThresholdSeconds?: number;
}

/**
 * The SLOs every service gets unless it opts out: availability 99.9 % (share
 * of requests answered without a 5xx) and latency 99 % under 300 ms, over the
 * conventional Prometheus client metrics `http_requests_total` (label `code`)
 * and `http_request_duration_seconds`.
 */
export function defaultSlos(service: string, options: DefaultSloOptions = {}): SloProps[] {
  const matchers = options.matchers ?? `service="${service}"`;
  const requests = options.requestsMetric ?? "http_requests_total";
  const threshold = options.latencyThresholdSeconds ?? 0.3;
  return [
    {
      service,
      name: "availability",
      objective: 99.9,
      sli: { kind: "ratio", errors: `${requests}{${joinMatchers(matchers, 'code=~"5.."')}}`, total: `${requests}{${matchers}}` },
      description: `99.9 % of ${service} requests are answered without a server error`,
    },
    {
      service,
      name: "latency",
      objective: 99,
      sli: { kind: "latency", histogram: options.durationHistogram ?? "http_request_duration_seconds", matchers, thresholdSeconds: threshold },
      description: `99 % of ${service} requests are answered within ${threshold * 1000} ms`,
    },
  ];
}

/** Joins two label-matcher lists, either of which may be empty. */
export function joinMatchers(...lists: readonly string[]): string {
  return lists.map((l) => l.trim()).filter((l) => l.length > 0).join(",");
}
