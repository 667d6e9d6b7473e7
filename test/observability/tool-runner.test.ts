// The promtool/amtool runners skip, saying why, when the tool is missing on
// a developer's machine, and fail when it is missing in CI.
import { spawnSync } from "child_process";
import { mkdtempSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "../..");
/** A PATH holding node alone, so neither promtool nor amtool is found. */
const bareBin = mkdtempSync(join(tmpdir(), "vigil-bare-bin-"));
symlinkSync(process.execPath, join(bareBin, "node"));

function runWithoutTools(ci: boolean): { stdout: string; stderr: string; status: number } {
  const script = `
    require("tsx/cjs");
    const { checkRulesWithPromtool, checkConfigWithAmtool } = require(${JSON.stringify(join(ROOT, "lib/testing/promtool.ts"))});
    const results = [checkRulesWithPromtool("groups: []"), checkRulesWithPromtool("groups: []"), checkConfigWithAmtool("route: {}")];
    console.log(JSON.stringify(results.map((r) => r.skipped)));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, env: { PATH: bareBin, CI: ci ? "true" : "false", HOME: process.env.HOME ?? "/tmp" }, encoding: "utf8" });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status ?? -1 };
}

describe("promtool and amtool runners without the tools", () => {
  test("locally: every check is skipped, with one clear warning per tool", () => {
    const run = runWithoutTools(false);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim().split("\n").pop()!)).toEqual([true, true, true]);
    expect(run.stderr.match(/skipping promtool checks: promtool is not installed; install Debian's prometheus package/g)).toHaveLength(1);
    expect(run.stderr).toContain("skipping amtool checks: amtool is not installed; install Debian's prometheus-alertmanager package");
  });

  test("with CI=true a missing tool fails the check", () => {
    const run = runWithoutTools(true);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("promtool is not installed; install Debian's prometheus package to run this check (CI=true: a missing promtool fails instead of skipping)");
  });
});
