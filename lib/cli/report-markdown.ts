// `vigil report` as Markdown, for a pull-request comment.
import type { AlertRecord } from "../core/manifest";
import { resourceCounts, sortedAlerts, SynthOutput, SynthStack } from "./read-synth";

/**
 * Escapes text for a Markdown table cell: HTML-significant characters become
 * entities (GitHub renders HTML in comments), Markdown punctuation is
 * backslash-escaped, and line breaks become spaces.
 */
export function mdCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\|*_`[\]~])/g, "\\$1")
    .replace(/\r?\n/g, " ");
}

/** Escapes text for Markdown prose: only what HTML would interpret. */
export function mdText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text as inline code, safe in a table cell (backticks cannot be escaped inside code spans, so they use a longer fence). */
export function mdCode(text: string): string {
  const clean = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = clean.includes("`") ? "`` " : "`";
  return `${fence}${clean}${fence.split("").reverse().join("")}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** `page` or `page (as ticket)` when the environment delivers it otherwise. */
export function severityLabel(alert: Pick<AlertRecord, "severity" | "deliveredAs">): string {
  return alert.severity === alert.deliveredAs ? alert.severity : `${alert.severity} (as ${alert.deliveredAs})`;
}

/**
 * Runbook links as reference-style links: each URL is written once, at the
 * end of the report, which keeps the report under GitHub's 65,536-character
 * comment limit for a few hundred alerts.
 */
class RunbookLinks {
  private readonly labels = new Map<string, string>();

  /** `[runbook][<component>/<id>]` for `url`, `**none**` when there is none. */
  public link(url: string): string {
    if (!url) return "**none**";
    let label = this.labels.get(url);
    if (!label) {
      const tail = url.split("/").slice(-2).join("/").replace(/\.md$/, "").replace(/[[\]\\]/g, "");
      label = [...this.labels.values()].includes(tail) ? `${tail} ${this.labels.size}` : tail;
      this.labels.set(url, label);
    }
    return `[runbook][${label}]`;
  }

  /** The link definitions. */
  public definitions(): string[] {
    // Angle brackets keep spaces and parentheses of a URL from ending it.
    return [...this.labels].map(([url, label]) => `[${label}]: <${url.replace(/[<>\s]/g, encodeURIComponent)}>`);
  }
}

function stackSection(stack: SynthStack, links: RunbookLinks): string {
  const m = stack.manifest;
  const counts = resourceCounts(stack);
  const parts: string[] = [`## Stack \`${stack.id}\``, ""];
  const suppressed = m.findings.filter((f) => f.suppressedBecause !== undefined).length;
  parts.push(
    `${stack.resources.length} resources of ${counts.length} types · ${m.alerts.length} alerts · ${m.slos.length} SLOs · ${m.findings.length - suppressed} open findings · ${suppressed} suppressed`,
    "",
  );
  parts.push(`<details><summary>Resources by type (${stack.resources.length})</summary>`, "", table(["Type", "Count"], counts.map((c) => [mdCode(c.type), String(c.count)])), "", "</details>", "");

  parts.push(`### Alerts (${m.alerts.length})`, "");
  parts.push(
    m.alerts.length === 0
      ? "No alerts."
      : table(
          ["Alert", "Component", "Resource", "Severity", "Threshold", "Route", "Runbook"],
          sortedAlerts(stack).map((a) => [
            mdCode(a.id),
            mdCell(a.component),
            mdCell(a.resource),
            mdCell(severityLabel(a)),
            mdCell(a.threshold),
            a.routes.length ? mdCell(a.routes.join(", ")) : "_dashboards only_",
            links.link(a.runbookUrl),
          ]),
        ),
    "",
  );

  parts.push(`### SLOs (${m.slos.length})`, "");
  parts.push(
    m.slos.length === 0
      ? "No SLOs."
      : table(
          ["Service", "SLO", "Objective", "Period", "Indicator", "Alerts"],
          m.slos.map((s) => [mdCell(s.service), mdCell(s.name), `${s.objective} %`, mdCell(s.period), mdCell(s.indicator), s.alerts.map(mdCode).join(", ")]),
        ),
    "",
  );

  parts.push(`### Policy findings (${m.findings.length})`, "");
  parts.push(
    m.findings.length === 0
      ? "No findings."
      : table(
          ["Level", "Rule", "Resource", "Message", "Suppressed because"],
          [...m.findings]
            .sort((a, b) => Number(a.suppressedBecause !== undefined) - Number(b.suppressedBecause !== undefined) || a.level.localeCompare(b.level) || a.rule.localeCompare(b.rule))
            .map((f) => [f.suppressedBecause === undefined ? `**${f.level}**` : `${f.level} (suppressed)`, mdCode(f.rule), mdCode(f.resource), mdCell(f.message), f.suppressedBecause === undefined ? "" : mdCell(f.suppressedBecause)]),
        ),
    "",
  );
  return parts.join("\n");
}

/** The whole report: a totals line, then one section per stack. */
export function renderMarkdownReport(synth: SynthOutput): string {
  const total = (f: (s: SynthStack) => number) => synth.stacks.reduce((n, s) => n + f(s), 0);
  const pages = total((s) => s.manifest.alerts.filter((a) => a.deliveredAs === "page").length);
  const open = total((s) => s.manifest.findings.filter((f) => f.suppressedBecause === undefined).length);
  const header = [
    "# Vigil review report",
    "",
    `${synth.stacks.length} stacks · ${total((s) => s.resources.length)} resources · ${total((s) => s.manifest.alerts.length)} alerts (${pages} page) · ${total((s) => s.manifest.slos.length)} SLOs · ${open} open policy findings · ${total((s) => s.manifest.findings.length) - open} suppressed`,
    "",
  ];
  const links = new RunbookLinks();
  const sections = synth.stacks.map((s) => stackSection(s, links));
  return [...header, ...sections, ...links.definitions(), ""].join("\n");
}
