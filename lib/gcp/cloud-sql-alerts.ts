import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { GcpChart } from "./dashboard";
import type { AlertTemplate } from "./private/component-alerts";
import type { CloudSqlTier } from "./sizes";

/** Component name of Cloud SQL for PostgreSQL alerts (runbook folder). */
export const CLOUD_SQL_POSTGRES_COMPONENT = "cloud-sql-postgres";

/** Monitored resource type of Cloud SQL metrics. */
const RESOURCE = "cloudsql_database";

/**
 * Default alerts of a Cloud SQL for PostgreSQL instance, on `cloudsql.googleapis.com`
 * metrics of the `cloudsql_database` resource, filtered on `database_id`
 * (`<project>:<instance>`). Sources: Google Cloud metrics list, section
 * "cloudsql" (https://cloud.google.com/monitoring/api/metrics_gcp_c#gcp-cloudsql);
 * Cloud SQL "Monitor Cloud SQL instances" and "Optimize high CPU / memory
 * usage" (90 % utilization thresholds); transaction ID utilization per
 * "Overcome transaction ID (TXID) wraparound protection". Utilizations are
 * fractions (0-1). The connection threshold is 80 % of the `max_connections`
 * flag Vigil sets for the tier.
 */
export function cloudSqlPostgresAlerts(databaseId: string, tier: CloudSqlTier, runbookBaseUrl: string): AlertTemplate[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, CLOUD_SQL_POSTGRES_COMPONENT, id);
  const cond = (metric: string, statistic: string, comparison: NativeMetricCondition["comparison"], evaluationPeriods: number, missingData: NativeMetricCondition["missingData"] = "missing"): NativeMetricCondition => ({
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
  const alert = (a: Omit<AlertTemplate["alert"], "component" | "runbookUrl">): AlertTemplate => ({ alert: { ...a, component: CLOUD_SQL_POSTGRES_COMPONENT, runbookUrl: rb(a.id) } });
  return [
    alert({
      id: "instance-down",
      summary: `Database ${name} is down`,
      description: "cloudsql.googleapis.com/database/up below 1 for 5 minutes: the instance does not serve. Missing data counts as down (the metric stops when the instance does).",
      severity: "page",
      threshold: 1,
      unit: "up",
      condition: cond("up", "ALIGN_MIN", "<", 5, "breaching"),
    }),
    alert({
      id: "cpu-high",
      summary: `CPU of database ${name} above threshold`,
      description: "database/cpu/utilization above 90 % for 10 minutes: queries queue for CPU. Query Insights shows which statements use it.",
      severity: "ticket",
      threshold: 0.9,
      unit: "fraction",
      condition: cond("cpu/utilization", "ALIGN_MEAN", ">", 10),
    }),
    alert({
      id: "memory-high",
      summary: `Memory of database ${name} is nearly used up`,
      description: "database/memory/utilization above 90 % for 15 minutes: the instance risks out-of-memory restarts.",
      severity: "ticket",
      threshold: 0.9,
      unit: "fraction",
      condition: cond("memory/utilization", "ALIGN_MEAN", ">", 15),
    }),
    alert({
      id: "disk-high",
      summary: `Database ${name} is running out of storage`,
      description: "database/disk/utilization above 90 % for 5 minutes. Automatic storage increase should grow the disk first; this fires when it cannot keep up or hit its limit. A full disk stops all writes.",
      severity: "page",
      threshold: 0.9,
      unit: "fraction",
      condition: cond("disk/utilization", "ALIGN_MAX", ">", 5),
    }),
    alert({
      id: "connections-high",
      summary: `Connections to ${name} approach max_connections`,
      description: `database/postgresql/num_backends above 80 % of max_connections (${tier.maxConnections}) for 5 minutes. At the limit new connections are refused.`,
      severity: "ticket",
      threshold: Math.floor(tier.maxConnections * 0.8),
      unit: "connections",
      condition: cond("postgresql/num_backends", "ALIGN_MAX", ">", 5),
    }),
    alert({
      id: "transaction-id-wraparound",
      summary: `Database ${name} is heading for transaction ID wraparound`,
      description: "database/postgresql/transaction_id_utilization above 50 % of the 2 billion usable transaction IDs: autovacuum is not freezing old rows. PostgreSQL stops accepting writes near the limit.",
      severity: "page",
      threshold: 0.5,
      unit: "fraction",
      condition: cond("postgresql/transaction_id_utilization", "ALIGN_MAX", ">", 5),
    }),
  ];
}

/** Dashboard charts of an instance (traffic, saturation). */
export function cloudSqlPostgresCharts(databaseId: string): GcpChart[] {
  const chart = (title: string, metric: string, aligner = "ALIGN_MEAN"): GcpChart => ({ title, resourceType: RESOURCE, metricType: `cloudsql.googleapis.com/database/${metric}`, filters: { "resource.labels.database_id": databaseId }, aligner });
  return [
    chart("CPU utilization", "cpu/utilization"),
    chart("Memory utilization", "memory/utilization"),
    chart("Disk utilization", "disk/utilization"),
    chart("Connections", "postgresql/num_backends", "ALIGN_MAX"),
    chart("Read ops", "disk/read_ops_count", "ALIGN_RATE"),
    chart("Write ops", "disk/write_ops_count", "ALIGN_RATE"),
  ];
}
