// Reads the dashboards each target synthesized back into one shape — rows
// under their headings, each panel with its title, its query as the target
// wrote it, and its unit as the target set it — so the cross-target suite can
// compare what on-call sees on AWS, GCP, Azure and in-cluster.
import type { TerraformStack } from "cdktf";
import { chartManifests, resourceBodies, synthStack } from "../../lib/testing";
import type { ResourceBody } from "../harness";

/** One drawn panel. */
export interface DrawnPanel {
  /** Panel title. */
  readonly title: string;
  /** The native query, as text (CloudWatch metrics array, filter or PromQL, Azure `namespace metric` or KQL, PromQL). */
  readonly query: string;
  /** The unit as the target set it, with its axis maximum where it fixes one: `%|100`, `10^2.%`, `percent|100`. */
  readonly unit: string;
  /** The dashboard it is on. */
  readonly format: "cloudwatch" | "cloud-monitoring" | "portal" | "grafana";
}

/** One row: its heading and panels. */
export interface DrawnRow {
  /** The row's heading: `Latency`, ..., `Alerts`. */
  readonly heading: string;
  /** Its panels, in order. */
  readonly panels: readonly DrawnPanel[];
}

/** A dashboard as drawn, by name. */
export type DrawnDashboards = ReadonlyMap<string, readonly DrawnRow[]>;


/** Appends a panel to the last row (panels before any heading, e.g. a header, are left out). */
function into(rows: { heading: string; panels: DrawnPanel[] }[], panel: DrawnPanel): void {
  rows[rows.length - 1]?.panels.push(panel);
}

function cloudWatch(body: ResourceBody): DrawnRow[] {
  const rows: { heading: string; panels: DrawnPanel[] }[] = [];
  for (const w of body.widgets as ResourceBody[]) {
    if (w.type === "text" && String(w.properties.markdown).startsWith("## ")) rows.push({ heading: String(w.properties.markdown).slice(3), panels: [] });
    else if (w.type === "metric") into(rows, { title: w.properties.title, query: JSON.stringify(w.properties.metrics), unit: w.properties.yAxis ? `${w.properties.yAxis.left.label}|${w.properties.yAxis.left.max ?? ""}` : "", format: "cloudwatch" });
    else if (w.type === "alarm") into(rows, { title: w.properties.title, query: JSON.stringify(w.properties.alarms), unit: "", format: "cloudwatch" });
  }
  return rows;
}

function cloudMonitoring(json: ResourceBody): DrawnRow[] {
  const tiles = [...(json.mosaicLayout.tiles as ResourceBody[])].sort((a, b) => a.yPos - b.yPos || (b.widget.collapsibleGroup ? 1 : 0) - (a.widget.collapsibleGroup ? 1 : 0) || a.xPos - b.xPos);
  const rows: { heading: string; panels: DrawnPanel[] }[] = [];
  for (const t of tiles) {
    const w = t.widget;
    if (w.collapsibleGroup) rows.push({ heading: w.title, panels: [] });
    else if (w.xyChart) {
      const q = w.xyChart.dataSets[0].timeSeriesQuery;
      into(rows, { title: w.title, query: q.prometheusQuery ?? q.timeSeriesFilter.filter, unit: q.unitOverride ?? "", format: "cloud-monitoring" });
    } else if (w.alertChart) into(rows, { title: "alert chart", query: w.alertChart.name, unit: "", format: "cloud-monitoring" });
  }
  return rows;
}

function portal(properties: ResourceBody): DrawnRow[] {
  const parts = properties.lenses["0"].parts as Record<string, ResourceBody>;
  const rows: { heading: string; panels: DrawnPanel[] }[] = [];
  for (const key of Object.keys(parts).sort((a, b) => Number(a) - Number(b))) {
    const m = parts[key].metadata;
    if (m.type.endsWith("/MarkdownPart")) rows.push({ heading: m.settings.content.settings.title, panels: [] });
    else if (m.type.endsWith("/LogsDashboardPart")) into(rows, { title: m.settings.content.PartTitle, query: m.settings.content.Query, unit: "", format: "portal" });
    else {
      const chart = m.settings.content.options.chart;
      into(rows, { title: chart.title, query: `${chart.metrics[0].namespace} ${chart.metrics[0].name}`, unit: "", format: "portal" });
    }
  }
  return rows;
}

function grafana(dashboard: ResourceBody): DrawnRow[] {
  const rows: { heading: string; panels: DrawnPanel[] }[] = [];
  for (const p of dashboard.panels as ResourceBody[]) {
    if (p.type === "row") rows.push({ heading: p.title, panels: [] });
    else into(rows, { title: p.title, query: (p.targets as ResourceBody[]).map((t) => t.expr).join("\n"), unit: `${p.fieldConfig?.defaults?.unit ?? ""}|${p.fieldConfig?.defaults?.max ?? ""}`, format: "grafana" });
  }
  return rows;
}

/** Every dashboard the stacks hold, drawn: CloudWatch, Cloud Monitoring, portal dashboards, and the Grafana ConfigMaps of their charts. */
export function drawnDashboards(stacks: readonly TerraformStack[]): DrawnDashboards {
  const drawn = new Map<string, readonly DrawnRow[]>();
  for (const stack of stacks) {
    const synth = synthStack(stack);
    for (const d of resourceBodies(synth, "aws_cloudwatch_dashboard")) drawn.set(String(d.dashboard_name), cloudWatch(JSON.parse(String(d.dashboard_body))));
    for (const d of resourceBodies(synth, "google_monitoring_dashboard")) {
      const json = JSON.parse(String(d.dashboard_json));
      drawn.set(json.displayName, cloudMonitoring(json));
    }
    for (const d of resourceBodies(synth, "azurerm_portal_dashboard")) drawn.set(String(d.name), portal(JSON.parse(String(d.dashboard_properties))));
    for (const m of chartManifests(stack).filter((c) => c.kind === "ConfigMap" && (c.metadata as ResourceBody).labels?.grafana_dashboard === "1")) {
      for (const [key, json] of Object.entries(m.data as Record<string, string>)) drawn.set(key.replace(/\.json$/, ""), grafana(JSON.parse(json)));
    }
  }
  return drawn;
}
