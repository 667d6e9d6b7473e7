import { Construct } from "constructs";
import { ManagedKafkaCluster } from "@cdktf/provider-google/lib/managed-kafka-cluster";
import { ManagedKafkaTopic } from "@cdktf/provider-google/lib/managed-kafka-topic";
import { KafkaHandle, KafkaProps, resolveKafka, ResolvedKafka } from "../core/components/kafka";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import type { AlertDefinition } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { managedKafkaPanels } from "./dashboard-panels";
import { managedKafkaAlertBindings, MANAGED_KAFKA_COMPONENT } from "./managed-kafka-alerts";
import { deployGcpComponentAlerts } from "./private/component-alerts";
import type { GcpComponentContext } from "./private/context";
import { MANAGED_KAFKA_CAPACITY } from "./sizes";

const GIB = 1024 ** 3;

/**
 * Brokers Managed Service for Apache Kafka provisions for a capacity: one
 * per 15 vCPUs or 120 GiB, whichever gives more, spread over three zones
 * and never fewer than three ("Managed Service for Apache Kafka overview",
 * broker provisioning and scaling algorithm).
 */
function managedKafkaBrokers(vcpu: number, memoryGiB: number): number {
  return Math.max(3, Math.ceil(vcpu / 15), Math.ceil(memoryGiB / 120));
}

/** Props of {@link GcpManagedKafka}. */
interface GcpManagedKafkaProps extends KafkaProps {
  /** Service the cluster belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: GcpComponentContext;
}

/**
 * Kafka on Managed Service for Apache Kafka: a cluster sized from the size
 * class (vCPUs and memory; the service derives the brokers and spreads them
 * over three zones), reachable only from the platform's subnet (Private
 * Service Connect), TLS and IAM (SASL OAUTHBEARER) authentication as the
 * service always requires, partitions rebalanced on scale-up, one
 * `managed_kafka_topic` per topic with validated replication, partitions,
 * retention and min.insync.replicas; with its alert policies and dashboard.
 */
export class GcpManagedKafka extends Construct implements KafkaHandle {
  /** Implementation (runbook folder of its alerts). */
  public readonly component = MANAGED_KAFKA_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "kafka" as const;
  /** Canonical Kafka alerts Managed Service for Apache Kafka cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Cluster id. */
  public readonly name: string;
  /** The Managed Service for Apache Kafka cluster (`google_managed_kafka_cluster`), id `name`, sized in vCPUs and memory from `size`, reachable from the platform's subnet. */
  public readonly cluster: ManagedKafkaCluster;
  /** Topics by name. */
  public readonly topics: Readonly<Record<string, ManagedKafkaTopic>>;
  /** Settings after defaults (brokers as the service provisions them). */
  public readonly settings: ResolvedKafka;
  /** Alerts deployed. */
  public readonly alerts: readonly AlertDefinition[];
  /** Display name of the cluster's Cloud Monitoring dashboard (golden signals and alert policies), `<name> managed-kafka`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: GcpGoldenSignalDashboard;
  /** Bootstrap address clients connect to over TLS. */
  public readonly bootstrapServers: string;

  constructor(scope: Construct, id: string, props: GcpManagedKafkaProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const capacity = MANAGED_KAFKA_CAPACITY[props.size ?? profile.nodes.size];
    const brokers = managedKafkaBrokers(capacity.vcpu, capacity.memoryGiB);
    const problems: string[] = [];
    if (props.brokers !== undefined && props.brokers !== brokers) {
      problems.push(`\`kafka.brokers\` is ${props.brokers}, but Managed Service for Apache Kafka derives the brokers from the cluster's vCPUs and memory (${capacity.vcpu} vCPUs, ${capacity.memoryGiB} GiB make ${brokers}); leave \`brokers\` out and choose \`size\` instead`);
    }
    const resolved = resolveKafka({ ...props, brokers }, profile);
    problems.push(...resolved.problems);
    this.settings = resolved.kafka;
    const nameProblem = checkName(this.name, NAMING_RULES.gcpResource, "kafka.name");
    if (nameProblem) problems.push(nameProblem);

    this.cluster = new ManagedKafkaCluster(this, "cluster", {
      clusterId: this.name,
      location: ctx.region,
      capacityConfig: { vcpuCount: String(capacity.vcpu), memoryBytes: String(capacity.memoryGiB * GIB) },
      gcpConfig: { accessConfig: { networkConfigs: [{ subnet: ctx.network.subnet.id }] } },
      rebalanceConfig: { mode: "AUTO_REBALANCE_ON_SCALE_UP" },
      labels: { ...ctx.labels },
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    const topics: Record<string, ManagedKafkaTopic> = {};
    for (const [topicName, topic] of Object.entries(this.settings.topics)) {
      topics[topicName] = new ManagedKafkaTopic(this, `topic-${topicName}`, {
        topicId: topicName,
        cluster: this.cluster.clusterId,
        location: ctx.region,
        partitionCount: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configs: {
          "retention.ms": String(topic.retentionHours * 3600 * 1000),
          "min.insync.replicas": String(Math.min(this.settings.minInsyncReplicas, topic.replicationFactor)),
        },
        lifecycle: { preventDestroy: profile.preventDestroy },
      });
    }
    this.topics = topics;
    this.bootstrapServers = `bootstrap.${this.name}.${ctx.region}.managedkafka.${ctx.project}.cloud.goog:9092`;

    const groups = [...new Set(Object.values(this.settings.topics).flatMap((t) => t.consumerGroups))].sort();
    const observed = deployGcpComponentAlerts(this, ctx, {
      description: "Managed Service for Apache Kafka cluster",
      stateful: true,
      resourceName: this.name,
      component: MANAGED_KAFKA_COMPONENT,
      prop: "kafka",
      bindings: managedKafkaAlertBindings(this.name, groups, ctx.alerting.runbookBaseUrl),
      overrides: props,
      panels: managedKafkaPanels(this.name),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }
}
