import type { KafkaTopicProps } from "../core/components/kafka";
import { fitName, NAMING_RULES } from "../core/naming";
import type { KubernetesManifest } from "./chart";
import { STRIMZI_API } from "./versions";

/** One ACL rule of a KafkaUser (Strimzi `v1` `ACLRule`: `operations` is a list, `operation` no longer exists). */
interface StrimziAclRule {
  /** The topic or consumer group, by its exact name. */
  readonly resource: { readonly type: "topic" | "group"; readonly name: string; readonly patternType: "literal" };
  /** Operations allowed (`type: allow` and `host: "*"` are the defaults). */
  readonly operations: readonly string[];
}

/** Operations a consumer group's user holds on each topic it reads, and on the group itself. */
const CONSUMER_TOPIC_OPERATIONS: readonly string[] = ["Read"];
/** Operations on the consumer group (joining it and committing offsets). */
const CONSUMER_GROUP_OPERATIONS: readonly string[] = ["Read"];
/**
 * Operations a producer's user holds on each topic it writes. Write is
 * enough for an idempotent producer since Kafka 2.8 (KIP-679: Write on a
 * topic replaces IdempotentWrite on the cluster); Describe for metadata.
 */
const PRODUCER_TOPIC_OPERATIONS: readonly string[] = ["Write", "Describe"];

/** A client the KafkaUsers are made for: a consumer group or a producer, and the topics it uses. */
interface Client {
  readonly role: "consumer" | "producer";
  readonly client: string;
  readonly topics: string[];
}

/**
 * One KafkaUser per consumer group and per producer the topics name, with
 * TLS client authentication (the User Operator issues its certificate into
 * a Secret of the same name, in the Kafka's namespace) and least-privilege
 * ACLs: a consumer group reads its topics and its group, a producer writes
 * its topics; nothing else (no wildcard, no prefix, no cluster operation).
 * A group or producer named on several topics gets one user for all of
 * them. The user's name is `<cluster>-consumer-<group>` or
 * `<cluster>-producer-<name>`, made a Kubernetes name of at most 63
 * characters (Strimzi refuses TLS user names over 64: the certificate's CN).
 * Two clients whose names map to the same user name are a problem.
 */
export function strimziKafkaUsers(cluster: string, namespace: string, topics: Readonly<Record<string, Required<KafkaTopicProps>>>): { users: KubernetesManifest[]; problems: string[] } {
  const clients = new Map<string, Client>();
  const add = (role: Client["role"], client: string, topic: string) => {
    const key = `${role}/${client}`;
    const entry = clients.get(key) ?? { role, client, topics: [] };
    if (!entry.topics.includes(topic)) entry.topics.push(topic);
    clients.set(key, entry);
  };
  for (const [topic, t] of Object.entries(topics)) {
    for (const group of t.consumerGroups) add("consumer", group, topic);
    for (const producer of t.producers) add("producer", producer, topic);
  }
  const problems: string[] = [];
  const names = new Map<string, Client>();
  const users: KubernetesManifest[] = [];
  // Code-point order, not the locale's: the chart must not depend on the machine that synthesizes it.
  const order = (c: Client) => `${c.role}/${c.client}`;
  for (const c of [...clients.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))) {
    const name = fitName([cluster, c.role, c.client], NAMING_RULES.kubernetesDnsLabel);
    const clash = names.get(name);
    if (clash) {
      problems.push(`\`kafka.topics\`: ${clash.role} ${JSON.stringify(clash.client)} and ${c.role} ${JSON.stringify(c.client)} both become KafkaUser "${name}" (a Kubernetes name has only lowercase letters, digits and "-"); rename one of them`);
      continue;
    }
    names.set(name, c);
    const topicRules: StrimziAclRule[] = [...c.topics].sort().map((topic) => ({
      resource: { type: "topic", name: topic, patternType: "literal" },
      operations: [...(c.role === "consumer" ? CONSUMER_TOPIC_OPERATIONS : PRODUCER_TOPIC_OPERATIONS)],
    }));
    const groupRules: StrimziAclRule[] = c.role === "consumer" ? [{ resource: { type: "group", name: c.client, patternType: "literal" }, operations: [...CONSUMER_GROUP_OPERATIONS] }] : [];
    users.push({
      apiVersion: STRIMZI_API,
      kind: "KafkaUser",
      metadata: { name, namespace, labels: { "strimzi.io/cluster": cluster }, annotations: { "vigil.dev/kafka-client": `${c.role} ${c.client}` } },
      spec: { authentication: { type: "tls" }, authorization: { type: "simple", acls: [...topicRules, ...groupRules] } },
    });
  }
  return { users, problems };
}
