// Which resources hold data (the shared table), and which argument changes replace them.
import { statefulReason as sharedStatefulReason } from "../core/stateful";
import type { SynthResource, SynthStack } from "./read-synth";

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

/**
 * Why `resource` holds data, or undefined: the table of `lib/core/stateful.ts`
 * (shared with the data-protection policy pack), a Helm release matched to the
 * stateful components recorded under its chart.
 */
export function statefulReason(resource: SynthResource, stack: SynthStack): string | undefined {
  return sharedStatefulReason({ type: resource.type, path: resource.path, attributes: resource.body }, stack.manifest.components);
}
