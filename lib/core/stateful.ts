// Which Terraform resources hold data that a destroy would lose, and what
// guards each: the one table behind the data-protection policy pack and the
// review commands (`vigil diff`, `vigil addresses`). Plain data and
// functions, no cdktf: the `vigil` bin loads this file.
import type { ComponentRecord } from "./manifest";

/** A guard besides `prevent_destroy` that a type offers; the data-protection rule of the same name requires it in prod. */
export type DataGuard = "deletion-protection" | "backups" | "final-snapshot";

/**
 * How `lifecycle.prevent_destroy` is asked for in prod:
 * `required` — `data-protection/prevent-destroy` (error);
 * `recommended` — `data-protection/prevent-destroy-recommended` (warning): Kubernetes clusters
 * and log workspaces, which can be rebuilt but lose their workloads' state or their logs.
 */
export type PreventDestroyPolicy = "required" | "recommended";

/** One resource type that holds data. */
export interface StatefulType {
  /** What a destroy loses, for messages (`a database instance`). */
  readonly holds: string;
  /** Whether prod must keep `prevent_destroy` on it. */
  readonly preventDestroy: PreventDestroyPolicy;
  /** Guards besides `prevent_destroy` the type offers (each required in prod). @default - none */
  readonly guards?: readonly DataGuard[];
  /**
   * When the type holds data only in some uses:
   * `kept` — only while it carries `prevent_destroy` (a log group of audit logs: its owner marks it);
   * `deploys-data` — only when it deploys a stateful in-cluster component (a `helm_release` whose
   * chart holds one, a `kubernetes_manifest` of an operator's data kind).
   * @default - always
   */
  readonly when?: "kept" | "deploys-data";
}

const DB: readonly DataGuard[] = ["deletion-protection", "backups", "final-snapshot"];

/**
 * Every resource type that holds data, by Terraform type. A KMS key counts: its
 * scheduled deletion makes everything it encrypted unreadable. Kubernetes
 * clusters count (their destroy takes every workload, secret and volume
 * attachment with it), with `prevent_destroy` recommended rather than required.
 */
export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  aws_db_instance: { holds: "a database instance", preventDestroy: "required", guards: DB },
  aws_rds_cluster: { holds: "a database cluster", preventDestroy: "required", guards: DB },
  aws_msk_cluster: { holds: "a Kafka cluster and its topics", preventDestroy: "required" },
  aws_opensearch_domain: { holds: "a search domain and its indices", preventDestroy: "required" },
  aws_elasticsearch_domain: { holds: "a search domain and its indices", preventDestroy: "required" },
  aws_keyspaces_keyspace: { holds: "a keyspace and its tables", preventDestroy: "required" },
  aws_keyspaces_table: { holds: "a table", preventDestroy: "required", guards: ["backups"] },
  aws_dynamodb_table: { holds: "a table", preventDestroy: "required", guards: ["deletion-protection", "backups"] },
  aws_efs_file_system: { holds: "a file system", preventDestroy: "required" },
  aws_ebs_volume: { holds: "a volume", preventDestroy: "required" },
  aws_s3_bucket: { holds: "a bucket and its objects", preventDestroy: "required" },
  aws_kms_key: { holds: "a key that encrypts data (deleted, the data is unreadable)", preventDestroy: "required" },
  aws_eks_cluster: { holds: "a Kubernetes cluster and its workloads", preventDestroy: "recommended" },
  aws_cloudwatch_log_group: { holds: "a log group kept under prevent_destroy (audit logs)", preventDestroy: "required", when: "kept" },
  google_sql_database_instance: { holds: "a database instance", preventDestroy: "required", guards: DB },
  google_sql_database: { holds: "a database", preventDestroy: "required" },
  google_managed_kafka_cluster: { holds: "a Kafka cluster and its topics", preventDestroy: "required" },
  google_managed_kafka_topic: { holds: "a Kafka topic", preventDestroy: "required" },
  google_storage_bucket: { holds: "a bucket and its objects", preventDestroy: "required" },
  google_kms_crypto_key: { holds: "a key that encrypts data (destroyed, the data is unreadable)", preventDestroy: "required" },
  google_container_cluster: { holds: "a Kubernetes cluster and its workloads", preventDestroy: "recommended" },
  azurerm_postgresql_flexible_server: { holds: "a database server", preventDestroy: "required", guards: ["deletion-protection", "backups"] },
  azurerm_postgresql_flexible_server_database: { holds: "a database", preventDestroy: "required" },
  azurerm_eventhub_namespace: { holds: "an Event Hubs namespace and its hubs", preventDestroy: "required", guards: ["deletion-protection"] },
  azurerm_eventhub: { holds: "an event hub (topic)", preventDestroy: "required" },
  azurerm_cosmosdb_cassandra_cluster: { holds: "a Cassandra cluster", preventDestroy: "required", guards: ["deletion-protection"] },
  azurerm_cosmosdb_cassandra_datacenter: { holds: "a Cassandra datacenter", preventDestroy: "required" },
  azurerm_storage_account: { holds: "a storage account", preventDestroy: "required" },
  azurerm_key_vault: { holds: "a key vault (its keys encrypt data)", preventDestroy: "required" },
  azurerm_key_vault_key: { holds: "a key (what it encrypts, such as AKS Secrets in etcd, becomes unreadable)", preventDestroy: "required" },
  azurerm_kubernetes_cluster: { holds: "a Kubernetes cluster and its workloads", preventDestroy: "recommended" },
  azurerm_log_analytics_workspace: { holds: "a log workspace (the cluster's audit logs among them)", preventDestroy: "recommended" },
  kubernetes_persistent_volume_claim: { holds: "a persistent volume claim", preventDestroy: "required" },
  kubernetes_persistent_volume_claim_v1: { holds: "a persistent volume claim", preventDestroy: "required" },
  kubernetes_persistent_volume: { holds: "a persistent volume", preventDestroy: "required" },
  kubernetes_persistent_volume_v1: { holds: "a persistent volume", preventDestroy: "required" },
  kubernetes_manifest: { holds: "an operator's data custom resource", preventDestroy: "required", when: "deploys-data" },
  helm_release: { holds: "a chart with stateful components", preventDestroy: "required", when: "deploys-data" },
};

/** Custom resources of the in-cluster operators that hold data, as `<API group>/<kind>` (CloudNativePG, Strimzi, K8ssandra, ECK). */
export const STATEFUL_KINDS: readonly string[] = [
  "postgresql.cnpg.io/Cluster",
  "kafka.strimzi.io/Kafka",
  "kafka.strimzi.io/KafkaNodePool",
  "k8ssandra.io/K8ssandraCluster",
  "elasticsearch.k8s.elastic.co/Elasticsearch",
];

/** Whether a Kubernetes object (`apiVersion`, `kind`) is one of {@link STATEFUL_KINDS}. */
export function isStatefulKind(apiVersion: unknown, kind: unknown): boolean {
  return STATEFUL_KINDS.includes(`${String(apiVersion ?? "").split("/")[0]}/${String(kind)}`);
}

/** A resource as both readers see it: the policy packs (resolved attributes) and the bin (`cdk.tf.json` body). */
export interface StatefulCandidate {
  /** Terraform resource type. */
  readonly type: string;
  /** Construct path (empty when unknown). */
  readonly path: string;
  /** Arguments as synthesized, `lifecycle` included. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** `lifecycle.prevent_destroy` is on. */
export function keptFromDestroy(attributes: Readonly<Record<string, unknown>>): boolean {
  const p = record(attributes.lifecycle)?.prevent_destroy;
  return p === true || p === "true";
}

/**
 * The stateful component a `helm_release` deploys: one the manifest records
 * below the release's chart (the release's parent construct, as
 * `ResourceChart` builds it). A release directly under a stack has no chart
 * construct and deploys none of the recorded components.
 */
export function componentDeployedBy(releasePath: string, components: readonly ComponentRecord[]): ComponentRecord | undefined {
  const segments = releasePath.split("/");
  if (segments.length < 3) return undefined;
  const chart = segments.slice(0, -1).join("/");
  return components.find((c) => c.stateful && c.path.startsWith(`${chart}/`));
}

/** The table entry of a resource that holds data, with why (for messages), or undefined. */
export function statefulEntry(resource: StatefulCandidate, components: readonly ComponentRecord[]): { readonly spec: StatefulType; readonly reason: string } | undefined {
  const spec = STATEFUL_TYPES[resource.type];
  if (!spec) return undefined;
  if (spec.when === "kept") return keptFromDestroy(resource.attributes) ? { spec, reason: spec.holds } : undefined;
  if (resource.type === "kubernetes_manifest") {
    const m = record(resource.attributes.manifest);
    return m && isStatefulKind(m.apiVersion, m.kind) ? { spec, reason: `it deploys ${String(m.kind)} ${JSON.stringify(record(m.metadata)?.name ?? "")}, an operator's data custom resource` } : undefined;
  }
  if (resource.type === "helm_release") {
    const component = componentDeployedBy(resource.path, components);
    return component ? { spec, reason: `it deploys the stateful ${component.component} component (${component.path})` } : undefined;
  }
  return { spec, reason: `${resource.type} holds data: ${spec.holds}` };
}

/** Why `resource` holds data, or undefined when it holds none. */
export function statefulReason(resource: StatefulCandidate, components: readonly ComponentRecord[]): string | undefined {
  return statefulEntry(resource, components)?.reason;
}
