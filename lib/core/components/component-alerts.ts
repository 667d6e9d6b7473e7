import { Annotations } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { AlertDefinition, AlertOverride, applyAlertOverrides, validateAlert } from "../../observability/alert";
import { bindComponentAlerts, ComponentAlertBindings, ComponentAlertOverrides, OverridePaths, UnavailableAlert } from "../../observability/alert-binding";
import type { ComponentKind } from "../../observability/alert-catalog";
import { VigilManifest } from "../manifest";
import type { TargetName } from "./platform";

/** Where a sink deploys a component's alerts. */
export interface AlertPlacement {
  /** The monitored resource's name: prefixes alarm, policy and rule names. */
  readonly resourceName: string;
  /** The monitored resource's id, where the target's alerts are scoped to it (Azure). @default - none */
  readonly resourceId?: string;
  /** The component's dashboard, linked from each alert. */
  readonly dashboard: string;
}

/**
 * What turns alerts into a target's native alerting — CloudWatch alarms,
 * Cloud Monitoring alert policies, Azure Monitor metric alerts, a
 * PrometheusRule — and records each in the stack's manifest. Every target's
 * components deploy their alerts through one.
 */
export interface AlertSink<A extends AlertDefinition = AlertDefinition> {
  /** Deploys `alerts` under `scope` and records them in the manifest; returns what keeps them from deploying (e.g. PromQL that does not parse). */
  deploy(scope: Construct, alerts: readonly A[], placement: AlertPlacement): string[];
}

/** Props of {@link deployComponentAlerts}. */
interface DeployComponentAlertsProps<K extends ComponentKind, A extends AlertDefinition> {
  /** The target building the component (recorded in the manifest). */
  readonly target: TargetName;
  /** The implementation, e.g. `rds-postgres`: runbook folder and name part. */
  readonly component: string;
  /** The resource's name. */
  readonly resourceName: string;
  /** The resource's id, where the target's alerts are scoped to it (Azure). @default - none */
  readonly resourceId?: string;
  /** One line: what the resource is (report and runbooks). */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
  /** The target's alerts for the kind. */
  readonly bindings: ComponentAlertBindings<K, A>;
  /** The user's overrides. */
  readonly overrides: ComponentAlertOverrides;
  /** Where the user wrote them, for messages. */
  readonly paths: OverridePaths;
  /** Where the alerts go. */
  readonly sink: AlertSink<A>;
  /** Builds the component's dashboard from the alerts to deploy; returns its name. */
  readonly dashboard: (alerts: readonly A[]) => string;
  /**
   * Where the component is recorded in the manifest: the stack of `scope`
   * and its path. An in-cluster component is recorded in the stack of the
   * chart that deploys it, below the chart's path.
   * @default - `scope`'s stack and path
   */
  readonly record?: { readonly scope: IConstruct; readonly path: string };
}

/** A component's alerts as deployed. */
export interface DeployedComponentAlerts<A extends AlertDefinition> {
  /** The alerts deployed. */
  readonly alerts: A[];
  /** Canonical alerts the target declares unavailable. */
  readonly unavailable: readonly UnavailableAlert[];
  /** The dashboard's name. */
  readonly dashboardName: string;
  /** Errors in the overrides or the alerts; the caller reports them with its own. */
  readonly problems: string[];
}

/**
 * The one path from a component's alert bindings to deployed alerts, on
 * every target: the overrides checked once and converted by the bindings,
 * the dashboard, the alerts through the target's sink, and the component's
 * record in the manifest (its default and disabled ids, and the canonical
 * alerts unavailable on this target with the reason). Advice that does not
 * fail synth becomes a warning on `scope`.
 */
export function deployComponentAlerts<K extends ComponentKind, A extends AlertDefinition>(scope: Construct, props: DeployComponentAlertsProps<K, A>): DeployedComponentAlerts<A> {
  const bound = bindComponentAlerts(props.bindings, props.overrides, props.paths);
  for (const w of bound.warnings) Annotations.of(scope).addWarning(`[vigil:alertThreshold] ${w}`);
  const dashboardName = props.dashboard(bound.alerts);
  const problems = [...bound.problems, ...props.sink.deploy(scope, bound.alerts, { resourceName: props.resourceName, resourceId: props.resourceId, dashboard: dashboardName })];
  VigilManifest.of(props.record?.scope ?? scope).addComponent({
    component: props.component,
    kind: props.bindings.kind,
    name: props.resourceName,
    target: props.target,
    stateful: props.stateful,
    description: props.description,
    defaultAlertIds: [...bound.defaultIds],
    disabledAlertIds: [...bound.disabled],
    unavailableAlerts: bound.unavailable,
    dashboard: dashboardName,
    path: props.record?.path ?? scope.node.path,
  });
  return { alerts: bound.alerts, unavailable: bound.unavailable, dashboardName, problems };
}

/** The override paths of a component kind on a target: `postgres.alerts` and `postgres.aws.alerts`. */
export function overridePaths(prop: string, target: TargetName): OverridePaths {
  return { canonical: `${prop}.alerts`, targetOnly: `${prop}.${target}.alerts` };
}

/** Props of {@link deployTargetOnlyAlerts}. */
interface DeployTargetOnlyAlertsProps<A extends AlertDefinition> extends Omit<DeployComponentAlertsProps<ComponentKind, A>, "bindings" | "overrides" | "paths"> {
  /** The component's alerts, all of this target only. */
  readonly alerts: readonly A[];
  /** The user's overrides, by alert id. @default - none */
  readonly overrides?: Readonly<Record<string, AlertOverride>>;
  /** Where the user wrote them, for messages, e.g. `audit.alerts`. */
  readonly path: string;
}

/**
 * The same path for a component that implements no canonical kind (an
 * audit-trail's CIS alarms): overrides by id, validation, dashboard, sink
 * and the manifest record (without a kind).
 */
export function deployTargetOnlyAlerts<A extends AlertDefinition>(scope: Construct, props: DeployTargetOnlyAlertsProps<A>): DeployedComponentAlerts<A> {
  const applied = applyAlertOverrides(props.alerts, props.overrides);
  const problems = [...applied.problems.map((p) => p.replace(/^`alerts\./, `\`${props.path}.`)), ...applied.alerts.flatMap((a) => validateAlert(a, { runbookFromBase: true }))];
  const dashboardName = props.dashboard(applied.alerts);
  problems.push(...props.sink.deploy(scope, applied.alerts, { resourceName: props.resourceName, resourceId: props.resourceId, dashboard: dashboardName }));
  VigilManifest.of(props.record?.scope ?? scope).addComponent({
    component: props.component,
    name: props.resourceName,
    target: props.target,
    stateful: props.stateful,
    description: props.description,
    defaultAlertIds: props.alerts.map((a) => a.id),
    disabledAlertIds: Object.entries(props.overrides ?? {}).filter(([, o]) => o.enabled === false).map(([id]) => id),
    dashboard: dashboardName,
    path: props.record?.path ?? scope.node.path,
  });
  return { alerts: applied.alerts, unavailable: [], dashboardName, problems };
}
