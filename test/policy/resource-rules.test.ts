import { TerraformStack } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { EnvironmentTier } from "../../lib";
import { CIS_MONITORING_CONTROLS } from "../../lib/observability/cis-aws-monitoring";
import { POLICY_RULES } from "../../lib/policy/evaluate";
import { findingsOf, policyStack, RawResource } from "./support";

/** One rule case: a stack built by `build`, and whether the rule must report it (with `says` in the message). */
interface Case {
  readonly rule: string;
  readonly name: string;
  readonly tier?: EnvironmentTier;
  readonly build: (stack: TerraformStack) => void;
  readonly says?: string;
}

const postgres = (stack: TerraformStack, overrides: Partial<ConstructorParameters<typeof DbInstance>[2]> = {}) =>
  new DbInstance(stack, "db", {
    instanceClass: "db.m7g.large",
    engine: "postgres",
    engineVersion: "17",
    storageEncrypted: true,
    publiclyAccessible: false,
    enabledCloudwatchLogsExports: ["postgresql"],
    deletionProtection: true,
    backupRetentionPeriod: 35,
    finalSnapshotIdentifier: "orders-final",
    lifecycle: { preventDestroy: true },
    ...overrides,
  });

const eks = (stack: TerraformStack, publicAccess: boolean, extra: Partial<ConstructorParameters<typeof EksCluster>[2]> = {}) =>
  new EksCluster(stack, "cluster", {
    name: "c",
    roleArn: "arn:aws:iam::111122223333:role/c",
    vpcConfig: { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: publicAccess },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    ...extra,
  });

const rolePolicy = (stack: TerraformStack, actions: string[], resources: string[]) => {
  const doc = new DataAwsIamPolicyDocument(stack, "doc", { statement: [{ actions, resources }] });
  new IamRolePolicy(stack, "inline", { role: "r", policy: doc.json });
};

const msk = (stack: TerraformStack, clientBroker: string) =>
  new MskCluster(stack, "kafka", {
    clusterName: "k",
    kafkaVersion: "3.9.x",
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { clientSubnets: ["a", "b", "c"], instanceType: "kafka.m7g.large", securityGroups: ["sg"] },
    encryptionInfo: { encryptionInTransit: { clientBroker, inCluster: true } },
    loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "g" } } },
  });

const raw = (type: string, attributes: Record<string, unknown>, preventDestroy?: boolean) => (stack: TerraformStack) =>
  void new RawResource(stack, "r", type, attributes, preventDestroy === undefined ? undefined : { preventDestroy });

/**
 * A trail delivering to a log group with a filter and an alarm for every required CIS control,
 * less what `omit` names (the trail's log delivery, a control's filter or alarm).
 */
const cisTrail = (omit: { logs?: boolean; filter?: string; alarm?: string } = {}) => (stack: TerraformStack) => {
  new RawResource(stack, "group", "aws_cloudwatch_log_group", { name: "/aws/cloudtrail/t" });
  new RawResource(stack, "trail", "aws_cloudtrail", {
    name: "t",
    s3_bucket_name: "b",
    ...(omit.logs ? {} : { cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.group.arn}:*", cloud_watch_logs_role_arn: "${aws_iam_role.r.arn}" }),
  });
  for (const c of CIS_MONITORING_CONTROLS.filter((x) => !x.optional)) {
    if (omit.filter !== c.control) {
      new RawResource(stack, `filter-${c.id}`, "aws_cloudwatch_log_metric_filter", {
        name: c.id,
        log_group_name: "${aws_cloudwatch_log_group.group.name}",
        // The CIS benchmark's own spelling of CloudWatch.2 (spaces) matches as well.
        pattern: c.control === "CloudWatch.2" ? '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }' : c.pattern,
        metric_transformation: { name: c.id, namespace: "CISBenchmark", value: "1" },
      });
    }
    if (omit.alarm !== c.control) {
      new RawResource(stack, `alarm-${c.id}`, "aws_cloudwatch_metric_alarm", {
        alarm_name: c.id, metric_name: c.id, namespace: "CISBenchmark", statistic: "Sum", period: 300, evaluation_periods: 1,
        threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", alarm_actions: ["${aws_sns_topic.t.arn}"],
      });
    }
  }
};

const violating: Case[] = [
  { rule: "security/encryption-at-rest", name: "RDS storage not encrypted", build: (s) => postgres(s, { storageEncrypted: false }), says: "storage_encrypted is false" },
  { rule: "security/encryption-at-rest", name: "SNS topic without KMS key", build: raw("aws_sns_topic", { name: "t" }), says: "kms_master_key_id is unset" },
  { rule: "security/encryption-in-transit", name: "MSK accepting plaintext clients", build: (s) => msk(s, "TLS_PLAINTEXT"), says: 'client_broker is "TLS_PLAINTEXT"' },
  { rule: "security/encryption-in-transit", name: "PostgreSQL 14 on the default parameter group", build: (s) => postgres(s, { engineVersion: "14.12" }), says: "rds.force_ssl" },
  { rule: "security/encryption-in-transit", name: "Cloud SQL accepting unencrypted connections", build: raw("google_sql_database_instance", { settings: { tier: "db-custom-2-7680", ip_configuration: { ipv4_enabled: false, ssl_mode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } }), says: "ssl_mode" },
  { rule: "security/no-public-data-services", name: "public RDS instance", build: (s) => postgres(s, { publiclyAccessible: true }), says: "publicly_accessible is true" },
  { rule: "security/no-public-data-services", name: "Cloud SQL with a public IP (the default)", build: raw("google_sql_database_instance", { settings: { tier: "db-custom-2-7680", ip_configuration: { ssl_mode: "ENCRYPTED_ONLY" } } }), says: "ipv4_enabled is unset" },
  { rule: "security/no-public-data-services", name: "Azure PostgreSQL open to the internet", build: raw("azurerm_postgresql_flexible_server", { name: "pg", public_network_access_enabled: true }), says: "public_network_access_enabled is true" },
  { rule: "security/private-cluster-endpoint", name: "public EKS endpoint in staging", tier: "staging", build: (s) => eks(s, true), says: "endpoint_public_access is true" },
  { rule: "security/private-cluster-endpoint", name: "AKS without a private cluster in prod", build: raw("azurerm_kubernetes_cluster", { name: "aks" }), says: "private_cluster_enabled is unset" },
  { rule: "security/private-cluster-endpoint", name: "GKE with a public control plane in prod", build: raw("google_container_cluster", { name: "gke", private_cluster_config: { enable_private_nodes: true } }), says: "public IP endpoint" },
  { rule: "security/least-privilege", name: "inline policy allowing s3:* on *", build: (s) => rolePolicy(s, ["s3:*"], ["*"]), says: 'allows ["s3:*"] on every resource' },
  { rule: "security/least-privilege", name: "JSON policy allowing * on *", build: raw("aws_iam_policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }), says: 'allows ["*"]' },
  { rule: "security/least-privilege", name: "project editor on GCP", build: raw("google_project_iam_member", { project: "p", role: "roles/editor", member: "serviceAccount:x@p.iam.gserviceaccount.com" }), says: "basic role" },
  { rule: "security/least-privilege", name: "Owner on Azure", build: raw("azurerm_role_assignment", { scope: "/subscriptions/0000", role_definition_name: "Owner", principal_id: "x" }), says: '"Owner"' },
  { rule: "security/logging", name: "EKS without the audit log", build: (s) => eks(s, false, { enabledClusterLogTypes: ["api"] }), says: "lacks audit, authenticator" },
  { rule: "security/logging", name: "VPC without a flow log", build: raw("aws_vpc", { cidr_block: "10.0.0.0/16" }), says: "no aws_flow_log" },
  { rule: "security/logging", name: "AKS without diagnostic settings", build: raw("azurerm_kubernetes_cluster", { name: "aks", private_cluster_enabled: true }), says: "azurerm_monitor_diagnostic_setting" },
  { rule: "security/cluster-secrets-encryption", name: "EKS without secrets encryption", build: (s) => eks(s, false), says: "encryption_config" },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL PostgreSQL without pgAudit", build: raw("google_sql_database_instance", { database_version: "POSTGRES_17", settings: { tier: "x", database_flags: [{ name: "log_connections", value: "on" }] } }), says: "cloudsql.enable_pgaudit is unset" },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL with pgAudit logging reads only", build: raw("google_sql_database_instance", { database_version: "POSTGRES_17", settings: { tier: "x", database_flags: [{ name: "cloudsql.enable_pgaudit", value: "on" }, { name: "pgaudit.log", value: "read" }] } }), says: "does not log ddl, role, write" },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL logging all but writes", build: raw("google_sql_database_instance", { database_version: "POSTGRES_16", settings: { tier: "x", database_flags: [{ name: "cloudsql.enable_pgaudit", value: "on" }, { name: "pgaudit.log", value: "all,-write" }] } }), says: "does not log write" },
  { rule: "security/cis-monitoring-alarms", name: "prod trail not sending to CloudWatch Logs", build: cisTrail({ logs: true }), says: "cloud_watch_logs_group_arn is unset" },
  { rule: "security/cis-monitoring-alarms", name: "prod trail without the CloudTrail-changes filter", build: cisTrail({ filter: "CloudWatch.5" }), says: "no metric filter for CloudWatch.5 (CloudTrail configuration changes)" },
  { rule: "security/cis-monitoring-alarms", name: "prod trail whose root-usage filter has no alarm", build: cisTrail({ alarm: "CloudWatch.1" }), says: 'the metric filter for CloudWatch.1 (usage of the "root" user) has no aws_cloudwatch_metric_alarm' },
  { rule: "security/subnet-network-security-group", name: "Azure subnet without an NSG association", build: raw("azurerm_subnet", { name: "aks", address_prefixes: ["10.0.0.0/18"] }), says: "no azurerm_subnet_network_security_group_association" },
  { rule: "security/subnet-network-security-group", name: "Azure VNet with an inline subnet and no security_group", build: raw("azurerm_virtual_network", { name: "v", subnet: [{ name: "data", address_prefixes: ["10.0.1.0/24"] }] }), says: 'inline subnet "data" has no security_group' },
  { rule: "data-protection/deletion-protection", name: "prod RDS without deletion protection", build: (s) => postgres(s, { deletionProtection: false }), says: "deletion_protection is false" },
  { rule: "data-protection/deletion-protection", name: "prod Azure PostgreSQL without a lock", build: raw("azurerm_postgresql_flexible_server", { name: "pg", public_network_access_enabled: false }), says: "azurerm_management_lock" },
  { rule: "data-protection/backups", name: "prod RDS keeping 1 day of backups", build: (s) => postgres(s, { backupRetentionPeriod: 1 }), says: "backup_retention_period is 1" },
  { rule: "data-protection/backups", name: "prod Keyspaces table without PITR", build: raw("aws_keyspaces_table", { table_name: "t", point_in_time_recovery: { status: "DISABLED" } }), says: '"DISABLED"' },
  { rule: "data-protection/backups", name: "prod Cloud SQL without PITR", build: raw("google_sql_database_instance", { settings: { tier: "x", backup_configuration: { enabled: true } } }), says: "point_in_time_recovery_enabled" },
  { rule: "data-protection/final-snapshot", name: "prod RDS skipping the final snapshot", build: (s) => postgres(s, { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined }), says: "skip_final_snapshot is true" },
  { rule: "data-protection/prevent-destroy", name: "prod RDS without prevent_destroy", build: (s) => postgres(s, { lifecycle: { preventDestroy: false } }), says: "lifecycle.prevent_destroy" },
  { rule: "data-protection/prevent-destroy", name: "prod Event Hubs namespace without prevent_destroy", build: raw("azurerm_eventhub_namespace", { name: "eh", sku: "Premium" }), says: "lifecycle.prevent_destroy" },
  { rule: "data-protection/prevent-destroy", name: "prod CloudNativePG cluster without prevent_destroy", build: raw("kubernetes_manifest", { manifest: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster" } }), says: "lifecycle.prevent_destroy" },
  { rule: "data-protection/prevent-destroy-recommended", name: "prod AKS cluster without prevent_destroy", build: raw("azurerm_kubernetes_cluster", { name: "aks", private_cluster_enabled: true }), says: "lifecycle.prevent_destroy" },
];

const satisfying: Case[] = [
  { rule: "security/encryption-at-rest", name: "encrypted RDS", build: (s) => postgres(s) },
  { rule: "security/encryption-at-rest", name: "SNS topic with a KMS key", build: raw("aws_sns_topic", { name: "t", kms_master_key_id: "${aws_kms_key.k.arn}" }) },
  { rule: "security/encryption-in-transit", name: "MSK with TLS only", build: (s) => msk(s, "TLS") },
  { rule: "security/encryption-in-transit", name: "PostgreSQL 17 (rds.force_ssl defaults to 1)", build: (s) => postgres(s) },
  { rule: "security/encryption-in-transit", name: "Cloud SQL with ENCRYPTED_ONLY", build: raw("google_sql_database_instance", { settings: { tier: "x", ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" } } }) },
  { rule: "security/no-public-data-services", name: "private RDS", build: (s) => postgres(s) },
  { rule: "security/no-public-data-services", name: "Cloud SQL on private IP only", build: raw("google_sql_database_instance", { settings: { tier: "x", ip_configuration: { ipv4_enabled: false, private_network: "${google_compute_network.n.id}" } } }) },
  { rule: "security/no-public-data-services", name: "Azure PostgreSQL in a delegated subnet", build: raw("azurerm_postgresql_flexible_server", { name: "pg", delegated_subnet_id: "${azurerm_subnet.s.id}" }) },
  { rule: "security/private-cluster-endpoint", name: "private EKS endpoint in prod", build: (s) => eks(s, false) },
  { rule: "security/private-cluster-endpoint", name: "public EKS endpoint in dev", tier: "dev", build: (s) => eks(s, true) },
  { rule: "security/private-cluster-endpoint", name: "private AKS", build: raw("azurerm_kubernetes_cluster", { name: "aks", private_cluster_enabled: true }) },
  { rule: "security/least-privilege", name: "named actions on *", build: (s) => rolePolicy(s, ["logs:DescribeLogGroups"], ["*"]) },
  { rule: "security/least-privilege", name: "s3:* on one bucket", build: (s) => rolePolicy(s, ["s3:*"], ["arn:aws:s3:::b/*"]) },
  { rule: "security/least-privilege", name: "a predefined GCP role", build: raw("google_project_iam_member", { project: "p", role: "roles/cloudsql.client", member: "serviceAccount:x@p.iam.gserviceaccount.com" }) },
  { rule: "security/logging", name: "EKS with api, audit and authenticator logs", build: (s) => eks(s, false) },
  {
    rule: "security/logging",
    name: "VPC with a flow log",
    build: (s) => {
      new RawResource(s, "vpc", "aws_vpc", { cidr_block: "10.0.0.0/16" });
      new RawResource(s, "flow", "aws_flow_log", { vpc_id: "${aws_vpc.vpc.id}", traffic_type: "ALL" });
    },
  },
  {
    rule: "security/logging",
    name: "AKS with diagnostic settings",
    build: (s) => {
      new RawResource(s, "aks", "azurerm_kubernetes_cluster", { name: "aks", private_cluster_enabled: true });
      new RawResource(s, "diag", "azurerm_monitor_diagnostic_setting", { name: "d", target_resource_id: "${azurerm_kubernetes_cluster.aks.id}", log_analytics_workspace_id: "w" });
    },
  },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL with pgAudit on for DDL, role changes and writes", build: raw("google_sql_database_instance", { database_version: "POSTGRES_17", settings: { tier: "x", database_flags: [{ name: "cloudsql.enable_pgaudit", value: "on" }, { name: "pgaudit.log", value: "ddl,role,write" }] } }) },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL with pgAudit logging all", build: raw("google_sql_database_instance", { database_version: "POSTGRES_17", settings: { tier: "x", database_flags: [{ name: "cloudsql.enable_pgaudit", value: "on" }, { name: "pgaudit.log", value: "all" }] } }) },
  { rule: "security/database-audit-logging", name: "staging Cloud SQL without pgAudit (prod only)", tier: "staging", build: raw("google_sql_database_instance", { database_version: "POSTGRES_17", settings: { tier: "x" } }) },
  { rule: "security/database-audit-logging", name: "prod Cloud SQL for MySQL (pgAudit is PostgreSQL's)", build: raw("google_sql_database_instance", { database_version: "MYSQL_8_0", settings: { tier: "x" } }) },
  {
    rule: "security/subnet-network-security-group",
    name: "Azure subnet associated with an NSG",
    build: (s) => {
      new RawResource(s, "subnet", "azurerm_subnet", { name: "aks", address_prefixes: ["10.0.0.0/18"] });
      new RawResource(s, "nsg", "azurerm_network_security_group", { name: "n" });
      new RawResource(s, "assoc", "azurerm_subnet_network_security_group_association", { subnet_id: "${azurerm_subnet.subnet.id}", network_security_group_id: "${azurerm_network_security_group.nsg.id}" });
    },
  },
  { rule: "security/subnet-network-security-group", name: "Azure GatewaySubnet (NSGs are not supported there)", build: raw("azurerm_subnet", { name: "GatewaySubnet", address_prefixes: ["10.0.255.0/27"] }) },
  { rule: "security/subnet-network-security-group", name: "Azure VNet whose inline subnet has a security_group", build: raw("azurerm_virtual_network", { name: "v", subnet: [{ name: "data", address_prefixes: ["10.0.1.0/24"], security_group: "${azurerm_network_security_group.nsg.id}" }] }) },
  { rule: "security/cluster-secrets-encryption", name: "EKS with KMS-encrypted secrets", build: (s) => eks(s, false, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "${aws_kms_key.k.arn}" } } }) },
  { rule: "security/cis-monitoring-alarms", name: "prod trail with every CIS filter and an alarm on each (spelling of the pattern aside)", build: cisTrail() },
  { rule: "security/cis-monitoring-alarms", name: "staging trail without CloudWatch Logs (prod only)", tier: "staging", build: cisTrail({ logs: true }) },
  { rule: "data-protection/deletion-protection", name: "prod RDS with deletion protection", build: (s) => postgres(s) },
  { rule: "data-protection/deletion-protection", name: "dev RDS without deletion protection", tier: "dev", build: (s) => postgres(s, { deletionProtection: false }) },
  {
    rule: "data-protection/deletion-protection",
    name: "prod Azure PostgreSQL with a CanNotDelete lock",
    build: (s) => {
      new RawResource(s, "pg", "azurerm_postgresql_flexible_server", { name: "pg" });
      new RawResource(s, "lock", "azurerm_management_lock", { name: "l", scope: "${azurerm_postgresql_flexible_server.pg.id}", lock_level: "CanNotDelete" });
    },
  },
  { rule: "data-protection/backups", name: "prod RDS keeping 35 days", build: (s) => postgres(s) },
  { rule: "data-protection/backups", name: "prod Keyspaces table with PITR", build: raw("aws_keyspaces_table", { table_name: "t", point_in_time_recovery: { status: "ENABLED" } }) },
  { rule: "data-protection/final-snapshot", name: "prod RDS with a final snapshot", build: (s) => postgres(s) },
  { rule: "data-protection/prevent-destroy", name: "prod RDS with prevent_destroy", build: (s) => postgres(s) },
  { rule: "data-protection/prevent-destroy", name: "staging RDS without prevent_destroy", tier: "staging", build: (s) => postgres(s, { lifecycle: { preventDestroy: false } }) },
  { rule: "data-protection/prevent-destroy", name: "prod Event Hubs namespace with prevent_destroy", build: raw("azurerm_eventhub_namespace", { name: "eh" }, true) },
  { rule: "data-protection/prevent-destroy", name: "prod PrometheusRule manifest (not a data kind)", build: raw("kubernetes_manifest", { manifest: { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule" } }) },
  { rule: "data-protection/prevent-destroy-recommended", name: "prod AKS cluster with prevent_destroy", build: raw("azurerm_kubernetes_cluster", { name: "aks" }, true) },
  { rule: "data-protection/prevent-destroy-recommended", name: "staging GKE cluster without prevent_destroy", tier: "staging", build: raw("google_container_cluster", { name: "gke" }) },
  { rule: "data-protection/prevent-destroy", name: "prod Cluster API cluster (a \"Cluster\" of another group)", build: raw("kubernetes_manifest", { manifest: { apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster" } }) },
];

describe("resource rules", () => {
  test.each(violating.map((c) => [c.rule, c.name, c] as const))("%s reports: %s", (rule, _name, c) => {
    const stack = policyStack(c.tier ?? "prod");
    c.build(stack);
    const found = findingsOf(stack, rule);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].message).toContain(c.says!);
    // The message says what to change.
    expect(found[0].message).toMatch(/; (set|add|remove|keep|name|grant|assign|attach|include|enable|export|publish|deploy|list|use)/);
    expect(found[0].level).toBe(POLICY_RULES.find((r) => r.id === rule)!.level);
  });

  test.each(satisfying.map((c) => [c.rule, c.name, c] as const))("%s accepts: %s", (rule, _name, c) => {
    const stack = policyStack(c.tier ?? "prod");
    c.build(stack);
    expect(findingsOf(stack, rule)).toEqual([]);
  });

  test("every resource rule has a violating and a satisfying case", () => {
    const resourceRules = POLICY_RULES.filter((r) => r.subject === "resources").map((r) => r.id);
    expect(resourceRules.filter((id) => !violating.some((c) => c.rule === id))).toEqual([]);
    expect(resourceRules.filter((id) => !satisfying.some((c) => c.rule === id))).toEqual([]);
  });

  test("a finding names the resource by construct path", () => {
    const stack = policyStack("prod", "prod-aws-infra");
    postgres(stack, { publiclyAccessible: true });
    expect(findingsOf(stack, "security/no-public-data-services")[0]).toMatchObject({ resource: "prod-aws-infra/db", level: "error" });
  });
});
