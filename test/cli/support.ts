// Helpers of the CLI tests: synth outputs on disk and the bin run as a child process.
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import type { AlertRecord, VigilManifestDocument } from "../../lib/core/manifest";
import { runApp } from "../support";

export const ROOT = join(__dirname, "../..");

/** Synthesizes a cdktf app file of this checkout (run with tsx, as cdktf.json does) into a new temporary folder. */
export function synthApp(appFile: string): string {
  return runApp(process.execPath, ["--import", "tsx", appFile]);
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `vigil` bin (lib/cli/main.ts through tsx) in `cwd`. */
export function vigil(args: readonly string[], cwd = ROOT): CliRun {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "lib/cli/main.ts"), ...args], { cwd, encoding: "utf8" });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** A stack of a hand-made synth output. */
export interface FixtureStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly moved?: ReadonlyArray<{ from: string; to: string }>;
  /** `removed` blocks, as written into the stack JSON. */
  readonly removed?: unknown;
  readonly vigil?: Partial<VigilManifestDocument>;
  /** Files under the stack's folder by relative path (a generated chart: `assets/<id>/<name>/manifests/*.yaml`). */
  readonly files?: Record<string, string>;
}

/** Writes a synth output folder (manifest.json + stacks/<id>/cdk.tf.json) and returns its path. */
export function writeSynthDir(stacks: Record<string, FixtureStack>): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-cli-fixture-"));
  const manifest: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", id), { recursive: true });
    const json = {
      "//": { metadata: { stackName: id }, ...(s.vigil ? { vigil: { version: 1, components: [], alerts: [], slos: [], findings: [], ...s.vigil } } : {}) },
      ...(s.resource ? { resource: s.resource } : {}),
      ...(s.moved ? { moved: s.moved } : {}),
      ...(s.removed !== undefined ? { removed: s.removed } : {}),
    };
    writeFileSync(join(dir, "stacks", id, "cdk.tf.json"), JSON.stringify(json, null, 2));
    for (const [file, content] of Object.entries(s.files ?? {})) {
      mkdirSync(dirname(join(dir, "stacks", id, file)), { recursive: true });
      writeFileSync(join(dir, "stacks", id, file), content);
    }
    manifest[id] = { name: id, synthesizedStackPath: `stacks/${id}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }, null, 2));
  return dir;
}

/** A resource body with cdktf's metadata for `path`. */
export function resourceAt(path: string, body: Record<string, unknown>): Record<string, unknown> {
  return { "//": { metadata: { path, uniqueId: path.split("/").slice(1).join("_") } }, ...body };
}

/** An alert record with the given changes. */
export function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: "cpu-high",
    component: "rds-postgres",
    resource: "shop-prod",
    name: "shop-prod-rds-postgres-cpu-high",
    severity: "page",
    deliveredAs: "page",
    summary: "CPU of shop-prod is high",
    description: "CPUUtilization above 80 %",
    threshold: "> 80 %",
    condition: "AWS/RDS CPUUtilization (DBInstanceIdentifier=shop-prod) Average over 60s, 5 of 5 periods",
    mechanism: "cloudwatch-alarm",
    runbookUrl: "https://runbooks.example.com/rds-postgres/cpu-high.md",
    routes: ["oncall"],
    path: "prod/shop/postgres/alarm-cpu-high/alarm",
    ...overrides,
  };
}
