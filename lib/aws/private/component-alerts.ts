import { Construct } from "constructs";
import { ComponentBaseProps } from "../../core/components/common";
import { deployComponentAlerts, DeployedComponentAlerts, deployTargetOnlyAlerts, overridePaths } from "../../core/components/component-alerts";
import type { AlertOverride } from "../../observability/alert";
import type { ComponentAlertBindings } from "../../observability/alert-binding";
import type { ComponentKind } from "../../observability/alert-catalog";
import { AlertTarget, AlertTemplate as GenericAlertTemplate, idSuffix } from "../../observability/alert-members";
import type { CloudWatchAlert } from "../alarm";
import { AlertDashboard, DashboardMetric } from "../dashboard";
import type { AwsComponentContext } from "./context";

// Shared with the other clouds; the AWS alert tables import them from here.
export { AlertTarget, idSuffix };

/** An alert on a CloudWatch metric (or, with `expression`, on its increase). */
export type NativeAlert = CloudWatchAlert;

/** A target-only CloudWatch alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<NativeAlert>;

/** AWS's alerts for a component kind: every canonical alert bound to a CloudWatch metric or declared unavailable, and the AWS-only ones. */
export type AwsAlertBindings<K extends ComponentKind> = ComponentAlertBindings<K, NativeAlert>;

/** Props of {@link deployAwsComponentAlerts}. */
export interface AwsComponentAlertsProps<K extends ComponentKind> {
  /** Resource name (cluster, domain, instance): prefixes alarm and dashboard names. */
  readonly resourceName: string;
  /** Implementation name: runbook folder, alarm and dashboard name part (`rds-postgres`). */
  readonly component: string;
  /** The property the user configures it with (`postgres`), for messages. */
  readonly prop: string;
  /** The alerts. */
  readonly bindings: AwsAlertBindings<K>;
  /** The user's props holding the overrides (`alerts` and `aws.alerts`). */
  readonly overrides: Pick<ComponentBaseProps, "alerts" | "aws">;
  /** Golden-signal metrics for the dashboard. */
  readonly signals: readonly DashboardMetric[];
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * A component's alerts on AWS ({@link deployComponentAlerts}: overrides
 * checked and converted, members, validation, manifest) as CloudWatch
 * alarms, with its CloudWatch dashboard.
 */
export function deployAwsComponentAlerts<K extends ComponentKind>(scope: Construct, ctx: AwsComponentContext, props: AwsComponentAlertsProps<K>): DeployedComponentAlerts<NativeAlert> & { signals: readonly DashboardMetric[] } {
  const deployed = deployComponentAlerts(scope, {
    target: "aws",
    component: props.component,
    resourceName: props.resourceName,
    description: props.description,
    stateful: props.stateful,
    bindings: props.bindings,
    overrides: { alerts: props.overrides.alerts, targetAlerts: props.overrides.aws?.alerts },
    paths: overridePaths(props.prop, "aws"),
    sink: ctx.alerting,
    dashboard: (alerts) => new AlertDashboard(scope, "dashboard", { nameParts: [props.resourceName, props.component], region: ctx.account.region, alerts, signals: props.signals }).name,
  });
  return { ...deployed, signals: props.signals };
}

/** Props of {@link deployAwsTargetOnlyAlerts}. */
export interface AwsTargetOnlyAlertsProps {
  /** Resource name: prefixes alarm and dashboard names. */
  readonly resourceName: string;
  /** Component name: runbook folder, alarm and dashboard name part. */
  readonly component: string;
  /** The alerts, all AWS-only. */
  readonly alerts: readonly NativeAlert[];
  /** The user's overrides by id. @default - none */
  readonly overrides?: Readonly<Record<string, AlertOverride>>;
  /** Where the user wrote them, for messages (`audit.alerts`). */
  readonly path: string;
  /** Golden-signal metrics for the dashboard. */
  readonly signals: readonly DashboardMetric[];
  /** One line: what the resource is. */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/** An AWS-only component's alerts (no canonical kind) as CloudWatch alarms with its dashboard. */
export function deployAwsTargetOnlyAlerts(scope: Construct, ctx: AwsComponentContext, props: AwsTargetOnlyAlertsProps): DeployedComponentAlerts<NativeAlert> {
  return deployTargetOnlyAlerts(scope, {
    target: "aws",
    component: props.component,
    resourceName: props.resourceName,
    description: props.description,
    stateful: props.stateful,
    alerts: props.alerts,
    overrides: props.overrides,
    path: props.path,
    sink: ctx.alerting,
    dashboard: (alerts) => new AlertDashboard(scope, "dashboard", { nameParts: [props.resourceName, props.component], region: ctx.account.region, alerts, signals: props.signals }).name,
  });
}
