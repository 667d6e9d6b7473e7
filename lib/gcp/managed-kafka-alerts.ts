import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { GcpChart } from "./dashboard";
import { idSuffix } from "../observability/alert-members";
import type { AlertTemplate } from "./private/component-alerts";

/** Component name of Managed Service for Apache Kafka alerts (runbook folder). */
export const MANAGED_KAFKA_COMPONENT = "managed-kafka";

/** Monitored resource type of Managed Kafka metrics. */
const RESOURCE = "managedkafka.googleapis.com/Cluster";

/** Consumer lag (messages) above which a group is behind. */
export const MANAGED_KAFKA_LAG_THRESHOLD = 10000;

/**
 * Default alerts of a Managed Service for Apache Kafka cluster, on
 * `managedkafka.googleapis.com` metrics of the `managedkafka.googleapis.com/Cluster`
 * resource (label `cluster_id`). Sources: Google Cloud metrics list,
 * section "managedkafka"; "Monitor Kafka clusters for reliability" and
 * "Monitor the health of clients" (consumer lag per group,
 * `topic_error_count` for failed produce and fetch requests). One lag
 * policy per consumer group named on a topic (metric label `consumer_group`).
 */
export function managedKafkaAlerts(clusterId: string, consumerGroups: readonly string[], runbookBaseUrl: string): AlertTemplate[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, MANAGED_KAFKA_COMPONENT, id);
  const cond = (metric: string, statistic: string, periodSeconds: number, evaluationPeriods: number): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: RESOURCE,
    metricName: `managedkafka.googleapis.com/${metric}`,
    dimensions: { "resource.labels.cluster_id": clusterId },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison: ">",
    missingData: "missing",
  });
  const templates: AlertTemplate[] = [
    {
      alert: {
        id: "request-errors",
        component: MANAGED_KAFKA_COMPONENT,
        summary: `Kafka ${clusterId} fails produce or fetch requests`,
        description: "managedkafka.googleapis.com/topic_error_count above 1 per second for 10 minutes: clients' produce or fetch requests fail (unavailable partitions, quota, bad requests). Missing data is left as is.",
        severity: "ticket",
        runbookUrl: rb("request-errors"),
        threshold: 1,
        unit: "errors/s",
        condition: cond("topic_error_count", "ALIGN_RATE", 60, 10),
      },
    },
  ];
  if (consumerGroups.length > 0) {
    templates.push({
      alert: {
        id: "consumer-lag-high",
        component: MANAGED_KAFKA_COMPONENT,
        summary: `A consumer group of ${clusterId} is falling behind`,
        description: `managedkafka.googleapis.com/offset_lag above ${MANAGED_KAFKA_LAG_THRESHOLD} messages for 15 minutes: the group does not keep up with its topics. Missing data is left as is (the group may be idle).`,
        severity: "ticket",
        runbookUrl: rb("consumer-lag-high"),
        threshold: MANAGED_KAFKA_LAG_THRESHOLD,
        unit: "messages",
        condition: cond("offset_lag", "ALIGN_MAX", 300, 3),
      },
      targets: consumerGroups.map((group) => ({ suffix: idSuffix(group), label: `group ${group}`, dimensions: { "metric.labels.consumer_group": group } })),
    });
  }
  return templates;
}

/** Dashboard charts of a cluster. */
export function managedKafkaCharts(clusterId: string): GcpChart[] {
  const filters = { "resource.labels.cluster_id": clusterId };
  return [
    { title: "Requests", resourceType: RESOURCE, metricType: "managedkafka.googleapis.com/request_count", filters, aligner: "ALIGN_RATE" },
    { title: "Request errors", resourceType: RESOURCE, metricType: "managedkafka.googleapis.com/topic_error_count", filters, aligner: "ALIGN_RATE" },
    { title: "Consumer lag", resourceType: RESOURCE, metricType: "managedkafka.googleapis.com/offset_lag", filters, aligner: "ALIGN_MAX" },
  ];
}
