import { execFileSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { EnvironmentTier } from "../lib/core/environment";

/** The three standard environments, in order. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const satisfies readonly EnvironmentTier[];

/**
 * Runs a cdktf app entry point in a child process, as `cdktf synth` would,
 * into a fresh output directory; returns that directory.
 */
export function runApp(command: string, args: readonly string[]): string {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-app-"));
  execFileSync(command, [...args], { cwd: join(__dirname, ".."), env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: "pipe" });
  return outdir;
}
