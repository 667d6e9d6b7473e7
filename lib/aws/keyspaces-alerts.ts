import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import { AlertTarget, AlertTemplate, AwsAlertBindings, idSuffix } from "./private/component-alerts";

/** Component name of Amazon Keyspaces alerts (runbook folder, alarm and dashboard names). */
export const KEYSPACES_COMPONENT = "keyspaces";

/** Read operations Keyspaces reports per table (dimension `Operation`). */
const KEYSPACES_READ_OPERATIONS = ["SELECT"] as const;
/** Write operations (dimension `Operation`). */
const KEYSPACES_WRITE_OPERATIONS = ["INSERT", "UPDATE", "DELETE"] as const;

/** One table of a keyspace, as the alerts see it. */
export interface KeyspacesTableRef {
  /** Keyspace name. */
  readonly keyspace: string;
  /** Table name. */
  readonly table: string;
}

/** Alarm members: every table, once per operation, with the dimensions Keyspaces publishes these counts with. */
function perOperation(tables: readonly KeyspacesTableRef[], operations: readonly string[]): AlertTarget[] {
  return tables.flatMap((t) =>
    operations.map((op) => ({
      suffix: idSuffix(`${t.keyspace}-${t.table}-${op}`),
      label: `${t.keyspace}.${t.table} ${op}`,
      dimensions: { Keyspace: t.keyspace, TableName: t.table, Operation: op },
    })),
  );
}

/**
 * Why each canonical Cassandra alert has no Amazon Keyspaces signal.
 * Keyspaces is serverless: AWS runs the nodes, storage and compaction and
 * publishes only request-level metrics per table (Keyspaces Developer
 * Guide, "Amazon Keyspaces metrics and dimensions").
 */
export const KEYSPACES_UNAVAILABLE = {
  nodes: "Amazon Keyspaces is serverless: it runs no nodes the account can see and publishes no node or replica health metric (AWS replaces failed hosts and keeps 3 copies of every row across 3 zones); requests it cannot serve show as SystemErrors, the AWS-only system-errors alert",
  latency:
    "Amazon Keyspaces publishes SuccessfulRequestLatency (milliseconds, per table and operation) with the statistics Minimum, Maximum, Sum, Average and SampleCount only (Keyspaces Developer Guide, \"Amazon Keyspaces metrics and dimensions\"): CloudWatch has no 99th percentile of it, and an average or maximum does not mean what the catalog's p99 means; measure the p99 in the client driver",
  storage: "Amazon Keyspaces storage is serverless and grows with the data: there is no volume whose free space could run out (BillableTableSizeInBytes is a size, not a share of a capacity)",
  cpu: "Amazon Keyspaces is serverless: it exposes no node CPU; overload shows as throttling (the AWS-only read-throttled and write-throttled alerts)",
  memory: "Amazon Keyspaces is serverless: it exposes no node memory; overload shows as throttling (the AWS-only read-throttled and write-throttled alerts)",
  droppedMessages: "Amazon Keyspaces is serverless: it exposes no internode messaging; requests over capacity are rejected and counted as throttle events (the AWS-only throttle alerts), not dropped",
  compactions: "Amazon Keyspaces is serverless: AWS runs compaction and publishes no compaction metric",
} as const;

/**
 * Amazon Keyspaces tables as the canonical Cassandra alerts see them: every
 * canonical alert is unavailable ({@link KEYSPACES_UNAVAILABLE}), and the
 * AWS-only alerts, namespace `AWS/Cassandra`,
 * one alarm per table and CQL operation (dimensions `Keyspace`,
 * `TableName`, `Operation`: the set Keyspaces publishes the error and
 * throttle counts with, as AWS's own dashboard template queries them —
 * aws-samples/amazon-keyspaces-cloudwatch-cloudformation-templates,
 * keyspaces-table-cw.yaml: ReadThrottleEvents with Operation SELECT,
 * WriteThrottleEvents/SystemErrors/UserErrors with INSERT, UPDATE, DELETE;
 * Consumed*CapacityUnits with Keyspace and TableName only). The CloudWatch
 * recommended-alarms page has no Keyspaces section; the set follows the
 * Keyspaces Developer Guide: "Amazon Keyspaces metrics and dimensions"
 * (https://docs.aws.amazon.com/keyspaces/latest/devguide/metrics-dimensions.html)
 * and "Troubleshooting capacity management errors" (throttling at table,
 * partition and connection level, system errors), and AWS's recommended
 * Keyspaces alarms (Sum >= 1 on the throttle, partition and per-connection
 * counts, missing data not breaching). `UserErrors` is an
 * account-wide metric of the application's invalid requests and is graphed,
 * not alarmed, per service.
 */
export function keyspacesAlertBindings(name: string, tables: readonly KeyspacesTableRef[], runbookBaseUrl: string): AwsAlertBindings<"cassandra"> {
  const u = KEYSPACES_UNAVAILABLE;
  return {
    kind: "cassandra",
    canonical: {
      "nodes-down": { unavailable: u.nodes },
      "read-latency-high": { unavailable: u.latency },
      "write-latency-high": { unavailable: u.latency },
      "storage-low": { unavailable: u.storage },
      "cpu-high": { unavailable: u.cpu },
      "memory-high": { unavailable: u.memory },
      "dropped-messages": { unavailable: u.droppedMessages },
      "pending-compactions-high": { unavailable: u.compactions },
    },
    targetOnly: keyspacesAlerts(name, tables, runbookBaseUrl),
  };
}

/** The AWS-only alerts of Amazon Keyspaces tables: throttling, hot partitions, connection limits and server errors. */
function keyspacesAlerts(name: string, tables: readonly KeyspacesTableRef[], runbookBaseUrl: string): AlertTemplate[] {
  const reads = perOperation(tables, KEYSPACES_READ_OPERATIONS);
  const writes = perOperation(tables, KEYSPACES_WRITE_OPERATIONS);
  const all = [...reads, ...writes];
  const rb = (id: string) => runbookUrl(runbookBaseUrl, KEYSPACES_COMPONENT, id);
  const cond = (metricName: string, evaluationPeriods: number, datapointsToAlarm: number): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "AWS/Cassandra",
    metricName,
    dimensions: {},
    statistic: "Sum",
    periodSeconds: 60,
    evaluationPeriods,
    datapointsToAlarm,
    comparison: ">",
    // Keyspaces publishes these counts only when requests arrive: a minute
    // without data is a minute without throttles or errors.
    missingData: "notBreaching",
  });
  return [
    {
      alert: {
        id: "read-throttled",
        component: KEYSPACES_COMPONENT,
        summary: `Reads of ${name} are throttled`,
        description:
          "ReadThrottleEvents counts reads rejected for capacity: on-demand tables throttle above twice their previous peak, and any table throttles a hot partition (3,000 RCU) or connection. Clients see ReadTimeout/Unavailable errors. Throttles in 3 of 5 minutes alert; no data means no requests, so no throttles (notBreaching).",
        severity: "ticket",
        runbookUrl: rb("read-throttled"),
        threshold: 0,
        unit: "requests per minute",
        condition: cond("ReadThrottleEvents", 5, 3),
      },
      targets: reads,
    },
    {
      alert: {
        id: "write-throttled",
        component: KEYSPACES_COMPONENT,
        summary: `Writes of ${name} are throttled`,
        description:
          "WriteThrottleEvents counts writes rejected for capacity (twice the previous peak on on-demand tables, 1,000 WCU per partition, connection quotas). Writes the client does not retry are lost. Throttles in 3 of 5 minutes alert; no data means no requests (notBreaching).",
        severity: "page",
        runbookUrl: rb("write-throttled"),
        threshold: 0,
        unit: "requests per minute",
        condition: cond("WriteThrottleEvents", 5, 3),
      },
      targets: writes,
    },
    {
      alert: {
        id: "partition-throughput-exceeded",
        component: KEYSPACES_COMPONENT,
        summary: `A partition of ${name} exceeds its throughput`,
        description:
          "StoragePartitionThroughputCapacityExceeded counts requests over a single storage partition's capacity: a hot partition key. More table capacity does not help; the data model or the access pattern must spread the load. Any in 3 of 5 minutes alerts; no data means none (notBreaching).",
        severity: "ticket",
        runbookUrl: rb("partition-throughput-exceeded"),
        threshold: 0,
        unit: "requests per minute",
        condition: cond("StoragePartitionThroughputCapacityExceeded", 5, 3),
      },
      targets: all,
    },
    {
      alert: {
        id: "system-errors",
        component: KEYSPACES_COMPONENT,
        summary: `Amazon Keyspaces returns server errors for ${name}`,
        description:
          "SystemErrors counts requests that failed with a ServerError: an issue on the AWS side. Drivers retry them; errors in 3 of 5 minutes mean retries may not be enough. No data means no errors (notBreaching).",
        severity: "ticket",
        runbookUrl: rb("system-errors"),
        threshold: 0,
        unit: "requests per minute",
        condition: cond("SystemErrors", 5, 3),
      },
      targets: all,
    },
    {
      alert: {
        id: "per-connection-rate-exceeded",
        component: KEYSPACES_COMPONENT,
        summary: `Connections to ${name} exceed their request rate`,
        description:
          "PerConnectionRequestRateExceeded counts requests over the 3,000 CQL requests per second one connection carries. The table has capacity; the driver has too few connections. Any in 3 of 5 minutes alerts; no data means none (notBreaching).",
        severity: "ticket",
        runbookUrl: rb("per-connection-rate-exceeded"),
        threshold: 0,
        unit: "requests per minute",
        condition: cond("PerConnectionRequestRateExceeded", 5, 3),
      },
      targets: all,
    },
  ];
}
