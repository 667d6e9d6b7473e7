import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { EnvironmentProfile } from "./environment";

/** Remote state in S3, locked with S3's native lock file (no DynamoDB table). */
export interface S3StateConfig {
  /** Backend kind. */
  readonly kind: "s3";
  /** Bucket holding the state objects (versioning on, encrypted). */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /** KMS key for the state objects. @default - the bucket's default encryption */
  readonly kmsKeyId?: string;
  /** Prefix of the state object keys. @default "vigil" */
  readonly keyPrefix?: string;
}

/** Remote state in a GCS bucket (GCS locks natively). */
export interface GcsStateConfig {
  /** Backend kind. */
  readonly kind: "gcs";
  /** Bucket holding the state objects. */
  readonly bucket: string;
  /** Prefix of the state objects. @default "vigil" */
  readonly keyPrefix?: string;
}

/** Remote state in an Azure storage container (blob leases lock it). */
export interface AzurermStateConfig {
  /** Backend kind. */
  readonly kind: "azurerm";
  /** Resource group of the storage account. */
  readonly resourceGroupName: string;
  /** Storage account holding the state: 3-24 lowercase letters and digits, globally unique. */
  readonly storageAccountName: string;
  /** Blob container in that account; it must exist before the first `cdktf deploy`. */
  readonly containerName: string;
  /** Prefix of the state blob names. @default "vigil" */
  readonly keyPrefix?: string;
}

/** Where remote state goes; credentials always come from the environment. */
export type RemoteStateConfig = S3StateConfig | GcsStateConfig | AzurermStateConfig;

/**
 * Configures a stack's backend from its environment: local state (one file
 * per stack) when the profile says `local`, otherwise the given remote backend
 * with one state object per stack. Returns problems instead of throwing.
 */
export function configureStateBackend(stack: TerraformStack, stackName: string, profile: EnvironmentProfile, remote?: RemoteStateConfig): string[] {
  if (profile.state === "local") {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return [];
  }
  if (!remote) {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return [
      `environment "${profile.name}" keeps its state remotely but no \`state\` backend was given; pass { kind: "s3", bucket, region } (or "gcs" / "azurerm")`,
    ];
  }
  const key = `${remote.keyPrefix ?? "vigil"}/${stackName}`;
  switch (remote.kind) {
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: remote.bucket,
        key: `${key}/terraform.tfstate`,
        region: remote.region,
        encrypt: true,
        kmsKeyId: remote.kmsKeyId,
      });
      // Terraform >= 1.10 locks with a lock object next to the state; cdktf 0.21's
      // S3Backend has no typed field for it yet.
      backend.addOverride("use_lockfile", true);
      return [];
    }
    case "gcs":
      new GcsBackend(stack, { bucket: remote.bucket, prefix: key });
      return [];
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: remote.resourceGroupName,
        storageAccountName: remote.storageAccountName,
        containerName: remote.containerName,
        key: `${key}.tfstate`,
        useAzureadAuth: true,
      });
      return [];
  }
}
