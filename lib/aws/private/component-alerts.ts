import { Construct } from "constructs";
import { AlertDefinition, AlertOverride, NativeMetricCondition } from "../../observability/alert";
import { VigilManifest } from "../../core/manifest";
import { AlertTarget, AlertTemplate as GenericAlertTemplate, componentAlerts, disabledAlertIds, idSuffix } from "../../observability/alert-members";
import { AlertDashboard, DashboardMetric } from "../dashboard";
import type { AwsComponentContext } from "./context";

// Shared with the other clouds; the AWS alert tables import them from here.
export { AlertTarget, idSuffix };

/** An alert on a CloudWatch metric. */
export type NativeAlert = AlertDefinition & { readonly condition: NativeMetricCondition };

/** A default CloudWatch alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<NativeAlert>;

/** Props of {@link deployComponentAlerts}. */
export interface ComponentAlertsProps {
  /** Resource name (cluster, domain, instance): prefixes alarm and dashboard names. */
  readonly resourceName: string;
  /** Component kind: runbook folder, alarm and dashboard name part. */
  readonly component: string;
  /** Default alerts. */
  readonly templates: readonly AlertTemplate[];
  /** The user's overrides, by template id. @default - none */
  readonly overrides?: Readonly<Record<string, AlertOverride>>;
  /** Golden-signal metrics for the dashboard. */
  readonly signals: readonly DashboardMetric[];
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * The component's alerts ({@link componentAlerts}: overrides, members,
 * validation) as CloudWatch alarms, its dashboard, and its record in the
 * manifest. Returns the deployed alerts, the dashboard name and any problem
 * with the overrides or the alerts.
 */
export function deployComponentAlerts(scope: Construct, ctx: AwsComponentContext, props: ComponentAlertsProps): { alerts: NativeAlert[]; dashboardName: string; signals: readonly DashboardMetric[]; problems: string[] } {
  const { alerts, problems } = componentAlerts(props.templates, props.overrides);
  for (const alert of alerts) ctx.alerting.addAlarm(scope, alert, props.resourceName);
  const dashboard = new AlertDashboard(scope, "dashboard", {
    nameParts: [props.resourceName, props.component],
    region: ctx.account.region,
    alerts,
    signals: props.signals,
  });
  VigilManifest.of(scope).addComponent({
    component: props.component,
    name: props.resourceName,
    target: "aws",
    stateful: props.stateful,
    description: props.description,
    defaultAlertIds: props.templates.map((t) => t.alert.id),
    disabledAlertIds: disabledAlertIds(props.overrides),
    dashboard: dashboard.name,
    path: scope.node.path,
  });
  return { alerts, dashboardName: dashboard.name, signals: props.signals, problems };
}
