import { Construct } from "constructs";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { EnvironmentProfile } from "../../core/environment";

/** Days between automatic rotations of the key that encrypts Kubernetes Secrets. */
const GKE_SECRETS_KEY_ROTATION_DAYS = 90;

/** What {@link gkeSecretsKey} made. */
interface GkeSecretsKey {
  /** The Cloud KMS key (its id is what `database_encryption.key_name` takes). */
  readonly key: KmsCryptoKey;
  /** The grant GKE's service agent needs before the cluster can use the key. */
  readonly grant: KmsCryptoKeyIamMember;
}

/**
 * A Cloud KMS key for GKE's application-layer secrets encryption (Kubernetes
 * Secrets encrypted in etcd with a customer-managed key, as EKS's KMS secrets
 * encryption): a key ring in the cluster's region, a key rotated every 90
 * days, and `cloudkms.cryptoKeyEncrypterDecrypter` for the project's GKE
 * service agent (`service-<project number>@container-engine-robot…`), which
 * is who encrypts and decrypts (GKE docs, "Encrypt Secrets at the
 * application layer"). Destroying the key makes every Secret unreadable, so
 * it is under `prevent_destroy` where the profile asks.
 */
export function gkeSecretsKey(scope: Construct, o: { project: string; region: string; clusterName: string; profile: EnvironmentProfile; labels: Readonly<Record<string, string>> }): GkeSecretsKey {
  const ring = new KmsKeyRing(scope, "secrets-key-ring", { name: `${o.clusterName}-gke-secrets`, location: o.region, project: o.project });
  const key = new KmsCryptoKey(scope, "secrets-key", {
    name: "kubernetes-secrets",
    keyRing: ring.id,
    purpose: "ENCRYPT_DECRYPT",
    rotationPeriod: `${GKE_SECRETS_KEY_ROTATION_DAYS * 86400}s`,
    labels: { ...o.labels },
    lifecycle: { preventDestroy: o.profile.preventDestroy },
  });
  const project = new DataGoogleProject(scope, "project", { projectId: o.project });
  const grant = new KmsCryptoKeyIamMember(scope, "secrets-key-gke-agent", {
    cryptoKeyId: key.id,
    role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
    member: `serviceAccount:service-${project.number}@container-engine-robot.iam.gserviceaccount.com`,
  });
  return { key, grant };
}
