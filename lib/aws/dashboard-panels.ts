import type { NativeStatistic } from "../observability/alert";
import type { CloudWatchQuery } from "./dashboard-widgets";
import { KEYSPACES_UNAVAILABLE } from "./keyspaces-alerts";
import type { AwsDashboardBindings } from "./private/component-alerts";
import type { DbInstanceClassSpec } from "./sizes";

// AWS's golden-signal panels per component kind: the catalog's panels
// (lib/observability/dashboard-catalog.ts) bound to the CloudWatch metrics the
// alerts of the same component use, with the same namespaces, dimensions and
// statistics; metric math (`m1`) turns a native unit into the panel's
// (milliseconds to seconds, free bytes to percent used, a per-period Sum to
// per second). Metric names: the CloudWatch metrics pages of each service,
// as cited in the `*-alerts.ts` files next to this one.

const GIB = 1024 ** 3;

/** Every broker of an MSK cluster as its own line (`Broker ID` 1..n, as MSK publishes broker metrics). */
function brokers(count: number): CloudWatchQuery["members"] {
  return Array.from({ length: count }, (_, i) => ({ label: `broker ${i + 1}`, dimensions: { "Broker ID": String(i + 1) } }));
}

/** Panels of an EKS cluster: Container Insights node metrics and the control-plane metrics EKS vends to `AWS/EKS`. */
export function eksClusterPanels(clusterName: string): AwsDashboardBindings<"cluster"> {
  const d = { ClusterName: clusterName };
  const eks = (metricName: string, statistic: NativeStatistic, expression?: string): { query: CloudWatchQuery } => ({ query: { namespace: "AWS/EKS", metricName, dimensions: d, statistic, ...(expression ? { expression } : {}) } });
  const ci = (metricName: string, statistic: NativeStatistic): { query: CloudWatchQuery } => ({ query: { namespace: "ContainerInsights", metricName, dimensions: d, statistic } });
  return {
    kind: "cluster",
    panels: {
      "api-latency": eks("apiserver_request_duration_seconds_GET_P99", "Average"),
      // A per-minute Sum of requests, divided by the period: requests per second.
      "api-requests": eks("apiserver_request_total", "Sum", "m1 / PERIOD(m1)"),
      "api-errors": eks("apiserver_request_total_5XX", "Sum", "m1 / PERIOD(m1)"),
      "pods-crash-looping": ci("pod_container_status_waiting_reason_crash_loop_back_off", "Sum"),
      "node-cpu": ci("node_cpu_utilization", "Average"),
      "node-memory": ci("node_memory_utilization", "Average"),
      "node-storage": ci("node_filesystem_utilization", "Maximum"),
      "pods-unschedulable": eks("scheduler_pending_pods_UNSCHEDULABLE", "Sum"),
    },
    targetOnly: [{ id: "running-pods", signal: "saturation", title: "Running pods", unit: "count", query: { namespace: "ContainerInsights", metricName: "cluster_number_of_running_pods", dimensions: d, statistic: "Average" } }],
  };
}

/** Panels of an MSK cluster (Standard brokers), one line per broker where MSK publishes per broker. */
export function mskPanels(clusterName: string, brokerCount: number, consumerLag: readonly { readonly group: string; readonly topic: string }[]): AwsDashboardBindings<"kafka"> {
  const cluster = { "Cluster Name": clusterName };
  const perBroker = (metricName: string, statistic: NativeStatistic, expression?: string): { query: CloudWatchQuery } => ({
    query: { namespace: "AWS/Kafka", metricName, dimensions: cluster, statistic, members: brokers(brokerCount), ...(expression ? { expression } : {}) },
  });
  return {
    kind: "kafka",
    panels: {
      "produce-latency": perBroker("ProduceTotalTimeMsMean", "Average", "m1 / 1000"),
      "bytes-in": perBroker("BytesInPerSec", "Average"),
      "bytes-out": perBroker("BytesOutPerSec", "Average"),
      "offline-partitions": { query: { namespace: "AWS/Kafka", metricName: "OfflinePartitionsCount", dimensions: cluster, statistic: "Maximum" } },
      "under-replicated-partitions": perBroker("UnderReplicatedPartitions", "Maximum"),
      cpu: perBroker("CpuUser", "Average"),
      memory: perBroker("HeapMemoryAfterGC", "Average"),
      storage: perBroker("KafkaDataLogsDiskUsed", "Maximum"),
      "consumer-lag":
        consumerLag.length > 0
          ? { query: { namespace: "AWS/Kafka", metricName: "MaxOffsetLag", dimensions: cluster, statistic: "Maximum", members: consumerLag.map((l) => ({ label: `${l.group} on ${l.topic}`, dimensions: { "Consumer Group": l.group, Topic: l.topic } })) } }
          : { unavailable: "no topic of this cluster names its consumer groups (kafka.topics.<topic>.consumerGroups), and MSK publishes MaxOffsetLag per consumer group and topic only" },
    },
  };
}

/** Panels of Amazon Keyspaces tables, one line per table; the catalog's node metrics do not exist on a serverless service. */
export function keyspacesPanels(tables: readonly { readonly keyspace: string; readonly table: string }[]): AwsDashboardBindings<"cassandra"> {
  const u = KEYSPACES_UNAVAILABLE;
  const perTable = (metricName: string, statistic: NativeStatistic, operation?: string, expression?: string): CloudWatchQuery => ({
    namespace: "AWS/Cassandra",
    metricName,
    dimensions: operation ? { Operation: operation } : {},
    statistic,
    members: tables.map((t) => ({ label: `${t.keyspace}.${t.table}`, dimensions: { Keyspace: t.keyspace, TableName: t.table } })),
    ...(expression ? { expression } : {}),
  });
  return {
    kind: "cassandra",
    panels: {
      "read-latency": { unavailable: u.latency },
      "write-latency": { unavailable: u.latency },
      "nodes-down": { unavailable: u.nodes },
      "dropped-messages": { unavailable: u.droppedMessages },
      cpu: { unavailable: u.cpu },
      memory: { unavailable: u.memory },
      storage: { unavailable: u.storage },
      "pending-compactions": { unavailable: u.compactions },
    },
    targetOnly: [
      // SuccessfulRequestLatency is in milliseconds, and has no percentile: the average, in seconds.
      { id: "select-latency-average", signal: "latency", title: "SELECT latency (average)", unit: "seconds", query: perTable("SuccessfulRequestLatency", "Average", "SELECT", "m1 / 1000") },
      { id: "read-units", signal: "traffic", title: "Read capacity units", unit: "per-second", query: perTable("ConsumedReadCapacityUnits", "Sum", undefined, "m1 / PERIOD(m1)") },
      { id: "write-units", signal: "traffic", title: "Write capacity units", unit: "per-second", query: perTable("ConsumedWriteCapacityUnits", "Sum", undefined, "m1 / PERIOD(m1)") },
      { id: "system-errors", signal: "errors", title: "System errors (INSERT)", unit: "count", query: perTable("SystemErrors", "Sum", "INSERT") },
      { id: "write-throttles", signal: "saturation", title: "Write throttle events (INSERT)", unit: "count", query: perTable("WriteThrottleEvents", "Sum", "INSERT") },
    ],
  };
}

/** Panels of an OpenSearch domain (`DomainName` and `ClientId`, the account). */
export function openSearchPanels(domainName: string, accountId: string, storageGiB: number): AwsDashboardBindings<"search"> {
  const d = { DomainName: domainName, ClientId: accountId };
  const es = (metricName: string, statistic: NativeStatistic, expression?: string): CloudWatchQuery => ({ namespace: "AWS/ES", metricName, dimensions: d, statistic, ...(expression ? { expression } : {}) });
  return {
    kind: "search",
    panels: {
      "cluster-red": { query: es("ClusterStatus.red", "Maximum") },
      cpu: { query: es("CPUUtilization", "Maximum") },
      "jvm-memory": { query: es("JVMMemoryPressure", "Maximum") },
      // FreeStorageSpace is MiB free on the fullest node (Minimum); each data node has the domain's EBS volume.
      storage: { query: es("FreeStorageSpace", "Minimum", `100 - 100 * m1 / ${storageGiB * 1024}`) },
      "write-queue": { query: es("ThreadpoolWriteQueue", "Average") },
      "search-queue": { query: es("ThreadpoolSearchQueue", "Average") },
    },
    targetOnly: [
      // SearchRate and IndexingRate count operations per minute.
      { id: "search-rate", signal: "traffic", title: "Search rate", unit: "per-second", query: es("SearchRate", "Average", "m1 / 60") },
      { id: "indexing-rate", signal: "traffic", title: "Indexing rate", unit: "per-second", query: es("IndexingRate", "Average", "m1 / 60") },
      { id: "search-latency", signal: "latency", title: "Search latency", unit: "seconds", query: es("SearchLatency", "Average", "m1 / 1000") },
      { id: "indexing-latency", signal: "latency", title: "Indexing latency", unit: "seconds", query: es("IndexingLatency", "Average", "m1 / 1000") },
      { id: "http-5xx", signal: "errors", title: "HTTP 5xx responses", unit: "count", query: es("5xx", "Sum") },
    ],
  };
}

/** What the RDS panels need to know of the instance. */
interface RdsPanelContext {
  /** DB instance identifier. */
  readonly identifier: string;
  /** The instance class's memory. */
  readonly spec: DbInstanceClassSpec;
  /** Storage allocated at creation, GiB. */
  readonly storageGiB: number;
}

/** Panels of an RDS for PostgreSQL instance (`DBInstanceIdentifier`); free memory and storage become percent used. */
export function rdsPostgresPanels(c: RdsPanelContext): AwsDashboardBindings<"postgres"> {
  const rds = (metricName: string, statistic: NativeStatistic, expression?: string): CloudWatchQuery => ({ namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: c.identifier }, statistic, ...(expression ? { expression } : {}) });
  return {
    kind: "postgres",
    panels: {
      "replication-lag": { unavailable: "Vigil creates no read replicas on RDS, and the Multi-AZ standby is synchronous (ReplicaLag is published for read replicas only)" },
      connections: { query: rds("DatabaseConnections", "Maximum") },
      "read-ops": { query: rds("ReadIOPS", "Average") },
      "write-ops": { query: rds("WriteIOPS", "Average") },
      cpu: { query: rds("CPUUtilization", "Average") },
      // FreeableMemory in bytes, of the class's memory.
      memory: { query: rds("FreeableMemory", "Average", `100 - 100 * m1 / ${c.spec.memoryGiB * GIB}`) },
      // FreeStorageSpace in bytes, of the storage allocated at creation (as the storage-low alarm reads it;
      // storage autoscaling can grow the volume, and the percent used then reads low).
      storage: { query: rds("FreeStorageSpace", "Minimum", `100 - 100 * m1 / ${c.storageGiB * GIB}`) },
    },
    targetOnly: [
      { id: "read-latency", signal: "latency", title: "Disk read latency", unit: "seconds", query: rds("ReadLatency", "Average") },
      { id: "write-latency", signal: "latency", title: "Disk write latency", unit: "seconds", query: rds("WriteLatency", "Average") },
      { id: "db-load", signal: "saturation", title: "Database load (active sessions)", unit: "count", query: rds("DBLoad", "Average") },
    ],
  };
}

/** Panels of a CloudWatch Synthetics canary (`CanaryName`). */
export function canaryPanels(canaryName: string): AwsDashboardBindings<"endpoint"> {
  const d = { CanaryName: canaryName };
  return {
    kind: "endpoint",
    panels: {
      // Duration is in milliseconds.
      "check-duration": { query: { namespace: "CloudWatchSynthetics", metricName: "Duration", dimensions: d, statistic: "Average", expression: "m1 / 1000" } },
      "checks-passing": { query: { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", dimensions: d, statistic: "Average" } },
    },
  };
}
