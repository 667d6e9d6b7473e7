import { Construct } from "constructs";
import { MonitorAlertPrometheusRuleGroup } from "@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group";
import { recordRuleGroupAlerts } from "../core/manifest";
import type { AlertDefinition } from "../observability/alert";
import { isAlertingRule, PrometheusRuleGroup, validateRuleGroups } from "../observability/prometheus-rules";
import { isSeverity } from "../observability/severity";
import { addValidationErrors } from "../core/errors";
import type { AzureAlerting } from "./action-groups";
import { AZURE_ALERT_SEVERITY } from "./metric-alert";

/** Prometheus duration (`5m`, `1h`, `30s`, `1d`, `1w`) as the ISO 8601 duration Azure rule groups take (`PT5M`). */
function isoDuration(promDuration: string): string {
  const m = /^(\d+)([smhdw])$/.exec(promDuration);
  if (!m) throw new Error(`isoDuration: ${JSON.stringify(promDuration)} is not a single-unit Prometheus duration`);
  const n = Number(m[1]);
  switch (m[2]) {
    case "s":
      return `PT${n}S`;
    case "m":
      return `PT${n}M`;
    case "h":
      return `PT${n}H`;
    case "d":
      return `P${n}D`;
    default:
      return `P${n * 7}D`;
  }
}

/** Props of {@link AzurePrometheusRuleGroups}. */
interface AzurePrometheusRuleGroupsProps {
  /** The rule groups from the shared renderer (SLO rules, component PromQL alerts). */
  readonly groups: readonly PrometheusRuleGroup[];
  /** Resource group of the rule groups. */
  readonly resourceGroupName: string;
  /** Region (the Azure Monitor workspace's). */
  readonly location: string;
  /** Azure Monitor workspace id the rules query. */
  readonly workspaceId: string;
  /** AKS cluster id and name the rules are scoped to. */
  readonly cluster: { readonly id: string; readonly name: string };
  /** Action groups per severity. */
  readonly alerting: AzureAlerting;
  /** Prefix of the rule group names. */
  readonly namePrefix: string;
  /** Tags on every rule group (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** The alerts the groups were rendered from, whose canonical ids and thresholds the manifest records. @default - none */
  readonly alerts?: readonly AlertDefinition[];
  /** Dashboard of the alerts, recorded with them. @default - none */
  readonly dashboard?: string;
}

/**
 * The shared renderer's rule groups as Azure Monitor managed Prometheus rule
 * groups on the platform's Azure Monitor workspace, scoped to the AKS
 * cluster: recording rules as they are, alerting rules with their `for` in
 * ISO 8601, labels and annotations (runbook included), the Azure severity of
 * the severity they are delivered as, and the action group of that severity,
 * so they reach the same channels as the metric alerts. Every alerting rule
 * is recorded in the manifest.
 */
export class AzurePrometheusRuleGroups extends Construct {
  /** One Azure rule group per Prometheus group. */
  public readonly ruleGroups: readonly MonitorAlertPrometheusRuleGroup[];

  constructor(scope: Construct, id: string, props: AzurePrometheusRuleGroupsProps) {
    super(scope, id);
    addValidationErrors(this, validateRuleGroups(props.groups));
    const routing = props.alerting.routing;
    this.ruleGroups = props.groups.map(
      (group) =>
        new MonitorAlertPrometheusRuleGroup(this, `group-${group.name}`, {
          name: `${props.namePrefix}-${group.name}`.slice(0, 260),
          resourceGroupName: props.resourceGroupName,
          location: props.location,
          clusterName: props.cluster.name,
          scopes: [props.workspaceId, props.cluster.id],
          interval: group.interval ? isoDuration(group.interval) : "PT1M",
          ruleGroupEnabled: true,
          description: `Rules of ${group.name}, rendered by Vigil from its alert and SLO definitions`,
          rule: group.rules.map((rule) => {
            if (!isAlertingRule(rule)) return { record: rule.record, expression: rule.expr, labels: rule.labels ? { ...rule.labels } : undefined, enabled: true };
            const declared = rule.labels.severity;
            const severity = isSeverity(declared) ? declared : "ticket";
            const delivered = routing.deliveredAs(severity);
            return {
              alert: rule.alert,
              expression: rule.expr,
              for: rule.for ? isoDuration(rule.for) : undefined,
              labels: { ...rule.labels },
              annotations: { ...rule.annotations },
              severity: AZURE_ALERT_SEVERITY[delivered],
              enabled: true,
              action: [{ actionGroupId: props.alerting.actionGroupIdFor(severity) }],
              alertResolution: { autoResolved: true, timeToResolve: "PT10M" },
            };
          }),
          tags: { ...props.tags },
        }),
    );
    recordRuleGroupAlerts(this, props.groups, {
      deliveredAs: (s) => routing.deliveredAs(s),
      routeOf: (s) => routing.routeOf(s),
      path: this.node.path,
      alerts: props.alerts,
      dashboard: props.dashboard,
    });
  }
}
