import { writeSync } from "fs";
import { AnnotationMetadataEntryType, App } from "cdktf";
import { clearSynthFailure, formatSynthProblem, SynthProblem, writeSynthFailure } from "./synth-status";

/**
 * Every problem the app's constructs report: their validations (Vigil's
 * `addValidationErrors`, the policy packs, cdktf's own; unless
 * `annotationsOnly`) and error annotations, each once, in construct order.
 */
export function synthProblems(app: App, annotationsOnly = false): SynthProblem[] {
  const seen = new Set<string>();
  const problems: SynthProblem[] = [];
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ path, message });
    }
  };
  for (const construct of app.node.findAll()) {
    if (!annotationsOnly) for (const message of construct.node.validate()) add(construct.node.path, message);
    for (const entry of construct.node.metadata) if (entry.type === AnnotationMetadataEntryType.ERROR) add(construct.node.path, String(entry.data));
  }
  return problems;
}

/**
 * Synthesizes `app` (as `app.synth()` does) for a cdktf app's entry point,
 * with bad input reported the way a person can act on it: each problem once,
 * as `[construct path] what is wrong and the fix`, on stderr, without a
 * stack trace, and exit code 1.
 *
 * `app.synth()` alone throws cdktf's error instead: a stack trace, the
 * problems of the first failing stack only, and the advice to set
 * `skipValidation: true` — which would switch every Vigil check off.
 *
 * A failed synth also leaves a marker in the output folder
 * (`cdktf.out/.vigil-synth-failed`: the time and the problems), which a
 * successful one removes; `vigil report`, `vigil diff` and the other review
 * commands refuse an output older than the last failed synth. Each stack's
 * Vigil manifest records when it was synthesized (`"//".vigil.synthesizedAt`).
 *
 * An error that is not a reported problem (a bug) is rethrown with its
 * stack trace, after the marker is written.
 */
export function synthOrExit(app: App): void {
  let problems: SynthProblem[];
  try {
    app.synth();
    // cdktf-cli asks the app to record error annotations instead of throwing (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS).
    problems = synthProblems(app, true);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const found = synthProblems(app);
    // The walk also sees stacks cdktf did not reach; the error is a validation failure when it names one of them.
    if (!found.some((p) => text.includes(p.message))) {
      writeSynthFailure(app.outdir, { failedAt: new Date().toISOString(), problems: [{ path: "", message: text }] });
      throw error;
    }
    problems = found;
  }
  if (problems.length === 0) {
    clearSynthFailure(app.outdir);
    return;
  }
  writeSynthFailure(app.outdir, { failedAt: new Date().toISOString(), problems });
  const heading = `Synth failed with ${problems.length} problem${problems.length === 1 ? "" : "s"}; ${app.outdir} is not up to date (vigil report and vigil diff refuse it until a synth succeeds):`;
  writeSync(2, `${heading}\n\n${problems.map(formatSynthProblem).join("\n")}\n`);
  process.exit(1);
}
