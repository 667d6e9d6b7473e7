import { runbookUrl } from "../observability/alert";
import { idSuffix } from "../observability/alert-members";
import type { GcpAlertDefinition } from "./alert-policy";
import { fraction } from "./cloud-sql-alerts";
import type { GcpAlertBindings } from "./private/component-alerts";
import { promSelector } from "./private/promql";

/** Component name of Managed Service for Apache Kafka alerts (runbook folder). */
export const MANAGED_KAFKA_COMPONENT = "managed-kafka";

/** Monitored resource type of the cluster metrics (label `cluster_id`). */
const CLUSTER = "managedkafka.googleapis.com/Cluster";

/** Monitored resource type of consumer lag: one series per topic partition and consumer group (labels `cluster_id`, `topic_id`, `consumer_group_id`). */
const GROUP_PARTITION = "managedkafka.googleapis.com/TopicPartitionConsumerGroup";

/** Why Managed Service for Apache Kafka has no broker data volume to alert on. */
export const NO_BROKER_VOLUME =
  "Managed Service for Apache Kafka tiers log segments to Google-managed storage and sizes the brokers' local disks itself; among its documented metrics (Monitor a cluster: cluster, topic, partition and consumer group metrics) none gives a broker volume's used or free space. Its reliability guide's advice to keep broker disk under 80 % could not be tied to a published metric type";

/**
 * Managed Service for Apache Kafka's alerts, bound to the canonical Kafka
 * catalog. Source: "Monitor a Google Cloud Managed Service for Apache Kafka
 * cluster" (https://cloud.google.com/managed-service-for-apache-kafka/docs/monitor-cluster):
 * the cluster metrics `cpu/core_usage_time` (cumulative vCPU seconds),
 * `cpu/limit` (the vCPUs configured), `memory/usage`, `memory/limit` and
 * `offline_partitions` (as the controller sees them) on
 * `managedkafka.googleapis.com/Cluster`, filtered on `cluster_id`; and
 * `offset_lag` (messages a consumer group has not committed, per partition)
 * on `managedkafka.googleapis.com/TopicPartitionConsumerGroup`
 * (`consumer_lag` is follower-replica lag, not a consumer's). CPU and memory
 * are ratios of two metrics: PromQL on Cloud Monitoring. The service
 * publishes usage and limit per cluster, so CPU and memory are the
 * cluster's (its brokers' mean). Consumer lag: one policy per consumer
 * group named on a topic, one for every group when none is named.
 */
export function managedKafkaAlertBindings(clusterId: string, consumerGroups: readonly string[], runbookBaseUrl: string): GcpAlertBindings<"kafka"> {
  const cluster = [`cluster_id="${clusterId}"`];
  const metric = (name: string) => promSelector(`managedkafka.googleapis.com/${name}`, cluster);
  const alert = (a: Omit<GcpAlertDefinition, "component" | "runbookUrl" | "severity">): GcpAlertDefinition => ({ ...a, severity: "ticket", component: MANAGED_KAFKA_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, MANAGED_KAFKA_COMPONENT, a.id) });
  return {
    kind: "kafka",
    canonical: {
      "offline-partitions": {
        build: (s) =>
          alert({
            id: "offline-partitions",
            summary: `${clusterId} has more than ${s.threshold} offline partition(s)`,
            description: `managedkafka.googleapis.com/offline_partitions (partitions without a leader, as the controller sees them) above ${s.threshold} for 5 minutes: producing to and consuming from them fails. Missing data is left as is.`,
            threshold: s.threshold,
            unit: "partitions",
            condition: {
              kind: "native-metric",
              namespace: CLUSTER,
              metricName: "managedkafka.googleapis.com/offline_partitions",
              dimensions: { "resource.labels.cluster_id": clusterId },
              statistic: "ALIGN_MAX",
              periodSeconds: 60,
              evaluationPeriods: 5,
              comparison: ">",
              missingData: "missing",
            },
          }),
      },
      "under-min-isr": { unavailable: "Managed Service for Apache Kafka publishes no under-min-ISR partition count (its documented cluster metrics have offline partitions only); it places replicas across three zones and restarts failed brokers itself" },
      "under-replicated-partitions": { unavailable: "Managed Service for Apache Kafka publishes no under-replicated partition count (its documented cluster metrics have offline partitions only; `consumer_lag` is a follower's lag in messages per partition, not a count of replicas out of sync)" },
      "no-active-controller": { unavailable: "Managed Service for Apache Kafka runs the controllers itself and publishes no active-controller metric; a controller-less cluster shows as offline partitions" },
      "storage-low": { unavailable: NO_BROKER_VOLUME },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `CPU of ${clusterId} above ${s.threshold} %`,
            description: `The cluster's CPU use (rate of managedkafka.googleapis.com/cpu/core_usage_time) over its configured vCPUs (cpu/limit) above ${fraction(s.threshold)} (${s.threshold} %) for 15 minutes: the brokers' mean CPU, which the service publishes per cluster; a hot broker can be busier. Add vCPUs (a larger \`size\`) before the brokers cannot absorb a failed peer's load.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: { kind: "promql", query: `sum(rate(${metric("cpu/core_usage_time")}[5m])) / sum(${metric("cpu/limit")})`, comparison: ">", for: "15m" },
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Memory of ${clusterId} above ${s.threshold} % used`,
            description: `The cluster's RAM in use (managedkafka.googleapis.com/memory/usage) over its configured RAM (memory/limit) above ${fraction(s.threshold)} (${s.threshold} %) for 15 minutes: the brokers' mean memory, which the service publishes per cluster (not the JVM heap after garbage collection that MSK and Strimzi report).`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: { kind: "promql", query: `sum(${metric("memory/usage")}) / sum(${metric("memory/limit")})`, comparison: ">", for: "15m" },
          }),
      },
      "consumer-lag-high": {
        build: (s) =>
          alert({
            id: "consumer-lag-high",
            summary: `A consumer group of ${clusterId} is more than ${s.threshold} messages behind`,
            description: `managedkafka.googleapis.com/offset_lag of a partition above ${s.threshold} messages for 15 minutes: the group's largest partition lag, as the in-cluster Kafka Exporter alert takes it; the group does not keep up with its topic. Missing data is left as is (an idle group commits nothing).`,
            threshold: s.threshold,
            unit: "messages",
            condition: {
              kind: "native-metric",
              namespace: GROUP_PARTITION,
              metricName: "managedkafka.googleapis.com/offset_lag",
              dimensions: { "resource.labels.cluster_id": clusterId },
              statistic: "ALIGN_MAX",
              periodSeconds: 300,
              evaluationPeriods: 3,
              comparison: ">",
              missingData: "missing",
            },
          }),
        ...(consumerGroups.length > 0
          ? { targets: consumerGroups.map((group) => ({ suffix: idSuffix(group), label: `group ${group}`, dimensions: { "resource.labels.consumer_group_id": group } })) }
          : {}),
      },
    },
  };
}
