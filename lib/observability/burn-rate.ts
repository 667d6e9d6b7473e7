import type { Severity } from "./severity";

/** Hours in each supported SLO period. */
export const SLO_PERIOD_HOURS: Readonly<Record<string, number>> = { "7d": 168, "14d": 336, "28d": 672, "30d": 720 };

/** One multi-window burn-rate condition: both windows must burn faster than `factor`. */
export interface BurnRateWindow {
  /** Who is told. */
  readonly severity: Severity;
  /** Long window, e.g. `1h`: proves the burn is significant. */
  readonly long: string;
  /** Short window, 1/12 of the long one: proves it is still going on, so the alert resets quickly. */
  readonly short: string;
  /** Share of the period's error budget spent in the long window when the alert fires. */
  readonly budgetSpent: number;
  /** Burn-rate factor: budgetSpent × period / long window (14.4 for 2 % in 1 h of 30 d). */
  readonly factor: number;
}

/**
 * The SRE Workbook's multi-window, multi-burn-rate alerts (chapter 5,
 * "Alerting on SLOs", table 5-8): page when 2 % of the budget goes in 1 h or
 * 5 % in 6 h; ticket when 10 % goes in 1 d or in 3 d. The windows stay
 * fixed and the factor follows from the period, so for 30 d the factors are
 * the Workbook's 14.4 / 6 / 3 / 1 and for 28 d 13.44 / 5.6 / 2.8 / 0.93 (as
 * Sloth and Pyrra do): an alert always means the same share of budget spent.
 */
const WORKBOOK_WINDOWS: readonly Omit<BurnRateWindow, "factor">[] = [
  { severity: "page", long: "1h", short: "5m", budgetSpent: 0.02 },
  { severity: "page", long: "6h", short: "30m", budgetSpent: 0.05 },
  { severity: "ticket", long: "1d", short: "2h", budgetSpent: 0.1 },
  { severity: "ticket", long: "3d", short: "6h", budgetSpent: 0.1 },
];

const HOURS: Readonly<Record<string, number>> = { "5m": 5 / 60, "30m": 0.5, "1h": 1, "2h": 2, "6h": 6, "1d": 24, "3d": 72 };

/** The burn-rate windows and factors for an SLO period. */
export function burnRateWindows(period: string): BurnRateWindow[] {
  const periodHours = SLO_PERIOD_HOURS[period];
  if (periodHours === undefined) throw new Error(`burnRateWindows: unsupported period ${JSON.stringify(period)}`);
  return WORKBOOK_WINDOWS.map((w) => ({ ...w, factor: round((w.budgetSpent * periodHours) / HOURS[w.long]) }));
}

/** Every window a rate is recorded for, shortest first. */
export const BURN_RATE_RATE_WINDOWS: readonly string[] = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
