// Reads a cdktf synth output folder (`cdktf.out/`) for the review commands.
// Only Node's fs and the manifest's types: the bin loads no cdktf or provider code.
import { existsSync, readFileSync, statSync } from "fs";
import { dirname, join, resolve } from "path";
import type { VigilManifestDocument } from "../core/manifest";
import { EMPTY_MANIFEST, manifestOf } from "../core/manifest-read";
import { formatSynthProblem, readSynthFailure, SYNTH_FAILED_MARKER, SynthFailure } from "../core/synth-status";
import { formatThreshold } from "../observability/alert-catalog/types";
import { ChartObject, readChartObjects } from "./read-chart";

/** One Terraform resource of a synthesized stack. */
export interface SynthResource {
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Resource type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Resource name in the stack (cdktf derives it from the construct path). */
  readonly name: string;
  /** Construct path, from cdktf's `"//"` metadata. @default - empty when absent */
  readonly path: string;
  /** The resource's arguments, without the `"//"` metadata. */
  readonly body: Readonly<Record<string, unknown>>;
  /** For a `helm_release` of a chart Vigil generated into the output: the chart's objects. @default - none */
  readonly chartObjects?: readonly ChartObject[];
}

/** A `moved` block of a stack (`TerraformResource.moveTo` / `moveFromId`). */
interface SynthMove {
  /** Former address. */
  readonly from: string;
  /** New address. */
  readonly to: string;
}

/** A `removed` block of a stack (Terraform 1.7+): Terraform stops managing `from`, destroying it unless `lifecycle.destroy` is false. */
interface SynthRemoval {
  /** Address no longer managed. */
  readonly from: string;
  /** Whether Terraform destroys it (`lifecycle.destroy`, which defaults to true). */
  readonly destroy: boolean;
}

/** One synthesized stack. */
export interface SynthStack {
  /** Stack name. */
  readonly id: string;
  /** Its resources, in file order. */
  readonly resources: readonly SynthResource[];
  /** Its `moved` blocks. */
  readonly moves: readonly SynthMove[];
  /** Its `removed` blocks. @default - none */
  readonly removals?: readonly SynthRemoval[];
  /** The Vigil manifest. @default - an empty one when the stack has none */
  readonly manifest: VigilManifestDocument;
}

/** A synth output folder. */
export interface SynthOutput {
  /** The folder, absolute. */
  readonly dir: string;
  /** Its stacks, sorted by name. */
  readonly stacks: readonly SynthStack[];
}

/** A problem with the input the user gave (exit code 2). */
export class UsageError extends Error {}

/**
 * Reads every stack that `<dir>/manifest.json` lists. Throws {@link UsageError}
 * when `dir` is not a synth output, and {@link StaleSynthError} when the last
 * synth into it failed after these stacks were written.
 */
export function readSynth(dir: string): SynthOutput {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`${dir}: no such folder; run \`npx cdktf synth\` first, or pass the folder it wrote (default cdktf.out)`);
  }
  const failure = readSynthFailure(root);
  const manifestFile = join(root, "manifest.json");
  if (!existsSync(manifestFile)) {
    if (failure) throw new StaleSynthError(dir, failure, []);
    throw new UsageError(`${dir}: not a cdktf synth output (no manifest.json); pass the folder \`cdktf synth\` wrote, e.g. cdktf.out`);
  }
  const manifest = parseJson(manifestFile) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const entries = Object.entries(manifest.stacks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const stackFile = (id: string, path: string | undefined) => join(root, path ?? join("stacks", id, "cdk.tf.json"));
  // A stack file a failed synth never wrote is missing or older than the failure: say that, not "missing".
  const stale = failure ? entries.filter(([id, entry]) => !existsSync(stackFile(id, entry.synthesizedStackPath)) || !synthesizedAfter(stackFile(id, entry.synthesizedStackPath), failure)) : [];
  if (failure && (entries.length === 0 || stale.length > 0)) throw new StaleSynthError(dir, failure, stale.map(([id]) => id));
  return { dir: root, stacks: entries.map(([id, entry]) => readStack(id, stackFile(id, entry.synthesizedStackPath))) };
}

/**
 * The output in a folder was written before its last synth failed
 * (`synthOrExit` left `.vigil-synth-failed` there): it does not show the
 * code as it is, and reviewing it would mislead.
 */
class StaleSynthError extends UsageError {
  constructor(dir: string, failure: SynthFailure, staleStacks: readonly string[]) {
    const when = failure.failedAt ? ` at ${failure.failedAt}` : "";
    const count = failure.problems.length;
    const older = staleStacks.length > 0 ? `its stacks (${staleStacks.join(", ")}) are older than that` : "it has no stacks";
    super(
      [
        `${dir}: the last synth failed${when} with ${count} problem${count === 1 ? "" : "s"}, and ${older}, so it does not show the code as it is. Fix ${count === 1 ? "it" : "them"} and synthesize again:`,
        ...failure.problems.map((p) => `  ${formatSynthProblem(p)}`),
        `(${join(dir, SYNTH_FAILED_MARKER)} records the failure; a synth that succeeds removes it.)`,
      ].join("\n"),
    );
  }
}

/** The stack in `file` was synthesized after the failure: its manifest carries a later `synthesizedAt`. */
function synthesizedAfter(file: string, failure: SynthFailure): boolean {
  const at = manifestOf(parseJson(file) as object)?.synthesizedAt;
  return at !== undefined && failure.failedAt !== "" && Date.parse(at) > Date.parse(failure.failedAt);
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: cannot read it as JSON (${(e as Error).message})`);
  }
}

interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly moved?: readonly SynthMove[];
  readonly removed?: unknown;
}

/** A block JSON may write as an object or as a list of one. */
function one(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** `removed` blocks as Terraform reads them from JSON (a list of blocks, or one block); `lifecycle.destroy` defaults to true (measured with Terraform 1.11, docs/review-tools.md). */
function removalsOf(removed: unknown): SynthRemoval[] {
  const blocks = Array.isArray(removed) ? removed : removed === undefined ? [] : [removed];
  return blocks
    .map(one)
    .filter((b): b is Record<string, unknown> => typeof b?.from === "string")
    .map((b) => ({ from: b.from as string, destroy: one(b.lifecycle)?.destroy !== false && one(b.lifecycle)?.destroy !== "false" }));
}

function readStack(id: string, file: string): SynthStack {
  if (!existsSync(file)) throw new UsageError(`stack ${id}: ${file} is missing; synthesize again`);
  return stackFromJson(id, parseJson(file), dirname(file));
}

/**
 * One stack from its synthesized JSON (a `cdk.tf.json`, or `Testing.synth`
 * parsed); `dir` is the stack's output folder, where its generated charts
 * are (none read without it).
 */
export function stackFromJson(id: string, synthesized: unknown, dir?: string): SynthStack {
  const json = synthesized as StackJson;
  const resources: SynthResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName)) {
      const { "//": meta, ...body } = raw as { "//"?: { metadata?: { path?: string } } };
      const chartObjects = type === "helm_release" && dir !== undefined ? readChartObjects(dir, (body as { chart?: unknown }).chart) : undefined;
      resources.push({ address: `${type}.${name}`, type, name, path: meta?.metadata?.path ?? "", body, ...(chartObjects ? { chartObjects } : {}) });
    }
  }
  const vigil = manifestOf(json);
  const manifest = vigil ? { ...EMPTY_MANIFEST, ...vigil } : EMPTY_MANIFEST;
  return { id, resources, moves: json.moved ?? [], removals: removalsOf(json.removed), manifest };
}

/** Resource counts by type, most numerous first (then by name). */
export function resourceCounts(stack: SynthStack): Array<{ readonly type: string; readonly count: number }> {
  const counts = new Map<string, number>();
  for (const r of stack.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

const SEVERITY_ORDER: Record<string, number> = { page: 0, ticket: 1, info: 2 };

/** A stack's alerts, most severe (as delivered) first, then by component and id. */
export function sortedAlerts(stack: SynthStack): VigilManifestDocument["alerts"] {
  return [...stack.manifest.alerts].sort(
    (a, b) => (SEVERITY_ORDER[a.deliveredAs] ?? 9) - (SEVERITY_ORDER[b.deliveredAs] ?? 9) || a.component.localeCompare(b.component) || a.id.localeCompare(b.id) || a.resource.localeCompare(b.resource),
  );
}

/** A canonical alert a stack's component does not get on its target, with the reason. */
export interface UnavailableAlertRow {
  /** Canonical kind (`postgres`). */
  readonly kind: string;
  /** The implementation (`rds-postgres`). */
  readonly component: string;
  /** The component's resource name. */
  readonly resource: string;
  /** Canonical alert id. */
  readonly id: string;
  /** Why the target cannot provide it. */
  readonly reason: string;
}

/** Every canonical alert the stack's components declare unavailable, by component then id. */
export function unavailableAlerts(stack: SynthStack): UnavailableAlertRow[] {
  return stack.manifest.components
    .flatMap((c) => (c.unavailableAlerts ?? []).map((u) => ({ kind: c.kind ?? c.component, component: c.component, resource: c.name, id: u.id, reason: u.reason })))
    .sort((a, b) => a.component.localeCompare(b.component) || a.resource.localeCompare(b.resource) || a.id.localeCompare(b.id));
}

/**
 * An alert's threshold for a reviewer: the user's value in the catalog's
 * unit and, when the target converted it, the native condition
 * (`20 % · native: > 0.8 fraction`). Where the native condition compares
 * the same number (a PromQL rule in the catalog's unit), the unit goes into
 * it instead: `> 80 % for 15m`.
 */
export function thresholdText(alert: VigilManifestDocument["alerts"][number]): string {
  const c = alert.canonical;
  if (!c || c.unit === "none") return alert.threshold;
  const user = formatThreshold(c.threshold, c.unit);
  if (alert.threshold.includes(user)) return alert.threshold;
  const native = /^([<>]=?) (-?[\d.]+)( .*)?$/.exec(alert.threshold);
  if (native && Number(native[2]) === c.threshold) return `${native[1]} ${user}${native[3] ?? ""}`;
  return `${user} · native: ${alert.threshold}`;
}
