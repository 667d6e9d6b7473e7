import { ERROR_LOG_LEVELS, LOG_LEVEL_FIELDS } from "../core/components/logs";
import { runbookUrl } from "../observability/alert";
import type { AwsAlertBindings, AwsDashboardBindings, NativeAlert } from "./private/component-alerts";

/** Component name of a service's log alerts (runbook folder, alarm and dashboard names). */
export const LOGS_COMPONENT = "cloudwatch-logs";

/** Component name of the log pipeline's alerts. */
export const LOG_PIPELINE_COMPONENT = "fluent-bit";

/** Namespace of the metrics the log groups' metric filters publish. */
export const LOG_METRICS_NAMESPACE = "Vigil/Logs";

/** Seconds of the period `error-logs-high` sums error lines over: the catalog's 5 minutes. */
const ERROR_LOGS_PERIOD_SECONDS = 300;

/** Seconds of each period `logs-missing` looks for a line in; the window is whole periods. */
const LOGS_MISSING_PERIOD_SECONDS = 60;

/** The metric filter's JSON field that holds a parsed line (Fluent Bit `Merge_Log_Key`). */
const PARSED_LOG_KEY = "log_processed";

/** Names of a service's log metrics (one series per service, fed by each of its log groups). */
export function logMetricNames(resourceName: string): { readonly lines: string; readonly errors: string } {
  return { lines: `${resourceName}/log-lines`, errors: `${resourceName}/error-log-lines` };
}

/**
 * A CloudWatch Logs regular expression matching any of `levels` whatever
 * their case, whole value only. CloudWatch's filter-pattern regex has no
 * groups and no case flag (CloudWatch Logs User Guide, "Supported regular
 * expressions (regex) syntax"), so each level is its own anchored branch
 * with a character class per letter.
 */
export function anyCaseRegex(levels: readonly string[]): string {
  const letters = (level: string) => [...level].map((c) => (/[a-z]/.test(c) ? `[${c.toUpperCase()}${c}]` : c)).join("");
  return levels.map((l) => `^${letters(l)}$`).join("|");
}

/**
 * Metric filter pattern of an error line: the parsed JSON line's level
 * field (each of `LOG_LEVEL_FIELDS`) is one of `ERROR_LOG_LEVELS`, in any
 * case. Two regular expressions, the most a JSON filter pattern takes.
 */
export function errorLinePattern(): string {
  const regex = anyCaseRegex(ERROR_LOG_LEVELS);
  return `{ ${LOG_LEVEL_FIELDS.map((f) => `$.${PARSED_LOG_KEY}.${f} = %${regex}%`).join(" || ")} }`;
}

/**
 * The canonical log alerts of a service on AWS, on the metrics its log
 * groups' metric filters publish (one series for all its namespaces):
 * - `error-logs-high`: the error-line count summed over 5 minutes above
 *   `threshold × 300` (per second averaged over the period); no data means no
 *   error line.
 * - `logs-missing`: fewer than 1 line in every 1-minute period of the
 *   threshold's window (rounded up to whole minutes); a metric filter
 *   publishes nothing when no line arrives, so missing data is breaching
 *   (CloudWatch User Guide, "Configuring how CloudWatch alarms treat
 *   missing data").
 */
export function serviceLogAlertBindings(service: string, resourceName: string, where: string, runbookBaseUrl: string): AwsAlertBindings<"logs"> {
  const metrics = logMetricNames(resourceName);
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl">): NativeAlert => ({ ...a, component: LOGS_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, LOGS_COMPONENT, a.id) });
  return {
    kind: "logs",
    canonical: {
      "error-logs-high": {
        build: (s) =>
          alert({
            id: "error-logs-high",
            summary: `${service} writes more than ${s.threshold} error log lines per second`,
            description: `Error lines (a JSON line whose ${LOG_LEVEL_FIELDS.join(" or ")} is ${ERROR_LOG_LEVELS.join(", ")}, any case) in ${where}, summed over 5 minutes, above ${s.threshold}/s × 300 s. Open the service's logs in CloudWatch Logs Insights and group the errors by message. No data means no error line.`,
            severity: s.severity,
            threshold: s.threshold * ERROR_LOGS_PERIOD_SECONDS,
            unit: "error lines per 5 minutes",
            condition: {
              kind: "native-metric",
              namespace: LOG_METRICS_NAMESPACE,
              metricName: metrics.errors,
              dimensions: {},
              statistic: "Sum",
              periodSeconds: ERROR_LOGS_PERIOD_SECONDS,
              evaluationPeriods: 1,
              comparison: ">",
              missingData: "notBreaching",
            },
          }),
      },
      "logs-missing": {
        build: (s) => {
          const periods = Math.ceil(s.threshold / LOGS_MISSING_PERIOD_SECONDS);
          return alert({
            id: "logs-missing",
            summary: `No log line from ${service} for ${periods * LOGS_MISSING_PERIOD_SECONDS} seconds`,
            description: `No line reached ${where} in ${periods} consecutive minutes: the service's pods stopped, or Fluent Bit on their nodes did (see the collector-down alert). Check the pods with kubectl, then the fluent-bit DaemonSet in amazon-cloudwatch.`,
            severity: s.severity,
            threshold: 1,
            unit: "log lines per minute",
            condition: {
              kind: "native-metric",
              namespace: LOG_METRICS_NAMESPACE,
              metricName: metrics.lines,
              dimensions: {},
              statistic: "Sum",
              periodSeconds: LOGS_MISSING_PERIOD_SECONDS,
              evaluationPeriods: periods,
              datapointsToAlarm: periods,
              comparison: "<",
              missingData: "breaching",
            },
          });
        },
      },
    },
  };
}

/** The Fluent Bit DaemonSet of the amazon-cloudwatch-observability add-on (name, namespace). */
const FLUENT_BIT_DAEMONSET = { name: "fluent-bit", namespace: "amazon-cloudwatch" } as const;

/**
 * `collector-down` on AWS: `daemonset_status_number_unavailable` of the
 * fluent-bit DaemonSet (Container Insights with enhanced observability; the
 * CloudWatch agent publishes it per DaemonSet with the dimensions
 * `ClusterName`, `Namespace`, `PodName` = the DaemonSet's name; CloudWatch
 * agent `translator/.../awsemf` daemonset metric declarations), the number
 * of nodes that should run a Fluent Bit pod and have none available, above
 * the threshold in 5 consecutive minutes. A window without data (the
 * CloudWatch agent is down) puts the alarm in INSUFFICIENT_DATA, never OK.
 */
export function logPipelineAlertBindings(clusterName: string, runbookBaseUrl: string): AwsAlertBindings<"log-pipeline"> {
  return {
    kind: "log-pipeline",
    canonical: {
      "collector-down": {
        build: (s) => ({
          id: "collector-down",
          component: LOG_PIPELINE_COMPONENT,
          summary: `More than ${s.threshold} node(s) of ${clusterName} run no available Fluent Bit`,
          description: `daemonset_status_number_unavailable of the ${FLUENT_BIT_DAEMONSET.namespace}/${FLUENT_BIT_DAEMONSET.name} DaemonSet above ${s.threshold} for 5 minutes: the logs of the pods on those nodes are not shipped (they stay on the node until kubelet rotates them). kubectl -n ${FLUENT_BIT_DAEMONSET.namespace} get pods -l k8s-app=fluent-bit -o wide; check the add-on's health in the EKS console.`,
          severity: s.severity,
          runbookUrl: runbookUrl(runbookBaseUrl, LOG_PIPELINE_COMPONENT, "collector-down"),
          threshold: s.threshold,
          unit: "nodes",
          condition: {
            kind: "native-metric",
            namespace: "ContainerInsights",
            metricName: "daemonset_status_number_unavailable",
            dimensions: { ClusterName: clusterName, Namespace: FLUENT_BIT_DAEMONSET.namespace, PodName: FLUENT_BIT_DAEMONSET.name },
            statistic: "Maximum",
            periodSeconds: 60,
            evaluationPeriods: 5,
            comparison: ">",
            missingData: "missing",
          },
        }),
      },
    },
  };
}

/** A service's log panels: lines and error lines per second, from its metric filters' series. */
export function serviceLogPanels(resourceName: string): AwsDashboardBindings<"logs"> {
  const metrics = logMetricNames(resourceName);
  // A per-period Sum of lines, divided by the period: lines per second.
  const perSecond = (metricName: string) => ({ query: { namespace: LOG_METRICS_NAMESPACE, metricName, dimensions: {}, statistic: "Sum" as const, expression: "m1 / PERIOD(m1)" } });
  return { kind: "logs", panels: { "log-lines": perSecond(metrics.lines), "error-logs": perSecond(metrics.errors) } };
}

/** The log pipeline's panel: nodes without an available Fluent Bit. */
export function logPipelinePanels(clusterName: string): AwsDashboardBindings<"log-pipeline"> {
  return {
    kind: "log-pipeline",
    panels: {
      "collectors-unavailable": {
        query: {
          namespace: "ContainerInsights",
          metricName: "daemonset_status_number_unavailable",
          dimensions: { ClusterName: clusterName, Namespace: FLUENT_BIT_DAEMONSET.namespace, PodName: FLUENT_BIT_DAEMONSET.name },
          statistic: "Maximum",
        },
      },
    },
  };
}
