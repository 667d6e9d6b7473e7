// synthOrExit as a cdktf app's entry point uses it: the app runs in a child
// process (test/core/synth-or-exit-app.ts), as `cdktf synth` runs it.
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { manifestOf } from "../../lib/core/manifest";
import { readSynthFailure, SYNTH_FAILED_MARKER } from "../../lib/core/synth-status";
import { normalizeForSnapshot, SynthesizedStack } from "../../lib/testing";
import { messageAt, MessageMatcher } from "../harness";

const ROOT = join(__dirname, "../..");

function runApp(variant: "bad" | "good" | "bug", outdir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "synth-or-exit-app.ts")], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, VIGIL_TEST_VARIANT: variant },
    encoding: "utf8",
  });
  if (run.error) throw run.error;
  return { status: run.status, stderr: run.stderr };
}

/** The lines of `text` that say `problem`. */
const occurrences = (text: string, problem: MessageMatcher) => text.split("\n").filter((line) => problem.test(line)).length;

describe("synthOrExit", () => {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-synth-or-exit-"));
  const bad = runApp("bad", outdir);
  const service = messageAt("dev-shop/platform", "`service`", '"Shop_Service"', "2-30 lowercase letters");
  const devOwner = messageAt("dev-shop/platform", "`owner` is empty", "name the owning team");
  const prodOwner = messageAt("prod-shop/platform", "`owner` is empty", "name the owning team");

  test("bad props: exit code 1, each problem once with its construct path, value and fix, from every stack", () => {
    expect(bad.status).toBe(1);
    for (const problem of [service, devOwner, prodOwner]) expect(occurrences(bad.stderr, problem)).toBe(1);
    expect(bad.stderr).toMatch(/^Synth failed with 3 problems; .* is not up to date/);
  });

  test("bad props: no stack trace and no advice to skip validation", () => {
    expect(bad.stderr).not.toMatch(/skipValidation/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    expect(bad.stderr).not.toContain("Validation failed with the following errors");
  });

  test("a failed synth leaves a marker with the time and the problems; a good synth removes it and stamps every manifest", () => {
    const failure = readSynthFailure(outdir);
    expect(failure?.problems.map((p) => p.path)).toEqual(["dev-shop/platform", "dev-shop/platform", "prod-shop/platform"]);
    expect(new Date(failure!.failedAt).toISOString()).toBe(failure!.failedAt);

    const good = runApp("good", outdir);
    expect([good.status, good.stderr]).toEqual([0, ""]);
    expect(existsSync(join(outdir, SYNTH_FAILED_MARKER))).toBe(false);
    const stacks = ["dev-shop", "prod-shop"].map((id) => JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as SynthesizedStack);
    const times = stacks.map((json) => manifestOf(json)?.synthesizedAt);
    // One time for the whole app, after the failure.
    expect(times[0]).toBe(times[1]);
    expect(times[0]! > failure!.failedAt).toBe(true);
    // Snapshots stay stable: the normalised stack has no synth time.
    expect(JSON.stringify(normalizeForSnapshot(stacks[0]))).not.toContain("synthesizedAt");
  });

  test("an error that is no reported problem (a bug) keeps its stack trace and still marks the output as failed", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-synth-or-exit-"));
    const bug = runApp("bug", dir);
    expect(bug.status).not.toBe(0);
    expect(bug.stderr).toContain("a bug in a token producer");
    expect(bug.stderr).toMatch(/^\s+at /m);
    expect(bug.stderr).not.toContain("Synth failed with");
    expect(readSynthFailure(dir)?.problems[0].message).toContain("a bug in a token producer");
  });
});
