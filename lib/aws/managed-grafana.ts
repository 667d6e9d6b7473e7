import { Construct } from "constructs";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { GrafanaWorkspace } from "@cdktf/provider-aws/lib/grafana-workspace";
import { GrafanaWorkspaceSamlConfiguration } from "@cdktf/provider-aws/lib/grafana-workspace-saml-configuration";
import { addValidationErrors } from "../core/errors";
import { fitName, NAMING_RULES } from "../core/naming";
import { AwsAlerting } from "./alerting";
import { AwsManagedPrometheus } from "./managed-prometheus";
import { AwsAccount } from "./private/account";
import { ServiceRole } from "./private/iam";

/** Grafana version of new workspaces (one Amazon Managed Grafana supports: 8.4, 9.4, 10.4). */
export const DEFAULT_GRAFANA_VERSION = "10.4";

/** How people sign in to the workspace. */
export type GrafanaAuthentication = "AWS_SSO" | "SAML";

/** SAML settings of a workspace that signs in through a SAML identity provider. */
export interface GrafanaSamlProps {
  /** URL of the identity provider's SAML metadata. */
  readonly idpMetadataUrl: string;
  /** Assertion attribute holding the user's role, e.g. `role` or `groups`. */
  readonly roleAssertion: string;
  /** Role attribute values that make a user Grafana Admin. */
  readonly adminRoleValues: readonly string[];
  /** Role attribute values that make a user Editor. @default - none; everybody else is a Viewer */
  readonly editorRoleValues?: readonly string[];
  /** Assertion attribute holding the login name. @default "mail" */
  readonly loginAssertion?: string;
  /** Assertion attribute holding the e-mail address. @default "mail" */
  readonly emailAssertion?: string;
}

/** Grafana options a platform user sets. */
export interface ManagedGrafanaOptions {
  /** Sign-in method: IAM Identity Center (must be enabled in the account) or a SAML identity provider. @default "AWS_SSO" */
  readonly authentication?: GrafanaAuthentication;
  /** SAML settings; required when `authentication` is "SAML". @default - none */
  readonly saml?: GrafanaSamlProps;
  /** Grafana version. @default DEFAULT_GRAFANA_VERSION */
  readonly grafanaVersion?: string;
}

/** Props of {@link AwsManagedGrafana}. */
export interface AwsManagedGrafanaProps extends ManagedGrafanaOptions {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Prefix of resource names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** The AMP workspace Grafana queries. */
  readonly prometheus: AwsManagedPrometheus;
  /** Alert delivery: Grafana alerts may notify these SNS topics. */
  readonly alerting: AwsAlerting;
}

/**
 * An Amazon Managed Grafana workspace for the platform's people: signs in
 * through IAM Identity Center or SAML, reads the AMP workspace and
 * CloudWatch (metrics, alarms, Logs Insights) through a customer-managed
 * role holding only those permissions, and may notify the alert topics.
 */
export class AwsManagedGrafana extends Construct {
  /** The Amazon Managed Grafana workspace (`aws_grafana_workspace`), named after `namePrefix`, reading AMP and CloudWatch through `role`. */
  public readonly workspace: GrafanaWorkspace;
  /** The role Grafana assumes to read its data sources. */
  public readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: AwsManagedGrafanaProps) {
    super(scope, id);
    const { account } = props;
    const authentication = props.authentication ?? "AWS_SSO";
    const problems: string[] = [];
    if (authentication !== "AWS_SSO" && authentication !== "SAML") {
      problems.push(`\`grafana.authentication\` is ${JSON.stringify(authentication)}; use "AWS_SSO" (IAM Identity Center) or "SAML"`);
    }
    if (authentication === "SAML" && !props.saml) {
      problems.push('`grafana.authentication` is "SAML" but `grafana.saml` is missing; give the identity provider\'s metadata URL, the role assertion and the admin role values');
    }
    if (props.saml && authentication !== "SAML") {
      problems.push(`\`grafana.saml\` is set but \`grafana.authentication\` is ${JSON.stringify(authentication)}; set authentication to "SAML" or drop saml`);
    }
    if (props.saml && !/^https:\/\/\S+$/.test(props.saml.idpMetadataUrl)) {
      problems.push(`\`grafana.saml.idpMetadataUrl\` ${JSON.stringify(props.saml.idpMetadataUrl)} is not an https URL`);
    }
    if (props.saml && props.saml.adminRoleValues.length === 0) {
      problems.push("`grafana.saml.adminRoleValues` is empty; name at least one role value that makes a user Grafana Admin, or nobody can manage the workspace");
    }

    const inAccount = (service: string, resource: string) => `arn:${account.partition}:${service}:${account.region}:${account.accountId}:${resource}`;
    this.role = new ServiceRole(this, "role", {
      account,
      nameParts: [props.namePrefix, "grafana"],
      assumedBy: ["grafana.amazonaws.com"],
      // Trust policy of a customer-managed AMG role (AMG User Guide, "Amazon Managed Grafana permissions and policies for AWS data sources").
      trustConditions: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
        { test: "StringLike", variable: "aws:SourceArn", values: [inAccount("grafana", "/workspaces/*")] },
      ],
      inlineStatements: grafanaStatements(props, inAccount),
    });

    this.workspace = new GrafanaWorkspace(this, "workspace", {
      name: fitName([props.namePrefix], NAMING_RULES.awsGrafanaWorkspace),
      description: `Dashboards of ${props.namePrefix} (Amazon Managed Prometheus and CloudWatch)`,
      accountAccessType: "CURRENT_ACCOUNT",
      authenticationProviders: [authentication],
      permissionType: "CUSTOMER_MANAGED",
      roleArn: this.role.arn,
      dataSources: ["PROMETHEUS", "CLOUDWATCH"],
      notificationDestinations: ["SNS"],
      grafanaVersion: props.grafanaVersion ?? DEFAULT_GRAFANA_VERSION,
      // Grafana's own alerting evaluates panels; the platform's alerts run in AMP and CloudWatch.
      configuration: JSON.stringify({ plugins: { pluginAdminEnabled: false }, unifiedAlerting: { enabled: true } }),
    });
    if (props.saml && authentication === "SAML") {
      new GrafanaWorkspaceSamlConfiguration(this, "saml", {
        workspaceId: this.workspace.id,
        idpMetadataUrl: props.saml.idpMetadataUrl,
        roleAssertion: props.saml.roleAssertion,
        adminRoleValues: [...props.saml.adminRoleValues],
        editorRoleValues: [...(props.saml.editorRoleValues ?? [])],
        loginAssertion: props.saml.loginAssertion ?? "mail",
        emailAssertion: props.saml.emailAssertion ?? "mail",
      });
    }
    addValidationErrors(this, problems);
  }

  /** URL people open, without the scheme (a Terraform reference). */
  public get endpoint(): string {
    return this.workspace.endpoint;
  }
}

/**
 * The role's permissions: what AMG's own policies for the AMP and
 * CloudWatch data sources grant (AWS managed policies
 * AmazonGrafanaCloudWatchAccess and AmazonPrometheusQueryAccess), narrowed
 * to this account, Region and workspace wherever the action supports
 * resource-level permissions (Service Authorization Reference); `*` is left
 * only on actions that accept no other resource.
 */
function grafanaStatements(props: AwsManagedGrafanaProps, inAccount: (service: string, resource: string) => string): DataAwsIamPolicyDocumentStatement[] {
  const workspaceArn = props.prometheus.arn;
  const topics = [...props.alerting.topics.values()].map((t) => t.arn);
  return [
    {
      sid: "QueryPrometheus",
      actions: ["aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata", "aps:DescribeWorkspace"],
      resources: [workspaceArn],
    },
    {
      // Lets Grafana's alerting view show AMP's rules and alerts, and on-call silence an alert during an incident.
      sid: "ReadPrometheusAlerts",
      actions: [
        "aps:ListRules",
        "aps:ListAlertManagerAlerts",
        "aps:ListAlertManagerAlertGroups",
        "aps:ListAlertManagerSilences",
        "aps:GetAlertManagerSilence",
        "aps:GetAlertManagerStatus",
        "aps:PutAlertManagerSilences",
        "aps:DeleteAlertManagerSilence",
      ],
      resources: [workspaceArn],
    },
    // ListWorkspaces has no resource type in the SAR (Amazon Managed Service for Prometheus): the AMG console lists workspaces to pick the data source.
    { sid: "DiscoverPrometheusWorkspaces", actions: ["aps:ListWorkspaces"], resources: ["*"] },
    // These have no resource type in the SAR (Amazon CloudWatch): metrics have no ARNs.
    {
      sid: "ReadCloudWatchMetrics",
      actions: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:DescribeAlarmsForMetric"],
      resources: ["*"],
    },
    // GetInsightRuleReport acts on an insight-rule (SAR, Amazon CloudWatch): Contributor Insights rules of this account and Region.
    { sid: "ReadContributorInsights", actions: ["cloudwatch:GetInsightRuleReport"], resources: [inAccount("cloudwatch", "insight-rule/*")] },
    { sid: "ReadCloudWatchAlarms", actions: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"], resources: [inAccount("cloudwatch", "alarm:*")] },
    {
      sid: "QueryLogGroups",
      actions: ["logs:DescribeLogGroups", "logs:GetLogGroupFields", "logs:StartQuery"],
      resources: [inAccount("logs", "log-group:*")],
    },
    // GetLogEvents acts on a log-stream (SAR, Amazon CloudWatch Logs).
    { sid: "ReadLogStreams", actions: ["logs:GetLogEvents"], resources: [inAccount("logs", "log-group:*:log-stream:*")] },
    // StopQuery and GetQueryResults take a query id and have no resource type in the SAR (Amazon CloudWatch Logs).
    { sid: "ReadLogQueryResults", actions: ["logs:StopQuery", "logs:GetQueryResults"], resources: ["*"] },
    // No resource type in the SAR for EC2 Describe*, tag:GetResources (Resource Groups Tagging API) and oam:ListSinks;
    // the CloudWatch data source uses them for dimension values and cross-account links.
    {
      sid: "ResolveDimensions",
      actions: ["ec2:DescribeTags", "ec2:DescribeInstances", "ec2:DescribeRegions", "tag:GetResources", "oam:ListSinks"],
      resources: ["*"],
    },
    // ListAttachedLinks acts on a sink (SAR, CloudWatch Observability Access Manager): sinks of this account and Region.
    { sid: "ListSinkLinks", actions: ["oam:ListAttachedLinks"], resources: [inAccount("oam", "sink/*")] },
    { sid: "NotifyAlertTopics", actions: ["sns:Publish"], resources: topics },
    // The topics are encrypted; publishing needs a data key of their key.
    { sid: "UseAlertTopicKey", actions: ["kms:GenerateDataKey*", "kms:Decrypt"], resources: [props.alerting.key.arn] },
  ];
}
