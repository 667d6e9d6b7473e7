import type { AlertCatalog } from "./types";

/** Canonical alerts of the platform itself (its cloud account, project or subscription). */
export const PLATFORM_ALERTS = {
  "manual-change": {
    meaning: "Someone changed the platform's cloud resources by hand, outside the deployment pipeline.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "ticket",
    source: "CIS benchmarks: changes outside change management are monitored; AWS CloudTrail console sessions, Azure activity log",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical platform alert. */
export type PlatformAlertId = keyof typeof PLATFORM_ALERTS;
