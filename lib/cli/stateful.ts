// Which resources hold data, and which argument changes replace them.
import type { SynthResource, SynthStack } from "./read-synth";

/**
 * Resource types whose destroy loses data (databases, clusters, topics,
 * keyspaces, search domains, buckets, keys that encrypt data, audit logs).
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_msk_cluster",
  "aws_keyspaces_keyspace",
  "aws_keyspaces_table",
  "aws_opensearch_domain",
  "aws_s3_bucket",
  "aws_eks_cluster",
  // Scheduled deletion of a key makes everything it encrypted unreadable.
  "aws_kms_key",
  "aws_dynamodb_table",
  "aws_efs_file_system",
  "google_sql_database_instance",
  "google_sql_database",
  "google_container_cluster",
  "google_managed_kafka_cluster",
  "google_managed_kafka_topic",
  "google_storage_bucket",
  "google_kms_crypto_key",
  "azurerm_postgresql_flexible_server",
  "azurerm_postgresql_flexible_server_database",
  "azurerm_kubernetes_cluster",
  "azurerm_eventhub_namespace",
  "azurerm_eventhub",
  "azurerm_cosmosdb_cassandra_cluster",
  "azurerm_cosmosdb_cassandra_datacenter",
  "azurerm_storage_account",
  "azurerm_log_analytics_workspace",
  "azurerm_key_vault",
  "kubernetes_persistent_volume_claim",
  "kubernetes_persistent_volume_claim_v1",
  "kubernetes_persistent_volume",
  "kubernetes_persistent_volume_v1",
]);

/**
 * Arguments whose change makes Terraform replace the resource (the
 * providers' "Forces new resource" / ForceNew arguments, from the Terraform
 * Registry documentation of each resource), for the main stateful types.
 * A name change replaces nearly every cloud resource; the rest are the
 * engine and encryption settings that cannot change in place.
 */
export const REPLACING_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["identifier", "engine", "kms_key_id", "storage_encrypted", "db_name", "username", "availability_zone"],
  aws_rds_cluster: ["cluster_identifier", "engine", "kms_key_id", "storage_encrypted", "database_name", "master_username"],
  aws_msk_cluster: ["cluster_name", "encryption_info.encryption_at_rest_kms_key_arn", "broker_node_group_info.client_subnets"],
  aws_keyspaces_keyspace: ["name"],
  aws_keyspaces_table: ["keyspace_name", "table_name"],
  aws_opensearch_domain: ["domain_name"],
  aws_s3_bucket: ["bucket", "bucket_prefix"],
  aws_eks_cluster: ["name"],
  aws_kms_key: ["customer_master_key_spec", "key_usage"],
  aws_cloudwatch_log_group: ["name", "name_prefix"],
  google_sql_database_instance: ["name", "region", "encryption_key_name", "master_instance_name"],
  google_container_cluster: ["name", "location"],
  google_managed_kafka_cluster: ["cluster_id", "location"],
  google_managed_kafka_topic: ["topic_id", "cluster", "location"],
  google_storage_bucket: ["name", "location"],
  azurerm_postgresql_flexible_server: ["name", "resource_group_name", "location"],
  azurerm_kubernetes_cluster: ["name", "resource_group_name", "location"],
  azurerm_eventhub_namespace: ["name", "resource_group_name", "location"],
  azurerm_eventhub: ["name", "namespace_id"],
  azurerm_cosmosdb_cassandra_cluster: ["name", "resource_group_name", "location"],
  azurerm_cosmosdb_cassandra_datacenter: ["name", "cassandra_cluster_id", "location"],
  azurerm_storage_account: ["name", "resource_group_name", "location"],
  azurerm_log_analytics_workspace: ["name", "resource_group_name"],
};

/** Types that deploy whatever a chart or manifest holds: stateful when they deploy a stateful component. */
const CONTAINER_TYPES = new Set(["helm_release", "kubernetes_manifest"]);

/**
 * Why `resource` holds data, or undefined. Besides {@link STATEFUL_TYPES}:
 * audit log groups kept under `prevent_destroy`, and a Helm release or
 * manifest that deploys a component the Vigil manifest records as stateful
 * (the in-cluster Kafka, Cassandra, Elasticsearch and PostgreSQL).
 */
export function statefulReason(resource: SynthResource, stack: SynthStack): string | undefined {
  if (STATEFUL_TYPES.has(resource.type)) return `${resource.type} holds data`;
  const lifecycle = resource.body.lifecycle as { prevent_destroy?: unknown } | undefined;
  if (resource.type === "aws_cloudwatch_log_group" && lifecycle?.prevent_destroy === true) return "a log group kept under prevent_destroy (audit logs)";
  if (CONTAINER_TYPES.has(resource.type) && resource.path) {
    const parent = resource.path.slice(0, resource.path.lastIndexOf("/") + 1);
    const component = stack.manifest.components.find((c) => c.stateful && (c.path.startsWith(parent) || c.path.startsWith(`${resource.path}/`)));
    if (component) return `it deploys the stateful ${component.component} component (${component.path})`;
  }
  return undefined;
}
