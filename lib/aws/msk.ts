import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { KafkaHandle, KafkaProps, resolveKafka, ResolvedKafka } from "../core/components/kafka";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import type { UnavailableAlert } from "../observability/alert-binding";
import { mskAlertBindings, MSK_COMPONENT } from "./msk-alerts";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { mskPanels } from "./dashboard-panels";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { dataKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";
import { vpcOnlySecurityGroup } from "./private/security-group";
import { AWS_MSK_BROKER_TYPES } from "./sizes";

/** Kafka version of new clusters (MSK Developer Guide, "Supported Apache Kafka versions"). */
const DEFAULT_MSK_KAFKA_VERSION = "3.9.x";

/** Ports clients use: 9094 TLS, 9098 IAM over TLS (MSK Developer Guide, "Port information"). */
const MSK_CLIENT_PORTS = { tls: 9094, iam: 9098 } as const;

/** Open monitoring exporters: 11001 JMX exporter, 11002 node exporter. */
const MSK_EXPORTER_PORTS: readonly [number, number] = [11001, 11002];

/** Props of {@link AwsMskCluster}. */
interface AwsMskClusterProps extends KafkaProps {
  /** Service the cluster belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AwsComponentContext;
}

/**
 * Kafka on Amazon MSK (provisioned, Standard brokers): brokers spread over
 * the private subnets (3 zones where the profile is highly available, 2 in
 * dev), TLS-only client traffic and TLS between brokers, IAM client
 * authentication, encryption at rest (a customer-managed key where the
 * profile protects data), broker logs in CloudWatch Logs with retention,
 * enhanced monitoring (PER_TOPIC_PER_BROKER outside dev), Prometheus open
 * monitoring (JMX and node exporters), a configuration that never
 * auto-creates topics with replication derived from the broker count, the
 * recommended alarms and a dashboard.
 *
 * Topics: the AWS provider has no Kafka topic resource. The validated
 * `topics` are exposed on {@link AwsMskCluster.topics}; the application
 * creates them at start-up through the Kafka Admin API with IAM auth (it
 * needs `kafka-cluster:CreateTopic`), or a separate stack uses a Kafka
 * Terraform provider against the IAM bootstrap brokers.
 */
export class AwsMskCluster extends Construct implements KafkaHandle {
  /** Canonical component kind. */
  public readonly kind = "kafka" as const;
  /** Implementation (runbook folder). */
  public readonly component = MSK_COMPONENT;
  /** Cluster name. */
  public readonly name: string;
  /** The MSK provisioned cluster (`aws_msk_cluster`), named `name`: IAM-authenticated TLS clients, brokers spread evenly over the private subnets' zones. */
  public readonly cluster: MskCluster;
  /** The server properties. */
  public readonly configuration: MskConfiguration;
  /** Broker log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Brokers, replication and topics after defaults. */
  public readonly settings: ResolvedKafka;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical Kafka alerts MSK cannot provide for this cluster, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the cluster's CloudWatch dashboard (golden signals and alarm states), `<name>-msk`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AwsGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AwsMskClusterProps) {
    super(scope, id);
    const { context: ctx } = props;
    const { profile, account, network } = ctx;
    const { kafka, problems } = resolveKafka(props, profile);
    this.settings = kafka;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.awsMskCluster, "kafka.name");
    if (nameProblem) problems.push(nameProblem);

    // MSK needs at least two zones; brokers are spread evenly over them. The profile decides the
    // zones (a network whose CIDR was reported has no subnets; that is not this problem).
    const zones = Math.min(profile.highAvailability ? 3 : 2, profile.zones);
    const brokersReported = problems.some((p) => p.startsWith("`kafka.brokers`"));
    if (zones < 2) problems.push(`environment "${profile.name}" spans ${profile.zones} zone(s); MSK needs brokers in at least 2 zones, so use a profile with zones >= 2`);
    else if (!brokersReported && kafka.brokers % zones !== 0) {
      problems.push(`\`kafka.brokers\` is ${kafka.brokers} but MSK spreads brokers evenly over ${zones} zones in "${profile.name}"; use a multiple of ${zones}`);
    }
    const version = props.version ?? DEFAULT_MSK_KAFKA_VERSION;

    this.configuration = new MskConfiguration(this, "configuration", {
      name: this.name,
      description: `Server properties of ${this.name} (Vigil)`,
      kafkaVersions: [version],
      serverProperties: mskServerProperties(kafka),
    });
    this.logGroup = encryptedLogGroup(this, "broker-logs", {
      name: `/aws/msk/${this.name}/broker`,
      retentionDays: profile.logRetentionDays,
      keyArn: ctx.logsKey.arn,
    });
    const key = dataKey(this, { account, profile, alias: `${this.name}-msk`, description: `Encrypts the data of the ${this.name} MSK cluster at rest` });
    const securityGroup = vpcOnlySecurityGroup(this, "security-group", {
      name: `${this.name}-msk`,
      description: `Kafka clients and Prometheus in the VPC to the ${this.name} brokers`,
      network,
      ports: [
        { port: MSK_CLIENT_PORTS.tls, why: "Kafka over TLS" },
        { port: MSK_CLIENT_PORTS.iam, why: "Kafka over TLS with IAM auth" },
        { port: MSK_EXPORTER_PORTS, why: "Prometheus scrapes the JMX and node exporters" },
      ],
    });

    this.cluster = new MskCluster(this, "cluster", {
      clusterName: this.name,
      kafkaVersion: version,
      numberOfBrokerNodes: kafka.brokers,
      brokerNodeGroupInfo: {
        clientSubnets: network.privateSubnets.slice(0, Math.max(zones, 2)).map((s) => s.id),
        instanceType: AWS_MSK_BROKER_TYPES[props.size ?? profile.nodes.size],
        securityGroups: [securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: kafka.storageGiB } },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: key?.arn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      enhancedMonitoring: profile.tier === "dev" ? "DEFAULT" : "PER_TOPIC_PER_BROKER",
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      lifecycle: { preventDestroy: profile.preventDestroy },
    });

    const observed = deployAwsComponentAlerts(this, ctx, {
      description: "Amazon MSK (Kafka) cluster",
      stateful: true,
      resourceName: this.name,
      component: MSK_COMPONENT,
      prop: "kafka",
      bindings: mskAlertBindings(this.name, kafka, profile, ctx.runbookBaseUrl),
      overrides: props,
      panels: mskPanels(this.name, kafka.brokers, Object.entries(kafka.topics).flatMap(([topic, t]) => t.consumerGroups.map((group) => ({ group, topic })))),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** Bootstrap brokers for IAM-authenticated TLS clients (port 9098). */
  public get bootstrapServers(): string {
    return this.cluster.bootstrapBrokersSaslIam;
  }

  /** Topics the application creates, validated, with defaults applied. */
  public get topics(): ResolvedKafka["topics"] {
    return this.settings.topics;
  }
}

/**
 * The broker configuration: topics are declared, never auto-created; new
 * topics get the resolved replication factor and min ISR; a replica that is
 * not in sync never becomes leader (no silent data loss).
 */
function mskServerProperties(kafka: ResolvedKafka): string {
  return [
    "auto.create.topics.enable=false",
    `default.replication.factor=${kafka.replicationFactor}`,
    `min.insync.replicas=${kafka.minInsyncReplicas}`,
    "unclean.leader.election.enable=false",
    "",
  ].join("\n");
}
