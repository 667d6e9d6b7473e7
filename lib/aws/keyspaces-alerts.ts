import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { DashboardMetric } from "./dashboard";
import { AlertTarget, AlertTemplate } from "./private/component-alerts";

/** Component name of Amazon Keyspaces alerts (runbook folder, alarm and dashboard names). */
export const KEYSPACES_COMPONENT = "keyspaces";

/**
 * Default alerts of Amazon Keyspaces tables, namespace `AWS/Cassandra`,
 * one alarm per table (dimensions `Keyspace`, `TableName`). The CloudWatch
 * recommended-alarms page has no Keyspaces section; the set follows the
 * Keyspaces Developer Guide: "Amazon Keyspaces metrics and dimensions"
 * (https://docs.aws.amazon.com/keyspaces/latest/devguide/metrics-dimensions.html)
 * and "Troubleshooting capacity management errors" (throttling at table,
 * partition and connection level, system errors). `UserErrors` is an
 * account-wide metric of the application's invalid requests and is graphed,
 * not alarmed, per service.
 */
export function keyspacesAlerts(name: string, tables: readonly AlertTarget[], runbookBaseUrl: string): AlertTemplate[] {
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
      targets: tables,
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
      targets: tables,
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
      targets: tables,
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
      targets: tables,
    },
  ];
}

/** Golden-signal graphs of one table. */
export function keyspacesSignals(keyspace: string, table: string): DashboardMetric[] {
  const t = { Keyspace: keyspace, TableName: table };
  return [
    { signal: "traffic", title: `Read units ${keyspace}.${table}`, namespace: "AWS/Cassandra", metricName: "ConsumedReadCapacityUnits", dimensions: t, statistic: "Sum" },
    { signal: "traffic", title: `Write units ${keyspace}.${table}`, namespace: "AWS/Cassandra", metricName: "ConsumedWriteCapacityUnits", dimensions: t, statistic: "Sum" },
    { signal: "latency", title: `SELECT latency ms ${keyspace}.${table}`, namespace: "AWS/Cassandra", metricName: "SuccessfulRequestLatency", dimensions: { ...t, Operation: "SELECT" }, statistic: "Average" },
    { signal: "errors", title: `System errors ${keyspace}.${table}`, namespace: "AWS/Cassandra", metricName: "SystemErrors", dimensions: t, statistic: "Sum" },
    { signal: "saturation", title: `Write throttles ${keyspace}.${table}`, namespace: "AWS/Cassandra", metricName: "WriteThrottleEvents", dimensions: t, statistic: "Sum" },
  ];
}
