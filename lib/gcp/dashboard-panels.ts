import type { CloudMonitoringQuery } from "./dashboard";
import { NO_BROKER_VOLUME } from "./managed-kafka-alerts";
import { promqlName } from "./metric-catalog";
import type { GcpDashboardBindings } from "./private/component-alerts";
import { promSelector } from "./private/promql";

// GCP's golden-signal panels per component kind: the catalog's panels
// (lib/observability/dashboard-catalog.ts) bound to the Cloud Monitoring
// metric types of GCP_METRIC_CATALOG (each with its source), with the
// resource types, labels and aligners the alert policies of the same
// component use. A 0–1 fraction is marked `fraction` and shown as a percent;
// where a panel needs arithmetic (a ratio, milliseconds to seconds) it is
// PromQL over the same metrics (Google, "Mapping Cloud Monitoring metrics to
// PromQL").

type Filter = Extract<CloudMonitoringQuery, { kind: "filter" }>;

/** Panels of a GKE cluster: GKE system metrics, its managed kube state metrics and control-plane (API server) metrics. */
export function gkePanels(clusterName: string): GcpDashboardBindings<"cluster"> {
  const filters = { "resource.labels.cluster_name": clusterName };
  const node = [`cluster_name="${clusterName}"`];
  const ksm = `cluster="${clusterName}"`;
  const apiRequests = promSelector("prometheus.googleapis.com/apiserver_request_total/counter", [ksm]);
  const apiErrors = promSelector("prometheus.googleapis.com/apiserver_request_total/counter", [ksm, 'code=~"5.."']);
  const latencyBuckets = `${promqlName("prometheus.googleapis.com/apiserver_request_duration_seconds/histogram")}_bucket{${ksm}, verb="GET"}`;
  return {
    kind: "cluster",
    panels: {
      "api-latency": { query: { kind: "promql", query: `histogram_quantile(0.99, sum by (le) (rate(${latencyBuckets}[5m])))` } },
      "api-requests": { query: { kind: "promql", query: `sum(rate(${apiRequests}[5m]))` } },
      "api-errors": { query: { kind: "promql", query: `sum(rate(${apiErrors}[5m]))` } },
      "pods-crash-looping": { query: { kind: "promql", query: `count(max by (namespace, pod, container) (${promSelector("prometheus.googleapis.com/kube_pod_container_status_waiting_reason/gauge", [ksm, 'reason="CrashLoopBackOff"'])}) == 1) or vector(0)` } },
      "node-cpu": { query: { kind: "filter", resourceType: "k8s_node", metricType: "kubernetes.io/node/cpu/allocatable_utilization", filters, fraction: true } },
      "node-memory": { query: { kind: "filter", resourceType: "k8s_node", metricType: "kubernetes.io/node/memory/allocatable_utilization", filters: { ...filters, "metric.labels.memory_type": "non-evictable" }, fraction: true } },
      "node-storage": {
        query: {
          kind: "promql",
          query: `100 * max by (node_name) (${promSelector("kubernetes.io/node/ephemeral_storage/used_bytes", node)}) / max by (node_name) (${promSelector("kubernetes.io/node/ephemeral_storage/total_bytes", node)})`,
        },
      },
      "pods-unschedulable": { query: { kind: "promql", query: `count(max by (namespace, pod) (${promSelector("prometheus.googleapis.com/kube_pod_status_unschedulable/gauge", [ksm])}) == 1) or vector(0)` } },
    },
    targetOnly: [
      { id: "container-restarts", signal: "errors", title: "Container restarts", unit: "count", query: { kind: "filter", resourceType: "k8s_container", metricType: "kubernetes.io/container/restart_count", filters, aligner: "ALIGN_DELTA" } },
      { id: "container-cpu", signal: "saturation", title: "Container CPU (cores)", unit: "count", query: { kind: "filter", resourceType: "k8s_container", metricType: "kubernetes.io/container/cpu/core_usage_time", filters, aligner: "ALIGN_RATE" } },
    ],
  };
}

/**
 * Panels of a Managed Service for Apache Kafka cluster. `topic_error_count`
 * and `request_count` were left out: the service's GA release notes
 * (2025-07-09) list them as not yet available for clusters.
 */
export function managedKafkaPanels(clusterId: string): GcpDashboardBindings<"kafka"> {
  const metric = (name: string) => promSelector(`managedkafka.googleapis.com/${name}`, [`cluster_id="${clusterId}"`]);
  const noTraffic = "the cluster metrics of Managed Service for Apache Kafka that Vigil catalogues (GCP_METRIC_CATALOG: CPU, memory, offline partitions, consumer lag) have no byte or request counts per cluster, and the GA release notes (2025-07-09) list request_count as not yet available";
  return {
    kind: "kafka",
    panels: {
      "produce-latency": { unavailable: "Managed Service for Apache Kafka publishes no produce request time among its documented cluster metrics" },
      "bytes-in": { unavailable: noTraffic },
      "bytes-out": { unavailable: noTraffic },
      "offline-partitions": { query: { kind: "filter", resourceType: "managedkafka.googleapis.com/Cluster", metricType: "managedkafka.googleapis.com/offline_partitions", filters: { "resource.labels.cluster_id": clusterId }, aligner: "ALIGN_MAX" } },
      "under-replicated-partitions": { unavailable: "Managed Service for Apache Kafka publishes no under-replicated partition count (its documented cluster metrics have offline partitions only)" },
      // The same ratios the cpu-high and memory-high policies evaluate, in percent.
      cpu: { query: { kind: "promql", query: `100 * sum(rate(${metric("cpu/core_usage_time")}[5m])) / sum(${metric("cpu/limit")})` } },
      memory: { query: { kind: "promql", query: `100 * sum(${metric("memory/usage")}) / sum(${metric("memory/limit")})` } },
      storage: { unavailable: NO_BROKER_VOLUME },
      "consumer-lag": { query: { kind: "filter", resourceType: "managedkafka.googleapis.com/TopicPartitionConsumerGroup", metricType: "managedkafka.googleapis.com/offset_lag", filters: { "resource.labels.cluster_id": clusterId }, aligner: "ALIGN_MAX" } },
    },
  };
}

/** Panels of a Cloud SQL for PostgreSQL instance (`cloudsql_database`, label `database_id` = `<project>:<instance>`). */
export function cloudSqlPostgresPanels(databaseId: string): GcpDashboardBindings<"postgres"> {
  const sql = (metric: string, aligner: string, fraction = false): { query: Filter } => ({
    query: { kind: "filter", resourceType: "cloudsql_database", metricType: `cloudsql.googleapis.com/database/${metric}`, filters: { "resource.labels.database_id": databaseId }, aligner, ...(fraction ? { fraction } : {}) },
  });
  return {
    kind: "postgres",
    panels: {
      "replication-lag": { unavailable: "Vigil creates no read replicas on Cloud SQL, and the REGIONAL standby replicates synchronously (database/replication/replica_lag exists for read replicas only)" },
      connections: sql("postgresql/num_backends", "ALIGN_MAX"),
      "read-ops": sql("disk/read_ops_count", "ALIGN_RATE"),
      "write-ops": sql("disk/write_ops_count", "ALIGN_RATE"),
      cpu: sql("cpu/utilization", "ALIGN_MEAN", true),
      memory: sql("memory/utilization", "ALIGN_MEAN", true),
      storage: sql("disk/utilization", "ALIGN_MAX", true),
    },
  };
}

/** Panels of an uptime check (`uptime_url`, metric label `check_id`). */
export function uptimeCheckPanels(checkId: string): GcpDashboardBindings<"endpoint"> {
  const latency = promSelector("monitoring.googleapis.com/uptime_check/request_latency", [`check_id="${checkId}"`]);
  return {
    kind: "endpoint",
    panels: {
      // request_latency is in milliseconds.
      "check-duration": { query: { kind: "promql", query: `avg(${latency}) / 1000` } },
      "checks-passing": {
        query: { kind: "filter", resourceType: "uptime_url", metricType: "monitoring.googleapis.com/uptime_check/check_passed", filters: { "metric.labels.check_id": checkId }, aligner: "ALIGN_FRACTION_TRUE", fraction: true },
      },
    },
  };
}
