import { Construct } from "constructs";
import { MonitoringDashboard } from "@cdktf/provider-google/lib/monitoring-dashboard";

/** One chart: a metric with its resource type, filter labels and aligner. */
export interface GcpChart {
  /** Chart title. */
  readonly title: string;
  /** Monitored resource type, e.g. `cloudsql_database`. */
  readonly resourceType: string;
  /** Metric type, e.g. `cloudsql.googleapis.com/database/cpu/utilization`. */
  readonly metricType: string;
  /** Filter fields, e.g. `{ "resource.labels.database_id": "p:i" }`. @default - none */
  readonly filters?: Readonly<Record<string, string>>;
  /** Per-series aligner. @default "ALIGN_MEAN" */
  readonly aligner?: string;
}

/** Width of a tile in the 48-column mosaic layout: two charts per row. */
const TILE_WIDTH = 24;
const TILE_HEIGHT = 16;

/**
 * A Cloud Monitoring dashboard (mosaic layout, two charts per row) built
 * from typed charts; `dashboard_json` is rendered from them.
 */
export class GcpDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: MonitoringDashboard;
  /** Display name. */
  public readonly displayName: string;

  constructor(scope: Construct, id: string, props: { readonly displayName: string; readonly charts: readonly GcpChart[] }) {
    super(scope, id);
    this.displayName = props.displayName;
    const tiles = props.charts.map((chart, i) => ({
      xPos: (i % 2) * TILE_WIDTH,
      yPos: Math.floor(i / 2) * TILE_HEIGHT,
      width: TILE_WIDTH,
      height: TILE_HEIGHT,
      widget: {
        title: chart.title,
        xyChart: {
          dataSets: [
            {
              plotType: "LINE",
              timeSeriesQuery: {
                timeSeriesFilter: {
                  filter: [`resource.type = "${chart.resourceType}"`, `metric.type = "${chart.metricType}"`, ...Object.entries(chart.filters ?? {}).map(([k, v]) => `${k} = "${v}"`)].join(" AND "),
                  aggregation: { alignmentPeriod: "60s", perSeriesAligner: chart.aligner ?? "ALIGN_MEAN" },
                },
              },
            },
          ],
        },
      },
    }));
    this.dashboard = new MonitoringDashboard(this, "dashboard", {
      dashboardJson: JSON.stringify({ displayName: props.displayName, mosaicLayout: { columns: 48, tiles } }),
    });
  }
}
