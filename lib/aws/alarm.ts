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

/** Props of {@link CloudWatchAlertAlarm}. */
export interface CloudWatchAlertAlarmProps {
  /** The alert, with a native-metric condition. */
  readonly alert: AlertDefinition & { readonly condition: NativeMetricCondition };
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
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: this.name,
      alarmDescription: nativeAlertText(alert, props.deliveredAs).slice(0, 1024),
      namespace: c.namespace,
      metricName: c.metricName,
      dimensions: { ...c.dimensions },
      statistic: percentile ? undefined : c.statistic,
      extendedStatistic: percentile ? c.statistic : undefined,
      period: c.periodSeconds,
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
