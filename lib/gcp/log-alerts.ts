import { runbookUrl } from "../observability/alert";
import type { GcpAlertDefinition } from "./alert-policy";
import type { GcpAlertBindings, GcpDashboardBindings } from "./private/component-alerts";
import { promSelector } from "./private/promql";

/** Component name of a service's log alerts (runbook folder). */
export const GCP_SERVICE_LOGS_COMPONENT = "cloud-logging";

/** Component name of the log pipeline's alerts (runbook folder). */
export const GKE_LOGGING_COMPONENT = "gke-logging";

/** Prefix of the metric type of a user-defined log-based metric (Cloud Logging, "Log-based metrics overview"). */
export const USER_LOG_METRIC_PREFIX = "logging.googleapis.com/user/";

/** Namespace and container of GKE's logging agent: the `fluentbit-gke` DaemonSet (and its `-max`, `-256pd` variants), whose `fluentbit-gke` container writes to Cloud Logging. */
const GKE_LOGGING_AGENT = { namespace: "kube-system", container: "fluentbit-gke" } as const;

/** Seconds over which `error-logs-high` averages the error lines (the catalog's 5 minutes). */
const ERROR_WINDOW_SECONDS = 300;

/** The two log-based metrics of a service, by metric type. */
interface ServiceLogMetrics {
  /** Every line of the service's containers. */
  readonly lines: string;
  /** Its error lines. */
  readonly errors: string;
}

/**
 * A service's log alerts on GCP, on two user-defined log-based counters
 * (DELTA, INT64, against `k8s_container`) that count its lines and its
 * error lines. Project-scoped log-based metrics count every entry the
 * Logging API receives for the project, excluded or routed elsewhere alike
 * (Cloud Logging, "Log-based metrics overview"), so they see the lines the
 * platform routes to its own bucket. Each policy sums the service's
 * containers into one series (REDUCE_SUM): a pod replaced is not a series
 * gone missing.
 */
export function serviceLogAlertBindings(service: string, metrics: ServiceLogMetrics, runbookBaseUrl: string): GcpAlertBindings<"logs"> {
  const alert = (a: Omit<GcpAlertDefinition, "component" | "runbookUrl">): GcpAlertDefinition => ({ ...a, component: GCP_SERVICE_LOGS_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, GCP_SERVICE_LOGS_COMPONENT, a.id) });
  const sum = { reducer: "REDUCE_SUM", groupBy: [] } as const;
  return {
    kind: "logs",
    canonical: {
      "error-logs-high": {
        build: (s) =>
          alert({
            id: "error-logs-high",
            severity: s.severity,
            summary: `${service} writes more than ${s.threshold} error log lines per second`,
            description: `The service's error lines (a JSON \`level\` or \`severity\` of error or worse; log-based metric ${metrics.errors}), summed over its containers and averaged over 5 minutes (ALIGN_RATE over ${ERROR_WINDOW_SECONDS} s), above ${s.threshold} per second. No error line writes no point, which is not an alert.`,
            threshold: s.threshold,
            unit: "lines/s",
            condition: { kind: "native-metric", namespace: "k8s_container", metricName: metrics.errors, dimensions: {}, statistic: "ALIGN_RATE", periodSeconds: ERROR_WINDOW_SECONDS, evaluationPeriods: 1, comparison: ">", missingData: "notBreaching" },
            crossSeries: sum,
          }),
      },
      "logs-missing": {
        build: (s) =>
          alert({
            id: "logs-missing",
            severity: s.severity,
            summary: `No log line from ${service} for ${s.threshold} seconds`,
            description: `Cloud Logging received no line from the service's containers (log-based metric ${metrics.lines}, summed over its containers) for ${s.threshold} seconds (a metric-absence condition): the service stopped, its pods are gone, or the cluster's logging agent stopped writing.`,
            threshold: s.threshold,
            unit: "seconds",
            condition: { kind: "native-metric", namespace: "k8s_container", metricName: metrics.lines, dimensions: {}, statistic: "ALIGN_SUM", periodSeconds: 60, evaluationPeriods: 1, comparison: ">", missingData: "breaching" },
            crossSeries: sum,
            absent: true,
          }),
      },
    },
  };
}

/**
 * Nodes of the cluster without a running logging agent: the nodes reporting
 * `kubernetes.io/node/cpu/allocatable_utilization` less the `fluentbit-gke`
 * pods reporting `kubernetes.io/container/uptime` (GKE system metrics; the
 * `k8s_container` resource has no node label, so the agent's pods, one per
 * node, are counted). GKE's managed kube state metrics leave out
 * `kube-system`, where the DaemonSet runs.
 */
function collectorsUnavailableQuery(clusterName: string): string {
  const cluster = `cluster_name="${clusterName}"`;
  const nodes = `count(max by (node_name) (${promSelector("kubernetes.io/node/cpu/allocatable_utilization", [cluster])}))`;
  const agents = `count(max by (pod_name) (${promSelector("kubernetes.io/container/uptime", [cluster, `namespace_name="${GKE_LOGGING_AGENT.namespace}"`, `container_name="${GKE_LOGGING_AGENT.container}"`])}))`;
  return `${nodes} - (${agents} or vector(0))`;
}

/** The log pipeline's alert on GCP: `collector-down` on GKE's managed logging agent. */
export function gkeLoggingAlertBindings(clusterName: string, runbookBaseUrl: string): GcpAlertBindings<"log-pipeline"> {
  return {
    kind: "log-pipeline",
    canonical: {
      "collector-down": {
        build: (s) => ({
          id: "collector-down",
          severity: s.severity,
          component: GKE_LOGGING_COMPONENT,
          runbookUrl: runbookUrl(runbookBaseUrl, GKE_LOGGING_COMPONENT, "collector-down"),
          summary: `More than ${s.threshold} node(s) of ${clusterName} run no logging agent`,
          description: `For 10 minutes, more nodes than ${s.threshold} reported metrics while fewer pods of GKE's logging agent (DaemonSet fluentbit-gke in kube-system, container fluentbit-gke) reported running (kubernetes.io/container/uptime): the container and node logs of those nodes do not reach Cloud Logging. GKE manages the DaemonSet; check its pods (kubectl -n kube-system get pods -l k8s-app=fluentbit-gke) and the node's resources.`,
          threshold: s.threshold,
          unit: "nodes",
          condition: { kind: "promql", query: collectorsUnavailableQuery(clusterName), comparison: ">", for: "10m" },
        }),
      },
    },
  };
}

/** The service dashboard's log panels: lines and error lines per second, from the service's log-based metrics. */
export function serviceLogPanels(metrics: ServiceLogMetrics): GcpDashboardBindings<"logs"> {
  return {
    kind: "logs",
    panels: {
      "log-lines": { query: { kind: "filter", resourceType: "k8s_container", metricType: metrics.lines, aligner: "ALIGN_RATE" } },
      "error-logs": { query: { kind: "filter", resourceType: "k8s_container", metricType: metrics.errors, aligner: "ALIGN_RATE" } },
    },
  };
}

/** The log pipeline's panel: nodes without a running logging agent. */
export function gkeLoggingPanels(clusterName: string): GcpDashboardBindings<"log-pipeline"> {
  return { kind: "log-pipeline", panels: { "collectors-unavailable": { query: { kind: "promql", query: collectorsUnavailableQuery(clusterName) } } } };
}
