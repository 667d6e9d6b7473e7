// The one table of Terraform resource types that hold data: what a destroy
// loses, what guards each offers, and which argument changes replace it.
// Plain data, no cdktf: the `vigil` bin loads this file.
//
// Adding a type: give it `holds`, `preventDestroy` and `replacingArguments`
// (the provider's ForceNew / RequiresReplace arguments, from its source or the
// Terraform Registry page; `test/policy/stateful-table.test.ts` checks each
// argument against the provider binding). Forgetting a type fails closed: a
// component that records itself stateful with no resource of a listed type is
// an error of `data-protection/stateful-component`, and a type in neither this
// table nor STATELESS_TYPES (`stateless-types.ts`) fails
// `test/stacks/stateful-coverage.test.ts`.

/** A guard besides `prevent_destroy` that a type offers; the data-protection rule of the same name requires it in prod. */
export type DataGuard = "deletion-protection" | "backups" | "final-snapshot";

/**
 * How `lifecycle.prevent_destroy` is asked for in prod:
 * `required` — `data-protection/prevent-destroy` (error);
 * `recommended` — `data-protection/prevent-destroy-recommended` (warning).
 */
export type PreventDestroyPolicy = "required" | "recommended";

/**
 * When a type holds data only in some uses:
 * `kept` — only while it carries `prevent_destroy` (a log group or log bucket of audit logs: its owner marks it);
 * `data-kind` — a `kubernetes_manifest` of an operator's data kind ({@link STATEFUL_KINDS});
 * `stateful-chart` — a `helm_release` whose chart holds a component the manifest records as stateful;
 * `data-namespace` — a Kubernetes namespace labelled {@link DATA_NAMESPACE_LABEL}.
 */
type DataCondition = "kept" | "data-kind" | "stateful-chart" | "data-namespace";

/** A non-empty list: the type checker refuses `[]`. */
type NonEmptyList<T> = readonly [T, ...T[]];

/**
 * The statement that no argument of a type forces a new resource: only a
 * change of its Terraform address (a renamed or moved construct) replaces it.
 */
export const ONLY_ITS_ADDRESS = "only-its-address";

/** One resource type that holds data. */
export interface StatefulType {
  /** What a destroy loses, for messages (`a database instance`). */
  readonly holds: string;
  /** Whether prod must keep `prevent_destroy` on it. */
  readonly preventDestroy: PreventDestroyPolicy;
  /**
   * Arguments whose change makes Terraform destroy the resource and create it
   * anew (the provider's ForceNew / RequiresReplace arguments), as dotted
   * paths of the synthesized JSON (`broker_node_group_info.client_subnets`);
   * `vigil diff` flags a change to any of them as a replacement. Required and
   * non-empty, or {@link ONLY_ITS_ADDRESS} said outright: a type cannot be
   * added without deciding it.
   */
  readonly replacingArguments: NonEmptyList<string> | typeof ONLY_ITS_ADDRESS;
  /** Guards besides `prevent_destroy` the type offers (each required in prod). @default - none */
  readonly guards?: readonly DataGuard[];
  /** When the type holds data only in some uses. @default - always */
  readonly when?: DataCondition;
}

/** Label of a namespace that holds a service's data custom resources (set by `KubernetesPlatform`). */
export const DATA_NAMESPACE_LABEL = { key: "vigil.dev/role", value: "data" } as const;

const DB: readonly DataGuard[] = ["deletion-protection", "backups", "final-snapshot"];
const K8S_NAMESPACED = ["metadata.name", "metadata.namespace", "metadata.generate_name"] as const;
const PVC: NonEmptyList<string> = [...K8S_NAMESPACED, "spec.access_modes", "spec.resources.limits", "spec.selector", "spec.volume_name", "spec.storage_class_name"];
const PV: NonEmptyList<string> = ["metadata.name", "spec.persistent_volume_source", "spec.volume_mode"];
const NAMESPACE: NonEmptyList<string> = ["metadata.name", "metadata.generate_name"];
const LOG_WORKSPACE = "a log workspace (the cluster's audit logs among them)";

/**
 * Every resource type that holds data, by Terraform type. A KMS key counts: its
 * scheduled deletion makes everything it encrypted unreadable. Kubernetes
 * clusters count (their destroy takes every workload, secret and volume
 * attachment with it), with `prevent_destroy` recommended rather than required.
 *
 * Replacing arguments, from the providers' schemas (ForceNew) — AWS
 * `internal/service/<svc>/*.go`, Google `google/services/*`, Kubernetes
 * `kubernetes/schema_metadata.go`, `schema_persistent_volume_claim.go`,
 * `manifest/provider/plan.go`, Helm `helm/resource_helm_release.go`) — and the
 * AzureRM Registry pages ("Changing this forces a new resource to be created").
 */
export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  aws_db_instance: {
    holds: "a database instance",
    preventDestroy: "required",
    guards: DB,
    replacingArguments: ["identifier", "identifier_prefix", "engine", "kms_key_id", "storage_encrypted", "db_name", "username", "availability_zone", "character_set_name", "nchar_character_set_name", "timezone", "snapshot_identifier", "restore_to_point_in_time", "custom_iam_instance_profile"],
  },
  aws_rds_cluster: { holds: "a database cluster", preventDestroy: "required", guards: DB, replacingArguments: ["cluster_identifier", "engine", "kms_key_id", "storage_encrypted", "database_name", "master_username"] },
  aws_msk_cluster: {
    holds: "a Kafka cluster and its topics",
    preventDestroy: "required",
    replacingArguments: ["cluster_name", "broker_node_group_info.client_subnets", "broker_node_group_info.security_groups", "broker_node_group_info.az_distribution", "encryption_info.encryption_at_rest_kms_key_arn", "encryption_info.encryption_in_transit.in_cluster"],
  },
  aws_opensearch_domain: { holds: "a search domain and its indices", preventDestroy: "required", replacingArguments: ["domain_name"] },
  aws_elasticsearch_domain: { holds: "a search domain and its indices", preventDestroy: "required", replacingArguments: ["domain_name"] },
  aws_keyspaces_keyspace: { holds: "a keyspace and its tables", preventDestroy: "required", replacingArguments: ["name"] },
  aws_keyspaces_table: { holds: "a table", preventDestroy: "required", guards: ["backups"], replacingArguments: ["keyspace_name", "table_name"] },
  aws_dynamodb_table: {
    holds: "a table",
    preventDestroy: "required",
    guards: ["deletion-protection", "backups"],
    replacingArguments: ["name", "hash_key", "range_key", "local_secondary_index", "restore_source_name", "restore_date_time", "restore_to_latest_time"],
  },
  aws_efs_file_system: { holds: "a file system", preventDestroy: "required", replacingArguments: ["creation_token", "encrypted", "kms_key_id", "performance_mode", "availability_zone_name"] },
  aws_ebs_volume: { holds: "a volume", preventDestroy: "required", replacingArguments: ["availability_zone", "encrypted", "kms_key_id", "snapshot_id", "outpost_arn", "multi_attach_enabled"] },
  aws_s3_bucket: { holds: "a bucket and its objects", preventDestroy: "required", replacingArguments: ["bucket", "bucket_prefix"] },
  aws_kms_key: {
    holds: "a key that encrypts data (deleted, the data is unreadable)",
    preventDestroy: "required",
    replacingArguments: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  },
  aws_eks_cluster: {
    holds: "a Kubernetes cluster and its workloads",
    preventDestroy: "recommended",
    // `encryption_config`: removing it replaces the cluster (CustomizeDiff); a changed key cannot be applied either.
    replacingArguments: ["name", "role_arn", "bootstrap_self_managed_addons", "access_config.bootstrap_cluster_creator_admin_permissions", "kubernetes_network_config.ip_family", "kubernetes_network_config.service_ipv4_cidr", "encryption_config"],
  },
  aws_cloudwatch_log_group: { holds: "a log group kept under prevent_destroy (audit logs)", preventDestroy: "required", when: "kept", replacingArguments: ["name", "name_prefix"] },
  google_sql_database_instance: { holds: "a database instance", preventDestroy: "required", guards: DB, replacingArguments: ["name", "project", "region", "encryption_key_name", "master_instance_name"] },
  google_sql_database: { holds: "a database", preventDestroy: "required", replacingArguments: ["name", "instance", "project"] },
  google_managed_kafka_cluster: { holds: "a Kafka cluster and its topics", preventDestroy: "required", replacingArguments: ["cluster_id", "location", "project"] },
  google_managed_kafka_topic: { holds: "a Kafka topic", preventDestroy: "required", replacingArguments: ["topic_id", "cluster", "location", "project"] },
  google_storage_bucket: { holds: "a bucket and its objects", preventDestroy: "required", replacingArguments: ["name", "location", "project"] },
  google_kms_crypto_key: {
    holds: "a key that encrypts data (destroyed, the data is unreadable)",
    preventDestroy: "required",
    replacingArguments: ["name", "key_ring", "purpose", "import_only", "destroy_scheduled_duration", "crypto_key_backend", "version_template.protection_level"],
  },
  google_container_cluster: { holds: "a Kubernetes cluster and its workloads", preventDestroy: "recommended", replacingArguments: ["name", "location", "project"] },
  google_logging_project_bucket_config: { holds: "a log bucket kept under prevent_destroy (audit and workload logs)", preventDestroy: "required", when: "kept", replacingArguments: ["bucket_id", "location", "project"] },
  azurerm_postgresql_flexible_server: {
    holds: "a database server",
    preventDestroy: "required",
    guards: ["deletion-protection", "backups"],
    // `version` replaces unless `create_mode` is "Update" (an in-place major upgrade): flagged so that a reviewer checks which.
    replacingArguments: ["name", "resource_group_name", "location", "administrator_login", "create_mode", "delegated_subnet_id", "customer_managed_key", "geo_redundant_backup_enabled", "point_in_time_restore_time_in_utc", "source_server_id", "version"],
  },
  azurerm_postgresql_flexible_server_database: { holds: "a database", preventDestroy: "required", replacingArguments: ["name", "server_id", "charset", "collation"] },
  azurerm_eventhub_namespace: {
    holds: "an Event Hubs namespace and its hubs",
    preventDestroy: "required",
    guards: ["deletion-protection"],
    // `sku`: moving to or from Premium replaces the namespace.
    replacingArguments: ["name", "resource_group_name", "location", "dedicated_cluster_id", "sku"],
  },
  azurerm_eventhub: { holds: "an event hub (topic)", preventDestroy: "required", replacingArguments: ["name", "namespace_id"] },
  azurerm_cosmosdb_cassandra_cluster: { holds: "a Cassandra cluster", preventDestroy: "required", guards: ["deletion-protection"], replacingArguments: ["name", "resource_group_name", "location", "delegated_management_subnet_id"] },
  azurerm_cosmosdb_cassandra_datacenter: { holds: "a Cassandra datacenter", preventDestroy: "required", replacingArguments: ["name", "cassandra_cluster_id", "location", "delegated_management_subnet_id"] },
  azurerm_storage_account: {
    holds: "a storage account",
    preventDestroy: "required",
    replacingArguments: ["name", "resource_group_name", "location", "account_tier", "edge_zone", "is_hns_enabled", "nfsv3_enabled", "infrastructure_encryption_enabled", "queue_encryption_key_type", "table_encryption_key_type", "immutability_policy", "dns_endpoint_type"],
  },
  azurerm_storage_container: { holds: "a blob container (the immutable log archive)", preventDestroy: "required", replacingArguments: ["name", "storage_account_id", "storage_account_name"] },
  azurerm_key_vault: { holds: "a key vault (its keys encrypt data)", preventDestroy: "required", replacingArguments: ["name", "resource_group_name", "location"] },
  azurerm_key_vault_key: { holds: "a key (what it encrypts, such as AKS Secrets in etcd, becomes unreadable)", preventDestroy: "required", replacingArguments: ["name", "key_vault_id", "key_type", "key_size", "curve"] },
  azurerm_kubernetes_cluster: {
    holds: "a Kubernetes cluster and its workloads",
    preventDestroy: "recommended",
    replacingArguments: ["name", "resource_group_name", "location", "dns_prefix", "dns_prefix_private_cluster", "disk_encryption_set_id", "edge_zone", "node_resource_group", "private_cluster_enabled", "private_dns_zone_id", "role_based_access_control_enabled"],
  },
  azurerm_log_analytics_workspace: { holds: LOG_WORKSPACE, preventDestroy: "recommended", replacingArguments: ["name", "resource_group_name", "location"] },
  kubernetes_persistent_volume_claim: { holds: "a persistent volume claim", preventDestroy: "required", replacingArguments: PVC },
  kubernetes_persistent_volume_claim_v1: { holds: "a persistent volume claim", preventDestroy: "required", replacingArguments: PVC },
  kubernetes_persistent_volume: { holds: "a persistent volume", preventDestroy: "required", replacingArguments: PV },
  kubernetes_persistent_volume_v1: { holds: "a persistent volume", preventDestroy: "required", replacingArguments: PV },
  // A data namespace's destroy deletes the operators' data custom resources in it, and with them their volume claims.
  // Recommended, not required, while Vigil's own data namespaces (KubernetesPlatform) carry no prevent_destroy: raise it once they do.
  kubernetes_namespace: { holds: "a namespace of data custom resources", preventDestroy: "recommended", when: "data-namespace", replacingArguments: NAMESPACE },
  kubernetes_namespace_v1: { holds: "a namespace of data custom resources", preventDestroy: "recommended", when: "data-namespace", replacingArguments: NAMESPACE },
  kubernetes_manifest: {
    holds: "an operator's data custom resource",
    preventDestroy: "required",
    when: "data-kind",
    replacingArguments: ["manifest.apiVersion", "manifest.kind", "manifest.metadata.name", "manifest.metadata.namespace"],
  },
  helm_release: { holds: "a chart with stateful components", preventDestroy: "required", when: "stateful-chart", replacingArguments: ["name", "namespace"] },
};

/** Custom resources of the in-cluster operators that hold data, as `<API group>/<kind>` (CloudNativePG, Strimzi, K8ssandra, ECK). */
export const STATEFUL_KINDS: readonly string[] = [
  "postgresql.cnpg.io/Cluster",
  "kafka.strimzi.io/Kafka",
  "kafka.strimzi.io/KafkaNodePool",
  "k8ssandra.io/K8ssandraCluster",
  "elasticsearch.k8s.elastic.co/Elasticsearch",
];

/** The replacing arguments of a type (none when it is not in `table`, or only its address replaces it). */
export function replacingArgumentsOf(type: string, table: Readonly<Record<string, StatefulType>> = STATEFUL_TYPES): readonly string[] {
  const args = table[type]?.replacingArguments;
  return args === undefined || args === ONLY_ITS_ADDRESS ? [] : args;
}
