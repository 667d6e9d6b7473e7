/** A Cloud Monitoring metric type Vigil alerts or graphs on. */
interface GcpCataloguedMetric {
  /** The monitored resource type it is written against (a policy's and a chart's filter name both). */
  readonly resource: string;
  /** Where the metric type, its resource and its labels are documented. */
  readonly source: string;
}

const CLOUD_SQL = "https://cloud.google.com/monitoring/api/metrics_gcp_c#gcp-cloudsql";
const GKE_SYSTEM = "https://cloud.google.com/monitoring/api/metrics_kubernetes (GKE system metrics)";
const GKE_KSM = "https://cloud.google.com/kubernetes-engine/docs/how-to/kube-state-metrics (Pod metrics package)";
const MANAGED_KAFKA = "https://cloud.google.com/managed-service-for-apache-kafka/docs/monitor-cluster (cluster and consumer group metrics)";
const UPTIME = "https://cloud.google.com/monitoring/api/metrics_gcp_i_o#gcp-monitoring";
const LOAD_BALANCING = "https://cloud.google.com/monitoring/api/metrics_gcp_i_o#gcp-loadbalancing (https/request_count, https/total_latencies on https_lb_rule)";
const CLOUD_ARMOR = "https://cloud.google.com/armor/docs/monitoring (networksecurity.googleapis.com/https/request_count on network_security_policy, metric label blocked)";
const GKE_CONTROL_PLANE = "https://cloud.google.com/kubernetes-engine/docs/how-to/control-plane-metrics (API server metrics, monitoring component APISERVER)";

/**
 * Cloud Monitoring metric types Vigil alerts and graphs on, each with the
 * monitored resource type it is written against and its source. A test
 * checks every synthesized threshold policy, every PromQL policy of a
 * component and every dashboard chart against this table.
 *
 * Labels used: `cloudsql_database` `database_id` (`<project>:<instance>`);
 * `k8s_node` and `k8s_container` `cluster_name`, `node_name`; node
 * `status_condition` `condition`, `status` (GKE 1.32.1-gke.1357001 or
 * later); node `memory/allocatable_utilization` `memory_type`; Managed
 * Kafka `managedkafka.googleapis.com/Cluster` `cluster_id` and
 * `managedkafka.googleapis.com/TopicPartitionConsumerGroup` `cluster_id`,
 * `topic_id`, `consumer_group_id`; `uptime_url` `host` and the metric label
 * `check_id`; `https_lb_rule` `url_map_name` and the metric label
 * `response_code_class` (500 for 5xx); `network_security_policy`
 * `policy_name` and the metric label `blocked`. GKE's managed kube state metrics are written against
 * `prometheus_target` as `prometheus.googleapis.com/<name>/gauge` with the
 * labels `cluster`, `namespace`, `pod`, `container`, `reason`, `phase`
 * (Google's table misprints the waiting-reason type as
 * `kube_pod_status_container_status_waiting_reason/gauge`; the PromQL name
 * Vigil queries is `kube_pod_container_status_waiting_reason`).
 */
export const GCP_METRIC_CATALOG: Readonly<Record<string, GcpCataloguedMetric>> = {
  "cloudsql.googleapis.com/database/up": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/cpu/utilization": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/memory/utilization": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/disk/utilization": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/postgresql/num_backends": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/postgresql/transaction_id_utilization": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/disk/read_ops_count": { resource: "cloudsql_database", source: CLOUD_SQL },
  "cloudsql.googleapis.com/database/disk/write_ops_count": { resource: "cloudsql_database", source: CLOUD_SQL },
  "kubernetes.io/node/cpu/allocatable_utilization": { resource: "k8s_node", source: GKE_SYSTEM },
  "kubernetes.io/node/memory/allocatable_utilization": { resource: "k8s_node", source: GKE_SYSTEM },
  "kubernetes.io/node/ephemeral_storage/used_bytes": { resource: "k8s_node", source: GKE_SYSTEM },
  "kubernetes.io/node/ephemeral_storage/total_bytes": { resource: "k8s_node", source: GKE_SYSTEM },
  "kubernetes.io/node/status_condition": { resource: "k8s_node", source: GKE_SYSTEM },
  "kubernetes.io/container/restart_count": { resource: "k8s_container", source: GKE_SYSTEM },
  "kubernetes.io/container/cpu/core_usage_time": { resource: "k8s_container", source: GKE_SYSTEM },
  "kubernetes.io/container/uptime": { resource: "k8s_container", source: GKE_SYSTEM },
  "prometheus.googleapis.com/kube_pod_status_phase/gauge": { resource: "prometheus_target", source: GKE_KSM },
  "prometheus.googleapis.com/kube_pod_status_unschedulable/gauge": { resource: "prometheus_target", source: GKE_KSM },
  "prometheus.googleapis.com/kube_pod_container_status_waiting_reason/gauge": { resource: "prometheus_target", source: GKE_KSM },
  "managedkafka.googleapis.com/cpu/core_usage_time": { resource: "managedkafka.googleapis.com/Cluster", source: MANAGED_KAFKA },
  "managedkafka.googleapis.com/cpu/limit": { resource: "managedkafka.googleapis.com/Cluster", source: MANAGED_KAFKA },
  "managedkafka.googleapis.com/memory/usage": { resource: "managedkafka.googleapis.com/Cluster", source: MANAGED_KAFKA },
  "managedkafka.googleapis.com/memory/limit": { resource: "managedkafka.googleapis.com/Cluster", source: MANAGED_KAFKA },
  "managedkafka.googleapis.com/offline_partitions": { resource: "managedkafka.googleapis.com/Cluster", source: MANAGED_KAFKA },
  "managedkafka.googleapis.com/offset_lag": { resource: "managedkafka.googleapis.com/TopicPartitionConsumerGroup", source: MANAGED_KAFKA },
  "monitoring.googleapis.com/uptime_check/check_passed": { resource: "uptime_url", source: UPTIME },
  "monitoring.googleapis.com/uptime_check/request_latency": { resource: "uptime_url", source: UPTIME },
  "monitoring.googleapis.com/uptime_check/time_until_ssl_cert_expires": { resource: "uptime_url", source: UPTIME },
  "loadbalancing.googleapis.com/https/request_count": { resource: "https_lb_rule", source: LOAD_BALANCING },
  "loadbalancing.googleapis.com/https/total_latencies": { resource: "https_lb_rule", source: LOAD_BALANCING },
  "networksecurity.googleapis.com/https/request_count": { resource: "network_security_policy", source: CLOUD_ARMOR },
  "prometheus.googleapis.com/apiserver_request_total/counter": { resource: "prometheus_target", source: GKE_CONTROL_PLANE },
  "prometheus.googleapis.com/apiserver_request_duration_seconds/histogram": { resource: "prometheus_target", source: GKE_CONTROL_PLANE },
};

/**
 * The name PromQL on Cloud Monitoring knows a metric type by (Google,
 * "Mapping Cloud Monitoring metrics to PromQL"): the first `/` becomes `:`
 * and every other `.` and `/` becomes `_`
 * (`kubernetes.io/node/status_condition` → `kubernetes_io:node_status_condition`);
 * a Managed Service for Prometheus metric keeps its Prometheus name
 * (`prometheus.googleapis.com/kube_pod_status_phase/gauge` → `kube_pod_status_phase`).
 */
export function promqlMetricName(metricType: string): string {
  const prom = /^prometheus\.googleapis\.com\/(.+)\/[a-z]+$/.exec(metricType);
  if (prom) return prom[1];
  const slash = metricType.indexOf("/");
  return `${metricType.slice(0, slash).replace(/[^a-zA-Z0-9_]/g, "_")}:${metricType.slice(slash + 1).replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/** The catalogued metric type a PromQL metric name stands for, or undefined. */
export function cataloguedMetricOfPromql(name: string): string | undefined {
  return Object.keys(GCP_METRIC_CATALOG).find((type) => promqlMetricName(type) === name);
}

/** A catalogued metric's PromQL name; throws on a type missing from the catalogue, so no query names an unsourced metric. */
export function promqlName(metricType: string): string {
  if (!GCP_METRIC_CATALOG[metricType]) throw new Error(`${metricType} is not in GCP_METRIC_CATALOG; add it with its source`);
  return promqlMetricName(metricType);
}
