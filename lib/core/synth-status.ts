// The marker a failed synth leaves in the output folder, so that the review
// commands do not present an older output as the code's. Plain Node, no
// cdktf: `synthOrExit` writes it, the `vigil` bin reads it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";

/** File name of the marker, in the synth output folder (`cdktf.out/.vigil-synth-failed`). */
export const SYNTH_FAILED_MARKER = ".vigil-synth-failed";

/** One problem that failed synth: where, and what to do. */
export interface SynthProblem {
  /** Construct path; empty for the app itself. */
  readonly path: string;
  /** What is wrong and the fix. */
  readonly message: string;
}

/** What the marker records. */
export interface SynthFailure {
  /** When the synth failed, ISO 8601 (`new Date().toISOString()`). */
  readonly failedAt: string;
  /** The problems it reported. */
  readonly problems: readonly SynthProblem[];
}

/** Records a failed synth in `outdir` (created when missing). */
export function writeSynthFailure(outdir: string, failure: SynthFailure): void {
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, SYNTH_FAILED_MARKER), `${JSON.stringify(failure, null, 2)}\n`);
}

/** Removes the marker after a synth that succeeded. */
export function clearSynthFailure(outdir: string): void {
  rmSync(join(outdir, SYNTH_FAILED_MARKER), { force: true });
}

/** The failure recorded in `dir`, or undefined when the last synth through `synthOrExit` succeeded (or none ran). */
export function readSynthFailure(dir: string): SynthFailure | undefined {
  const file = join(dir, SYNTH_FAILED_MARKER);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<SynthFailure>;
    return { failedAt: String(parsed.failedAt ?? ""), problems: Array.isArray(parsed.problems) ? parsed.problems : [] };
  } catch {
    // A marker that cannot be read still says the last synth failed.
    return { failedAt: "", problems: [] };
  }
}

/** `[construct path] message`, continuation lines indented: how synth problems are printed, one per problem. */
export function formatSynthProblem(problem: SynthProblem): string {
  return `[${problem.path || "app"}] ${problem.message.split("\n").join("\n    ")}`;
}
