import { ERROR_LOG_LEVELS, LOG_LEVEL_FIELDS } from "../core/components/logs";

// The Logging query language texts Vigil writes on GCP: which entries are
// the platform's workload logs (routed to its bucket, kept out of _Default),
// which are a service's, and which of those are error lines. Sources:
// Cloud Logging, "Logging query language" (`=~` is an RE2 match, `:*` tests
// that a field exists, a newline is AND); GKE, "About GKE logs" (the agent
// writes container logs against `k8s_container` with `cluster_name`,
// `namespace_name`, `pod_name`, `container_name`, node logs against
// `k8s_node`; a JSON line becomes `jsonPayload`, its `severity` field the
// entry's severity, and a line without one is INFO on stdout, ERROR on stderr).

/** Monitored resource types of the logs GKE's agent writes from the nodes: containers, pods (events), nodes (kubelet, runtime). */
const GKE_WORKLOAD_LOG_RESOURCES: readonly string[] = ["k8s_container", "k8s_pod", "k8s_node"];

/** A Logging query string literal. */
function literal(value: string): string {
  return JSON.stringify(value);
}

/** The entries of the cluster's containers, pods and nodes: what the platform's log sink routes and `_Default` excludes. */
export function workloadLogFilter(clusterName: string): string {
  return [`resource.type=(${GKE_WORKLOAD_LOG_RESOURCES.map(literal).join(" OR ")})`, `resource.labels.cluster_name=${literal(clusterName)}`].join("\n");
}

/** The service's container logs: the cluster's `k8s_container` entries in the service's namespaces. */
export function serviceLogFilter(clusterName: string, namespaces: readonly string[]): string {
  const ns = namespaces.length === 1 ? literal(namespaces[0]) : `(${namespaces.map(literal).join(" OR ")})`;
  return ['resource.type="k8s_container"', `resource.labels.cluster_name=${literal(clusterName)}`, `resource.labels.namespace_name=${ns}`].join("\n");
}

/**
 * Error lines, from the shared level list: a JSON line whose `level` or
 * `severity` field is one of `ERROR_LOG_LEVELS` (any case), or a JSON line
 * without `level` whose `severity` the agent parsed as ERROR or worse. A
 * plain-text line on stderr is not counted (GKE marks every one ERROR, also
 * a Go or Python program's ordinary output), as no other target counts it.
 */
function errorLogFilter(): string {
  const levels = `"(?i)^(${ERROR_LOG_LEVELS.join("|")})$"`;
  const fields = LOG_LEVEL_FIELDS.map((f) => `jsonPayload.${f}=~${levels}`);
  return `(${[...fields, `(jsonPayload:* AND NOT jsonPayload.${LOG_LEVEL_FIELDS[0]}:* AND severity>=ERROR)`].join(" OR ")})`;
}

/** The service's error lines. */
export function serviceErrorLogFilter(clusterName: string, namespaces: readonly string[]): string {
  return `${serviceLogFilter(clusterName, namespaces)}\n${errorLogFilter()}`;
}

/** Where a Logs Explorer link opens: project, the bucket's location and id. */
interface LogsExplorerScope {
  /** Project id. */
  readonly project: string;
  /** The log bucket's location (a region). */
  readonly location: string;
  /** The log bucket's id. */
  readonly bucketId: string;
}

/**
 * A Logs Explorer URL that runs `query` over the last hour on the bucket's
 * `_AllLogs` view (the console's `query`, `storageScope=storage,<view>` and
 * `duration` matrix parameters, each value URL-encoded).
 */
export function logsExplorerUrl(scope: LogsExplorerScope, query: string): string {
  const view = `projects/${scope.project}/locations/${scope.location}/buckets/${scope.bucketId}/views/_AllLogs`;
  return `https://console.cloud.google.com/logs/query;query=${encodeURIComponent(query)};storageScope=storage,${encodeURIComponent(view)};duration=PT1H?project=${encodeURIComponent(scope.project)}`;
}
