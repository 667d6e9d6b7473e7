import type { AlertCatalog } from "./types";

/** Canonical alerts of a Kafka cluster (MSK, Managed Service for Apache Kafka, Event Hubs, Strimzi). */
export const KAFKA_ALERTS = {
  "offline-partitions": {
    meaning: "More partitions than the threshold have no leader: reads and writes to them fail.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "page",
    source: "AWS recommended alarm on MSK OfflinePartitionsCount (> 0); Strimzi sample alert OfflinePartitions",
  },
  "under-min-isr": {
    meaning: "More partitions than the threshold have fewer in-sync replicas than min.insync.replicas: acks=all writes to them fail.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "page",
    source: "AWS recommended alarm on MSK UnderMinIsrPartitionCount (> 0); Strimzi sample alert UnderMinIsrPartitionCount",
  },
  "under-replicated-partitions": {
    meaning: "More partitions than the threshold have a replica that is not in sync: one more failure loses them.",
    unit: "count",
    fires: ">",
    threshold: 0,
    integer: true,
    severity: "ticket",
    source: "AWS recommended alarm on MSK UnderReplicatedPartitions (> 0); Strimzi sample alert UnderReplicatedPartitions",
  },
  "no-active-controller": {
    meaning: "The cluster does not have exactly one active controller: nobody manages partition leadership.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "page",
    source: "AWS recommended alarm on MSK ActiveControllerCount (< 1); Strimzi sample alert ActiveControllerCount",
  },
  "storage-low": {
    meaning: "Free space of the fullest broker's data volume below the threshold, as a percent; a full volume stops the broker.",
    unit: "percent",
    fires: "<",
    threshold: 15,
    severity: "ticket",
    source: "AWS recommends acting when MSK KafkaDataLogsDiskUsed reaches 85 %",
  },
  "cpu-high": {
    meaning: "CPU utilization of a broker above the threshold (on MSK: user CPU, which AWS budgets with system CPU under 60 %).",
    unit: "percent",
    fires: ">",
    threshold: 60,
    severity: "ticket",
    source: "AWS MSK best practices: keep broker CPU under 60 % so a broker can take over a failed peer's load",
  },
  "memory-high": {
    meaning: "Memory used by a broker above the threshold (on MSK and Strimzi: the JVM heap still used after garbage collection).",
    unit: "percent",
    fires: ">",
    threshold: 60,
    severity: "ticket",
    source: "AWS recommended alarm on MSK HeapMemoryAfterGC (60 %)",
  },
  "consumer-lag-high": {
    meaning: "A consumer group is more messages behind a topic than the threshold: its consumers are down, stuck or too slow.",
    unit: "count",
    fires: ">",
    threshold: 10000,
    integer: true,
    severity: "ticket",
    source: "Google \"Monitor consumer lag\" for Managed Service for Apache Kafka; the Strimzi Kafka Exporter's kafka_consumergroup_lag",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical Kafka alert. */
export type KafkaAlertId = keyof typeof KAFKA_ALERTS;
