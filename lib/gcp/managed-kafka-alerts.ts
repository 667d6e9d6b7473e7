import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { GcpChart } from "./dashboard";
import { idSuffix } from "../observability/alert-members";
import type { AlertTemplate } from "./private/component-alerts";

/** Component name of Managed Service for Apache Kafka alerts (runbook folder). */
export const MANAGED_KAFKA_COMPONENT = "managed-kafka";

/** Monitored resource type of consumer lag: one series per topic partition and consumer group (labels `cluster_id`, `topic_id`, `consumer_group_id`). */
const GROUP_PARTITION = "managedkafka.googleapis.com/TopicPartitionConsumerGroup";

/** Consumer lag (messages) of one partition above which a group is behind. */
export const MANAGED_KAFKA_LAG_THRESHOLD = 10000;

/**
 * Default alerts of a Managed Service for Apache Kafka cluster. Source:
 * Google Cloud metrics list, section "managedkafka", and "Monitor the
 * health of clients" (consumer lag): `managedkafka.googleapis.com/offset_lag`
 * counts the messages a consumer group has not committed, per partition, on
 * the `managedkafka.googleapis.com/TopicPartitionConsumerGroup` resource.
 * (`consumer_lag` is follower-replica lag, not a consumer's.) One policy per
 * consumer group named on a topic; with none named, one policy covering
 * every group of the cluster. `topic_error_count` and `request_count` were
 * left out of the alerts: the service's GA release notes (2025-07-09) list
 * them as not yet available for clusters.
 */
export function managedKafkaAlerts(clusterId: string, consumerGroups: readonly string[], runbookBaseUrl: string): AlertTemplate[] {
  const condition: NativeMetricCondition = {
    kind: "native-metric",
    namespace: GROUP_PARTITION,
    metricName: "managedkafka.googleapis.com/offset_lag",
    dimensions: { "resource.labels.cluster_id": clusterId },
    statistic: "ALIGN_MAX",
    periodSeconds: 300,
    evaluationPeriods: 3,
    comparison: ">",
    missingData: "missing",
  };
  return [
    {
      alert: {
        id: "consumer-lag-high",
        component: MANAGED_KAFKA_COMPONENT,
        summary: `A consumer group of ${clusterId} is falling behind`,
        description: `managedkafka.googleapis.com/offset_lag of a partition above ${MANAGED_KAFKA_LAG_THRESHOLD} messages for 15 minutes: the group does not keep up with its topic. Missing data is left as is (an idle group commits nothing).`,
        severity: "ticket",
        runbookUrl: runbookUrl(runbookBaseUrl, MANAGED_KAFKA_COMPONENT, "consumer-lag-high"),
        threshold: MANAGED_KAFKA_LAG_THRESHOLD,
        unit: "messages",
        condition,
      },
      ...(consumerGroups.length > 0
        ? { targets: consumerGroups.map((group) => ({ suffix: idSuffix(group), label: `group ${group}`, dimensions: { "resource.labels.consumer_group_id": group } })) }
        : {}),
    },
  ];
}

/**
 * Dashboard charts of a cluster: consumer lag (saturation). Request and
 * throughput charts and the broker CPU and disk utilization Google's
 * reliability guide recommends are left out until their metric types are
 * confirmed from the metrics list: `request_count` was listed as not yet
 * available for clusters at GA, and the other names could not be verified.
 */
export function managedKafkaCharts(clusterId: string): GcpChart[] {
  return [{ title: "Consumer lag", resourceType: GROUP_PARTITION, metricType: "managedkafka.googleapis.com/offset_lag", filters: { "resource.labels.cluster_id": clusterId }, aligner: "ALIGN_MAX" }];
}
