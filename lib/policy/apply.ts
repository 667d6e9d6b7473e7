import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { VigilManifest } from "../core/manifest";
import { evaluatePolicies, PolicyPacksOptions } from "./evaluate";
import { followsFromReportedInput, reportedInputPaths } from "./reported-inputs";
import { POLICY_PACK_NAMES } from "./types";

/**
 * The policy packs as an Aspect: on every stack it reaches it registers a
 * validation that, at synth (after every Aspect has run), evaluates the
 * packs on the synthesized resources and the Vigil manifest, records every
 * finding in the manifest (`"//".vigil.findings`), prints warnings and
 * fails synth with the unsuppressed errors. A finding on a resource whose
 * construct's props were already reported at synth is held back: it follows
 * from that mistake, which is said once, where it was written.
 */
export class PolicyPacks implements IAspect {
  private readonly validated = new WeakSet<TerraformStack>();

  /** @param options packs, suppressions and parity pairs (default: every pack, no suppression, pairs by stack id) */
  constructor(private readonly options: PolicyPacksOptions = {}) {}

  /** Registers the packs' validation on each stack visited (once per stack). */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.validated.has(node)) return;
    this.validated.add(node);
    let errors: string[] | undefined;
    node.node.addValidation({ validate: () => (errors ??= this.check(node)) });
  }

  private check(stack: TerraformStack): string[] {
    const findings = evaluatePolicies(stack, this.options);
    const manifest = VigilManifest.of(stack);
    manifest.recordPolicyPacks(this.options.packs ?? POLICY_PACK_NAMES);
    const constructs = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
    const reported = reportedInputPaths(stack);
    const errors: string[] = [];
    for (const finding of findings) {
      // A finding on what a reported input built repeats that report: the input is fixed first.
      if (followsFromReportedInput(finding.resource, reported)) continue;
      manifest.addFinding(finding);
      if (finding.suppressedBecause) continue;
      const text = `[${finding.rule}] ${finding.resource}: ${finding.message}`;
      if (finding.level === "error") errors.push(text);
      else Annotations.of(constructs.get(finding.resource) ?? stack).addWarning(text);
    }
    return errors;
  }
}

/**
 * Applies Vigil's policy packs (security, data protection, observability
 * coverage, environment parity) to `scope`: a stack, or an App (every stack
 * it holds). Errors fail `cdktf synth`; warnings print; all findings,
 * suppressed ones with their reason, go into each stack's manifest.
 *
 * cdktf runs Aspects from each stack down, never from the App, so the packs
 * are added to each stack that exists now: call this after creating the
 * stacks. A stack created later fails synth with a message saying so.
 */
export function applyPolicyPacks(scope: IConstruct, options: PolicyPacksOptions = {}): PolicyPacks {
  const aspect = new PolicyPacks(options);
  const stacks = () => scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const covered = new Set(stacks());
  for (const stack of covered) Aspects.of(stack).add(aspect);
  if (!TerraformStack.isStack(scope)) {
    scope.node.addValidation({
      validate: () =>
        stacks()
          .filter((s) => !covered.has(s))
          .map((s) => `stack "${s.node.id}" was created after applyPolicyPacks() was called, so no policy pack checked it; call applyPolicyPacks(app) after creating every stack`),
    });
  }
  return aspect;
}
