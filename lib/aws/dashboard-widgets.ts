import type { NativeStatistic } from "../observability/alert";
import { ALERT_ROW_HEADING, DashboardPanel, GoldenSignalDashboard, PanelUnit, SIGNAL_HEADINGS } from "../observability/dashboard-model";
import { CloudWatchAlert, CloudWatchCondition, metricMathQueries } from "./alarm";

/** CloudWatch accepts at most 100 alarms in one alarm status widget. */
const ALARMS_PER_WIDGET = 100;

/**
 * A CloudWatch metric as a dashboard panel queries it: namespace, name,
 * dimensions and statistic (period 60 s), optionally one line per member
 * (broker, table) and metric math that turns the metric into the panel's
 * unit (`m1 / 1000` for milliseconds to seconds).
 */
export interface CloudWatchQuery {
  /** Metric namespace, e.g. `AWS/RDS`. */
  readonly namespace: string;
  /** Metric name as the service publishes it. */
  readonly metricName: string;
  /** Dimensions every line shares. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Statistic: `Average`, `Sum`, `Minimum`, `Maximum` or a percentile like `p99`. */
  readonly statistic: NativeStatistic;
  /** One line per member, each adding its dimensions (`Broker ID`). @default - one line */
  readonly members?: readonly { readonly label: string; readonly dimensions: Readonly<Record<string, string>> }[];
  /**
   * Metric math over the metric, which it names `m1`, converting it to the
   * panel's unit: `m1 / 1000`, `m1 / PERIOD(m1)`. The metric is then hidden
   * and the expression drawn. @default - the metric as published
   */
  readonly expression?: string;
  /**
   * More metrics of the same namespace, dimensions and period the
   * expression reads, named `m2`, `m3`... in order (one line only, no
   * `members`), e.g. a 5xx percent of all requests.
   * @default - none: the expression reads `m1` alone
   */
  readonly more?: readonly { readonly metricName: string; readonly statistic: NativeStatistic }[];
}

/** A dashboard as AWS renders it: CloudWatch queries, CloudWatch alarms. */
export type AwsGoldenSignalDashboard = GoldenSignalDashboard<CloudWatchQuery, CloudWatchAlert>;

/** A widget before it is placed: its type, size and properties. */
export interface CloudWatchWidget {
  /** Widget type: `metric`, `text` or `alarm`. */
  readonly type: string;
  /** Columns of the 24-column grid it spans. */
  readonly width: number;
  /** Grid rows it spans. */
  readonly height: number;
  /** The widget's `properties` (CloudWatch dashboard body structure). */
  readonly properties: object;
}

/** Graph widgets are half the 24-column grid wide, two a row. */
const GRAPH = { width: 12, height: 6 } as const;

/**
 * The y axis of a panel in its unit: percent from 0 to 100, everything else
 * from 0, labelled with the unit (CloudWatch dashboard body structure,
 * "Metric widget: yAxis" `min`, `max`, `label`, `showUnits`;
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
export function cloudWatchYAxis(unit: PanelUnit): object {
  const labels: Record<PanelUnit, string> = { percent: "%", seconds: "seconds", count: "count", "per-second": "per second", bytes: "bytes", "bytes-per-second": "bytes/s" };
  return { left: { min: 0, ...(unit === "percent" ? { max: 100 } : {}), label: labels[unit], showUnits: false } };
}

/** The `metrics` array of a query: one line per member, or the expression over each hidden member. */
export function metricLines(q: CloudWatchQuery): unknown[][] {
  if (q.more && q.expression) {
    const dims = Object.entries(q.dimensions).flat();
    return [
      ...[{ metricName: q.metricName, statistic: q.statistic }, ...q.more].map((m, i) => [q.namespace, m.metricName, ...dims, { stat: m.statistic, id: `m${i + 1}`, visible: false }]),
      [{ expression: q.expression, label: q.metricName, id: "e1" }],
    ];
  }
  const members = q.members ?? [{ label: "", dimensions: {} }];
  return members.flatMap((m, i): unknown[][] => {
    const line: unknown[] = [q.namespace, q.metricName, ...Object.entries({ ...q.dimensions, ...m.dimensions }).flat()];
    const label = m.label || undefined;
    if (!q.expression) return [[...line, { stat: q.statistic, ...(label ? { label } : {}) }]];
    const id = `m${i + 1}`;
    return [
      [...line, { stat: q.statistic, id, visible: false }],
      [{ expression: q.expression.replace(/\bm1\b/g, id), label: label ?? q.metricName, id: `e${i + 1}` }],
    ];
  });
}

/** A graph of one panel, in its unit. */
export function panelWidget(panel: DashboardPanel<CloudWatchQuery>, region: string): CloudWatchWidget {
  return {
    type: "metric",
    ...GRAPH,
    properties: { title: panel.title, region, view: "timeSeries", period: 60, metrics: metricLines(panel.query), yAxis: cloudWatchYAxis(panel.unit) },
  };
}

/** A graph of what an alarm compares, with its threshold drawn; a metric math alarm shows the expression over the hidden metric. */
function alertWidget(alert: CloudWatchAlert, region: string): CloudWatchWidget | undefined {
  if (alert.condition.kind !== "native-metric") return undefined;
  const c: CloudWatchCondition = alert.condition;
  const line = [c.namespace, c.metricName, ...Object.entries(c.dimensions).flat()];
  const dims = Object.entries(c.dimensions).flat();
  const math = c.math;
  const metrics = math
    ? metricMathQueries({ ...c, math }).map((q) => (q.expression ? [{ expression: q.expression, label: q.label, id: q.id }] : [c.namespace, q.metricName, ...dims, { stat: q.statistic, id: q.id, visible: false }]))
    : c.expression
    ? [[...line, { stat: c.statistic, id: "m1", visible: false }], [{ expression: `${c.expression}(m1)`, label: `${c.expression}(${c.metricName})`, id: "e1" }]]
    : [[...line, { stat: c.statistic }]];
  return {
    type: "metric",
    ...GRAPH,
    properties: { title: `${alert.id} (${alert.severity})`, region, view: "timeSeries", period: c.periodSeconds, metrics, annotations: { horizontal: [{ label: `${alert.id} threshold`, value: alert.threshold }] } },
  };
}

/** A full-width heading above a row. */
function headingWidget(text: string): CloudWatchWidget {
  return { type: "text", width: 24, height: 1, properties: { markdown: `## ${text}`, background: "transparent" } };
}

/** Alarm status widgets of up to {@link ALARMS_PER_WIDGET} alarms each. */
function alarmStatusWidgets(title: string, arns: readonly string[]): CloudWatchWidget[] {
  const widgets: CloudWatchWidget[] = [];
  for (let i = 0; i < arns.length; i += ALARMS_PER_WIDGET) {
    widgets.push({ type: "alarm", width: 24, height: 6, properties: { title, alarms: arns.slice(i, i + ALARMS_PER_WIDGET), sortBy: "stateUpdatedTimestamp" } });
  }
  return widgets;
}

/** Options of {@link dashboardWidgets}. */
interface DashboardWidgetOptions {
  /** Region the metrics live in. */
  readonly region: string;
  /** ARNs of the alarms of the alert-state row. */
  readonly alarmArns: readonly string[];
  /** Draw a graph of each alert with its threshold after the alarm states. @default true */
  readonly alertGraphs?: boolean;
  /** Full-width widgets above everything (the service's links). @default - none */
  readonly header?: readonly CloudWatchWidget[];
}

/**
 * The widgets of a dashboard in the model, placed on CloudWatch's 24-column
 * grid: the header, then a heading and two graphs a line per golden-signal
 * row, then the alert-state row (alarm status, and each alert's graph with
 * its threshold).
 */
export function dashboardWidgets(model: AwsGoldenSignalDashboard, o: DashboardWidgetOptions): object[] {
  const rows: CloudWatchWidget[][] = [[...(o.header ?? [])]];
  for (const row of model.rows) rows.push([headingWidget(SIGNAL_HEADINGS[row.signal]), ...row.panels.map((p) => panelWidget(p, o.region))]);
  const status = alarmStatusWidgets(`Alarms of ${model.title}`, o.alarmArns);
  const graphs = o.alertGraphs === false ? [] : model.alerts.flatMap((a) => alertWidget(a, o.region) ?? []);
  if (status.length + graphs.length > 0) rows.push([headingWidget(ALERT_ROW_HEADING), ...status, ...graphs]);
  return placeWidgets(rows.flat());
}

/** Places widgets left to right on a 24-column grid, starting a line when one does not fit. */
function placeWidgets(widgets: readonly CloudWatchWidget[]): object[] {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  return widgets.map((w) => {
    if (x + w.width > 24) {
      x = 0;
      y += lineHeight;
      lineHeight = 0;
    }
    const placed = { type: w.type, x, y, width: w.width, height: w.height, properties: w.properties };
    x += w.width;
    lineHeight = Math.max(lineHeight, w.height);
    return placed;
  });
}
