import type { EnvironmentTier } from "../core/environment";
import type { PolicyContext, PolicyLevel, PolicyPackName, PolicyRule, RuleViolation, SynthesizedResource } from "./types";

/**
 * A check of one resource type: the problems found, each saying what to
 * change (none, or an empty list, when the resource complies).
 */
export type ResourceCheck = (resource: SynthesizedResource, context: PolicyContext) => string | readonly string[] | undefined;

/** A rule over resources, as a table of checks keyed by Terraform resource type. */
interface ResourceRuleSpec {
  /** Rule id, `<pack>/<name>`. */
  readonly id: string;
  /** Level of its findings. */
  readonly level: PolicyLevel;
  /** What it asks for, in one sentence. */
  readonly description: string;
  /** Tiers it applies in. @default - every tier */
  readonly tiers?: readonly EnvironmentTier[];
  /** Checks by Terraform resource type (`aws_db_instance`, `google_sql_database_instance`, ...). */
  readonly checks: Readonly<Record<string, ResourceCheck>>;
  /** Other types the checks look up (flow logs, parameter groups, `data.aws_iam_policy_document` ...). @default - none */
  readonly alsoReads?: readonly string[];
}

/** Cloud of a Terraform resource type, from its provider prefix. */
function cloudOf(type: string): string {
  const provider = type.split("_")[0];
  return ({ aws: "aws", google: "gcp", azurerm: "azure", kubernetes: "kubernetes", helm: "kubernetes" } as Record<string, string>)[provider] ?? provider;
}

/** Whether a rule limited to `tiers` applies to a resource of `tier` (unknown: checked unless the rule is prod-only). */
export function appliesInTier(tiers: readonly EnvironmentTier[] | undefined, tier: EnvironmentTier | undefined): boolean {
  if (!tiers) return true;
  if (tier === undefined) return !(tiers.length === 1 && tiers[0] === "prod");
  return tiers.includes(tier);
}

/** Builds a policy rule from a table of per-type checks: the one mechanism behind every resource rule. */
export function resourceRule(pack: PolicyPackName, spec: ResourceRuleSpec): PolicyRule {
  const appliesTo: Record<string, string[]> = {};
  for (const type of Object.keys(spec.checks)) (appliesTo[cloudOf(type)] ??= []).push(type);
  return {
    id: spec.id,
    pack,
    level: spec.level,
    description: spec.description,
    subject: "resources",
    appliesTo,
    reads: [...Object.keys(spec.checks), ...(spec.alsoReads ?? [])],
    tiers: spec.tiers,
    evaluate(context: PolicyContext): RuleViolation[] {
      const violations: RuleViolation[] = [];
      for (const resource of context.resources) {
        const check = spec.checks[resource.type];
        if (!check || !appliesInTier(spec.tiers, resource.tier)) continue;
        const problems = check(resource, context);
        for (const message of problems === undefined ? [] : typeof problems === "string" ? [problems] : problems) {
          violations.push({ resource: resource.path, address: resource.address, message: `${resource.address}: ${message}` });
        }
      }
      return violations;
    },
  };
}
