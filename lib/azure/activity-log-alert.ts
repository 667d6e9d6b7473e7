import { Construct } from "constructs";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import type { AlertOverride } from "../observability/alert";
import { PlatformAlertId, resolveAlertSettings } from "../observability/alert-catalog";
import { fitName, NAMING_RULES } from "../core/naming";
import { runbookUrl } from "../observability/alert";
import type { AzureAlerting } from "./action-groups";
import { AZURE_ALERT_SEVERITY } from "./metric-alert";

/** Component of the manual-change alert (runbook folder). */
const ACTIVITY_LOG_COMPONENT = "activity-log";

/** Id of the alert on changes made outside the pipeline. */
export const MANUAL_CHANGE_ALERT_ID = "manual-change";

/** Props of {@link AzureActivityLogAlert}. */
interface AzureActivityLogAlertProps {
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Region of the rule. */
  readonly location: string;
  /** Resource group watched (and holding the rule). */
  readonly resourceGroupName: string;
  /** Subscription id whose activity log is exported. */
  readonly subscriptionId: string;
  /** Log Analytics workspace id receiving the activity log. */
  readonly workspaceId: string;
  /** Object / application ids of the identities that deploy (the pipeline); their changes do not alert. */
  readonly pipelinePrincipals: readonly string[];
  /** Action groups. */
  readonly alerting: AzureAlerting;
  /** Base URL of runbooks. */
  readonly runbookBaseUrl: string;
  /** Tags on the `manual-change` log alert rule (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Overrides of the platform's canonical alerts (`manual-change`: severity, enabled). @default - none */
  readonly alerts?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
}

/**
 * Catches changes made by hand: the subscription's activity log
 * (Administrative, Security, Policy) goes to Log Analytics, and a log alert
 * fires on every successful write or delete in the environment's resource
 * group by a caller that is not one of the pipeline's identities. A plain
 * activity-log alert rule cannot exclude callers, so the rule queries the
 * exported activity log (table `AzureActivity`) every 5 minutes.
 */
export class AzureActivityLogAlert extends Construct {
  /** The log alert rule; absent when the user switched `manual-change` off. */
  public readonly rule?: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: AzureActivityLogAlertProps) {
    super(scope, id);
    new MonitorDiagnosticSetting(this, "activity-log-export", {
      name: `vigil-${props.namePrefix}-activity-log`,
      targetResourceId: `/subscriptions/${props.subscriptionId}`,
      logAnalyticsWorkspaceId: props.workspaceId,
      enabledLog: ["Administrative", "Security", "Policy"].map((category) => ({ category })),
    });
    const callers = props.pipelinePrincipals.map((p) => JSON.stringify(p)).join(", ");
    const query = [
      "AzureActivity",
      '| where CategoryValue == "Administrative" and ActivityStatusValue == "Success"',
      `| where ResourceGroup =~ ${JSON.stringify(props.resourceGroupName)}`,
      '| where OperationNameValue endswith "/write" or OperationNameValue endswith "/delete"',
      ...(callers ? [`| where Caller !in~ (${callers})`] : []),
      "| summarize changes = count() by Caller, OperationNameValue",
    ].join("\n");
    const { settings, problems } = resolveAlertSettings("platform", props.alerts, "alerts");
    addValidationErrors(this, problems);
    const setting = settings[MANUAL_CHANGE_ALERT_ID];
    VigilManifest.of(this).addComponent({
      component: ACTIVITY_LOG_COMPONENT,
      kind: "platform",
      name: props.resourceGroupName,
      target: "azure",
      stateful: false,
      description: "Activity log of the subscription, exported to Log Analytics and queried for changes made by hand",
      defaultAlertIds: [MANUAL_CHANGE_ALERT_ID],
      disabledAlertIds: setting.enabled ? [] : [MANUAL_CHANGE_ALERT_ID],
      unavailableAlerts: [],
      path: this.node.path,
    });
    if (!setting.enabled) return;
    const severity = setting.severity;
    const routing = props.alerting.routing;
    const deliveredAs = routing.deliveredAs(severity);
    const runbook = runbookUrl(props.runbookBaseUrl, ACTIVITY_LOG_COMPONENT, MANUAL_CHANGE_ALERT_ID);
    const name = fitName([props.namePrefix, ACTIVITY_LOG_COMPONENT, MANUAL_CHANGE_ALERT_ID], NAMING_RULES.azureMonitorAlert);
    const summary = `Resources of ${props.resourceGroupName} changed outside the pipeline`;
    const description = "A write or delete in the environment's resource group succeeded for a caller that is not the deploying pipeline: a change by hand (portal, az CLI) that the next deploy may revert or that drifts from the code.";
    this.rule = new MonitorScheduledQueryRulesAlertV2(this, "rule", {
      name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      scopes: [props.workspaceId],
      description: [`[${severity}] ${summary}`, description, `Runbook: ${runbook}`].join("\n"),
      severity: AZURE_ALERT_SEVERITY[deliveredAs],
      evaluationFrequency: "PT5M",
      windowDuration: "PT5M",
      criteria: [{ query, timeAggregationMethod: "Count", operator: "GreaterThan", threshold: 0, dimension: [{ name: "Caller", operator: "Include", values: ["*"] }] }],
      action: { actionGroups: [props.alerting.actionGroupIdFor(severity)] },
      autoMitigationEnabled: false,
      tags: { ...props.tags },
    });
    VigilManifest.of(this).addAlert({
      id: MANUAL_CHANGE_ALERT_ID,
      component: ACTIVITY_LOG_COMPONENT,
      resource: props.resourceGroupName,
      name,
      severity,
      canonical: { kind: "platform", id: MANUAL_CHANGE_ALERT_ID, threshold: 0, unit: "none" },
      deliveredAs,
      summary,
      description,
      threshold: "> 0 changes",
      condition: `activity log (AzureActivity) writes and deletes in ${props.resourceGroupName} by callers other than the pipeline, every 5 min`,
      mechanism: "azure-activity-log-alert",
      runbookUrl: runbook,
      routes: routing.routeOf(deliveredAs),
      path: this.rule.node.path,
    });
  }
}
