import type { DeploymentV1SpecTemplateSpecContainerEnv } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { looksLikeSecretName, maskUrlCredential, urlCredential } from "../core/secrets-in-clear";
import { isSecretReference, SecretReference } from "../observability/channels";
import { kubernetesSecretOf } from "./monitoring-values";

/**
 * An environment variable's value: plain text, or `secret(name, key)` for a
 * key of a Kubernetes Secret in the workload's namespace, read as every
 * in-cluster secret reference is: "checkout/db" is Secret `checkout-db`, the
 * key defaults to "value".
 */
export type WorkloadEnvValue = string | SecretReference;

/** Kubernetes Secret keys are letters, digits, "-", "_" and ".". */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** Kubernetes 1.34 accepts any printable ASCII but "=" in a variable name (RelaxedEnvironmentVariableValidation, GA). */
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

/**
 * Renders a workload's env: plain values as `value`, secret references as
 * `valueFrom.secretKeyRef`. A secret given in clear (a variable named like
 * `DB_PASSWORD` or `API_TOKEN`, a URL with a credential in it) is reported
 * and left out, so its value never reaches the configuration.
 */
export function workloadEnv(env: Readonly<Record<string, WorkloadEnvValue>>): { env: DeploymentV1SpecTemplateSpecContainerEnv[]; problems: string[] } {
  const rendered: DeploymentV1SpecTemplateSpecContainerEnv[] = [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    const where = `\`env.${name}\``;
    if (!ENV_NAME.test(name)) {
      problems.push(`${where}: a variable name is printable characters other than "="; write the value as the entry's value, e.g. env: { LOG_LEVEL: "debug" }`);
      continue;
    }
    if (isSecretReference(value)) {
      const { secretName, key } = kubernetesSecretOf(value);
      if (!secretName) problems.push(`${where} names Secret ${JSON.stringify(value.name)}; give the name of a Secret in the namespace, e.g. secret("checkout-db", "password")`);
      else if (!SECRET_KEY.test(key)) problems.push(`${where} reads key ${JSON.stringify(key)}, which is not a Secret key (letters, digits, "-", "_", "."); give it as secret(${JSON.stringify(value.name)}, "<key>")`);
      else rendered.push({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
      continue;
    }
    if (typeof value !== "string") {
      problems.push(`${where} is ${JSON.stringify(value)}; give a string, or secret("<secret>", "<key>") for a key of a Kubernetes Secret`);
      continue;
    }
    const credential = urlCredential(value);
    if (credential) {
      problems.push(`${where} is ${JSON.stringify(maskUrlCredential(value))}, a URL carrying ${credential}; keep the whole URL in a Kubernetes Secret and write secret("<secret>", "<key>") (secrets are never written into the configuration)`);
      continue;
    }
    if (looksLikeSecretName(name)) {
      problems.push(`${where} is given in clear, and its name says it is a secret; keep it in a Kubernetes Secret and write secret("<secret>", "<key>") (secrets are never written into the configuration)`);
      continue;
    }
    rendered.push({ name, value });
  }
  return { env: rendered, problems };
}
