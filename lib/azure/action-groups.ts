import { Construct } from "constructs";
import { MonitorActionGroup, MonitorActionGroupArmRoleReceiver, MonitorActionGroupEmailReceiver, MonitorActionGroupWebhookReceiver } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { addValidationErrors } from "../core/errors";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { NotificationChannel } from "../observability/channels";
import { NotificationRouting } from "../observability/routing";
import { Severity } from "../observability/severity";
import { AZURE_ROLE_IDS, AzureChannelDelivery, azureDeliveryProblems } from "./channel-delivery";
import { AzureMetricAlert, AzureNativeAlert } from "./metric-alert";
import { KeyVaultSecrets } from "./private/secrets";

/** Receivers of one action group, gathered from its route. */
interface Receivers {
  readonly emailReceiver: MonitorActionGroupEmailReceiver[];
  readonly webhookReceiver: MonitorActionGroupWebhookReceiver[];
  readonly armRoleReceiver: MonitorActionGroupArmRoleReceiver[];
}

/** Props of {@link AzureAlerting}. */
export interface AzureAlertingProps {
  /** Prefix of action group and alert names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Resource group of the action groups and alert rules. */
  readonly resourceGroupName: string;
  /** Routing with the environment's downgrade. */
  readonly routing: NotificationRouting;
  /** Key Vault access for channel secrets. */
  readonly secrets: KeyVaultSecrets;
  /** How action groups reach the channels that need more than the channel says (Slack, Telegram, webhooks with a token). @default - none: such a routed channel fails synth */
  readonly delivery?: AzureChannelDelivery;
  /** Tags on the action groups and on the metric alert rules `addMetricAlert` creates (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Alert delivery on Azure: one action group per delivered severity (dev has
 * none for page: its pages arrive as tickets) with the routed channels as
 * receivers — email, webhooks (generic, issue automation, Slack and Telegram
 * relays from `delivery`, PagerDuty's Azure integration URL), and the members
 * of Azure roles — all on the common alert schema; and
 * {@link AzureAlerting.addMetricAlert}, which turns an alert into a metric
 * alert rule on that group.
 */
export class AzureAlerting extends Construct implements AlertSink<AzureNativeAlert> {
  /** The action group of each delivered severity. */
  public readonly actionGroups: ReadonlyMap<Severity, MonitorActionGroup>;
  /** Routing model. */
  public readonly routing: NotificationRouting;
  private readonly alerted = new Map<AzureNativeAlert, AzureMetricAlert>();
  private readonly groupIds = new Map<Severity, string>();

  constructor(scope: Construct, id: string, private readonly props: AzureAlertingProps) {
    super(scope, id);
    this.routing = props.routing;
    addValidationErrors(this, azureDeliveryProblems(props.routing, props.delivery));
    const groups = new Map<Severity, MonitorActionGroup>();
    for (const severity of props.routing.deliveredSeverities) {
      const receivers: Receivers = { emailReceiver: [], webhookReceiver: [], armRoleReceiver: [] };
      for (const name of props.routing.routeOf(severity)) {
        const channel = props.routing.channels[name];
        if (channel) this.receiver(name, channel, receivers);
      }
      groups.set(
        severity,
        new MonitorActionGroup(this, `${severity}-action-group`, {
          name: fitName([props.namePrefix, "alerts", severity], NAMING_RULES.azureMonitorAlert),
          shortName: fitName([props.namePrefix.slice(0, 12 - severity.length - 1), severity], NAMING_RULES.azureActionGroupShortName),
          resourceGroupName: props.resourceGroupName,
          location: "global",
          emailReceiver: receivers.emailReceiver,
          webhookReceiver: receivers.webhookReceiver,
          armRoleReceiver: receivers.armRoleReceiver,
          tags: { ...props.tags },
        }),
      );
    }
    this.actionGroups = groups;
  }

  /** The action group an alert of `severity` notifies here. */
  public actionGroupFor(severity: Severity): MonitorActionGroup {
    const group = this.actionGroups.get(this.routing.deliveredAs(severity));
    if (!group) throw new Error(`no action group for severity ${severity}`);
    return group;
  }

  /**
   * The id of the action group an alert of `severity` notifies here; one
   * reference per group, so hundreds of alert rules do not each make a token.
   */
  public actionGroupIdFor(severity: Severity): string {
    const delivered = this.routing.deliveredAs(severity);
    let id = this.groupIds.get(delivered);
    if (id === undefined) {
      id = this.actionGroupFor(severity).id;
      this.groupIds.set(delivered, id);
    }
    return id;
  }

  /** Alerts turned into metric alert rules so far. */
  public get alerts(): readonly AzureNativeAlert[] {
    return [...this.alerted.keys()];
  }

  /** Deploys each alert as a metric alert rule on the placement's resource (the {@link AlertSink} of Azure components). */
  public deploy(scope: Construct, alerts: readonly AzureNativeAlert[], placement: AlertPlacement): string[] {
    if (placement.resourceId === undefined) throw new Error(`Azure metric alerts of ${placement.resourceName} need the resource id`);
    for (const alert of alerts) this.addMetricAlert(scope, alert, { resourceId: placement.resourceId, resourceName: placement.resourceName, dashboard: placement.dashboard });
    return [];
  }

  /**
   * Creates the metric alert rule for `alert` on `resourceId` under `scope`,
   * named `<resourceName>-<component>-<id>`, and records it in the manifest.
   */
  public addMetricAlert(scope: Construct, alert: AzureNativeAlert, target: { readonly resourceId: string; readonly resourceName: string; readonly dashboard?: string }): AzureMetricAlert {
    const deliveredAs = this.routing.deliveredAs(alert.severity);
    const rule = new AzureMetricAlert(scope, `alert-${alert.id}`, {
      alert,
      namePrefix: target.resourceName,
      resourceGroupName: this.props.resourceGroupName,
      resourceId: target.resourceId,
      actionGroupId: this.actionGroupIdFor(alert.severity),
      deliveredAs,
      tags: this.props.tags,
    });
    this.alerted.set(alert, rule);
    const c = alert.condition;
    const dimensions = Object.entries(c.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
    VigilManifest.of(scope).addAlert({
      ...alertRecordFields(alert),
      resource: target.resourceName,
      name: rule.name,
      deliveredAs,
      threshold: `${c.comparison} ${alert.threshold} ${alert.unit}`.trim(),
      condition: `${c.namespace} ${c.metricName}${dimensions ? ` (${dimensions})` : ""} ${c.statistic} over ${c.periodSeconds * c.evaluationPeriods}s`,
      mechanism: "azure-metric-alert",
      routes: this.routing.routeOf(deliveredAs),
      ...(target.dashboard ? { dashboard: target.dashboard } : {}),
      path: rule.rule.node.path,
    });
    return rule;
  }

  private receiver(name: string, channel: NotificationChannel, into: Receivers): void {
    const secrets = this.props.secrets;
    const delivery = this.props.delivery;
    const webhook = (serviceUri: string) => into.webhookReceiver.push({ name, serviceUri, useCommonAlertSchema: true });
    const where = `\`channels.${name}\``;
    switch (channel.kind) {
      case "email":
        into.emailReceiver.push({ name, emailAddress: channel.address, useCommonAlertSchema: true });
        return;
      case "webhook":
      case "issue": {
        // An action group sends no bearer token: a channel with one posts to its Azure URL.
        const url = delivery?.webhook?.urls?.[name];
        webhook(url !== undefined ? secrets.resolve(url, `\`delivery.webhook.urls.${name}\``) : secrets.resolve(channel.url, where));
        return;
      }
      case "slack": {
        // A Slack incoming webhook wants {"text": ...}, not the common alert schema: post to the relay
        // (Logic App, Slack workflow) that turns one into the other. Without one, synth already failed.
        const relay = delivery?.slack?.relayUrls?.[name];
        if (relay !== undefined) webhook(secrets.resolve(relay, `\`delivery.slack.relayUrls.${name}\``));
        return;
      }
      case "pagerduty":
        // PagerDuty's "Microsoft Azure" integration receives action group webhooks at this URL.
        webhook(`https://events.pagerduty.com/integration/${secrets.value(channel.routingKey, where)}/enqueue`);
        return;
      case "telegram": {
        const relay = delivery?.telegram?.relayUrls?.[name];
        if (relay !== undefined) webhook(secrets.resolve(relay, `\`delivery.telegram.relayUrls.${name}\``));
        return;
      }
      case "azure-role":
        // Azure Monitor emails the Entra users and groups holding the role at subscription scope.
        into.armRoleReceiver.push({ name, roleId: AZURE_ROLE_IDS[channel.role], useCommonAlertSchema: true });
        return;
    }
  }
}
