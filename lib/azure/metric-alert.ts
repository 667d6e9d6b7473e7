import { Construct } from "constructs";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { fitName, NAMING_RULES } from "../core/naming";
import { AlertDefinition, Comparison, nativeAlertText, NativeMetricCondition } from "../observability/alert";
import { Severity } from "../observability/severity";

/** An alert on an Azure Monitor platform metric. */
export type AzureNativeAlert = AlertDefinition & { readonly condition: NativeMetricCondition };

const OPERATORS: Record<Comparison, string> = { ">": "GreaterThan", ">=": "GreaterThanOrEqual", "<": "LessThan", "<=": "LessThanOrEqual" };

/** Window sizes a metric alert accepts, in seconds, with their ISO 8601 form. */
const WINDOWS: readonly [number, string][] = [
  [60, "PT1M"], [300, "PT5M"], [900, "PT15M"], [1800, "PT30M"], [3600, "PT1H"], [21600, "PT6H"], [43200, "PT12H"], [86400, "P1D"],
];

/**
 * Azure Monitor alert severity (0 critical ... 4 verbose) of the severity an
 * alert is delivered as: a page is critical, a ticket a warning, info informational.
 */
export const AZURE_ALERT_SEVERITY: Readonly<Record<Severity, number>> = { page: 0, ticket: 2, info: 3 };

/**
 * The evaluation window of a condition: the smallest window Azure accepts
 * that covers `periodSeconds × evaluationPeriods`, and a frequency no longer
 * than the window (1 minute up to 15-minute windows, then 5 or 15 minutes).
 */
function azureWindow(c: Pick<NativeMetricCondition, "periodSeconds" | "evaluationPeriods">): { windowSize: string; frequency: string } {
  const total = c.periodSeconds * c.evaluationPeriods;
  const [seconds, windowSize] = WINDOWS.find(([s]) => s >= total) ?? WINDOWS[WINDOWS.length - 1];
  const frequency = seconds <= 900 ? "PT1M" : seconds <= 3600 ? "PT5M" : "PT15M";
  return { windowSize, frequency };
}

/** Props of {@link AzureMetricAlert}. */
export interface AzureMetricAlertProps {
  /** The alert, with a native-metric condition on the resource's namespace. */
  readonly alert: AzureNativeAlert;
  /** Prefix of the rule name, e.g. the resource name. */
  readonly namePrefix: string;
  /** Resource group the rule lives in. */
  readonly resourceGroupName: string;
  /** Resource id the metric belongs to. */
  readonly resourceId: string;
  /** Action group of the severity the alert is delivered as. */
  readonly actionGroupId: string;
  /** The severity it is delivered as (differs from the alert's in dev). */
  readonly deliveredAs: Severity;
  /** Tags on the metric alert rule (`AzureAlerting` passes the platform's standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An Azure Monitor metric alert built from a Vigil alert: the alert's metric
 * namespace, name, dimensions, aggregation and threshold over a window
 * covering its evaluation periods; notifications to the severity's action
 * group; summary, severity and runbook in the description. It resolves by
 * itself when the metric recovers.
 */
export class AzureMetricAlert extends Construct {
  /** The Azure Monitor metric alert rule (`azurerm_monitor_metric_alert`), scoped to `resourceId`, auto-mitigating when the metric recovers. */
  public readonly rule: MonitorMetricAlert;
  /** The rule's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AzureMetricAlertProps) {
    super(scope, id);
    const { alert } = props;
    const c = alert.condition;
    this.name = fitName([props.namePrefix, alert.component, alert.id], NAMING_RULES.azureMonitorAlert);
    this.rule = new MonitorMetricAlert(this, "rule", {
      name: this.name,
      resourceGroupName: props.resourceGroupName,
      scopes: [props.resourceId],
      description: nativeAlertText(alert, props.deliveredAs),
      severity: AZURE_ALERT_SEVERITY[props.deliveredAs],
      ...azureWindow(c),
      autoMitigate: true,
      criteria: [
        {
          metricNamespace: c.namespace,
          metricName: c.metricName,
          aggregation: c.statistic,
          operator: OPERATORS[c.comparison],
          threshold: alert.threshold,
          dimension: Object.entries(c.dimensions).map(([name, value]) => ({ name, operator: "Include", values: [value] })),
        },
      ],
      action: [{ actionGroupId: props.actionGroupId }],
      tags: { ...props.tags },
    });
  }
}
