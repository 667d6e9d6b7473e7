import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { stringify } from "yaml";
import { PrometheusAlertManagerDefinition } from "@cdktf/provider-aws/lib/prometheus-alert-manager-definition";
import { PrometheusRuleGroupNamespace } from "@cdktf/provider-aws/lib/prometheus-rule-group-namespace";
import { PrometheusScraper } from "@cdktf/provider-aws/lib/prometheus-scraper";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { recordRuleGroupAlerts } from "../core/manifest";
import { alertmanagerConfig, renderAlertmanagerConfig } from "../observability/alertmanager";
import { PrometheusRuleGroup, renderRuleGroups, validateRuleGroups } from "../observability/prometheus-rules";
import { NotificationRouting } from "../observability/routing";
import { Severity } from "../observability/severity";
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

/** AMP rule groups namespace names: 1-64 of letters, digits and `-._`, starting with a letter or digit (CreateRuleGroupsNamespace API). */
const RULE_NAMESPACE_NAME = /^[0-9A-Za-z][-.0-9A-Z_a-z]{0,63}$/;

/** Managed Prometheus options a platform user sets. */
export interface ManagedPrometheusOptions {
  /** Seconds between scrapes (at least 30, AMP's minimum). @default 30 */
  readonly scrapeIntervalSeconds?: number;
}

/** Props of {@link AwsManagedPrometheus}. */
export interface AwsManagedPrometheusProps extends ManagedPrometheusOptions {
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
}

/**
 * Amazon Managed Service for Prometheus for a platform: a workspace logging
 * rule-evaluation and Alertmanager errors to an encrypted CloudWatch log
 * group, and an AWS managed scraper collecting the EKS cluster's metrics
 * (API server, kubelets, cAdvisor, kube-proxy, scheduler, controller
 * manager, annotated pods) into it; rule groups namespaces carrying the
 * Prometheus rules given to {@link AwsManagedPrometheus.addRuleGroups}; and
 * an Alertmanager definition routing by severity to the platform's SNS
 * topics. The workspace is encrypted at rest with an AWS owned key (see
 * docs/aws.md for why not a customer-managed one).
 */
export class AwsManagedPrometheus extends Construct {
  /** The AMP workspace (`aws_prometheus_workspace`), alias `namePrefix`, logging rule and Alertmanager errors to `logGroup`. */
  public readonly workspace: PrometheusWorkspace;
  /** The managed scraper. */
  public readonly scraper: PrometheusScraper;
  /** The workspace's log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The scrape configuration the scraper runs (a Prometheus configuration document). */
  public readonly scrapeConfiguration: Record<string, unknown>;
  /** The Alertmanager configuration AMP runs (an alertmanager.yml document). */
  public readonly alertmanagerConfiguration: Record<string, unknown>;
  /** The workspace's Alertmanager definition (`aws_prometheus_alert_manager_definition`): `alertmanagerConfiguration` rendered, routing each severity to its SNS topic. */
  public readonly alertManagerDefinition: PrometheusAlertManagerDefinition;
  private readonly namespaces = new Map<string, PrometheusRuleGroupNamespace>();
  private readonly routing: NotificationRouting;

  constructor(scope: Construct, id: string, props: AwsManagedPrometheusProps) {
    super(scope, id);
    const { namePrefix, profile } = props;
    this.routing = props.routing;
    const interval = props.scrapeIntervalSeconds ?? MIN_SCRAPE_INTERVAL_SECONDS;
    const problems: string[] = [];
    if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
      problems.push(`\`metrics.scrapeIntervalSeconds\` is ${interval}; AMP managed scrapers accept whole seconds >= ${MIN_SCRAPE_INTERVAL_SECONDS}`);
    }
    // The profile decides the zones (a network whose CIDR was reported has no subnets; that is not this problem).
    if (profile.zones < 2) {
      problems.push(
        `the ${profile.name} profile has \`zones\` ${profile.zones}, but the AMP managed scraper needs private subnets in at least two Availability Zones; derive the profile with zones >= 2`,
      );
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

    // AMP's Alertmanager delivers to SNS only, signing with SigV4 in the workspace's Region
    // (AMP User Guide, "Understanding Amazon SNS receivers"). Dev's pages reach the ticket topic.
    this.alertmanagerConfiguration = alertmanagerConfig(props.routing, {
      receiverFor: (severity: Severity) => ({
        sns_configs: [
          {
            topic_arn: props.alerting.topicFor(severity).arn,
            sigv4: { region: props.account.region },
            // SNS subjects are limited to 100 characters: a short template stays within it for usual names.
            subject: "[{{ .Status | toUpper }}] {{ .CommonLabels.service }}: {{ .CommonLabels.alertname }}",
            attributes: { severity },
          },
        ],
      }),
    });
    this.alertManagerDefinition = new PrometheusAlertManagerDefinition(this, "alertmanager", {
      workspaceId: this.workspace.id,
      definition: alertManagerDefinition(this.alertmanagerConfiguration),
    });
    addValidationErrors(this, problems);
  }

  /**
   * Deploys Prometheus rule groups (recording and alerting rules, e.g. a
   * service's SLO rules) to the workspace as one rule groups namespace named
   * `name`. The groups are checked at synth: PromQL that does not parse,
   * bad durations, duplicate group names, alerts without severity, service
   * or runbook fail the synth.
   */
  public addRuleGroups(name: string, groups: readonly PrometheusRuleGroup[]): PrometheusRuleGroupNamespace {
    const existing = this.namespaces.get(name);
    if (existing) {
      addValidationErrors(this, [`rule groups namespace "${name}" is added twice; put all its groups in one addRuleGroups call`]);
      return existing;
    }
    const problems = validateRuleGroups(groups).map((m) => `rule groups namespace "${name}": ${m}`);
    if (!RULE_NAMESPACE_NAME.test(name)) {
      problems.push(`rule groups namespace name ${JSON.stringify(name)} must be 1-64 letters, digits or "-._", starting with a letter or digit`);
    }
    if (groups.length === 0) problems.push(`rule groups namespace "${name}" has no groups; pass at least one`);
    addValidationErrors(this, problems);
    const namespace = new PrometheusRuleGroupNamespace(this, `rules-${name}`, { name, workspaceId: this.workspace.id, data: renderRuleGroups(groups) });
    recordRuleGroupAlerts(this, groups, { deliveredAs: (s) => this.routing.deliveredAs(s), routeOf: (s) => this.routing.routeOf(s), path: namespace.node.path });
    this.namespaces.set(name, namespace);
    return namespace;
  }

  /** Names of the rule groups namespaces added so far. */
  public get ruleNamespaces(): string[] {
    return [...this.namespaces.keys()];
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

/**
 * AMP's Alertmanager definition: the alertmanager.yml text under the key
 * `alertmanager_config` as a YAML block (AMP User Guide, "Create an alert
 * manager configuration").
 */
function alertManagerDefinition(config: Record<string, unknown>): string {
  return stringify({ alertmanager_config: renderAlertmanagerConfig(config) }, { lineWidth: 0, blockQuote: "literal" });
}
