import { Construct } from "constructs";
import { AlertDefinition, AlertOverride, applyAlertOverrides, NativeMetricCondition, validateAlert } from "../../observability/alert";
import { VigilManifest } from "../../core/manifest";
import { AlertTarget, idSuffix, memberAlertId } from "../../observability/alert-members";
import { AlertDashboard, DashboardMetric } from "../dashboard";
import type { AwsComponentContext } from "./context";

// Shared with the other clouds; the AWS alert tables import them from here.
export { AlertTarget, idSuffix };

/** An alert on a CloudWatch metric. */
export type NativeAlert = AlertDefinition & { readonly condition: NativeMetricCondition };

/** A default alert, and the members it is repeated for. */
export interface AlertTemplate {
  /** The alert; overrides address it by this id. */
  readonly alert: NativeAlert;
  /** Members, when the metric is published per member. @default - one alarm on the alert's own dimensions */
  readonly targets?: readonly AlertTarget[];
}

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
 * Applies the user's overrides (by template id, so one override covers every
 * broker or table), repeats each alert for its members, creates the alarms
 * and the component's dashboard. Returns the deployed alerts, the dashboard
 * name and any problem with the overrides.
 */
export function deployComponentAlerts(scope: Construct, ctx: AwsComponentContext, props: ComponentAlertsProps): { alerts: NativeAlert[]; dashboardName: string; signals: readonly DashboardMetric[]; problems: string[] } {
  const targets = new Map(props.templates.map((t) => [t.alert.id, t.targets]));
  const { alerts: chosen, problems } = applyAlertOverrides(props.templates.map((t) => t.alert), props.overrides);
  const alerts = chosen.flatMap((alert): NativeAlert[] => {
    const members = targets.get(alert.id);
    if (!members) return [alert];
    return members.map((m) => ({
      ...alert,
      id: memberAlertId(alert.id, m.suffix),
      summary: `${alert.summary} (${m.label})`,
      condition: { ...alert.condition, dimensions: { ...alert.condition.dimensions, ...m.dimensions } },
    }));
  });
  for (const alert of alerts) {
    problems.push(...validateAlert(alert));
    ctx.alerting.addAlarm(scope, alert, props.resourceName);
  }
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
    disabledAlertIds: Object.entries(props.overrides ?? {}).filter(([, o]) => o.enabled === false).map(([id]) => id),
    dashboard: dashboard.name,
    path: scope.node.path,
  });
  return { alerts, dashboardName: dashboard.name, signals: props.signals, problems };
}
