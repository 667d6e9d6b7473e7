import type { Construct } from "constructs";
import type { ComponentBaseProps } from "../core/components/common";
import { AlertSink, deployComponentAlerts, overridePaths } from "../core/components/component-alerts";
import type { AlertDefinition } from "../observability/alert";
import type { ComponentAlertBindings, UnavailableAlert } from "../observability/alert-binding";
import type { ComponentKind } from "../observability/alert-catalog";
import { componentDashboard, DashboardBindings } from "../observability/dashboard-binding";
import type { DashboardKind } from "../observability/dashboard-catalog";
import { alertRuleGroups, PrometheusRuleGroup, ruleGroupsDocument, validateRuleGroups } from "../observability/prometheus-rules";
import { NotificationRouting } from "../observability/routing";
import { prometheusSlos, Slo, SloProps } from "../observability/slo";
import { recordRuleGroupAlerts } from "../core/manifest";
import type { KubernetesManifest, ResourceChart } from "./chart";
import { dashboardConfigMap, grafanaDashboard, PromQlDashboard, PromQlQuery, recordDashboardModel } from "./grafana-dashboard";

/** A PrometheusRule object holding rule groups. */
function prometheusRule(name: string, namespace: string, groups: readonly PrometheusRuleGroup[]): KubernetesManifest {
  return { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name, namespace }, spec: ruleGroupsDocument(groups) };
}

/** What {@link observeComponent} deployed. */
interface ComponentObservability {
  /** Alerts after the user's overrides. */
  readonly alerts: AlertDefinition[];
  /** Canonical alerts the operator's metrics cannot provide, with the reason. */
  readonly unavailable: readonly UnavailableAlert[];
  /** Name and Grafana uid of the component's dashboard, `<service>-<component>`, shipped in the ConfigMap `<service>-<component>-dashboard`. */
  readonly dashboardName: string;
  /** The dashboard in the golden-signal model. */
  readonly dashboard: PromQlDashboard;
  /** Problems found (bad overrides, PromQL that does not parse). */
  readonly problems: string[];
}

/**
 * A component's alerts in-cluster ({@link deployComponentAlerts}: overrides
 * checked and converted, validation, manifest) rendered with the shared rule
 * renderer into one PrometheusRule `<name>-alerts`, and its Grafana
 * dashboard rendered from the golden-signal model (the kind's panels through
 * `panels`; the alerts' states and queries) next to it. The component is
 * recorded in the manifest of the chart's stack, below the chart.
 */
export function observeComponent<K extends ComponentKind & DashboardKind>(
  chart: ResourceChart,
  scope: Construct,
  o: {
    readonly service: string;
    /** Implementation name: runbook folder (`postgres-cnpg`). */
    readonly component: string;
    /** The property the user configures it with (`postgres`), for messages. */
    readonly prop: string;
    /** Name of the PrometheusRule (`<name>-alerts`) and of the resource in the manifest. */
    readonly name: string;
    /** Name of the monitored resource in the manifest and the dashboard title, where it is no Kubernetes name (a cluster). @default - `name` */
    readonly resourceName?: string;
    readonly namespace: string;
    /** The component's alerts. */
    readonly bindings: ComponentAlertBindings<K>;
    /** The component's dashboard panels. */
    readonly panels: DashboardBindings<K, PromQlQuery>;
    /** The user's props holding the overrides (`alerts` and `kubernetes.alerts`). */
    readonly overrides: Pick<ComponentBaseProps, "alerts" | "kubernetes">;
    /** Routing, for the routes recorded in the manifest. */
    readonly routing: NotificationRouting;
    /** One line: what the component is. */
    readonly description: string;
    /** The component holds data a destroy would lose. */
    readonly stateful: boolean;
  },
): ComponentObservability {
  const ruleName = `${o.name}-alerts`;
  const path = `${chart.node.path}/${o.namespace}/${ruleName}`;
  let model: PromQlDashboard | undefined;
  const sink: AlertSink = {
    deploy: (_scope, alerts, placement) => {
      const groups = alertRuleGroups(alerts, { service: o.service });
      chart.add(prometheusRule(ruleName, o.namespace, groups));
      recordRuleGroupAlerts(chart, groups, { resource: o.resourceName ?? o.name, deliveredAs: (s) => o.routing.deliveredAs(s), routeOf: (s) => o.routing.routeOf(s), dashboard: placement.dashboard, path, alerts });
      return validateRuleGroups(groups);
    },
  };
  const deployed = deployComponentAlerts(scope, {
    target: "kubernetes",
    component: o.component,
    resourceName: o.resourceName ?? o.name,
    description: o.description,
    stateful: o.stateful,
    bindings: o.bindings,
    overrides: { alerts: o.overrides.alerts, targetAlerts: o.overrides.kubernetes?.alerts },
    paths: overridePaths(o.prop, "kubernetes"),
    sink,
    dashboard: (alerts) => {
      const dashboardName = `${o.service}-${o.component}`;
      model = componentDashboard(`${o.service} · ${o.component} (${o.resourceName ?? o.name})`, o.panels, alerts);
      recordDashboardModel(chart, dashboardName, model);
      chart.add(dashboardConfigMap(dashboardName, o.namespace, grafanaDashboard(model, { uid: dashboardName, alertSelector: `service="${o.service}",component="${o.component}"` })));
      return dashboardName;
    },
    record: { scope: chart, path },
  });
  return { alerts: deployed.alerts, unavailable: deployed.unavailable, dashboardName: deployed.dashboardName, dashboard: model!, problems: deployed.problems };
}

/** What {@link observeSlos} deployed. */
interface SloRules {
  /** Names of the rule groups in the PrometheusRule. */
  readonly ruleGroupNames: string[];
  /** Problems found (invalid SLOs when asked, rule groups that do not validate). */
  readonly problems: string[];
}

/**
 * SLOs as one PrometheusRule `<name>-slos` (only when there are rule
 * groups), with the groups checked by `validateRuleGroups` (duplicate group
 * names, PromQL that does not parse, missing labels) so a bad rule fails
 * synth instead of being rejected by the Prometheus Operator. `extraGroups`
 * join the same object (e.g. the endpoint probe's alert). The one path from
 * SLOs to rules in-cluster, for the platform's services and for workloads.
 */
export function observeSlos(
  chart: ResourceChart,
  o: {
    /** Owner of the rules (service or workload name); the PrometheusRule is `<name>-slos`. */
    readonly name: string;
    /** Namespace of the PrometheusRule. */
    readonly namespace: string;
    /** The SLOs, already checked (`resolveSlos`), rendered into the PrometheusRule's rule groups. */
    readonly slos: readonly SloProps[];
    /** Routing: runbook base URL, and the routes recorded in the manifest. */
    readonly routing: NotificationRouting;
    /** Dashboard of the owner, recorded with its alerts. @default - none */
    readonly dashboard?: string;
    /** Further groups for the same PrometheusRule. @default - none */
    readonly extraGroups?: readonly PrometheusRuleGroup[];
    /** The alerts the further groups render, so the manifest records the canonical alert each implements. @default - none */
    readonly extraAlerts?: readonly AlertDefinition[];
  },
): SloRules {
  const problems: string[] = [];
  // The SLOs arrive checked (resolveSlos): only valid ones reach here.
  const groups = prometheusSlos(o.slos).flatMap((props) => new Slo(props).ruleGroups(o.routing.runbookBaseUrl));
  groups.push(...(o.extraGroups ?? []));
  problems.push(...validateRuleGroups(groups));
  if (groups.length > 0) {
    chart.add(prometheusRule(`${o.name}-slos`, o.namespace, groups));
    recordRuleGroupAlerts(chart, groups, { deliveredAs: (s) => o.routing.deliveredAs(s), routeOf: (s) => o.routing.routeOf(s), dashboard: o.dashboard, path: `${chart.node.path}/${o.namespace}/${o.name}-slos`, alerts: o.extraAlerts });
  }
  return { ruleGroupNames: groups.map((g) => g.name), problems };
}
