import type { Severity } from "../severity";

/**
 * The unit a user writes an alert threshold in, the same on every target
 * (each target converts to its own: fractions, bytes, microseconds, ...):
 * - `percent`: 0 to 100;
 * - `seconds`: a duration;
 * - `count`: a number of things (nodes, partitions, messages, pods);
 * - `per-second`: a rate of events;
 * - `none`: the alert has no threshold (a state: down, red, a change was made).
 */
export type ThresholdUnit = "percent" | "seconds" | "count" | "per-second" | "none";

/**
 * One canonical alert of a component kind: one meaning, one unit, one valid
 * range and one default, the same on every target. A target maps it to its
 * native signal or declares it unavailable with a reason.
 */
export interface CanonicalAlert {
  /** What the alert means, in one sentence, on every target. */
  readonly meaning: string;
  /** Unit of the threshold the user writes. */
  readonly unit: ThresholdUnit;
  /** Fires when the measured value is above (`>`) or below (`<`) the threshold; `none` for a state. */
  readonly fires: ">" | "<" | "state";
  /** Default threshold, in `unit` (0 for `none`). */
  readonly threshold: number;
  /** Lowest and highest threshold accepted, in `unit`. @default - 0 to 100 for percent, 0 and up otherwise */
  readonly range?: readonly [number, number];
  /** The threshold is a whole number (counts). @default false */
  readonly integer?: boolean;
  /** The threshold is a multiple of this (whole minutes of a duration: 60), so every target can evaluate it exactly. @default - any value in range */
  readonly multipleOf?: number;
  /** Default severity. */
  readonly severity: Severity;
  /** Where the default comes from (vendor guidance), for the docs. */
  readonly source: string;
}

/** The canonical alerts of one component kind, by id. */
export type AlertCatalog = Readonly<Record<string, CanonicalAlert>>;

/** The valid range of a canonical alert's threshold. */
export function thresholdRange(alert: CanonicalAlert): readonly [number, number] {
  return alert.range ?? (alert.unit === "percent" ? [0, 100] : [0, Number.MAX_SAFE_INTEGER]);
}

/** `85 %`, `300 s`, `10000`, `0.5/s`: a threshold with its unit, for messages and docs. */
export function formatThreshold(value: number, unit: ThresholdUnit): string {
  switch (unit) {
    case "percent":
      return `${value} %`;
    case "seconds":
      return `${value} s`;
    case "per-second":
      return `${value}/s`;
    case "none":
      return "—";
    default:
      return String(value);
  }
}

/** How a unit reads in a message: `a percent from 0 to 100`. */
export function describeUnit(alert: CanonicalAlert): string {
  const [min, max] = thresholdRange(alert);
  const bounds = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  switch (alert.unit) {
    case "percent":
      return `a percent ${bounds}`;
    case "seconds":
      return `seconds, ${bounds}${alert.multipleOf ? `, a multiple of ${alert.multipleOf}` : ""}`;
    case "per-second":
      return `events per second, ${bounds}`;
    case "count":
      return `a ${alert.integer ? "whole " : ""}number ${bounds}`;
    default:
      return "no threshold";
  }
}
