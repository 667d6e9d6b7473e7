import type { IConstruct } from "constructs";
import type { AlertDefinition } from "../../observability/alert";
import type { NotificationRouting } from "../../observability/routing";
import type { EnvironmentProfile } from "../environment";
import type { KubernetesClusterHandle } from "./cluster";
import type { NetworkHandle } from "./network";

/** The deployment targets. */
export type TargetName = "aws" | "gcp" | "azure" | "kubernetes";

/**
 * What every target implements. A platform is the only place where the
 * cloud is chosen: services ask their platform for components and never
 * switch on the cloud.
 */
export interface Platform extends IConstruct {
  /** Which target this is. */
  readonly target: TargetName;
  /** The environment profile in force. */
  readonly profile: EnvironmentProfile;
  /** Notification routing with the environment's downgrade applied. */
  readonly routing: NotificationRouting;
  /** The platform's network, where the target has one. @default - none on targets that run in an existing cluster */
  readonly network?: NetworkHandle;
  /** The platform's Kubernetes cluster. */
  readonly cluster: KubernetesClusterHandle;
  /** Every alert the platform itself deploys (cluster, network, ...). */
  readonly alerts: readonly AlertDefinition[];
}
