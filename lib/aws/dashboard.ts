import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { fitName, NAMING_RULES } from "../core/naming";
import type { AlertDefinition } from "../observability/alert";
import type { CloudWatchCondition } from "./alarm";

/** One graphed metric (a CloudWatch metric widget line). */
export interface DashboardMetric {
  /** Panel title. */
  readonly title: string;
  /** Metric namespace. */
  readonly namespace: string;
  /** Metric name. */
  readonly metricName: string;
  /** Dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Statistic. */
  readonly statistic: string;
  /** Which golden signal it shows. */
  readonly signal: "latency" | "traffic" | "errors" | "saturation";
}

/** Props of {@link AlertDashboard}. */
export interface AlertDashboardProps {
  /** Dashboard name parts. */
  readonly nameParts: readonly string[];
  /** Region the metrics live in. */
  readonly region: string;
  /** Golden-signal metrics, graphed first. */
  readonly signals: readonly DashboardMetric[];
  /** Alerts: each gets a graph of its metric with its threshold drawn. */
  readonly alerts: readonly AlertDefinition[];
  /** Full-width widgets placed above the graphs (text, alarm status), each `{ type, height, properties }`. @default - none */
  readonly header?: readonly { readonly type: string; readonly height: number; readonly properties: object }[];
}

/**
 * A CloudWatch dashboard per component: a row per golden signal (latency,
 * traffic, errors, saturation), then one graph per native alert with the
 * alarm threshold drawn, so on-call sees what the alert sees.
 */
export class AlertDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: CloudwatchDashboard;
  /** Its name, as a plain string (known at synth). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AlertDashboardProps) {
    super(scope, id);
    const widgets: object[] = [];
    let top = 0;
    for (const h of props.header ?? []) {
      widgets.push({ type: h.type, x: 0, y: top, width: 24, height: h.height, properties: h.properties });
      top += h.height;
    }
    let graphs = 0;
    const place = (widget: object) => {
      const i = graphs++;
      widgets.push({ ...widget, x: (i % 2) * 12, y: top + Math.floor(i / 2) * 6, width: 12, height: 6 });
    };
    const metricLine = (m: { namespace: string; metricName: string; dimensions: Readonly<Record<string, string>>; statistic: string }) => [
      m.namespace,
      m.metricName,
      ...Object.entries(m.dimensions).flat(),
      { stat: m.statistic },
    ];
    for (const s of props.signals) {
      place({ type: "metric", properties: { title: `${s.signal}: ${s.title}`, region: props.region, view: "timeSeries", period: 60, metrics: [metricLine(s)] } });
    }
    for (const alert of props.alerts) {
      if (alert.condition.kind !== "native-metric") continue;
      const c: CloudWatchCondition = alert.condition;
      // A metric math alert graphs what it compares: the expression over the (hidden) metric.
      const metrics = c.expression
        ? [[...metricLine(c).slice(0, -1), { stat: c.statistic, id: "m1", visible: false }], [{ expression: `${c.expression}(m1)`, label: `${c.expression}(${c.metricName})`, id: "e1" }]]
        : [metricLine(c)];
      place({
        type: "metric",
        properties: {
          title: `${alert.id} (${alert.severity})`,
          region: props.region,
          view: "timeSeries",
          period: c.periodSeconds,
          metrics,
          annotations: { horizontal: [{ label: `${alert.id} threshold`, value: alert.threshold }] },
        },
      });
    }
    this.name = fitName(props.nameParts, NAMING_RULES.awsDashboard);
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.name,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
