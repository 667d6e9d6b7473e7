import { Construct } from "constructs";
import { PortalDashboard } from "@cdktf/provider-azurerm/lib/portal-dashboard";
import { fitName, NamingRule } from "../core/naming";
import type { AzureNativeAlert } from "./metric-alert";

/**
 * Name of a shared Azure portal dashboard: letters, digits and hyphens
 * (azurerm `azurerm_portal_dashboard` name validation); kept to 64 characters,
 * well inside what the portal accepts.
 */
export const AZURE_DASHBOARD_NAMING: NamingRule = {
  label: "Azure portal dashboard name",
  minLength: 1,
  maxLength: 64,
  pattern: /^[a-zA-Z0-9-]+$/,
  allowed: "letters, digits and '-'",
  lowercase: false,
};

/**
 * `aggregationType` of a metric in a portal metrics chart, by the Azure
 * Monitor aggregation a Vigil alert evaluates (the portal's enum: 1 Total,
 * 2 Minimum, 3 Maximum, 4 Average, 7 Count; as the portal exports it).
 */
export const AZURE_CHART_AGGREGATION: Readonly<Record<string, number>> = { Total: 1, Minimum: 2, Maximum: 3, Average: 4, Count: 7 };

/** The metrics chart part of the Azure portal (Azure Monitor metrics, as pinned from Metrics explorer). */
export const AZURE_METRICS_CHART_PART = "Extension/HubsExtension/PartType/MonitorChartPart";

/** One metric chart: the metric an alert watches, on the resource it watches. */
export interface AzureDashboardChart {
  /** Chart title. */
  readonly title: string;
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

/**
 * One chart per metric the alerts watch on a resource (alerts on the same
 * metric, aggregation and dimensions share a chart), titled after the alert.
 */
export function azureAlertCharts(alerts: readonly AzureNativeAlert[], resource: { readonly resourceId: string; readonly resourceName: string }): AzureDashboardChart[] {
  const charts = new Map<string, AzureDashboardChart>();
  for (const alert of alerts) {
    const c = alert.condition;
    const key = JSON.stringify([c.namespace, c.metricName, c.statistic, c.dimensions]);
    if (charts.has(key)) continue;
    charts.set(key, { title: `${resource.resourceName}: ${alert.summary}`, ...resource, namespace: c.namespace, metricName: c.metricName, aggregation: c.statistic, dimensions: c.dimensions });
  }
  return [...charts.values()];
}

/** Columns of the portal's grid a chart spans, and its height in rows; two charts a row. */
const CHART_COLUMNS = 6;
const CHART_ROWS = 4;

/**
 * The `dashboard_properties` JSON of a portal dashboard: one lens with a
 * metrics chart part per chart, two a row, over the last 24 hours. The part
 * layout is the portal's own export format (`settings.content.options.chart`
 * with `metrics[].resourceMetadata.id`, `name`, `namespace`, `aggregationType`).
 */
export function azureDashboardProperties(charts: readonly AzureDashboardChart[]): string {
  const parts: Record<string, unknown> = {};
  charts.forEach((chart, i) => {
    const filters = Object.entries(chart.dimensions ?? {})
      .filter(([, value]) => value !== "*")
      .map(([key, value]) => ({ key, operator: 0, values: [value] }));
    parts[String(i)] = {
      position: { x: (i % 2) * CHART_COLUMNS, y: Math.floor(i / 2) * CHART_ROWS, colSpan: CHART_COLUMNS, rowSpan: CHART_ROWS },
      metadata: {
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
      },
    };
  });
  return JSON.stringify({
    lenses: { "0": { order: 0, parts } },
    metadata: {
      model: {
        timeRange: { value: { relative: { duration: 24, timeUnit: 1 } }, type: "MsPortalFx.Composition.Configuration.ValueTypes.TimeRange" },
      },
    },
  });
}

/** Props of {@link AzurePortalDashboard}. */
export interface AzurePortalDashboardProps {
  /** Name parts, joined and fitted to {@link AZURE_DASHBOARD_NAMING}. */
  readonly nameParts: readonly string[];
  /** Title shown in the portal (the `hidden-title` tag). */
  readonly title: string;
  /** Region. */
  readonly location: string;
  /** Resource group. */
  readonly resourceGroupName: string;
  /** The charts, in order. */
  readonly charts: readonly AzureDashboardChart[];
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A shared Azure portal dashboard of metric charts (Azure Monitor platform
 * metrics of the charted resources), titled with the `hidden-title` tag the
 * portal reads.
 */
export class AzurePortalDashboard extends Construct {
  /** Dashboard name. */
  public readonly name: string;
  /** The dashboard. */
  public readonly dashboard: PortalDashboard;

  constructor(scope: Construct, id: string, props: AzurePortalDashboardProps) {
    super(scope, id);
    this.name = fitName(props.nameParts, AZURE_DASHBOARD_NAMING);
    this.dashboard = new PortalDashboard(this, "dashboard", {
      name: this.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      dashboardProperties: azureDashboardProperties(props.charts),
      tags: { ...props.tags, "hidden-title": props.title },
    });
  }
}
