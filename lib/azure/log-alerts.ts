import { Construct } from "constructs";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { ERROR_LOG_LEVELS, LOG_LEVEL_FIELDS } from "../core/components/logs";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { AlertDefinition, Comparison, nativeAlertText, NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import type { AzureAlerting } from "./action-groups";
import { AZURE_ALERT_SEVERITY } from "./metric-alert";

/** Component of the service log alerts (runbook folder, rule names). */
export const CONTAINER_LOGS_COMPONENT = "container-logs";

/** The Log Analytics table Container Insights writes container stdout/stderr to. */
export const CONTAINER_LOG_TABLE = "ContainerLogV2";

/**
 * A log search alert: the KQL `query` returns one row whose `lines` column is
 * compared with the threshold over the window `condition.periodSeconds`. The
 * condition describes that number for the shared alert model (namespace:
 * the workspace, metric: the table's rows, statistic: Count).
 */
export type AzureLogQueryAlert = AlertDefinition & { readonly condition: NativeMetricCondition; readonly query: string };

/**
 * Window sizes a scheduled query rule accepts, in seconds (azurerm
 * `window_duration`, Microsoft.Insights/scheduledQueryRules `windowSize`).
 */
const LOG_ALERT_WINDOWS: readonly [number, string][] = [
  [60, "PT1M"], [300, "PT5M"], [600, "PT10M"], [900, "PT15M"], [1800, "PT30M"], [2700, "PT45M"], [3600, "PT1H"], [7200, "PT2H"],
  [10800, "PT3H"], [14400, "PT4H"], [18000, "PT5H"], [21600, "PT6H"], [86400, "P1D"], [172800, "P2D"],
];

/** The smallest window a scheduled query rule accepts that covers `seconds`, with its ISO 8601 form. */
export function logAlertWindow(seconds: number): { readonly seconds: number; readonly iso: string } {
  const [s, iso] = LOG_ALERT_WINDOWS.find(([w]) => w >= seconds) ?? LOG_ALERT_WINDOWS[LOG_ALERT_WINDOWS.length - 1];
  return { seconds: s, iso };
}

/** A KQL string literal list: `"a", "b"`. */
function kqlList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * The KQL that selects the error lines of `ContainerLogV2`: the level the
 * agent recorded (`LogLevel`: the JSON line's `level`, else a keyword match;
 * CRITICAL or ERROR) or the JSON line's own level fields, each compared
 * case-insensitively with {@link ERROR_LOG_LEVELS} so every target counts the same lines.
 */
export function errorLineFilter(): string {
  const levels = kqlList(ERROR_LOG_LEVELS);
  return [`LogLevel in~ (${levels})`, ...LOG_LEVEL_FIELDS.map((f) => `tostring(LogMessage.${f}) in~ (${levels})`)].join(" or ");
}

/** The service's container logs: `ContainerLogV2` in its namespaces. */
export function serviceLogQuery(namespaces: readonly string[]): string {
  return [CONTAINER_LOG_TABLE, `| where PodNamespace in (${kqlList(namespaces)})`].join("\n");
}

/** Props of {@link azureLogAlertBindings}. */
interface AzureLogAlertBindingsProps {
  /** The service's namespaces. */
  readonly namespaces: readonly string[];
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
}

/**
 * The canonical `logs` alerts as log search alerts on `ContainerLogV2`,
 * filtered by the service's namespaces. Each query ends in
 * `summarize lines = count()`, which returns one row even when nothing
 * matched, so zero lines is a value compared like any other:
 *
 * - `error-logs-high` (error lines per second averaged over 5 minutes):
 *   the error lines counted over a 5-minute window, above threshold × 300;
 * - `logs-missing` (seconds): fewer than 1 line over a window of the
 *   threshold, rounded up to a window the rule accepts (600 s is PT10M,
 *   1200 s becomes PT30M), evaluated every 5 minutes.
 */
export function azureLogAlertBindings(props: AzureLogAlertBindingsProps): ComponentAlertBindings<"logs", AzureLogQueryAlert> {
  const base = serviceLogQuery(props.namespaces);
  const where = props.namespaces.join(", ");
  const alert = (a: Omit<AzureLogQueryAlert, "component" | "runbookUrl" | "severity">): AzureLogQueryAlert => ({
    ...a,
    severity: "ticket",
    component: CONTAINER_LOGS_COMPONENT,
    runbookUrl: runbookUrl(props.runbookBaseUrl, CONTAINER_LOGS_COMPONENT, a.id),
  });
  const condition = (periodSeconds: number, comparison: Comparison, missingData: NativeMetricCondition["missingData"]): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "Microsoft.OperationalInsights/workspaces",
    metricName: `${CONTAINER_LOG_TABLE} lines`,
    dimensions: {},
    statistic: "Count",
    periodSeconds,
    evaluationPeriods: 1,
    comparison,
    missingData,
  });
  return {
    kind: "logs",
    canonical: {
      "error-logs-high": {
        build: (s) =>
          alert({
            id: "error-logs-high",
            summary: `More than ${s.threshold} error log lines per second in ${where}`,
            description: `Error-level lines (LogLevel CRITICAL or ERROR, or a JSON level/severity of ${ERROR_LOG_LEVELS.join(", ")}) in ContainerLogV2 for namespaces ${where}: more than ${s.threshold * 300} in 5 minutes (${s.threshold}/s × 300 s). No line counts as zero.`,
            threshold: s.threshold * 300,
            unit: "lines per 5 min",
            condition: condition(300, ">", "notBreaching"),
            query: [base, `| where ${errorLineFilter()}`, "| summarize lines = count()"].join("\n"),
          }),
      },
      "logs-missing": {
        build: (s) => {
          const window = logAlertWindow(s.threshold);
          return alert({
            id: "logs-missing",
            summary: `No log line from ${where} for ${window.seconds / 60} minutes`,
            description: `No line in ContainerLogV2 for namespaces ${where} over ${window.seconds} s (${s.threshold} s rounded up to a window Azure log alerts accept): the service stopped writing, its pods are gone, or the Container Insights agent stopped shipping. Zero lines is the firing value, not missing data.`,
            threshold: window.seconds,
            unit: "s",
            condition: condition(window.seconds, "<", "breaching"),
            query: [base, "| summarize lines = count()"].join("\n"),
          });
        },
      },
    },
  };
}

/** Operators of a scheduled query rule criterion. */
const OPERATORS: Readonly<Record<Comparison, string>> = { ">": "GreaterThan", ">=": "GreaterThanOrEqual", "<": "LessThan", "<=": "LessThanOrEqual" };

/** Props of {@link AzureLogAlertSink}. */
interface AzureLogAlertSinkProps {
  /** Action groups and routing. */
  readonly alerting: AzureAlerting;
  /** Region of the rules (the workspace's). */
  readonly location: string;
  /** Resource group of the rules. */
  readonly resourceGroupName: string;
  /** Log Analytics workspace the rules query. */
  readonly workspaceId: string;
  /** Tags on the scheduled query rules (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Deploys log alerts as Azure Monitor scheduled query rules (log search
 * alerts v2) on the Log Analytics workspace: the alert's query, the row
 * column `lines` summed over the window, evaluated every 5 minutes (every
 * minute below 5-minute windows), notifying the action group of the
 * delivered severity; recorded as `azure-log-query-alert`.
 */
export class AzureLogAlertSink implements AlertSink<AzureLogQueryAlert> {
  constructor(private readonly props: AzureLogAlertSinkProps) {}

  public deploy(scope: Construct, alerts: readonly AzureLogQueryAlert[], placement: AlertPlacement): string[] {
    const routing = this.props.alerting.routing;
    for (const alert of alerts) {
      const c = alert.condition;
      const deliveredAs = routing.deliveredAs(alert.severity);
      const window = logAlertWindow(c.periodSeconds);
      const name = fitName([placement.resourceName, alert.component, alert.id], NAMING_RULES.azureMonitorAlert);
      const rule = new MonitorScheduledQueryRulesAlertV2(scope, `alert-${alert.id}`, {
        name,
        location: this.props.location,
        resourceGroupName: this.props.resourceGroupName,
        scopes: [this.props.workspaceId],
        description: nativeAlertText(alert, deliveredAs),
        severity: AZURE_ALERT_SEVERITY[deliveredAs],
        windowDuration: window.iso,
        evaluationFrequency: window.seconds < 300 ? "PT1M" : "PT5M",
        criteria: [{ query: alert.query, timeAggregationMethod: "Total", metricMeasureColumn: "lines", operator: OPERATORS[c.comparison], threshold: alert.threshold }],
        action: { actionGroups: [this.props.alerting.actionGroupIdFor(alert.severity)] },
        autoMitigationEnabled: true,
        tags: { ...this.props.tags },
      });
      VigilManifest.of(scope).addAlert({
        ...alertRecordFields(alert),
        resource: placement.resourceName,
        name,
        deliveredAs,
        threshold: `${c.comparison} ${alert.threshold} ${alert.unit}`,
        condition: `${alert.query.replace(/\n/g, " ")} over ${window.iso}`,
        mechanism: "azure-log-query-alert",
        routes: routing.routeOf(deliveredAs),
        dashboard: placement.dashboard,
        path: rule.node.path,
      });
    }
    return [];
  }
}
