import { TerraformOutput } from "cdktf";
import { AwsMskCluster } from "../../lib/aws/msk";
import { evaluatePolicies } from "../../lib/policy/evaluate";
import { manifestOf } from "../../lib/core/manifest";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { messageAt, targetStack, targetSynth, testService } from "../harness";

const msk = (env: EnvironmentTier) => onlyResource(targetSynth("aws", env, { service: true }), "aws_msk_cluster");
const mskAlarms = (env: EnvironmentTier) => resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/Kafka");

describe("AWS MSK", () => {
  test.each([
    ["dev", 2, 2, "kafka.m7g.large", "DEFAULT", 2, 1],
    ["staging", 3, 3, "kafka.m7g.xlarge", "PER_TOPIC_PER_BROKER", 3, 2],
    ["prod", 3, 3, "kafka.m7g.2xlarge", "PER_TOPIC_PER_BROKER", 3, 2],
  ] as const)("%s: %i brokers over %i private subnets, %s, monitoring %s, RF %i, min ISR %i", (env, brokers, subnets, type, monitoring, rf, isr) => {
    const c = msk(env);
    const group = c.broker_node_group_info as { client_subnets: string[]; instance_type: string };
    expect(c.number_of_broker_nodes).toBe(brokers);
    expect(group.client_subnets).toHaveLength(subnets);
    expect(group.client_subnets.every((s) => s.includes("_private-"))).toBe(true);
    expect(brokers % subnets).toBe(0);
    expect(group.instance_type).toBe(type);
    expect(c.enhanced_monitoring).toBe(monitoring);
    const config = onlyResource(targetSynth("aws", env, { service: true }), "aws_msk_configuration");
    expect(String(config.server_properties).split("\n")).toEqual(
      expect.arrayContaining(["auto.create.topics.enable=false", `default.replication.factor=${rf}`, `min.insync.replicas=${isr}`, "unclean.leader.election.enable=false"]),
    );
    expect(c.configuration_info).toEqual({ arn: expect.stringMatching(/^\$\{aws_msk_configuration\./), revision: expect.stringMatching(/latest_revision\}$/) });
  });

  test.each(ENVIRONMENTS)("%s: TLS only in transit, IAM client auth, Prometheus exporters, broker logs kept with the profile's retention", (env) => {
    const c = msk(env);
    expect((c.encryption_info as Record<string, unknown>).encryption_in_transit).toEqual({ client_broker: "TLS", in_cluster: true });
    expect(c.client_authentication).toEqual({ sasl: { iam: true }, unauthenticated: false });
    expect(c.open_monitoring).toEqual({ prometheus: { jmx_exporter: { enabled_in_broker: true }, node_exporter: { enabled_in_broker: true } } });
    const logs = (c.logging_info as { broker_logs: { cloudwatch_logs: { enabled: boolean; log_group: string } } }).broker_logs.cloudwatch_logs;
    expect(logs.enabled).toBe(true);
    const group = resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_log_group").find((g) => g.name === `/aws/msk/checkout-${env}/broker`)!;
    expect(group.retention_in_days).toBe({ dev: 7, staging: 30, prod: 90 }[env]);
    expect(String(group.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
  });

  test.each([
    ["dev", false, false],
    ["staging", true, false],
    ["prod", true, true],
  ] as const)("%s: customer-managed key at rest %s, prevent_destroy %s", (env, cmk, preventDestroy) => {
    const c = msk(env);
    const key = (c.encryption_info as Record<string, unknown>).encryption_at_rest_kms_key_arn;
    const dataKey = expect.stringMatching(/^\$\{aws_kms_key\.checkout_kafka_data-key_[^.]+\.arn\}$/);
    expect(key).toEqual(cmk ? dataKey : undefined);
    expect((c.lifecycle as Record<string, unknown>).prevent_destroy).toBe(preventDestroy);
  });

  test("the security group admits the VPC only, on the TLS and IAM ports and the exporters, and no other rule", () => {
    const synth = targetSynth("aws", "prod", { service: true });
    const rules = resourceBodies(synth, "aws_vpc_security_group_ingress_rule").filter((r) => String(r.security_group_id).includes("checkout_kafka"));
    expect(rules.map((r) => [r.from_port, r.to_port]).sort()).toEqual([[11001, 11002], [9094, 9094], [9098, 9098]]);
    for (const r of rules) expect(r).toMatchObject({ ip_protocol: "tcp", cidr_ipv4: "10.0.0.0/16" });
    const group = resourceBodies(synth, "aws_security_group").find((g) => g.name === "checkout-prod-msk")!;
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  test.each(ENVIRONMENTS)("%s: broker alarms exist once per broker, consumer lag per group and topic, at the catalog's defaults", (env) => {
    const brokers = env === "dev" ? 2 : 3;
    const alarms = mskAlarms(env);
    for (const metric of ["UnderReplicatedPartitions", "UnderMinIsrPartitionCount", "KafkaDataLogsDiskUsed", "CpuUser", "CpuSystem", "HeapMemoryAfterGC"]) {
      const perBroker = alarms.filter((a) => a.metric_name === metric).map((a) => (a.dimensions as Record<string, string>)["Broker ID"]);
      expect(perBroker.sort()).toEqual(Array.from({ length: brokers }, (_, i) => String(i + 1)));
    }
    const group = { "Cluster Name": `checkout-${env}`, "Consumer Group": "invoicing", Topic: "orders" };
    // consumer-lag-high: 10000 messages (catalog) on MaxOffsetLag, the group's largest partition lag.
    const lag = alarms.filter((a) => a.metric_name === "MaxOffsetLag");
    expect(lag).toHaveLength(1);
    expect(lag[0]).toMatchObject({ dimensions: group, statistic: "Maximum", threshold: 10000, comparison_operator: "GreaterThanThreshold" });
    // AWS's time-based lag stays, AWS-only, in seconds.
    const timeLag = alarms.filter((a) => a.metric_name === "EstimatedMaxTimeLag");
    expect(timeLag).toHaveLength(1);
    expect(timeLag[0]).toMatchObject({ dimensions: group, threshold: env === "dev" ? 900 : 300 });
    expect(alarms.find((a) => a.metric_name === "ActiveControllerCount")).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1, treat_missing_data: "breaching" });
    // storage-low: 15 % free (catalog) is 85 % used, AWS's recommended action point.
    for (const a of alarms.filter((x) => x.metric_name === "KafkaDataLogsDiskUsed")) expect(a).toMatchObject({ threshold: 85, comparison_operator: "GreaterThanThreshold" });
    for (const a of alarms.filter((x) => x.metric_name === "CpuUser" || x.metric_name === "HeapMemoryAfterGC")) expect(a.threshold).toBe(60);
  });

  test("one canonical override covers every broker, in the catalog's units: 20 % free is 80 % used; an AWS-only alert is dropped under kafka.aws.alerts", () => {
    const synth = synthStack(
      targetStack("aws", {
        service: testService("aws", {
          kafka: {
            topics: { orders: { consumerGroups: ["invoicing"] } },
            alerts: { "cpu-high": { threshold: 70 }, "storage-low": { threshold: 20 }, "consumer-lag-high": { threshold: 50000 } },
            aws: { alerts: { "cpu-system-high": { enabled: false } } },
          },
        }),
      }).stack,
    );
    const alarms = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/Kafka");
    expect(alarms.filter((a) => a.metric_name === "CpuUser").map((a) => a.threshold)).toEqual([70, 70, 70]);
    expect(alarms.filter((a) => a.metric_name === "KafkaDataLogsDiskUsed").map((a) => [a.threshold, a.comparison_operator])).toEqual([
      [80, "GreaterThanThreshold"],
      [80, "GreaterThanThreshold"],
      [80, "GreaterThanThreshold"],
    ]);
    expect(alarms.find((a) => a.metric_name === "MaxOffsetLag")!.threshold).toBe(50000);
    expect(alarms.some((a) => a.metric_name === "CpuSystem")).toBe(false);
    const storage = manifestOf(synth)!.alerts.find((a) => a.id === "storage-low-broker-1" && a.component === "msk")!;
    expect(storage.canonical).toEqual({ kind: "kafka", id: "storage-low", threshold: 20, unit: "percent" });
  });

  test("a cluster whose topics name no consumer group gets no lag alert, says why, and passes the observability pack", () => {
    const { stack } = targetStack("aws", { service: testService("aws", { kafka: { topics: { orders: { partitions: 6 } } } }) });
    const synth = synthStack(stack);
    const metrics = resourceBodies(synth, "aws_cloudwatch_metric_alarm").map((a) => a.metric_name);
    expect(metrics).not.toContain("MaxOffsetLag");
    expect(metrics).not.toContain("EstimatedMaxTimeLag");
    const msk = manifestOf(synth)!.components.find((c) => c.component === "msk")!;
    expect(msk.kind).toBe("kafka");
    expect(msk.unavailableAlerts).toEqual([{ id: "consumer-lag-high", reason: expect.stringContaining("consumerGroups") }]);
    expect(msk.defaultAlertIds).not.toContain("consumer-lag-high");
    expect(msk.defaultAlertIds).not.toContain("consumer-time-lag-high");
    const errors = evaluatePolicies(stack, { packs: ["observability"] }).filter((f) => f.level === "error");
    expect(errors).toEqual([]);
  });

  test("a threshold outside the catalog's range fails synth once, at kafka.alerts", () => {
    const messages = validationMessages(targetStack("aws", { service: testService("aws", { kafka: { alerts: { "storage-low": { threshold: 120 } } } }) }).stack);
    expect(messages.filter((m) => m.includes("kafka.alerts"))).toEqual([messageAt("test/checkout/kafka", "`kafka.alerts.storage-low.threshold` is 120", "a percent from 0 to 100")]);
  });

  test("long consumer group and topic names still make valid, distinct alert ids", () => {
    const group = "settlement-reconciliation-batch-consumer";
    const synth = synthStack(
      targetStack("aws", { service: testService("aws", { kafka: { topics: { "payments.settlements.v2": { consumerGroups: [group, `${group}-replay`] } } } }) }).stack,
    );
    for (const metric of ["MaxOffsetLag", "EstimatedMaxTimeLag"]) {
      const lag = resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === metric);
      expect(lag).toHaveLength(2);
      const ids = lag.map((a) => String(a.alarm_name).replace("checkout-prod-msk-", ""));
      expect(new Set(ids).size).toBe(2);
      for (const id of ids) expect(id).toMatch(/^consumer-(time-)?lag-high-[a-z0-9-]{1,50}$/);
    }
  });

  test("the handle gives IAM bootstrap brokers and the validated topics", () => {
    const { stack, service } = targetStack("aws", { service: true });
    const kafka = service.kafka as unknown as AwsMskCluster;
    new TerraformOutput(stack, "bootstrap", { value: kafka.bootstrapServers });
    expect((synthStack(stack).output as Record<string, { value: string }>).bootstrap.value).toMatch(/^\$\{aws_msk_cluster\.[^.]+\.bootstrap_brokers_sasl_iam\}$/);
    expect(kafka.topics.orders).toEqual({ partitions: 12, replicationFactor: 3, retentionHours: 168, consumerGroups: ["invoicing"], producers: [] });
  });
});
