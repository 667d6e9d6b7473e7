import { manifestOf } from "../../lib/core/manifest";
import { CASSANDRA_ALERTS } from "../../lib/observability/alert-catalog";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { awsComponents } from "./support";
import { targetStack, targetSynth, testService } from "../harness";

const table = (env: EnvironmentTier) => onlyResource(targetSynth("aws", env, { service: true }), "aws_keyspaces_table");

describe("AWS Amazon Keyspaces", () => {
  test.each(ENVIRONMENTS)("%s: keyspace single-Region, table schema from props, on-demand capacity, TTL", (env) => {
    const ks = onlyResource(targetSynth("aws", env, { service: true }), "aws_keyspaces_keyspace");
    expect(ks.name).toBe("checkout");
    expect(ks.replication_specification).toEqual({ replication_strategy: "SINGLE_REGION" });
    const t = table(env);
    expect(t.table_name).toBe("carts");
    expect(t.keyspace_name).toMatch(/^\$\{aws_keyspaces_keyspace\./);
    expect(t.schema_definition).toEqual({
      column: [
        { name: "cart_id", type: "uuid" },
        { name: "item_id", type: "uuid" },
        { name: "quantity", type: "int" },
        { name: "added_at", type: "timestamp" },
      ],
      partition_key: [{ name: "cart_id" }],
      clustering_key: [{ name: "item_id", order_by: "ASC" }],
    });
    expect(t.capacity_specification).toEqual({ throughput_mode: "PAY_PER_REQUEST" });
    expect(t.default_time_to_live).toBe(604800);
    expect(t.ttl).toEqual({ status: "ENABLED" });
  });

  test.each([
    ["dev", "DISABLED", { type: "AWS_OWNED_KMS_KEY" }, false],
    ["staging", "ENABLED", "cmk", false],
    ["prod", "ENABLED", "cmk", true],
  ] as const)("%s: point-in-time recovery %s, encryption %j, prevent_destroy %s", (env, pitr, encryption, preventDestroy) => {
    const t = table(env);
    expect(t.point_in_time_recovery).toEqual({ status: pitr });
    const customerManaged = { type: "CUSTOMER_MANAGED_KMS_KEY", kms_key_identifier: expect.stringMatching(/^\$\{aws_kms_key\.checkout_cassandra_data-key_/) };
    expect(t.encryption_specification).toEqual(encryption === "cmk" ? customerManaged : encryption);
    expect((t.lifecycle as Record<string, unknown>).prevent_destroy).toBe(preventDestroy);
    expect((onlyResource(targetSynth("aws", env, { service: true }), "aws_keyspaces_keyspace").lifecycle as Record<string, unknown>).prevent_destroy).toBe(preventDestroy);
  });

  test("alarms per table and CQL operation on throttling, hot partitions, connection limits and system errors; no data is not breaching", () => {
    const alarms = resourceBodies(targetSynth("aws", "prod", { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/Cassandra");
    const ops = (metric: string) => alarms.filter((a) => a.metric_name === metric).map((a) => (a.dimensions as Record<string, string>).Operation).sort();
    expect(ops("ReadThrottleEvents")).toEqual(["SELECT"]);
    expect(ops("WriteThrottleEvents")).toEqual(["DELETE", "INSERT", "UPDATE"]);
    for (const metric of ["StoragePartitionThroughputCapacityExceeded", "SystemErrors", "PerConnectionRequestRateExceeded"]) expect(ops(metric)).toEqual(["DELETE", "INSERT", "SELECT", "UPDATE"]);
    for (const a of alarms) {
      expect(a.dimensions).toMatchObject({ Keyspace: "checkout", TableName: "carts" });
      expect(a).toMatchObject({ statistic: "Sum", threshold: 0, comparison_operator: "GreaterThanThreshold", treat_missing_data: "notBreaching" });
    }
  });

  test("every table gets its own alarms", () => {
    const synth = synthStack(
      targetStack("aws", {
        service: testService("aws", {
          cassandra: {
            keyspaces: {
              checkout: { tables: { carts: { columns: { id: "uuid" }, partitionKey: ["id"] }, orders: { columns: { id: "uuid" }, partitionKey: ["id"] } } },
            },
          },
        }),
      }).stack,
    );
    const throttles = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === "ReadThrottleEvents");
    expect(throttles.map((a) => (a.dimensions as Record<string, string>).TableName).sort()).toEqual(["carts", "orders"]);
    expect(resourceBodies(synth, "aws_keyspaces_table").map((t) => t.table_name).sort()).toEqual(["carts", "orders"]);
  });

  test("every canonical Cassandra alert is unavailable on Keyspaces with its reason; the AWS-only alerts are tuned under cassandra.aws.alerts", () => {
    const synth = synthStack(targetStack("aws", { service: testService("aws", { cassandra: { ...testCassandra(), aws: { alerts: { "read-throttled": { threshold: 5 }, "system-errors": { enabled: false } } } } }) }).stack);
    const keyspaces = manifestOf(synth)!.components.find((c) => c.component === "keyspaces")!;
    expect(keyspaces.kind).toBe("cassandra");
    expect(keyspaces.unavailableAlerts!.map((u) => u.id).sort()).toEqual(Object.keys(CASSANDRA_ALERTS).sort());
    const reasons = Object.fromEntries(keyspaces.unavailableAlerts!.map((u) => [u.id, u.reason]));
    expect(reasons["cpu-high"]).toMatch(/serverless.*no node CPU/);
    expect(reasons["read-latency-high"]).toMatch(/SuccessfulRequestLatency.*no 99th percentile/);
    expect([...keyspaces.defaultAlertIds].sort()).toEqual(["partition-throughput-exceeded", "per-connection-rate-exceeded", "read-throttled", "system-errors", "write-throttled"]);
    expect(keyspaces.disabledAlertIds).toEqual(["system-errors"]);
    const alarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/Cassandra");
    expect(alarms.filter((a) => a.metric_name === "ReadThrottleEvents").map((a) => a.threshold)).toEqual([5]);
    expect(alarms.some((a) => a.metric_name === "SystemErrors")).toBe(false);
    // Nothing watches latency: no alarm reads SuccessfulRequestLatency.
    expect(alarms.some((a) => a.metric_name === "SuccessfulRequestLatency")).toBe(false);
  });

  test("an AWS-only id under cassandra.alerts is refused, pointing at the escape hatch", () => {
    const messages = validationMessages(targetStack("aws", { service: testService("aws", { cassandra: { ...testCassandra(), alerts: { "read-throttled": { threshold: 5 } } as never } }) }).stack);
    expect(messages.filter((m) => m.includes("`cassandra.alerts.read-throttled` is not one of the cassandra alerts"))).toHaveLength(1);
    expect(messages.find((m) => m.includes("`cassandra.alerts.read-throttled`"))).toContain("`cassandra.aws.alerts`");
  });
});

/** The test service's Cassandra props (one keyspace, one table). */
function testCassandra() {
  return awsComponents.cassandra!;
}
