import { Construct } from "constructs";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { EnvironmentProfile } from "../core/environment";

/**
 * What is wrong with a Cloud Storage bucket name, or undefined (Cloud
 * Storage, "Bucket names": 3-63 lowercase letters, digits, `-` and `_`,
 * starting and ending with a letter or digit, not starting with `goog`, not
 * containing `google`, not an IP address; a name with dots needs a verified
 * domain, which Vigil does not set up). The bucket namespace is global:
 * a name another project took fails at apply, not here.
 */
export function gcsBucketNameProblem(name: string, prop: string): string | undefined {
  const where = `\`${prop}\` ${JSON.stringify(name)}`;
  if (name.includes(".")) return `${where} contains '.': a dotted Cloud Storage bucket name needs a verified domain; use '-' instead, e.g. ${JSON.stringify(name.replace(/\./g, "-"))}`;
  if (name.length < 3 || name.length > 63) return `${where} is ${name.length} characters; a Cloud Storage bucket name has 3 to 63`;
  if (!/^[a-z0-9][a-z0-9_-]*[a-z0-9]$/.test(name)) return `${where} is not a valid Cloud Storage bucket name: use lowercase letters, digits, '-' and '_', starting and ending with a letter or digit`;
  if (/^goog/.test(name) || /g[o0]{2}g[l1]e/.test(name)) return `${where}: Cloud Storage rejects names that start with "goog" or contain "google" (or a look-alike); pick another name`;
  return undefined;
}

/** Props of {@link GcpLogArchive}. */
export interface GcpLogArchiveProps {
  /** Project id. */
  readonly project: string;
  /** Region of the bucket (the key's region). */
  readonly region: string;
  /** Bucket name (globally unique). */
  readonly bucketName: string;
  /** Name of the archive sink. */
  readonly sinkName: string;
  /** Entries archived. */
  readonly filter: string;
  /** The Cloud KMS key in `region` that encrypts the objects. */
  readonly key: KmsCryptoKey;
  /** Environment profile: `logArchiveDays`, tier and protection. */
  readonly profile: EnvironmentProfile;
}

/**
 * The archive of the workloads' logs: a log sink writing them, in hourly
 * batches, to a Cloud Storage bucket of storage class ARCHIVE in the
 * platform's region, with uniform bucket-level access, public access
 * prevention enforced, objects encrypted with the platform's Cloud KMS key
 * (the project's Cloud Storage service agent may use it), a retention policy
 * of `logArchiveDays` — locked in a prod-tier profile, so no object can be
 * deleted or overwritten, nor the policy shortened or removed, before then
 * (Cloud Storage, "Bucket Lock") — and a lifecycle rule deleting objects once
 * that age. The sink's own writer identity may create objects in this
 * bucket only. The bucket outlives the cluster; prevent_destroy where the
 * profile asks, and never force-destroyed.
 */
export class GcpLogArchive extends Construct {
  /** The Cloud Storage bucket `bucketName` (`google_storage_bucket`), class ARCHIVE, KMS-encrypted, retaining and then deleting objects at `logArchiveDays`. */
  public readonly bucket: StorageBucket;
  /** The project log sink `sinkName` (`google_logging_project_sink`) writing the entries that match `filter` to the bucket, under its own writer identity. */
  public readonly sink: LoggingProjectSink;
  /** The retention policy is locked. */
  public readonly locked: boolean;

  constructor(scope: Construct, id: string, props: GcpLogArchiveProps) {
    super(scope, id);
    const { profile } = props;
    this.locked = profile.tier === "prod";
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", { project: props.project });
    const keyGrant = new KmsCryptoKeyIamMember(this, "key-storage-agent", { cryptoKeyId: props.key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: storageAgent.member });
    this.bucket = new StorageBucket(this, "bucket", {
      name: props.bucketName,
      project: props.project,
      location: props.region.toUpperCase(),
      storageClass: "ARCHIVE",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      encryption: { defaultKmsKeyName: props.key.id },
      retentionPolicy: { retentionPeriod: profile.logArchiveDays * 86400, isLocked: this.locked },
      lifecycleRule: [{ action: { type: "Delete" }, condition: { age: profile.logArchiveDays } }],
      forceDestroy: false,
      lifecycle: { preventDestroy: profile.preventDestroy },
      dependsOn: [keyGrant],
    });
    this.sink = new LoggingProjectSink(this, "sink", {
      name: props.sinkName,
      project: props.project,
      destination: `storage.googleapis.com/${this.bucket.name}`,
      filter: props.filter,
      uniqueWriterIdentity: true,
    });
    new StorageBucketIamMember(this, "sink-writer", { bucket: this.bucket.name, role: "roles/storage.objectCreator", member: this.sink.writerIdentity });
  }
}
