import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { azureCondition } from "./private/component-alerts";

/** Component name of Managed Cassandra alerts (runbook folder, rule names). */
export const MANAGED_CASSANDRA_COMPONENT = "cassandra-managed-instance";

/** Metric namespace of Managed Instance for Apache Cassandra clusters. */
export const MANAGED_CASSANDRA_NAMESPACE = "Microsoft.DocumentDB/cassandraClusters";

/**
 * Default alerts of a Managed Instance for Apache Cassandra cluster,
 * namespace `Microsoft.DocumentDB/cassandraClusters`: node CPU, disk and
 * memory utilization (the node metrics Microsoft recommends alerting on in
 * "Monitor Azure Managed Instance for Apache Cassandra") and dropped messages
 * (writes or reads shed under load). Metric names and dimensions from
 * Microsoft Learn, "Supported metrics for Microsoft.DocumentDB/cassandraClusters".
 * Each alert is evaluated per node (`Address`), so one hot node fires it.
 */
export function managedCassandraAlerts(clusterName: string, runbookBaseUrl: string): AzureNativeAlert[] {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AzureNativeAlert => ({ ...a, component: MANAGED_CASSANDRA_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, MANAGED_CASSANDRA_COMPONENT, a.id) });
  const ns = MANAGED_CASSANDRA_NAMESPACE;
  const perNode = { Address: "*" };
  return [
    alert({
      id: "cpu-high",
      summary: `CPU of a Cassandra node of ${clusterName} above threshold`,
      description: "cpu (CPU usage active) above 80 % for 15 minutes on a node: request latency and compaction fall behind. No data is left missing.",
      severity: "ticket",
      threshold: 80,
      unit: "%",
      condition: azureCondition(ns, "cpu", "Average", ">", 15, perNode),
    }),
    alert({
      id: "disk-high",
      summary: `Disk of a Cassandra node of ${clusterName} filling up`,
      description: "disk_utilization above 75 % for 15 minutes on a node: compaction needs free space (up to the size of the largest SSTables) and fails on a full disk. No data is left missing.",
      severity: "page",
      threshold: 75,
      unit: "%",
      condition: azureCondition(ns, "disk_utilization", "Average", ">", 15, perNode),
    }),
    alert({
      id: "memory-high",
      summary: `Memory of a Cassandra node of ${clusterName} above threshold`,
      description: "percent_mem above 90 % for 15 minutes on a node: the JVM and page cache compete and the node risks being OOM-killed. No data is left missing.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      condition: azureCondition(ns, "percent_mem", "Average", ">", 15, perNode),
    }),
    alert({
      id: "dropped-messages",
      summary: `Cassandra nodes of ${clusterName} drop messages`,
      description: "cassandra_dropped_message_rate above 0 for 15 minutes: nodes shed reads or mutations they could not serve in time; replicas diverge until repair. No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "messages",
      condition: azureCondition(ns, "cassandra_dropped_message_rate", "Average", ">", 15),
    }),
  ];
}
