import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesClusterProps } from "../core/components/cluster";
import { NetworkProps } from "../core/components/network";
import { EnvironmentProfile, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { checkAwsTags, standardTags } from "../core/tags";
import { AlertDefinition } from "../observability/alert";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { AwsAlerting } from "./alerting";
import { AuditTrailOptions, AwsAuditTrail } from "./audit-trail";
import { AwsEksCluster } from "./cluster";
import { AwsManagedGrafana, ManagedGrafanaOptions } from "./managed-grafana";
import { AwsManagedPrometheus, ManagedPrometheusOptions } from "./managed-prometheus";
import { AwsNetwork } from "./network";
import { AwsAccount } from "./private/account";
import { EncryptionKey } from "./private/kms";
import { checkAwsRegion } from "./regions";

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
  /** Audit trail settings. @default - log files kept for the profile's `auditLogRetentionDays` */
  readonly audit?: AuditTrailOptions;
  /** Extra tags on every resource; the standard keys (service, environment, owner, managed-by) cannot be overridden. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AWS target for one environment and Region: the AWS provider with the
 * standard tags as `default_tags`, a VPC, an EKS cluster, KMS keys, and alert
 * delivery (an SNS topic per severity with the routed subscriptions).
 * Create one per stack.
 */
export class AwsPlatform extends Construct {
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
  /** Key encrypting the platform's CloudWatch log groups. */
  public readonly logsKey: EncryptionKey;
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;

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
      ...props.audit,
      account: this.account,
      namePrefix: this.namePrefix,
      profile,
      alerting: this.alerting,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    });
    addValidationErrors(this, problems);
  }

  /** Every alert the platform deploys. */
  public get alerts(): readonly AlertDefinition[] {
    return this.alerting.alerts;
  }
}
