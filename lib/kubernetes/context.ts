import type { IConstruct } from "constructs";
import type { EnvironmentProfile } from "../core/environment";
import type { NotificationRouting } from "../observability/routing";
import type { ResourceChart } from "./chart";
import type { InClusterBackups } from "./in-cluster-options";

export type { InClusterBackups, ObjectStoreBackup, ObjectStoreProvider } from "./in-cluster-options";

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
