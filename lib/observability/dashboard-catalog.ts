import type { PanelSpec } from "./dashboard-model";

/** The panels of one component kind's dashboard, by id. */
type PanelCatalog = Readonly<Record<string, PanelSpec>>;

/**
 * The golden-signal panels of every component kind: one title, signal and
 * unit per id, the same on every target. Each target resolves each id to
 * its native query or declares it unavailable with a reason
 * (`DashboardBindings`); panels only one target has live in its bindings'
 * `targetOnly`. The ids follow the canonical alerts where a panel shows
 * what an alert watches (`cpu` for `cpu-high`), so on-call reads the alert
 * and its panel side by side.
 */
export const DASHBOARD_CATALOGS = {
  cluster: {
    "api-latency": { signal: "latency", title: "API server GET latency (p99)", unit: "seconds" },
    "api-requests": { signal: "traffic", title: "API server requests", unit: "per-second" },
    "api-errors": { signal: "errors", title: "API server 5xx responses", unit: "per-second" },
    "pods-crash-looping": { signal: "errors", title: "Crash-looping containers", unit: "count" },
    "node-cpu": { signal: "saturation", title: "Node CPU used", unit: "percent" },
    "node-memory": { signal: "saturation", title: "Node memory used", unit: "percent" },
    "node-storage": { signal: "saturation", title: "Node storage used", unit: "percent" },
    "pods-unschedulable": { signal: "saturation", title: "Unschedulable pods", unit: "count" },
  },
  kafka: {
    "produce-latency": { signal: "latency", title: "Produce request time", unit: "seconds" },
    "bytes-in": { signal: "traffic", title: "Bytes in", unit: "bytes-per-second" },
    "bytes-out": { signal: "traffic", title: "Bytes out", unit: "bytes-per-second" },
    "offline-partitions": { signal: "errors", title: "Offline partitions", unit: "count" },
    "under-replicated-partitions": { signal: "errors", title: "Under-replicated partitions", unit: "count" },
    cpu: { signal: "saturation", title: "CPU used", unit: "percent" },
    memory: { signal: "saturation", title: "Memory used", unit: "percent" },
    storage: { signal: "saturation", title: "Storage used", unit: "percent" },
    "consumer-lag": { signal: "saturation", title: "Consumer lag (messages)", unit: "count" },
  },
  cassandra: {
    "read-latency": { signal: "latency", title: "Read latency (p99)", unit: "seconds" },
    "write-latency": { signal: "latency", title: "Write latency (p99)", unit: "seconds" },
    "nodes-down": { signal: "errors", title: "Nodes down", unit: "count" },
    "dropped-messages": { signal: "errors", title: "Dropped messages", unit: "per-second" },
    cpu: { signal: "saturation", title: "CPU used", unit: "percent" },
    memory: { signal: "saturation", title: "Memory used", unit: "percent" },
    storage: { signal: "saturation", title: "Storage used", unit: "percent" },
    "pending-compactions": { signal: "saturation", title: "Pending compactions", unit: "count" },
  },
  search: {
    "cluster-red": { signal: "errors", title: "Cluster status red", unit: "count" },
    cpu: { signal: "saturation", title: "CPU used", unit: "percent" },
    "jvm-memory": { signal: "saturation", title: "JVM heap used", unit: "percent" },
    storage: { signal: "saturation", title: "Storage used", unit: "percent" },
    "write-queue": { signal: "saturation", title: "Write thread pool queue", unit: "count" },
    "search-queue": { signal: "saturation", title: "Search thread pool queue", unit: "count" },
  },
  postgres: {
    "replication-lag": { signal: "latency", title: "Replication lag", unit: "seconds" },
    connections: { signal: "traffic", title: "Connections", unit: "count" },
    "read-ops": { signal: "traffic", title: "Disk reads", unit: "per-second" },
    "write-ops": { signal: "traffic", title: "Disk writes", unit: "per-second" },
    cpu: { signal: "saturation", title: "CPU used", unit: "percent" },
    memory: { signal: "saturation", title: "Memory used", unit: "percent" },
    storage: { signal: "saturation", title: "Storage used", unit: "percent" },
  },
  endpoint: {
    "check-duration": { signal: "latency", title: "Check duration", unit: "seconds" },
    "checks-passing": { signal: "errors", title: "Checks passing", unit: "percent" },
  },
  edge: {
    "latency-p99": { signal: "latency", title: "Edge latency (p99)", unit: "seconds" },
    requests: { signal: "traffic", title: "Edge requests", unit: "per-second" },
    "errors-5xx": { signal: "errors", title: "Edge 5xx responses", unit: "percent" },
    "waf-blocked": { signal: "errors", title: "Requests blocked by the WAF", unit: "per-second" },
  },
  logs: {
    "log-lines": { signal: "traffic", title: "Log lines", unit: "per-second" },
    "error-logs": { signal: "errors", title: "Error log lines", unit: "per-second" },
  },
  "log-pipeline": {
    "collectors-unavailable": { signal: "errors", title: "Nodes without a ready log collector", unit: "count" },
  },
} as const satisfies Readonly<Record<string, PanelCatalog>>;

/** A component kind with a dashboard catalog. */
export type DashboardKind = keyof typeof DASHBOARD_CATALOGS;

/** The panel ids of a component kind. */
export type PanelIdOf<K extends DashboardKind> = keyof (typeof DASHBOARD_CATALOGS)[K] & string;

/** Every component kind with a dashboard, in catalog order. */
export const DASHBOARD_KINDS = Object.keys(DASHBOARD_CATALOGS) as DashboardKind[];

/** The catalog of a kind, typed for iteration. */
export function panelCatalog(kind: DashboardKind): PanelCatalog {
  return DASHBOARD_CATALOGS[kind];
}
