import { manifestOf } from "../../lib/core/manifest";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { POSTGRES_TXID_SPACE, rdsGp3BaselineIops, rdsPostgresMaxConnections } from "../../lib/aws/rds-postgres-alerts";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { messageAt, targetStack, targetSynth, testService } from "../harness";

const db = (env: EnvironmentTier) => onlyResource(targetSynth("aws", env, { service: true }), "aws_db_instance");
const rdsAlarms = (env: EnvironmentTier) => Object.fromEntries(
  resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/RDS").map((a) => [a.metric_name, a]),
);

describe("AWS RDS PostgreSQL", () => {
  test.each([
    ["dev", false, 1, "db.t4g.medium", 60],
    ["staging", true, 7, "db.m7g.large", 15],
    ["prod", true, 35, "db.m7g.xlarge", 15],
  ] as const)("%s: Multi-AZ %s, backups %i days, %s, enhanced monitoring every %i s", (env, multiAz, days, cls, interval) => {
    const d = db(env);
    expect(d.multi_az).toBe(multiAz);
    expect(d.backup_retention_period).toBe(days);
    expect(d.instance_class).toBe(cls);
    expect(d.monitoring_interval).toBe(interval);
    expect(String(d.monitoring_role_arn)).toMatch(/^\$\{aws_iam_role\./);
    const attachments = resourceBodies(targetSynth("aws", env, { service: true }), "aws_iam_role_policy_attachment").map((a) => String(a.policy_arn));
    expect(attachments.some((a) => a.endsWith("policy/service-role/AmazonRDSEnhancedMonitoringRole"))).toBe(true);
  });

  test.each(ENVIRONMENTS)("%s: managed master password, IAM auth, TLS forced, slow statements logged, logs exported, private", (env) => {
    const d = db(env);
    expect(d.manage_master_user_password).toBe(true);
    expect(d.password).toBeUndefined();
    expect(d.iam_database_authentication_enabled).toBe(true);
    expect(d.publicly_accessible).toBe(false);
    expect(d.storage_encrypted).toBe(true);
    expect(d.performance_insights_enabled).toBe(true);
    expect(d.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    const params = onlyResource(targetSynth("aws", env, { service: true }), "aws_db_parameter_group");
    expect(params.family).toBe("postgres17");
    expect(params.parameter).toEqual(expect.arrayContaining([{ name: "rds.force_ssl", value: "1" }, { name: "log_min_duration_statement", value: "500" }]));
    const groups = resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith(`/aws/rds/instance/checkout-${env}/`));
    expect(groups.map((g) => g.name).sort()).toEqual([`/aws/rds/instance/checkout-${env}/postgresql`, `/aws/rds/instance/checkout-${env}/upgrade`]);
    const subnets = onlyResource(targetSynth("aws", env, { service: true }), "aws_db_subnet_group").subnet_ids as string[];
    expect(subnets.every((s) => s.includes("_private-"))).toBe(true);
    const rules = resourceBodies(targetSynth("aws", env, { service: true }), "aws_vpc_security_group_ingress_rule").filter((r) => String(r.security_group_id).includes("checkout_postgres"));
    expect(rules.map((r) => [r.from_port, r.cidr_ipv4])).toEqual([[5432, "10.0.0.0/16"]]);
  });

  test.each([
    ["dev", false, false, true, undefined, false],
    ["staging", true, true, false, "checkout-staging-final", false],
    ["prod", true, true, false, "checkout-prod-final", true],
  ] as const)("%s: customer-managed key %s, deletion protection %s, skip final snapshot %s (%s), prevent_destroy %s", (env, cmk, protection, skip, snapshot, preventDestroy) => {
    const d = db(env);
    const dataKey = expect.stringMatching(/^\$\{aws_kms_key\.checkout_postgres_data-key_[^.]+\.arn\}$/);
    for (const field of ["kms_key_id", "performance_insights_kms_key_id", "master_user_secret_kms_key_id"]) expect({ field, key: d[field] }).toEqual({ field, key: cmk ? dataKey : undefined });
    expect(d.deletion_protection).toBe(protection);
    expect(d.skip_final_snapshot).toBe(skip);
    expect(d.final_snapshot_identifier).toBe(snapshot);
    expect((d.lifecycle as Record<string, unknown>).prevent_destroy).toBe(preventDestroy);
  });

  // Worked out by hand from each class (vCPU, memory) and RDS's default max_connections
  // (LEAST(DBInstanceClassMemory/9531392, 5000)), with the catalog's defaults: DB load at the
  // vCPU count, memory-high 90 % used = freeable memory below 10 % of memory, connections at
  // 80 % of max_connections, storage-low 10 % free of the allocation, txid-wraparound at 50 % of 2^31.
  test.each([
    ["dev", "db.t4g.medium", 2, 429496730, 360, 2147483648],
    ["staging", "db.m7g.large", 2, 858993459, 720, 10737418240],
    ["prod", "db.m7g.xlarge", 4, 1717986918, 1441, 10737418240],
  ] as const)("%s (%s): thresholds follow the instance class and storage", (env, instanceClass, load, memory, connections, storage) => {
    expect(db(env).instance_class).toBe(instanceClass);
    const a = rdsAlarms(env);
    expect(a.DBLoad.threshold).toBe(load);
    expect(a.FreeableMemory.threshold).toBe(memory);
    expect(a.DatabaseConnections.threshold).toBe(connections);
    expect(a.FreeStorageSpace.threshold).toBe(storage);
    expect(a.FreeStorageSpace).toMatchObject({ statistic: "Minimum", comparison_operator: "LessThanThreshold" });
    expect(a.FreeableMemory.comparison_operator).toBe("LessThanThreshold");
    expect(a.MaximumUsedTransactionIDs.threshold).toBe(1_073_741_824);
    expect(a.ReplicaLag).toBeUndefined();
    // 3,000 baseline IOPS of gp3 below 400 GiB × 20 ms: 60 waiting I/Os.
    expect(a.DiskQueueDepth).toMatchObject({ threshold: 60, statistic: "Average", comparison_operator: "GreaterThanThreshold", evaluation_periods: 15 });
    // AWS's recommended latency alarms read the 90th percentile, not the average.
    for (const metric of ["ReadLatency", "WriteLatency"]) expect(a[metric]).toMatchObject({ extended_statistic: "p90", threshold: 0.02 });
    expect(a.ReadLatency.statistic).toBeUndefined();
  });

  test("the disk queue alarm follows the volume's baseline IOPS: 12,000 from 400 GiB gives 240", () => {
    expect([rdsGp3BaselineIops(399), rdsGp3BaselineIops(400)]).toEqual([3000, 12000]);
    const synth = synthStack(targetStack("aws", { service: testService("aws", { postgres: { storageGiB: 500 } }) }).stack);
    const queue = resourceBodies(synth, "aws_cloudwatch_metric_alarm").find((a) => a.metric_name === "DiskQueueDepth")!;
    expect(queue.threshold).toBe(240);
    expect(String(queue.alarm_description)).toContain("12000 IOPS for 500 GiB");
  });

  test("max_connections follows RDS's formula: 8 GiB gives 901", () => {
    expect(rdsPostgresMaxConnections(8)).toBe(901);
    expect(rdsPostgresMaxConnections(1024)).toBe(5000);
  });

  test("an explicit instance class is used and its thresholds follow it", () => {
    const synth = synthStack(targetStack("aws", { service: testService("aws", { postgres: { instanceType: "db.r6g.2xlarge", alerts: { "cpu-high": { threshold: 75 } } } }) }).stack);
    expect(onlyResource(synth, "aws_db_instance").instance_class).toBe("db.r6g.2xlarge");
    const alarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/RDS");
    expect(alarms.find((a) => a.metric_name === "FreeableMemory")!.threshold).toBe(Math.round(0.1 * 64 * 1024 ** 3));
    expect(alarms.find((a) => a.metric_name === "CPUUtilization")!.threshold).toBe(75);
  });

  test("canonical overrides convert to RDS's units: 15 % free of 100 GiB in bytes, 80 % memory used is freeable memory below 20 %, 40 % of the txid space", () => {
    const synth = synthStack(
      targetStack("aws", { service: testService("aws", { postgres: { storageGiB: 100, alerts: { "storage-low": { threshold: 15 }, "memory-high": { threshold: 80 }, "txid-wraparound": { threshold: 40 } } } }) }).stack,
    );
    const alarms = Object.fromEntries(resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/RDS").map((a) => [a.metric_name, a]));
    expect(alarms.FreeStorageSpace).toMatchObject({ threshold: 0.15 * 100 * 1024 ** 3, comparison_operator: "LessThanThreshold" });
    expect(alarms.FreeStorageSpace.threshold).toBe(16_106_127_360);
    // db.m7g.xlarge has 16 GiB.
    expect(alarms.FreeableMemory).toMatchObject({ threshold: Math.round(0.2 * 16 * 1024 ** 3), comparison_operator: "LessThanThreshold" });
    expect(alarms.MaximumUsedTransactionIDs.threshold).toBe(Math.floor(0.4 * POSTGRES_TXID_SPACE));
    const storage = manifestOf(synth)!.alerts.find((a) => a.id === "storage-low" && a.component === "rds-postgres")!;
    expect(storage.canonical).toEqual({ kind: "postgres", id: "storage-low", threshold: 15, unit: "percent" });
    const rds = manifestOf(synth)!.components.find((c) => c.component === "rds-postgres")!;
    expect(rds.kind).toBe("postgres");
    expect(rds.unavailableAlerts!.map((u) => u.id).sort()).toEqual(["down", "replication-lag-high"]);
  });

  test("an out-of-range override fails synth once, at the property the user wrote", () => {
    const messages = validationMessages(targetStack("aws", { service: testService("aws", { postgres: { alerts: { "cpu-high": { threshold: 250 } } } }) }).stack);
    const cpu = messages.filter((m) => m.includes("postgres.alerts.cpu-high.threshold"));
    expect(cpu).toEqual([messageAt("test/checkout/postgres", "`postgres.alerts.cpu-high.threshold` is 250", "a percent from 0 to 100")]);
  });
});
