import { defaultSlos, DefaultSloOptions, SloProps } from "./slo";
import { checkSlo, SLO_LATENCY_WARN_ABOVE_SECONDS, SloCheck } from "./slo-validation";
import { promQlError } from "./promql";

/** An SLO as a service or workload takes it: `service` filled in by the owner when omitted. */
type OwnedSloProps = Omit<SloProps, "service"> & { readonly service?: string };

/** The SLOs of one owner (a service or a workload), as its props give them. */
interface SloSetProps {
  /** The owner's name: the `service` label of its SLOs. */
  readonly service: string;
  /** The `defaultSlos` prop: true, false or options. */
  readonly defaults: boolean | DefaultSloOptions;
  /** Matchers of the default SLOs when the options give none. @default - `service="<service>"` */
  readonly defaultMatchers?: string;
  /** The `slos` prop. */
  readonly slos: readonly OwnedSloProps[];
}

/** The SLOs to deploy and what is wrong with the others. */
interface ResolvedSlos extends SloCheck {
  /** Valid SLOs, defaults first: only these reach the platform, so nothing downstream reports them again. */
  readonly slos: SloProps[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Builds an owner's SLOs (the defaults, then its own) and checks each where
 * the user wrote it: `slos[2].objective`, `defaultSlos.latencyThresholdSeconds`.
 * An SLO with a problem is reported once, there, and left out, so no rule
 * group, burn-rate window or dashboard built from it reports it again.
 */
export function resolveSlos(o: SloSetProps): ResolvedSlos {
  const errors: string[] = [];
  const warnings: string[] = [];
  const slos: SloProps[] = [];
  const names = new Map<string, string>();
  if (o.defaults !== false) {
    const options = o.defaults === true ? {} : o.defaults;
    const problems = defaultOptionProblems(options, warnings);
    errors.push(...problems);
    if (problems.length === 0) {
      const matchers = options.matchers ?? o.defaultMatchers;
      for (const slo of defaultSlos(o.service, { ...options, ...(matchers !== undefined ? { matchers } : {}) })) {
        slos.push(slo);
        names.set(slo.name, "the default SLOs (set `defaultSlos: false` to replace them)");
      }
    }
  }
  o.slos.forEach((s, i) => {
    const at = (field: string) => `\`slos[${i}].${field}\``;
    const slo: SloProps = { ...s, service: s.service ?? o.service };
    const check = checkSlo(slo, at);
    if (s.service !== undefined && !/^[a-z][a-z0-9-]{0,62}$/.test(s.service)) check.errors.push(`${at("service")} is ${JSON.stringify(s.service)}; use lowercase letters, digits or "-", starting with a letter`);
    const taken = names.get(slo.name);
    if (taken !== undefined) check.errors.push(`${at("name")} is ${JSON.stringify(slo.name)}, already used by ${taken}; SLO names must be unique per service (they name its rule group)`);
    errors.push(...check.errors);
    warnings.push(...check.warnings);
    if (check.errors.length === 0) {
      slos.push(slo);
      names.set(slo.name, `\`slos[${i}]\``);
    }
  });
  return { slos, errors, warnings };
}

/** The default SLOs' options, checked once (a bad matcher would otherwise break both default SLOs). */
function defaultOptionProblems(options: DefaultSloOptions, warnings: string[]): string[] {
  const problems: string[] = [];
  const at = (field: keyof DefaultSloOptions) => `\`defaultSlos.${field}\``;
  for (const field of ["requestsMetric", "durationHistogram"] as const) {
    const value = options[field];
    if (value !== undefined && !METRIC_NAME.test(value)) problems.push(`${at(field)} is ${JSON.stringify(value)}, not a metric name; give the metric's name, e.g. "http_requests_total"`);
  }
  if (options.matchers !== undefined) {
    if (/^\s*\{/.test(options.matchers)) problems.push(`${at("matchers")} is ${JSON.stringify(options.matchers)}; write the label matchers without braces, e.g. service="checkout"`);
    else {
      const parse = promQlError(`x{${options.matchers}}`);
      if (parse) problems.push(`${at("matchers")} is ${JSON.stringify(options.matchers)}: ${parse}; write label matchers such as service="checkout"`);
    }
  }
  const threshold = options.latencyThresholdSeconds;
  if (threshold !== undefined) {
    if (!(typeof threshold === "number" && threshold > 0)) problems.push(`${at("latencyThresholdSeconds")} is ${threshold}; give the \`le\` bucket boundary in seconds, e.g. 0.3`);
    else if (threshold > SLO_LATENCY_WARN_ABOVE_SECONDS) warnings.push(`${at("latencyThresholdSeconds")} is ${threshold} (${threshold} seconds); the threshold is in seconds — for ${threshold} ms write ${threshold / 1000}`);
  }
  return problems;
}
