// The review commands refuse an output older than the last failed synth
// (the marker synthOrExit writes: test/core/synth-or-exit.test.ts).
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { SYNTH_FAILED_MARKER, SynthFailure } from "../../lib/core/synth-status";
import { resourceAt, vigil, writeSynthDir } from "./support";

const FAILURE: SynthFailure = {
  failedAt: "2026-03-02T10:00:00.000Z",
  problems: [
    { path: "prod/shop/postgres", message: '`storageGiB` is -5; give a size in GiB >= 20' },
    { path: "prod/shop", message: "`owner` is empty; name the owning team" },
  ],
};

/** A one-stack output synthesized at `synthesizedAt` (absent: a manifest without the field), with the failure marker unless `marked` is false. */
function output(synthesizedAt: string | undefined, marked = true): string {
  const dir = writeSynthDir({
    prod: { resource: { aws_s3_bucket: { archive: resourceAt("prod/shop/archive/bucket", { bucket: "shop-archive" }) } }, vigil: synthesizedAt ? { synthesizedAt } : {} },
  });
  if (marked) writeFileSync(join(dir, SYNTH_FAILED_MARKER), JSON.stringify(FAILURE));
  return dir;
}

describe("an output older than the last failed synth", () => {
  const stale = output("2026-03-01T09:00:00.000Z");

  test("vigil report refuses it (exit 2), says when synth failed and lists each problem", () => {
    const run = vigil(["report", stale, "--stdout"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${stale}: the last synth failed at 2026-03-02T10:00:00.000Z with 2 problems, and its stacks (prod) are older than that`);
    expect(run.stderr).toContain("  [prod/shop/postgres] `storageGiB` is -5; give a size in GiB >= 20\n");
    expect(run.stderr).toContain("  [prod/shop] `owner` is empty; name the owning team\n");
  });

  test("vigil diff refuses a stale HEAD or BASE; runbooks and addresses refuse it too", () => {
    const fresh = output("2026-03-01T09:00:00.000Z", false);
    for (const args of [["diff", fresh, stale], ["diff", stale, fresh], ["runbooks", stale, "--out", join(stale, "pages")], ["addresses", stale]]) {
      const run = vigil(args);
      expect([args[0], run.status, run.stderr]).toEqual([args[0], 2, expect.stringContaining(`${stale}: the last synth failed`)]);
    }
    expect(vigil(["diff", fresh, fresh]).status).toBe(0);
  });

  test("a stack without a synth time (written by an older Vigil) counts as older", () => {
    expect(vigil(["report", output(undefined), "--stdout"]).status).toBe(2);
  });

  test("a failed first synth (no manifest.json yet) is named as such, not as 'not a synth output'", () => {
    // What cdktf leaves after a first synth that failed: an empty stacks folder, and the marker.
    const empty = mkdtempSync(join(tmpdir(), "vigil-cli-fixture-"));
    mkdirSync(join(empty, "stacks"));
    writeFileSync(join(empty, SYNTH_FAILED_MARKER), JSON.stringify(FAILURE));
    const run = vigil(["report", empty, "--stdout"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("the last synth failed at 2026-03-02T10:00:00.000Z with 2 problems, and it has no stacks");
    expect(run.stderr).not.toContain("not a cdktf synth output");
  });
});

test("an output synthesized after the failure (a later synth that did not clear the marker) is read", () => {
  const run = vigil(["report", output("2026-03-02T10:05:00.000Z"), "--stdout"]);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("# Vigil review report");
});
