// `vigil runbooks`: one Markdown page per runbook URL the alerts link to,
// generated from the Vigil manifest of every stack.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join, relative, sep } from "path";
import type { AlertRecord, ComponentRecord, ServiceLogsRecord } from "../core/manifest";
import type { SynthOutput } from "./read-synth";
import { mdCell, mdCode, mdLink, mdText, severityLabel } from "./report-markdown";

/** An alert with the stack that deploys it and the component record it belongs to. */
interface DeployedAlert {
  /** Stack name. */
  readonly stack: string;
  /** The alert as the stack's Vigil manifest records it: id, component, severity, runbook URL, condition. */
  readonly alert: AlertRecord;
  /** Its component's record. @default - none recorded */
  readonly component?: ComponentRecord;
  /** The logs to read first: the service's whose alert it is, else every service's of the stack's environment and target. @default - none recorded */
  readonly logs?: readonly ServiceLogsRecord[];
}

/** One generated page. */
interface RunbookPage {
  /** Path below the output folder and the base URL: `<component>/<id>.md`. */
  readonly file: string;
  /** Every deployed alert whose runbook URL is this page. */
  readonly alerts: readonly DeployedAlert[];
  /** The page's Markdown. */
  readonly markdown: string;
}

/** The outcome of planning the pages. */
interface RunbookPlan {
  /** Base URL the pages are published under (no trailing slash). */
  readonly baseUrl: string;
  /** Pages, sorted by file. */
  readonly pages: readonly RunbookPage[];
  /** Alerts whose runbook URL is not `<baseUrl>/<component>/<id>.md`, with what is wrong. */
  readonly problems: readonly string[];
}

/** Options of {@link planRunbooks}. */
interface RunbookOptions {
  /** Base URL of the pages. @default - the alerts' runbook URLs minus their last two segments, when they all agree */
  readonly baseUrl?: string;
  /** Folder of hand-written runbooks (`<component>/<id>.md`) whose "First checks" sections are reused. @default - none */
  readonly handWritten?: string;
  /** Folder the pages are written to, so a page can link to its hand-written runbook. @default - no link */
  readonly outDir?: string;
}

/** The text of a `## <title>` section of a Markdown page, without its heading. */
export function markdownSection(markdown: string, title: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => new RegExp(`^##\\s+${title}\\s*$`, "i").test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
  const body = lines.slice(start + 1, end < 0 ? undefined : end).join("\n").trim();
  return body || undefined;
}

/** First checks for an alert with no hand-written page, from how it is evaluated. */
function genericFirstChecks(a: AlertRecord): string[] {
  const dashboard = a.dashboard ? `Open the dashboard \`${a.dashboard}\` and look at the hour before the alert fired.` : "Open the component's dashboard and look at the hour before the alert fired.";
  switch (a.mechanism) {
    case "cloudwatch-alarm":
      return [dashboard, `State and reason: \`aws cloudwatch describe-alarms --alarm-names ${a.name}\``, `Recent transitions: \`aws cloudwatch describe-alarm-history --alarm-name ${a.name} --max-records 10\``, `The metric: ${a.condition}`];
    case "eventbridge-rule":
      return [`The matching events: \`aws cloudtrail lookup-events --max-results 20\` around the alert time (rule \`${a.name}\`).`, "Who made the change, from where, and whether a change ticket covers it."];
    case "prometheus-rule":
      return [dashboard, "Run the condition in Grafana Explore (or the Prometheus UI) to see which series fire.", "Silences and routing: the Alertmanager UI, or `amtool alert query`."];
    case "cloud-monitoring-policy":
      return [dashboard, `The policy and its incidents: \`gcloud monitoring policies list --filter='displayName="${a.name}"'\`, then the incident in the console.`, `The metric: ${a.condition}`];
    case "azure-log-query-alert":
      return [dashboard, `The rule's query and its last results: the alert \`${a.name}\` in Azure Monitor → Alerts → Alert rules, "View in Logs".`, `The query: ${a.condition}`];
    case "azure-metric-alert":
    case "azure-activity-log-alert":
    case "azure-web-test":
      return [dashboard, `Fired alerts: \`az monitor alert-processing-rule list\` and the alert \`${a.name}\` in Azure Monitor → Alerts.`, `The signal: ${a.condition}`];
  }
}

/**
 * The logs on-call reads for an alert: its service's when it was built
 * inside one; else every service's in its stack; else (a cluster's or an
 * in-cluster stack's alert) every service's on the same environment and
 * target (`prod-gcp-*`).
 */
function logsOf(synth: SynthOutput, stack: SynthOutput["stacks"][number], a: AlertRecord): readonly ServiceLogsRecord[] {
  const own = stack.manifest.serviceLogs ?? [];
  const mine = own.filter((l) => a.path.startsWith(`${l.path}/`));
  if (mine.length > 0) return mine;
  if (own.length > 0) return own;
  const family = stack.id.split("-").slice(0, 2).join("-");
  return synth.stacks.filter((s) => s.id.startsWith(`${family}-`)).flatMap((s) => s.manifest.serviceLogs ?? []);
}

function componentOf(stack: SynthOutput["stacks"][number], a: AlertRecord): ComponentRecord | undefined {
  const same = stack.manifest.components.filter((c) => c.component === a.component);
  return same.find((c) => a.path.startsWith(`${c.path}/`) || a.path === c.path) ?? same.find((c) => c.name === a.resource) ?? same[0];
}

function commonBase(alerts: readonly AlertRecord[]): string | undefined {
  const bases = new Set(alerts.filter((a) => a.runbookUrl).map((a) => a.runbookUrl.split("/").slice(0, -2).join("/")));
  return bases.size === 1 ? [...bases][0] : undefined;
}

function renderPage(file: string, alerts: readonly DeployedAlert[], handWritten: string | undefined, handWrittenLink: string | undefined): string {
  const [first] = alerts;
  const a = first.alert;
  const id = file.replace(/\.md$/, "").split("/").pop()!;
  const uniq = <T>(items: T[]) => [...new Set(items)];
  const lines: string[] = [`# ${id} (${a.component})`, ""];
  lines.push(`_Generated by \`vigil runbooks\` from the synthesized stacks; regenerate rather than edit.${handWritten ? " The first checks come from the hand-written runbook." : ""}_`, "");
  lines.push("## Alerts on this page", "", "| Stack | Alert | Resource | Name | Severity | Threshold | Routes |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const d of alerts) {
    const x = d.alert;
    lines.push(`| \`${d.stack}\` | \`${x.id}\` | ${mdCell(x.resource)} | \`${x.name.replace(/`/g, "'")}\` | ${severityLabel(x)} | ${mdCell(x.threshold)} | ${x.routes.length ? mdCell(x.routes.join(", ")) : "dashboards only"} |`);
  }
  lines.push("", "## What the resource is", "");
  const components = uniq(alerts.map((d) => d.component).filter((c): c is ComponentRecord => c !== undefined));
  if (components.length === 0) lines.push(`${mdText(a.component)}: ${uniq(alerts.map((d) => mdCode(d.alert.resource))).join(", ")}.`);
  for (const c of components) lines.push(`- ${mdText(c.description)}: ${mdCode(c.name)} (${c.target}${c.stateful ? ", holds data" : ""})`);
  // One description per stack: the alerts of a stack differ only in the resource they name.
  lines.push("", "## What it means", "");
  const perStack = uniq(alerts.map((d) => d.stack)).map((s) => alerts.find((d) => d.stack === s)!);
  const texts = uniq(perStack.map((d) => `**${mdText(d.alert.summary)}.** ${mdText(d.alert.description)}`));
  for (const text of texts) lines.push(texts.length > 1 ? `- ${text}` : text);
  lines.push("", "## Threshold and severity", "");
  for (const t of uniq(alerts.map((d) => `${severityLabel(d.alert)}, ${mdText(d.alert.threshold)} (${mdCode(d.stack)})`))) lines.push(`- ${t}`);
  lines.push("", "## Condition", "");
  for (const d of alerts) {
    const c = d.alert.condition.trim();
    if (c.includes("\n")) lines.push(`${mdCode(d.stack)} ${mdCode(d.alert.id)}:`, "", "```", c, "```", "");
    else lines.push(`- ${mdCode(d.stack)} ${mdCode(d.alert.id)}: ${mdCode(c)}`);
  }
  lines.push("");
  lines.push("## Dashboard", "");
  const dashboards = uniq(alerts.map((d) => d.alert.dashboard ?? d.component?.dashboard).filter((x): x is string => !!x));
  lines.push(dashboards.length ? dashboards.map((d) => `- \`${d}\``).join("\n") : "No dashboard recorded for this alert.", "");
  lines.push("## Logs", "");
  const logLinks = uniq(alerts.flatMap((d) => (d.logs ?? []).map((l) => `- \`${d.stack}\` ${mdText(l.service)}: ${mdLink(`${l.store}, ${l.queryLanguage}`, l.url)} — ${mdCode(l.query)}`)));
  lines.push(logLinks.length ? logLinks.join("\n") : "No service logs recorded in these stacks.", "");
  lines.push("## First checks", "");
  lines.push(handWritten ?? genericFirstChecks(a).map((c, i) => `${i + 1}. ${c}`).join("\n"), "");
  if (handWrittenLink) lines.push("## Hand-written runbook", "", `The impact, the causes and the fixes: [${file}](${handWrittenLink}).`, "");
  lines.push("## Escalation", "");
  for (const e of uniq(alerts.map((d) => `\`${d.stack}\`: delivered as **${d.alert.deliveredAs}** → ${d.alert.routes.length ? d.alert.routes.map((r) => `\`${r}\``).join(", ") : "no channel (dashboards only)"}`))) lines.push(`- ${e}`);
  lines.push("", "If the first checks do not explain it, or customers are affected, escalate to the owning team's on-call through the page route above.", "");
  return lines.join("\n");
}

/** Groups every alert of `synth` by the page its runbook URL names and renders the pages. */
export function planRunbooks(synth: SynthOutput, options: RunbookOptions = {}): RunbookPlan {
  const deployed: DeployedAlert[] = synth.stacks.flatMap((s) => s.manifest.alerts.map((alert) => ({ stack: s.id, alert, component: componentOf(s, alert), logs: logsOf(synth, s, alert) })));
  const baseUrl = (options.baseUrl ?? commonBase(deployed.map((d) => d.alert)) ?? "").replace(/\/+$/, "");
  const problems: string[] = [];
  if (!baseUrl && deployed.length > 0) problems.push("the alerts' runbook URLs do not share one base URL; pass --base-url");
  const byFile = new Map<string, DeployedAlert[]>();
  for (const d of deployed) {
    const url = d.alert.runbookUrl;
    const file = baseUrl && url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : undefined;
    if (!file || !/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*\.md$/i.test(file) || !file.startsWith(`${d.alert.component}/`)) {
      problems.push(`${d.stack}: alert ${d.alert.component}/${d.alert.id} (${d.alert.name}) links to ${JSON.stringify(url)}, not ${baseUrl || "<base>"}/${d.alert.component}/<id>.md`);
      continue;
    }
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  const pages = [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, alerts]) => {
      const source = options.handWritten ? join(options.handWritten, file) : undefined;
      const exists = source !== undefined && existsSync(source);
      const checks = exists ? markdownSection(readFileSync(source, "utf8"), "First checks") : undefined;
      // A relative link works wherever the two folders are published together (a Git host, a docs site).
      const link = exists && options.outDir ? relative(dirname(join(options.outDir, file)), source).split(sep).join("/") : undefined;
      return { file, alerts, markdown: renderPage(file, alerts, checks, link) };
    });
  return { baseUrl, pages, problems };
}

/** Writes the pages and an index (README.md) under `outDir`; returns the files written. */
export function writeRunbooks(plan: RunbookPlan, outDir: string): string[] {
  const written: string[] = [];
  for (const page of plan.pages) {
    const target = join(outDir, page.file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, page.markdown);
    written.push(target);
  }
  const index = [
    "# Runbooks",
    "",
    `_Generated by \`vigil runbooks\`: one page per alert runbook URL under ${plan.baseUrl || "(no base URL)"}._`,
    "",
    "| Page | Alerts | Severities |",
    "| --- | --- | --- |",
    ...plan.pages.map((p) => `| [${p.file}](${p.file}) | ${p.alerts.length} | ${[...new Set(p.alerts.map((d) => d.alert.deliveredAs))].join(", ")} |`),
    "",
  ].join("\n");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "README.md"), index);
  return [...written, join(outDir, "README.md")];
}
