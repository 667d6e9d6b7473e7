import { Construct } from "constructs";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { EnvironmentProfile } from "../../core/environment";
import { fitName, NAMING_RULES } from "../../core/naming";
import { sendDiagnostics } from "../diagnostic-settings";

/** Days between automatic rotations of the key that encrypts Kubernetes Secrets (as on GKE). */
export const AKS_SECRETS_KEY_ROTATION_DAYS = 90;

/** What {@link aksSecretsKey} made. */
export interface AksSecretsKey {
  /** The vault holding the key. */
  readonly vault: KeyVault;
  /** The key; its versioned id is what `key_management_service.key_vault_key_id` takes. */
  readonly key: KeyVaultKey;
  /** `Key Vault Crypto User` for the cluster's identity on the key, which the cluster must wait for. */
  readonly clusterGrant: RoleAssignment;
}

/** Inputs of {@link aksSecretsKey}. */
interface AksSecretsKeyProps {
  /** Cluster name (the vault is named after it). */
  readonly clusterName: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the dedicated Key Vault (the cluster's). */
  readonly resourceGroupName: string;
  /** Entra tenant of the vault. */
  readonly tenantId: string;
  /** Object id of the identity running Terraform, which creates the key. */
  readonly deployerObjectId: string;
  /** Principal id of the cluster's user-assigned identity. */
  readonly clusterPrincipalId: string;
  /** Log Analytics workspace for the vault's audit log. */
  readonly workspaceId: string;
  /** The profile in force. */
  readonly profile: EnvironmentProfile;
  /** Tags on the Key Vault and its key. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The customer-managed key for AKS KMS etcd encryption of Kubernetes
 * Secrets, in a Key Vault of its own (Microsoft Learn, "Add Key Management
 * Service etcd encryption to an AKS cluster"):
 *
 * - a dedicated vault rather than the user's `keyVaultId`: that vault is
 *   only read for channel secrets, may lack purge protection or Azure RBAC,
 *   and deleting the key or its vault makes every Secret unrecoverable, so
 *   the key lives where Vigil controls those settings — RBAC authorization,
 *   purge protection, soft delete, `prevent_destroy` in prod, audit logs;
 * - a public vault without a firewall: AKS rejects a vault limited to
 *   selected networks or with public access off for `Public` KMS, and a
 *   private vault needs API Server VNet Integration; access is guarded by
 *   Entra ID and RBAC (the cluster identity may only encrypt and decrypt
 *   with this key);
 * - an RSA 2048 key rotated every 90 days, never expiring (an expired key
 *   stops the API server); the cluster uses the version it was given until a
 *   plan picks up the new one (`az aks update` semantics);
 * - `Key Vault Crypto Officer` on the vault for the identity running
 *   Terraform, so it may create the key (RBAC vaults grant no data access to
 *   Owners), and `Key Vault Crypto User` on the key for the cluster identity.
 */
export function aksSecretsKey(scope: Construct, props: AksSecretsKeyProps): AksSecretsKey {
  const protect = { preventDestroy: props.profile.preventDestroy };
  const vault = new KeyVault(scope, "secrets-vault", {
    name: fitName([props.clusterName, "kms"], NAMING_RULES.azureKeyVault),
    location: props.location,
    resourceGroupName: props.resourceGroupName,
    tenantId: props.tenantId,
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: props.profile.tier === "dev" ? 7 : 90,
    publicNetworkAccessEnabled: true,
    networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
    tags: { ...props.tags },
    lifecycle: protect,
  });
  sendDiagnostics(scope, vault, props.workspaceId);
  const officer = new RoleAssignment(scope, "secrets-vault-deployer", { scope: vault.id, roleDefinitionName: "Key Vault Crypto Officer", principalId: props.deployerObjectId });
  const key = new KeyVaultKey(scope, "secrets-key", {
    name: "kubernetes-secrets",
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 2048,
    keyOpts: ["decrypt", "encrypt", "unwrapKey", "wrapKey"],
    rotationPolicy: { automatic: { timeAfterCreation: `P${AKS_SECRETS_KEY_ROTATION_DAYS}D` } },
    tags: { ...props.tags },
    dependsOn: [officer],
    lifecycle: protect,
  });
  const clusterGrant = new RoleAssignment(scope, "secrets-key-cluster", {
    scope: key.resourceVersionlessId,
    roleDefinitionName: "Key Vault Crypto User",
    principalId: props.clusterPrincipalId,
    principalType: "ServicePrincipal",
  });
  return { vault, key, clusterGrant };
}
