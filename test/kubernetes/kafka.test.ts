import { isStatefulKind } from "../../lib/core/stateful";
import { KubernetesManifest, KubernetesPlatform } from "../../lib/kubernetes";
import { fullService, platformStack } from "./support";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The chart of a prod platform with the full service. */
function chartOf(build: (p: KubernetesPlatform, s: Parameters<typeof fullService>[1]) => void = fullService): readonly KubernetesManifest[] {
  return platformStack({ environment: "prod" }, build).platform.chart.manifests;
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
