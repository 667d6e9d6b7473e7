import type { AlertOverride } from "../alert";
import { isSeverity, Severity } from "../severity";
import { ALERT_CATALOGS, ComponentKind } from "./catalogs";
import { CanonicalAlert, describeUnit, formatThreshold, thresholdRange } from "./types";

/** A canonical alert as the user set it: threshold in the catalog's unit. */
export interface AlertSetting {
  /** Canonical id. */
  readonly id: string;
  /** Threshold in the catalog's unit (percent 0-100, seconds, ...). */
  readonly threshold: number;
  /** Severity the alert is declared with (`page`, `ticket` or `info`): the user's override, else the catalog's. */
  readonly severity: Severity;
  /** False when the user switched the alert off. */
  readonly enabled: boolean;
}

/** The user's settings of every canonical alert of a component kind, and what is wrong with them. */
interface ResolvedAlertSettings {
  /** Settings by canonical id (every id of the kind, defaults filled in). */
  readonly settings: Readonly<Record<string, AlertSetting>>;
  /** Errors: each names the property, the value and the fix. */
  readonly problems: string[];
  /** Advice that does not fail synth (a percent written as a fraction). */
  readonly warnings: string[];
}

/**
 * Applies the user's overrides (keyed by canonical id, thresholds in the
 * catalog's unit) to a component kind's catalog and checks them once, where
 * the user wrote them: `where` is the property path, e.g. `postgres.alerts`.
 * A bad value is reported and the default kept, so construction can go on.
 */
export function resolveAlertSettings(kind: ComponentKind, overrides: Readonly<Record<string, AlertOverride | undefined>> | undefined, where: string): ResolvedAlertSettings {
  const catalog: Readonly<Record<string, CanonicalAlert>> = ALERT_CATALOGS[kind];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const id of Object.keys(overrides ?? {})) {
    if (!(id in catalog)) {
      problems.push(
        `\`${where}.${id}\` is not one of the ${kind} alerts, which are ${Object.keys(catalog).join(", ")} (docs/alerts.md). An alert of one target only goes under the target's escape hatch, e.g. \`${where.replace(/\.alerts$/, "")}.aws.alerts\``,
      );
    }
  }
  const settings: Record<string, AlertSetting> = {};
  for (const [id, spec] of Object.entries(catalog)) {
    const o = overrides?.[id];
    let threshold = spec.threshold;
    let severity = spec.severity;
    if (o?.threshold !== undefined) {
      const problem = thresholdProblem(spec, id, o.threshold, `${where}.${id}.threshold`);
      if (problem) problems.push(problem);
      else {
        threshold = o.threshold;
        const fraction = fractionWarning(spec, id, o.threshold, `${where}.${id}.threshold`);
        if (fraction) warnings.push(fraction);
      }
    }
    if (o?.severity !== undefined) {
      if (isSeverity(o.severity)) severity = o.severity;
      else problems.push(`\`${where}.${id}.severity\` is ${JSON.stringify(o.severity)}; use "page", "ticket" or "info"`);
    }
    if (o?.enabled !== undefined && typeof o.enabled !== "boolean") {
      problems.push(`\`${where}.${id}.enabled\` is ${JSON.stringify(o.enabled)}; use true or false`);
    }
    settings[id] = { id, threshold, severity, enabled: o?.enabled !== false };
  }
  return { settings, problems, warnings };
}

/** Why `value` is not a valid threshold of `spec`, or undefined. */
function thresholdProblem(spec: CanonicalAlert, id: string, value: unknown, where: string): string | undefined {
  if (spec.unit === "none") {
    return `\`${where}\` is set, but ${id} has no threshold (it fires on a state: ${spec.meaning}); change only \`severity\` or \`enabled\``;
  }
  const [min, max] = thresholdRange(spec);
  const expected = `${id} takes ${describeUnit(spec)} (default ${formatThreshold(spec.threshold, spec.unit)}): ${spec.meaning}`;
  const valid = typeof value === "number" && Number.isFinite(value) && value >= min && value <= max && (!spec.integer || Number.isInteger(value)) && (!spec.multipleOf || value % spec.multipleOf === 0);
  if (valid) return undefined;
  const fraction = spec.unit === "percent" && typeof value === "number" && value > 0 && value < 1 ? ` — a percent is 0-100, not a fraction: for ${value * 100} % write ${value * 100}` : "";
  return `\`${where}\` is ${typeof value === "string" ? JSON.stringify(value) : String(value)}; ${expected}${fraction}`;
}

/** A percent written as a fraction (0.85 for 85 %): accepted, but almost surely a mistake. */
function fractionWarning(spec: CanonicalAlert, id: string, value: number, where: string): string | undefined {
  if (spec.unit !== "percent" || value <= 0 || value >= 1) return undefined;
  return `\`${where}\` is ${value}: ${id} is a percent from 0 to 100, not a fraction; for ${value * 100} % write ${value * 100}`;
}
