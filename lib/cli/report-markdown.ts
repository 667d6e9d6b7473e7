// `vigil report` as Markdown, for a pull-request comment.
import type { LogRetention } from "../core/components/logs";
import type { AlertRecord, LogPipelineRecord } from "../core/manifest";
import { environmentOf, neutralizeEnvironment, prodTwinId } from "../core/stack-environments";
import { resourceCounts, sortedAlerts, SynthOutput, SynthStack, thresholdText, unavailableAlerts, UnavailableAlertRow } from "./read-synth";

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
 * The base URL of a stack's runbook pages, when every alert's runbook is
 * `<base>/<component>/<page>.md` (as Vigil writes them): the section says it
 * once and each row names only its page, which keeps a report of a few
 * hundred alerts inside GitHub's 65,536-character comment limit. The HTML
 * page links every row.
 */
function runbookBase(alerts: readonly AlertRecord[]): string | undefined {
  const bases = new Set(alerts.map((a) => (a.runbookUrl.endsWith(".md") && a.runbookUrl.includes(`/${a.component}/`) ? a.runbookUrl.slice(0, a.runbookUrl.lastIndexOf(`/${a.component}/`)) : "")));
  const [base] = bases;
  return bases.size === 1 && /^https?:\/\/\S+$/.test(base) ? base : undefined;
}

/**
 * The Runbook cell: empty when the page is the alert's own
 * (`<base>/<component>/<alert>.md`), the page when it is another under the
 * base (`error-budget-burn`), else a link.
 */
function runbookCell(a: AlertRecord, page: string, base: string | undefined): string {
  if (!a.runbookUrl) return "**none**";
  const prefix = `${base}/${a.component}/`;
  if (base !== undefined && a.runbookUrl.startsWith(prefix)) {
    const own = a.runbookUrl.slice(prefix.length, -".md".length);
    return own === page ? "" : mdCode(own);
  }
  return `[runbook](<${a.runbookUrl.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/**
 * The stack a section is written against: a staging or dev stack is shown as
 * its differences from the prod stack of the same target and layer
 * (`staging-aws-infra` → `prod-aws-infra`), which keeps a report of several
 * environments inside one pull-request comment while accounting for every
 * alert. Prod stacks, and stacks without a prod twin, are written in full.
 */
function referenceOf(stack: SynthStack, synth: SynthOutput): SynthStack | undefined {
  const twin = prodTwinId(stack.id);
  return twin === undefined ? undefined : synth.stacks.find((s) => s.id === twin);
}

/**
 * An alert as compared across environments: what it watches, its declared
 * severity, threshold and runbook, with the environment's own name neutral.
 * Where it is delivered follows from its severity and is shown once per
 * stack, in the routing table.
 */
function alertKey(a: AlertRecord, environment: string): string {
  return neutralizeEnvironment(JSON.stringify([a.id, a.component, a.resource, a.severity, a.threshold, a.runbookUrl]), environment);
}

/** Severity → delivered as → channels, as the stack's alerts record it. */
function routingRows(alerts: readonly AlertRecord[]): string[][] {
  const rows = new Map<string, string[]>();
  for (const a of alerts) rows.set(`${a.severity} ${a.deliveredAs} ${a.routes.join(",")}`, [a.severity, a.deliveredAs, a.routes.length ? mdCell(a.routes.join(", ")) : "_dashboards only_"]);
  const order = ["page", "ticket", "info"];
  return [...rows.values()].sort((x, y) => order.indexOf(x[0]) - order.indexOf(y[0]) || order.indexOf(x[1]) - order.indexOf(y[1]));
}

/**
 * Alerts repeated per member (a broker, a table, an operation) share
 * everything but the member in their id; they make one row, `id ×n`, named
 * after their shared runbook page.
 */
function memberGroups(alerts: readonly AlertRecord[]): Array<{ readonly alert: AlertRecord; readonly label: string; readonly page: string }> {
  const groups = new Map<string, AlertRecord[]>();
  for (const a of alerts) {
    const key = JSON.stringify([a.component, a.resource, a.severity, a.deliveredAs, a.threshold, a.routes, a.runbookUrl]);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].flatMap((members) => {
    const page = (members[0].runbookUrl.split("/").pop() ?? "").replace(/\.md$/, "");
    if (members.length > 1 && page && members.every((m) => m.id.startsWith(`${page}-`))) return [{ alert: members[0], label: `${mdCode(page)} ×${members.length}`, page }];
    return members.map((m) => ({ alert: m, label: mdCode(m.id), page: m.id }));
  });
}

/**
 * The alerts' table. The Route column is left out when the routing table
 * above already says it: each severity, as delivered, reaches one set of
 * channels.
 */
function alertRows(alerts: readonly AlertRecord[], runbooks: string | undefined, routesShown: boolean): string {
  const route = (a: AlertRecord) => (a.routes.length ? mdCell(a.routes.join(", ")) : "_dashboards only_");
  return table(
    ["Alert", "Component", "Resource", "Severity", "Threshold", ...(routesShown ? [] : ["Route"]), "Runbook"],
    memberGroups(alerts).map(({ alert: a, label, page }) => [
      label,
      mdCell(a.component),
      mdCell(a.resource),
      mdCell(severityLabel(a)),
      mdCell(thresholdText(a)),
      ...(routesShown ? [] : [route(a)]),
      runbookCell(a, page, runbooks),
    ]),
  );
}

function stackSection(stack: SynthStack, reference: SynthStack | undefined): string {
  const m = stack.manifest;
  const counts = resourceCounts(stack);
  const parts: string[] = [`## Stack \`${stack.id}\``, ""];
  const suppressed = m.findings.filter((f) => f.suppressedBecause !== undefined).length;
  parts.push(
    `${stack.resources.length} resources of ${counts.length} types · ${m.alerts.length} alerts · ${m.slos.length} SLOs · ${m.findings.length - suppressed} open findings · ${suppressed} suppressed`,
    "",
  );
  if (reference) parts.push(`_Shown as its differences from \`${reference.id}\` (the environment's own name aside); \`vigil report\`'s HTML page lists everything._`, "");

  const referenceCounts = new Map(reference ? resourceCounts(reference).map((c) => [c.type, c.count]) : []);
  const countRows = reference
    ? [...new Set([...counts.map((c) => c.type), ...referenceCounts.keys()])]
        .sort()
        .map((type) => [type, counts.find((c) => c.type === type)?.count ?? 0, referenceCounts.get(type) ?? 0] as const)
        .filter(([, n, ref]) => n !== ref)
        .map(([type, n, ref]) => [mdCode(type), `${n} (${reference.id}: ${ref})`])
    : counts.map((c) => [mdCode(c.type), String(c.count)]);
  const countsTitle = reference ? `Resource types whose count differs (${countRows.length}; the other types as in \`${reference.id}\`)` : `Resources by type (${stack.resources.length})`;
  // One line, not a table: a prod stack has some seventy types, and the comment has a size limit.
  parts.push(`<details><summary>${countsTitle}</summary>`, "", countRows.length ? countRows.map(([type, count]) => `${type} ${count}`).join(" · ") : "None.", "", "</details>", "");

  parts.push(`### Alerts (${m.alerts.length})`, "");
  const routing = routingRows(m.alerts);
  const routesShown = new Set(routing.map(([severity, deliveredAs]) => `${severity} ${deliveredAs}`)).size === routing.length;
  const runbooks = runbookBase(m.alerts);
  if (m.alerts.length > 0) parts.push(table(["Severity", "Delivered as", "Reaches"], routing), "");
  if (runbooks) parts.push(`Runbooks: \`${runbooks}/<component>/<alert>.md\`; the Runbook column names the page where it is another.`, "");
  if (m.alerts.length === 0) {
    parts.push("No alerts.", "");
  } else if (!reference) {
    parts.push(alertRows(sortedAlerts(stack), runbooks, routesShown), "");
  } else {
    const mine = environmentOf(stack.id);
    const theirs = environmentOf(reference.id);
    const referenceKeys = new Set(reference.manifest.alerts.map((a) => alertKey(a, theirs)));
    const ownKeys = new Set(m.alerts.map((a) => alertKey(a, mine)));
    const differing = sortedAlerts(stack).filter((a) => !referenceKeys.has(alertKey(a, mine)));
    const absent = reference.manifest.alerts.filter((a) => !ownKeys.has(alertKey(a, theirs)) && !m.alerts.some((o) => o.id === a.id && o.component === a.component));
    parts.push(`${m.alerts.length - differing.length} alerts as in \`${reference.id}\`; ${differing.length} differ or are its own:`, "");
    if (differing.length) parts.push(alertRows(differing, runbooks, routesShown), "");
    if (absent.length) parts.push(`Not in this stack (only in \`${reference.id}\`): ${[...new Set(absent.map((a) => `${a.component}/${a.id}`))].sort().map(mdCode).join(", ")}`, "");
  }

  const unavailable = unavailableAlerts(stack);
  if (unavailable.length > 0) {
    // Beside its prod twin, a stack lists only what differs: the reasons are long and mostly the same.
    const key = (u: UnavailableAlertRow) => `${u.component}/${u.id}: ${u.reason}`;
    const referenceUnavailable = new Set(reference ? unavailableAlerts(reference).map(key) : []);
    const own = unavailable.filter((u) => !referenceUnavailable.has(key(u)));
    parts.push(`### Canonical alerts this target cannot provide (${unavailable.length})`, "");
    if (reference) parts.push(`${unavailable.length - own.length} as in \`${reference.id}\`${own.length ? `; ${own.length} its own:` : "."}`, "");
    if (own.length) parts.push(table(["Component", "Resource", "Alert", "Why"], own.map((u) => [mdCell(u.component), mdCell(u.resource), mdCode(`${u.kind}/${u.id}`), mdCell(u.reason)])), "");
  }

  parts.push(`### SLOs (${m.slos.length})`, "");
  parts.push(
    m.slos.length === 0
      ? "No SLOs."
      : reference && sameSlos(stack, reference)
      ? `As in \`${reference.id}\`.`
      : table(
          ["Service", "SLO", "Objective", "Period", "Indicator", "Alerts"],
          m.slos.map((s) => [mdCell(s.service), mdCell(s.name), `${s.objective} %`, mdCell(s.period), mdCell(s.indicator), s.alerts.map(mdCode).join(", ")]),
        ),
    "",
  );

  parts.push(...logsSection(stack, reference));

  parts.push(`### Policy findings (${m.findings.length})`, "");
  parts.push(
    m.policyPacks === undefined && m.findings.length === 0
      ? "**The policy packs did not run on this stack** (`applyPolicyPacks(app)` before `app.synth()`): no finding here means nothing was checked."
      : m.findings.length === 0
      ? `No findings (packs: ${(m.policyPacks ?? []).join(", ")}).`
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

/**
 * A Markdown link whose URL may hold parentheses and quotes (Kibana's rison,
 * console fragments): the destination goes in angle brackets (CommonMark),
 * with `<`, `>`, `|` and white space percent-encoded.
 */
export function mdLink(text: string, url: string): string {
  return `[${mdCell(text)}](<${url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}>)`;
}

/** How long logs are kept, in words: `90 days searchable, 365 in all (S3 Glacier, locked)`. */
export function retentionText(r: LogRetention): string {
  return `${r.searchableDays} days searchable${r.archive ? `, ${r.totalDays} in all (${r.archive}${r.immutable ? ", locked" : ""})` : ", no archive"}`;
}

/**
 * Where each service's logs are, one click away, and the pipelines that
 * collect them. Beside its prod twin a stack says only how long it keeps
 * them when the pipelines are shaped alike: its links are in the HTML page
 * and its runbook pages, and a pull-request comment has no room for them.
 */
function logsSection(stack: SynthStack, reference: SynthStack | undefined): string[] {
  const logs = stack.manifest.serviceLogs ?? [];
  const pipelines = stack.manifest.logPipelines ?? [];
  if (logs.length === 0 && pipelines.length === 0) return [];
  const parts = [`### Logs`, ""];
  const shape = (p: LogPipelineRecord, id: string) => neutralizeEnvironment(`${p.collector} ${p.store} ${JSON.stringify(p.namespaces)} ${p.systemLogs} ${p.encryption}`, environmentOf(id));
  const twins = new Set((reference?.manifest.logPipelines ?? []).map((p) => shape(p, reference!.id)));
  if (reference && pipelines.length > 0 && pipelines.every((p) => twins.has(shape(p, stack.id)))) {
    const kept = [...new Set(pipelines.map((p) => retentionText(p.retention)))].join("; ");
    parts.push(`As in \`${reference.id}\`, kept ${mdText(kept)}; ${logs.length} service link${logs.length === 1 ? "" : "s"} in the HTML page and the runbooks.`, "");
    return parts;
  }
  if (logs.length > 0) {
    parts.push(
      table(
        ["Service", "Namespaces", "Where", "Kept", "Open"],
        logs.map((l) => [mdCell(l.service), l.namespaces.map(mdCode).join(", "), `${mdCell(l.store)}: ${mdCode(l.location)}`, mdCell(retentionText(l.retention)), mdLink(l.queryLanguage, l.url)]),
      ),
      "",
    );
  }
  for (const p of pipelines) {
    parts.push(`- Pipeline: ${mdText(p.collector)} → ${mdText(p.store)}, namespaces ${p.namespaces === "all" ? "all" : p.namespaces.map(mdCode).join(", ")}${p.systemLogs ? " and node logs" : ""}; ${mdText(retentionText(p.retention))}; ${mdText(p.encryption)}`);
  }
  if (pipelines.length > 0) parts.push("");
  return parts;
}

/** Whether a stack's SLOs are its prod twin's, the environment's name aside. */
function sameSlos(stack: SynthStack, reference: SynthStack): boolean {
  const shape = (x: SynthStack) => neutralizeEnvironment(JSON.stringify(x.manifest.slos.map(({ path: _path, ...slo }) => slo)), environmentOf(x.id));
  return shape(stack) === shape(reference);
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
  // Prod first in each target and layer, so the other environments read as differences from it.
  const rank = (s: SynthStack) => ({ prod: 0, staging: 1, dev: 2 })[environmentOf(s.id)] ?? 3;
  const family = (s: SynthStack) => s.id.split("-").slice(1).join("-") || s.id;
  const ordered = [...synth.stacks].sort((a, b) => family(a).localeCompare(family(b)) || rank(a) - rank(b) || a.id.localeCompare(b.id));
  const sections = ordered.map((s) => stackSection(s, referenceOf(s, synth)));
  return [...header, ...sections, ""].join("\n");
}
