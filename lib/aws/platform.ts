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
import { alertRuleGroups } from "../observability/prometheus-rules";
import { Slo } from "../observability/slo";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { AwsAlerting } from "./alerting";
import { AwsSyntheticCanary } from "./canary";
import { AuditTrailOptions, AwsAuditTrail } from "./audit-trail";
import { AwsCisAlarms, CisAlarmsOptions } from "./cis-alarms";
import { AwsEksCluster } from "./cluster";
import { AwsManagedGrafana, ManagedGrafanaOptions } from "./managed-grafana";
import { AwsManagedPrometheus, ManagedPrometheusOptions } from "./managed-prometheus";
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

/** Audit settings of {@link AwsPlatform}: the trail and the CIS alarms on its log group. */
export interface AwsAuditOptions extends AuditTrailOptions, CisAlarmsOptions {}

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
  /** Amazon Managed Prometheus settings. @default - the EKS cluster scraped every 30 s */
  readonly metrics?: ManagedPrometheusOptions;
  /** Amazon Managed Grafana settings, or `false` for no workspace. @default - a workspace signing in through IAM Identity Center */
  readonly grafana?: ManagedGrafanaOptions | false;
  /**
   * Audit trail and CIS alarm settings, e.g. `{ alerts: { "root-account-usage": { severity: "page" } } }`.
   * @default - log files kept for the profile's `auditLogRetentionDays`; every CIS alarm but AWS Organizations changes
   */
  readonly audit?: AwsAuditOptions;
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
  /** Amazon Managed Prometheus: workspace, EKS scraper, rule groups, Alertmanager. */
  public readonly prometheus: AwsManagedPrometheus;
  /** Amazon Managed Grafana (absent when `grafana: false`). */
  public readonly grafana?: AwsManagedGrafana;
  /** CloudTrail of the account and the console-change alert. */
  public readonly audit: AwsAuditTrail;
  /** The CIS monitoring alarms on the trail's log group. */
  public readonly cisAlarms: AwsCisAlarms;
  /** Key encrypting the platform's CloudWatch log groups. */
  public readonly logsKey: EncryptionKey;
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;
  /** The platform's service name (the `service` prop). */
  public readonly service: string;
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
    this.service = props.service;
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
    this.context = {
      account: this.account,
      profile,
      network: this.network,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    };
    this.cluster = new AwsEksCluster(this, "cluster", { ...props.cluster, ...this.context, name: clusterName, tags: this.tags });
    this.prometheus = new AwsManagedPrometheus(this, "prometheus", {
      ...props.metrics,
      account: this.account,
      namePrefix: this.namePrefix,
      profile,
      logsKey: this.logsKey,
      cluster: this.cluster,
      network: this.network,
      alerting: this.alerting,
      routing: this.routing,
      tags: this.tags,
    });
    if (props.grafana !== false) {
      this.grafana = new AwsManagedGrafana(this, "grafana", {
        ...props.grafana,
        account: this.account,
        namePrefix: this.namePrefix,
        prometheus: this.prometheus,
        alerting: this.alerting,
      });
    }
    this.audit = new AwsAuditTrail(this, "audit", {
      retentionDays: props.audit?.retentionDays,
      account: this.account,
      namePrefix: this.namePrefix,
      profile,
      alerting: this.alerting,
      logsKey: this.logsKey,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    });
    this.cisAlarms = new AwsCisAlarms(this, "cis-alarms", {
      alerts: props.audit?.alerts,
      organizationChanges: props.audit?.organizationChanges,
      context: this.context,
      namePrefix: this.namePrefix,
      logGroup: this.audit.logGroup,
    });
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
    // The canary's name starts with the platform's `<service>-<environment>`; the platform's own
    // service needs no second mention, another service on the platform is named.
    const checkName = observation.service === this.service ? "health" : `${observation.service}-health`;
    const canary = observation.endpoint && new AwsSyntheticCanary(scope, `${id}-canary`, { ...observation.endpoint, platform: this, name: checkName });
    return {
      ruleGroupNames: this.deployRuleGroups(observation),
      dashboardName: dashboard.dashboardName,
      ...(canary ? { syntheticCheckName: canary.canaryName } : {}),
    };
  }

  /**
   * The service's SLO rules and the PromQL alerts of its components, as one
   * rule groups namespace (named after the service) in the platform's AMP
   * workspace. AMP evaluates them and its Alertmanager notifies the SNS
   * topics, so they reach the same channels as the CloudWatch alarms.
   */
  private deployRuleGroups(observation: ServiceObservation): string[] {
    const groups = [
      ...observation.slos.map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl)),
      ...alertRuleGroups(
        observation.components.flatMap((c) => c.alerts),
        { service: observation.service },
      ),
    ];
    if (groups.length === 0) return [];
    this.prometheus.addRuleGroups(observation.service, groups);
    return groups.map((g) => g.name);
  }

  private registered<C extends ComponentHandle & { readonly signals: readonly DashboardMetric[] }>(component: C): C {
    this.signals.set(component, component.signals);
    return component;
  }
}
