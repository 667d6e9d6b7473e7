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
  /** The key. */
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
