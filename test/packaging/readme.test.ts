// The README's "Use it" and docs/testing.md, followed literally: the library
// packed, an empty folder, and every snippet the two pages mark, in order —
// `file` blocks written as shown, `run` blocks run as shown (only `cdktf-vigil`
// in an `npm install` line becomes the packed tarball) — then the synthesized
// stack and the documented test run checked. The snippets come from the pages
// themselves (test/packaging/snippets.ts), so the pages and this test cannot drift.
//
// Installing cdktf-cli, the AWS provider and Jest takes a minute or more, so the
// full run is in CI (CI=true, as .ci/run sets) and `npm run test:packaging`, like
// consumers.test.ts; the checks of the marked snippets themselves always run.
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { builtinModules } from "module";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { childEnv, PackedLibrary, packLibrary } from "./consumer";
import { importedPackages, installedPackages, Snippet, snippetsOf } from "./snippets";
import type { SynthesizedStack } from "../../lib/testing";

const ENABLED = /^(1|true)$/i.test(process.env.CI ?? "") || process.env.VIGIL_PACKAGING_TEST === "1";

// Build, pack, three installs (one of them the AWS provider's ~400 MB of bindings), synth and two Jest runs.
jest.setTimeout(15 * 60 * 1000);

const README = snippetsOf("README.md");
const TESTING = snippetsOf("docs/testing.md");

/** A snippet in a word: the file it writes, or the commands it runs. */
function outline(s: Snippet): string {
  if (s.kind === "file") return s.path;
  const commands = s.content.split("\n").map((line) => line.replace(/#.*/, "").trim()).filter(Boolean);
  return `$ ${commands.map((c) => c.split(/\s+/).slice(0, 2).join(" ")).join("; ")}`;
}

function fileSnippet(snippets: readonly Snippet[], path: string): string {
  const found = snippets.find((s) => s.kind === "file" && s.path === path);
  if (!found) throw new Error(`no snippet writes ${path}`);
  return found.content;
}

describe("the snippets README.md and docs/testing.md mark", () => {
  test("the README goes from an empty folder to a synth; docs/testing.md from there to a test run", () => {
    expect(README.map(outline)).toEqual(["$ npm init; npm install; npm install", "cdktf.json", "tsconfig.json", "main.ts", "$ npx tsc; npx cdktf"]);
    expect(TESTING.map(outline)).toEqual(["$ npm install", "jest.config.js", "test/infra.test.ts", "$ npx jest"]);
  });

  test("every package the code imports, the runner cdktf.json names and Jest's transform is in an install line", () => {
    const all = [...README, ...TESTING];
    const installed = installedPackages(all);
    const code = all.filter((s) => s.kind === "file" && /\.(ts|js)$/.test(s.path)).map((s) => s.content);
    const imported = code.flatMap(importedPackages).filter((p) => !builtinModules.includes(p));
    expect(imported).toEqual(expect.arrayContaining(["cdktf", "cdktf-vigil", "@jest/globals"]));
    const app = (JSON.parse(fileSnippet(README, "cdktf.json")) as { app: string }).app;
    expect(app).toMatch(/^node --import (\S+) main\.ts$/);
    const config: { exports: { transform?: Record<string, string> } } = { exports: {} };
    new Function("module", fileSnippet(TESTING, "jest.config.js"))(config);
    const transforms = Object.values(config.exports.transform ?? {});
    expect(transforms).toEqual(["@swc/jest"]);
    const needed = [...imported, app.split(" ")[2], ...transforms, "cdktf-cli", "typescript", "jest", "@swc/core"];
    expect(needed.filter((p) => !installed.includes(p))).toEqual([]);
  });
});

/** The environment of the project's commands: a developer's machine (no CI), or CI. */
function projectEnv(ci: boolean): NodeJS.ProcessEnv {
  // Quieter, and the npm cache first; what is installed stays what the README says.
  const env = childEnv({ npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_prefer_offline: "true" });
  delete env.JEST_WORKER_ID;
  delete env.CI;
  return ci ? { ...env, CI: "true" } : env;
}

/** Runs a `run` snippet with bash in the project; returns its output (stdout and stderr). */
function runSnippet(snippet: Snippet, cwd: string, tarball: string, ci = false): string {
  const script = snippet.content
    .split("\n")
    .map((line) => (/^npm (install|i) /.test(line) ? line.replace(/(?<=\s)cdktf-vigil(?=\s|$)/, tarball) : line))
    .join("\n");
  const result = spawnSync("bash", ["-euo", "pipefail", "-c", script], { cwd, env: projectEnv(ci), encoding: "utf8" });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${snippet.source} failed (exit ${result.status}):\n${script}\n${output}`);
  return output;
}

function writeSnippet(snippet: Snippet & { kind: "file" }, cwd: string): void {
  mkdirSync(dirname(join(cwd, snippet.path)), { recursive: true });
  writeFileSync(join(cwd, snippet.path), snippet.content);
}

(ENABLED ? describe : describe.skip)("a new project from the README alone", () => {
  let packed: PackedLibrary;
  let root: string;
  let project: string;
  const seconds: Record<string, number> = {};

  /** Runs `step`, recording its wall time for the summary printed at the end. */
  function timed<T>(name: string, step: () => T): T {
    const start = Date.now();
    try {
      return step();
    } finally {
      seconds[name] = Math.round((Date.now() - start) / 100) / 10;
    }
  }

  /** Applies snippets in order: writes the files, runs the commands. */
  function follow(snippets: readonly Snippet[]): string {
    let output = "";
    for (const s of snippets) {
      if (s.kind === "file") writeSnippet(s, project);
      else output += timed(`${s.source} ${outline(s)}`, () => runSnippet(s, project, packed.tarball));
    }
    return output;
  }

  beforeAll(() => {
    packed = timed("npm pack", packLibrary);
    root = mkdtempSync(join(tmpdir(), "vigil-readme-"));
    // An empty folder with a name `npm init -y` takes as the package name.
    project = join(root, "invoicing-infra");
    mkdirSync(project);
  });

  afterAll(() => {
    if (packed) rmSync(dirname(packed.tarball), { recursive: true, force: true });
    if (root) rmSync(root, { recursive: true, force: true });
    console.log(`README-literal test, seconds per step: ${JSON.stringify(seconds, null, 1)}`);
  });

  test("the README's steps install, type-check with today's TypeScript and synthesize the stack main.ts describes", () => {
    follow(README);
    const typescript = JSON.parse(readFileSync(join(project, "node_modules/typescript/package.json"), "utf8")) as { version: string };
    expect(Number(typescript.version.split(".")[0])).toBeGreaterThanOrEqual(7);

    const outdir = join(project, "cdktf.out");
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    expect(Object.keys(manifest.stacks)).toEqual(["prod-aws-infra"]);
    const stack = JSON.parse(readFileSync(join(outdir, manifest.stacks["prod-aws-infra"].synthesizedStackPath), "utf8")) as SynthesizedStack;
    expect(Object.keys(stack.resource ?? {})).toEqual(
      expect.arrayContaining(["aws_vpc", "aws_eks_cluster", "aws_eks_node_group", "aws_sns_topic", "aws_cloudwatch_metric_alarm", "aws_prometheus_workspace", "aws_cloudtrail", "aws_chatbot_slack_channel_configuration"]),
    );
    expect(stack.provider?.aws[0].default_tags).toEqual([{ tags: expect.objectContaining({ service: "invoicing", environment: "prod", owner: "team-invoicing" }) }]);

    // The numbers main.ts writes, in the user's units, reach the native resources.
    const main = fileSnippet(README, "main.ts");
    const maxNodes = Number(/general: \{ maxNodes: (\d+) \}/.exec(main)?.[1]);
    const cpuPercent = Number(/"node-cpu-high": \{ threshold: (\d+) \}/.exec(main)?.[1]);
    expect(Object.values(stack.resource?.aws_eks_node_group ?? {}).map((g) => (g.scaling_config as { max_size: number }).max_size)).toEqual([maxNodes]);
    const cpuAlarm = Object.values(stack.resource?.aws_cloudwatch_metric_alarm ?? {}).filter((a) => a.metric_name === "node_cpu_utilization");
    expect(cpuAlarm.map((a) => a.threshold)).toEqual([cpuPercent]);
    // The PagerDuty key stays in Secrets Manager: the stack reads it at plan time.
    expect(Object.values(stack.data?.aws_secretsmanager_secret_version ?? {}).map((d) => d.secret_id)).toEqual(["invoicing/pagerduty-routing-key"]);
  });

  test("docs/testing.md's setup runs its test file: every test passes and the snapshot is written", () => {
    const output = follow(TESTING);
    const tests = fileSnippet(TESTING, "test/infra.test.ts").match(/^\s*test\(/gm)?.length ?? 0;
    expect(tests).toBeGreaterThan(3);
    expect(output).toMatch(new RegExp(`Tests:\\s+${tests} passed, ${tests} total`));
    expect(output).toMatch(/Snapshots:\s+1 written, 1 total/);
    const snapshot = readFileSync(join(project, "test/__snapshots__/infra.test.ts.snap"), "utf8");
    expect(snapshot).toContain('"aws_db_instance"');
    expect(snapshot).not.toContain("synthesizedAt");
  });

  test("in CI (CI=true) the same command passes on the committed snapshot and runs promtool and amtool", () => {
    expect(existsSync(join(project, "test/__snapshots__/infra.test.ts.snap"))).toBe(true);
    const [jestRun] = TESTING.filter((s) => s.kind === "run" && /^npx jest\b/m.test(s.content));
    const output = timed(`${jestRun.source} ${outline(jestRun)} (CI=true)`, () => runSnippet(jestRun, project, packed.tarball, true));
    const tests = fileSnippet(TESTING, "test/infra.test.ts").match(/^\s*test\(/gm)?.length ?? 0;
    expect(output).toMatch(new RegExp(`Tests:\\s+${tests} passed, ${tests} total`));
    expect(output).toMatch(/Snapshots:\s+1 passed, 1 total/);
  });
});
