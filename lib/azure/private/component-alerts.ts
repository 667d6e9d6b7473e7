import type { NativeStatistic } from "../../observability/alert";
import { Construct } from "constructs";
import { ComponentBaseProps } from "../../core/components/common";
import { AlertSink, deployComponentAlerts, DeployedComponentAlerts, overridePaths } from "../../core/components/component-alerts";
import type { ComponentAlertBindings } from "../../observability/alert-binding";
import type { ComponentKind } from "../../observability/alert-catalog";
import type { AlertTemplate as GenericAlertTemplate } from "../../observability/alert-members";
import { componentDashboard, DashboardBindings } from "../../observability/dashboard-binding";
import type { DashboardKind } from "../../observability/dashboard-catalog";
import { panelsOf, rowsOf } from "../../observability/dashboard-model";
import type { AzureNativeAlert } from "../metric-alert";
import { AzurePortalDashboard } from "../portal-dashboard";
import { azureAlertCharts, AzureGoldenSignalDashboard, AzurePanelQuery } from "../portal-dashboard-parts";
import type { AzureComponentContext } from "./context";

/** An Azure-only metric alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<AzureNativeAlert>;

/** Azure's alerts for a component kind: every canonical alert bound to an Azure Monitor metric or declared unavailable, and the Azure-only ones. */
export type AzureAlertBindings<K extends ComponentKind> = ComponentAlertBindings<K, AzureNativeAlert>;

/** Azure's dashboard panels for a component kind: every catalog panel bound to an Azure Monitor metric or a Log Analytics query, or declared unavailable, and the Azure-only ones. */
export type AzureDashboardBindings<K extends DashboardKind> = DashboardBindings<K, AzurePanelQuery>;

/** Props of {@link deployAzureComponentAlerts}. */
interface AzureComponentAlertsProps<K extends ComponentKind> {
  /** Resource name: prefixes alert rule names. */
  readonly resourceName: string;
  /** Resource id the metrics belong to. */
  readonly resourceId: string;
  /** Implementation name: runbook folder, rule name part (`postgres-flexible`). */
  readonly component: string;
  /** The property the user configures it with (`postgres`), for messages. */
  readonly prop: string;
  /** The alerts. */
  readonly bindings: AzureAlertBindings<K>;
  /** The user's props holding the overrides (`alerts` and `azure.alerts`). */
  readonly overrides: Pick<ComponentBaseProps, "alerts" | "azure">;
  /** The component's dashboard panels. */
  readonly panels: AzureDashboardBindings<K & DashboardKind>;
  /**
   * Panels of other kinds drawn on the same dashboard, in their signals'
   * rows (the cluster's dashboard carries its log collector's). @default - none
   */
  readonly alsoPanels?: readonly AzureDashboardBindings<DashboardKind>[];
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
  /** Where the alerts are deployed. @default - metric alerts on `resourceId` */
  readonly sink?: AlertSink<AzureNativeAlert>;
}

/**
 * A component's alerts on Azure ({@link deployComponentAlerts}: overrides
 * checked and converted, members, validation, manifest) as Azure Monitor
 * metric alert rules, with a portal dashboard rendered from the
 * golden-signal model (the kind's panels through `panels`; the alert rules
 * and each metric they watch in the alert-state row).
 */
export function deployAzureComponentAlerts<K extends ComponentKind & DashboardKind>(scope: Construct, ctx: AzureComponentContext, props: AzureComponentAlertsProps<K>): DeployedComponentAlerts<AzureNativeAlert> & { dashboard: AzureGoldenSignalDashboard } {
  let model: AzureGoldenSignalDashboard | undefined;
  const deployed = deployComponentAlerts(scope, {
    target: "azure",
    component: props.component,
    resourceName: props.resourceName,
    resourceId: props.resourceId,
    description: props.description,
    stateful: props.stateful,
    bindings: props.bindings,
    overrides: { alerts: props.overrides.alerts, targetAlerts: props.overrides.azure?.alerts },
    paths: overridePaths(props.prop, "azure"),
    sink: props.sink ?? ctx.alerting,
    dashboard: (alerts) => {
      const title = `${props.resourceName} (${props.description})`;
      model = withPanels(componentDashboard(title, props.panels, alerts), props.alsoPanels ?? []);
      return new AzurePortalDashboard(scope, "dashboard", {
        nameParts: [props.resourceName, props.component],
        title,
        location: ctx.location,
        resourceGroupName: ctx.resourceGroupName,
        model,
        alertCharts: azureAlertCharts(alerts, props),
        tags: ctx.tags,
      }).name;
    },
  });
  return { ...deployed, dashboard: model! };
}

/** A component's dashboard with other kinds' panels added to its rows (their unavailable panels listed with its own). */
function withPanels(model: AzureGoldenSignalDashboard, also: readonly AzureDashboardBindings<DashboardKind>[]): AzureGoldenSignalDashboard {
  if (also.length === 0) return model;
  const others = also.map((b) => componentDashboard<DashboardKind, AzurePanelQuery, AzureNativeAlert>(model.title, b));
  return {
    ...model,
    rows: rowsOf([...panelsOf(model), ...others.flatMap((o) => panelsOf(o))]),
    unavailable: [...model.unavailable, ...others.flatMap((o) => o.unavailable)],
  };
}

/** Builds a metric condition on `namespace` with the defaults Vigil uses on Azure (1-minute periods). */
export function azureCondition(namespace: string, metricName: string, statistic: NativeStatistic, comparison: AzureNativeAlert["condition"]["comparison"], minutes: number, dimensions: Readonly<Record<string, string>> = {}): AzureNativeAlert["condition"] {
  return { kind: "native-metric", namespace, metricName, dimensions, statistic, periodSeconds: 60, evaluationPeriods: minutes, comparison, missingData: "missing" };
}
