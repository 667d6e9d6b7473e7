import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { isSecretReference, MaybeSecret, SecretReference } from "../../observability/channels";
import { withoutCredential } from "../../core/secrets-in-clear";

/**
 * Resolves secret references through AWS Secrets Manager at plan time. The
 * synthesized JSON holds only `${data.aws_secretsmanager_secret_version...}`,
 * never the value.
 */
export class SecretResolver extends Construct {
  private readonly versions = new Map<string, DataAwsSecretsmanagerSecretVersion>();

  /** A Terraform expression for the secret's value (or its JSON field). */
  public value(ref: SecretReference): string {
    let version = this.versions.get(ref.name);
    if (!version) {
      const id = `secret-${ref.name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
      version = new DataAwsSecretsmanagerSecretVersion(this, id, { secretId: ref.name });
      this.versions.set(ref.name, version);
    }
    return ref.field ? Fn.lookup(Fn.jsondecode(version.secretString), ref.field, "") : version.secretString;
  }

  /** The clear value, or the secret's expression. */
  public resolve(value: MaybeSecret): string {
    // A clear URL with a credential in it is reported at synth, and never written.
    return isSecretReference(value) ? this.value(value) : withoutCredential(value);
  }
}
