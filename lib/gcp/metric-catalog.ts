/**
 * Cloud Monitoring metric types Vigil alerts and graphs on, with the
 * monitored resource type each is written against. A policy's or a
 * dashboard chart's filter names both; a test checks every synthesized
 * policy and dashboard chart against this table.
 *
 * Sources: Google Cloud metrics list (https://cloud.google.com/monitoring/api/metrics_gcp),
 * sections "cloudsql", "kubernetes" (https://cloud.google.com/monitoring/api/metrics_kubernetes),
 * "managedkafka" and "monitoring" (uptime checks); monitored resource list
 * (https://cloud.google.com/monitoring/api/resources): `cloudsql_database`
 * (label `database_id` = `<project>:<instance>`), `k8s_node` and
 * `k8s_container` (label `cluster_name`), `managedkafka.googleapis.com/TopicPartitionConsumerGroup`
 * (labels `cluster_id`, `topic_id`, `consumer_group_id`), `uptime_url` (label `host`).
 */
export const GCP_METRIC_CATALOG: Readonly<Record<string, string>> = {
  "cloudsql.googleapis.com/database/up": "cloudsql_database",
  "cloudsql.googleapis.com/database/cpu/utilization": "cloudsql_database",
  "cloudsql.googleapis.com/database/memory/utilization": "cloudsql_database",
  "cloudsql.googleapis.com/database/disk/utilization": "cloudsql_database",
  "cloudsql.googleapis.com/database/postgresql/num_backends": "cloudsql_database",
  "cloudsql.googleapis.com/database/postgresql/transaction_id_utilization": "cloudsql_database",
  "cloudsql.googleapis.com/database/disk/read_ops_count": "cloudsql_database",
  "cloudsql.googleapis.com/database/disk/write_ops_count": "cloudsql_database",
  "kubernetes.io/node/cpu/allocatable_utilization": "k8s_node",
  "kubernetes.io/node/memory/allocatable_utilization": "k8s_node",
  "kubernetes.io/container/restart_count": "k8s_container",
  "kubernetes.io/container/cpu/core_usage_time": "k8s_container",
  "managedkafka.googleapis.com/offset_lag": "managedkafka.googleapis.com/TopicPartitionConsumerGroup",
  "monitoring.googleapis.com/uptime_check/check_passed": "uptime_url",
};

/** The monitored resource type of a catalogued metric type, or undefined. */
export function monitoredResourceOf(metricType: string): string | undefined {
  return GCP_METRIC_CATALOG[metricType];
}
