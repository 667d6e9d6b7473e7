import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { AzureAlertBindings, azureCondition } from "./private/component-alerts";

/** Component name of Managed Cassandra alerts (runbook folder, rule names). */
export const MANAGED_CASSANDRA_COMPONENT = "cassandra-managed-instance";

/** Metric namespace of Managed Instance for Apache Cassandra clusters. */
export const MANAGED_CASSANDRA_NAMESPACE = "Microsoft.DocumentDB/cassandraClusters";

/**
 * A Managed Instance for Apache Cassandra cluster's alerts, namespace
 * `Microsoft.DocumentDB/cassandraClusters`: node CPU, disk and memory
 * utilization (the node metrics Microsoft recommends alerting on in
 * "Monitor Azure Managed Instance for Apache Cassandra"), dropped messages
 * client request latency (p99 per request type) and pending compactions.
 * Metric names and dimensions from Microsoft Learn, "Supported metrics for
 * Microsoft.DocumentDB/cassandraClusters" (the current `...3` names, not the
 * deprecated ones). Latency is published in microseconds: seconds × 10^6.
 * Node metrics are evaluated per node (`Address`), so one hot node fires
 * them. Percents are 0-100 as in the catalog; free disk becomes used disk.
 */
export function managedCassandraAlertBindings(clusterName: string, runbookBaseUrl: string): AzureAlertBindings<"cassandra"> {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl" | "severity">): AzureNativeAlert => ({ ...a, severity: "ticket", component: MANAGED_CASSANDRA_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, MANAGED_CASSANDRA_COMPONENT, a.id) });
  const ns = MANAGED_CASSANDRA_NAMESPACE;
  const perNode = { Address: "*" };
  // cassandra_client_request_latency_p99 is the nodes' p99 in microseconds per `request_type`, the
  // ClientRequest metric scope of Cassandra (Read, Write, RangeSlice, ...); only Average is offered.
  const latency = (id: "read-latency-high" | "write-latency-high", requestType: "Read" | "Write") => ({
    build: (s: { threshold: number }) =>
      alert({
        id,
        summary: `p99 ${requestType.toLowerCase()} latency of ${clusterName} above ${s.threshold} s`,
        description: `cassandra_client_request_latency_p99 with request_type=${requestType} above ${Math.round(s.threshold * 1e6)} µs (${s.threshold} s) for 10 minutes: clients wait on the coordinators; look for hot partitions, large partitions, tombstones or a saturated node. No data is left missing.`,
        threshold: Math.round(s.threshold * 1e6),
        unit: "µs",
        condition: azureCondition(ns, "cassandra_client_request_latency_p99", "Average", ">", 10, { request_type: requestType }),
      }),
  });
  return {
    kind: "cassandra",
    canonical: {
      "nodes-down": { unavailable: "Microsoft keeps the Cassandra process and the nodes up under its SLA and repairs them itself; Managed Instance publishes no node up/down metric" },
      "read-latency-high": latency("read-latency-high", "Read"),
      "write-latency-high": latency("write-latency-high", "Write"),
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `A Cassandra node of ${clusterName} has less than ${s.threshold} % disk free`,
            description: `disk_utilization above ${100 - s.threshold} %, i.e. less than ${s.threshold} % free, for 15 minutes on a node (Microsoft recommends acting at 75 %): compaction needs free space (up to the size of the largest SSTables) and fails on a full disk. No data is left missing.`,
            threshold: 100 - s.threshold,
            unit: "%",
            condition: azureCondition(ns, "disk_utilization", "Average", ">", 15, perNode),
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `CPU of a Cassandra node of ${clusterName} above ${s.threshold} %`,
            description: `cpu (CPU usage active) above ${s.threshold} % for 15 minutes on a node: request latency and compaction fall behind. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(ns, "cpu", "Average", ">", 15, perNode),
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Memory of a Cassandra node of ${clusterName} above ${s.threshold} %`,
            description: `percent_mem above ${s.threshold} % for 15 minutes on a node: the JVM and page cache compete and the node risks being OOM-killed. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(ns, "percent_mem", "Average", ">", 15, perNode),
          }),
      },
      "dropped-messages": {
        build: (s) =>
          alert({
            id: "dropped-messages",
            summary: `Cassandra nodes of ${clusterName} drop messages`,
            description: `cassandra_dropped_message_rate above ${s.threshold} per second for 15 minutes: nodes shed reads or mutations they could not serve in time; replicas diverge until repair. No data is left missing.`,
            threshold: s.threshold,
            unit: "messages/s",
            condition: azureCondition(ns, "cassandra_dropped_message_rate", "Average", ">", 15),
          }),
      },
      "pending-compactions-high": {
        build: (s) =>
          alert({
            id: "pending-compactions-high",
            summary: `Compactions pile up on ${clusterName}`,
            description: `cassandra_table_pending_compactions3 (the largest estimate of any table) above ${s.threshold} for 30 minutes: compaction falls behind the writes, reads touch more SSTables and disk use grows. No data is left missing.`,
            threshold: s.threshold,
            unit: "compactions",
            condition: azureCondition(ns, "cassandra_table_pending_compactions3", "Maximum", ">", 30),
          }),
      },
    },
  };
}
