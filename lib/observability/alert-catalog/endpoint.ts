import type { AlertCatalog } from "./types";

/** Canonical alerts of a service's public endpoint, probed by the target's synthetic check. */
export const ENDPOINT_ALERTS = {
  "checks-failing": {
    meaning: "Fewer of the synthetic checks of the public endpoint than the threshold passed, as a percent: users on the internet likely see errors.",
    unit: "percent",
    fires: "<",
    threshold: 90,
    range: [1, 100],
    severity: "page",
    source: "AWS CloudWatch Synthetics SuccessPercent; Azure availabilityResults/availabilityPercentage; Google uptime check_passed",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical endpoint alert. */
export type EndpointAlertId = keyof typeof ENDPOINT_ALERTS;
