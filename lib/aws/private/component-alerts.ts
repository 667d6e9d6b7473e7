import { Construct } from "constructs";
import { ComponentBaseProps } from "../../core/components/common";
import { deployComponentAlerts, DeployedComponentAlerts, deployTargetOnlyAlerts, overridePaths } from "../../core/components/component-alerts";
import type { AlertOverride } from "../../observability/alert";
import type { ComponentAlertBindings } from "../../observability/alert-binding";
import type { ComponentKind } from "../../observability/alert-catalog";
import { AlertTarget, AlertTemplate as GenericAlertTemplate, idSuffix } from "../../observability/alert-members";
import { componentDashboard, DashboardBindings, TargetPanel, targetOnlyDashboard } from "../../observability/dashboard-binding";
import type { DashboardKind } from "../../observability/dashboard-catalog";
import type { CloudWatchAlert } from "../alarm";
import { AwsGoldenSignalDashboard, CloudWatchGoldenSignalDashboard, CloudWatchQuery } from "../dashboard";
import type { AwsComponentContext } from "./context";

// Shared with the other clouds; the AWS alert tables import them from here.
export { AlertTarget, idSuffix };

/** An alert on a CloudWatch metric (or, with `expression`, on its increase). */
export type NativeAlert = CloudWatchAlert;

/** A target-only CloudWatch alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<NativeAlert>;

/** AWS's alerts for a component kind: every canonical alert bound to a CloudWatch metric or declared unavailable, and the AWS-only ones. */
export type AwsAlertBindings<K extends ComponentKind> = ComponentAlertBindings<K, NativeAlert>;

/** AWS's dashboard panels for a component kind: every catalog panel bound to a CloudWatch metric or declared unavailable, and the AWS-only ones. */
export type AwsDashboardBindings<K extends DashboardKind> = DashboardBindings<K, CloudWatchQuery>;

/**
 * The CloudWatch dashboard of a component from its model, under `scope`
 * (construct id `dashboard`), with the states of the alarms of its alerts.
 */
function renderComponentDashboard(scope: Construct, ctx: AwsComponentContext, nameParts: readonly string[], model: AwsGoldenSignalDashboard): string {
  const alarmArns = () => model.alerts.flatMap((a) => ctx.alerting.alarmOf(a)?.alarm.arn ?? []);
  return new CloudWatchGoldenSignalDashboard(scope, "dashboard", { nameParts, region: ctx.account.region, model, alarmArns }).name;
}

/** Props of {@link deployAwsComponentAlerts}. */
interface AwsComponentAlertsProps<K extends ComponentKind> {
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
  /** The component's dashboard panels. */
  readonly panels: AwsDashboardBindings<K & DashboardKind>;
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * A component's alerts on AWS ({@link deployComponentAlerts}: overrides
 * checked and converted, members, validation, manifest) as CloudWatch
 * alarms, with its CloudWatch dashboard rendered from the golden-signal
 * model (the kind's panels through `panels`, the alerts deployed).
 */
export function deployAwsComponentAlerts<K extends ComponentKind & DashboardKind>(scope: Construct, ctx: AwsComponentContext, props: AwsComponentAlertsProps<K>): DeployedComponentAlerts<NativeAlert> & { dashboard: AwsGoldenSignalDashboard } {
  let model: AwsGoldenSignalDashboard | undefined;
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
    dashboard: (alerts) => {
      model = componentDashboard(`${props.resourceName} ${props.component}`, props.panels, alerts);
      return renderComponentDashboard(scope, ctx, [props.resourceName, props.component], model);
    },
  });
  return { ...deployed, dashboard: model! };
}

/** Props of {@link deployAwsTargetOnlyAlerts}. */
interface AwsTargetOnlyAlertsProps {
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
  /** The component's own dashboard panels. @default - none: the dashboard shows the alerts only */
  readonly panels?: readonly TargetPanel<CloudWatchQuery>[];
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
    dashboard: (alerts) => renderComponentDashboard(scope, ctx, [props.resourceName, props.component], targetOnlyDashboard(`${props.resourceName} ${props.component}`, props.component, props.panels ?? [], alerts)),
  });
}
