import type { NativeStatistic } from "../observability/alert";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AlertDefinition, Comparison, nativeAlertText, NativeMetricCondition } from "../observability/alert";
import type { Severity } from "../observability/severity";
import { fitName, NAMING_RULES } from "../core/naming";

const COMPARISON_OPERATORS: Record<Comparison, string> = {
  ">": "GreaterThanThreshold",
  ">=": "GreaterThanOrEqualToThreshold",
  "<": "LessThanThreshold",
  "<=": "LessThanOrEqualToThreshold",
};

/**
 * A condition on a CloudWatch metric: the metric's statistic itself, or how
 * much it grew since the previous period (metric math `DIFF`), for counters
 * that only grow (OpenSearch's thread pool rejections count since each node
 * started; AWS's recommended alarm on them is `DIFF(...) >= 1`).
 */
export interface CloudWatchCondition extends NativeMetricCondition {
  /** `DIFF`: the alarm compares the statistic's increase over the previous period with the threshold. @default - the statistic itself */
  readonly expression?: "DIFF";
  /**
   * Metric math over several metrics of the condition's namespace and
   * dimensions: the condition's metric is `m1`, `metrics` are `m2`, `m3`...
   * (e.g. a 5xx percent: `100 * (FILL(m2, 0) + FILL(m3, 0)) / m1`); the
   * alarm compares the expression's value. Not with `expression`.
   * @default - the statistic itself
   */
  readonly math?: CloudWatchMetricMath;
}

/** Metric math over the condition's metric (`m1`) and more metrics (`m2`...) with the same namespace and dimensions. */
export interface CloudWatchMetricMath {
  /** The expression, e.g. `100 * (FILL(m2, 0) + FILL(m3, 0)) / m1`. */
  readonly expression: string;
  /** Its label on graphs. */
  readonly label: string;
  /** The metrics after `m1`, named `m2`, `m3`... in order. */
  readonly metrics: readonly { readonly metricName: string; readonly statistic: NativeStatistic }[];
}

/** The metric queries of a metric math alarm or graph: m1, m2... hidden, the expression `e1` returned. */
export function metricMathQueries(c: CloudWatchCondition & { readonly math: CloudWatchMetricMath }): { readonly id: string; readonly metricName?: string; readonly statistic?: string; readonly expression?: string; readonly label?: string }[] {
  return [
    { id: "m1", metricName: c.metricName, statistic: c.statistic },
    ...c.math.metrics.map((m, i) => ({ id: `m${i + 2}`, metricName: m.metricName, statistic: m.statistic })),
    { id: "e1", expression: c.math.expression, label: c.math.label },
  ];
}

/** An alert on a CloudWatch metric. */
export type CloudWatchAlert = AlertDefinition & { readonly condition: CloudWatchCondition };

/** Props of {@link CloudWatchAlertAlarm}. */
export interface CloudWatchAlertAlarmProps {
  /** The alert, with a native-metric condition. */
  readonly alert: CloudWatchAlert;
  /** Prefix of the alarm name, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** SNS topic ARN of the severity the alert is delivered as. */
  readonly topicArn: string;
  /** The severity it is delivered as (differs from the alert's in dev). */
  readonly deliveredAs: Severity;
}

/**
 * A CloudWatch alarm built from a Vigil alert: the alert's metric, threshold
 * and no-data handling; alarm and OK notifications to the severity's topic;
 * the summary, severity and runbook in the description.
 */
export class CloudWatchAlertAlarm extends Construct {
  /** The CloudWatch metric alarm (`aws_cloudwatch_metric_alarm`), notifying the delivered severity's SNS topic on ALARM and OK. */
  public readonly alarm: CloudwatchMetricAlarm;
  /** The alarm's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: CloudWatchAlertAlarmProps) {
    super(scope, id);
    const { alert } = props;
    const c = alert.condition;
    const percentile = /^p\d+(\.\d+)?$/.test(c.statistic);
    this.name = fitName([props.namePrefix, alert.component, alert.id], NAMING_RULES.awsAlarm);
    // A metric math alarm names its metric inside metric_query and nowhere else.
    const math = c.math;
    const metric = math
      ? {
          metricQuery: metricMathQueries({ ...c, math }).map((q) =>
            q.expression
              ? { id: q.id, returnData: true, expression: q.expression, label: q.label }
              : { id: q.id, returnData: false, metric: { namespace: c.namespace, metricName: q.metricName!, dimensions: { ...c.dimensions }, period: c.periodSeconds, stat: q.statistic! } },
          ),
        }
      : c.expression
      ? {
          metricQuery: [
            { id: "m1", returnData: false, metric: { namespace: c.namespace, metricName: c.metricName, dimensions: { ...c.dimensions }, period: c.periodSeconds, stat: c.statistic } },
            { id: "e1", returnData: true, expression: `${c.expression}(m1)`, label: `${c.expression}(${c.metricName})` },
          ],
        }
      : {
          namespace: c.namespace,
          metricName: c.metricName,
          dimensions: { ...c.dimensions },
          statistic: percentile ? undefined : c.statistic,
          extendedStatistic: percentile ? c.statistic : undefined,
          period: c.periodSeconds,
        };
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: this.name,
      alarmDescription: nativeAlertText(alert, props.deliveredAs).slice(0, 1024),
      ...metric,
      evaluationPeriods: c.evaluationPeriods,
      datapointsToAlarm: c.datapointsToAlarm,
      comparisonOperator: COMPARISON_OPERATORS[c.comparison],
      threshold: alert.threshold,
      treatMissingData: c.missingData,
      actionsEnabled: true,
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
  }
}
