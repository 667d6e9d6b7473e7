import { attr, blocks, isFalse, isSet, isTrue, referencedAddresses, refersTo, shown } from "../attributes";
import { ResourceCheck, resourceRule } from "../resource-rule";
import type { PolicyContext, PolicyRule, SynthesizedResource } from "../types";
import { cisMonitoringAlarms } from "./cis-monitoring";
import { subnetNetworkSecurityGroup } from "./subnet-security-group";
import { edgeEntryPoint } from "./edge-entry-point";

/** `attribute` must be true; `fix` says how. */
function mustBeTrue(path: string, fix: string): ResourceCheck {
  return (r) => (isTrue(attr(r.attributes, path)) ? undefined : `${path} is ${shown(attr(r.attributes, path))}; ${fix}`);
}

/** Some `azurerm_monitor_diagnostic_setting` must send the resource's logs somewhere. */
const azureDiagnostics: ResourceCheck = (r, ctx) =>
  ctx.resources.some((d) => d.type === "azurerm_monitor_diagnostic_setting" && refersTo(d.attributes.target_resource_id, r.address))
    ? undefined
    : `no azurerm_monitor_diagnostic_setting has target_resource_id = ${r.address}.id; add one sending its logs and metrics to the Log Analytics workspace`;

/** A publicly reachable Azure data service: public network access on (the default) and no deny-by-default network rules. */
function azurePublicNetwork(r: SynthesizedResource): string | undefined {
  const value = attr(r.attributes, "public_network_access_enabled");
  if (isFalse(value)) return undefined;
  if (r.type === "azurerm_postgresql_flexible_server" && value === undefined && isSet(r.attributes.delegated_subnet_id)) return undefined;
  if (r.type === "azurerm_eventhub_namespace" && attr(r.attributes, "network_rulesets.default_action") === "Deny") return undefined;
  return `public_network_access_enabled is ${shown(value)} (Azure's default is true); set it to false and reach the service through a private endpoint or VNet integration`;
}

/** A PostgreSQL / MySQL RDS instance must refuse unencrypted connections (`rds.force_ssl` / `require_secure_transport`). */
const rdsForcesTls: ResourceCheck = (r, ctx) => {
  const engine = String(r.attributes.engine ?? "");
  const setting = engine.includes("postgres") ? "rds.force_ssl" : engine.includes("mysql") || engine.includes("mariadb") ? "require_secure_transport" : undefined;
  if (!setting) return undefined;
  const group = referencedAddresses(r.attributes.parameter_group_name).map((a) => ctx.byAddress.get(a)).find((g) => g !== undefined);
  const value = group ? blocks(group.attributes.parameter).find((p) => p.name === setting)?.value : undefined;
  if (value !== undefined) return ["1", "ON", "on"].includes(String(value)) ? undefined : `its parameter group sets ${setting} = ${shown(value)}; set it to "1" so clients must use TLS`;
  // PostgreSQL 15 and later default rds.force_ssl to 1 (RDS user guide, "Using SSL with a PostgreSQL DB instance").
  const major = Number(String(r.attributes.engine_version ?? "").split(".")[0]);
  if (setting === "rds.force_ssl" && major >= 15) return undefined;
  return `${setting} is not set to 1 in its parameter group; add a parameter group with ${setting} = "1" so clients must use TLS`;
};

/** Statements of an IAM policy given as JSON text or as a reference to an `aws_iam_policy_document` data source. */
interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function statementsOf(policy: unknown, ctx: PolicyContext): Statement[] {
  const documents = referencedAddresses(policy).filter((a) => a.startsWith("data.aws_iam_policy_document."));
  if (documents.length > 0) {
    return documents.flatMap((a) =>
      blocks(ctx.byAddress.get(a)?.attributes.statement).map((s) => ({
        effect: String(s.effect ?? "Allow"),
        actions: list(s.actions),
        notActions: list(s.not_actions),
        resources: list(s.resources),
        notResources: list(s.not_resources),
      })),
    );
  }
  if (typeof policy !== "string" || policy.includes("${")) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    return blocks(doc.Statement).map((s) => ({
      effect: String(s.Effect ?? "Allow"),
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
    }));
  } catch {
    return [];
  }
}

/** `*` or a whole service (`s3:*`). */
const wildcardAction = (a: string) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a);

function wildcardStatements(policy: unknown, ctx: PolicyContext): string[] {
  return statementsOf(policy, ctx)
    .filter((s) => s.effect === "Allow")
    .filter((s) => (s.actions.some(wildcardAction) || s.notActions.length > 0) && (s.resources.includes("*") || s.notResources.length > 0))
    .map((s) => `allows ${s.notActions.length > 0 ? `every action but ${shown(s.notActions)}` : shown(s.actions.filter(wildcardAction))} on every resource; name the actions the identity needs and the ARNs it needs them on`);
}

const identityPolicy: ResourceCheck = (r, ctx) => wildcardStatements(r.attributes.policy, ctx);

const adminAttachment: ResourceCheck = (r) =>
  /:policy\/AdministratorAccess$/.test(String(r.attributes.policy_arn ?? ""))
    ? "attaches AdministratorAccess (every action on every resource); attach a policy naming the actions and resources the identity needs"
    : undefined;

/** Google basic roles grant every permission of most services. */
const googleBasicRole: ResourceCheck = (r) =>
  ["roles/owner", "roles/editor"].includes(String(r.attributes.role))
    ? `grants ${shown(r.attributes.role)}, a basic role with almost every permission; grant predefined roles for what the member does (e.g. roles/cloudsql.client)`
    : undefined;

const subscriptionScope = (scope: unknown) => typeof scope === "string" && /^\/subscriptions\/[^/]+\/?$|^\/providers\/Microsoft\.Management\/managementGroups\//.test(scope);

/** `security/encryption-at-rest` (error): AWS data stores, EBS and EFS volumes, launch templates' block devices and SNS topics encrypt at rest. */
const encryptionAtRest = resourceRule("security", {
  id: "security/encryption-at-rest",
  level: "error",
  description: "Data services encrypt their storage (where the cloud lets it be turned off).",
  checks: {
    aws_db_instance: mustBeTrue("storage_encrypted", "set storage_encrypted = true with a customer managed kms_key_id (it cannot be turned on later without a snapshot restore)"),
    aws_rds_cluster: mustBeTrue("storage_encrypted", "set storage_encrypted = true with a customer managed kms_key_id"),
    aws_opensearch_domain: mustBeTrue("encrypt_at_rest.enabled", "set encrypt_at_rest { enabled = true, kms_key_id = <key> }"),
    aws_elasticache_replication_group: mustBeTrue("at_rest_encryption_enabled", "set at_rest_encryption_enabled = true"),
    aws_ebs_volume: mustBeTrue("encrypted", "set encrypted = true"),
    aws_efs_file_system: mustBeTrue("encrypted", "set encrypted = true"),
    aws_sns_topic: (r) => (isSet(r.attributes.kms_master_key_id) ? undefined : "kms_master_key_id is unset (SNS stores messages unencrypted); set it to a KMS key the publishers may use"),
    aws_launch_template: (r) =>
      blocks(r.attributes.block_device_mappings)
        .filter((m) => !isTrue(attr(m, "ebs.encrypted")))
        .map((m) => `block device ${shown(m.device_name)} has ebs.encrypted = ${shown(attr(m, "ebs.encrypted"))}; set encrypted = "true"`),
  },
});

const encryptionInTransit = resourceRule("security", {
  id: "security/encryption-in-transit",
  level: "error",
  description: "Clients and nodes talk to data services over TLS only.",
  alsoReads: ["aws_db_parameter_group"],
  checks: {
    aws_msk_cluster: (r) => {
      const clientBroker = attr(r.attributes, "encryption_info.encryption_in_transit.client_broker");
      const inCluster = attr(r.attributes, "encryption_info.encryption_in_transit.in_cluster");
      return [
        ...(clientBroker === undefined || clientBroker === "TLS" ? [] : [`encryption_info.encryption_in_transit.client_broker is ${shown(clientBroker)}; set it to "TLS"`]),
        ...(isFalse(inCluster) ? ["encryption_info.encryption_in_transit.in_cluster is false; set it to true"] : []),
      ];
    },
    aws_opensearch_domain: (r) => [
      ...(isTrue(attr(r.attributes, "domain_endpoint_options.enforce_https")) ? [] : [`domain_endpoint_options.enforce_https is ${shown(attr(r.attributes, "domain_endpoint_options.enforce_https"))}; set it to true with tls_security_policy "Policy-Min-TLS-1-2-PFS-2023-10"`]),
      ...(isTrue(attr(r.attributes, "node_to_node_encryption.enabled")) ? [] : ["node_to_node_encryption.enabled is not true; set it to true"]),
    ],
    aws_db_instance: rdsForcesTls,
    aws_elasticache_replication_group: mustBeTrue("transit_encryption_enabled", "set transit_encryption_enabled = true"),
    google_sql_database_instance: (r) => {
      const mode = attr(r.attributes, "settings.ip_configuration.ssl_mode");
      return mode === "ENCRYPTED_ONLY" || mode === "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" ? undefined : `settings.ip_configuration.ssl_mode is ${shown(mode)}; set it to "ENCRYPTED_ONLY"`;
    },
    azurerm_postgresql_flexible_server_configuration: (r) =>
      r.attributes.name === "require_secure_transport" && String(r.attributes.value).toLowerCase() === "off" ? 'require_secure_transport is "off"; remove this configuration or set it to "on"' : undefined,
    azurerm_eventhub_namespace: (r) => {
      const tls = r.attributes.minimum_tls_version;
      return tls === undefined || Number(tls) >= 1.2 ? undefined : `minimum_tls_version is ${shown(tls)}; set it to "1.2"`;
    },
    azurerm_storage_account: (r) => [
      ...(isFalse(r.attributes.https_traffic_only_enabled) ? ["https_traffic_only_enabled is false; set it to true"] : []),
      ...(["TLS1_0", "TLS1_1"].includes(String(r.attributes.min_tls_version)) ? [`min_tls_version is ${shown(r.attributes.min_tls_version)}; set it to "TLS1_2"`] : []),
    ],
  },
});

const noPublicDataServices = resourceRule("security", {
  id: "security/no-public-data-services",
  level: "error",
  description: "Data services are reachable from private networks only.",
  checks: {
    aws_db_instance: (r) => (isTrue(r.attributes.publicly_accessible) ? "publicly_accessible is true; set it to false and connect from inside the VPC" : undefined),
    aws_rds_cluster_instance: (r) => (isTrue(r.attributes.publicly_accessible) ? "publicly_accessible is true; set it to false and connect from inside the VPC" : undefined),
    aws_opensearch_domain: (r) => (isSet(r.attributes.vpc_options) ? undefined : "vpc_options is unset, so the domain has a public endpoint; set vpc_options { subnet_ids, security_group_ids } to the private subnets"),
    aws_msk_cluster: (r) => {
      const type = attr(r.attributes, "broker_node_group_info.connectivity_info.public_access.type");
      return type === undefined || type === "DISABLED" ? undefined : `broker_node_group_info.connectivity_info.public_access.type is ${shown(type)}; set it to "DISABLED"`;
    },
    aws_s3_bucket_public_access_block: (r) =>
      ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].filter((k) => !isTrue(r.attributes[k])).map((k) => `${k} is ${shown(r.attributes[k])}; set it to true`),
    aws_s3_bucket_acl: (r) => (/^public-read/.test(String(r.attributes.acl)) ? `acl is ${shown(r.attributes.acl)}; remove the ACL (BucketOwnerEnforced) and share through a policy naming principals` : undefined),
    google_sql_database_instance: (r) => [
      ...(isFalse(attr(r.attributes, "settings.ip_configuration.ipv4_enabled")) ? [] : [`settings.ip_configuration.ipv4_enabled is ${shown(attr(r.attributes, "settings.ip_configuration.ipv4_enabled"))} (Cloud SQL's default is a public IP); set it to false and set private_network`]),
      ...blocks(attr(r.attributes, "settings.ip_configuration.authorized_networks")).filter((n) => n.value === "0.0.0.0/0").map(() => "an authorized network is 0.0.0.0/0; remove it"),
    ],
    google_storage_bucket: (r) => (r.attributes.public_access_prevention === "enforced" ? undefined : `public_access_prevention is ${shown(r.attributes.public_access_prevention)}; set it to "enforced"`),
    azurerm_postgresql_flexible_server: azurePublicNetwork,
    azurerm_eventhub_namespace: azurePublicNetwork,
    azurerm_storage_account: (r) => (isFalse(r.attributes.allow_nested_items_to_be_public) ? undefined : `allow_nested_items_to_be_public is ${shown(r.attributes.allow_nested_items_to_be_public)} (default true); set it to false`),
  },
});

const privateClusterEndpoint = resourceRule("security", {
  id: "security/private-cluster-endpoint",
  level: "error",
  description: "Outside dev, the Kubernetes API endpoint is private.",
  tiers: ["staging", "prod"],
  checks: {
    aws_eks_cluster: (r) => [
      ...(isFalse(attr(r.attributes, "vpc_config.endpoint_public_access")) ? [] : [`vpc_config.endpoint_public_access is ${shown(attr(r.attributes, "vpc_config.endpoint_public_access"))} (EKS's default is true); set it to false (profile clusterEndpoint.publicAccess)`]),
      ...(isTrue(attr(r.attributes, "vpc_config.endpoint_private_access")) ? [] : ["vpc_config.endpoint_private_access is not true; set it to true"]),
    ],
    google_container_cluster: (r) => {
      const nodes = attr(r.attributes, "private_cluster_config.enable_private_nodes");
      const privateEndpoint = isTrue(attr(r.attributes, "private_cluster_config.enable_private_endpoint")) || isFalse(attr(r.attributes, "control_plane_endpoints_config.ip_endpoints_config.enabled"));
      return [
        ...(isTrue(nodes) ? [] : [`private_cluster_config.enable_private_nodes is ${shown(nodes)}; set it to true`]),
        ...(privateEndpoint ? [] : ["the control plane has a public IP endpoint; set private_cluster_config.enable_private_endpoint = true (or control_plane_endpoints_config.ip_endpoints_config.enabled = false and use the DNS endpoint)"]),
      ];
    },
    azurerm_kubernetes_cluster: (r) => (isTrue(r.attributes.private_cluster_enabled) ? undefined : `private_cluster_enabled is ${shown(r.attributes.private_cluster_enabled)}; set it to true`),
  },
});

const leastPrivilege = resourceRule("security", {
  id: "security/least-privilege",
  level: "error",
  description: "No identity is allowed wildcard actions on wildcard resources (or an admin role).",
  alsoReads: ["data.aws_iam_policy_document"],
  checks: {
    aws_iam_policy: identityPolicy,
    aws_iam_role_policy: identityPolicy,
    aws_iam_user_policy: identityPolicy,
    aws_iam_group_policy: identityPolicy,
    aws_iam_role: (r, ctx) => blocks(r.attributes.inline_policy).flatMap((p) => wildcardStatements(p.policy, ctx)),
    aws_iam_role_policy_attachment: adminAttachment,
    aws_iam_user_policy_attachment: adminAttachment,
    aws_iam_group_policy_attachment: adminAttachment,
    aws_iam_policy_attachment: adminAttachment,
    google_project_iam_member: googleBasicRole,
    google_project_iam_binding: googleBasicRole,
    google_folder_iam_member: googleBasicRole,
    google_organization_iam_member: googleBasicRole,
    azurerm_role_assignment: (r) => {
      const role = String(r.attributes.role_definition_name ?? "");
      if (role === "Owner") return 'assigns "Owner"; assign a built-in role for the task (e.g. "Monitoring Reader") on the narrowest scope';
      return role === "Contributor" && subscriptionScope(r.attributes.scope) ? 'assigns "Contributor" on a whole subscription; assign a narrower role on the resource group or resource' : undefined;
    },
    azurerm_role_definition: (r) =>
      blocks(r.attributes.permissions).some((p) => list(p.actions).includes("*")) && list(r.attributes.assignable_scopes).some(subscriptionScope)
        ? 'permissions.actions contains "*" and is assignable on a subscription; list the actions the role needs'
        : undefined,
  },
});

const logging = resourceRule("security", {
  id: "security/logging",
  level: "error",
  description: "Control planes, data services and networks send their logs (audit, engine, flow logs) to the cloud's log service.",
  alsoReads: ["aws_flow_log", "azurerm_monitor_diagnostic_setting"],
  checks: {
    aws_eks_cluster: (r) => {
      const missing = ["api", "audit", "authenticator"].filter((t) => !(r.attributes.enabled_cluster_log_types as string[] | undefined)?.includes(t));
      return missing.length ? `enabled_cluster_log_types lacks ${missing.join(", ")}; enable the api, audit and authenticator control-plane logs` : undefined;
    },
    aws_db_instance: (r) => (isSet(r.attributes.enabled_cloudwatch_logs_exports) ? undefined : 'enabled_cloudwatch_logs_exports is empty; export the engine log (e.g. ["postgresql", "upgrade"])'),
    aws_msk_cluster: (r) => {
      const logs = attr(r.attributes, "logging_info.broker_logs");
      const on = ["cloudwatch_logs", "firehose", "s3"].some((d) => isTrue(attr(logs, `${d}.enabled`)));
      return on ? undefined : "logging_info.broker_logs sends broker logs nowhere; enable cloudwatch_logs with a log group";
    },
    aws_opensearch_domain: (r) =>
      blocks(r.attributes.log_publishing_options).some((o) => o.log_type === "ES_APPLICATION_LOGS" && !isFalse(o.enabled))
        ? undefined
        : "log_publishing_options has no enabled ES_APPLICATION_LOGS; publish the application (and audit) logs to CloudWatch Logs",
    aws_vpc: (r, ctx) =>
      ctx.resources.some((f) => f.type === "aws_flow_log" && refersTo(f.attributes.vpc_id, r.address)) ? undefined : `no aws_flow_log has vpc_id = ${r.address}.id; add a flow log (traffic_type "ALL")`,
    aws_cloudtrail: (r) => (isFalse(r.attributes.enable_logging) ? "enable_logging is false; set it to true" : undefined),
    aws_prometheus_workspace: (r) => (isSet(r.attributes.logging_configuration) ? undefined : "logging_configuration is unset, so rule and Alertmanager errors are lost; set logging_configuration { log_group_arn }"),
    google_container_cluster: (r) => {
      const components = attr(r.attributes, "logging_config.enable_components");
      if (r.attributes.logging_service === "none") return 'logging_service is "none"; remove it (Cloud Logging is the default)';
      return Array.isArray(components) && components.length === 0 ? 'logging_config.enable_components is empty; include at least "SYSTEM_COMPONENTS"' : undefined;
    },
    azurerm_kubernetes_cluster: azureDiagnostics,
    azurerm_postgresql_flexible_server: azureDiagnostics,
    azurerm_eventhub_namespace: azureDiagnostics,
    azurerm_cosmosdb_cassandra_cluster: azureDiagnostics,
  },
});

const clusterSecretsEncryption = resourceRule("security", {
  id: "security/cluster-secrets-encryption",
  level: "warning",
  description: "Kubernetes Secrets are envelope-encrypted with a key the team controls.",
  checks: {
    aws_eks_cluster: (r) =>
      blocks(r.attributes.encryption_config).some((c) => list(c.resources).includes("secrets") && isSet(attr(c, "provider.key_arn")))
        ? undefined
        : 'encryption_config does not cover "secrets" with a KMS key; set encryption_config { resources = ["secrets"], provider { key_arn } }',
    google_container_cluster: (r) =>
      attr(r.attributes, "database_encryption.state") === "ENCRYPTED" ? undefined : 'database_encryption.state is not "ENCRYPTED"; set database_encryption { state = "ENCRYPTED", key_name = <Cloud KMS key> }',
    azurerm_kubernetes_cluster: (r) =>
      isSet(attr(r.attributes, "key_management_service.key_vault_key_id")) ? undefined : "key_management_service is unset; set key_management_service { key_vault_key_id } (KMS etcd encryption)",
  },
});

/** pgAudit statement classes a prod PostgreSQL must log: DDL, role changes and writes (PCI DSS 10.2). */
const REQUIRED_PGAUDIT_CLASSES: readonly string[] = ["ddl", "role", "write"];

/** The classes a `pgaudit.log` value covers: `all` less any `-class`, or the classes listed. */
function pgauditClasses(value: unknown): Set<string> {
  const items = String(value ?? "").toLowerCase().split(",").map((c) => c.trim()).filter((c) => c.length > 0);
  const minus = new Set(items.filter((c) => c.startsWith("-")).map((c) => c.slice(1)));
  const plus = items.filter((c) => !c.startsWith("-"));
  const all = ["read", "write", "function", "role", "ddl", "misc", "misc_set"];
  return new Set((plus.includes("all") ? all : plus).filter((c) => !minus.has(c)));
}

/** A Cloud SQL PostgreSQL instance must load pgAudit and log DDL, role changes and writes. */
const cloudSqlPgaudit: ResourceCheck = (r) => {
  const version = r.attributes.database_version;
  if (typeof version === "string" && !version.startsWith("POSTGRES")) return undefined;
  const flags = new Map(blocks(attr(r.attributes, "settings.database_flags")).map((f) => [String(f.name), f.value]));
  const enabled = flags.get("cloudsql.enable_pgaudit");
  const missing = REQUIRED_PGAUDIT_CLASSES.filter((c) => !pgauditClasses(flags.get("pgaudit.log")).has(c));
  return [
    ...(String(enabled).toLowerCase() === "on" ? [] : [`database flag cloudsql.enable_pgaudit is ${shown(enabled)}; set it to "on" (and run CREATE EXTENSION pgaudit in each database)`]),
    ...(missing.length === 0 ? [] : [`database flag pgaudit.log is ${shown(flags.get("pgaudit.log"))}, which does not log ${missing.join(", ")}; set it to include "${REQUIRED_PGAUDIT_CLASSES.join(",")}"`]),
  ];
};

const databaseAuditLogging = resourceRule("security", {
  id: "security/database-audit-logging",
  level: "error",
  description: "Prod PostgreSQL records statement-level audit logs (pgAudit: DDL, role changes and writes), as PCI DSS 10.2 asks.",
  tiers: ["prod"],
  checks: { google_sql_database_instance: cloudSqlPgaudit },
});

/** The security pack. */
export const SECURITY_RULES: readonly PolicyRule[] = [encryptionAtRest, encryptionInTransit, noPublicDataServices, privateClusterEndpoint, leastPrivilege, logging, clusterSecretsEncryption, databaseAuditLogging, cisMonitoringAlarms, subnetNetworkSecurityGroup, edgeEntryPoint];
