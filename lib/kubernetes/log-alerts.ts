import { ERROR_LOG_LEVELS } from "../core/components/logs";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import type { InClusterDashboardBindings } from "./dashboard-panels";
import { canonicalPromAlert } from "./private/alerts";
import { KSM } from "./private/selectors";

/** Component name of a service's log alerts in-cluster (runbook folder). */
export const LOGS_COMPONENT = "logs-fluent-bit";
/** Component name of the log pipeline's alerts in-cluster (runbook folder). */
export const LOG_PIPELINE_COMPONENT = "log-pipeline-fluent-bit";

/**
 * Counters Fluent Bit's `log_to_metrics` filter publishes (the filter names
 * them `log_metric_counter_<metric_name>`), one series per collector pod and
 * source namespace. The namespace label is `source_namespace`: Prometheus
 * overwrites a scraped `namespace` label with the collector pod's own.
 */
const LOG_LINES_METRIC = "log_metric_counter_log_lines";
/** Counter of error lines: the lines whose normalized `log_level` is one of {@link ERROR_LOG_LEVELS}. */
const ERROR_LOG_LINES_METRIC = "log_metric_counter_error_log_lines";
/** Label of the log counters naming the namespace a line came from. */
export const SOURCE_NAMESPACE_LABEL = "source_namespace";

/**
 * The regular expression (Onigmo, case-insensitive) Fluent Bit matches the
 * normalized level against: the whole value, one of the shared error levels.
 */
export function errorLevelRegex(): string {
  return `^(?i)(${ERROR_LOG_LEVELS.join("|")})$`;
}

/** The selector of a service's namespaces on the log counters. */
export function namespaceSelector(namespaces: readonly string[]): string {
  return namespaces.length === 1 ? `${SOURCE_NAMESPACE_LABEL}="${namespaces[0]}"` : `${SOURCE_NAMESPACE_LABEL}=~"${namespaces.join("|")}"`;
}

/**
 * A service's log alerts, on the counters Fluent Bit derives from the lines
 * it collects (summed over collector pods):
 * `error-logs-high` compares the per-second rate of error lines over 5
 * minutes with the threshold; `logs-missing` fires when the lines counted
 * over the last `threshold` seconds are fewer than one (`or vector(0)`: a
 * namespace that never logged has no series at all).
 */
export function logAlertBindings(service: string, namespaces: readonly string[], runbookBaseUrl: string): ComponentAlertBindings<"logs"> {
  const sel = namespaceSelector(namespaces);
  const where = namespaces.map((n) => `"${n}"`).join(", ");
  const alert = (spec: Parameters<typeof canonicalPromAlert>[2]) => canonicalPromAlert(LOGS_COMPONENT, runbookBaseUrl, spec);
  return {
    kind: "logs",
    canonical: {
      "error-logs-high": {
        build: (s) =>
          alert({
            id: "error-logs-high",
            summary: `${service} writes more than ${s.threshold} error log lines per second`,
            description: `Error-level lines (the line's JSON \`level\` or \`severity\` is one of ${ERROR_LOG_LEVELS.join(", ")}) from the containers of namespace(s) ${where}, per second averaged over 5 minutes (${ERROR_LOG_LINES_METRIC}, counted by Fluent Bit), above ${s.threshold}. Open the service's logs in Kibana with the error query to see them.`,
            threshold: s.threshold,
            unit: "lines/s",
            query: `sum(rate(${ERROR_LOG_LINES_METRIC}{${sel}}[5m]))`,
            comparison: ">",
            for: "1m",
          }),
      },
      "logs-missing": {
        build: (s) =>
          alert({
            id: "logs-missing",
            summary: `No log line from ${service} for ${s.threshold} seconds`,
            description: `Fluent Bit collected no line from the containers of namespace(s) ${where} in the last ${s.threshold} seconds (${LOG_LINES_METRIC}): the service stopped, stopped logging, or the log pipeline stopped (see the collector-down alert).`,
            // The window is the threshold: fewer than one line counted over it.
            threshold: 1,
            unit: "lines",
            query: `(sum(increase(${LOG_LINES_METRIC}{${sel}}[${s.threshold}s])) or vector(0))`,
            comparison: "<",
            for: "0m",
          }),
      },
    },
  };
}

/** The selector of the collector DaemonSet in kube-state-metrics. */
function collectorSelector(namespace: string, daemonSet: string): string {
  return `${KSM},namespace="${namespace}",daemonset="${daemonSet}"`;
}

/**
 * The pipeline's alert: nodes whose Fluent Bit pod is not available
 * (kube-state-metrics `kube_daemonset_status_number_unavailable`) above the
 * threshold for 10 minutes (a rolling update takes a node's pod down for
 * less).
 */
export function logPipelineAlertBindings(namespace: string, daemonSet: string, runbookBaseUrl: string): ComponentAlertBindings<"log-pipeline"> {
  return {
    kind: "log-pipeline",
    canonical: {
      "collector-down": {
        build: (s) =>
          canonicalPromAlert(LOG_PIPELINE_COMPONENT, runbookBaseUrl, {
            id: "collector-down",
            summary: `More than ${s.threshold} node(s) run no ready Fluent Bit`,
            description: `Nodes where the DaemonSet ${namespace}/${daemonSet} has no available pod (kube_daemonset_status_number_unavailable) above ${s.threshold} for 10 minutes: the logs of the pods on those nodes are not collected, and the kubelet deletes rotated container log files it keeps (5 files of 10 MiB per container by default).`,
            threshold: s.threshold,
            unit: "nodes",
            query: `max(kube_daemonset_status_number_unavailable{${collectorSelector(namespace, daemonSet)}})`,
            comparison: ">",
            for: "10m",
          }),
      },
    },
  };
}

/** The log panels of a service: lines and error lines per second from its namespaces. */
export function logPanels(namespaces: readonly string[]): InClusterDashboardBindings<"logs"> {
  const sel = namespaceSelector(namespaces);
  return {
    kind: "logs",
    panels: {
      "log-lines": { query: { expr: `sum by (${SOURCE_NAMESPACE_LABEL}) (rate(${LOG_LINES_METRIC}{${sel}}[5m]))`, legend: `{{${SOURCE_NAMESPACE_LABEL}}}` } },
      "error-logs": { query: { expr: `sum by (${SOURCE_NAMESPACE_LABEL}) (rate(${ERROR_LOG_LINES_METRIC}{${sel}}[5m]))`, legend: `{{${SOURCE_NAMESPACE_LABEL}}}` } },
    },
  };
}

/** The pipeline's panel: nodes without an available collector. */
export function logPipelinePanels(namespace: string, daemonSet: string): InClusterDashboardBindings<"log-pipeline"> {
  return { kind: "log-pipeline", panels: { "collectors-unavailable": { query: { expr: `max(kube_daemonset_status_number_unavailable{${collectorSelector(namespace, daemonSet)}})` } } } };
}
