import { SLO_PERIOD_HOURS } from "./burn-rate";
import { isVectorSelector, promQlError } from "./promql";
import type { SloProps } from "./slo";

/** The window placeholder in SLI expressions that are not plain selectors. */
/**
 * The latency thresholds an edge SLI may use, in seconds: the bucket bounds
 * of Envoy's default latency histogram (the in-cluster edge) up to a minute.
 * The cloud load balancers can count any threshold; one list keeps the same
 * SLO valid on every target.
 */
export const EDGE_LATENCY_THRESHOLDS_SECONDS: readonly number[] = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const SLI_WINDOW_PLACEHOLDER = "$window";

/**
 * Below this objective (percent) an SLO is almost surely a typo or a
 * misunderstanding: it allows more than one bad event in ten. Reported as a
 * warning, since a few SLOs (a best-effort batch) are meant to be that loose.
 */
const SLO_OBJECTIVE_WARN_BELOW = 90;

/** A latency threshold above this many seconds is probably milliseconds written as seconds (reported as a warning). */
export const SLO_LATENCY_WARN_ABOVE_SECONDS = 60;

/** What is wrong with one SLO: errors fail synth, warnings are printed. */
export interface SloCheck {
  /** Messages that fail synth. */
  readonly errors: string[];
  /** Messages synth prints and goes on. */
  readonly warnings: string[];
}

/**
 * Checks one SLO's props. `at(field)` names a field where the user wrote it:
 * "`slos[0].objective`", or "`defaultSlos.latencyThresholdSeconds`" for the
 * default SLOs. The service name is not checked here: the service or workload
 * that owns the SLOs checks it once.
 */
export function checkSlo(p: SloProps, at: (field: string) => string): SloCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(p.name ?? "")) errors.push(`${at("name")} is ${JSON.stringify(p.name)}; use kebab-case (a-z, 0-9, "-"), starting with a letter, e.g. "checkout-success"`);
  errors.push(...objectiveProblems(p.objective, at("objective"), warnings));
  const period = p.period ?? "30d";
  if (SLO_PERIOD_HOURS[period] === undefined) {
    errors.push(`${at("period")} is ${JSON.stringify(period)}; use one of ${Object.keys(SLO_PERIOD_HOURS).join(", ")} (the periods the burn-rate windows are defined for)`);
  }
  if (p.minRequestRate !== undefined && !(p.minRequestRate >= 0)) errors.push(`${at("minRequestRate")} is ${p.minRequestRate}; use requests per second >= 0`);
  if (p.absentAlert !== undefined && !["page", "ticket", "info"].includes(p.absentAlert)) {
    errors.push(`${at("absentAlert")} is ${JSON.stringify(p.absentAlert)}; use "page", "ticket" or "info"`);
  }
  const sli = p.sli;
  if (sli?.kind === "ratio") {
    for (const field of ["errors", "total"] as const) errors.push(...eventQueryProblems(at(`sli.${field}`), sli[field]));
    if (p.absentAlert !== undefined && typeof sli.total === "string" && sli.total.includes(SLI_WINDOW_PLACEHOLDER)) {
      errors.push(`${at("absentAlert")} needs \`sli.total\` to be a series selector (absent() of an expression over ${SLI_WINDOW_PLACEHOLDER} means nothing); give a selector or leave absentAlert out`);
    }
  } else if (sli?.kind === "latency") {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(sli.histogram ?? "")) {
      errors.push(`${at("sli.histogram")} is ${JSON.stringify(sli.histogram)}, not a metric name; give the histogram's base name, e.g. "http_request_duration_seconds"`);
    }
    if (!(typeof sli.thresholdSeconds === "number" && sli.thresholdSeconds > 0)) {
      errors.push(`${at("sli.thresholdSeconds")} is ${sli.thresholdSeconds}; give the \`le\` bucket boundary in seconds, e.g. 0.3`);
    } else if (sli.thresholdSeconds > SLO_LATENCY_WARN_ABOVE_SECONDS) {
      warnings.push(`${at("sli.thresholdSeconds")} is ${sli.thresholdSeconds} (${sli.thresholdSeconds} seconds); the threshold is in seconds — for ${sli.thresholdSeconds} ms write ${sli.thresholdSeconds / 1000}`);
    }
    errors.push(...matcherProblems(at("sli.matchers"), sli.matchers ?? ""));
  } else if (sli?.kind === "edge") {
    if (sli.measure !== "errors" && sli.measure !== "latency") {
      errors.push(`${at("sli.measure")} is ${JSON.stringify(sli.measure)}; use "errors" (5xx answers are bad) or "latency" (answers slower than thresholdSeconds are bad)`);
    } else if (sli.measure === "latency" && !EDGE_LATENCY_THRESHOLDS_SECONDS.includes(sli.thresholdSeconds as number)) {
      errors.push(
        `${at("sli.thresholdSeconds")} is ${sli.thresholdSeconds}; an edge latency SLI counts answers slower than one of ${EDGE_LATENCY_THRESHOLDS_SECONDS.join(", ")} seconds (the bounds every target's edge latency histogram has, Envoy's included), e.g. 0.25 or 0.5`,
      );
    } else if (sli.measure === "errors" && sli.thresholdSeconds !== undefined) {
      errors.push(`${at("sli.thresholdSeconds")} is set on an "errors" edge SLI, which counts 5xx answers; leave it out, or use measure "latency"`);
    }
    if (p.absentAlert !== undefined) errors.push(`${at("absentAlert")} is set on an edge SLI; the edge's own alerts and the synthetic check watch its traffic, so leave it out`);
  } else {
    errors.push(`${at("sli.kind")} is ${JSON.stringify((sli as { kind?: unknown } | undefined)?.kind)}; use "ratio", "latency" or "edge"`);
  }
  return { errors, warnings };
}

/**
 * An objective is a percentage strictly between 0 and 100. One of 1 or less
 * is almost surely a fraction (0.999 for 99.9 %): the burn-rate alerts of
 * such an SLO could never fire, so it fails with the percentage meant.
 */
function objectiveProblems(objective: number, where: string, warnings: string[]): string[] {
  if (typeof objective !== "number" || !Number.isFinite(objective)) return [`${where} is ${String(objective)}; give a percentage between 0 and 100, e.g. 99.9`];
  if (objective <= 0) return [`${where} is ${objective}; give a percentage above 0, e.g. 99.9`];
  if (objective < 1) {
    const percent = Math.round(objective * 100 * 1e6) / 1e6;
    return [`${where} is ${objective}, a fraction; objectives are percentages (0 to 100) — did you mean ${percent}?`];
  }
  if (objective === 1) return [`${where} is 1, which is 1 %; objectives are percentages (0 to 100): for 99.9 % write 99.9`];
  if (objective >= 100) return [`${where} is ${objective}; give a percentage below 100, e.g. 99.9 (100 % leaves no error budget to alert on)`];
  if (objective < SLO_OBJECTIVE_WARN_BELOW) {
    warnings.push(`${where} is ${objective}, below ${SLO_OBJECTIVE_WARN_BELOW} %: more than one event in ten may fail; check it is meant (for 99.5 % write 99.5)`);
  }
  return [];
}

function eventQueryProblems(where: string, query: string): string[] {
  if (typeof query !== "string" || !query.trim()) return [`${where} is empty; give a counter selector such as http_requests_total{service="checkout"}`];
  const parsed = query.includes(SLI_WINDOW_PLACEHOLDER) ? query.split(SLI_WINDOW_PLACEHOLDER).join("5m") : query;
  const parse = promQlError(parsed);
  if (parse) return [`${where} is ${JSON.stringify(query)}: ${parse}; fix the expression`];
  if (!query.includes(SLI_WINDOW_PLACEHOLDER) && !isVectorSelector(query)) {
    return [`${where} is ${JSON.stringify(query)}, neither a series selector nor an expression with ${SLI_WINDOW_PLACEHOLDER}; give a counter selector, or an expression of per-second rates using [${SLI_WINDOW_PLACEHOLDER}]`];
  }
  return [];
}

function matcherProblems(where: string, matchers: string): string[] {
  if (/^\s*\{/.test(matchers)) return [`${where} is ${JSON.stringify(matchers)}; write the label matchers without braces, e.g. service="checkout"`];
  const parse = promQlError(`x{${matchers}}`);
  return parse ? [`${where} is ${JSON.stringify(matchers)}: ${parse}; write label matchers such as service="checkout",route!="/healthz"`] : [];
}
