import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { AlertTemplate, AzureAlertBindings, azureCondition } from "./private/component-alerts";

/** Component name of PostgreSQL flexible server alerts (runbook folder, rule names). */
export const POSTGRES_FLEXIBLE_COMPONENT = "postgres-flexible";

/** Metric namespace of PostgreSQL flexible servers. */
export const POSTGRES_FLEXIBLE_NAMESPACE = "Microsoft.DBforPostgreSQL/flexibleServers";

/** Transaction IDs PostgreSQL can use before it stops accepting writes (2^31); the txid-wraparound percent is of this. */
const TXID_SPACE = 2 ** 31;

/**
 * A PostgreSQL flexible server's alerts, namespace
 * `Microsoft.DBforPostgreSQL/flexibleServers` (no dimensions). The set
 * follows the Azure Monitor Baseline Alerts for the resource type (CPU,
 * memory, storage, connections, failed connections, liveness, IOPS) and
 * adds transaction ID wraparound; metric names from Microsoft Learn,
 * "Supported metrics for Microsoft.DBforPostgreSQL/flexibleServers".
 * `maxConnections` is the SKU's default `max_connections`. Azure publishes
 * percents as 0-100 like the catalog; free storage becomes used storage
 * (`storage_percent`). Azure-only: failed connections and IOPS saturation.
 */
export function postgresFlexibleAlertBindings(serverName: string, maxConnections: number, runbookBaseUrl: string): AzureAlertBindings<"postgres"> {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl" | "severity">): AzureNativeAlert => ({ ...a, severity: "ticket", component: POSTGRES_FLEXIBLE_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, POSTGRES_FLEXIBLE_COMPONENT, a.id) });
  const template = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AlertTemplate => ({ alert: { ...a, component: POSTGRES_FLEXIBLE_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, POSTGRES_FLEXIBLE_COMPONENT, a.id) } });
  const ns = POSTGRES_FLEXIBLE_NAMESPACE;
  return {
    kind: "postgres",
    canonical: {
      down: {
        build: () =>
          alert({
            id: "down",
            summary: `PostgreSQL server ${serverName} is down`,
            description: "is_db_alive below 1 for 5 minutes: the server does not answer its health probe (outage, failover stuck, or stopped). No data is left missing.",
            threshold: 1,
            unit: "",
            condition: azureCondition(ns, "is_db_alive", "Minimum", "<", 5),
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `CPU of PostgreSQL server ${serverName} above ${s.threshold} %`,
            description: `cpu_percent above ${s.threshold} % for 15 minutes: queries queue for CPU and latency rises for every client. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(ns, "cpu_percent", "Average", ">", 15),
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Memory of PostgreSQL server ${serverName} above ${s.threshold} %`,
            description: `memory_percent above ${s.threshold} % for 15 minutes: the page cache is squeezed out and the server risks killing backends. No data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: azureCondition(ns, "memory_percent", "Average", ">", 15),
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `PostgreSQL server ${serverName} has less than ${s.threshold} % storage free`,
            description: `storage_percent above ${100 - s.threshold} %, i.e. less than ${s.threshold} % free, for 5 minutes. Storage auto-grow is on, so this fires when growth cannot keep up or the disk is at its largest size; a full disk makes the server read-only. No data is left missing.`,
            threshold: 100 - s.threshold,
            unit: "%",
            condition: azureCondition(ns, "storage_percent", "Maximum", ">", 5),
          }),
      },
      "connections-high": {
        build: (s) =>
          alert({
            id: "connections-high",
            summary: `Connections to ${serverName} above ${s.threshold} % of max_connections`,
            description: `active_connections above ${s.threshold} % of the SKU's default max_connections (${maxConnections}) for 5 minutes; at the limit new connections are refused. No data is left missing.`,
            threshold: Math.floor((s.threshold / 100) * maxConnections),
            unit: "connections",
            condition: azureCondition(ns, "active_connections", "Maximum", ">", 5),
          }),
      },
      "replication-lag-high": { unavailable: "Vigil creates no read replicas on Azure, and the zone-redundant HA standby replicates synchronously (physical_replication_delay_in_seconds exists for read replicas only)" },
      "txid-wraparound": {
        build: (s) =>
          alert({
            id: "txid-wraparound",
            summary: `PostgreSQL server ${serverName} is heading for transaction ID wraparound`,
            description: `maximum_used_transactionIDs above ${s.threshold} % of the 2^31 IDs PostgreSQL can use (${Math.floor((s.threshold / 100) * TXID_SPACE)} IDs); near the limit PostgreSQL stops accepting writes. Autovacuum is not freezing old rows. No data is left missing.`,
            threshold: Math.floor((s.threshold / 100) * TXID_SPACE),
            unit: "transaction IDs",
            condition: azureCondition(ns, "maximum_used_transactionIDs", "Maximum", ">", 5),
          }),
      },
    },
    targetOnly: [
      template({
        id: "connections-failed",
        summary: `Connections to ${serverName} are failing`,
        description: "connections_failed above 10 in 5 minutes: clients cannot authenticate (Entra token, TLS) or the server refuses them. No data is left missing.",
        severity: "ticket",
        threshold: 10,
        unit: "connections",
        condition: azureCondition(ns, "connections_failed", "Total", ">", 5),
      }),
      template({
        id: "iops-saturated",
        summary: `Disk IOPS of ${serverName} saturated`,
        description: "disk_iops_consumed_percentage above 90 % for 15 minutes: the disk is at its provisioned IOPS and I/O waits grow. No data is left missing.",
        severity: "ticket",
        threshold: 90,
        unit: "%",
        condition: azureCondition(ns, "disk_iops_consumed_percentage", "Average", ">", 15),
      }),
    ],
  };
}
