import { Construct } from "constructs";
import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { runbookUrl } from "../observability/alert";
import { burnRateWindows } from "../observability/burn-rate";
import type { EdgeSloProps } from "../observability/slo";
import type { NotificationRouting } from "../observability/routing";
import type { Severity } from "../observability/severity";
import type { AwsAlerting } from "./alerting";

/** One CloudWatch metric of an edge SLI alarm, `AWS/ApplicationELB` by `LoadBalancer`. */
interface EdgeSliMetric {
  /** Query id in the alarm's metric math. */
  readonly id: string;
  /** CloudWatch metric name in the `AWS/ApplicationELB` namespace, e.g. `RequestCount`, `TargetResponseTime`. */
  readonly metricName: string;
  /** Statistic or extended statistic, e.g. `Sum`, `PR(:0.3)`. */
  readonly stat: string;
}

/** One window alarm of an edge SLO: the bad/total ratio over `window`, compared with `factor` × the error budget. */
export interface EdgeSloWindowAlarm {
  /** Severity of the alert it belongs to. */
  readonly severity: Severity;
  /** `long` or `short` window of its pair. */
  readonly role: "long" | "short";
  /** Window as a Prometheus duration, e.g. `1h`. */
  readonly window: string;
  /** Window in seconds: the alarm's period (one evaluation period). */
  readonly periodSeconds: number;
  /** Burn-rate factor. */
  readonly factor: number;
  /** The alarm's threshold: factor × error budget, as a ratio. */
  readonly threshold: number;
  /** The metrics read. */
  readonly metrics: readonly EdgeSliMetric[];
  /** The metric math the alarm compares (`e1`). */
  readonly expression: string;
}

/** The alarms of one edge SLO severity: the window alarms, and the rule of the composite alarm that notifies. */
interface EdgeSloAlert {
  /** `<slo>-burn-<severity>`. */
  readonly id: string;
  /** Page or ticket. */
  readonly severity: Severity;
  /** Window alarms, pair by pair: long then short. */
  readonly windows: readonly EdgeSloWindowAlarm[];
}

/** The error budget of an objective, as a ratio: 0.001 for 99.9 (rounded as the Prometheus SLOs round it). */
export function errorBudget(objective: number): number {
  return Math.round((1 - objective / 100) * 1e12) / 1e12;
}

/** Seconds in a Prometheus duration of whole days, hours and minutes (`1d`, `6h`, `2h30m`). */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60 };
  return [...duration.matchAll(/(\d+)([dhm])/g)].reduce((sum, [, n, u]) => sum + Number(n) * units[u], 0);
}

/** The 5xx and total request metrics, and the bad ratio over them. */
const ERRORS = {
  metrics: [
    { id: "requests", metricName: "RequestCount", stat: "Sum" },
    { id: "elb5xx", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum" },
    { id: "target5xx", metricName: "HTTPCode_Target_5XX_Count", stat: "Sum" },
  ],
  ratio: "(FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests",
} as const;

/** CloudWatch's percentile rank's upper bound: the threshold in seconds, as short as it is exact. */
function latencyRatio(thresholdSeconds: number): { metrics: EdgeSliMetric[]; ratio: string } {
  return {
    metrics: [
      { id: "requests", metricName: "RequestCount", stat: "Sum" },
      // PR(:t): the percent of the period's TargetResponseTime values <= t (lower bound exclusive, upper inclusive).
      { id: "fast", metricName: "TargetResponseTime", stat: `PR(:${thresholdSeconds})` },
    ],
    // A period with requests but no target answer (every request an ELB error) has no rank: no slow answer.
    ratio: "1 - FILL(fast, 100) / 100",
  };
}

/**
 * The alarms an edge SLO burns on an Application Load Balancer: for each
 * severity, each window pair of {@link burnRateWindows} as two metric math
 * alarms (the long and the short window, the window being the alarm's
 * period, one evaluation period) on the bad/total ratio, above factor × the
 * error budget; the long one gated on the minimum request rate (below it its
 * expression is 0). A composite alarm per severity fires when both windows
 * of a pair are in ALARM, either pair.
 */
export function edgeSloAlerts(slo: EdgeSloProps): EdgeSloAlert[] {
  const period = slo.period ?? "30d";
  const minRate = slo.minRequestRate ?? 0.1;
  const budget = errorBudget(slo.objective);
  const sli = slo.sli.measure === "errors" ? ERRORS : latencyRatio(slo.sli.thresholdSeconds ?? NaN);
  const alarm = (severity: Severity, role: "long" | "short", window: string, factor: number): EdgeSloWindowAlarm => ({
    severity,
    role,
    window,
    periodSeconds: durationSeconds(window),
    factor,
    threshold: Math.round(factor * budget * 1e12) / 1e12,
    metrics: sli.metrics,
    // Requests per second over the window: the Sum divided by the period in seconds.
    expression: role === "long" ? `IF(requests / PERIOD(requests) >= ${minRate}, ${sli.ratio}, 0)` : sli.ratio,
  });
  return (["page", "ticket"] as const).map((severity) => ({
    id: `${slo.name}-burn-${severity}`,
    severity,
    windows: burnRateWindows(period)
      .filter((w) => w.severity === severity)
      .flatMap((w) => [alarm(severity, "long", w.long, w.factor), alarm(severity, "short", w.short, w.factor)]),
  }));
}

/** Props of {@link AwsEdgeSloAlarms}. */
interface AwsEdgeSloAlarmsProps {
  /** Name of the service the SLOs belong to: alarm descriptions and summaries name it, and the manifest records the alerts with it as their resource. */
  readonly service: string;
  /** Resource name of the service (alarm names): `<service>-<environment>` or `<platform>-<service>`. */
  readonly resourceName: string;
  /** The edge's load balancer ARN suffix (`app/<name>/<id>`), its `LoadBalancer` dimension. */
  readonly loadBalancer: string;
  /** The edge SLOs. */
  readonly slos: readonly EdgeSloProps[];
  /** Topics. */
  readonly alerting: AwsAlerting;
  /** Routing (delivered severity, routes, runbook base URL). */
  readonly routing: NotificationRouting;
  /** The service dashboard's name (manifest). @default - none */
  readonly dashboardName?: string;
}

/**
 * The burn-rate alerts of a service's edge SLOs on AWS, from the Application
 * Load Balancer's CloudWatch metrics: per SLO and severity, metric math
 * alarms per window (no actions of their own) and a composite alarm that
 * notifies the severity's topic, recorded in the manifest as the Prometheus
 * SLOs record theirs (`<slo>-burn-page`, `<slo>-burn-ticket`, component
 * `slo`, resource the service).
 */
export class AwsEdgeSloAlarms extends Construct {
  /** The composite alarm of each alert id. */
  public readonly composites = new Map<string, CloudwatchCompositeAlarm>();

  constructor(scope: Construct, id: string, props: AwsEdgeSloAlarmsProps) {
    super(scope, id);
    const { routing } = props;
    const manifest = VigilManifest.of(this);
    for (const slo of props.slos) {
      const budget = errorBudget(slo.objective);
      const period = slo.period ?? "30d";
      const minRate = slo.minRequestRate ?? 0.1;
      const bad = slo.sli.measure === "errors" ? "answered 5xx (by the load balancer or the backend)" : `whose backend answered slower than ${slo.sli.thresholdSeconds} s (TargetResponseTime)`;
      const what = slo.description ?? `${slo.objective} % of ${props.service} requests at the edge are good over ${period} (${slo.name}): bad are requests ${bad}`;
      for (const alert of edgeSloAlerts(slo)) {
        const deliveredAs = routing.deliveredAs(alert.severity);
        const topic = props.alerting.topicFor(alert.severity).arn;
        const names = alert.windows.map((w) => {
          const name = fitName([props.resourceName, "slo", alert.id, w.window], NAMING_RULES.awsAlarm);
          const resource = new CloudwatchMetricAlarm(this, `${alert.id}-${w.window}`, {
            alarmName: name,
            alarmDescription: `${props.service}: the ${slo.name} SLO's bad/total ratio over ${w.window} (${w.role} window of ${w.factor}x), above ${w.threshold}. Part of ${alert.id}; notifies through that composite alarm.`,
            metricQuery: [
              ...w.metrics.map((m) => ({
                id: m.id,
                returnData: false,
                metric: { namespace: "AWS/ApplicationELB", metricName: m.metricName, dimensions: { LoadBalancer: props.loadBalancer }, period: w.periodSeconds, stat: m.stat },
              })),
              { id: "e1", returnData: true, expression: w.expression, label: `${slo.name} bad ratio over ${w.window}` },
            ],
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: w.threshold,
            // No requests in the window: no ratio, which is no burn.
            treatMissingData: "notBreaching",
            actionsEnabled: false,
          });
          return { w, name, resource };
        });
        const pairs: string[] = [];
        for (let i = 0; i < names.length; i += 2) pairs.push(`(ALARM("${names[i].name}") AND ALARM("${names[i + 1].name}"))`);
        const rule = pairs.join(" OR ");
        const compositeName = fitName([props.resourceName, "slo", alert.id], NAMING_RULES.awsAlarm);
        const rates = alert.windows.filter((w) => w.role === "long").map((w, i) => `${w.factor}× over ${w.window} and ${alert.windows[2 * i + 1].window}`).join(", or ");
        const summary = `${props.service}: the ${slo.name} SLO is burning its error budget too fast`;
        const description = `${what}. The error budget (${round(budget * 100)} % of requests over ${period}) burns at ${rates} (counting only above ${minRate} requests/s), measured by the edge's Application Load Balancer.`;
        const runbook = runbookUrl(routing.runbookBaseUrl, "slo", "error-budget-burn");
        const composite = new CloudwatchCompositeAlarm(this, alert.id, {
          alarmName: compositeName,
          alarmDescription: `[${deliveredAs}] ${summary}. ${description} Runbook: ${runbook}`.slice(0, 1024),
          alarmRule: rule,
          actionsEnabled: true,
          alarmActions: [topic],
          okActions: [topic],
          // The rule names the window alarms by name: they must exist first.
          dependsOn: names.map((n) => n.resource),
        });
        this.composites.set(`${slo.name}/${alert.id}`, composite);
        manifest.addAlert({
          id: alert.id,
          component: "slo",
          resource: props.service,
          name: compositeName,
          severity: alert.severity,
          deliveredAs,
          summary,
          description,
          threshold: alert.windows.filter((w) => w.role === "long").map((w) => `burn rate ${w.factor}× over ${w.window} and ${alert.windows[alert.windows.indexOf(w) + 1].window}`).join(", or "),
          condition: `${rule}; each window: ${alert.windows.map((w) => `${w.window}: ${w.expression} > ${w.threshold}`).join("; ")} (AWS/ApplicationELB, LoadBalancer=${props.loadBalancer})`,
          mechanism: "cloudwatch-alarm",
          runbookUrl: runbook,
          routes: [...routing.routeOf(deliveredAs)],
          ...(props.dashboardName ? { dashboard: props.dashboardName } : {}),
          path: composite.node.path,
        });
      }
    }
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
