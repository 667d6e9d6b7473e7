import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataGoogleSecretManagerSecretVersion } from "@cdktf/provider-google/lib/data-google-secret-manager-secret-version";
import { isSecretReference, MaybeSecret, SecretReference } from "../../observability/channels";
import { withoutCredential } from "../../core/secrets-in-clear";

/**
 * The Secret Manager secret id for a Vigil secret name: Secret Manager ids
 * allow letters, digits, "_" and "-" only, so `vigil/checkout/pagerduty`
 * is looked up as `vigil-checkout-pagerduty`.
 */
function gcpSecretId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/**
 * Resolves secret references through Secret Manager at plan time. The
 * synthesized JSON holds only `${data.google_secret_manager_secret_version...}`,
 * never the value.
 */
export class GcpSecretResolver extends Construct {
  private readonly versions = new Map<string, DataGoogleSecretManagerSecretVersion>();

  /** A Terraform expression for the secret's latest value (or its JSON field). */
  public value(ref: SecretReference): string {
    const id = gcpSecretId(ref.name);
    let version = this.versions.get(id);
    if (!version) {
      version = new DataGoogleSecretManagerSecretVersion(this, `secret-${id}`, { secret: id });
      this.versions.set(id, version);
    }
    return ref.field ? Fn.lookup(Fn.jsondecode(version.secretData), ref.field, "") : version.secretData;
  }

  /** The clear value, or the secret's expression. */
  public resolve(value: MaybeSecret): string {
    // A clear URL with a credential in it is reported at synth, and never written.
    return isSecretReference(value) ? this.value(value) : withoutCredential(value);
  }
}
