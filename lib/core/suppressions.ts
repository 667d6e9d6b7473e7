import type { IConstruct } from "constructs";

/** A suppression attached to a construct with {@link suppress}: it covers the construct and everything below it. */
export interface ConstructSuppression {
  /** Rule id, or a whole pack as `<pack>/*`. */
  readonly rule: string;
  /** Why the finding is accepted; shown in the manifest and the review report. Required. */
  readonly reason: string;
}

/** A suppression given to {@link applyPolicyPacks}: a rule, the resources it covers and why. */
export interface PolicySuppression extends ConstructSuppression {
  /**
   * Construct path or Terraform address of the resources, `*` matching any
   * characters: `prod-aws-infra/checkout/search/*`, `aws_s3_bucket.*`.
   */
  readonly resource: string;
}

const SUPPRESSIONS = Symbol.for("cdktf-vigil.policy-suppressions");

/**
 * Accepts the findings of `rule` on `scope` and every construct below it,
 * for `reason` (which the review report shows). An empty reason is itself
 * an error finding (`policy/suppression-reason`).
 */
export function suppress(scope: IConstruct, suppression: ConstructSuppression): void {
  const holder = scope as unknown as Record<symbol, ConstructSuppression[] | undefined>;
  (holder[SUPPRESSIONS] ??= []).push(suppression);
}

/** The suppressions attached to one construct. */
export function suppressionsOn(scope: IConstruct): readonly ConstructSuppression[] {
  return (scope as unknown as Record<symbol, ConstructSuppression[] | undefined>)[SUPPRESSIONS] ?? [];
}

/** `pattern` with `*` matching any characters. */
export function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return regex.test(value);
}

/** Whether a suppression's rule (an id or `<pack>/*`) covers `rule`. */
export function coversRule(suppressed: string, rule: string): boolean {
  return suppressed === rule || (suppressed.endsWith("/*") && rule.startsWith(suppressed.slice(0, -1)));
}
