// `vigil diff` as Markdown for a pull request.
import type { StatefulFlag, SynthDiff } from "./diff";
import { mdCell } from "./report-markdown";

/** Characters of a value shown in a change line. */
const WIDTH = 120;
/** Of those, how many come before the first difference when a value is cut. */
const LEAD = 40;

/** `text[start, start + WIDTH)`, with "…" where it was cut. */
function cut(text: string, start: number): string {
  const end = start + WIDTH;
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

/**
 * The two values of a change as JSON, each at most {@link WIDTH}
 * characters: a long pair is cut to the same window around the first
 * character where they differ, so both sides show the part that changed
 * (a prefix cut would show the same text twice).
 */
export function changeWindow(before: unknown, after: unknown): [string | undefined, string | undefined] {
  const [a, b] = [before, after].map((v) => (v === undefined ? undefined : JSON.stringify(v)));
  if (a === undefined || b === undefined) return [a && cut(a, 0), b && cut(b, 0)];
  if (a.length <= WIDTH && b.length <= WIDTH) return [a, b];
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const start = Math.max(0, first - LEAD);
  return [cut(a, start), cut(b, start)];
}

function code(text: string | undefined): string {
  return text === undefined ? "_(absent)_" : `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

function flagTable(flags: readonly StatefulFlag[]): string[] {
  return [
    "| Stack | Kind | Resource | What happens | What to do |",
    "| --- | --- | --- | --- | --- |",
    ...flags.map((f) => `| \`${f.stack}\` | **${f.kind}** | \`${f.address}\`${f.to ? ` → \`${f.to}\`` : ""} | ${mdCell(f.reason)} | ${mdCell(f.advice)} |`),
    "",
  ];
}

/** The diff as Markdown: flags first, then added, removed, changed per stack. */
export function renderDiffMarkdown(diff: SynthDiff): string {
  const lost = diff.flags.filter((f) => f.kind !== "refused");
  const refused = diff.flags.filter((f) => f.kind === "refused");
  const lines: string[] = ["# Vigil diff", ""];
  lines.push(
    `${diff.added.length} added · ${diff.removed.length} removed · ${diff.changed.length} changed · ${diff.moved.length} moved · **${lost.length} stateful destroys or replacements** · **${refused.length} change${refused.length === 1 ? "" : "s"} the database refuses**`,
    "",
  );
  if (diff.stacksAdded.length) lines.push(`Stacks added: ${diff.stacksAdded.map((s) => `\`${s}\``).join(", ")}`, "");
  if (diff.stacksRemoved.length) lines.push(`Stacks removed: ${diff.stacksRemoved.map((s) => `\`${s}\``).join(", ")}`, "");

  lines.push("## Stateful resources destroyed or replaced", "", ...(lost.length ? flagTable(lost) : ["None.", ""]));
  if (refused.length) lines.push("## Changes the database refuses", "", ...flagTable(refused));
  if (diff.moved.length) {
    lines.push("## Moved (no destroy)", "", ...diff.moved.map((m) => `- \`${m.stack}\`: \`${m.from}\` → \`${m.to}\``), "");
  }
  if (diff.forgotten.length) {
    lines.push("## Removed from Terraform, not destroyed", "", ...diff.forgotten.map((m) => `- \`${m.stack}\`: \`${m.address}\` (a removed block with lifecycle { destroy = false })`), "");
  }
  const byStack = <T extends { stack: string }>(items: readonly T[], line: (t: T) => string) => {
    const stacks = [...new Set(items.map((i) => i.stack))].sort();
    return stacks.flatMap((s) => [`### \`${s}\``, "", ...items.filter((i) => i.stack === s).map(line), ""]);
  };
  lines.push(`## Added (${diff.added.length})`, "", ...(diff.added.length ? byStack(diff.added, (p) => `- \`${p.resource.address}\` (${mdCell(p.resource.path)})`) : ["None.", ""]));
  lines.push(`## Removed (${diff.removed.length})`, "", ...(diff.removed.length ? byStack(diff.removed, (p) => `- \`${p.resource.address}\` (${mdCell(p.resource.path)})`) : ["None.", ""]));
  lines.push(`## Changed (${diff.changed.length})`, "");
  if (diff.changed.length === 0) lines.push("None.", "");
  else {
    const change = (a: { path: string; before?: unknown; after?: unknown }) => {
      const [before, after] = changeWindow(a.before, a.after);
      return `  - \`${a.path}\`: ${code(before)} → ${code(after)}`;
    };
    lines.push(...byStack(diff.changed, (c) => [`- \`${c.address}\``, ...c.changes.map(change)].join("\n")));
  }
  return lines.join("\n");
}
