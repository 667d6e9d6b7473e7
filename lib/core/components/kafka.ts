import type { KafkaAlertId } from "../../observability/alert-catalog";
import type { EnvironmentProfile } from "../environment";
import type { ComponentBaseProps, ComponentHandle } from "./common";

/** One Kafka topic. */
export interface KafkaTopicProps {
  /** Partitions. @default 6 */
  readonly partitions?: number;
  /** Copies of each partition. @default - the cluster's default replication factor */
  readonly replicationFactor?: number;
  /** Hours a record is kept. @default 168 (7 days) */
  readonly retentionHours?: number;
  /** Consumer groups that read the topic; each gets a consumer-lag alert (and, on Strimzi, a KafkaUser allowed to read it). @default - none */
  readonly consumerGroups?: readonly string[];
  /**
   * Client names that write the topic (same characters as consumer group
   * ids). On Strimzi each gets a KafkaUser allowed to write this topic and
   * nothing else; MSK, Managed Service for Apache Kafka and Event Hubs grant
   * nothing from it yet (their clients authorize through the cloud's IAM).
   * @default - none
   */
  readonly producers?: readonly string[];
}

/** Cloud-neutral Kafka props (MSK, Managed Service for Apache Kafka, Event Hubs, Strimzi). */
export interface KafkaProps extends ComponentBaseProps<KafkaAlertId> {
  /** Kafka version, e.g. "3.9.x" on MSK. @default - the target's pinned default */
  readonly version?: string;
  /** Brokers; on zoned targets a multiple of the zones used. @default - 3 where the profile is highly available, else 2 */
  readonly brokers?: number;
  /** Storage per broker in GiB. @default 100 */
  readonly storageGiB?: number;
  /** Default replication factor of new topics. @default - min(3, brokers) */
  readonly replicationFactor?: number;
  /** Fewest in-sync replicas for an acknowledged write. @default - replicationFactor - 1 (at least 1) */
  readonly minInsyncReplicas?: number;
  /** Topics by name. @default - none (topics are never auto-created) */
  readonly topics?: Readonly<Record<string, KafkaTopicProps>>;
}

/** A built Kafka cluster. */
export interface KafkaHandle extends ComponentHandle {
  /** Bootstrap servers clients connect to over TLS (a Terraform reference on managed targets). */
  readonly bootstrapServers: string;
}

/** Kafka settings after defaults. */
export interface ResolvedKafka {
  /** Number of brokers: `brokers`, else 3 where the profile is highly available and 2 otherwise. */
  readonly brokers: number;
  /** Storage per broker in GiB. */
  readonly storageGiB: number;
  /** Default replication factor. */
  readonly replicationFactor: number;
  /** Fewest in-sync replicas. */
  readonly minInsyncReplicas: number;
  /** Topics with defaults applied. */
  readonly topics: Readonly<Record<string, Required<KafkaTopicProps>>>;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const CONSUMER_GROUP = /^[a-zA-Z0-9._-]{1,255}$/;

/**
 * Applies the defaults (replication derived from the broker count) and checks
 * the combination: RF <= brokers, min ISR < RF, topic settings. Every target
 * uses it, so MSK and Strimzi accept and reject the same props.
 */
export function resolveKafka(props: KafkaProps, profile: EnvironmentProfile): { kafka: ResolvedKafka; problems: string[] } {
  const problems: string[] = [];
  const brokers = props.brokers ?? (profile.highAvailability ? 3 : 2);
  const replicationFactor = props.replicationFactor ?? Math.min(3, brokers);
  const minInsyncReplicas = props.minInsyncReplicas ?? Math.max(1, replicationFactor - 1);
  const storageGiB = props.storageGiB ?? 100;
  // A bad broker count is the one root cause: replication checks against it would only repeat it.
  const brokersValid = Number.isInteger(brokers) && brokers >= 1;
  if (!brokersValid) problems.push(`\`kafka.brokers\` is ${brokers}; use a whole number >= ${profile.highAvailability ? 3 : 1}`);
  else if (profile.highAvailability && brokers < 3) {
    problems.push(`\`kafka.brokers\` is ${brokers} in "${profile.name}", which runs highly available; use at least 3 brokers so a broker or zone can fail without losing writes`);
  }
  const replicationValid = brokersValid && Number.isInteger(replicationFactor) && replicationFactor >= 1 && replicationFactor <= brokers;
  if (brokersValid && !replicationValid) {
    problems.push(`\`kafka.replicationFactor\` is ${replicationFactor} but the cluster has ${brokers} brokers; use 1 to ${brokers} (a partition cannot have more copies than brokers)`);
  }
  if (replicationValid && (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1 || (replicationFactor > 1 && minInsyncReplicas >= replicationFactor))) {
    problems.push(`\`kafka.minInsyncReplicas\` is ${minInsyncReplicas} with replicationFactor ${replicationFactor}; use 1 to ${Math.max(1, replicationFactor - 1)} so one replica can be down without blocking writes`);
  }
  if (!Number.isInteger(storageGiB) || storageGiB < 1 || storageGiB > 16384) problems.push(`\`kafka.storageGiB\` is ${storageGiB}; use 1 to 16384`);
  const topics: Record<string, Required<KafkaTopicProps>> = {};
  for (const [name, t] of Object.entries(props.topics ?? {})) {
    const where = `\`kafka.topics.${name}\``;
    if (!TOPIC_NAME.test(name)) problems.push(`${where}: a topic name is 1-249 letters, digits, ".", "_" or "-"`);
    const topic = { partitions: t.partitions ?? 6, replicationFactor: t.replicationFactor ?? replicationFactor, retentionHours: t.retentionHours ?? 168, consumerGroups: t.consumerGroups ?? [], producers: t.producers ?? [] };
    for (const group of topic.consumerGroups) {
      if (!CONSUMER_GROUP.test(group)) problems.push(`${where}.consumerGroups entry ${JSON.stringify(group)}: a consumer group id is 1-255 letters, digits, ".", "_" or "-"`);
    }
    for (const producer of topic.producers) {
      if (!CONSUMER_GROUP.test(producer)) problems.push(`${where}.producers entry ${JSON.stringify(producer)}: a producer name is 1-255 letters, digits, ".", "_" or "-"`);
    }
    if (!Number.isInteger(topic.partitions) || topic.partitions < 1) problems.push(`${where}.partitions is ${topic.partitions}; use a whole number >= 1`);
    if (!replicationValid && t.replicationFactor === undefined) {
      // The topic inherits the cluster's replication, reported above.
    } else if (!brokersValid) {
      // Checked against the brokers once they are valid.
    } else if (!Number.isInteger(topic.replicationFactor) || topic.replicationFactor < 1 || topic.replicationFactor > brokers) {
      problems.push(`${where}.replicationFactor is ${topic.replicationFactor} but the cluster has ${brokers} brokers; use 1 to ${brokers}`);
    } else if (topic.replicationFactor <= minInsyncReplicas && topic.replicationFactor > 1) {
      problems.push(`${where}.replicationFactor is ${topic.replicationFactor}, not above minInsyncReplicas (${minInsyncReplicas}); one broker down would block writes — raise it`);
    }
    if (!(topic.retentionHours > 0)) problems.push(`${where}.retentionHours is ${topic.retentionHours}; use a positive number of hours`);
    topics[name] = topic;
  }
  return { kafka: { brokers, storageGiB, replicationFactor, minInsyncReplicas, topics }, problems };
}
