import { runbookUrl } from "./alert";
import { burnRateRecordingWindows, burnRateWindows } from "./burn-rate";
import type { PrometheusRule, PrometheusRuleGroup } from "./prometheus-rules";
import type { Severity } from "./severity";
import { checkSlo, SLI_WINDOW_PLACEHOLDER } from "./slo-validation";

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

/**
 * An SLI measured at the service's public edge (`MonitoredService.edge`)
 * from the edge's own request metrics, whatever the target: `errors` counts
 * requests the edge answered with a 5xx as bad; `latency` counts requests
 * answered slower than `thresholdSeconds` as bad. Each target evaluates the
 * burn-rate alerts natively (CloudWatch metric math, Cloud Monitoring PromQL
 * on the load balancer's metrics, a Log Analytics query on Front Door's
 * access log, PromQL on Envoy's metrics).
 */
export interface EdgeSli {
  /** SLI kind. */
  readonly kind: "edge";
  /** What makes a request bad: a 5xx answer, or an answer slower than `thresholdSeconds`. */
  readonly measure: "errors" | "latency";
  /** With `measure: "latency"`: the slowest good answer, in seconds, one of `EDGE_LATENCY_THRESHOLDS_SECONDS` (0.25, 0.5, 1 ...). @default - none (required for latency) */
  readonly thresholdSeconds?: number;
}

/** An SLI Prometheus rules evaluate: a counter ratio or a histogram threshold. */
export type PrometheusSli = EventRatioSli | LatencySli;

/** A service level objective. */
export interface SloProps {
  /** Service the SLO belongs to (label `service`). */
  readonly service: string;
  /** SLO name, kebab-case (label `slo`), e.g. `availability`. */
  readonly name: string;
  /** Objective in percent, strictly between 0 and 100, e.g. 99.9 (not the fraction 0.999; below 90 synth warns). */
  readonly objective: number;
  /** Period over which the error budget is counted. @default "30d" */
  readonly period?: SloPeriod;
  /** What is measured: Prometheus series of the service, or the requests at its edge. */
  readonly sli: PrometheusSli | EdgeSli;
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
export function defaultSlos(service: string, options: DefaultSloOptions = {}): PrometheusSloProps[] {
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
function joinMatchers(...lists: readonly string[]): string {
  return lists.map((l) => l.trim()).filter((l) => l.length > 0).join(",");
}

/** An SLO whose SLI Prometheus rules evaluate. */
export type PrometheusSloProps = SloProps & { readonly sli: PrometheusSli };

/** An SLO measured at the service's edge. */
export type EdgeSloProps = SloProps & { readonly sli: EdgeSli };

/** Whether an SLO is measured at the edge (its target renders it natively) rather than by Prometheus rules. */
export function isEdgeSlo(slo: SloProps): slo is EdgeSloProps {
  return slo.sli.kind === "edge";
}

/** The SLOs Prometheus rules evaluate, of a service's SLOs. */
export function prometheusSlos(slos: readonly SloProps[]): PrometheusSloProps[] {
  return slos.filter((s): s is PrometheusSloProps => !isEdgeSlo(s));
}

/**
 * A validated SLO and the Prometheus rules it produces: SLI error ratios over
 * every burn-rate window, the error budget remaining over the period, and the
 * multi-window, multi-burn-rate page and ticket alerts, gated on a minimum
 * request rate. One rule group per SLO, named `<service>-slo-<name>`.
 */
export class Slo {
  /** The props, with defaults applied. */
  public readonly props: Required<Pick<SloProps, "period" | "minRequestRate">> & PrometheusSloProps;

  constructor(props: PrometheusSloProps) {
    this.props = { ...props, period: props.period ?? "30d", minRequestRate: props.minRequestRate ?? 0.1 };
  }

  /** Error budget as a ratio: 0.001 for 99.9 %. */
  public get errorBudget(): number {
    return Math.round((1 - this.props.objective / 100) * 1e12) / 1e12;
  }

  /**
   * Every problem with the props that fails synth; messages name the SLO and
   * the field. (`MonitoredService` and `HttpWorkload` check their SLOs with
   * {@link resolveSlos}, which names the field where the user wrote it and
   * also returns warnings.)
   */
  public validate(): string[] {
    const p = this.props;
    const where = `SLO "${p.service}/${p.name}"`;
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(p.service ?? "")) problems.push(`${where} \`service\` is ${JSON.stringify(p.service)}; use lowercase letters, digits or "-", starting with a letter`);
    problems.push(...checkSlo(p, (field) => `${where} \`${field}\``).errors);
    return problems;
  }

  /** The rule group for this SLO. Call {@link validate} first. */
  public ruleGroups(runbookBaseUrl: string): PrometheusRuleGroup[] {
    const p = this.props;
    const ids = { service: p.service, slo: p.name };
    const sel = `{service="${p.service}",slo="${p.name}"}`;
    const budget = this.errorBudget;
    const rules: PrometheusRule[] = [];
    for (const w of burnRateRecordingWindows(p.period)) {
      rules.push({ record: `slo:sli_error:ratio_rate${w}`, expr: `(${this.errorsRate(w)}) / (${this.totalRate(w)})`, labels: ids });
      rules.push({ record: `slo:sli_requests:rate${w}`, expr: this.totalRate(w), labels: ids });
    }
    // The period's ratio from 5m rates summed over time (weighted by traffic, and
    // cheap: no range query over the raw series of a whole period).
    rules.push({ record: "slo:sli_errors:rate5m", expr: this.errorsRate("5m"), labels: ids });
    rules.push({
      record: `slo:sli_error:ratio_rate${p.period}`,
      expr: `sum_over_time(slo:sli_errors:rate5m${sel}[${p.period}]) / sum_over_time(slo:sli_requests:rate5m${sel}[${p.period}])`,
      labels: ids,
    });
    rules.push({ record: "slo:error_budget:remaining", expr: `1 - slo:sli_error:ratio_rate${p.period}${sel} / ${budget}`, labels: ids });
    rules.push({ record: "slo:objective:ratio", expr: `vector(${p.objective / 100})`, labels: ids });

    const remaining = `{{ with query "slo:error_budget:remaining${sel.replace(/"/g, '\\"')}" }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}`;
    const what = p.description ?? `${p.objective} % of ${p.service} events are good over ${p.period} (${p.name})`;
    for (const severity of ["page", "ticket"] as const) {
      const windows = burnRateWindows(p.period).filter((w) => w.severity === severity);
      const expr = windows
        .map(
          (w) =>
            `(slo:sli_error:ratio_rate${w.long}${sel} > (${w.factor} * ${budget}) and slo:sli_error:ratio_rate${w.short}${sel} > (${w.factor} * ${budget}) and slo:sli_requests:rate${w.long}${sel} >= ${p.minRequestRate})`,
        )
        .join(" or ");
      const rates = windows.map((w) => `${w.factor}× over ${w.long} and ${w.short}`).join(", or ");
      rules.push({
        alert: "SloErrorBudgetBurn",
        expr,
        labels: { severity, service: p.service, slo: p.name, component: "slo", alert_id: `${p.name}-burn-${severity}` },
        annotations: {
          summary: `${p.service}: the ${p.name} SLO is burning its error budget too fast`,
          description: `${what}. The error budget (${round(budget * 100)} % of events over ${p.period}) burns at ${rates} (counting only above ${p.minRequestRate} requests/s). Error budget remaining: ${remaining}.`,
          runbook_url: runbookUrl(runbookBaseUrl, "slo", "error-budget-burn"),
          error_budget_remaining: remaining,
        },
      });
    }
    if (p.absentAlert) {
      rules.push({
        alert: "SloMetricsAbsent",
        expr: `absent(${this.totalSelector()})`,
        for: "15m",
        labels: { severity: p.absentAlert, service: p.service, slo: p.name, component: "slo", alert_id: `${p.name}-metrics-absent` },
        annotations: {
          summary: `${p.service}: no series for the ${p.name} SLO's events`,
          description: `${this.totalSelector()} has returned nothing for 15 minutes, so the ${p.name} SLO cannot be evaluated: the service is not scraped, was renamed, or serves no traffic.`,
          runbook_url: runbookUrl(runbookBaseUrl, "slo", "sli-metrics-absent"),
        },
      });
    }
    return [{ name: `${p.service}-slo-${p.name}`, rules }];
  }

  /** Per-second bad events over `window`. */
  private errorsRate(window: string): string {
    const sli = this.props.sli;
    if (sli.kind === "ratio") return eventRate(sli.errors, window);
    return `${eventRate(this.totalSelector(), window)} - ${eventRate(`${sli.histogram}_bucket{${joinMatchers(sli.matchers ?? "", leMatcher(sli.thresholdSeconds))}}`, window)}`;
  }

  /** Per-second events over `window`. */
  private totalRate(window: string): string {
    const sli = this.props.sli;
    return eventRate(sli.kind === "ratio" ? sli.total : this.totalSelector(), window);
  }

  /** The selector (or expression) of all events. */
  private totalSelector(): string {
    const sli = this.props.sli;
    return sli.kind === "ratio" ? sli.total : `${sli.histogram}_count{${sli.matchers ?? ""}}`;
  }
}

/** `sum(rate(<selector>[w]))`, or the expression with `$window` replaced. */
function eventRate(query: string, window: string): string {
  return query.includes(SLI_WINDOW_PLACEHOLDER) ? `(${query.split(SLI_WINDOW_PLACEHOLDER).join(window)})` : `sum(rate(${query}[${window}]))`;
}

/**
 * Matches a bucket boundary however the client wrote it: Go clients write
 * `1`, Python clients and Prometheus 3 (which normalises `le`) write `1.0`.
 */
function leMatcher(seconds: number): string {
  const text = String(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}|${text}\\\\.0"` : `le="${text}"`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
