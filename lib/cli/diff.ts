// `vigil diff BASE HEAD`: what a change does to the resources of each stack,
// with every destroy or replacement of a stateful resource flagged.
import { replacingArguments, statefulReason } from "./stateful";
import { isStatefulKind } from "../core/stateful";
import type { ChartObject } from "./read-chart";
import type { SynthOutput, SynthResource, SynthStack } from "./read-synth";
import { blockGoneOutcome, removedAdvice, renameAdvice, replacementAdvice, replacementOutcome } from "./stateful-outcome";
import { chartDowngrades, resourceDowngrades } from "./version-downgrade";

/** One changed argument, as a dotted path (`a.b[0].c`). */
interface AttributeChange {
  /** Dotted path of the argument. */
  readonly path: string;
  /** Value in BASE. @default - absent */
  readonly before?: unknown;
  /** Value in HEAD. @default - absent */
  readonly after?: unknown;
}

/** A resource present in both outputs with different arguments. */
interface ResourceChange {
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
  /** The resource as synthesized on the side that has it (HEAD for an added one, BASE for a removed one): address, type, arguments, construct path. */
  readonly resource: SynthResource;
}

/** A destroy, replacement or refused change of a stateful resource. */
export interface StatefulFlag {
  /**
   * `destroy`: the resource goes; `replacement`: it is destroyed and created
   * anew (a rename, or an argument that forces new) — or, under
   * prevent_destroy, the apply fails; `refused`: a change the database engine
   * refuses (a version downgrade: the apply fails, or the operator ignores it).
   */
  readonly kind: "destroy" | "replacement" | "refused";
  /** Stack name. */
  readonly stack: string;
  /** Address in BASE. */
  readonly address: string;
  /** Address in HEAD, for a rename. @default - same address */
  readonly to?: string;
  /** Construct path in BASE. */
  readonly path: string;
  /** Why it holds data, and what Terraform and the cloud really do with the change. */
  readonly reason: string;
  /** What to do instead. */
  readonly advice: string;
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
  /** Resources a `removed` block of HEAD with `lifecycle { destroy = false }` drops from Terraform: no destroy. */
  readonly forgotten: ReadonlyArray<{ readonly stack: string; readonly address: string }>;
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
function attributeChanges(before: object, after: object): AttributeChange[] {
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
  const address = /(?<![A-Za-z0-9_.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?=[.[})\s,])/g;
  const rewritten = text.replace(/\$\{[^}]*\}/g, (expression) => expression.replace(address, (a: string) => movedFrom.get(a) ?? a));
  return rewritten === text ? body : (JSON.parse(rewritten) as Record<string, unknown>);
}

/**
 * What is compared of a resource: its arguments and, for a release of a
 * chart Vigil generated, the chart's objects (`chart[<kind>/<namespace>/<name>]`),
 * whose change the release's arguments do not show.
 */
function comparable(r: SynthResource): Readonly<Record<string, unknown>> {
  if (!r.chartObjects) return r.body;
  return { ...r.body, ...Object.fromEntries(r.chartObjects.map((o) => [`chart[${o.key}]`, o.manifest])) };
}

/** Stateful objects of BASE's chart that HEAD's chart of the same release no longer has: helm upgrade deletes them. */
function droppedChartObjects(before: readonly ChartObject[] | undefined, after: readonly ChartObject[] | undefined): ChartObject[] {
  if (!before || !after) return [];
  return before.filter((o) => isStatefulKind(o.apiVersion, o.kind) && !after.some((a) => a.key === o.key));
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

type DiffParts = { added: ResourcePresence[]; removed: ResourcePresence[]; changed: ResourceChange[]; moved: SynthDiff["moved"][number][]; forgotten: SynthDiff["forgotten"][number][]; flags: StatefulFlag[] };

/** Flags of a resource both sides have: arguments that force a replacement, version downgrades, stateful objects its chart drops. */
function changeFlags(stack: SynthStack, r: SynthResource, h: SynthResource, changes: readonly AttributeChange[], to: string | undefined): StatefulFlag[] {
  const why = statefulReason(r, stack);
  if (!why) return [];
  const at = { stack: stack.id, address: r.address, ...(to ? { to } : {}), path: r.path };
  const forcing = changes.map((c) => c.path).filter((path) => replacingArguments(r.type).some((arg) => path === arg || path.startsWith(`${arg}.`) || path.startsWith(`${arg}[`)));
  const downgrades = [...resourceDowngrades(r.type, r.body, h.body), ...chartDowngrades(r.chartObjects ?? [], h.chartObjects ?? [])];
  const replacing = [...forcing, ...downgrades.filter((d) => d.effect === "replaced").map((d) => d.path)];
  const flags: StatefulFlag[] = [];
  if (replacing.length > 0) {
    // One replacement, whatever forces it; a refused downgrade on top of it would apply to the new, empty resource.
    const because = [forcing.length > 0 ? `${forcing.join(", ")} cannot change in place` : "", ...downgrades.filter((d) => d.effect === "replaced").map((d) => d.reason)].filter(Boolean).join("; ");
    flags.push({ kind: "replacement", ...at, reason: `${why}; ${because}, so ${replacementOutcome(r.body, h.body)}`, advice: [replacementAdvice(replacing), ...downgrades.map((d) => d.advice)].join(". ") });
  } else {
    for (const d of downgrades) flags.push({ kind: "refused", ...at, reason: `${why}; ${d.reason}`, advice: d.advice });
  }
  for (const o of droppedChartObjects(r.chartObjects, h.chartObjects)) {
    flags.push({
      kind: "destroy",
      ...at,
      reason: `${why}; HEAD's chart no longer has ${o.key}, so helm upgrade deletes it and the operator tears down what it runs for it (whether its volumes survive depends on the operator's claim policy); the release's prevent_destroy does not apply: the release is upgraded, not destroyed`,
      advice: `Keep ${o.key} in the chart (restore the component); to move its data elsewhere, build the new component beside it first`,
    });
  }
  return flags;
}

/** Flags of the stateful resources HEAD no longer has at any address (renamed ones paired with their new address). */
function goneFlags(base: SynthStack, head: SynthStack, stateful: readonly SynthResource[], added: readonly SynthResource[]): StatefulFlag[] {
  const renames = pairRenames(stateful, added);
  return stateful.map((r): StatefulFlag => {
    const pair = renames.get(r);
    const why = statefulReason(r, base);
    const removal = head.removals?.find((x) => x.from === r.address);
    const at = { stack: base.id, address: r.address, path: r.path };
    if (removal) {
      // A removed block with destroy = false is not flagged (see diffStack); this one destroys.
      return { kind: "destroy", ...at, reason: `${why}; HEAD's removed block for it leaves lifecycle.destroy at true (the default), so ${blockGoneOutcome(r.body)}`, advice: removedAdvice(r.address) };
    }
    if (!pair) return { kind: "destroy", ...at, reason: `${why}; HEAD no longer has it, so ${blockGoneOutcome(r.body)}`, advice: removedAdvice(r.address) };
    if (pair.certain) {
      return { kind: "replacement", ...at, to: pair.to.address, reason: `${why}; its address changed (construct path ${r.path} → ${pair.to.path}), so ${blockGoneOutcome(r.body)}; it creates ${pair.to.address} in its place, empty`, advice: renameAdvice(r.address, pair.to.address) };
    }
    return {
      kind: "destroy",
      ...at,
      reason: `${why}; HEAD no longer has it, so ${blockGoneOutcome(r.body)}. Possibly renamed to ${pair.to.address} (the only new ${r.type} here, but its construct path ${pair.to.path} and its arguments differ); if not, this destroys it and creates another`,
      advice: `If it is the same ${r.type}: ${renameAdvice(r.address, pair.to.address)}. If not: ${removedAdvice(r.address)}`,
    };
  });
}

function diffStack(base: SynthStack, head: SynthStack, out: DiffParts): void {
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
    const changes = attributeChanges(withMovedReferences(comparable(r), movedFrom), comparable(h));
    if (changes.length === 0) continue;
    out.changed.push({ stack: base.id, address: to ?? r.address, changes });
    out.flags.push(...changeFlags(base, r, h, changes, to));
  }
  const movedTo = new Set(movedFrom.values());
  const added = head.resources.filter((r) => !baseAddresses.has(r.address) && !movedTo.has(r.address));
  out.removed.push(...removed.map((resource) => ({ stack: base.id, resource })));
  out.added.push(...added.map((resource) => ({ stack: head.id, resource })));
  // A removed block with lifecycle { destroy = false }: Terraform forgets the resource and leaves it in the cloud.
  const forgotten = new Set((head.removals ?? []).filter((x) => !x.destroy).map((x) => x.from));
  out.forgotten.push(...removed.filter((r) => forgotten.has(r.address)).map((r) => ({ stack: base.id, address: r.address })));
  const stateful = removed.filter((r) => !forgotten.has(r.address) && statefulReason(r, base));
  out.flags.push(...goneFlags(base, head, stateful, added));
}

/** Compares two synth outputs stack by stack. */
export function diffSynth(base: SynthOutput, head: SynthOutput): SynthDiff {
  const headStacks = new Map(head.stacks.map((s) => [s.id, s]));
  const baseIds = new Set(base.stacks.map((s) => s.id));
  const out: DiffParts = { added: [], removed: [], changed: [], moved: [], forgotten: [], flags: [] };
  for (const b of base.stacks) {
    // A stack HEAD dropped: every resource of it is removed (cdktf destroy of that stack).
    diffStack(b, headStacks.get(b.id) ?? { id: b.id, resources: [], moves: [], removals: [], manifest: b.manifest }, out);
  }
  for (const h of head.stacks) if (!baseIds.has(h.id)) out.added.push(...h.resources.map((resource) => ({ stack: h.id, resource })));
  return {
    stacksAdded: head.stacks.filter((s) => !baseIds.has(s.id)).map((s) => s.id),
    stacksRemoved: base.stacks.filter((s) => !headStacks.has(s.id)).map((s) => s.id),
    ...out,
  };
}
