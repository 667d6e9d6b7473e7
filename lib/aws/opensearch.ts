import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { resolveSearch, ResolvedSearch, SearchHandle, SearchProps } from "../core/components/search";
import { addValidationErrors } from "../core/errors";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import type { UnavailableAlert } from "../observability/alert-binding";
import { openSearchAlertBindings, openSearchExpectedNodes, OPENSEARCH_COMPONENT } from "./opensearch-alerts";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { openSearchPanels } from "./dashboard-panels";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { dataKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";
import { vpcOnlySecurityGroup } from "./private/security-group";
import { AWS_OPENSEARCH_DATA_NODE_TYPES, AWS_OPENSEARCH_MASTER_NODE_TYPE } from "./sizes";

/** Engine of new domains (OpenSearch Service Developer Guide, "Supported versions"). */
const DEFAULT_OPENSEARCH_VERSION = "OpenSearch_2.19";

/** TLS policy of the HTTPS endpoint: TLS 1.2+ with perfect forward secrecy ciphers only. */
const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** Hour (UTC) of the daily automated snapshot on engines that still take daily snapshots. */
const OPENSEARCH_SNAPSHOT_HOUR = 3;

/** Dedicated masters: three, so a quorum survives one loss. */
const MASTER_COUNT = 3;

/** Props of {@link AwsOpenSearchDomain}. */
interface AwsOpenSearchDomainProps extends SearchProps {
  /** Service the domain belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AwsComponentContext;
}

/**
 * Search on Amazon OpenSearch Service: a VPC domain in the private subnets,
 * zone awareness over 3 zones where the profile is highly available,
 * dedicated masters per `resolveSearch`, encryption at rest (a
 * customer-managed key where the profile protects data), node-to-node
 * encryption, HTTPS only with TLS 1.2+ (PFS ciphers), fine-grained access
 * control with an IAM master role (no internal users, no password), logs
 * (application, index and search slow logs; audit logs where the profile
 * protects data) in encrypted log groups with retention, automated
 * snapshots, an access policy limited to the account, the recommended
 * alarms and a dashboard.
 */
export class AwsOpenSearchDomain extends Construct implements SearchHandle {
  /** Canonical component kind. */
  public readonly kind = "search" as const;
  /** Implementation (runbook folder). */
  public readonly component = OPENSEARCH_COMPONENT;
  /** Domain name. */
  public readonly name: string;
  /** The OpenSearch Service VPC domain (`aws_opensearch_domain`), named `name`, in the private subnets of its zones. */
  public readonly domain: OpensearchDomain;
  /** IAM role mapped to the OpenSearch `all_access` role (the fine-grained access control master user). */
  public readonly adminRole: IamRole;
  /** Log groups by OpenSearch log type. */
  public readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>>;
  /** Nodes and storage after defaults. */
  public readonly settings: ResolvedSearch;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical search alerts this domain cannot have, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the domain's CloudWatch dashboard (golden signals and alarm states), `<name>-opensearch`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AwsGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AwsOpenSearchDomainProps) {
    super(scope, id);
    const { context: ctx } = props;
    const { profile, account, network } = ctx;
    const zones = profile.highAvailability ? Math.min(3, profile.zones) : 1;
    const { search, problems } = resolveSearch(props, { name: profile.name, highAvailability: profile.highAvailability, zones });
    this.settings = search;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.awsOpenSearchDomain, "search.name");
    if (nameProblem) problems.push(nameProblem);
    const domainArn = `arn:${account.partition}:es:${account.region}:${account.accountId}:domain/${this.name}`;

    const key = dataKey(this, { account, profile, alias: `${this.name}-opensearch`, description: `Encrypts the ${this.name} OpenSearch domain at rest` });
    // Audit logs where the profile protects data (staging keeps prod's security).
    const audit = profile.deletionProtection;
    const logTypes: Record<string, { suffix: string; retentionDays: number; preventDestroy?: boolean }> = {
      ES_APPLICATION_LOGS: { suffix: "application", retentionDays: profile.logRetentionDays },
      INDEX_SLOW_LOGS: { suffix: "index-slow", retentionDays: profile.logRetentionDays },
      SEARCH_SLOW_LOGS: { suffix: "search-slow", retentionDays: profile.logRetentionDays },
      ...(audit ? { AUDIT_LOGS: { suffix: "audit", retentionDays: profile.auditLogRetentionDays, preventDestroy: profile.preventDestroy } } : {}),
    };
    const logGroups: Record<string, CloudwatchLogGroup> = {};
    for (const [logType, g] of Object.entries(logTypes)) {
      logGroups[logType] = encryptedLogGroup(this, `${g.suffix}-logs`, {
        name: `/aws/opensearch/${this.name}/${g.suffix}`,
        retentionDays: g.retentionDays,
        keyArn: ctx.logsKey.arn,
        preventDestroy: g.preventDestroy,
      });
    }
    this.logGroups = logGroups;
    // OpenSearch writes to CloudWatch Logs only where a resource policy lets
    // es.amazonaws.com do so, for this domain of this account only.
    const logPolicy = new DataAwsIamPolicyDocument(this, "log-policy-document", {
      statement: [
        {
          sid: "OpenSearchWritesLogs",
          principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
          actions: ["logs:PutLogEvents", "logs:CreateLogStream"],
          resources: Object.values(logGroups).map((g) => `${g.arn}:*`),
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [domainArn] },
          ],
        },
      ],
    });
    const resourcePolicy = new CloudwatchLogResourcePolicy(this, "log-policy", {
      policyName: `${this.name}-opensearch-logs`,
      policyDocument: logPolicy.json,
    });

    // The fine-grained access control master is an IAM role any principal of
    // the account may assume when its own IAM policy allows it.
    const adminTrust = new DataAwsIamPolicyDocument(this, "admin-trust", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [account.rootPrincipal] }] }],
    });
    this.adminRole = new IamRole(this, "admin-role", {
      name: fitName([this.name, "opensearch-admin"], NAMING_RULES.awsIamRole),
      assumeRolePolicy: adminTrust.json,
    });
    // Identity-based access to the account; fine-grained access control maps
    // IAM principals to OpenSearch roles inside.
    const accessPolicy = new DataAwsIamPolicyDocument(this, "access-policy", {
      statement: [{ sid: "AccountUsesDomain", principals: [{ type: "AWS", identifiers: [account.rootPrincipal] }], actions: ["es:ESHttp*"], resources: [`${domainArn}/*`] }],
    });
    const securityGroup = vpcOnlySecurityGroup(this, "security-group", {
      name: `${this.name}-opensearch`,
      description: `HTTPS from the VPC to the ${this.name} OpenSearch domain`,
      network,
      ports: [{ port: 443, why: "OpenSearch REST API over HTTPS" }],
    });
    const masters = search.dedicatedMasters ? MASTER_COUNT : 0;

    this.domain = new OpensearchDomain(this, "domain", {
      domainName: this.name,
      engineVersion: props.version ?? DEFAULT_OPENSEARCH_VERSION,
      clusterConfig: {
        instanceType: AWS_OPENSEARCH_DATA_NODE_TYPES[props.size ?? profile.nodes.size],
        instanceCount: search.dataNodes,
        zoneAwarenessEnabled: zones > 1,
        zoneAwarenessConfig: zones > 1 ? { availabilityZoneCount: zones } : undefined,
        dedicatedMasterEnabled: search.dedicatedMasters,
        dedicatedMasterType: search.dedicatedMasters ? AWS_OPENSEARCH_MASTER_NODE_TYPE : undefined,
        dedicatedMasterCount: search.dedicatedMasters ? MASTER_COUNT : undefined,
      },
      vpcOptions: { subnetIds: network.privateSubnets.slice(0, zones).map((s) => s.id), securityGroupIds: [securityGroup.id] },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: search.storageGiB },
      encryptAtRest: { enabled: true, kmsKeyId: key?.arn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: this.adminRole.arn },
      },
      logPublishingOptions: Object.entries(logGroups).map(([logType, g]) => ({ logType, cloudwatchLogGroupArn: g.arn, enabled: true })),
      snapshotOptions: { automatedSnapshotStartHour: OPENSEARCH_SNAPSHOT_HOUR },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      accessPolicies: accessPolicy.json,
      dependsOn: [resourcePolicy],
      lifecycle: { preventDestroy: profile.preventDestroy },
    });

    const alertContext = { domainName: this.name, accountId: account.accountId, search, masters, customerManagedKey: key !== undefined };
    const missingNodes = props.alerts?.["nodes-missing"]?.threshold;
    const expected = openSearchExpectedNodes(alertContext);
    if (typeof missingNodes === "number" && missingNodes >= expected) {
      problems.push(`\`search.alerts.nodes-missing.threshold\` is ${missingNodes}, but the domain has ${expected} nodes (${search.dataNodes} data + ${masters} master), so the alert could never fire; use 0 to ${expected - 1}`);
    }
    const observed = deployAwsComponentAlerts(this, ctx, {
      description: "OpenSearch Service domain",
      stateful: true,
      resourceName: this.name,
      component: OPENSEARCH_COMPONENT,
      prop: "search",
      bindings: openSearchAlertBindings(alertContext, ctx.runbookBaseUrl),
      overrides: props,
      panels: openSearchPanels(this.name, account.accountId, search.storageGiB),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** HTTPS endpoint of the domain. */
  public get endpoint(): string {
    return `https://${this.domain.endpoint}`;
  }
}
