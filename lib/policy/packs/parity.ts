import { environmentOf, neutralizeEnvironment } from "../../core/stack-environments";
import type { LogPipelineRecord } from "../../core/manifest";
import { attr, shown } from "../attributes";
import type { PolicyContext, PolicyRule, RuleViolation, StackView, SynthesizedResource } from "../types";

/**
 * Resource types that carry routing (channels, topics, subscriptions): their
 * number may differ between staging and prod.
 */
const ROUTING_RESOURCE_TYPES: readonly string[] = [
  "aws_sns_topic",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
  "google_monitoring_notification_channel",
  "google_pubsub_topic",
  "google_pubsub_subscription",
  "azurerm_monitor_action_group",
];

/** Attributes holding engines and versions, by resource type (top-level `engine`, `*version` are compared for every type). */
const VERSION_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_eks_node_group: ["ami_type"],
  aws_db_parameter_group: ["family"],
  aws_msk_configuration: ["kafka_versions"],
  google_container_cluster: ["release_channel.channel"],
  helm_release: ["chart"],
};

/** Types with engine or version attributes (`engine`, `*version`), compared by `parity/engine-versions`. */
const VERSIONED_RESOURCE_TYPES: readonly string[] = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_msk_cluster",
  "aws_opensearch_domain",
  "aws_elasticache_replication_group",
  "aws_eks_cluster",
  "aws_eks_addon",
  "aws_eks_node_group",
  "aws_grafana_workspace",
  "aws_synthetics_canary",
  "google_sql_database_instance",
  "google_container_cluster",
  "google_container_node_pool",
  "azurerm_kubernetes_cluster",
  "azurerm_kubernetes_cluster_node_pool",
  "azurerm_postgresql_flexible_server",
  "azurerm_cosmosdb_cassandra_cluster",
  "azurerm_dashboard_grafana",
  "helm_release",
];

/** Encryption, HA, zone and exposure settings that staging shares with prod, by resource type. */
const TOPOLOGY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["multi_az", "storage_encrypted", "publicly_accessible", "deletion_protection", "iam_database_authentication_enabled", "storage_type"],
  aws_rds_cluster: ["storage_encrypted", "deletion_protection", "availability_zones"],
  aws_msk_cluster: ["encryption_info.encryption_in_transit.client_broker", "encryption_info.encryption_in_transit.in_cluster", "client_authentication", "broker_node_group_info.client_subnets"],
  aws_opensearch_domain: [
    "cluster_config.zone_awareness_enabled",
    "cluster_config.zone_awareness_config.availability_zone_count",
    "cluster_config.dedicated_master_enabled",
    "encrypt_at_rest.enabled",
    "node_to_node_encryption.enabled",
    "domain_endpoint_options.enforce_https",
    "domain_endpoint_options.tls_security_policy",
    "advanced_security_options.enabled",
    "vpc_options.subnet_ids",
  ],
  aws_eks_cluster: ["vpc_config.endpoint_public_access", "vpc_config.endpoint_private_access", "encryption_config", "enabled_cluster_log_types", "access_config.authentication_mode"],
  aws_keyspaces_table: ["point_in_time_recovery.status", "encryption_specification.type"],
  aws_keyspaces_keyspace: ["replication_specification"],
  aws_nat_gateway: ["subnet_id"],
  google_sql_database_instance: ["settings.availability_type", "settings.ip_configuration.ipv4_enabled", "settings.ip_configuration.ssl_mode", "settings.backup_configuration.point_in_time_recovery_enabled"],
  google_container_cluster: ["location", "private_cluster_config.enable_private_nodes", "private_cluster_config.enable_private_endpoint", "workload_identity_config?", "datapath_provider", "database_encryption.state"],
  google_container_node_pool: ["node_locations"],
  azurerm_kubernetes_cluster: [
    "private_cluster_enabled",
    "default_node_pool.zones",
    "default_node_pool.host_encryption_enabled",
    "azure_active_directory_role_based_access_control",
    "workload_identity_enabled",
    "identity.type",
    "key_management_service?",
  ],
  azurerm_kubernetes_cluster_node_pool: ["zones", "host_encryption_enabled"],
  azurerm_nat_gateway: ["zones"],
  azurerm_key_vault: ["purge_protection_enabled", "rbac_authorization_enabled"],
  // Geo-redundant backup storage is how long and where backups are kept (retention), prod's alone: not topology.
  azurerm_postgresql_flexible_server: ["high_availability.mode", "zone", "public_network_access_enabled"],
  azurerm_eventhub_namespace: ["minimum_tls_version", "public_network_access_enabled", "local_authentication_enabled"],
  azurerm_cosmosdb_cassandra_datacenter: ["availability_zones_enabled"],
};

/** A resource's path below its stack, which is the same in every environment of a target. */
const relativePath = (r: SynthesizedResource) => r.path.split("/").slice(1).join("/");

function pairs(staging: StackView, prod: StackView): Array<[SynthesizedResource, SynthesizedResource]> {
  const prodByPath = new Map(prod.resources.map((r) => [relativePath(r), r]));
  return staging.resources.flatMap((r) => {
    const twin = prodByPath.get(relativePath(r));
    return twin && twin.type === r.type ? [[r, twin] as [SynthesizedResource, SynthesizedResource]] : [];
  });
}

/** A pair rule: compares a staging stack with the prod stack of the same target and layer. */
function pairRule(id: string, description: string, reads: readonly string[], compare: (staging: PolicyContext, prod: StackView) => RuleViolation[]): PolicyRule {
  return { id, pack: "parity", level: "error", description, subject: "stack-pair", reads, evaluate: (ctx) => (ctx.parityReference ? compare(ctx, ctx.parityReference) : []) };
}


/**
 * A value as compared across environments: the environment's own name in
 * names and ids (`checkout-staging-123456.svc.id.goog`) does not count as a
 * difference. A path ending in `?` compares only whether the value is set
 * (`workload_identity_config?`: on in both, whatever the project's pool).
 */
function comparable(r: SynthesizedResource, path: string, environment: string): string {
  if (path.endsWith("?")) return String(attr(r.attributes, path.slice(0, -1)) !== undefined);
  return neutralizeEnvironment(JSON.stringify(attr(r.attributes, path)) ?? "undefined", environment);
}

/** Findings for every attribute of `paths` whose values differ in a staging/prod pair. */
function differences(staging: PolicyContext, prod: StackView, pathsOf: (r: SynthesizedResource) => readonly string[], what: string): RuleViolation[] {
  return pairs(staging, prod).flatMap(([s, p]) =>
    pathsOf(s)
      .filter((path) => comparable(s, path, environmentOf(staging.id)) !== comparable(p, path, environmentOf(prod.id)))
      .map((path) => ({
        resource: s.path,
        address: s.address,
        message: `${s.address}: ${what} ${path.replace(/\?$/, "")} is ${shown(attr(s.attributes, path.replace(/\?$/, "")))} in ${staging.id} but ${shown(attr(p.attributes, path.replace(/\?$/, "")))} in ${prod.id}; staging keeps prod's ${what}, only size, retention and routing may differ`,
      })),
  );
}

const resourceCounts = pairRule("parity/resource-counts", "Staging deploys the same resources as prod (by type and count), routing resources aside.", [], (staging, prod) => {
  const count = (v: StackView) => v.resources.reduce((m, r) => m.set(r.type, (m.get(r.type) ?? 0) + 1), new Map<string, number>());
  const s = count(staging);
  const p = count(prod);
  const types = [...new Set([...s.keys(), ...p.keys()])].filter((t) => !ROUTING_RESOURCE_TYPES.includes(t) && (s.get(t) ?? 0) !== (p.get(t) ?? 0)).sort();
  return types.map((type) => {
    const only = (a: StackView, b: StackView) => {
      const paths = new Set(b.resources.filter((r) => r.type === type).map(relativePath));
      return a.resources.filter((r) => r.type === type && !paths.has(relativePath(r))).map(relativePath);
    };
    const extra = [...only(staging, prod).map((x) => `+${x}`), ...only(prod, staging).map((x) => `-${x}`)].slice(0, 5);
    return {
      resource: staging.id,
      message: `${type}: ${s.get(type) ?? 0} in ${staging.id} but ${p.get(type) ?? 0} in ${prod.id}${extra.length ? ` (${extra.join(", ")})` : ""}; deploy the same components in both, sized by the profile`,
    };
  });
});

const isVersionKey = (key: string) => key === "engine" || /(^|_)version$/.test(key);

const engineVersions = pairRule("parity/engine-versions", "Staging runs the same engines and versions as prod.", [...VERSIONED_RESOURCE_TYPES, ...Object.keys(VERSION_ATTRIBUTES)], (staging, prod) =>
  differences(staging, prod, (r) => [...Object.keys(r.attributes).filter(isVersionKey), ...(VERSION_ATTRIBUTES[r.type] ?? [])], "engine/version"),
);

const topology = pairRule("parity/topology", "Staging keeps prod's encryption, high availability, zones and exposure.", Object.keys(TOPOLOGY_ATTRIBUTES), (staging, prod) =>
  differences(staging, prod, (r) => TOPOLOGY_ATTRIBUTES[r.type] ?? [], "topology setting"),
);

/**
 * A log pipeline as staging must mirror it: collector, store, what it
 * collects, encryption and whether it archives. Retention days, the
 * archive's lock and its storage class (chosen by how long it keeps:
 * Deep Archive needs 180 days) are retention and protection, prod's own.
 */
function pipelineShape(p: LogPipelineRecord, environment: string): string {
  const shape = { target: p.target, collector: p.collector, store: p.store, namespaces: p.namespaces, systemLogs: p.systemLogs, encryption: p.encryption, archive: p.retention.archive ? "archived" : "none" };
  return neutralizeEnvironment(JSON.stringify(shape), environment);
}

const logPipeline = pairRule("parity/log-pipeline", "Staging collects, stores, encrypts and archives logs as prod does (only the days kept may differ).", [], (staging, prod) => {
  const shapes = (v: StackView) => (v.manifest.logPipelines ?? []).map((p) => pipelineShape(p, environmentOf(v.id))).sort();
  const s = shapes(staging);
  const p = shapes(prod);
  if (JSON.stringify(s) === JSON.stringify(p)) return [];
  const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  return [
    {
      resource: staging.id,
      message: `the log pipeline differs: ${staging.id} has ${only(s, p).join(", ") || "nothing else"}, ${prod.id} has ${only(p, s).join(", ") || "nothing else"}; staging keeps prod's log pipeline, only retention may differ`,
    },
  ];
});

/** The environment parity pack. */
export const PARITY_RULES: readonly PolicyRule[] = [resourceCounts, engineVersions, topology, logPipeline];
