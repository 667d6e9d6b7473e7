import { TerraformResource, TerraformResourceLifecycle, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { ENVIRONMENT_PROFILES, EnvironmentTier } from "../../lib";
import { Profile } from "../../lib/core/environment";
import { evaluatePolicies, PolicyPacksOptions } from "../../lib/policy/evaluate";
import type { PolicyFindingRecord } from "../../lib/core/manifest";

/**
 * A resource of any Terraform type with snake_case attributes exactly as
 * written: the synthesized form the rules read. Used for GCP and Azure types
 * (attribute names from the provider .d.ts schemas) and for odd shapes.
 */
export class RawResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly attributes: Record<string, unknown>, lifecycle?: TerraformResourceLifecycle) {
    super(scope, id, { terraformResourceType: type, lifecycle });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}

/** A stack governed by the profile of `tier`. */
export function policyStack(tier: EnvironmentTier = "prod", id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  Profile.attach(stack, ENVIRONMENT_PROFILES[tier]);
  return stack;
}

/** The findings of one rule on a stack. */
export function findingsOf(stack: TerraformStack, rule: string, options: PolicyPacksOptions = {}): PolicyFindingRecord[] {
  return evaluatePolicies(stack, options).filter((f) => f.rule === rule);
}
