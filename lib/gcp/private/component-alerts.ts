import { Construct } from "constructs";
import { VigilManifest } from "../../core/manifest";
import { AlertTemplate as GenericAlertTemplate, componentAlerts, disabledAlertIds } from "../../observability/alert-members";
import { AlertDefinition, AlertOverride, NativeMetricCondition } from "../../observability/alert";
import { GcpChart, GcpDashboard } from "../dashboard";
import type { GcpComponentContext } from "./context";

/** An alert on a Cloud Monitoring metric. */
export type NativeAlert = AlertDefinition & { readonly condition: NativeMetricCondition };

/** A default Cloud Monitoring alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<AlertDefinition>;

/** Props of {@link deployGcpComponentAlerts}. */
export interface GcpComponentAlertsProps {
  /** Resource name: prefixes policy and dashboard names. */
  readonly resourceName: string;
  /** Component kind: runbook folder. */
  readonly component: string;
  /** Default alerts. */
  readonly templates: readonly AlertTemplate[];
  /** The user's overrides, by template id. @default - none */
  readonly overrides?: Readonly<Record<string, AlertOverride>>;
  /** Charts of the component's dashboard. */
  readonly charts: readonly GcpChart[];
  /** One line: what the resource is. */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * Applies the user's overrides, repeats alerts for their members, creates a
 * policy per alert and the component's dashboard, and records the component
 * in the manifest. Returns the alerts, the dashboard and override problems.
 */
export function deployGcpComponentAlerts(scope: Construct, ctx: GcpComponentContext, props: GcpComponentAlertsProps): { alerts: AlertDefinition[]; dashboardName: string; charts: readonly GcpChart[]; problems: string[] } {
  const { alerts, problems } = componentAlerts(props.templates, props.overrides);
  const dashboard = new GcpDashboard(scope, "dashboard", { displayName: `${props.resourceName} ${props.component}`, charts: props.charts });
  for (const alert of alerts) ctx.alerting.addPolicy(scope, alert, props.resourceName, dashboard.displayName);
  VigilManifest.of(scope).addComponent({
    component: props.component,
    name: props.resourceName,
    target: "gcp",
    stateful: props.stateful,
    description: props.description,
    defaultAlertIds: props.templates.map((t) => t.alert.id),
    disabledAlertIds: disabledAlertIds(props.overrides),
    dashboard: dashboard.displayName,
    path: scope.node.path,
  });
  return { alerts, dashboardName: dashboard.displayName, charts: props.charts, problems };
}
