import { ALERT_ROW_HEADING, DashboardPanel, GoldenSignalDashboard, PanelUnit, SIGNAL_HEADINGS } from "../observability/dashboard-model";
import type { AlertDefinition } from "../observability/alert";
import type { KubernetesManifest } from "./chart";

/** Label the Grafana sidecar of kube-prometheus-stack loads dashboards by. */
const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** Uid of the Prometheus data source kube-prometheus-stack provisions in Grafana. */
const PROMETHEUS_DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;

/** A PromQL query feeding a panel, already in the panel's unit; one series per label set it returns. */
export interface PromQlQuery {
  /** The expression. */
  readonly expr: string;
  /** Legend of each series, Grafana's `{{label}}` templating. @default - Grafana's, the series' labels */
  readonly legend?: string;
}

/** A dashboard as the in-cluster target renders it: PromQL on the cluster's Prometheus. */
export type PromQlDashboard = GoldenSignalDashboard<PromQlQuery, AlertDefinition>;

/**
 * Grafana unit id of a panel unit (Grafana's standard units, `fieldConfig.defaults.unit`):
 * `percent` is 0–100, drawn on a fixed 0–100 axis.
 */
export const GRAFANA_UNITS: Readonly<Record<PanelUnit, string>> = {
  percent: "percent",
  seconds: "s",
  count: "short",
  "per-second": "cps",
  bytes: "bytes",
  "bytes-per-second": "binBps",
};

/** Panel sizes on Grafana's 24-column grid: two graphs a line. */
const GRAPH = { w: 12, h: 8 } as const;

interface GrafanaPanelDraft {
  readonly type: string;
  readonly title: string;
  readonly h: number;
  readonly w: number;
  readonly body: Record<string, unknown>;
}

/** A time-series panel of one model panel. */
function panelDraft(panel: DashboardPanel<PromQlQuery>): GrafanaPanelDraft {
  const range = panel.unit === "percent" ? { min: 0, max: 100 } : { min: 0 };
  return {
    type: "timeseries",
    title: panel.title,
    ...GRAPH,
    body: {
      fieldConfig: { defaults: { unit: GRAFANA_UNITS[panel.unit], ...range }, overrides: [] },
      targets: [{ refId: "A", datasource: PROMETHEUS_DATASOURCE, expr: panel.query.expr, ...(panel.query.legend ? { legendFormat: panel.query.legend } : {}) }],
    },
  };
}

/** A PromQL alert's query with its threshold drawn as a line (Grafana `custom.thresholdsStyle`). */
function alertDraft(alert: AlertDefinition): GrafanaPanelDraft | undefined {
  if (alert.condition.kind !== "promql") return undefined;
  return {
    type: "timeseries",
    title: `${alert.id} (${alert.severity})`,
    ...GRAPH,
    body: {
      description: alert.summary,
      fieldConfig: {
        defaults: {
          unit: alert.unit === "%" ? "percent" : "short",
          custom: { thresholdsStyle: { mode: "line" } },
          thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: alert.threshold }] },
        },
        overrides: [],
      },
      targets: [{ refId: "A", datasource: PROMETHEUS_DATASOURCE, expr: alert.condition.query }],
    },
  };
}

/**
 * The state of the alerts: Prometheus's own `ALERTS` series (one per
 * pending or firing alert, labelled `alertname`, `alertstate` and the
 * rule's labels), selected by the labels every Vigil rule carries.
 */
function alertStateDraft(selector: string): GrafanaPanelDraft {
  return {
    type: "state-timeline",
    title: "Alert states",
    h: 8,
    w: 24,
    body: {
      fieldConfig: { defaults: { mappings: [{ type: "value", options: { "1": { text: "firing or pending", color: "red" } } }] }, overrides: [] },
      targets: [{ refId: "A", datasource: PROMETHEUS_DATASOURCE, expr: `max by (alertname, alertstate) (ALERTS{${selector}})`, legendFormat: "{{alertname}} {{alertstate}}" }],
    },
  };
}

/** Options of {@link grafanaDashboard}. */
interface GrafanaDashboardOptions {
  /** Dashboard uid (at most 40 characters are kept). */
  readonly uid: string;
  /** Label matchers of the alert-state panel's `ALERTS` series, e.g. `service="checkout",component="postgres-cnpg"`. @default - no alert-state panel */
  readonly alertSelector?: string;
  /** Draw each PromQL alert's query with its threshold in the alert-state row. @default true */
  readonly alertGraphs?: boolean;
}

/**
 * Grafana dashboard JSON (schema 39) of a dashboard in the model: a row
 * panel per golden signal with a time series per panel in its unit, then
 * the alert-state row: the alerts' states, and each alert's query with its
 * threshold drawn.
 */
export function grafanaDashboard(model: PromQlDashboard, o: GrafanaDashboardOptions): Record<string, unknown> {
  const sections = model.rows.map((row) => ({ title: SIGNAL_HEADINGS[row.signal], drafts: row.panels.map(panelDraft) }));
  const alertDrafts = [...(o.alertSelector && model.alerts.length > 0 ? [alertStateDraft(o.alertSelector)] : []), ...(o.alertGraphs === false ? [] : model.alerts.flatMap((a) => alertDraft(a) ?? []))];
  if (alertDrafts.length > 0) sections.push({ title: ALERT_ROW_HEADING, drafts: alertDrafts });
  const panels: Record<string, unknown>[] = [];
  let y = 0;
  for (const section of sections) {
    panels.push({ id: panels.length + 1, type: "row", title: section.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const d of section.drafts) {
      if (x + d.w > 24) {
        x = 0;
        y += lineHeight;
        lineHeight = 0;
      }
      panels.push({ id: panels.length + 1, type: d.type, title: d.title, datasource: PROMETHEUS_DATASOURCE, gridPos: { x, y, w: d.w, h: d.h }, ...d.body });
      x += d.w;
      lineHeight = Math.max(lineHeight, d.h);
    }
    y += lineHeight;
  }
  return { uid: o.uid.slice(0, 40), title: model.title, tags: ["vigil"], schemaVersion: 39, time: { from: "now-6h", to: "now" }, panels };
}

/**
 * A Grafana dashboard as a ConfigMap labelled `grafana_dashboard: "1"`, which
 * the Grafana sidecar of kube-prometheus-stack loads from any namespace.
 */
export function dashboardConfigMap(name: string, namespace: string, dashboard: Record<string, unknown>): KubernetesManifest {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${name}-dashboard`, namespace, labels: { ...GRAFANA_DASHBOARD_LABEL } },
    data: { [`${name}.json`]: JSON.stringify(dashboard) },
  };
}

/** The dashboard models built on a chart, by dashboard name: the service dashboards show their components' panels. */
const MODELS = new WeakMap<object, Map<string, PromQlDashboard>>();

/** Records a component's dashboard model on `chart` under its dashboard name. */
export function recordDashboardModel(chart: object, name: string, model: PromQlDashboard): void {
  const models = MODELS.get(chart) ?? new Map<string, PromQlDashboard>();
  models.set(name, model);
  MODELS.set(chart, models);
}

/** The dashboard model recorded on `chart` under `name`, if any. */
export function dashboardModelOf(chart: object, name: string): PromQlDashboard | undefined {
  return MODELS.get(chart)?.get(name);
}
