// The bad-input corpus (issue 15): plausible mistakes a user makes on each
// target, each with the one message (or warning) synth must give. Shared by
// the per-target test files and scripts/corpus-count.ts.
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { synthProblems } from "../../lib/core/synth-or-exit";
import { applyPolicyPacks } from "../../lib/policy/apply";
import { MessagePart, saysEvery } from "../harness";

/** The four targets. */
export type CorpusTarget = "aws" | "gcp" | "azure" | "kubernetes";

/** What synth must do with the mistake: fail with one message, or synthesize with one warning. */
export type CorpusOutcome = "error" | "warning";

/** One bad input. */
export interface CorpusCase {
  /** The mistake, in a user's words. */
  readonly name: string;
  /** Fail with one message, or synthesize with a warning. */
  readonly outcome: CorpusOutcome;
  /** Builds the app holding the mistake; returns any stack of it (the whole app is synthesized). */
  readonly build: () => TerraformStack;
  /** The construct path the message names (what goes between the brackets). */
  readonly path: string;
  /** The meaningful parts of the message: the prop, the value as shown, the fix (matched as `messageAt` matches them). */
  readonly says: readonly MessagePart[];
  /** Values that must not reach the synthesized JSON (secrets given in clear). @default - none */
  readonly secrets?: readonly string[];
}

/** One problem or warning: the construct path and the message. */
export interface Reported {
  /** Construct path. */
  readonly path: string;
  /** Message. */
  readonly message: string;
}

/** What synth did with a case. */
export interface CorpusResult {
  /** Validation problems and error annotations, each once (as `synthOrExit` prints them). */
  readonly problems: readonly Reported[];
  /** Warning annotations. */
  readonly warnings: readonly Reported[];
  /** An error thrown while building or synthesizing that is not a reported problem (a crash, or cdktf's raw error). */
  readonly thrown?: string;
  /** Every stack's synthesized JSON, concatenated (for the secret check). */
  readonly json: string;
}

/**
 * Builds a case and synthesizes every stack of its app as the reference app
 * does and `synthOrExit` reports it: the policy packs applied, aspects
 * invoked, then every construct's validations (the packs' findings among
 * them) and error annotations collected once each, and the warnings.
 */
export function runCase(c: CorpusCase): CorpusResult {
  let stack: TerraformStack;
  try {
    stack = c.build();
  } catch (e) {
    return { problems: [], warnings: [], thrown: e instanceof Error ? e.message : String(e), json: "" };
  }
  const app = stack.node.root as App;
  applyPolicyPacks(app);
  const stacks = app.node.findAll().filter((n): n is TerraformStack => TerraformStack.isStack(n));
  let json = "";
  let thrown: string | undefined;
  for (const s of stacks) {
    try {
      json += Testing.synth(s, false);
    } catch (e) {
      thrown ??= e instanceof Error ? e.message : String(e);
    }
  }
  const problems = synthProblems(app);
  const warnings = app.node.findAll().flatMap((n: IConstruct) =>
    n.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => ({ path: n.node.path, message: String(m.data) })),
  );
  return { problems, warnings, thrown, json };
}

/** How a case came out against what it asks. */
export type CaseVerdict = "ok" | "silent" | "several" | "unclear" | "crash" | "secret-leaked";

/** Judges a result: the one message (or warning) at the path saying every part, nothing else, no secret in the output. */
export function verdict(c: CorpusCase, r: CorpusResult): { verdict: CaseVerdict; detail: string } {
  const says = (m: Reported) => m.path === c.path && saysEvery(m.message, c.says);
  const show = (list: readonly Reported[]) => list.map((m) => `[${m.path}] ${m.message}`).join("\n");
  if (r.thrown !== undefined && !(c.outcome === "error" && r.problems.length > 0)) return { verdict: "crash", detail: r.thrown };
  const leaked = (c.secrets ?? []).filter((s) => r.json.includes(s));
  if (leaked.length > 0) return { verdict: "secret-leaked", detail: `in the output: ${leaked.join(", ")}` };
  if (c.outcome === "error") {
    if (r.problems.length === 0) return { verdict: "silent", detail: "synthesized without a problem" };
    if (r.problems.length > 1) return { verdict: "several", detail: show(r.problems) };
    return says(r.problems[0]) ? { verdict: "ok", detail: "" } : { verdict: "unclear", detail: show(r.problems) };
  }
  if (r.problems.length > 0) return { verdict: "several", detail: `expected a warning, got problems:\n${show(r.problems)}` };
  const matching = r.warnings.filter(says);
  if (matching.length === 1) return { verdict: "ok", detail: "" };
  return matching.length === 0 ? { verdict: "silent", detail: `warnings:\n${show(r.warnings)}` } : { verdict: "several", detail: show(matching) };
}

/** The corpus's count: cases by target and outcome. */
export type CorpusCount = Record<CorpusTarget, Record<CorpusOutcome, number>>;

/** Counts cases by target and outcome. */
export function countCases(corpus: Readonly<Record<CorpusTarget, readonly CorpusCase[]>>): CorpusCount {
  const count = {} as CorpusCount;
  for (const [target, cases] of Object.entries(corpus) as [CorpusTarget, readonly CorpusCase[]][]) {
    count[target] = { error: cases.filter((c) => c.outcome === "error").length, warning: cases.filter((c) => c.outcome === "warning").length };
  }
  return count;
}

/** Builds a case list with its target's defaults: `error` unless said otherwise. */
export function cases(list: ReadonlyArray<Omit<CorpusCase, "outcome"> & { readonly outcome?: CorpusOutcome }>): CorpusCase[] {
  return list.map((c) => ({ ...c, outcome: c.outcome ?? "error" }));
}

/**
 * Registers a target's cases as Jest tests: a clean build first (so "one
 * message" means the mistake's own), then one test per mistake.
 */
export function describeCorpus(target: CorpusTarget, clean: () => TerraformStack, list: readonly CorpusCase[]): void {
  describe(`bad-input corpus: ${target} (${list.length} cases)`, () => {
    test("the correct input the cases start from synthesizes without a problem", () => {
      const r = runCase({ name: "clean", outcome: "error", build: clean, path: "", says: [] });
      expect(r.thrown).toBeUndefined();
      expect(r.problems).toEqual([]);
    });
    test.each(list.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const r = runCase(c);
      const v = verdict(c, r);
      expect({ verdict: v.verdict, detail: v.detail }).toEqual({ verdict: "ok", detail: "" });
    });
  });
}
