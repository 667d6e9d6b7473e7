// Synth outputs shared by the test files of one Jest run (see global-setup.ts).
// Read-only: a test that changes an output works on its own copy.
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");

/** The apps synthesized once per run, by name. */
export const SHARED_APPS = {
  /** The reference deployment, as cdktf.json runs it. */
  reference: join(ROOT, "stacks/main.ts"),
  /** The reference with the database construct renamed (test/cli/rename-db.ts). */
  renamedDb: join(ROOT, "test/cli/renamed-db-app.ts"),
  /** The same with a moved block for the database instance. */
  movedDb: join(ROOT, "test/cli/moved-db-app.ts"),
} as const;

/**
 * The runner's arguments between `node` and the app file, as `cdktf.json`
 * runs the reference app (e.g. `--max-semi-space-size=64 --import tsx`).
 */
export const RUNNER_ARGS: readonly string[] = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app as string).split(" ").slice(1, -1);

const local = new Map<string, string>();

/**
 * The synth output folder of a shared app: the one global setup made, or —
 * when a test file runs without it — one synthesized now for this process.
 * Do not delete or change it.
 */
export function sharedSynth(name: keyof typeof SHARED_APPS): string {
  const shared = process.env.VIGIL_TEST_SYNTHS;
  if (shared) return (JSON.parse(shared) as { dirs: Record<string, string> }).dirs[name];
  let dir = local.get(name);
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "vigil-app-"));
    execFileSync(process.execPath, [...RUNNER_ARGS, SHARED_APPS[name]], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: dir }, stdio: "pipe" });
    local.set(name, dir);
  }
  return dir;
}
