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
  /** The alarm. */
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
    const metric = c.expression
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
