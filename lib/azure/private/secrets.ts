import { Construct } from "constructs";
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { Fn } from "cdktf";
import { isSecretReference, MaybeSecret, SecretReference } from "../../observability/channels";

/**
 * Key Vault secret names allow letters, digits and "-" only, so a reference
 * like `vigil/checkout/pagerduty` is read as the secret `vigil-checkout-pagerduty`.
 */
export function keyVaultSecretName(name: string): string {
  return name.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 127);
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

  constructor(scope: Construct, id: string, private readonly keyVaultId: string | undefined) {
    super(scope, id);
  }

  /** A Terraform expression for the secret's value (or its JSON field). */
  public value(ref: SecretReference, usedFor: string): string {
    if (!this.keyVaultId) {
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
    return isSecretReference(value) ? this.value(value, usedFor) : value;
  }
}
