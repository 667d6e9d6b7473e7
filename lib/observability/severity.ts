/**
 * How urgently a human must act:
 * - `page`: now, at any hour (user-facing impact or imminent data loss);
 * - `ticket`: within working hours;
 * - `info`: on dashboards and in the channel, nobody is woken.
 */
export type Severity = "page" | "ticket" | "info";

/** All severities, most urgent first. */
export const SEVERITIES: readonly Severity[] = ["page", "ticket", "info"];

/** True when `value` is a severity name. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * The severity an alert is delivered as in an environment: a `page` alert is
 * delivered as the profile's `pageRoutesAs` (dev: `ticket`, so dev never pages).
 */
export function deliveredSeverity(severity: Severity, pageRoutesAs: Severity): Severity {
  return severity === "page" ? pageRoutesAs : severity;
}
