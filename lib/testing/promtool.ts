import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** What a tool run found. */
export interface ToolCheckResult {
  /** True when the tool is not installed and this is not CI, so nothing was checked. */
  readonly skipped: boolean;
  /** The tool's output (or why it was skipped). */
  readonly output: string;
}

/**
 * Runs `promtool check rules` on rule-file YAML. Throws with promtool's
 * output when the rules are invalid. When promtool is missing it returns
 * `skipped` locally and throws when `CI=true`, so CI never passes unchecked.
 */
export function checkRulesWithPromtool(rulesYaml: string): ToolCheckResult {
  return runOnFiles("promtool", { "rules.yml": rulesYaml }, ["check", "rules", "rules.yml"]);
}

/**
 * Runs `promtool test rules` on a unit-test file whose `rule_files` name
 * `rules.yml`, which holds `rulesYaml`. Throws with promtool's output when a
 * test fails.
 */
export function testRulesWithPromtool(rulesYaml: string, testYaml: string): ToolCheckResult {
  return runOnFiles("promtool", { "rules.yml": rulesYaml, "test.yml": testYaml }, ["test", "rules", "test.yml"]);
}

/** Runs `amtool check-config` on alertmanager.yml text; throws on invalid configuration. */
export function checkConfigWithAmtool(configYaml: string): ToolCheckResult {
  return runOnFiles("amtool", { "alertmanager.yml": configYaml }, ["check-config", "alertmanager.yml"]);
}

/** Whether a tool is on the PATH. */
export function toolInstalled(tool: "promtool" | "amtool"): boolean {
  return !spawnSync(tool, ["--version"], { stdio: "ignore" }).error;
}

const warned = new Set<string>();

function runOnFiles(tool: "promtool" | "amtool", files: Record<string, string>, args: string[]): ToolCheckResult {
  if (!toolInstalled(tool)) {
    const why = `${tool} is not installed; install Debian's ${tool === "promtool" ? "prometheus" : "prometheus-alertmanager"} package to run this check`;
    if (process.env.CI === "true") throw new Error(`${why} (CI=true: a missing ${tool} fails instead of skipping)`);
    if (!warned.has(tool)) {
      warned.add(tool);
      console.warn(`skipping ${tool} checks: ${why}`);
    }
    return { skipped: true, output: why };
  }
  const dir = mkdtempSync(join(tmpdir(), `vigil-${tool}-`));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = spawnSync(tool, args, { cwd: dir, encoding: "utf8" });
    const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    if (run.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed:\n${output}`);
    return { skipped: false, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
