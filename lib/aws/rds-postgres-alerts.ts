import { NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import { AlertTemplate, AwsAlertBindings, NativeAlert } from "./private/component-alerts";
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
interface RdsPostgresAlertContext {
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
 * Baseline IOPS of an RDS for PostgreSQL gp3 volume (Vigil sets no
 * provisioned IOPS): 3,000 below 400 GiB, 12,000 from 400 GiB, where RDS
 * stripes the volume (RDS User Guide, "Amazon RDS DB instance storage",
 * gp3 storage).
 */
export function rdsGp3BaselineIops(storageGiB: number): number {
  return storageGiB < 400 ? 3000 : 12000;
}

/** Disk latency the latency alerts accept (p90, seconds); the disk queue alert is derived from it. */
const RDS_DISK_LATENCY_SECONDS = 0.02;

/** Transaction IDs PostgreSQL can use before it stops accepting writes (2^31); the txid-wraparound percent is of this. */
export const POSTGRES_TXID_SPACE = 2 ** 31;

/**
 * RDS for PostgreSQL's alerts, namespace `AWS/RDS`, dimension
 * `DBInstanceIdentifier`. Source: CloudWatch User Guide, "Best practice
 * alarm recommendations for AWS services", section Amazon RDS
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html);
 * metric names from the RDS User Guide, "Amazon CloudWatch metrics for
 * Amazon RDS". Percent thresholds become the units RDS publishes: bytes of
 * the class's memory or the allocated storage, a count of connections out of
 * the class's default `max_connections`, transaction IDs out of 2^31.
 * AWS-only: DB load above the vCPUs (Performance Insights), disk latency,
 * disk queue depth, and the EBS burst balances of classes below 4xlarge.
 */
export function rdsPostgresAlertBindings(c: RdsPostgresAlertContext, runbookBaseUrl: string): AwsAlertBindings<"postgres"> {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, RDS_POSTGRES_COMPONENT, id);
  const cond = (metricName: string, statistic: NativeStatistic, comparison: NativeMetricCondition["comparison"], evaluationPeriods: number, missingData: NativeMetricCondition["missingData"] = "missing"): NativeMetricCondition => ({
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
  const diskQueueDepth = Math.round(rdsGp3BaselineIops(c.storageGiB) * RDS_DISK_LATENCY_SECONDS);
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl" | "severity">): NativeAlert => ({ ...a, severity: "ticket", component: RDS_POSTGRES_COMPONENT, runbookUrl: rb(a.id) });
  const template = (a: Omit<NativeAlert, "component" | "runbookUrl">): AlertTemplate => ({ alert: { ...a, component: RDS_POSTGRES_COMPONENT, runbookUrl: rb(a.id) } });
  const targetOnly: AlertTemplate[] = [
    template({
      id: "db-load-high",
      summary: `Database load of ${id} exceeds its vCPUs`,
      description: `DBLoad (Performance Insights) is the average number of active sessions. Above the class's ${c.spec.vcpu} vCPUs for 15 minutes, sessions wait (CPU, locks, I/O); Performance Insights shows on what. Missing data is left missing.`,
      severity: "ticket",
      threshold: c.spec.vcpu,
      unit: "sessions",
      condition: cond("DBLoad", "Average", ">", 15),
    }),
    template({
      id: "read-latency-high",
      summary: `Disk read latency of ${id} is high`,
      description: "ReadLatency (seconds per read I/O), p90 as AWS's recommended alarm reads it, above 20 ms for 5 minutes; gp3 serves single-digit milliseconds, so the volume is saturated (IOPS or throughput limit) or the instance's EBS bandwidth is. Missing data is left missing.",
      severity: "ticket",
      threshold: RDS_DISK_LATENCY_SECONDS,
      unit: "seconds",
      condition: cond("ReadLatency", "p90", ">", 5),
    }),
    template({
      id: "write-latency-high",
      summary: `Disk write latency of ${id} is high`,
      description: "WriteLatency (seconds per write I/O), p90 as AWS's recommended alarm reads it, above 20 ms for 5 minutes: commits wait for the disk (and, Multi-AZ, for the standby). Missing data is left missing.",
      severity: "ticket",
      threshold: RDS_DISK_LATENCY_SECONDS,
      unit: "seconds",
      condition: cond("WriteLatency", "p90", ">", 5),
    }),
    // DiskQueueDepth: I/Os waiting for the volume. Little's law: at the volume's baseline IOPS, more
    // than IOPS × 20 ms outstanding means each I/O waits longer than the latency alerts accept.
    template({
      id: "disk-queue-depth-high",
      summary: `Disk queue of ${id} is long`,
      description: `DiskQueueDepth (I/O requests waiting for the volume) above ${diskQueueDepth} on average for 15 minutes: at the gp3 baseline of ${rdsGp3BaselineIops(c.storageGiB)} IOPS for ${c.storageGiB} GiB, that many waiting I/Os means each one waits more than 20 ms (Little's law). The volume or the instance's EBS bandwidth is saturated; the latency alerts usually follow. Missing data is left missing.`,
      severity: "ticket",
      threshold: diskQueueDepth,
      unit: "requests",
      condition: cond("DiskQueueDepth", "Average", ">", 15),
    }),
  ];
  if (burstsEbs(c.instanceClass)) {
    targetOnly.push(
      template({
        id: "ebs-io-balance-low",
        summary: `EBS I/O burst balance of ${id} is nearly spent`,
        description: "EBSIOBalance% is the burst bucket of the instance's EBS IOPS. Below 10 % for 3 minutes the instance falls back to its baseline and I/O latency jumps. Missing data is left missing.",
        severity: "ticket",
        threshold: 10,
        unit: "%",
        condition: cond("EBSIOBalance%", "Minimum", "<", 3),
      }),
      template({
        id: "ebs-byte-balance-low",
        summary: `EBS throughput burst balance of ${id} is nearly spent`,
        description: "EBSByteBalance% is the burst bucket of the instance's EBS throughput. Below 10 % for 3 minutes reads and writes are held to the baseline throughput. Missing data is left missing.",
        severity: "ticket",
        threshold: 10,
        unit: "%",
        condition: cond("EBSByteBalance%", "Minimum", "<", 3),
      }),
    );
  }
  return {
    kind: "postgres",
    canonical: {
      down: { unavailable: "RDS publishes no liveness metric to CloudWatch: an instance failure is an RDS event (category failure), and Multi-AZ fails over on its own; the service's SLO alerts see clients fail" },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `CPU of database ${id} above ${s.threshold} %`,
            description: `CPUUtilization above ${s.threshold} % for 5 minutes (AWS's recommended alarm is at 90 %): queries queue for CPU and latency rises for every client. Missing data is left missing (INSUFFICIENT_DATA): RDS publishes every minute while the instance runs.`,
            threshold: s.threshold,
            unit: "%",
            condition: cond("CPUUtilization", "Average", ">", 5),
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Memory of database ${id} above ${s.threshold} % used`,
            description: `FreeableMemory below ${round(100 - s.threshold)} % of the class's ${c.spec.memoryGiB} GiB for 15 minutes, i.e. more than ${s.threshold} % in use: the page cache is gone and the instance will swap or kill backends. Missing data is left missing.`,
            threshold: Math.round(((100 - s.threshold) / 100) * c.spec.memoryGiB * GIB),
            unit: "bytes",
            condition: cond("FreeableMemory", "Average", "<", 15),
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Database ${id} has less than ${s.threshold} % storage free`,
            description: `FreeStorageSpace below ${s.threshold} % of the ${c.storageGiB} GiB allocated at creation. Storage autoscaling grows the volume when 10 % of the current size is left, so this fires when autoscaling cannot keep up or has reached max_allocated_storage. A full volume stops all writes. Missing data is left missing.`,
            threshold: Math.round((s.threshold / 100) * c.storageGiB * GIB),
            unit: "bytes",
            condition: cond("FreeStorageSpace", "Minimum", "<", 5),
          }),
      },
      "connections-high": {
        build: (s) =>
          alert({
            id: "connections-high",
            summary: `Connections to ${id} above ${s.threshold} % of max_connections`,
            description: `DatabaseConnections above ${s.threshold} % of the default max_connections of ${c.instanceClass} (${maxConnections}) for 5 minutes. At the limit new connections are refused. Missing data is left missing.`,
            threshold: Math.floor((s.threshold / 100) * maxConnections),
            unit: "connections",
            condition: cond("DatabaseConnections", "Maximum", ">", 5),
          }),
      },
      "replication-lag-high": { unavailable: "Vigil creates no read replicas on RDS, and the Multi-AZ standby is synchronous (ReplicaLag is published for read replicas only)" },
      "txid-wraparound": {
        build: (s) =>
          alert({
            id: "txid-wraparound",
            summary: `Database ${id} is heading for transaction ID wraparound`,
            description: `MaximumUsedTransactionIDs above ${s.threshold} % of the 2^31 IDs PostgreSQL can use (${Math.floor((s.threshold / 100) * POSTGRES_TXID_SPACE)} IDs; AWS recommends alarming at 1 billion); near the limit PostgreSQL stops accepting writes. Autovacuum is not freezing old rows. Missing data is left missing.`,
            threshold: Math.floor((s.threshold / 100) * POSTGRES_TXID_SPACE),
            unit: "transaction IDs",
            condition: cond("MaximumUsedTransactionIDs", "Average", ">", 5),
          }),
      },
    },
    targetOnly,
  };
}

/** A percent for a description: at most two decimals. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Classes below 4xlarge burst their EBS bandwidth (EC2 User Guide, "EBS-optimized instances"). */
function burstsEbs(instanceClass: string): boolean {
  const size = instanceClass.split(".")[2] ?? "";
  return !/^\d+xlarge$/.test(size) || parseInt(size, 10) < 4;
}
