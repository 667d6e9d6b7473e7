import { createHash } from "crypto";
import { ALERT_ROW_HEADING, GoldenSignalDashboard, SIGNAL_HEADINGS } from "../observability/dashboard-model";
import type { AzureNativeAlert } from "./metric-alert";

/**
 * `aggregationType` of a metric in a portal metrics chart, by the Azure
 * Monitor aggregation a Vigil alert evaluates (the portal's enum: 1 Total,
 * 2 Minimum, 3 Maximum, 4 Average, 7 Count; as the portal exports it).
 */
export const AZURE_CHART_AGGREGATION: Readonly<Record<string, number>> = { Total: 1, Minimum: 2, Maximum: 3, Average: 4, Count: 7 };

/** The metrics chart part of the Azure portal (Azure Monitor metrics, as pinned from Metrics explorer). */
export const AZURE_METRICS_CHART_PART = "Extension/HubsExtension/PartType/MonitorChartPart";

/** The Markdown part of the Azure portal (the one part type the Microsoft.Portal/dashboards template reference types). */
export const AZURE_MARKDOWN_PART = "Extension/HubsExtension/PartType/MarkdownPart";

/**
 * An Azure Monitor platform metric as a panel queries it: the resource,
 * the metric's namespace and REST API name, the aggregation, and dimension
 * filters. The portal charts the metric in its own unit (percent metrics
 * are 0–100 already); a metrics chart has no arithmetic to convert it.
 */
export interface AzureMetricQuery {
  /** Resource id the metric belongs to. */
  readonly resourceId: string;
  /** Resource name, shown in the legend. */
  readonly resourceName: string;
  /** Metric namespace (resource type), e.g. `Microsoft.DBforPostgreSQL/flexibleServers`. */
  readonly namespace: string;
  /** Metric name as the REST API names it. */
  readonly metricName: string;
  /** Aggregation: Average, Minimum, Maximum, Total or Count. */
  readonly aggregation: string;
  /** Dimension filters (name → value); `*` means every value, so no filter. @default - none */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** The Log Analytics part of the Azure portal (a log query pinned from Log Analytics as a chart). */
export const AZURE_LOGS_PART = "Extension/Microsoft_OperationsManagementSuite_Workspace/PartType/LogsDashboardPart";

/**
 * A Log Analytics query as a panel charts it: KQL returning one row per
 * time bin, `TimeGenerated` and the numeric column `column`, run on the
 * workspace over the dashboard's 24 hours.
 */
export interface AzureLogQuery {
  /** Resource id of the Log Analytics workspace the query runs on. */
  readonly workspaceId: string;
  /** The KQL; its rows are time bins (`TimeGenerated`) with `column`. */
  readonly kql: string;
  /** The numeric column charted (the y axis). */
  readonly column: string;
}

/** What an Azure panel charts: an Azure Monitor metric or a Log Analytics query. */
export type AzurePanelQuery = AzureMetricQuery | AzureLogQuery;

/** True when the panel charts a Log Analytics query. */
function isLogQuery(q: AzurePanelQuery): q is AzureLogQuery {
  return "kql" in q;
}

/** A dashboard as Azure renders it: Azure Monitor metrics or Log Analytics queries, metric and log alerts. */
export type AzureGoldenSignalDashboard = GoldenSignalDashboard<AzurePanelQuery, AzureNativeAlert>;

/** A titled chart of one metric. */
export interface AzureChart extends AzureMetricQuery {
  /** Chart title. */
  readonly title: string;
}

/**
 * One chart per metric the alerts watch on a resource (alerts on the same
 * metric, aggregation and dimensions share a chart), titled after the alert.
 */
export function azureAlertCharts(alerts: readonly AzureNativeAlert[], resource: { readonly resourceId: string; readonly resourceName: string }): AzureChart[] {
  const charts = new Map<string, AzureChart>();
  for (const alert of alerts) {
    const c = alert.condition;
    const key = JSON.stringify([c.namespace, c.metricName, c.statistic, c.dimensions]);
    if (charts.has(key)) continue;
    charts.set(key, { title: `${resource.resourceName}: ${alert.summary}`, ...resource, namespace: c.namespace, metricName: c.metricName, aggregation: c.statistic, dimensions: c.dimensions });
  }
  return [...charts.values()];
}

/** The `metadata` of a metrics chart part, in the portal's own export format (`settings.content.options.chart`). */
function chartPartMetadata(chart: AzureChart): object {
  const filters = Object.entries(chart.dimensions ?? {})
    .filter(([, value]) => value !== "*")
    .map(([key, value]) => ({ key, operator: 0, values: [value] }));
  return {
    inputs: [
      { name: "options", isOptional: true },
      { name: "sharedTimeRange", isOptional: true },
    ],
    type: AZURE_METRICS_CHART_PART,
    settings: {
      content: {
        options: {
          chart: {
            metrics: [
              {
                resourceMetadata: { id: chart.resourceId },
                name: chart.metricName,
                aggregationType: AZURE_CHART_AGGREGATION[chart.aggregation] ?? AZURE_CHART_AGGREGATION.Average,
                namespace: chart.namespace.toLowerCase(),
                metricVisualization: { displayName: chart.metricName, resourceDisplayName: chart.resourceName },
              },
            ],
            title: chart.title,
            titleKind: 1,
            visualization: {
              chartType: 2,
              legendVisualization: { isVisible: true, position: 2, hideSubtitle: false },
              axisVisualization: { x: { isVisible: true, axisType: 2 }, y: { isVisible: true, axisType: 1 } },
            },
            ...(filters.length > 0 ? { filterCollection: { filters } } : {}),
          },
        },
      },
    },
  };
}

/**
 * The `metadata` of a Log Analytics part, as the portal exports a query
 * pinned from Log Analytics (`LogsDashboardPart`, Version 2.0): the
 * workspace as `Scope`, the query, a line chart (`FrameControlChart`,
 * `Line`) of `column` over `TimeGenerated`, the last 24 hours; `settings`
 * repeats the query, title and chart as the portal saves them. `PartId` is
 * a GUID the portal requires, derived from the title and query so a synth
 * gives the same one each time.
 */
function logsPartMetadata(title: string, q: AzureLogQuery): object {
  const hex = createHash("sha256").update(`${title}\n${q.kql}`).digest("hex");
  const partId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const dimensions = { xAxis: { name: "TimeGenerated", type: "datetime" }, yAxis: [{ name: q.column, type: "real" }], splitBy: [], aggregation: "Sum" };
  const input = (name: string, value?: unknown) => ({ name, ...(value === undefined ? {} : { value }), isOptional: true });
  return {
    inputs: [
      input("resourceTypeMode"),
      input("ComponentId"),
      input("Scope", { resourceIds: [q.workspaceId] }),
      input("PartId", partId),
      input("Version", "2.0"),
      input("TimeRange", "P1D"),
      input("DashboardId"),
      input("DraftRequestParameters"),
      input("Query", q.kql),
      input("ControlType", "FrameControlChart"),
      input("SpecificChart", "Line"),
      input("PartTitle", title),
      input("PartSubTitle", "Log Analytics"),
      input("Dimensions", dimensions),
      input("LegendOptions", { isEnabled: true, position: "Bottom" }),
      input("IsQueryContainTimeRange", false),
    ],
    type: AZURE_LOGS_PART,
    settings: { content: { Query: q.kql, ControlType: "FrameControlChart", SpecificChart: "Line", PartTitle: title, Dimensions: dimensions } },
  };
}

/**
 * The `metadata` of a Markdown part (Microsoft.Portal/dashboards template
 * reference, 2020-09-01-preview: `settings.content.settings.content`,
 * `title`, `subtitle`, `markdownSource` 1 for inline text).
 */
function markdownPartMetadata(title: string, content: string): object {
  return { inputs: [], type: AZURE_MARKDOWN_PART, settings: { content: { settings: { content, title, subtitle: "", markdownSource: 1 } } } };
}

/** The alert-state row's text: each alert rule with its severity and condition; their state is in Azure Monitor → Alerts. */
function alertListMarkdown(alerts: readonly AzureNativeAlert[]): string {
  const rows = alerts.map((a) => `| ${a.id} | ${a.severity} | ${a.condition.metricName} ${a.condition.statistic} ${a.condition.comparison} ${a.threshold} ${a.unit} |`);
  return ["| Alert rule | Severity | Fires when |", "|---|---|---|", ...rows, "", "Fired and resolved states: Azure Monitor → Alerts, filtered on this resource group."].join("\n");
}

/** A panel's part: a metrics chart, or a Log Analytics chart for a log query. */
function partMetadata(title: string, q: AzurePanelQuery): object {
  return isLogQuery(q) ? logsPartMetadata(title, q) : chartPartMetadata({ ...q, title });
}

/** Columns of the portal's grid a chart spans, and its height in rows; two charts a line on the 12-column grid. */
const CHART_COLUMNS = 6;
const CHART_ROWS = 4;

/**
 * The `dashboard_properties` JSON of a portal dashboard in the model: one
 * lens; per golden-signal row, a Markdown heading across the grid and a
 * metrics chart per panel, two a line; then the alert-state row: the alert
 * rules as a table and `alertCharts` (each alerted metric), over the last
 * 24 hours.
 */
export function azureDashboardProperties(model: AzureGoldenSignalDashboard, alertCharts: readonly AzureChart[] = []): string {
  const sections = model.rows.map((row) => ({ heading: SIGNAL_HEADINGS[row.signal], text: undefined as string | undefined, charts: row.panels.map((p) => partMetadata(p.title, p.query)) }));
  if (model.alerts.length > 0) sections.push({ heading: ALERT_ROW_HEADING, text: alertListMarkdown(model.alerts), charts: alertCharts.map(chartPartMetadata) });
  const parts: Record<string, unknown> = {};
  let y = 0;
  const add = (position: object, metadata: object) => (parts[String(Object.keys(parts).length)] = { position, metadata });
  for (const section of sections) {
    const headingRows = section.text ? 2 + Math.ceil(model.alerts.length / 2) : 1;
    add({ x: 0, y, colSpan: 12, rowSpan: headingRows }, markdownPartMetadata(section.heading, section.text ?? ""));
    y += headingRows;
    section.charts.forEach((chart, i) => add({ x: (i % 2) * CHART_COLUMNS, y: y + Math.floor(i / 2) * CHART_ROWS, colSpan: CHART_COLUMNS, rowSpan: CHART_ROWS }, chart));
    y += Math.ceil(section.charts.length / 2) * CHART_ROWS;
  }
  return JSON.stringify({
    lenses: { "0": { order: 0, parts } },
    metadata: {
      model: {
        timeRange: { value: { relative: { duration: 24, timeUnit: 1 } }, type: "MsPortalFx.Composition.Configuration.ValueTypes.TimeRange" },
      },
    },
  });
}
