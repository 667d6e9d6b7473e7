import { validationMessages } from "../../lib/testing";
import { TeamNamespace } from "../../lib/kubernetes";
import { teamWorkload } from "./support";
import { messageAt, MessageMatcher, targetStack, TargetStackOptions, testService } from "../harness";

describe("validation of the in-cluster target: bad input fails synth with path, value and fix", () => {
  test.each<[string, TargetStackOptions<"kubernetes">, MessageMatcher]>([
    [
      "replication factor larger than a datacenter's nodes",
      { service: testService("kubernetes", { cassandra: { datacenters: { dc1: { nodes: 2, replicationFactor: 3 } } } }) },
      messageAt("platform/checkout/cassandra", "`cassandra.datacenters.dc1`.replicationFactor is 3", "2 nodes", "use 1 to 2"),
    ],
    [
      "HPA min above max",
      { build: (p, s) => void teamWorkload(p, s, { replicas: { min: 6, max: 4 } }) },
      messageAt("platform/api", "`replicas.min` (6)", "`replicas.max` (4)", "min <= max"),
    ],
    [
      "CPU request above its limit",
      { build: (p, s) => void teamWorkload(p, s, { resources: { cpuRequest: "2", cpuLimit: "500m" } }) },
      messageAt("platform/api", "`resources.cpuRequest` (2)", "`cpuLimit` (500m)", "lower the request or raise the limit"),
    ],
    [
      "memory request above its limit",
      { build: (p, s) => void teamWorkload(p, s, { resources: { memoryRequest: "1Gi", memoryLimit: "512Mi" } }) },
      messageAt("platform/api", "`resources.memoryRequest` (1Gi)", "`memoryLimit` (512Mi)", "lower the request or raise the limit"),
    ],
    [
      "quantity that is not one",
      { build: (p, s) => void teamWorkload(p, s, { resources: { cpuRequest: "two cores" } }) },
      messageAt("platform/api", "`resources.cpuRequest`", '"two cores"', "not a Kubernetes quantity", '"250m"'),
    ],
    [
      "container default memory request above the LimitRange's default limit (256Mi)",
      { build: (p, s) => void new TeamNamespace(s, "team", { platform: p, name: "checkout", containerDefaults: { memoryRequest: "512Mi" } }) },
      messageAt("platform/team", "`containerDefaults.memoryRequest` (512Mi)", "`memoryLimit` (256Mi)", "lower the request or raise the limit"),
    ],
    [
      "namespace name that is not a DNS label",
      { build: (p, s) => void new TeamNamespace(s, "team", { platform: p, name: "Checkout_Team" }) },
      messageAt("platform/team", "`name`", '"Checkout_Team"', "not a valid Kubernetes DNS label", "use lowercase letters"),
    ],
    [
      "workload name too long for a label",
      { build: (p, s) => void teamWorkload(p, s, { name: "a".repeat(64) }) },
      messageAt("platform/api", "`name`", "64 characters", "at most 63", "Use a shorter name"),
    ],
    [
      "single replica where the profile is highly available",
      { build: (p, s) => void teamWorkload(p, s, { replicas: { min: 1, max: 3 } }) },
      messageAt("platform/api", "`replicas.min` is 1", '"prod"', "use at least 2"),
    ],
    [
      "preStop delay not shorter than the grace period",
      { build: (p, s) => void teamWorkload(p, s, { preStopDelaySeconds: 30, terminationGracePeriodSeconds: 30 }) },
      messageAt("platform/api", "`preStopDelaySeconds` (30)", "below `terminationGracePeriodSeconds` (30)"),
    ],
    [
      "image without a pinned tag",
      { build: (p, s) => void teamWorkload(p, s, { image: "registry.example.com/checkout-api:latest" }) },
      messageAt("platform/api", "`image`", '"registry.example.com/checkout-api:latest"', "no pinned tag or digest", '"registry/app:1.4.2"'),
    ],
    [
      "Kafka replication above the brokers",
      { service: testService("kubernetes", { kafka: { brokers: 3, replicationFactor: 4 } }) },
      messageAt("platform/checkout/kafka", "`kafka.replicationFactor` is 4", "3 brokers", "use 1 to 3"),
    ],
    [
      "PostgreSQL without a standby in an HA profile",
      { service: testService("kubernetes", { postgres: { highAvailability: false } }) },
      messageAt("platform/checkout/postgres", "`postgres.highAvailability` is false", '"prod"', "remove the override"),
    ],
  ])("%s", (_name, options, message) => {
    expect(validationMessages(targetStack("kubernetes", options).stack)).toContainEqual(message);
  });

  test("an endpoint connection needs a credential command", () => {
    const { stack } = targetStack("kubernetes", { platform: { connection: { kind: "endpoint", host: "https://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: " " } } } });
    expect(validationMessages(stack)).toContainEqual(
      messageAt("platform/platform", "`connection.exec.command` is empty", "name the credential plugin", '"aws"'),
    );
  });

  test("valid input synthesizes with no message", () => {
    expect(
      validationMessages(
        targetStack("kubernetes", { service: true, build: (p, s) => void teamWorkload(p, s) }).stack,
      ),
    ).toEqual([]);
  });
});

describe("Kafka clients", () => {
  test("a producer name Kafka would refuse, and two clients that would share a KafkaUser, fail synth", () => {
    const { stack } = targetStack("kubernetes", { service: testService("kubernetes", { kafka: { topics: { orders: { producers: ["checkout api"], consumerGroups: ["ledger.v1", "ledger_v1"] } } } }) });
    expect(validationMessages(stack)).toEqual([
      messageAt("platform/checkout/kafka", "`kafka.topics.orders`.producers", '"checkout api"', "1-255 letters, digits"),
      messageAt("platform/checkout/kafka", "`kafka.topics`", '"ledger.v1"', '"ledger_v1"', 'KafkaUser "checkout-kafka-consumer-ledger-v1"', "rename one of them"),
    ]);
  });
});
