import type { Severity } from "./severity";

/** Hours in each supported SLO period. */
export const SLO_PERIOD_HOURS: Readonly<Record<string, number>> = { "7d": 168, "14d": 336, "28d": 672, "30d": 720 };

/** One multi-window burn-rate condition: both windows must burn faster than `factor`. */
interface BurnRateWindow {
  /** Who is told. */
  readonly severity: Severity;
  /** Long window, e.g. `1h`: proves the burn is significant. */
  readonly long: string;
  /** Short window, about 1/12 of the long one: proves it is still going on, so the alert resets quickly. */
  readonly short: string;
  /** Burn-rate factor: how many times faster than "exactly spend the budget over the period". */
  readonly factor: number;
  /** Share of the period's error budget spent in the long window when the alert fires. */
  readonly budgetSpent: number;
}

/**
 * The SRE Workbook's multi-window, multi-burn-rate alerts for a 30-day
 * objective (chapter 5, "Alerting on SLOs", table 5-8): page at 14.4× over
 * 1 h and 5 m, or 6× over 6 h and 30 m; ticket at 3× over 1 d and 2 h, or
 * 1× over 3 d and 6 h.
 */
const WORKBOOK_30D: readonly { severity: Severity; longMinutes: number; shortMinutes: number; factor: number }[] = [
  { severity: "page", longMinutes: 60, shortMinutes: 5, factor: 14.4 },
  { severity: "page", longMinutes: 360, shortMinutes: 30, factor: 6 },
  { severity: "ticket", longMinutes: 1440, shortMinutes: 120, factor: 3 },
  { severity: "ticket", longMinutes: 4320, shortMinutes: 360, factor: 1 },
];

/** `rate()` over less than 5 minutes is too noisy at usual scrape intervals (15-60 s). */
const MIN_WINDOW_MINUTES = 5;

/**
 * The burn-rate windows and factors for an SLO period. The factors stay the
 * Workbook's and the windows scale with the period (as Pyrra does): each
 * alert still fires when the same share of the budget is gone (2 %, 5 %,
 * 10 %, 10 %), and no factor falls below 1 — a burn that could not spend the
 * budget within the period never tickets. Short windows are at least 5 m.
 * For 30 d this is exactly the Workbook's table.
 */
export function burnRateWindows(period: string): BurnRateWindow[] {
  const periodHours = SLO_PERIOD_HOURS[period];
  if (periodHours === undefined) throw new Error(`burnRateWindows: unsupported period ${JSON.stringify(period)}`);
  const scale = periodHours / SLO_PERIOD_HOURS["30d"];
  return WORKBOOK_30D.map((w) => {
    const longMinutes = Math.max(MIN_WINDOW_MINUTES, Math.round(w.longMinutes * scale));
    const shortMinutes = Math.max(MIN_WINDOW_MINUTES, Math.round(w.shortMinutes * scale));
    return {
      severity: w.severity,
      long: promDuration(longMinutes),
      short: promDuration(shortMinutes),
      factor: w.factor,
      budgetSpent: Math.round(((w.factor * longMinutes) / (periodHours * 60)) * 1e6) / 1e6,
    };
  });
}

/** Every window a rate is recorded for in a period, shortest first: the alerts' windows and 5 m (the period's ratio sums 5 m rates). */
export function burnRateRecordingWindows(period: string): string[] {
  const minutes = new Set<number>([MIN_WINDOW_MINUTES]);
  for (const w of burnRateWindows(period)) for (const d of [w.long, w.short]) minutes.add(durationMinutes(d));
  return [...minutes].sort((a, b) => a - b).map(promDuration);
}

/** Whole minutes as a Prometheus duration: 90 → `1h30m`, 4032 → `2d19h12m`. */
export function promDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m || (!d && !h) ? `${m}m` : ""}`;
}

function durationMinutes(duration: string): number {
  const units: Record<string, number> = { d: 1440, h: 60, m: 1 };
  return [...duration.matchAll(/(\d+)([dhm])/g)].reduce((sum, [, n, u]) => sum + Number(n) * units[u], 0);
}
