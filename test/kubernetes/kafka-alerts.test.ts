// Strimzi Kafka's canonical alerts: every kafka id bound to the metric that means it in-cluster,
// the user's thresholds (catalog units) in the rules, and the selectors matching Strimzi's names.
import { KAFKA_ALERTS } from "../../lib/observability/alert-catalog";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { KafkaProps } from "../../lib/core/components/kafka";
import { checkRulesWithPromtool, validationMessages } from "../../lib/testing";
import { alertRules, ruleGroupsOf } from "./support";
import { targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";
import { describeWithTool, TOOL_PASSED } from "../tools";

function kafkaIn(environment: EnvironmentTier, kafka: KafkaProps = {}) {
  const built = targetStack("kubernetes", { environment, service: { kafka } });
  return { ...built, rules: alertRules(built.platform, "checkout-kafka-alerts") };
}

describe("Strimzi Kafka: the canonical kafka alerts", () => {
  const { platform, service, rules } = kafkaIn("prod");

  test("every canonical kafka id is deployed, with the catalog's severity; the handle says so", () => {
    expect(Object.keys(rules).sort()).toEqual(Object.keys(KAFKA_ALERTS).sort());
    for (const [id, spec] of Object.entries(KAFKA_ALERTS)) expect(rules[id].labels.severity).toBe(spec.severity);
    expect(service.kafka).toMatchObject({ kind: "kafka", component: "kafka-strimzi", unavailableAlerts: [] });
    expect(service.kafka!.alerts.map((a) => a.canonical?.kind)).toEqual(Object.keys(KAFKA_ALERTS).map(() => "kafka"));
  });

  test("defaults: the catalog's numbers in the catalog's units", () => {
    expect(rules["storage-low"].expr).toMatch(/\) < 15$/);
    expect(rules["cpu-high"].expr).toMatch(/\) > 60$/);
    expect(rules["memory-high"].expr).toMatch(/\) > 60$/);
    expect(rules["consumer-lag-high"].expr).toMatch(/\) > 10000$/);
    expect(rules["no-active-controller"].expr).toBe('(abs(sum(kafka_controller_kafkacontroller_activecontrollercount{namespace="checkout-data",pod=~"checkout-kafka-.*"}) - 1)) > 0');
  });

  test("storage-low 20 (% free) fires below 20 % free on the brokers' PVCs", () => {
    const { rules: r } = kafkaIn("prod", { alerts: { "storage-low": { threshold: 20 } } });
    expect(r["storage-low"].expr).toBe(
      '(min(kubelet_volume_stats_available_bytes{namespace="checkout-data",persistentvolumeclaim=~"data-([0-9]+-)?checkout-kafka-.*"} / kubelet_volume_stats_capacity_bytes{namespace="checkout-data",persistentvolumeclaim=~"data-([0-9]+-)?checkout-kafka-.*"}) * 100) < 20',
    );
    // Strimzi names a JBOD volume's PVC data-<volume id>-<cluster>-<pool>-<node id>.
    const pvc = /persistentvolumeclaim=~"([^"]+)"/.exec(r["storage-low"].expr)![1];
    expect(new RegExp(`^(?:${pvc})$`).test("data-0-checkout-kafka-dual-role-0")).toBe(true);
  });

  test("cpu-high is the broker container's CPU over its request; memory-high the heap left after GC", () => {
    expect(rules["cpu-high"].expr).toContain('rate(container_cpu_usage_seconds_total{namespace="checkout-data",pod=~"checkout-kafka-dual-role-[0-9]+",container="kafka"}[5m])');
    expect(rules["cpu-high"].expr).toContain('kube_pod_container_resource_requests{namespace="checkout-data",pod=~"checkout-kafka-dual-role-[0-9]+",container="kafka",resource="cpu"}');
    expect(rules["memory-high"].expr).toBe(
      '(max(jvm_memory_pool_collection_used_bytes{namespace="checkout-data",pod=~"checkout-kafka-dual-role-[0-9]+",pool="G1 Old Gen"} / jvm_memory_pool_collection_max_bytes{namespace="checkout-data",pod=~"checkout-kafka-dual-role-[0-9]+",pool="G1 Old Gen"}) * 100) > 60',
    );
    // Strimzi names the pods <cluster>-<node pool>-<node id>: the selector must match the pool Vigil deploys.
    const pool = platform.chart.manifestsOfKind("KafkaNodePool")[0].metadata.name;
    for (const id of ["cpu-high", "memory-high"]) {
      const pods = /pod=~"([^"]+)"/.exec(rules[id].expr)![1];
      expect(new RegExp(`^(?:${pods})$`).test(`checkout-kafka-${pool}-0`)).toBe(true);
      expect(new RegExp(`^(?:${pods})$`).test("checkout-kafka-entity-operator-7d9f8c6b5-x2x9z")).toBe(false);
    }
    const { rules: r } = kafkaIn("prod", { alerts: { "cpu-high": { threshold: 75 }, "memory-high": { threshold: 80 } } });
    expect(r["cpu-high"].expr).toMatch(/\) > 75$/);
    expect(r["memory-high"].expr).toMatch(/\) > 80$/);
  });

  test("consumer-lag-high sums Kafka Exporter's lag per consumer group and topic", () => {
    const { rules: r } = kafkaIn("prod", { alerts: { "consumer-lag-high": { threshold: 50000 } } });
    expect(r["consumer-lag-high"].expr).toBe('(sum by (consumergroup, topic) (kafka_consumergroup_lag{namespace="checkout-data",pod=~"checkout-kafka-.*"})) > 50000');
  });

  test("a threshold on no-active-controller (a state), a percent above 100 or an old id fails synth, naming the property", () => {
    const messages = (kafka: KafkaProps) => validationMessages(kafkaIn("prod", kafka).stack);
    expect(messages({ alerts: { "no-active-controller": { threshold: 1 } } })[0]).toMatch(/^\[platform\/checkout\/kafka\] `kafka\.alerts\.no-active-controller\.threshold` is set, but no-active-controller has no threshold/);
    expect(messages({ alerts: { "storage-low": { threshold: 120 } } })[0]).toMatch(/`kafka\.alerts\.storage-low\.threshold` is 120; storage-low takes a percent from 0 to 100/);
    expect(messages({ alerts: { "disk-space-low": { threshold: 20 } } as never })[0]).toMatch(/`kafka\.alerts\.disk-space-low` is not one of the kafka alerts/);
  });

  test("off and severity: an alert switched off is not deployed; severity moves to the rule", () => {
    const { rules: r } = kafkaIn("prod", { alerts: { "consumer-lag-high": { enabled: false }, "under-replicated-partitions": { severity: "page" } } });
    expect(r["consumer-lag-high"]).toBeUndefined();
    expect(r["under-replicated-partitions"].labels.severity).toBe("page");
  });

  describeWithTool("promtool")("with promtool", () => {
    test.each(["dev", "prod"] as const)("%s: the rules pass promtool check rules", (env) => {
      expect(checkRulesWithPromtool(renderRuleGroups(ruleGroupsOf(kafkaIn(env, { alerts: { "storage-low": { threshold: 20 } } }).platform, "checkout-kafka-alerts")))).toMatchObject(TOOL_PASSED);
    });
  });
});
