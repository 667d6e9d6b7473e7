import type { EnvironmentProfile } from "../../core/environment";
import type { GcpAlerting } from "../alerting";
import type { GcpNetwork } from "../network";

/**
 * What the platform hands every data component it builds: project and
 * region, the VPC, the environment profile, alert delivery and the labels.
 */
export interface GcpComponentContext {
  /** Project id. */
  readonly project: string;
  /** Google Cloud region of the platform (e.g. `europe-west1`), where regional resources such as Cloud SQL and Managed Kafka are created. */
  readonly region: string;
  /** Environment profile in force. */
  readonly profile: EnvironmentProfile;
  /** The VPC and its subnet. */
  readonly network: GcpNetwork;
  /** Notification channels and alert policies. */
  readonly alerting: GcpAlerting;
  /** Labels for resources whose labels the provider's default_labels do not reach (alert policies' user_labels). */
  readonly labels: Readonly<Record<string, string>>;
}
