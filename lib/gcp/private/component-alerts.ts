import { Construct } from "constructs";
import { ComponentBaseProps } from "../../core/components/common";
import { deployComponentAlerts, DeployedComponentAlerts, overridePaths } from "../../core/components/component-alerts";
import { NativeMetricCondition } from "../../observability/alert";
import type { ComponentAlertBindings } from "../../observability/alert-binding";
import type { ComponentKind } from "../../observability/alert-catalog";
import { AlertTemplate as GenericAlertTemplate } from "../../observability/alert-members";
import { componentDashboard, DashboardBindings } from "../../observability/dashboard-binding";
import type { DashboardKind } from "../../observability/dashboard-catalog";
import type { GcpAlertDefinition } from "../alert-policy";
import { CloudMonitoringQuery, GcpDashboard, GcpGoldenSignalDashboard } from "../dashboard";
import type { GcpComponentContext } from "./context";

/** An alert on a Cloud Monitoring metric. */
export type NativeAlert = GcpAlertDefinition & { readonly condition: NativeMetricCondition };

/** A target-only Cloud Monitoring alert, and the members it is repeated for. */
export type AlertTemplate = GenericAlertTemplate<GcpAlertDefinition>;

/** GCP's alerts for a component kind: every canonical alert bound to a Cloud Monitoring metric (or PromQL on Cloud Monitoring data) or declared unavailable, and the GCP-only ones. */
export type GcpAlertBindings<K extends ComponentKind> = ComponentAlertBindings<K, GcpAlertDefinition>;

/** GCP's dashboard panels for a component kind: every catalog panel bound to a Cloud Monitoring query or declared unavailable, and the GCP-only ones. */
export type GcpDashboardBindings<K extends DashboardKind> = DashboardBindings<K, CloudMonitoringQuery>;

/** Props of {@link deployGcpComponentAlerts}. */
interface GcpComponentAlertsProps<K extends ComponentKind> {
  /** Resource name: prefixes policy and dashboard names. */
  readonly resourceName: string;
  /** Implementation name: runbook folder (`cloud-sql-postgres`). */
  readonly component: string;
  /** The property the user configures it with (`postgres`), for messages. */
  readonly prop: string;
  /** The alerts. */
  readonly bindings: GcpAlertBindings<K>;
  /** The user's props holding the overrides (`alerts` and `gcp.alerts`). */
  readonly overrides: Pick<ComponentBaseProps, "alerts" | "gcp">;
  /** The component's dashboard, when it has none of its own (an uptime check is charted on its service's dashboard). @default - a dashboard of `panels` named `<resource> <component>` */
  readonly dashboardName?: string;
  /** The component's dashboard panels. */
  readonly panels: GcpDashboardBindings<K & DashboardKind>;
  /** One line: what the resource is. */
  readonly description: string;
  /** The resource holds data a destroy would lose. */
  readonly stateful: boolean;
}

/**
 * A component's alerts on GCP ({@link deployComponentAlerts}: overrides
 * checked and converted, members, validation, manifest) as Cloud Monitoring
 * alert policies, with its dashboard rendered from the golden-signal model
 * (the kind's panels through `panels`, the alert policies deployed).
 */
export function deployGcpComponentAlerts<K extends ComponentKind & DashboardKind>(scope: Construct, ctx: Pick<GcpComponentContext, "alerting">, props: GcpComponentAlertsProps<K>): DeployedComponentAlerts<GcpAlertDefinition> & { dashboard: GcpGoldenSignalDashboard } {
  let model: GcpGoldenSignalDashboard | undefined;
  const deployed = deployComponentAlerts(scope, {
    target: "gcp",
    component: props.component,
    resourceName: props.resourceName,
    description: props.description,
    stateful: props.stateful,
    bindings: props.bindings,
    overrides: { alerts: props.overrides.alerts, targetAlerts: props.overrides.gcp?.alerts },
    paths: overridePaths(props.prop, "gcp"),
    sink: ctx.alerting,
    dashboard: (alerts) => {
      const displayName = `${props.resourceName} ${props.component}`;
      model = componentDashboard(displayName, props.panels, alerts);
      if (props.dashboardName !== undefined) return props.dashboardName;
      const policyNames = () => alerts.flatMap((a) => ctx.alerting.policyOf(a)?.policy.name ?? []);
      return new GcpDashboard(scope, "dashboard", { displayName, model, policyNames }).displayName;
    },
  });
  return { ...deployed, dashboard: model! };
}
