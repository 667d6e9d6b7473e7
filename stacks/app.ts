import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, deriveProfile, ENVIRONMENT_NAMES } from "cdktf-vigil";
import { AwsInfraStack } from "./aws-infra-stack";
import { addAzureStacks } from "./azure-stacks";
import { ReferenceConfig, referenceConfig } from "./config";
import { addGcpStacks } from "./gcp-stacks";
import { KubernetesOperatorsStack, KubernetesPlatformStack } from "./kubernetes-stacks";

/**
 * The `local` environment: dev behaviour (never pages, local state) on one
 * kind node, so one zone and one node.
 */
export const LOCAL_PROFILE = deriveProfile("dev", { name: "local", zones: 1, nodes: { minNodes: 1, maxNodes: 1, desiredNodes: 1 } });

/** Stack ids of the reference deployment, `<env>-<target>-<layer>`, in deploy order per environment. */
export function referenceStackIds(): string[] {
  return [...ENVIRONMENT_NAMES.map((env) => `${env}-aws-infra`), ...ENVIRONMENT_NAMES.flatMap((env) => [`${env}-gcp-infra`, `${env}-gcp-platform`]), ...ENVIRONMENT_NAMES.flatMap((env) => [`${env}-azure-infra`, `${env}-azure-platform`]), "local-kubernetes-operators", "local-kubernetes-platform"];
}

/** Adds every reference stack to `app`: each environment × target. */
export function buildReferenceApp(app: App, config: ReferenceConfig = referenceConfig): Record<string, TerraformStack> {
  const stacks: Record<string, TerraformStack> = {};
  for (const env of ENVIRONMENT_NAMES) {
    const id = `${env}-aws-infra`;
    stacks[id] = new AwsInfraStack(app, id, env, config);
  }
  for (const env of ENVIRONMENT_NAMES) Object.assign(stacks, Object.fromEntries(Object.values(addGcpStacks(app, env, config)).map((s) => [s.node.id, s])));
  for (const env of ENVIRONMENT_NAMES) Object.assign(stacks, Object.fromEntries(Object.values(addAzureStacks(app, env, config)).map((s) => [s.node.id, s])));
  // No infra stack for local: the kind cluster exists before Terraform runs.
  const connection = { kind: "kubeconfig", context: config.local.kubeContext } as const;
  const operators = new KubernetesOperatorsStack(app, "local-kubernetes-operators", LOCAL_PROFILE, connection, config);
  stacks["local-kubernetes-operators"] = operators;
  stacks["local-kubernetes-platform"] = new KubernetesPlatformStack(app, "local-kubernetes-platform", LOCAL_PROFILE, connection, config, operators);
  // Security, data protection, observability coverage and staging/prod parity: errors fail synth.
  applyPolicyPacks(app);
  return stacks;
}
