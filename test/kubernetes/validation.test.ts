import { validationMessages } from "../../lib/testing";
import { TeamNamespace } from "../../lib/kubernetes";
import { teamWorkload } from "./support";
import { targetStack, TargetStackOptions, testService } from "../harness";

describe("validation of the in-cluster target: bad input fails synth with path, value and fix", () => {
  test.each<[string, TargetStackOptions<"kubernetes">, string]>([
    [
      "replication factor larger than a datacenter's nodes",
      { service: testService("kubernetes", { cassandra: { datacenters: { dc1: { nodes: 2, replicationFactor: 3 } } } }) },
      "[platform/checkout/cassandra] `cassandra.datacenters.dc1`.replicationFactor is 3 but the datacenter has 2 nodes; use 1 to 2 (each replica needs its own node)",
    ],
    [
      "HPA min above max",
      { build: (p, s) => void teamWorkload(p, s, { replicas: { min: 6, max: 4 } }) },
      "[platform/api] `replicas.min` (6) is above `replicas.max` (4); the HorizontalPodAutoscaler needs min <= max",
    ],
    [
      "CPU request above its limit",
      { build: (p, s) => void teamWorkload(p, s, { resources: { cpuRequest: "2", cpuLimit: "500m" } }) },
      "[platform/api] `resources.cpuRequest` (2) is above `cpuLimit` (500m); a request cannot exceed its limit — lower the request or raise the limit",
    ],
    [
      "memory request above its limit",
      { build: (p, s) => void teamWorkload(p, s, { resources: { memoryRequest: "1Gi", memoryLimit: "512Mi" } }) },
      "[platform/api] `resources.memoryRequest` (1Gi) is above `memoryLimit` (512Mi); a request cannot exceed its limit — lower the request or raise the limit",
    ],
    [
      "quantity that is not one",
      { build: (p, s) => void teamWorkload(p, s, { resources: { cpuRequest: "two cores" } }) },
      '[platform/api] `resources.cpuRequest` is "two cores", not a Kubernetes quantity; write it like "250m" or "1"',
    ],
    [
      "container default memory request above the LimitRange's default limit (256Mi)",
      { build: (p, s) => void new TeamNamespace(s, "team", { platform: p, name: "checkout", containerDefaults: { memoryRequest: "512Mi" } }) },
      "[platform/team] `containerDefaults.memoryRequest` (512Mi) is above `memoryLimit` (256Mi); a request cannot exceed its limit — lower the request or raise the limit",
    ],
    [
      "namespace name that is not a DNS label",
      { build: (p, s) => void new TeamNamespace(s, "team", { platform: p, name: "Checkout_Team" }) },
      "[platform/team] `name` \"Checkout_Team\" is not a valid Kubernetes DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
    ],
    [
      "workload name too long for a label",
      { build: (p, s) => void teamWorkload(p, s, { name: "a".repeat(64) }) },
      `[platform/api] \`name\` "${"a".repeat(64)}" is 64 characters; a Kubernetes DNS label allows at most 63. Use a shorter name`,
    ],
    [
      "single replica where the profile is highly available",
      { build: (p, s) => void teamWorkload(p, s, { replicas: { min: 1, max: 3 } }) },
      '[platform/api] `replicas.min` is 1 in "prod", which runs highly available; use at least 2 so a node drain or a rollout never leaves no ready pod',
    ],
    [
      "preStop delay not shorter than the grace period",
      { build: (p, s) => void teamWorkload(p, s, { preStopDelaySeconds: 30, terminationGracePeriodSeconds: 30 }) },
      "[platform/api] `preStopDelaySeconds` (30) must be below `terminationGracePeriodSeconds` (30), or the pod is killed before it drains",
    ],
    [
      "image without a pinned tag",
      { build: (p, s) => void teamWorkload(p, s, { image: "registry.example.com/checkout-api:latest" }) },
      '[platform/api] `image` "registry.example.com/checkout-api:latest" has no pinned tag or digest; use "registry/app:1.4.2" or "registry/app@sha256:..."',
    ],
    [
      "Kafka replication above the brokers",
      { service: testService("kubernetes", { kafka: { brokers: 3, replicationFactor: 4 } }) },
      "[platform/checkout/kafka] `kafka.replicationFactor` is 4 but the cluster has 3 brokers; use 1 to 3 (a partition cannot have more copies than brokers)",
    ],
    [
      "PostgreSQL without a standby in an HA profile",
      { service: testService("kubernetes", { postgres: { highAvailability: false } }) },
      '[platform/checkout/postgres] `postgres.highAvailability` is false in "prod", which runs highly available; remove the override (a zone outage would take the database down)',
    ],
  ])("%s", (_name, options, message) => {
    expect(validationMessages(targetStack("kubernetes", options).stack)).toContain(message);
  });

  test("an endpoint connection needs a credential command", () => {
    const { stack } = targetStack("kubernetes", { platform: { connection: { kind: "endpoint", host: "https://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: " " } } } });
    expect(validationMessages(stack)).toContain(
      '[platform/platform] `connection.exec.command` is empty; name the credential plugin, e.g. "aws" with args ["eks", "get-token", "--cluster-name", <name>]',
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
      '[platform/checkout/kafka] `kafka.topics.orders`.producers entry "checkout api": a producer name is 1-255 letters, digits, ".", "_" or "-"',
      '[platform/checkout/kafka] `kafka.topics`: consumer "ledger.v1" and consumer "ledger_v1" both become KafkaUser "checkout-kafka-consumer-ledger-v1" (a Kubernetes name has only lowercase letters, digits and "-"); rename one of them',
    ]);
  });
});
