import type { ComponentKind, ThresholdUnit } from "./alert-catalog";
import { isSeverity, Severity } from "./severity";

/** Threshold comparison, applied as `value <op> threshold`. */
export type Comparison = ">" | ">=" | "<" | "<=";

/** How a native alarm treats periods with no data. */
export type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/**
 * A condition on a cloud's own metric (CloudWatch, Cloud Monitoring, Azure
 * Monitor), with the metric's real namespace, name and dimensions.
 */
export interface NativeMetricCondition {
  /** Condition kind. */
  readonly kind: "native-metric";
  /** Metric namespace, e.g. `ContainerInsights`, `AWS/EKS`. */
  readonly namespace: string;
  /** Metric name as the service publishes it, e.g. `cluster_failed_node_count`. */
  readonly metricName: string;
  /** Dimensions selecting the series, e.g. `{ ClusterName: "checkout-prod" }`. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Statistic, in the target's own terms. */
  readonly statistic: NativeStatistic;
  /** Seconds per evaluated period. */
  readonly periodSeconds: number;
  /** Periods looked at. */
  readonly evaluationPeriods: number;
  /** Periods of those that must breach. @default - all evaluation periods */
  readonly datapointsToAlarm?: number;
  /** Comparison with the threshold. */
  readonly comparison: Comparison;
  /** No-data handling, chosen per alert and explained in its description. */
  readonly missingData: MissingData;
}

/**
 * A native metric's statistic: CloudWatch's (`Average`, `Sum`, `Minimum`,
 * `Maximum`, `SampleCount`, a percentile like `p99`), an Azure Monitor
 * aggregation (`Average`, `Count`, `Minimum`, `Maximum`, `Total`) or a Cloud
 * Monitoring aligner (`ALIGN_RATE`, `ALIGN_MAX`...).
 */
export type NativeStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | "Count" | "Total" | `p${number}` | `ALIGN_${string}`;

/** A Prometheus duration: a number and a unit, e.g. `5m`, `1h`, `30s`. */
export type PromDuration = `${number}${"ms" | "s" | "m" | "h" | "d" | "w" | "y"}`;

/** A condition in PromQL: `query <comparison> threshold` held for `for`. */
export interface PromQlCondition {
  /** Condition kind. */
  readonly kind: "promql";
  /** PromQL expression producing the value compared with the threshold. */
  readonly query: string;
  /** Comparison with the threshold. */
  readonly comparison: Comparison;
  /** How long the condition must hold, e.g. `5m`. */
  readonly for: PromDuration;
}

/** What makes an alert fire. */
export type AlertCondition = NativeMetricCondition | PromQlCondition;

/**
 * A default alert of a component. Every alert has an id, a summary, a
 * description, a severity, a runbook and a threshold the user can override.
 */
export interface AlertDefinition {
  /** Stable id, unique within its component, kebab-case: `failed-nodes`. */
  readonly id: string;
  /** The component kind it belongs to, e.g. `kubernetes-cluster`. */
  readonly component: string;
  /** One line: what is wrong. */
  readonly summary: string;
  /** What it means, why this threshold, and what no-data does. */
  readonly description: string;
  /** Urgency. */
  readonly severity: Severity;
  /** Link to what to do. */
  readonly runbookUrl: string;
  /** Threshold compared with the condition's value. */
  readonly threshold: number;
  /** Unit of the threshold, for humans (`%`, `count`, `bytes`). */
  readonly unit: string;
  /** When it fires. */
  readonly condition: AlertCondition;
  /** The canonical alert it implements, with the user's threshold in the catalog's unit. @default - a target-only alert */
  readonly canonical?: CanonicalAlertRef;
}

/** Which canonical alert a native alert implements, and its threshold as the user wrote it. */
export interface CanonicalAlertRef {
  /** Component kind of the catalog. */
  readonly kind: ComponentKind;
  /** Canonical id (a member copy's own id carries the member too, e.g. `under-min-isr-broker-1`). */
  readonly id: string;
  /** Threshold in the catalog's unit (`threshold` of the alert is the converted, native one). */
  readonly threshold: number;
  /** The catalog's unit. */
  readonly unit: ThresholdUnit;
}

/** A user's change to one default alert. */
export interface AlertOverride {
  /** New threshold. @default - the alert's default threshold */
  readonly threshold?: number;
  /** New severity. @default - the alert's default severity */
  readonly severity?: Severity;
  /** Set false to drop the alert (the reason belongs in a code comment). @default true */
  readonly enabled?: boolean;
}

const ALERT_ID = /^[a-z][a-z0-9-]{1,62}$/;

/**
 * Applies user overrides (keyed by alert id) to default alerts. Returns the
 * resulting alerts and a message for every override that names an unknown id
 * or carries a bad value.
 */
export function applyAlertOverrides<A extends AlertDefinition>(
  defaults: readonly A[],
  overrides: Readonly<Record<string, AlertOverride>> = {},
): { alerts: A[]; problems: string[] } {
  const problems: string[] = [];
  const known = new Set(defaults.map((a) => a.id));
  for (const [id, o] of Object.entries(overrides)) {
    if (!known.has(id)) {
      problems.push(`\`alerts.${id}\` overrides an alert that does not exist; known alert ids: ${[...known].sort().join(", ")}`);
      continue;
    }
    if (o.threshold !== undefined && !Number.isFinite(o.threshold)) {
      problems.push(`\`alerts.${id}.threshold\` is ${String(o.threshold)}; use a finite number`);
    }
    if (o.severity !== undefined && !isSeverity(o.severity)) {
      problems.push(`\`alerts.${id}.severity\` is ${JSON.stringify(o.severity)}; use "page", "ticket" or "info"`);
    }
  }
  const alerts = defaults
    .filter((a) => overrides[a.id]?.enabled !== false)
    .map((a): A => {
      const o = overrides[a.id];
      if (!o) return a;
      // A bad value is reported above; the default stays so construction can go on.
      const threshold = o.threshold !== undefined && Number.isFinite(o.threshold) ? o.threshold : a.threshold;
      const severity = o.severity !== undefined && isSeverity(o.severity) ? o.severity : a.severity;
      return { ...a, threshold, severity };
    });
  return { alerts, problems };
}

/**
 * Checks an alert's own fields; returns messages naming the alert id.
 * `runbookFromBase`: the runbook URL is the routing's `runbookBaseUrl` plus a
 * path, and that base is checked once where it is written
 * (`notifications.runbookBaseUrl`), so the alert does not repeat it.
 */
export function validateAlert(alert: AlertDefinition, options: { readonly runbookFromBase?: boolean } = {}): string[] {
  const problems: string[] = [];
  const where = `alert "${alert.id}"`;
  if (!ALERT_ID.test(alert.id)) problems.push(`${where}: id must be kebab-case (a-z, 0-9, '-'), 2-63 characters, starting with a letter`);
  if (!alert.summary.trim()) problems.push(`${where}: \`summary\` is empty; say in one line what is wrong`);
  if (!alert.description.trim()) problems.push(`${where}: \`description\` is empty; say what it means and what to check`);
  if (!options.runbookFromBase && !/^https:\/\/[^\s]+$/.test(alert.runbookUrl)) problems.push(`${where}: \`runbookUrl\` ${JSON.stringify(alert.runbookUrl)} is not an https URL; every alert needs a runbook`);
  if (!isSeverity(alert.severity)) problems.push(`${where}: \`severity\` ${JSON.stringify(alert.severity)}; use "page", "ticket" or "info"`);
  const c = alert.condition;
  if (c.kind === "native-metric") {
    if (c.periodSeconds < 10 || (c.periodSeconds >= 60 && c.periodSeconds % 60 !== 0) || (c.periodSeconds < 60 && ![10, 30].includes(c.periodSeconds))) {
      problems.push(`${where}: period ${c.periodSeconds}s; use 10, 30 or a multiple of 60 seconds`);
    }
    if (c.evaluationPeriods < 1) problems.push(`${where}: evaluationPeriods ${c.evaluationPeriods}; use >= 1`);
    if (c.datapointsToAlarm !== undefined && (c.datapointsToAlarm < 1 || c.datapointsToAlarm > c.evaluationPeriods)) {
      problems.push(`${where}: datapointsToAlarm ${c.datapointsToAlarm} must be between 1 and evaluationPeriods (${c.evaluationPeriods})`);
    }
  } else if (!/^\d+[smhdw]$/.test(c.for)) {
    problems.push(`${where}: \`for\` ${JSON.stringify(c.for)} is not a Prometheus duration like "5m"`);
  }
  return problems;
}

/**
 * The text a cloud's native alert carries (a CloudWatch alarm's or an Azure
 * alert rule's description): `[page delivered as ticket] summary`, the
 * description, and the runbook link, one per line, so an on-call engineer
 * reads the same thing whichever cloud raised it.
 */
export function nativeAlertText(alert: Pick<AlertDefinition, "severity" | "summary" | "description" | "runbookUrl">, deliveredAs: Severity): string {
  const severity = deliveredAs === alert.severity ? alert.severity : `${alert.severity} delivered as ${deliveredAs}`;
  return [`[${severity}] ${alert.summary}`, alert.description, `Runbook: ${alert.runbookUrl}`].join("\n");
}

/** Joins a runbook base URL and an alert's path without doubling slashes. */
export function runbookUrl(baseUrl: string, component: string, alertId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${component}/${alertId}.md`;
}
