import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { cloudWatchRetention } from "../sizes";

/** Props of {@link encryptedLogGroup}. */
interface EncryptedLogGroupProps {
  /** Log group name (for AWS-written groups, exactly the name the service writes to). */
  readonly name: string;
  /** Days to keep, rounded up to a value CloudWatch accepts. */
  readonly retentionDays: number;
  /** KMS key ARN encrypting the group. */
  readonly keyArn: string;
  /** Refuse to destroy the group (audit logs in prod). @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A CloudWatch log group Vigil creates before the service that writes to it,
 * so it never exists without retention or encryption.
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: props.name,
    retentionInDays: cloudWatchRetention(props.retentionDays),
    kmsKeyId: props.keyArn,
    lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
  });
}
