import type { DashboardBindings } from "../observability/dashboard-binding";
import type { DashboardKind } from "../observability/dashboard-catalog";
import type { PromQlQuery } from "./grafana-dashboard";
import { containerCpuPercentQuery, containerMemoryPercentQuery, containerRssPercentQuery, pvcUsedPercentQuery } from "./private/alerts";
import { API_SERVER, KSM, NODE_EXPORTER, ROOT_FS } from "./private/selectors";

// The in-cluster golden-signal panels per component kind: the catalog's
// panels (lib/observability/dashboard-catalog.ts) in PromQL on the metrics
// kube-prometheus-stack and the operators' exporters publish, the same
// series and selectors as the component's alerts (see each engine's
// `*AlertBindings`), one series per pod, broker or node where the alert takes
// the highest.

/** The in-cluster panels of a component kind. */
export type InClusterDashboardBindings<K extends DashboardKind> = DashboardBindings<K, PromQlQuery>;

const q = (expr: string, legend?: string): { query: PromQlQuery } => ({ query: { expr, ...(legend ? { legend } : {}) } });

/** Panels of the cluster: the API server, kube-state-metrics and the node exporter, as kube-prometheus-stack scrapes them. */
export function kubernetesClusterPanels(): InClusterDashboardBindings<"cluster"> {
  return {
    kind: "cluster",
    panels: {
      "api-latency": q(`histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket{${API_SERVER},verb="GET"}[5m])))`),
      "api-requests": q(`sum(rate(apiserver_request_total{${API_SERVER}}[5m]))`),
      "api-errors": q(`sum(rate(apiserver_request_total{${API_SERVER},code=~"5.."}[5m]))`),
      "pods-crash-looping": q(`sum(max_over_time(kube_pod_container_status_waiting_reason{${KSM},reason="CrashLoopBackOff"}[5m]))`),
      // The node-mixin's utilisation, per node (the alerts take the mean or the fullest).
      "node-cpu": q(`(1 - avg by (instance) (sum by (instance, cpu) (rate(node_cpu_seconds_total{${NODE_EXPORTER},mode=~"idle|iowait|steal"}[5m])))) * 100`, "{{instance}}"),
      "node-memory": q(`(1 - node_memory_MemAvailable_bytes{${NODE_EXPORTER}} / node_memory_MemTotal_bytes{${NODE_EXPORTER}}) * 100`, "{{instance}}"),
      "node-storage": q(`(1 - node_filesystem_avail_bytes{${ROOT_FS}} / node_filesystem_size_bytes{${ROOT_FS}}) * 100`, "{{instance}}"),
      "pods-unschedulable": q(`sum(kube_pod_status_unschedulable{${KSM}})`),
    },
  };
}

/** Old generation of the G1 collector (Kafka's start scripts select G1): its use after a collection is the heap still live. */
const G1_OLD_GEN = "G1 Old Gen";

/** Panels of a Strimzi Kafka cluster (JMX exporter with Strimzi's example rules, Kafka Exporter, kubelet, cAdvisor). */
export function strimziKafkaPanels(name: string, namespace: string): InClusterDashboardBindings<"kafka"> {
  const sel = `namespace="${namespace}",pod=~"${name}-.*"`;
  const brokers = `${name}-dual-role-[0-9]+`;
  const brokerSel = `namespace="${namespace}",pod=~"${brokers}"`;
  // The broker-wide BrokerTopicMetrics series carries no `topic` label (the per-topic ones do).
  const bytes = (direction: "bytesin" | "bytesout") => q(`sum by (pod) (rate(kafka_server_brokertopicmetrics_${direction}_total{${brokerSel},topic=""}[5m]))`, "{{pod}}");
  return {
    kind: "kafka",
    panels: {
      "produce-latency": { unavailable: "the JMX exporter rules Vigil gives Strimzi (its example set) leave out RequestMetrics, so no produce request time is exported" },
      "bytes-in": bytes("bytesin"),
      "bytes-out": bytes("bytesout"),
      "offline-partitions": q(`sum(kafka_controller_kafkacontroller_offlinepartitionscount{${sel}})`),
      "under-replicated-partitions": q(`sum(kafka_server_replicamanager_underreplicatedpartitions{${sel}})`),
      cpu: q(containerCpuPercentQuery(namespace, brokers, "kafka", "each"), "{{pod}}"),
      memory: q(`jvm_memory_pool_collection_used_bytes{${brokerSel},pool="${G1_OLD_GEN}"} / jvm_memory_pool_collection_max_bytes{${brokerSel},pool="${G1_OLD_GEN}"} * 100`, "{{pod}}"),
      storage: q(pvcUsedPercentQuery(namespace, `data-([0-9]+-)?${name}-.*`), "{{persistentvolumeclaim}}"),
      "consumer-lag": q(`sum by (consumergroup, topic) (kafka_consumergroup_lag{${sel}})`, "{{consumergroup}} on {{topic}}"),
    },
  };
}

/** Panels of a K8ssandra Cassandra cluster (Management API metrics, kube-state-metrics, kubelet, cAdvisor). */
export function k8ssandraPanels(name: string, namespace: string): InClusterDashboardBindings<"cassandra"> {
  const sel = `namespace="${namespace}",pod=~"${name}-.*"`;
  const nodes = `${name}-.+-sts-[0-9]+`;
  const statefulSets = `namespace="${namespace}",statefulset=~"${name}-.*"`;
  // The latency histogram counts microseconds.
  const p99 = (type: "Read" | "Write") => q(`histogram_quantile(0.99, sum by (le) (rate(org_apache_cassandra_metrics_client_request_latency_bucket{${sel},request_type="${type}"}[5m]))) / 1000000`);
  return {
    kind: "cassandra",
    panels: {
      "read-latency": p99("Read"),
      "write-latency": p99("Write"),
      "nodes-down": q(`sum(kube_statefulset_replicas{${statefulSets}}) - sum(kube_statefulset_status_replicas_ready{${statefulSets}})`),
      "dropped-messages": q(`sum(rate(org_apache_cassandra_metrics_dropped_message_dropped_total{${sel}}[5m]))`),
      cpu: q(containerCpuPercentQuery(namespace, nodes, "cassandra", "each"), "{{pod}}"),
      memory: q(containerRssPercentQuery(namespace, nodes, "cassandra", "each"), "{{pod}}"),
      storage: q(pvcUsedPercentQuery(namespace, `server-data-${name}-.*`), "{{persistentvolumeclaim}}"),
      "pending-compactions": q(`sum by (pod) (org_apache_cassandra_metrics_compaction_pending_tasks{${sel}})`, "{{pod}}"),
    },
  };
}

/** Panels of an ECK Elasticsearch cluster (elasticsearch-exporter on its data nodes, kubelet, cAdvisor). */
export function eckPanels(name: string, namespace: string, dataNodeSet: string): InClusterDashboardBindings<"search"> {
  const sel = `namespace="${namespace}",job="${name}-es-exporter"`;
  const dataSel = `${sel},es_data_node="true"`;
  const dataPods = `${name}-es-${dataNodeSet}-[0-9]+`;
  const queue = (pool: "write" | "search") => q(`elasticsearch_thread_pool_queue_count{${dataSel},type="${pool}"}`, "{{name}}");
  return {
    kind: "search",
    panels: {
      "cluster-red": q(`max(elasticsearch_cluster_health_status{${sel},color="red"})`),
      cpu: q(containerCpuPercentQuery(namespace, dataPods, "elasticsearch", "each"), "{{pod}}"),
      "jvm-memory": q(`elasticsearch_jvm_memory_used_bytes{${dataSel},area="heap"} / elasticsearch_jvm_memory_max_bytes{${dataSel},area="heap"} * 100`, "{{name}}"),
      storage: q(pvcUsedPercentQuery(namespace, `elasticsearch-data-${dataPods}`), "{{persistentvolumeclaim}}"),
      "write-queue": queue("write"),
      "search-queue": queue("search"),
    },
  };
}

/** Panels of a CloudNativePG cluster (its instance exporter, kubelet, cAdvisor); the PVCs are named after the pods. */
export function cnpgPanels(name: string, namespace: string): InClusterDashboardBindings<"postgres"> {
  const pods = `${name}-[0-9]+`;
  const sel = `namespace="${namespace}",pod=~"${pods}"`;
  const noDiskOps = "the metrics Vigil collects in-cluster (CloudNativePG's exporter with its default queries, the kubelet's volume stats) count no disk operations";
  return {
    kind: "postgres",
    panels: {
      "replication-lag": q(`max by (pod) (cnpg_pg_replication_lag{${sel}})`, "{{pod}}"),
      connections: q(`sum by (pod) (cnpg_backends_total{${sel}})`, "{{pod}}"),
      "read-ops": { unavailable: noDiskOps },
      "write-ops": { unavailable: noDiskOps },
      cpu: q(containerCpuPercentQuery(namespace, pods, "postgres", "each"), "{{pod}}"),
      memory: q(containerMemoryPercentQuery(namespace, pods, "postgres", "each"), "{{pod}}"),
      storage: q(pvcUsedPercentQuery(namespace, pods), "{{persistentvolumeclaim}}"),
    },
    targetOnly: [{ id: "longest-transaction", signal: "latency", title: "Longest running transaction", unit: "seconds", query: { expr: `max by (pod) (cnpg_backends_max_tx_duration_seconds{${sel}})`, legend: "{{pod}}" } }],
  };
}

/** Panels of a service's endpoint probe (blackbox exporter, job `<service>-endpoint`). */
export function endpointProbePanels(service: string): InClusterDashboardBindings<"endpoint"> {
  const job = `job="${service}-endpoint"`;
  return {
    kind: "endpoint",
    panels: {
      "check-duration": q(`probe_duration_seconds{${job}}`),
      "checks-passing": q(`100 * avg_over_time(probe_success{${job}}[15m])`),
    },
  };
}
