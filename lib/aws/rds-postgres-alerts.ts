import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { DashboardMetric } from "./dashboard";
import { AlertTemplate } from "./private/component-alerts";
import type { DbInstanceClassSpec } from "./sizes";

/** Component name of RDS PostgreSQL alerts (runbook folder, alarm and dashboard names). */
export const RDS_POSTGRES_COMPONENT = "rds-postgres";

const GIB = 1024 ** 3;

/**
 * PostgreSQL's default `max_connections` on RDS:
 * LEAST({DBInstanceClassMemory/9531392}, 5000) (RDS User Guide, "Maximum
 * number of database connections").
 */
export function rdsPostgresMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * GIB) / 9531392), 5000);
}

/** What the instance looks like, for thresholds and which alerts apply. */
export interface RdsPostgresAlertContext {
  /** DB instance identifier (dimension `DBInstanceIdentifier`). */
  readonly identifier: string;
  /** Instance class, e.g. `db.m7g.large`. */
  readonly instanceClass: string;
  /** Its vCPUs and memory. */
  readonly spec: DbInstanceClassSpec;
  /** Allocated storage in GiB. */
  readonly storageGiB: number;
}

/**
 * Default alerts of an RDS for PostgreSQL instance, namespace `AWS/RDS`,
 * dimension `DBInstanceIdentifier`. Source: CloudWatch User Guide, "Best
 * practice alarm recommendations for AWS services", section Amazon RDS
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html);
 * metric names from the RDS User Guide, "Amazon CloudWatch metrics for
 * Amazon RDS". Thresholds that AWS ties to the instance (memory,
 * connections, vCPUs, storage) are computed from the class and storage, so
 * they follow each environment's size. `ReplicaLag` does not apply: a
 * Multi-AZ standby is synchronous and serves no reads (no read replicas are
 * created). The EBS balance alerts apply to classes below 4xlarge, which
 * burst their EBS bandwidth.
 */
export function rdsPostgresAlerts(c: RdsPostgresAlertContext, runbookBaseUrl: string): AlertTemplate[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, RDS_POSTGRES_COMPONENT, id);
  const cond = (metricName: string, statistic: string, comparison: NativeMetricCondition["comparison"], evaluationPeriods: number, missingData: NativeMetricCondition["missingData"] = "missing"): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "AWS/RDS",
    metricName,
    dimensions: { DBInstanceIdentifier: c.identifier },
    statistic,
    periodSeconds: 60,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const id = c.identifier;
  const maxConnections = rdsPostgresMaxConnections(c.spec.memoryGiB);
  const alerts: AlertTemplate[] = [
    {
      alert: {
        id: "cpu-high",
        component: RDS_POSTGRES_COMPONENT,
        summary: `CPU of database ${id} above threshold`,
        description: "CPUUtilization above 90 % for 5 minutes (AWS's recommended alarm): queries queue for CPU and latency rises for every client. Missing data is left missing (INSUFFICIENT_DATA): RDS publishes every minute while the instance runs.",
        severity: "ticket",
        runbookUrl: rb("cpu-high"),
        threshold: 90,
        unit: "%",
        condition: cond("CPUUtilization", "Average", ">", 5),
      },
    },
    {
      alert: {
        id: "db-load-high",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Database load of ${id} exceeds its vCPUs`,
        description: `DBLoad (Performance Insights) is the average number of active sessions. Above the class's ${c.spec.vcpu} vCPUs for 15 minutes, sessions wait (CPU, locks, I/O); Performance Insights shows on what. Missing data is left missing.`,
        severity: "ticket",
        runbookUrl: rb("db-load-high"),
        threshold: c.spec.vcpu,
        unit: "sessions",
        condition: cond("DBLoad", "Average", ">", 15),
      },
    },
    {
      alert: {
        id: "freeable-memory-low",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Freeable memory of ${id} is low`,
        description: `FreeableMemory below 10 % of the class's ${c.spec.memoryGiB} GiB for 15 minutes: the page cache is gone and the instance will swap or kill backends. Missing data is left missing.`,
        severity: "ticket",
        runbookUrl: rb("freeable-memory-low"),
        threshold: Math.round(0.1 * c.spec.memoryGiB * GIB),
        unit: "bytes",
        condition: cond("FreeableMemory", "Average", "<", 15),
      },
    },
    {
      alert: {
        id: "free-storage-low",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Database ${id} is running out of storage`,
        description: `FreeStorageSpace below 10 % of the ${c.storageGiB} GiB allocated at creation. Storage autoscaling grows the volume when 10 % of the current size is left, so this fires only when autoscaling cannot keep up or has reached max_allocated_storage. A full volume stops all writes. Missing data is left missing.`,
        severity: "page",
        runbookUrl: rb("free-storage-low"),
        threshold: Math.round(0.1 * c.storageGiB * GIB),
        unit: "bytes",
        condition: cond("FreeStorageSpace", "Minimum", "<", 5),
      },
    },
    {
      alert: {
        id: "connections-high",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Connections to ${id} approach max_connections`,
        description: `DatabaseConnections above 80 % of the default max_connections of ${c.instanceClass} (${maxConnections}) for 5 minutes. At the limit new connections are refused. Missing data is left missing.`,
        severity: "ticket",
        runbookUrl: rb("connections-high"),
        threshold: Math.floor(0.8 * maxConnections),
        unit: "connections",
        condition: cond("DatabaseConnections", "Maximum", ">", 5),
      },
    },
    {
      alert: {
        id: "read-latency-high",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Disk read latency of ${id} is high`,
        description: "ReadLatency (seconds per read I/O), p90 as AWS's recommended alarm reads it, above 20 ms for 5 minutes; gp3 serves single-digit milliseconds, so the volume is saturated (IOPS or throughput limit) or the instance's EBS bandwidth is. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("read-latency-high"),
        threshold: 0.02,
        unit: "seconds",
        condition: cond("ReadLatency", "p90", ">", 5),
      },
    },
    {
      alert: {
        id: "write-latency-high",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Disk write latency of ${id} is high`,
        description: "WriteLatency (seconds per write I/O), p90 as AWS's recommended alarm reads it, above 20 ms for 5 minutes: commits wait for the disk (and, Multi-AZ, for the standby). Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("write-latency-high"),
        threshold: 0.02,
        unit: "seconds",
        condition: cond("WriteLatency", "p90", ">", 5),
      },
    },
    {
      alert: {
        id: "transaction-id-wraparound",
        component: RDS_POSTGRES_COMPONENT,
        summary: `Database ${id} is heading for transaction ID wraparound`,
        description: "MaximumUsedTransactionIDs above 1 billion (AWS's recommended threshold; PostgreSQL stops accepting writes near 2 billion to prevent wraparound). Autovacuum is not freezing old rows. Missing data is left missing.",
        severity: "page",
        runbookUrl: rb("transaction-id-wraparound"),
        threshold: 1_000_000_000,
        unit: "transaction IDs",
        condition: cond("MaximumUsedTransactionIDs", "Average", ">", 5),
      },
    },
  ];
  if (burstsEbs(c.instanceClass)) {
    alerts.push(
      {
        alert: {
          id: "ebs-io-balance-low",
          component: RDS_POSTGRES_COMPONENT,
          summary: `EBS I/O burst balance of ${id} is nearly spent`,
          description: "EBSIOBalance% is the burst bucket of the instance's EBS IOPS. Below 10 % for 3 minutes the instance falls back to its baseline and I/O latency jumps. Missing data is left missing.",
          severity: "ticket",
          runbookUrl: rb("ebs-io-balance-low"),
          threshold: 10,
          unit: "%",
          condition: cond("EBSIOBalance%", "Minimum", "<", 3),
        },
      },
      {
        alert: {
          id: "ebs-byte-balance-low",
          component: RDS_POSTGRES_COMPONENT,
          summary: `EBS throughput burst balance of ${id} is nearly spent`,
          description: "EBSByteBalance% is the burst bucket of the instance's EBS throughput. Below 10 % for 3 minutes reads and writes are held to the baseline throughput. Missing data is left missing.",
          severity: "ticket",
          runbookUrl: rb("ebs-byte-balance-low"),
          threshold: 10,
          unit: "%",
          condition: cond("EBSByteBalance%", "Minimum", "<", 3),
        },
      },
    );
  }
  return alerts;
}

/** Classes below 4xlarge burst their EBS bandwidth (EC2 User Guide, "EBS-optimized instances"). */
function burstsEbs(instanceClass: string): boolean {
  const size = instanceClass.split(".")[2] ?? "";
  return !/^\d+xlarge$/.test(size) || parseInt(size, 10) < 4;
}

/** Golden-signal graphs of an instance. */
export function rdsPostgresSignals(identifier: string): DashboardMetric[] {
  const d = { DBInstanceIdentifier: identifier };
  return [
    { signal: "traffic", title: "Read IOPS", namespace: "AWS/RDS", metricName: "ReadIOPS", dimensions: d, statistic: "Average" },
    { signal: "traffic", title: "Write IOPS", namespace: "AWS/RDS", metricName: "WriteIOPS", dimensions: d, statistic: "Average" },
    { signal: "latency", title: "Read latency s", namespace: "AWS/RDS", metricName: "ReadLatency", dimensions: d, statistic: "Average" },
    { signal: "latency", title: "Write latency s", namespace: "AWS/RDS", metricName: "WriteLatency", dimensions: d, statistic: "Average" },
    { signal: "saturation", title: "Database load (sessions)", namespace: "AWS/RDS", metricName: "DBLoad", dimensions: d, statistic: "Average" },
    { signal: "saturation", title: "Connections", namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: d, statistic: "Maximum" },
  ];
}
