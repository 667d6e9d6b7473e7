import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { EnvironmentTier, Profile } from "../core/environment";
import type { PolicyFindingRecord } from "../core/manifest";
import { DATA_PROTECTION_RULES } from "./packs/data-protection";
import { OBSERVABILITY_RULES } from "./packs/observability";
import { PARITY_RULES } from "./packs/parity";
import { SECURITY_RULES } from "./packs/security";
import { environmentOf, ParityPair, prodTwinId } from "../core/stack-environments";
import { appliesInTier } from "./resource-rule";
import { stackView, tierOfStack } from "./stack-view";
import { ConstructSuppression, coversRule, globMatches, PolicySuppression, suppressionsOn } from "../core/suppressions";
import { POLICY_PACK_NAMES } from "./types";
import type { PolicyContext, PolicyPackName, PolicyRule, RuleViolation } from "./types";

/** Every rule Vigil ships, pack by pack. */
export const POLICY_RULES: readonly PolicyRule[] = [...SECURITY_RULES, ...DATA_PROTECTION_RULES, ...OBSERVABILITY_RULES, ...PARITY_RULES];

/** Id of the rule that reports a suppression without a reason. */
export const SUPPRESSION_REASON_RULE = "policy/suppression-reason";

/** Id of the rule that reports a suppression that suppressed nothing (a warning). */
export const UNUSED_SUPPRESSION_RULE = "policy/unused-suppression";

export type { ParityPair } from "../core/stack-environments";

/** Options of {@link applyPolicyPacks} and {@link evaluatePolicies}. */
export interface PolicyPacksOptions {
  /** Packs to run. @default - all: security, data-protection, observability, parity */
  readonly packs?: readonly PolicyPackName[];
  /** Suppressions by rule and resource (construct path or address glob), each with a reason. @default - none */
  readonly suppressions?: readonly PolicySuppression[];
  /**
   * Which stacks parity compares. @default - by stack id: `staging-<target>-<layer>` with
   * `prod-<target>-<layer>` in the same app (dev is never compared)
   */
  readonly parityPairs?: readonly ParityPair[];
  /** Rules of your own, run with the packs. @default - none */
  readonly additionalRules?: readonly PolicyRule[];
}

/** The prod stack a staging stack is compared with, if any (by default dev is never compared). */
function parityReferenceOf(stack: TerraformStack, pairs: readonly ParityPair[] | undefined): TerraformStack | undefined {
  const id = stack.node.id;
  const prodId = !pairs && environmentOf(id) !== "staging" ? undefined : prodTwinId(id, pairs);
  if (!prodId) return undefined;
  return stack.node.root.node.findAll().find((c): c is TerraformStack => TerraformStack.isStack(c) && c.node.id === prodId);
}

/**
 * Runs the policy packs over one stack and returns every finding, the
 * suppressed ones with `suppressedBecause`. Nothing is recorded; use
 * {@link applyPolicyPacks} to record findings and fail synth on errors.
 */
export function evaluatePolicies(stack: TerraformStack, options: PolicyPacksOptions = {}): PolicyFindingRecord[] {
  const packs = options.packs ?? POLICY_PACK_NAMES;
  const rules = [...POLICY_RULES.filter((r) => packs.includes(r.pack)), ...(options.additionalRules ?? [])];
  const reference = packs.includes("parity") ? parityReferenceOf(stack, options.parityPairs) : undefined;
  // Resolve only what the rules read: a stack's alarms and dashboards are most of its JSON.
  const reads = rules.every((r) => r.reads !== undefined) ? new Set(rules.flatMap((r) => r.reads ?? [])) : undefined;
  const context: PolicyContext = { ...stackView(stack, reads), parityReference: reference && stackView(reference, reads) };

  const attached = stack.node.findAll().flatMap((c) => suppressionsOn(c).map((s) => ({ path: c.node.path, construct: c, suppression: s })));
  const given = options.suppressions ?? [];
  const findings: PolicyFindingRecord[] = [];
  const unreasoned = (s: ConstructSuppression) => !s.reason || s.reason.trim().length === 0;
  for (const { path, suppression } of attached.filter((a) => unreasoned(a.suppression))) {
    findings.push({ rule: SUPPRESSION_REASON_RULE, level: "error", resource: path, message: `the suppression of ${suppression.rule} has no reason; say why the finding is accepted (the review report shows it)` });
  }
  for (const s of given.filter(unreasoned)) {
    findings.push({ rule: SUPPRESSION_REASON_RULE, level: "error", resource: stack.node.path, message: `the suppression of ${s.rule} on "${s.resource}" has no reason; say why the finding is accepted (the review report shows it)` });
  }

  const used = new Set<ConstructSuppression>();
  const reasonFor = (rule: string, v: RuleViolation): string | undefined => {
    const onConstruct = attached.find((a) => !unreasoned(a.suppression) && coversRule(a.suppression.rule, rule) && (v.resource === a.path || v.resource.startsWith(`${a.path}/`)))?.suppression;
    const byPattern = given.find((s) => !unreasoned(s) && coversRule(s.rule, rule) && (globMatches(s.resource, v.resource) || (v.address !== undefined && globMatches(s.resource, v.address))));
    const suppression = onConstruct ?? byPattern;
    if (suppression) used.add(suppression);
    return suppression?.reason;
  };
  for (const rule of rules) {
    for (const v of rule.evaluate(context)) {
      const suppressedBecause = reasonFor(rule.id, v);
      findings.push({ rule: rule.id, level: rule.level, message: v.message, resource: v.resource, ...(suppressedBecause ? { suppressedBecause } : {}) });
    }
  }
  findings.push(...unusedSuppressions(stack, context, rules, options, attached, used));
  return findings;
}

/**
 * Warnings for suppressions that suppressed nothing in this stack although a
 * rule they name ran and applies there: a stale suppression hides the next
 * real finding. Judged where it is knowable: a suppression on a construct in
 * its stack (with the construct's tier: a prod-only rule's suppression is not
 * stale in dev), an app-level one in the stack its resource pattern names
 * (`prod-aws-infra/...`; an address glob may match in any stack and is not judged).
 */
function unusedSuppressions(
  stack: TerraformStack,
  context: PolicyContext,
  rules: readonly PolicyRule[],
  options: PolicyPacksOptions,
  attached: ReadonlyArray<{ readonly path: string; readonly construct: IConstruct; readonly suppression: ConstructSuppression }>,
  used: ReadonlySet<ConstructSuppression>,
): PolicyFindingRecord[] {
  const stackTier = Profile.tryOf(stack)?.tier ?? tierOfStack(stack);
  const known = [...POLICY_RULES, ...(options.additionalRules ?? [])].map((r) => r.id).concat(SUPPRESSION_REASON_RULE);
  const problem = (s: ConstructSuppression, tier: EnvironmentTier | undefined, where: string): string | undefined => {
    if (!s.reason?.trim() || used.has(s)) return undefined;
    if (!known.some((id) => coversRule(s.rule, id))) return `the suppression of ${s.rule}${where} names no rule Vigil knows; use a rule id from docs/policy.md, or <pack>/*`;
    const applicable = rules.some((r) => coversRule(s.rule, r.id) && appliesInTier(r.tiers, tier) && (r.subject !== "stack-pair" || context.parityReference !== undefined));
    return applicable ? `the suppression of ${s.rule}${where} matched no finding (reason given: ${JSON.stringify(s.reason)}); remove it, or correct its rule or resource` : undefined;
  };
  const found: PolicyFindingRecord[] = [];
  for (const a of attached) {
    const message = problem(a.suppression, Profile.tryOf(a.construct)?.tier ?? stackTier, "");
    if (message) found.push({ rule: UNUSED_SUPPRESSION_RULE, level: "warning", resource: a.path, message });
  }
  for (const s of options.suppressions ?? []) {
    if (s.resource.split("/")[0] !== stack.node.id || !s.resource.includes("/")) continue;
    const message = problem(s, stackTier, ` on "${s.resource}"`);
    if (message) found.push({ rule: UNUSED_SUPPRESSION_RULE, level: "warning", resource: stack.node.path, message });
  }
  return found;
}
