import { TerraformStack } from "cdktf";
import type { PolicyFindingRecord } from "../core/manifest";
import { DATA_PROTECTION_RULES } from "./packs/data-protection";
import { OBSERVABILITY_RULES } from "./packs/observability";
import { PARITY_RULES } from "./packs/parity";
import { SECURITY_RULES } from "./packs/security";
import { environmentOf, ParityPair, prodTwinId } from "../core/stack-environments";
import { stackView } from "./stack-view";
import { ConstructSuppression, coversRule, globMatches, PolicySuppression, suppressionsOn } from "./suppressions";
import type { PolicyContext, PolicyPackName, PolicyRule, RuleViolation } from "./types";

/** Every rule Vigil ships, pack by pack. */
export const POLICY_RULES: readonly PolicyRule[] = [...SECURITY_RULES, ...DATA_PROTECTION_RULES, ...OBSERVABILITY_RULES, ...PARITY_RULES];

/** Id of the rule that reports a suppression without a reason. */
export const SUPPRESSION_REASON_RULE = "policy/suppression-reason";

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
  const packs = options.packs ?? ["security", "data-protection", "observability", "parity"];
  const rules = [...POLICY_RULES.filter((r) => packs.includes(r.pack)), ...(options.additionalRules ?? [])];
  const reference = packs.includes("parity") ? parityReferenceOf(stack, options.parityPairs) : undefined;
  // Resolve only what the rules read: a stack's alarms and dashboards are most of its JSON.
  const reads = rules.every((r) => r.reads !== undefined) ? new Set(rules.flatMap((r) => r.reads ?? [])) : undefined;
  const context: PolicyContext = { ...stackView(stack, reads), parityReference: reference && stackView(reference, reads) };

  const attached = stack.node.findAll().flatMap((c) => suppressionsOn(c).map((s) => ({ path: c.node.path, suppression: s })));
  const given = options.suppressions ?? [];
  const findings: PolicyFindingRecord[] = [];
  const unreasoned = (s: ConstructSuppression) => !s.reason || s.reason.trim().length === 0;
  for (const { path, suppression } of attached.filter((a) => unreasoned(a.suppression))) {
    findings.push({ rule: SUPPRESSION_REASON_RULE, level: "error", resource: path, message: `the suppression of ${suppression.rule} has no reason; say why the finding is accepted (the review report shows it)` });
  }
  for (const s of given.filter(unreasoned)) {
    findings.push({ rule: SUPPRESSION_REASON_RULE, level: "error", resource: stack.node.path, message: `the suppression of ${s.rule} on "${s.resource}" has no reason; say why the finding is accepted (the review report shows it)` });
  }

  const reasonFor = (rule: string, v: RuleViolation): string | undefined => {
    const onConstruct = attached.find((a) => !unreasoned(a.suppression) && coversRule(a.suppression.rule, rule) && (v.resource === a.path || v.resource.startsWith(`${a.path}/`)));
    if (onConstruct) return onConstruct.suppression.reason;
    const byPattern = given.find((s) => !unreasoned(s) && coversRule(s.rule, rule) && (globMatches(s.resource, v.resource) || (v.address !== undefined && globMatches(s.resource, v.address))));
    return byPattern?.reason;
  };
  for (const rule of rules) {
    for (const v of rule.evaluate(context)) {
      const suppressedBecause = reasonFor(rule.id, v);
      findings.push({ rule: rule.id, level: rule.level, message: v.message, resource: v.resource, ...(suppressedBecause ? { suppressedBecause } : {}) });
    }
  }
  return findings;
}
