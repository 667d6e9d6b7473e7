import { Construct } from "constructs";
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { Fn, Token } from "cdktf";
import { withoutCredential } from "../../core/secrets-in-clear";
import { isSecretReference, MaybeSecret, SecretReference } from "../../observability/channels";

/**
 * Key Vault secret names allow letters, digits and "-" only, so a reference
 * like `vigil/checkout/pagerduty` is read as the secret `vigil-checkout-pagerduty`.
 */
function keyVaultSecretName(name: string): string {
  return name.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 127);
}

/** A Key Vault's resource id (Azure Resource Manager; vault names are 3-24 letters, digits and "-"). */
const KEY_VAULT_ID = /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/i;

/**
 * What is wrong with a `keyVaultId`, which otherwise fails only at plan
 * (the provider reads it when it looks a secret up): a vault name or URI
 * where the resource id belongs, or the id of another kind of resource.
 */
export function keyVaultIdProblem(id: string): string | undefined {
  if (Token.isUnresolved(id) || KEY_VAULT_ID.test(id)) return undefined;
  const shape = "/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>";
  const type = /\/providers\/([^/]+\/[^/]+)\//i.exec(id)?.[1];
  const name = /^https:\/\/([^.]+)\.vault\.azure\.net/i.exec(id)?.[1] ?? (/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(id) ? id : undefined);
  const what = type ? `the resource id of a ${type}, not of a Key Vault` : name ? `the vault's ${id.startsWith("https://") ? "URI" : "name"}, not its resource id` : "not a Key Vault resource id";
  return `\`keyVaultId\` is ${JSON.stringify(id)}, ${what}; give ${shape} (\`az keyvault show --name ${name ?? "<name>"} --query id -o tsv\`)`;
}

/**
 * Resolves secret references through an existing Azure Key Vault at plan
 * time. The synthesized JSON holds only `${data.azurerm_key_vault_secret...}`,
 * never the value. Without a vault, every use is reported as a problem.
 */
export class KeyVaultSecrets extends Construct {
  /** Problems found (a secret asked for with no vault configured). */
  public readonly problems: string[] = [];
  private readonly secrets = new Map<string, DataAzurermKeyVaultSecret>();

  /**
   * @param keyVaultId the vault's resource id, or undefined when none is configured
   * @param keyVaultValid false when `keyVaultId` was reported as malformed: secrets are then not read from it
   */
  constructor(scope: Construct, id: string, private readonly keyVaultId: string | undefined, private readonly keyVaultValid = true) {
    super(scope, id);
  }

  /** A Terraform expression for the secret's value (or its JSON field). */
  public value(ref: SecretReference, usedFor: string): string {
    // A plain string where a reference belongs is reported where it is written (the platform's or
    // channel's prop); it is never written, and never read as a reference.
    if (!isSecretReference(ref)) return "";
    if (!this.keyVaultId || !this.keyVaultValid) {
      if (!this.keyVaultValid) return ""; // the bad `keyVaultId` is reported once, at the platform
      this.problems.push(`${usedFor} needs the secret ${JSON.stringify(ref.name)}, but \`keyVaultId\` is not set; give the resource id of the Key Vault holding it (Vigil never writes secrets into the configuration)`);
      return "";
    }
    const name = keyVaultSecretName(ref.name);
    let secret = this.secrets.get(name);
    if (!secret) {
      secret = new DataAzurermKeyVaultSecret(this, `secret-${name}`, { name, keyVaultId: this.keyVaultId });
      this.secrets.set(name, secret);
    }
    return ref.field ? Fn.lookup(Fn.jsondecode(secret.value), ref.field, "") : secret.value;
  }

  /** The clear value, or the secret's expression. */
  public resolve(value: MaybeSecret, usedFor: string): string {
    // A clear URL with a credential in it is reported at synth, and never written.
    return isSecretReference(value) ? this.value(value, usedFor) : withoutCredential(value);
  }
}
