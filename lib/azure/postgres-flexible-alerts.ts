import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { azureCondition } from "./private/component-alerts";

/** Component name of PostgreSQL flexible server alerts (runbook folder, rule names). */
export const POSTGRES_FLEXIBLE_COMPONENT = "postgres-flexible";

/** Metric namespace of PostgreSQL flexible servers. */
export const POSTGRES_FLEXIBLE_NAMESPACE = "Microsoft.DBforPostgreSQL/flexibleServers";

/**
 * Default alerts of a PostgreSQL flexible server, namespace
 * `Microsoft.DBforPostgreSQL/flexibleServers` (no dimensions). The set
 * follows the Azure Monitor Baseline Alerts for the resource type (CPU,
 * memory, storage, connections, failed connections, liveness, IOPS) and
 * adds transaction ID wraparound; metric names from Microsoft Learn,
 * "Supported metrics for Microsoft.DBforPostgreSQL/flexibleServers".
 * `maxConnections` is the SKU's default `max_connections`.
 */
export function postgresFlexibleAlerts(serverName: string, maxConnections: number, runbookBaseUrl: string): AzureNativeAlert[] {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AzureNativeAlert => ({ ...a, component: POSTGRES_FLEXIBLE_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, POSTGRES_FLEXIBLE_COMPONENT, a.id) });
  const ns = POSTGRES_FLEXIBLE_NAMESPACE;
  return [
    alert({
      id: "cpu-high",
      summary: `CPU of PostgreSQL server ${serverName} above threshold`,
      description: "cpu_percent above 90 % for 15 minutes: queries queue for CPU and latency rises for every client. No data is left missing.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      condition: azureCondition(ns, "cpu_percent", "Average", ">", 15),
    }),
    alert({
      id: "memory-high",
      summary: `Memory of PostgreSQL server ${serverName} above threshold`,
      description: "memory_percent above 90 % for 15 minutes: the page cache is squeezed out and the server risks killing backends. No data is left missing.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      condition: azureCondition(ns, "memory_percent", "Average", ">", 15),
    }),
    alert({
      id: "storage-high",
      summary: `PostgreSQL server ${serverName} is running out of storage`,
      description: "storage_percent above 85 % for 5 minutes. Storage auto-grow is on, so this fires when growth cannot keep up or the disk is at its largest size; a full disk makes the server read-only. No data is left missing.",
      severity: "page",
      threshold: 85,
      unit: "%",
      condition: azureCondition(ns, "storage_percent", "Maximum", ">", 5),
    }),
    alert({
      id: "connections-high",
      summary: `Connections to ${serverName} approach max_connections`,
      description: `active_connections above 80 % of the SKU's default max_connections (${maxConnections}) for 5 minutes; at the limit new connections are refused. No data is left missing.`,
      severity: "ticket",
      threshold: Math.floor(0.8 * maxConnections),
      unit: "connections",
      condition: azureCondition(ns, "active_connections", "Maximum", ">", 5),
    }),
    alert({
      id: "connections-failed",
      summary: `Connections to ${serverName} are failing`,
      description: "connections_failed above 10 in 5 minutes: clients cannot authenticate (Entra token, TLS) or the server refuses them. No data is left missing.",
      severity: "ticket",
      threshold: 10,
      unit: "connections",
      condition: azureCondition(ns, "connections_failed", "Total", ">", 5),
    }),
    alert({
      id: "server-down",
      summary: `PostgreSQL server ${serverName} is down`,
      description: "is_db_alive below 1 for 5 minutes: the server does not answer its health probe (outage, failover stuck, or stopped). No data is left missing.",
      severity: "page",
      threshold: 1,
      unit: "",
      condition: azureCondition(ns, "is_db_alive", "Minimum", "<", 5),
    }),
    alert({
      id: "iops-saturated",
      summary: `Disk IOPS of ${serverName} saturated`,
      description: "disk_iops_consumed_percentage above 90 % for 15 minutes: the disk is at its provisioned IOPS and I/O waits grow. No data is left missing.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      condition: azureCondition(ns, "disk_iops_consumed_percentage", "Average", ">", 15),
    }),
    alert({
      id: "transaction-id-wraparound",
      summary: `PostgreSQL server ${serverName} is heading for transaction ID wraparound`,
      description: "maximum_used_transactionIDs above 1 billion (PostgreSQL stops accepting writes near 2 billion): autovacuum is not freezing old rows. No data is left missing.",
      severity: "page",
      threshold: 1_000_000_000,
      unit: "transaction IDs",
      condition: azureCondition(ns, "maximum_used_transactionIDs", "Maximum", ">", 5),
    }),
  ];
}
