import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { PrometheusScraper } from "@cdktf/provider-aws/lib/prometheus-scraper";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { NotificationRouting } from "../observability/routing";
import { fitName, NamingRule } from "../core/naming";
import { AwsAlerting } from "./alerting";
import { AwsEksCluster } from "./cluster";
import { AwsNetwork } from "./network";
import { AwsAccount } from "./private/account";
import { EncryptionKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";
import { eksScrapeConfiguration, MIN_SCRAPE_INTERVAL_SECONDS, renderScrapeConfiguration } from "./private/scrape-config";

/** AMP scraper aliases: 1-100 of letters, digits and `-._`, starting with a letter or digit (CreateScraper API). */
const SCRAPER_ALIAS: NamingRule = {
  label: "AMP scraper alias",
  minLength: 1,
  maxLength: 100,
  pattern: /^[0-9A-Za-z][-.0-9A-Z_a-z]*$/,
  allowed: "letters, digits and -._, starting with a letter or digit",
  lowercase: false,
};

/** Props of {@link AwsManagedPrometheus}. */
export interface AwsManagedPrometheusProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Prefix of resource names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Environment profile (log retention). */
  readonly profile: EnvironmentProfile;
  /** Key encrypting the workspace's log group. */
  readonly logsKey: EncryptionKey;
  /** The EKS cluster whose metrics the managed scraper collects. */
  readonly cluster: AwsEksCluster;
  /** The network: the scraper's interfaces go into its private subnets. */
  readonly network: AwsNetwork;
  /** Alert delivery: the Alertmanager definition notifies its SNS topics. */
  readonly alerting: AwsAlerting;
  /** Routing with the environment's downgrade: the Alertmanager route tree. */
  readonly routing: NotificationRouting;
  /** Tags for what default_tags do not reach (the scraper). */
  readonly tags: Readonly<Record<string, string>>;
  /** Seconds between scrapes (at least 30, AMP's minimum). @default 30 */
  readonly scrapeIntervalSeconds?: number;
}

/**
 * Amazon Managed Service for Prometheus for a platform: a workspace logging
 * rule-evaluation and Alertmanager errors to an encrypted CloudWatch log
 * group, and an AWS managed scraper collecting the EKS cluster's metrics
 * (API server, kubelets, cAdvisor, kube-proxy, scheduler, controller
 * manager, annotated pods) into it. The workspace is encrypted at rest
 * with an AWS owned key (see docs/aws.md for why not a customer-managed one).
 */
export class AwsManagedPrometheus extends Construct {
  /** The workspace. */
  public readonly workspace: PrometheusWorkspace;
  /** The managed scraper. */
  public readonly scraper: PrometheusScraper;
  /** The workspace's log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The scrape configuration the scraper runs (a Prometheus configuration document). */
  public readonly scrapeConfiguration: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: AwsManagedPrometheusProps) {
    super(scope, id);
    const { namePrefix, profile } = props;
    const interval = props.scrapeIntervalSeconds ?? MIN_SCRAPE_INTERVAL_SECONDS;
    const problems: string[] = [];
    if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
      problems.push(`\`metrics.scrapeIntervalSeconds\` is ${interval}; AMP managed scrapers accept whole seconds >= ${MIN_SCRAPE_INTERVAL_SECONDS}`);
    }

    // Vended-log groups under /aws/vendedlogs/ keep the log resource policy AWS adds small.
    this.logGroup = encryptedLogGroup(this, "logs", {
      name: `/aws/vendedlogs/prometheus/${namePrefix}`,
      retentionDays: profile.logRetentionDays,
      keyArn: props.logsKey.arn,
    });
    this.workspace = new PrometheusWorkspace(this, "workspace", {
      alias: namePrefix,
      loggingConfiguration: { logGroupArn: `${this.logGroup.arn}:*` },
    });

    // With the cluster in API authentication mode, AMP creates the scraper's EKS access
    // entry (and its access policy) itself when the scraper is created (AMP User Guide,
    // "Configure Amazon EKS for scraper access with access entries").
    this.scrapeConfiguration = eksScrapeConfiguration(props.cluster.name, interval);
    this.scraper = new PrometheusScraper(this, "scraper", {
      alias: fitName([namePrefix, "eks"], SCRAPER_ALIAS),
      scrapeConfiguration: renderScrapeConfiguration(this.scrapeConfiguration),
      source: [
        {
          eks: [
            {
              clusterArn: props.cluster.cluster.arn,
              // AMP needs subnets in at least two zones; the cluster's security group lets it reach the nodes.
              subnetIds: props.network.privateSubnetIds,
              securityGroupIds: [props.cluster.cluster.vpcConfig.clusterSecurityGroupId],
            },
          ],
        },
      ],
      destination: [{ amp: [{ workspaceArn: this.workspace.arn }] }],
      // aws_prometheus_scraper has no tags_all: the provider's default_tags do not reach it.
      tags: { ...props.tags },
    });
    addValidationErrors(this, problems);
  }

  /** Workspace ARN. */
  public get arn(): string {
    return this.workspace.arn;
  }

  /** The workspace's Prometheus-compatible query endpoint (ends in `/`). */
  public get endpoint(): string {
    return this.workspace.prometheusEndpoint;
  }
}
