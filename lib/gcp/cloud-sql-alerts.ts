import { AlertDefinition, NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import type { GcpAlertBindings } from "./private/component-alerts";
import type { CloudSqlTier } from "./sizes";

/** Component name of Cloud SQL for PostgreSQL alerts (runbook folder). */
export const CLOUD_SQL_POSTGRES_COMPONENT = "cloud-sql-postgres";

/** Monitored resource type of Cloud SQL metrics. */
const RESOURCE = "cloudsql_database";

/**
 * Cloud SQL for PostgreSQL's alerts, on `cloudsql.googleapis.com` metrics
 * of the `cloudsql_database` resource, filtered on `database_id`
 * (`<project>:<instance>`). Sources: Google Cloud metrics list, section
 * "cloudsql" (https://cloud.google.com/monitoring/api/metrics_gcp_c#gcp-cloudsql);
 * Cloud SQL "Monitor Cloud SQL instances" and "Optimize high CPU / memory
 * usage"; transaction ID utilization per "Overcome transaction ID (TXID)
 * wraparound protection". Cloud SQL publishes utilizations as fractions
 * (0-1): percent thresholds are divided by 100. The connection threshold is
 * a share of the `max_connections` flag Vigil sets for the tier.
 */
export function cloudSqlPostgresAlertBindings(databaseId: string, tier: CloudSqlTier, runbookBaseUrl: string): GcpAlertBindings<"postgres"> {
  const cond = (metric: string, statistic: NativeStatistic, comparison: NativeMetricCondition["comparison"], evaluationPeriods: number, missingData: NativeMetricCondition["missingData"] = "missing"): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: RESOURCE,
    metricName: `cloudsql.googleapis.com/database/${metric}`,
    dimensions: { "resource.labels.database_id": databaseId },
    statistic,
    periodSeconds: 60,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const name = databaseId.split(":").pop();
  const alert = (a: Omit<AlertDefinition, "component" | "runbookUrl" | "severity">): AlertDefinition => ({ ...a, severity: "ticket", component: CLOUD_SQL_POSTGRES_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, CLOUD_SQL_POSTGRES_COMPONENT, a.id) });
  return {
    kind: "postgres",
    canonical: {
      down: {
        build: () =>
          alert({
            id: "down",
            summary: `Database ${name} is down`,
            description: "cloudsql.googleapis.com/database/up below 1 for 5 minutes: the instance does not serve. Missing data counts as down (the metric stops when the instance does).",
            threshold: 1,
            unit: "up",
            condition: cond("up", "ALIGN_MIN", "<", 5, "breaching"),
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `CPU of database ${name} above ${s.threshold} %`,
            description: `database/cpu/utilization (a fraction) above ${fraction(s.threshold)} (${s.threshold} %) for 10 minutes: queries queue for CPU. Query Insights shows which statements use it.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: cond("cpu/utilization", "ALIGN_MEAN", ">", 10),
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Memory of database ${name} above ${s.threshold} % used`,
            description: `database/memory/utilization (a fraction) above ${fraction(s.threshold)} (${s.threshold} %) for 15 minutes: the instance risks out-of-memory restarts.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: cond("memory/utilization", "ALIGN_MEAN", ">", 15),
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Database ${name} has less than ${s.threshold} % storage free`,
            description: `database/disk/utilization (a fraction) above ${fraction(100 - s.threshold)}, i.e. less than ${s.threshold} % free, for 5 minutes. Automatic storage increase should grow the disk first; this fires when it cannot keep up or hit its limit. A full disk stops all writes.`,
            threshold: fraction(100 - s.threshold),
            unit: "fraction",
            condition: cond("disk/utilization", "ALIGN_MAX", ">", 5),
          }),
      },
      "connections-high": {
        build: (s) =>
          alert({
            id: "connections-high",
            summary: `Connections to ${name} above ${s.threshold} % of max_connections`,
            description: `database/postgresql/num_backends above ${s.threshold} % of max_connections (${tier.maxConnections}) for 5 minutes. At the limit new connections are refused.`,
            threshold: Math.floor((s.threshold / 100) * tier.maxConnections),
            unit: "connections",
            condition: cond("postgresql/num_backends", "ALIGN_MAX", ">", 5),
          }),
      },
      "replication-lag-high": { unavailable: "Vigil creates no read replicas on Cloud SQL, and the REGIONAL standby replicates synchronously (database/replication/replica_lag exists for read replicas only)" },
      "txid-wraparound": {
        build: (s) =>
          alert({
            id: "txid-wraparound",
            summary: `Database ${name} is heading for transaction ID wraparound`,
            description: `database/postgresql/transaction_id_utilization (a fraction of the usable transaction IDs) above ${fraction(s.threshold)} (${s.threshold} %): autovacuum is not freezing old rows. PostgreSQL stops accepting writes near the limit.`,
            threshold: fraction(s.threshold),
            unit: "fraction",
            condition: cond("postgresql/transaction_id_utilization", "ALIGN_MAX", ">", 5),
          }),
      },
    },
  };
}

/** A percent as the fraction Cloud Monitoring's utilization metrics use (90 → 0.9), without float noise. */
export function fraction(percent: number): number {
  return Math.round(percent * 1e6) / 1e8;
}
