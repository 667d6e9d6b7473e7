import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EnvironmentProfile } from "../../core/environment";
import { AwsAccount } from "./account";

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Extra key policy statements for AWS services that use the key. @default - account administration only */
  readonly serviceStatements?: DataAwsIamPolicyDocumentStatement[];
  /** Environment: decides the deletion window (30 days where data is protected, else 7) and `prevent_destroy`. */
  readonly profile: EnvironmentProfile;
}

/**
 * A customer-managed KMS key with yearly rotation and a key policy that
 * gives the account (and so IAM policies) control, plus only the service
 * statements a caller adds; protected from destruction where the profile
 * protects data.
 */
export class EncryptionKey extends Construct {
  /** The customer-managed KMS key (`aws_kms_key`) with yearly rotation, reachable as `alias/<alias>`. */
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "AccountAdministersKey",
          principals: [{ type: "AWS", identifiers: [props.account.rootPrincipal] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        ...(props.serviceStatements ?? []),
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.profile.deletionProtection ? 30 : 7,
      policy: policy.json,
      // Destroying a key makes everything encrypted with it unreadable.
      lifecycle: props.profile.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }

  /** Key ARN. */
  public get arn(): string {
    return this.key.arn;
  }
}

/**
 * Whether data services of this environment encrypt with a customer-managed
 * key (the environment protects its data: staging and prod) rather than the
 * service's AWS-managed or AWS-owned key (dev, where data is disposable and a
 * key's 7-day deletion window would only slow down re-creating a stack).
 */
function usesCustomerManagedKeys(profile: EnvironmentProfile): boolean {
  return profile.deletionProtection;
}

/**
 * The customer-managed key of one data component where the profile asks for
 * one (see {@link usesCustomerManagedKeys}); undefined where the service's own
 * key is used.
 */
export function dataKey(scope: Construct, props: { account: AwsAccount; profile: EnvironmentProfile; alias: string; description: string }): EncryptionKey | undefined {
  if (!usesCustomerManagedKeys(props.profile)) return undefined;
  return new EncryptionKey(scope, "data-key", props);
}
