import type { AlertCatalog } from "./types";

/** Canonical alerts of a search cluster (OpenSearch Service, Elasticsearch on ECK). */
export const SEARCH_ALERTS = {
  "cluster-red": {
    meaning: "Cluster health is red: at least one primary shard is unassigned, so part of the data cannot be searched or written.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "page",
    source: "AWS recommended alarm on OpenSearch ClusterStatus.red; Elasticsearch cluster health API",
  },
  "cluster-yellow": {
    meaning: "Cluster health is yellow: a replica shard is unassigned, so one more node failure loses data availability.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch ClusterStatus.yellow; Elasticsearch cluster health API",
  },
  "nodes-missing": {
    meaning: "More nodes than the threshold are missing from the cluster (fewer nodes than it was built with).",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch Nodes (below the configured count)",
  },
  "storage-low": {
    meaning: "Free storage of the fullest data node below the threshold, as a percent; the cluster blocks writes near full.",
    unit: "percent",
    fires: "<",
    threshold: 25,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch FreeStorageSpace (25 % of a node's storage)",
  },
  "cpu-high": {
    meaning: "CPU utilization of the data nodes above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 80,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch CPUUtilization (80 %)",
  },
  "jvm-memory-high": {
    meaning: "JVM heap used on a data node above the threshold: the node is close to out-of-memory and circuit breakers.",
    unit: "percent",
    fires: ">",
    threshold: 95,
    severity: "page",
    source: "AWS recommended alarm on OpenSearch JVMMemoryPressure (95 %)",
  },
  "write-queue-high": {
    meaning: "More write requests than the threshold are queued on the write thread pool.",
    unit: "count",
    fires: ">",
    threshold: 100,
    integer: true,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch ThreadpoolWriteQueue (100)",
  },
  "search-queue-high": {
    meaning: "More search requests than the threshold are queued on the search thread pool.",
    unit: "count",
    fires: ">",
    threshold: 500,
    integer: true,
    severity: "ticket",
    source: "AWS recommended alarm on OpenSearch ThreadpoolSearchQueue (500)",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical search alert. */
export type SearchAlertId = keyof typeof SEARCH_ALERTS;
