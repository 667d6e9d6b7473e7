import { Construct } from "constructs";
import { MonitoringAlertPolicy, MonitoringAlertPolicyConditions } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { AlertDefinition, Comparison, MissingData, NativeMetricCondition } from "../observability/alert";
import type { Severity } from "../observability/severity";

/** Cloud Monitoring comparison per Vigil comparison. */
const COMPARISONS: Readonly<Record<Comparison, string>> = { ">": "COMPARISON_GT", ">=": "COMPARISON_GE", "<": "COMPARISON_LT", "<=": "COMPARISON_LE" };

/** How a threshold condition treats missing data (Cloud Monitoring `evaluationMissingData`). */
const MISSING_DATA: Readonly<Record<MissingData, string>> = {
  breaching: "EVALUATION_MISSING_DATA_ACTIVE",
  notBreaching: "EVALUATION_MISSING_DATA_INACTIVE",
  ignore: "EVALUATION_MISSING_DATA_NO_OP",
  missing: "EVALUATION_MISSING_DATA_NO_OP",
};

/**
 * An alert as a Cloud Monitoring policy: Vigil's alert, and for a
 * native-metric condition an optional reduction across series (the mean
 * over a cluster's nodes, over an uptime check's checker regions) applied
 * after the per-series aligner and before the comparison (Cloud Monitoring
 * `Aggregation.crossSeriesReducer` and `groupByFields`).
 */
export interface GcpAlertDefinition extends AlertDefinition {
  /** Reduce the aligned series to one per group before comparing. @default - every series compared on its own */
  readonly crossSeries?: GcpCrossSeries;
  /**
   * Fire when the (reduced) series reports no data for `threshold` seconds
   * (Cloud Monitoring `condition_absent`, whole minutes from 2 min to
   * 23.5 h) instead of comparing its value; the condition's comparison and
   * missing-data handling are then unused. @default false
   */
  readonly absent?: boolean;
}

/** A Cloud Monitoring cross-series reduction. */
export interface GcpCrossSeries {
  /** Reducer, e.g. `REDUCE_MEAN`. */
  readonly reducer: string;
  /** Fields kept, one series per distinct value, e.g. `resource.label.cluster_name`. */
  readonly groupBy: readonly string[];
}

/** Policy severity per delivered Vigil severity (the incident's severity in Cloud Monitoring). */
export const GCP_POLICY_SEVERITY: Readonly<Record<Severity, string>> = { page: "CRITICAL", ticket: "ERROR", info: "WARNING" };

/**
 * The Cloud Monitoring filter of a native-metric condition: on GCP the
 * condition's `namespace` is the monitored resource type, `metricName` the
 * metric type, and each dimension a filter field such as
 * `resource.labels.database_id` or `metric.labels.consumer_group`.
 */
export function metricFilter(c: NativeMetricCondition): string {
  return [`resource.type = "${c.namespace}"`, `metric.type = "${c.metricName}"`, ...Object.entries(c.dimensions).map(([k, v]) => `${k} = "${v}"`)].join(" AND ");
}

/** The markdown a policy's notifications carry: summary, description, runbook. */
function policyDocumentation(alert: AlertDefinition, deliveredAs: Severity): string {
  return [`**${alert.summary}**`, "", alert.description, "", `Severity: ${alert.severity} (delivered as ${deliveredAs}).`, "", `Runbook: ${alert.runbookUrl}`].join("\n");
}

/** Props of {@link GcpAlertPolicy}. */
export interface GcpAlertPolicyProps {
  /** The alert: a native-metric condition becomes a metric threshold (or absence) condition, a PromQL one a PromQL condition; its summary, description and runbook the documentation. */
  readonly alert: GcpAlertDefinition;
  /** Prefix of the display name: the monitored resource's name. */
  readonly resourceName: string;
  /** Severity it is delivered as in this environment. */
  readonly deliveredAs: Severity;
  /** Notification channel ids it notifies. */
  readonly notificationChannels: readonly string[];
  /** A PromQL expression used as the condition verbatim (a rendered alerting rule, threshold included). @default - built from the alert's condition */
  readonly promqlQuery?: string;
  /** User labels of the policy. @default - none besides severity, component and alert id */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One Vigil alert as a Cloud Monitoring alert policy: a metric threshold
 * condition for a native-metric alert, a PromQL condition for a PromQL
 * alert; documentation with summary, description and runbook link; the
 * channels of the delivered severity.
 */
export class GcpAlertPolicy extends Construct {
  /** The Cloud Monitoring alert policy (`google_monitoring_alert_policy`) named `displayName`, with one condition, notifying `notificationChannels`. */
  public readonly policy: MonitoringAlertPolicy;
  /** Display name: `<resource> <component> <alert id>`. */
  public readonly displayName: string;

  constructor(scope: Construct, id: string, props: GcpAlertPolicyProps) {
    super(scope, id);
    const { alert, deliveredAs } = props;
    this.displayName = `${props.resourceName} ${alert.component} ${alert.id}`;
    this.policy = new MonitoringAlertPolicy(this, "policy", {
      displayName: this.displayName,
      combiner: "OR",
      severity: GCP_POLICY_SEVERITY[deliveredAs],
      conditions: [policyCondition(alert, props.promqlQuery)],
      notificationChannels: [...props.notificationChannels],
      documentation: {
        subject: `[${deliveredAs}] ${alert.summary}`.slice(0, 255),
        content: policyDocumentation(alert, deliveredAs),
        mimeType: "text/markdown",
        links: [{ displayName: "Runbook", url: alert.runbookUrl }],
      },
      alertStrategy: { autoClose: "1800s" },
      userLabels: { ...props.labels, severity: deliveredAs, component: alert.component, alert_id: alert.id },
    });
  }
}

function policyCondition(alert: GcpAlertDefinition, promqlQuery?: string): MonitoringAlertPolicyConditions {
  const c = alert.condition;
  if (c.kind === "promql") {
    return {
      displayName: alert.summary.slice(0, 255),
      conditionPrometheusQueryLanguage: {
        query: promqlQuery ?? `(${c.query}) ${c.comparison} ${alert.threshold}`,
        duration: `${promSeconds(c.for)}s`,
        evaluationInterval: "60s",
      },
    };
  }
  if (alert.absent) {
    return {
      displayName: alert.summary.slice(0, 255),
      conditionAbsent: {
        filter: metricFilter(c),
        duration: `${alert.threshold}s`,
        aggregations: [
          {
            alignmentPeriod: `${c.periodSeconds}s`,
            perSeriesAligner: c.statistic,
            ...(alert.crossSeries ? { crossSeriesReducer: alert.crossSeries.reducer, groupByFields: [...alert.crossSeries.groupBy] } : {}),
          },
        ],
        trigger: { count: 1 },
      },
    };
  }
  return {
    displayName: alert.summary.slice(0, 255),
    conditionThreshold: {
      filter: metricFilter(c),
      comparison: COMPARISONS[c.comparison],
      thresholdValue: alert.threshold,
      duration: `${c.periodSeconds * c.evaluationPeriods}s`,
      evaluationMissingData: MISSING_DATA[c.missingData],
      aggregations: [
        {
          alignmentPeriod: `${c.periodSeconds}s`,
          perSeriesAligner: c.statistic,
          ...(alert.crossSeries ? { crossSeriesReducer: alert.crossSeries.reducer, groupByFields: [...alert.crossSeries.groupBy] } : {}),
        },
      ],
      trigger: { count: 1 },
    },
  };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A Prometheus duration such as `5m` in seconds. */
function promSeconds(duration: string): number {
  const m = /^(\d+)([smhdw])$/.exec(duration);
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]] : 0;
}
