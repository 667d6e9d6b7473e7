import { Construct } from "constructs";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { nativeAlertText, runbookUrl } from "../observability/alert";
import { burnRateWindows } from "../observability/burn-rate";
import type { EdgeSloProps } from "../observability/slo";
import type { AzureAlerting } from "./action-groups";
import { frontDoorAccessLogQuery } from "./front-door-alerts";
import type { AzureLogQueryAlert } from "./log-alerts";
import { logAlertWindow } from "./log-alerts";
import { AZURE_ALERT_SEVERITY } from "./metric-alert";

/**
 * The longest time range a log search alert reads: `window_duration` and
 * `query_time_range_override` stop at P2D, and an `ago()` further back in
 * the query still scans two days only (Microsoft Learn, "Create or edit a
 * log search alert rule"; azurerm_monitor_scheduled_query_rules_alert_v2).
 */
export const LOG_ALERT_MAX_LOOKBACK_SECONDS = 2 * 86400;

/** Evaluation frequency of the burn-rate rules: every 5 minutes for pages, every 15 for tickets (their short windows are 2 h and 6 h for 30 days). */
const FREQUENCY: Readonly<Record<"page" | "ticket", string>> = { page: "PT5M", ticket: "PT15M" };

/** One window pair as evaluated on Azure: the long window capped at what a log search alert can read. */
interface AzureBurnWindow {
  /** Long window as `burnRateWindows` gives it, e.g. `3d`. */
  readonly long: string;
  /** Short window, e.g. `6h`. */
  readonly short: string;
  /** Long window in seconds as queried (at most two days). */
  readonly longSeconds: number;
  /** Short window in seconds. */
  readonly shortSeconds: number;
  /** Burn-rate factor. */
  readonly factor: number;
  /** factor × error budget: the bad/total ratio both windows must exceed. */
  readonly ratio: number;
  /** Fewest requests in the long window: minRequestRate × its seconds. */
  readonly minRequests: number;
  /** Whether the long window was capped at two days. */
  readonly capped: boolean;
}

/** Seconds of a Prometheus-style duration (`1h`, `2d19h12m`, `5m`). */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
  return [...duration.matchAll(/(\d+)([dhms])/g)].reduce((sum, [, n, u]) => sum + Number(n) * units[u], 0);
}

/** A KQL timespan literal of whole seconds: `3600s`. */
function kqlSpan(seconds: number): string {
  return `${seconds}s`;
}

function round(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

/** The error budget of an objective in percent, as a ratio: 0.001 for 99.9. */
export function errorBudget(objective: number): number {
  return round(1 - objective / 100);
}

/** The window pairs of one severity of an edge SLO, as Azure evaluates them. */
export function azureBurnWindows(slo: EdgeSloProps, severity: "page" | "ticket"): AzureBurnWindow[] {
  const budget = errorBudget(slo.objective);
  const minRate = slo.minRequestRate ?? 0.1;
  return burnRateWindows(slo.period ?? "30d")
    .filter((w) => w.severity === severity)
    .map((w) => {
      const full = durationSeconds(w.long);
      const longSeconds = Math.min(full, LOG_ALERT_MAX_LOOKBACK_SECONDS);
      return { long: w.long, short: w.short, longSeconds, shortSeconds: durationSeconds(w.short), factor: w.factor, ratio: round(w.factor * budget), minRequests: round(minRate * longSeconds), capped: longSeconds < full };
    });
}

/** The KQL predicate of a bad request: a 5xx answer, or one slower than the threshold (`timeTaken_s`, seconds). */
function edgeBadRequest(slo: EdgeSloProps): string {
  return slo.sli.measure === "errors" ? "toint(httpStatusCode_s) between (500 .. 599)" : `todouble(timeTaken_s) > ${slo.sli.thresholdSeconds}`;
}

/**
 * The KQL of one severity's burn-rate alert: Front Door access log lines of
 * the edge's host over the longest window, the requests and bad requests
 * counted over each long and short window in one `summarize` (one row, zeros
 * when there was no request), each window's bad/total ratio, and `lines` =
 * how many window pairs burn: both ratios above factor × budget and at least
 * minRequestRate × long-window seconds requests.
 */
export function edgeBurnQuery(slo: EdgeSloProps, hostname: string, severity: "page" | "ticket"): string {
  const windows = azureBurnWindows(slo, severity);
  const spans = [...new Set(windows.flatMap((w) => [w.longSeconds, w.shortSeconds]))].sort((a, b) => a - b);
  const longest = Math.max(...spans);
  const counts = spans.flatMap((s) => [`total_${s}s = countif(TimeGenerated > ago(${kqlSpan(s)}))`, `bad_${s}s = countif(bad and TimeGenerated > ago(${kqlSpan(s)}))`]);
  const ratios = spans.map((s) => `ratio_${s}s = iff(total_${s}s > 0, todouble(bad_${s}s) / total_${s}s, 0.0)`);
  const pairs = windows.map(
    (w) => `toint(ratio_${w.longSeconds}s > ${w.ratio} and ratio_${w.shortSeconds}s > ${w.ratio} and total_${w.longSeconds}s >= ${w.minRequests})`,
  );
  return [
    frontDoorAccessLogQuery(hostname),
    `| where TimeGenerated > ago(${kqlSpan(longest)})`,
    `| extend bad = ${edgeBadRequest(slo)}`,
    `| summarize ${counts.join(", ")}`,
    `| extend ${ratios.join(", ")}`,
    `| project lines = ${pairs.join(" + ")}`,
  ].join("\n");
}

/** The two burn-rate alerts of an edge SLO (`<slo>-burn-page`, `<slo>-burn-ticket`), as log search alerts on the access log. */
export function edgeSloAlerts(service: string, slo: EdgeSloProps, hostname: string, runbookBaseUrl: string): AzureLogQueryAlert[] {
  const budget = errorBudget(slo.objective);
  const period = slo.period ?? "30d";
  const minRate = slo.minRequestRate ?? 0.1;
  const bad = slo.sli.measure === "errors" ? "answered 5xx" : `answered slower than ${slo.sli.thresholdSeconds} s (timeTaken)`;
  const what = slo.description ?? `${slo.objective} % of the requests to ${hostname} are not ${bad} over ${period} (${slo.name}, measured at Front Door)`;
  return (["page", "ticket"] as const).map((severity) => {
    const windows = azureBurnWindows(slo, severity);
    const rates = windows.map((w) => `${w.factor}× over ${w.long}${w.capped ? ` (read as ${w.longSeconds / 3600} h, the most a log search alert reads)` : ""} and ${w.short}`).join(", or ");
    const longest = Math.max(...windows.map((w) => w.longSeconds));
    return {
      id: `${slo.name}-burn-${severity}`,
      component: "slo",
      summary: `${service}: the ${slo.name} SLO is burning its error budget too fast`,
      description: `${what}. The error budget (${round(budget * 100)} % of requests over ${period}) burns at ${rates}: the share of Front Door access log requests ${bad} above factor × budget in both windows (counting only above ${minRate} requests/s over the long window).`,
      severity,
      runbookUrl: runbookUrl(runbookBaseUrl, "slo", "error-budget-burn"),
      threshold: 0,
      unit: "window pairs burning",
      condition: {
        kind: "native-metric",
        namespace: "Microsoft.OperationalInsights/workspaces",
        metricName: `AzureDiagnostics FrontDoorAccessLog ${slo.name} burning window pairs`,
        dimensions: {},
        statistic: "Total",
        periodSeconds: longest,
        evaluationPeriods: 1,
        comparison: ">",
        missingData: "notBreaching",
      },
      query: edgeBurnQuery(slo, hostname, severity),
    };
  });
}

/** Props of {@link AzureEdgeSlos}. */
interface AzureEdgeSlosProps {
  /** Service name: the alerts' resource in the manifest. */
  readonly service: string;
  /** The service's edge SLOs. */
  readonly slos: readonly EdgeSloProps[];
  /** The edge's public host name (the access log's `hostName_s`). */
  readonly hostname: string;
  /** Prefix of the rule names. */
  readonly namePrefix: string;
  /** Action groups and routing. */
  readonly alerting: AzureAlerting;
  /** Log Analytics workspace the access log lands in. */
  readonly workspaceId: string;
  /** Region and resource group of the rules. */
  readonly location: string;
  readonly resourceGroupName: string;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
  /** The service dashboard. */
  readonly dashboard: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The burn-rate alerts of a service's edge SLOs on Azure: per SLO and
 * severity, one scheduled query rule over Front Door's access log whose query
 * evaluates every window pair of the period (window = the longest long
 * window as a window Azure accepts, at most P2D), firing when `lines` > 0,
 * notifying the severity's action group; recorded as `azure-log-query-alert`
 * with component `slo` and the service as resource, like the Prometheus SLOs.
 */
export class AzureEdgeSlos extends Construct {
  /** The alerts deployed. */
  public readonly alerts: readonly AzureLogQueryAlert[];

  constructor(scope: Construct, id: string, props: AzureEdgeSlosProps) {
    super(scope, id);
    const routing = props.alerting.routing;
    const alerts: AzureLogQueryAlert[] = [];
    for (const slo of props.slos) {
      for (const alert of edgeSloAlerts(props.service, slo, props.hostname, props.runbookBaseUrl)) {
        alerts.push(alert);
        const deliveredAs = routing.deliveredAs(alert.severity);
        const window = logAlertWindow(alert.condition.periodSeconds);
        const name = fitName([props.namePrefix, "slo", alert.id], NAMING_RULES.azureMonitorAlert);
        const rule = new MonitorScheduledQueryRulesAlertV2(this, `alert-${alert.id}`, {
          name,
          location: props.location,
          resourceGroupName: props.resourceGroupName,
          scopes: [props.workspaceId],
          description: nativeAlertText(alert, deliveredAs),
          severity: AZURE_ALERT_SEVERITY[deliveredAs],
          windowDuration: window.iso,
          evaluationFrequency: FREQUENCY[alert.severity === "page" ? "page" : "ticket"],
          criteria: [{ query: alert.query, timeAggregationMethod: "Total", metricMeasureColumn: "lines", operator: "GreaterThan", threshold: 0 }],
          action: { actionGroups: [props.alerting.actionGroupIdFor(alert.severity)] },
          autoMitigationEnabled: true,
          tags: { ...props.tags },
        });
        VigilManifest.of(this).addAlert({
          ...alertRecordFields(alert),
          resource: props.service,
          name,
          deliveredAs,
          threshold: "> 0 window pairs burning",
          condition: `${alert.query.replace(/\n/g, " ")} over ${window.iso}`,
          mechanism: "azure-log-query-alert",
          routes: routing.routeOf(deliveredAs),
          dashboard: props.dashboard,
          path: rule.node.path,
        });
      }
    }
    this.alerts = alerts;
  }
}
