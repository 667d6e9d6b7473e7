// Synthesizes the apps several test files read (the reference deployment and
// its renamed-database variants) once per Jest run, in parallel, into a
// temporary folder that the workers find through VIGIL_TEST_SYNTHS. Each
// reference synth costs seconds of CPU; seven files read it. Runs of chosen
// files (`npx jest test/core`) skip this.
import { spawn } from "child_process";
import { mkdirSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RUNNER_ARGS, SHARED_APPS } from "./shared-synth";

export default async function globalSetup(globalConfig: { readonly testPathPattern?: string }): Promise<void> {
  // A run of chosen files synthesizes only what they read, on first use (sharedSynth).
  if (globalConfig.testPathPattern) return;
  const root = mkdtempSync(join(tmpdir(), "vigil-shared-synth-"));
  const dirs: Record<string, string> = {};
  await Promise.all(
    Object.entries(SHARED_APPS).map(([name, appFile], i) => {
      const outdir = join(root, String(i));
      mkdirSync(outdir);
      dirs[name] = outdir;
      return new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [...RUNNER_ARGS, appFile], { cwd: join(__dirname, ".."), env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`synth of ${appFile} failed (${code}):\n${stderr}`))));
      });
    }),
  );
  process.env.VIGIL_TEST_SYNTHS = JSON.stringify({ root, dirs });
}
