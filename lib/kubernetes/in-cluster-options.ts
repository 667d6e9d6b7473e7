// Plain types of in-cluster placement, free of provider imports: a cloud
// platform's props name them without loading the Kubernetes or Helm provider.
import type { TerraformStack } from "cdktf";
import type { AlertmanagerDelivery } from "../observability/alertmanager-delivery";

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

/** Where and how a cloud platform runs components in its own cluster. */
export interface InClusterOptions {
  /**
   * The stack that reaches the platform's cluster through the Kubernetes and
   * Helm providers (`<env>-<target>-platform`): the platform puts there the
   * providers, the operators its in-cluster components need, and one
   * generated chart with their objects. It deploys after the platform's
   * stack, whose cluster it needs at plan time.
   */
  readonly stack: TerraformStack;
  /** Storage class of the data volumes. @default - the target's SSD class */
  readonly storageClassName?: string;
  /** Backups of the in-cluster data services. @default - none (a warning outside dev) */
  readonly backups?: InClusterBackups;
  /**
   * How the in-cluster Alertmanager (it delivers the alerts of the components
   * in the cluster to the platform's `notifications`) reaches the routed
   * channels that need more than the channel says: the SMTP relay for
   * email, Slack incoming webhooks, Telegram relays. Its secrets are
   * Kubernetes Secrets in the `monitoring` namespace, read from files.
   * @default - none: a routed channel that needs a detail fails synth, naming it
   */
  readonly delivery?: AlertmanagerDelivery;
}

