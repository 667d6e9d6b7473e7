import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { CassandraProps } from "../core/components/cassandra";
import { KubernetesClusterProps } from "../core/components/cluster";
import type { ComponentHandle } from "../core/components/common";
import type { KafkaProps } from "../core/components/kafka";
import { NetworkProps } from "../core/components/network";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import type { PostgresProps } from "../core/components/postgres";
import type { SearchProps } from "../core/components/search";
import { EnvironmentProfile, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { checkAwsTags, standardTags } from "../core/tags";
import { AlertDefinition } from "../observability/alert";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { AwsAlerting } from "./alerting";
import { AwsEksCluster } from "./cluster";
import type { DashboardMetric } from "./dashboard";
import { AwsKeyspaces } from "./keyspaces";
import { AwsMskCluster } from "./msk";
import { AwsNetwork } from "./network";
import { AwsOpenSearchDomain } from "./opensearch";
import { AwsAccount } from "./private/account";
import type { AwsComponentContext } from "./private/context";
import { EncryptionKey } from "./private/kms";
import { AwsRdsPostgres } from "./rds-postgres";
import { checkAwsRegion } from "./regions";
import { AwsServiceDashboard } from "./service-dashboard";

/** Props of {@link AwsPlatform}. */
export interface AwsPlatformProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: string | EnvironmentProfile;
  /** AWS Region, e.g. "eu-west-1". */
  readonly region: string;
  /** Service or platform name: lowercase letters, digits and "-", used in every resource name and the `service` tag. */
  readonly service: string;
  /** Owning team, for the `owner` tag (e.g. "team-checkout"). */
  readonly owner: string;
  /** Notification channels and severity routes. */
  readonly notifications: NotificationRoutingProps;
  /** Network settings. @default - a 10.0.0.0/16 VPC over the profile's zones */
  readonly network?: NetworkProps;
  /** Cluster settings. @default - `<service>-<environment>`, one `general` node pool from the profile */
  readonly cluster?: KubernetesClusterProps;
  /** Extra tags on every resource; the standard keys (service, environment, owner, managed-by) cannot be overridden. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AWS target for one environment and Region: the AWS provider with the
 * standard tags as `default_tags`, a VPC, an EKS cluster, KMS keys, and alert
 * delivery (an SNS topic per severity with the routed subscriptions).
 * Create one per stack. As a {@link Platform} it builds a service's data
 * components on managed services (MSK, Amazon Keyspaces, OpenSearch
 * Service, RDS for PostgreSQL), each with its alarms and dashboard, and a
 * dashboard per service.
 */
export class AwsPlatform extends Construct implements Platform {
  /** Target name. */
  public readonly target = "aws" as const;
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** Routing with the environment's downgrade. */
  public readonly routing: NotificationRouting;
  /** The provider (default tags, Region). */
  public readonly provider: AwsProvider;
  /** Account, partition and Region. */
  public readonly account: AwsAccount;
  /** Tags on every taggable resource. */
  public readonly tags: Readonly<Record<string, string>>;
  /** The VPC. */
  public readonly network: AwsNetwork;
  /** The EKS cluster. */
  public readonly cluster: AwsEksCluster;
  /** SNS topics and alarms. */
  public readonly alerting: AwsAlerting;
  /** Key encrypting the platform's CloudWatch log groups. */
  public readonly logsKey: EncryptionKey;
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;
  private readonly context: AwsComponentContext;
  /** Golden signals of each component built, for the service dashboards. */
  private readonly signals = new Map<ComponentHandle, readonly DashboardMetric[]>();

  constructor(scope: Construct, id: string, props: AwsPlatformProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.profile = profile;
    Profile.attach(this, profile);

    if (!/^[a-z][a-z0-9-]{1,29}$/.test(props.service)) {
      problems.push(`\`service\` ${JSON.stringify(props.service)} must be 2-30 lowercase letters, digits or "-", starting with a letter (it prefixes every resource name)`);
    }
    if (!props.owner?.trim()) problems.push("`owner` is empty; name the owning team, e.g. \"team-checkout\" (it becomes the owner tag)");
    const regionProblem = checkAwsRegion(props.region, profile.zones);
    if (regionProblem) problems.push(regionProblem);
    problems.push(...NotificationRouting.validate(props.notifications));

    this.tags = standardTags({ service: props.service, environment: profile.name, owner: props.owner }, props.tags);
    problems.push(...checkAwsTags(this.tags).map((m) => `\`tags\`: ${m}`));
    this.namePrefix = `${props.service}-${profile.name}`;
    this.routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);

    this.provider = new AwsProvider(this, "aws", { region: props.region, defaultTags: [{ tags: { ...this.tags } }] });
    this.account = new AwsAccount(this, "account", props.region);
    this.logsKey = new EncryptionKey(this, "logs-key", {
      account: this.account,
      alias: `${this.namePrefix}-logs`,
      description: `Encrypts the ${this.namePrefix} CloudWatch log groups`,
      profile,
      serviceStatements: [
        {
          sid: "CloudWatchLogsUseKey",
          principals: [{ type: "Service", identifiers: [`logs.${props.region}.${this.account.dnsSuffix}`] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [`arn:${this.account.partition}:logs:${props.region}:${this.account.accountId}:log-group:*`],
            },
          ],
        },
      ],
    });

    const clusterName = props.cluster?.name ?? this.namePrefix;
    this.alerting = new AwsAlerting(this, "alerting", {
      account: this.account,
      namePrefix: this.namePrefix,
      routing: this.routing,
      profile,
      tags: this.tags,
    });
    this.network = new AwsNetwork(this, "network", {
      ...props.network,
      account: this.account,
      profile,
      namePrefix: this.namePrefix,
      clusterName,
      logsKeyArn: this.logsKey.arn,
    });
    this.cluster = new AwsEksCluster(this, "cluster", {
      ...props.cluster,
      name: clusterName,
      account: this.account,
      profile,
      network: this.network,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
      tags: this.tags,
    });
    this.context = {
      account: this.account,
      profile,
      network: this.network,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    };
    addValidationErrors(this, problems);
  }

  /** Every alert the platform itself deploys (cluster, network, ...); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    const components = new Set([...this.signals.keys()].flatMap((c) => c.alerts));
    return this.alerting.alerts.filter((a) => !components.has(a));
  }

  /** Kafka on Amazon MSK. */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): AwsMskCluster {
    return this.registered(new AwsMskCluster(scope, id, { ...props, service, context: this.context }));
  }

  /** Cassandra on Amazon Keyspaces. */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): AwsKeyspaces {
    return this.registered(new AwsKeyspaces(scope, id, { ...props, service, context: this.context }));
  }

  /** Search on Amazon OpenSearch Service. */
  public search(scope: Construct, id: string, service: string, props: SearchProps): AwsOpenSearchDomain {
    return this.registered(new AwsOpenSearchDomain(scope, id, { ...props, service, context: this.context }));
  }

  /** PostgreSQL on Amazon RDS. */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): AwsRdsPostgres {
    return this.registered(new AwsRdsPostgres(scope, id, { ...props, service, context: this.context }));
  }

  /**
   * The service's CloudWatch dashboard (component links, alarm states,
   * golden signals) and its Prometheus rule groups.
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    const dashboard = new AwsServiceDashboard(scope, id, {
      service: observation.service,
      environment: this.profile.name,
      region: this.account.region,
      components: observation.components.map((handle) => ({
        handle,
        signals: this.signals.get(handle) ?? [],
        alarmArns: handle.alerts.flatMap((a) => {
          const alarm = this.alerting.alarmOf(a);
          return alarm ? [alarm.alarm.arn] : [];
        }),
      })),
    });
    return { ruleGroupNames: this.deployRuleGroups(scope, observation), dashboardName: dashboard.dashboardName };
  }

  /**
   * Where the service's SLO rules and PromQL alerts go to Amazon Managed
   * Prometheus (a rule group namespace in the platform's workspace). This
   * platform has no AMP workspace yet, so no rule group is deployed and no
   * name is returned; the managed-Prometheus construct plugs in here.
   */
  private deployRuleGroups(_scope: Construct, _observation: ServiceObservation): string[] {
    return [];
  }

  private registered<C extends ComponentHandle & { readonly signals: readonly DashboardMetric[] }>(component: C): C {
    this.signals.set(component, component.signals);
    return component;
  }
}
