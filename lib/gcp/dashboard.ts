import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { MonitoringDashboard } from "@cdktf/provider-google/lib/monitoring-dashboard";
import { ALERT_ROW_HEADING, DashboardPanel, GoldenSignalDashboard, PanelUnit, SIGNAL_HEADINGS } from "../observability/dashboard-model";
import type { GcpAlertDefinition } from "./alert-policy";

/**
 * A Cloud Monitoring query feeding a panel: a metric type on its monitored
 * resource with filter labels and an aligner (`filter`), or PromQL over
 * Cloud Monitoring data (`promql`) where the panel needs arithmetic (a ratio
 * of two metrics, milliseconds to seconds).
 */
export type CloudMonitoringQuery =
  | {
      readonly kind: "filter";
      /** Monitored resource type, e.g. `cloudsql_database`. */
      readonly resourceType: string;
      /** Metric type, e.g. `cloudsql.googleapis.com/database/cpu/utilization`. */
      readonly metricType: string;
      /** Filter fields, e.g. `{ "resource.labels.database_id": "p:i" }`. @default - none */
      readonly filters?: Readonly<Record<string, string>>;
      /** Per-series aligner. @default "ALIGN_MEAN" */
      readonly aligner?: string;
      /** The metric is a 0–1 fraction shown as a percent (unit `10^2.%`). @default false */
      readonly fraction?: boolean;
    }
  | {
      readonly kind: "promql";
      /** PromQL over Cloud Monitoring metrics, already in the panel's unit. */
      readonly query: string;
    };

/** A dashboard as GCP renders it: Cloud Monitoring queries, alert policies. */
export type GcpGoldenSignalDashboard = GoldenSignalDashboard<CloudMonitoringQuery, GcpAlertDefinition>;

/**
 * The unit a panel's values are fetched in (`TimeSeriesQuery.unitOverride`,
 * in MetricDescriptor unit syntax). A 0–1 fraction gets `10^2.%`, which the
 * console "multiplies by 100 and displays as a percentage" (google.api
 * MetricDescriptor.unit), so percent panels read 0–100 on GCP as on every
 * target; Cloud Monitoring's xyChart has no fixed axis range, only a label.
 */
export function cloudMonitoringUnit(unit: PanelUnit, fraction = false): string {
  const units: Record<PanelUnit, string> = { percent: "%", seconds: "s", count: "1", "per-second": "1/s", bytes: "By", "bytes-per-second": "By/s" };
  return unit === "percent" && fraction ? "10^2.%" : units[unit];
}

/** The filter string of a filter query: resource type, metric type and label filters, ANDed. */
function monitoringFilter(q: Extract<CloudMonitoringQuery, { kind: "filter" }>): string {
  return [`resource.type = "${q.resourceType}"`, `metric.type = "${q.metricType}"`, ...Object.entries(q.filters ?? {}).map(([k, v]) => `${k} = "${v}"`)].join(" AND ");
}

/** The chart widget of one panel. */
export function panelWidget(panel: DashboardPanel<CloudMonitoringQuery>): object {
  const q = panel.query;
  const query =
    q.kind === "promql"
      ? { prometheusQuery: q.query, unitOverride: cloudMonitoringUnit(panel.unit) }
      : { timeSeriesFilter: { filter: monitoringFilter(q), aggregation: { alignmentPeriod: "60s", perSeriesAligner: q.aligner ?? "ALIGN_MEAN" } }, unitOverride: cloudMonitoringUnit(panel.unit, q.fraction) };
  return { title: panel.title, xyChart: { dataSets: [{ plotType: "LINE", timeSeriesQuery: query }], yAxis: { label: panel.unit, scale: "LINEAR" } } };
}

/** Width of a tile in the 48-column mosaic layout: two a line. */
const TILE_WIDTH = 24;
const TILE_HEIGHT = 16;
const COLUMNS = 48;

/**
 * The mosaic layout of a dashboard in the model: per golden-signal row, a
 * collapsible group titled with the signal spanning its charts (the
 * CollapsibleGroup widget groups "all widgets within the area spanned by
 * the grouping widget"; Dashboards API, google.monitoring.dashboard.v1),
 * two charts a line; then the alert-state row, one alert chart per policy
 * (AlertChart `name`: `projects/<project>/alertPolicies/<id>`), which shows
 * the policy's condition, threshold and incidents.
 */
function mosaicTiles(model: GcpGoldenSignalDashboard, policyNames: readonly string[]): object[] {
  const sections: { heading: string; widgets: object[] }[] = model.rows.map((row) => ({ heading: SIGNAL_HEADINGS[row.signal], widgets: row.panels.map(panelWidget) }));
  if (policyNames.length > 0) sections.push({ heading: ALERT_ROW_HEADING, widgets: policyNames.map((name) => ({ alertChart: { name } })) });
  const tiles: object[] = [];
  let y = 0;
  for (const section of sections) {
    const height = Math.ceil(section.widgets.length / 2) * TILE_HEIGHT;
    tiles.push({ xPos: 0, yPos: y, width: COLUMNS, height, widget: { title: section.heading, collapsibleGroup: { collapsed: false } } });
    section.widgets.forEach((widget, i) => tiles.push({ xPos: (i % 2) * TILE_WIDTH, yPos: y + Math.floor(i / 2) * TILE_HEIGHT, width: TILE_WIDTH, height: TILE_HEIGHT, widget }));
    y += height;
  }
  return tiles;
}

/** Props of {@link GcpDashboard}. */
interface GcpDashboardProps {
  /** Title the Cloud Monitoring console shows (the dashboard JSON's `displayName`), e.g. `checkout-prod cloud-sql-postgres`. */
  readonly displayName: string;
  /** The dashboard in the golden-signal model, with Cloud Monitoring queries. */
  readonly model: GcpGoldenSignalDashboard;
  /**
   * Resource names of the alert policies of the alert-state row, read at
   * synth: the policies are created after the dashboard (their
   * documentation names it). @default - no alert-state row
   */
  readonly policyNames?: () => readonly string[];
}

/**
 * A Cloud Monitoring dashboard rendered from the golden-signal model
 * (mosaic layout): a row per golden signal, then the alert policies'
 * charts. `dashboard_json` is rendered at synth.
 */
export class GcpDashboard extends Construct {
  /** The Cloud Monitoring dashboard (`google_monitoring_dashboard`), its mosaic-layout JSON rendered at synth. */
  public readonly dashboard: MonitoringDashboard;
  /** Title shown in the Cloud Monitoring console, as given in the props; the manifest and alert records name the dashboard by it. */
  public readonly displayName: string;

  constructor(scope: Construct, id: string, props: GcpDashboardProps) {
    super(scope, id);
    this.displayName = props.displayName;
    const json = () => JSON.stringify({ displayName: props.displayName, mosaicLayout: { columns: COLUMNS, tiles: mosaicTiles(props.model, props.policyNames?.() ?? []) } });
    this.dashboard = new MonitoringDashboard(this, "dashboard", { dashboardJson: Lazy.stringValue({ produce: json }) });
  }
}
