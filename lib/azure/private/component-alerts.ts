import { Construct } from "constructs";
import { VigilManifest } from "../../core/manifest";
import { AlertOverride } from "../../observability/alert";
import { componentAlerts, disabledAlertIds } from "../../observability/alert-members";
import type { AzureNativeAlert } from "../metric-alert";
import { azureAlertCharts, AzurePortalDashboard } from "../portal-dashboard";
import type { AzureComponentContext } from "./context";

/** Props of {@link deployAzureComponentAlerts}. */
export interface AzureComponentAlertsProps {
  /** Resource name: prefixes alert rule names. */
  readonly resourceName: string;
  /** Resource id the metrics belong to. */
  readonly resourceId: string;
  /** Component kind: runbook folder, rule name part. */
  readonly component: string;
  /** Default alerts. */
  readonly defaults: readonly AzureNativeAlert[];
  /** The user's overrides, by alert id. @default - none */
  readonly overrides?: Readonly<Record<string, AlertOverride>>;
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * Applies the user's overrides, draws the component's portal dashboard (a
 * chart of each metric its alerts watch), creates one metric alert rule per
 * alert and records the component in the manifest. Returns the deployed
 * alerts, the dashboard's name (the Grafana workspace when every alert is
 * disabled) and any problem with the overrides or the alerts.
 */
export function deployAzureComponentAlerts(scope: Construct, ctx: AzureComponentContext, props: AzureComponentAlertsProps): { alerts: AzureNativeAlert[]; dashboardName: string; problems: string[] } {
  const { alerts, problems } = componentAlerts(props.defaults.map((alert) => ({ alert })), props.overrides);
  const dashboard =
    alerts.length > 0
      ? new AzurePortalDashboard(scope, "dashboard", {
          nameParts: [props.resourceName, props.component],
          title: `${props.resourceName} (${props.description})`,
          location: ctx.location,
          resourceGroupName: ctx.resourceGroupName,
          charts: azureAlertCharts(alerts, props),
          tags: ctx.tags,
        })
      : undefined;
  const dashboardName = dashboard?.name ?? ctx.dashboardName;
  for (const alert of alerts) {
    ctx.alerting.addMetricAlert(scope, alert, { resourceId: props.resourceId, resourceName: props.resourceName, dashboard: dashboardName });
  }
  VigilManifest.of(scope).addComponent({
    component: props.component,
    name: props.resourceName,
    target: "azure",
    stateful: props.stateful,
    description: props.description,
    defaultAlertIds: props.defaults.map((a) => a.id),
    disabledAlertIds: disabledAlertIds(props.overrides),
    dashboard: dashboardName,
    path: scope.node.path,
  });
  return { alerts, dashboardName, problems };
}

/** Builds a metric condition on `namespace` with the defaults Vigil uses on Azure (1-minute periods). */
export function azureCondition(namespace: string, metricName: string, statistic: string, comparison: AzureNativeAlert["condition"]["comparison"], minutes: number, dimensions: Readonly<Record<string, string>> = {}): AzureNativeAlert["condition"] {
  return { kind: "native-metric", namespace, metricName, dimensions, statistic, periodSeconds: 60, evaluationPeriods: minutes, comparison, missingData: "missing" };
}
