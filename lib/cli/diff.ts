// `vigil diff BASE HEAD`: what a change does to the resources of each stack,
// with every destroy or replacement of a stateful resource flagged.
import { replacingArguments, statefulReason } from "./stateful";
import type { SynthOutput, SynthResource, SynthStack } from "./read-synth";
import { mdCell } from "./report-markdown";

/** One changed argument, as a dotted path (`a.b[0].c`). */
export interface AttributeChange {
  /** Dotted path of the argument. */
  readonly path: string;
  /** Value in BASE. @default - absent */
  readonly before?: unknown;
  /** Value in HEAD. @default - absent */
  readonly after?: unknown;
}

/** A resource present in both outputs with different arguments. */
export interface ResourceChange {
  /** Stack name. */
  readonly stack: string;
  /** Terraform address. */
  readonly address: string;
  /** Changed arguments. */
  readonly changes: readonly AttributeChange[];
}

/** A resource only one side has. */
export interface ResourcePresence {
  /** Stack name. */
  readonly stack: string;
  /** The resource. */
  readonly resource: SynthResource;
}

/** A destroy or replacement of a stateful resource. */
export interface StatefulFlag {
  /** `destroy`: the resource goes; `replacement`: it is destroyed and created anew (a rename, or an argument that forces new). */
  readonly kind: "destroy" | "replacement";
  /** Stack name. */
  readonly stack: string;
  /** Address in BASE. */
  readonly address: string;
  /** Address in HEAD, for a rename. @default - same address */
  readonly to?: string;
  /** Construct path in BASE. */
  readonly path: string;
  /** Why it holds data, and what replaces it. */
  readonly reason: string;
}

/** The comparison of two synth outputs. */
export interface SynthDiff {
  /** Stacks only HEAD has. */
  readonly stacksAdded: readonly string[];
  /** Stacks only BASE has. */
  readonly stacksRemoved: readonly string[];
  /** Resources only HEAD has. */
  readonly added: readonly ResourcePresence[];
  /** Resources only BASE has (moved ones excluded). */
  readonly removed: readonly ResourcePresence[];
  /** Resources whose arguments changed. */
  readonly changed: readonly ResourceChange[];
  /** Resources a `moved` block of HEAD carries to a new address: no destroy. */
  readonly moved: ReadonlyArray<{ readonly stack: string; readonly from: string; readonly to: string }>;
  /** Destroys and replacements of stateful resources. */
  readonly flags: readonly StatefulFlag[];
}

/** A string argument holding a JSON document (a dashboard body, an IAM policy), parsed; otherwise undefined. */
function embeddedJson(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Flattens JSON into dotted paths → leaf values (empty objects and arrays are
 * leaves). A string argument that holds JSON is flattened too, so a change in
 * a dashboard body or a policy shows as the field that changed.
 */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  const parsed = typeof value === "string" ? embeddedJson(value) : undefined;
  if (parsed !== undefined && typeof parsed === "object" && parsed !== null) {
    flatten(parsed, prefix, out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) if (k !== "//") flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Argument-level differences of two resource bodies. */
export function attributeChanges(before: object, after: object): AttributeChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: AttributeChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ path, ...(a.has(path) ? { before: x } : {}), ...(b.has(path) ? { after: y } : {}) });
  }
  return changes.sort((p, q) => p.path.localeCompare(q.path));
}

/**
 * `body` with every reference to a moved resource (`${<old address>...`,
 * also inside an expression) rewritten to its new address, so a resource
 * whose dependency moved with it compares equal to what it was.
 */
export function withMovedReferences(body: Readonly<Record<string, unknown>>, movedFrom: ReadonlyMap<string, string>): Readonly<Record<string, unknown>> {
  if (movedFrom.size === 0) return body;
  const text = JSON.stringify(body);
  if (!text.includes("${")) return body;
  // Inside each `${...}`: an address not preceded by an identifier character, followed by an attribute, an index or the end of the expression.
  const address = /(?<![A-Za-z0-9_.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?=[.\[})\s,])/g;
  const rewritten = text.replace(/\$\{[^}]*\}/g, (expression) => expression.replace(address, (a: string) => movedFrom.get(a) ?? a));
  return rewritten === text ? body : (JSON.parse(rewritten) as Record<string, unknown>);
}

/** A body with references to other resources' names blanked, so a renamed subtree compares equal. */
function normalized(r: SynthResource): string {
  return JSON.stringify(r.body).replace(/\$\{([a-z0-9_]+)\.[A-Za-z0-9_-]+/g, "${$1.*");
}

/** Shared trailing construct-path segments below the stack, e.g. `…/postgres/instance` vs `…/orders-db/instance` share 1. */
function pathSimilarity(a: string, b: string): number {
  const x = a.split("/").slice(1);
  const y = b.split("/").slice(1);
  let same = 0;
  for (const seg of x) if (y.includes(seg)) same++;
  return same / Math.max(x.length, y.length, 1);
}

/** A removed resource paired with an added one of the same type. */
interface RenamePair {
  /** The added resource. */
  readonly to: SynthResource;
  /** Same arguments apart from references, or similar construct paths; otherwise only the type's one removal met its one addition. */
  readonly certain: boolean;
}

/**
 * Pairs removed and added resources of one type in one stack that are the
 * same thing under a new name: identical arguments apart from references,
 * or a similar construct path (certain); or, when the type's only removal
 * meets its only addition, possibly (a real destroy and create look the same).
 */
function pairRenames(removed: readonly SynthResource[], added: readonly SynthResource[]): Map<SynthResource, RenamePair> {
  const pairs = new Map<SynthResource, RenamePair>();
  const free = new Set(added);
  for (const r of removed) {
    const candidates = [...free].filter((a) => a.type === r.type);
    if (candidates.length === 0) continue;
    const score = (a: SynthResource) => (normalized(a) === normalized(r) ? 10 : 0) + pathSimilarity(r.path, a.path);
    const best = candidates.reduce((p, q) => (score(q) > score(p) ? q : p));
    const certain = score(best) >= 0.5;
    const unique = candidates.length === 1 && removed.filter((x) => x.type === r.type).length === 1;
    if (certain || unique) {
      pairs.set(r, { to: best, certain });
      free.delete(best);
    }
  }
  return pairs;
}

function diffStack(base: SynthStack, head: SynthStack, out: { added: ResourcePresence[]; removed: ResourcePresence[]; changed: ResourceChange[]; moved: SynthDiff["moved"][number][]; flags: StatefulFlag[] }): void {
  const headByAddress = new Map(head.resources.map((r) => [r.address, r]));
  const baseAddresses = new Set(base.resources.map((r) => r.address));
  const movedFrom = new Map(head.moves.map((m) => [m.from, m.to]));
  const removed: SynthResource[] = [];
  for (const r of base.resources) {
    const to = movedFrom.get(r.address);
    const h = headByAddress.get(to ?? r.address);
    if (to && h) out.moved.push({ stack: base.id, from: r.address, to });
    if (!h) {
      removed.push(r);
      continue;
    }
    // References to resources HEAD moved are read at their new address: a moved key is not a new key.
    const changes = attributeChanges(withMovedReferences(r.body, movedFrom), h.body);
    if (changes.length === 0) continue;
    out.changed.push({ stack: base.id, address: to ?? r.address, changes });
    const why = statefulReason(r, base);
    const forcing = why ? changes.filter((c) => replacingArguments(r.type).some((arg) => c.path === arg || c.path.startsWith(`${arg}.`) || c.path.startsWith(`${arg}[`))) : [];
    if (forcing.length > 0) {
      out.flags.push({ kind: "replacement", stack: base.id, address: r.address, ...(to ? { to } : {}), path: r.path, reason: `${why}; ${forcing.map((c) => c.path).join(", ")} cannot change in place, so Terraform destroys it and creates it anew` });
    }
  }
  const movedTo = new Set(movedFrom.values());
  const added = head.resources.filter((r) => !baseAddresses.has(r.address) && !movedTo.has(r.address));
  out.removed.push(...removed.map((resource) => ({ stack: base.id, resource })));
  out.added.push(...added.map((resource) => ({ stack: head.id, resource })));
  const stateful = removed.filter((r) => statefulReason(r, base));
  const renames = pairRenames(stateful, added);
  for (const r of stateful) {
    const pair = renames.get(r);
    const why = statefulReason(r, base);
    // prevent_destroy makes the apply fail rather than lose the data: say so, it is still a change to stop.
    const guarded = (r.body.lifecycle as { prevent_destroy?: unknown } | undefined)?.prevent_destroy === true ? " (its prevent_destroy makes terraform apply fail)" : "";
    const moveAdvice = "Keep the construct id, or add a moved block (TerraformResource.moveTo or moveFromId)";
    out.flags.push(
      !pair
        ? { kind: "destroy", stack: base.id, address: r.address, path: r.path, reason: `${why}; HEAD no longer has it${guarded}` }
        : pair.certain
          ? { kind: "replacement", stack: base.id, address: r.address, to: pair.to.address, path: r.path, reason: `${why}; its address changed (construct path ${r.path} → ${pair.to.path}), so Terraform destroys it and creates ${pair.to.address}${guarded}. ${moveAdvice}` }
          : {
              kind: "destroy",
              stack: base.id,
              address: r.address,
              path: r.path,
              reason: `${why}; HEAD no longer has it${guarded}. Possibly renamed to ${pair.to.address} (the only new ${r.type} here, but its construct path ${pair.to.path} and its arguments differ): if it is the same ${r.type}, ${moveAdvice.charAt(0).toLowerCase()}${moveAdvice.slice(1)}; if not, this destroys it and creates another`,
            },
    );
  }
}

/** Compares two synth outputs stack by stack. */
export function diffSynth(base: SynthOutput, head: SynthOutput): SynthDiff {
  const headStacks = new Map(head.stacks.map((s) => [s.id, s]));
  const baseIds = new Set(base.stacks.map((s) => s.id));
  const out = { added: [] as ResourcePresence[], removed: [] as ResourcePresence[], changed: [] as ResourceChange[], moved: [] as SynthDiff["moved"][number][], flags: [] as StatefulFlag[] };
  for (const b of base.stacks) {
    // A stack HEAD dropped: every resource of it is removed (cdktf destroy of that stack).
    diffStack(b, headStacks.get(b.id) ?? { id: b.id, resources: [], moves: [], manifest: b.manifest }, out);
  }
  for (const h of head.stacks) if (!baseIds.has(h.id)) out.added.push(...h.resources.map((resource) => ({ stack: h.id, resource })));
  return {
    stacksAdded: head.stacks.filter((s) => !baseIds.has(s.id)).map((s) => s.id),
    stacksRemoved: base.stacks.filter((s) => !headStacks.has(s.id)).map((s) => s.id),
    ...out,
  };
}

function show(value: unknown): string {
  if (value === undefined) return "_(absent)_";
  const text = JSON.stringify(value);
  return `\`${(text.length > 120 ? `${text.slice(0, 117)}...` : text).replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

/** The diff as Markdown: flags first, then added, removed, changed per stack. */
export function renderDiffMarkdown(diff: SynthDiff): string {
  const lines: string[] = ["# Vigil diff", ""];
  lines.push(`${diff.added.length} added · ${diff.removed.length} removed · ${diff.changed.length} changed · ${diff.moved.length} moved · **${diff.flags.length} stateful destroys or replacements**`, "");
  if (diff.stacksAdded.length) lines.push(`Stacks added: ${diff.stacksAdded.map((s) => `\`${s}\``).join(", ")}`, "");
  if (diff.stacksRemoved.length) lines.push(`Stacks removed: ${diff.stacksRemoved.map((s) => `\`${s}\``).join(", ")}`, "");

  lines.push("## Stateful resources destroyed or replaced", "");
  if (diff.flags.length === 0) lines.push("None.", "");
  else {
    lines.push("| Stack | Kind | Resource | Why |", "| --- | --- | --- | --- |");
    for (const f of diff.flags) lines.push(`| \`${f.stack}\` | **${f.kind}** | \`${f.address}\`${f.to ? ` → \`${f.to}\`` : ""} | ${mdCell(f.reason)} |`);
    lines.push("");
  }
  if (diff.moved.length) {
    lines.push("## Moved (no destroy)", "", ...diff.moved.map((m) => `- \`${m.stack}\`: \`${m.from}\` → \`${m.to}\``), "");
  }
  const byStack = <T extends { stack: string }>(items: readonly T[], line: (t: T) => string) => {
    const stacks = [...new Set(items.map((i) => i.stack))].sort();
    return stacks.flatMap((s) => [`### \`${s}\``, "", ...items.filter((i) => i.stack === s).map(line), ""]);
  };
  lines.push(`## Added (${diff.added.length})`, "", ...(diff.added.length ? byStack(diff.added, (p) => `- \`${p.resource.address}\` (${mdCell(p.resource.path)})`) : ["None.", ""]));
  lines.push(`## Removed (${diff.removed.length})`, "", ...(diff.removed.length ? byStack(diff.removed, (p) => `- \`${p.resource.address}\` (${mdCell(p.resource.path)})`) : ["None.", ""]));
  lines.push(`## Changed (${diff.changed.length})`, "");
  if (diff.changed.length === 0) lines.push("None.", "");
  else
    lines.push(
      ...byStack(diff.changed, (c) => [`- \`${c.address}\``, ...c.changes.map((a) => `  - \`${a.path}\`: ${show(a.before)} → ${show(a.after)}`)].join("\n")),
    );
  return lines.join("\n");
}
