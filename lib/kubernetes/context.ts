import type { IConstruct } from "constructs";
import type { EnvironmentProfile } from "../core/environment";
import type { NotificationRouting } from "../observability/routing";
import type { ResourceChart } from "./chart";

/** Kinds of object store the in-cluster data services back up to. */
export type ObjectStoreProvider = "s3" | "gcs" | "azure_blobs" | "s3_compatible";

/** Object storage a data service backs up to (S3, GCS or Azure Blob through the operator's own client). */
export interface ObjectStoreBackup {
  /** Destination, e.g. `s3://checkout-backups/postgres` (CloudNativePG) or the bucket name (Medusa). */
  readonly destination: string;
  /** Kubernetes Secret, in the data namespace, holding the store's credentials (created by the user, never by Vigil). */
  readonly credentialsSecret: string;
  /**
   * Kind of store: Amazon S3, Google Cloud Storage, Azure Blob Storage, or
   * another S3-compatible store. Each operator gets it in its own terms
   * (Medusa's `storageProvider` calls GCS `google_storage`).
   * @default "s3"
   */
  readonly provider?: ObjectStoreProvider;
  /** Region of the bucket, where the provider needs one. @default - the provider's default */
  readonly region?: string;
}

/** Backups of the in-cluster data services; a component without one keeps only its replicas. */
export interface InClusterBackups {
  /** CloudNativePG base backups and WAL archive (barmanObjectStore). @default - no backups; a warning outside dev */
  readonly postgres?: ObjectStoreBackup;
  /** Medusa backups of K8ssandraCluster. @default - no backups; a warning outside dev */
  readonly cassandra?: ObjectStoreBackup;
}

/**
 * What the in-cluster engines (Strimzi, K8ssandra, ECK, CloudNativePG) need:
 * a chart to put their custom resources in, a profile and where runbooks
 * live. A cloud target whose cloud has no managed service (Cassandra on GCP,
 * Elasticsearch on Azure) builds one from its own cluster and calls the same
 * engine functions.
 */
export interface InClusterContext {
  /** Environment profile (sizes, HA, retention). */
  readonly profile: EnvironmentProfile;
  /** Chart the engine adds its objects to. */
  readonly chart: ResourceChart;
  /** Notification routing: runbook base URL (`<base>/<component>/<alert-id>.md`) and the routes recorded in the manifest. */
  readonly routing: NotificationRouting;
  /** Namespace the data service runs in. */
  readonly namespace: string;
  /** Storage class of the data volumes. @default - the cluster's default storage class */
  readonly storageClassName?: string;
  /** Backup destinations. @default - none */
  readonly backups?: InClusterBackups;
}

/**
 * An in-cluster engine: builds a component's objects into the context's
 * chart and returns its handle and the problems found. `scope` carries
 * warnings (e.g. no backups); the caller reports the problems on it.
 */
export type InClusterEngine<P, H> = (ctx: InClusterContext, scope: IConstruct, service: string, props: P) => { handle: H; problems: string[] };
