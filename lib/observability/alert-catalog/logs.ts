import type { AlertCatalog } from "./types";

/**
 * Canonical alerts on a service's logs, read from the target's log store.
 * An error line is one whose level is error or worse (see
 * `ERROR_LOG_LEVELS` in `lib/core/components/logs.ts`).
 */
export const LOG_ALERTS = {
  "error-logs-high": {
    meaning: "The service's containers wrote more error-level log lines per second, averaged over 5 minutes, than the threshold: a burst of failures, whatever the metrics say.",
    unit: "per-second",
    fires: ">",
    threshold: 1,
    range: [0.01, 10000],
    severity: "ticket",
    source: "Google SRE book, 'Monitoring distributed systems' (alert on symptoms, logs as a second signal); AWS Observability Best Practices, 'Logging': metric filters on error patterns",
  },
  "logs-missing": {
    meaning: "No log line from the service's containers reached the log store for the threshold's duration: the service stopped, or the log pipeline did.",
    unit: "seconds",
    fires: ">",
    threshold: 900,
    // Cloud Monitoring's metric-absence conditions take 2 min to 23.5 h; whole minutes, so CloudWatch's
    // 60 s periods, KQL windows and PromQL ranges all evaluate exactly the duration written.
    range: [300, 84600],
    integer: true,
    multipleOf: 60,
    severity: "ticket",
    source: "Google Cloud Monitoring, 'Metric-absence conditions'; CloudWatch alarms TreatMissingData=breaching; PCI DSS 10.7: failures of critical logging systems are detected and alerted",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical alert on a service's logs. */
export type LogAlertId = keyof typeof LOG_ALERTS;

/** Canonical alerts on a platform's log pipeline (the collector on every node). */
export const LOG_PIPELINE_ALERTS = {
  "collector-down": {
    meaning: "More nodes than the threshold run no ready log collector: logs from the pods on those nodes are not collected.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "Fluent Bit, 'Monitoring' (health of the DaemonSet); kube-state-metrics kube_daemonset_status_number_unavailable; PCI DSS 10.7",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical alert on a log pipeline. */
export type LogPipelineAlertId = keyof typeof LOG_PIPELINE_ALERTS;
