import type { AlertCatalog } from "./types";

const DAY = 86400;

/** Canonical alerts of a service's public edge: its load balancer or front door, its certificate and its WAF. */
export const EDGE_ALERTS = {
  "errors-high": {
    meaning: "More of the requests the edge answered over 5 minutes were 5xx errors (from the edge or the backend it fronts) than the threshold, as a percent of all its requests.",
    unit: "percent",
    fires: ">",
    threshold: 5,
    range: [0.01, 100],
    severity: "page",
    source: "Google SRE book, 'The four golden signals' (errors); AWS ELB HTTPCode_ELB_5XX_Count and HTTPCode_Target_5XX_Count; Cloud Load Balancing request_count by response_code_class; Azure Front Door Percentage5XX",
  },
  "latency-high": {
    meaning: "The 99th percentile of the time the edge took to answer requests over 5 minutes, backend included, was above the threshold in seconds.",
    unit: "seconds",
    fires: ">",
    threshold: 1,
    range: [0.01, 120],
    severity: "ticket",
    source: "Google SRE book, 'The four golden signals' (latency); AWS ELB TargetResponseTime p99; Cloud Load Balancing total_latencies; Azure Front Door TotalLatency",
  },
  "waf-blocked-high": {
    meaning: "The web application firewall blocked more requests per second, averaged over 5 minutes, than the threshold: an attack, or a rule blocking real users.",
    unit: "per-second",
    fires: ">",
    threshold: 5,
    range: [0.01, 1000000],
    severity: "ticket",
    source: "AWS WAF BlockedRequests; Cloud Armor request_count by blocked; Azure Front Door WebApplicationFirewallRequestCount (Action=Block); OWASP CRS anomaly blocking",
  },
  "certificate-expiring": {
    meaning: "The edge's TLS certificate expires in fewer seconds than the threshold (whole days): its automatic renewal failed.",
    unit: "seconds",
    fires: "<",
    threshold: 21 * DAY,
    range: [DAY, 90 * DAY],
    integer: true,
    multipleOf: DAY,
    severity: "ticket",
    source: "AWS Certificate Manager DaysToExpiry (ACM renews 60 days before expiry); Google uptime check time_until_ssl_cert_expires; Azure web test SSL lifetime check; cert-manager certmanager_certificate_expiration_timestamp_seconds",
  },
  "ddos-detected": {
    meaning: "The cloud's DDoS protection reports an attack on the edge in progress.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "page",
    source: "AWS Shield Advanced DDoSDetected; Google Cloud Armor Adaptive Protection alerts; Azure DDoS Protection IfUnderDDoSAttack",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical edge alert. */
export type EdgeAlertId = keyof typeof EDGE_ALERTS;
