import { isStatefulKind } from "../../lib/core/stateful";
import { KubernetesManifest } from "../../lib/kubernetes";
import { ServiceComponents, targetStack, testService } from "../harness";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The chart of a prod platform with the full service (or `service`). */
function chartOf(service: ServiceComponents = testService("kubernetes")): readonly KubernetesManifest[] {
  return targetStack("kubernetes", { service }).platform.chart.manifests;
}
const strimzi = (manifests: readonly KubernetesManifest[]) => manifests.filter((m) => m.apiVersion.startsWith("kafka.strimzi.io/"));

describe("Strimzi objects on the v1 API", () => {
  const manifests = chartOf();

  test("every Strimzi object is kafka.strimzi.io/v1: the Kafka, its node pool and every topic", () => {
    const objects = strimzi(manifests);
    expect(objects.map((m) => m.kind).sort()).toEqual(["Kafka", "KafkaNodePool", "KafkaTopic", "KafkaTopic"]);
    for (const m of objects) expect({ kind: m.kind, name: m.metadata.name, apiVersion: m.apiVersion }).toEqual({ kind: m.kind, name: m.metadata.name, apiVersion: "kafka.strimzi.io/v1" });
  });

  test("no field the v1 schema dropped: no ZooKeeper, JMX Trans or TLS sidecars; replicas, storage and resources only on the node pool", () => {
    const kafka = manifests.find((m) => m.kind === "Kafka") as Spec;
    expect(Object.keys(kafka.spec).sort()).toEqual(["entityOperator", "kafka", "kafkaExporter"]);
    for (const dropped of ["replicas", "storage", "resources"]) expect(kafka.spec.kafka[dropped]).toBeUndefined();
    expect(kafka.spec.entityOperator).toEqual({ topicOperator: {}, userOperator: {} });
    const pool = manifests.find((m) => m.kind === "KafkaNodePool") as Spec;
    expect(Object.keys(pool.spec).sort()).toEqual(["replicas", "resources", "roles", "storage"]);
    for (const topic of manifests.filter((m) => m.kind === "KafkaTopic") as Spec[]) {
      expect(Object.keys(topic.spec).sort()).toEqual(["config", "partitions", "replicas", "topicName"]);
    }
  });

  test("the data kinds stay stateful under v1 (the chart's release keeps prevent_destroy in prod)", () => {
    expect(isStatefulKind("kafka.strimzi.io/v1", "Kafka")).toBe(true);
    expect(isStatefulKind("kafka.strimzi.io/v1", "KafkaNodePool")).toBe(true);
    expect(isStatefulKind("kafka.strimzi.io/v1", "KafkaTopic")).toBe(false);
  });
});

describe("Kafka authorization: simple ACLs and a KafkaUser per client", () => {
  const withClients = (topics: Record<string, { consumerGroups?: string[]; producers?: string[] }>) => testService("kubernetes", { kafka: { topics } });
  const manifests = chartOf(withClients({ orders: { consumerGroups: ["invoicing", "fulfilment"], producers: ["checkout-api"] }, payment_events: { consumerGroups: ["invoicing"], producers: ["payments"] } }));
  const users = manifests.filter((m) => m.kind === "KafkaUser") as Spec[];

  test("the Kafka cluster authorizes with Kafka's ACLs; Strimzi's own components need no superUsers entry", () => {
    const kafka = manifests.find((m) => m.kind === "Kafka") as Spec;
    expect(kafka.spec.kafka.authorization).toEqual({ type: "simple" });
    expect(kafka.spec.kafka.listeners).toEqual([{ name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } }]);
    expect(kafka.spec.entityOperator.userOperator).toEqual({});
  });

  test("one TLS KafkaUser per consumer group and per producer, with exactly the ACLs it needs", () => {
    const acls = Object.fromEntries(users.map((u) => [u.metadata.name, u.spec.authorization.acls]));
    const topic = (name: string, operations: string[]) => ({ resource: { type: "topic", name, patternType: "literal" }, operations });
    const group = (name: string) => ({ resource: { type: "group", name, patternType: "literal" }, operations: ["Read"] });
    expect(acls).toEqual({
      "checkout-kafka-consumer-fulfilment": [topic("orders", ["Read"]), group("fulfilment")],
      "checkout-kafka-consumer-invoicing": [topic("orders", ["Read"]), topic("payment_events", ["Read"]), group("invoicing")],
      "checkout-kafka-producer-checkout-api": [topic("orders", ["Write", "Describe"])],
      "checkout-kafka-producer-payments": [topic("payment_events", ["Write", "Describe"])],
    });
    for (const u of users) {
      expect(u).toMatchObject({ apiVersion: "kafka.strimzi.io/v1", metadata: { namespace: "checkout-data", labels: { "strimzi.io/cluster": "checkout-kafka" } }, spec: { authentication: { type: "tls" }, authorization: { type: "simple" } } });
      // Strimzi refuses TLS user names over 64 characters (the certificate's CN).
      expect(u.metadata.name.length).toBeLessThanOrEqual(64);
    }
  });

  test("topics without consumer groups or producers make no KafkaUser", () => {
    expect(chartOf().filter((m) => m.kind === "KafkaUser")).toEqual([]);
  });

  test("a long client name fits in a user name Strimzi accepts, and stays distinct", () => {
    const long = "settlement-reconciliation-consumer-for-the-european-payment-ledger";
    const names = chartOf(withClients({ orders: { consumerGroups: [long, `${long}-replay`] } }))
      .filter((m) => m.kind === "KafkaUser")
      .map((m) => m.metadata.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });
});
