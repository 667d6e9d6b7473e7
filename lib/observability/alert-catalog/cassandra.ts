import type { AlertCatalog } from "./types";

/** Canonical alerts of Cassandra (Amazon Keyspaces, Azure Managed Instance for Apache Cassandra, K8ssandra). */
export const CASSANDRA_ALERTS = {
  "nodes-down": {
    meaning: "More Cassandra nodes than the threshold are down or not ready.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "page",
    source: "K8ssandra: StatefulSet replicas not ready; a node down at replication factor 3 leaves QUORUM one failure from unavailable",
  },
  "read-latency-high": {
    meaning: "The 99th percentile of client read latency above the threshold.",
    unit: "seconds",
    fires: ">",
    threshold: 0.2,
    range: [0.001, 60],
    severity: "ticket",
    source: "K8ssandra / Cassandra ClientRequest Latency (p99), 200 ms",
  },
  "write-latency-high": {
    meaning: "The 99th percentile of client write latency above the threshold.",
    unit: "seconds",
    fires: ">",
    threshold: 0.2,
    range: [0.001, 60],
    severity: "ticket",
    source: "K8ssandra / Cassandra ClientRequest Latency (p99), 200 ms",
  },
  "storage-low": {
    meaning: "Free space of the fullest node's data volume below the threshold, as a percent; compaction needs free room to run.",
    unit: "percent",
    fires: "<",
    threshold: 25,
    severity: "ticket",
    source: "Azure Managed Instance for Apache Cassandra monitoring guidance (act at 75 % disk utilization)",
  },
  "cpu-high": {
    meaning: "CPU utilization of a Cassandra node above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 80,
    severity: "ticket",
    source: "Azure Managed Instance for Apache Cassandra monitoring guidance (80 %)",
  },
  "memory-high": {
    meaning: "Memory used on a Cassandra node above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 90,
    severity: "ticket",
    source: "Azure Managed Instance for Apache Cassandra monitoring guidance (90 %)",
  },
  "dropped-messages": {
    meaning: "Nodes drop more internode messages (mutations, reads) per second than the threshold: they are overloaded and replicas diverge.",
    unit: "per-second",
    fires: ">",
    threshold: 0,
    severity: "ticket",
    source: "Cassandra DroppedMessage metrics; Azure Managed Instance cassandra_dropped_message_rate",
  },
  "pending-compactions-high": {
    meaning: "More compactions than the threshold wait on a node: reads slow down and disk use grows.",
    unit: "count",
    fires: ">",
    threshold: 100,
    integer: true,
    severity: "ticket",
    source: "Cassandra Compaction PendingTasks; DataStax recommends investigating sustained pending compactions above 100",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical Cassandra alert. */
export type CassandraAlertId = keyof typeof CASSANDRA_ALERTS;
