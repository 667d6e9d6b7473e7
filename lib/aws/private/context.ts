import type { EnvironmentProfile } from "../../core/environment";
import type { AwsAlerting } from "../alerting";
import type { AwsNetwork } from "../network";
import type { AwsAccount } from "./account";
import type { EncryptionKey } from "./kms";

/**
 * What the platform hands every data component it builds: where it runs
 * (account, VPC), the environment profile, alert delivery and the logs key.
 */
export interface AwsComponentContext {
  /** Account, partition and Region. */
  readonly account: AwsAccount;
  /** Environment profile in force. */
  readonly profile: EnvironmentProfile;
  /** The VPC (private subnets, address space). */
  readonly network: AwsNetwork;
  /** SNS topics and alarms. */
  readonly alerting: AwsAlerting;
  /** Key encrypting the CloudWatch log groups. */
  readonly logsKey: EncryptionKey;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
}
