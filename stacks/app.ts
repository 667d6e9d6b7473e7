import { App } from "cdktf";
import { ENVIRONMENT_NAMES } from "cdktf-vigil";
import { AwsInfraStack } from "./aws-infra-stack";
import { ReferenceConfig, referenceConfig } from "./config";

/** Stack ids of the reference deployment, `<env>-<target>-<layer>`. */
export function referenceStackIds(): string[] {
  return ENVIRONMENT_NAMES.map((env) => `${env}-aws-infra`);
}

/** Adds every reference stack to `app`: each environment × target. */
export function buildReferenceApp(app: App, config: ReferenceConfig = referenceConfig): Record<string, AwsInfraStack> {
  const stacks: Record<string, AwsInfraStack> = {};
  for (const env of ENVIRONMENT_NAMES) {
    const id = `${env}-aws-infra`;
    stacks[id] = new AwsInfraStack(app, id, env, config);
  }
  return stacks;
}
