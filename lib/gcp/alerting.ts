import { Construct } from "constructs";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { addValidationErrors } from "../core/errors";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import type { AlertDefinition } from "../observability/alert";
import { isSecretReference, NotificationChannel } from "../observability/channels";
import type { NotificationRouting } from "../observability/routing";
import type { Severity } from "../observability/severity";
import { GcpAlertDefinition, GcpAlertPolicy, metricFilter } from "./alert-policy";
import { promQlError } from "../observability/promql";
import { GcpChannelDelivery, gcpDeliveryProblems } from "./channel-delivery";
import { GcpSecretResolver } from "./private/secrets";

/** Props of {@link GcpAlerting}. */
export interface GcpAlertingProps {
  /** Prefix of the channels' display names: `<service>-<environment>`. */
  readonly namePrefix: string;
  /** Routing with the environment's downgrade. */
  readonly routing: NotificationRouting;
  /** User labels on channels and policies. */
  readonly labels: Readonly<Record<string, string>>;
  /** How Cloud Monitoring reaches the channels that need more than the channel says (Slack, Telegram, webhooks with a token). @default - none: such a routed channel fails synth */
  readonly delivery?: GcpChannelDelivery;
}

/**
 * Alert delivery on Cloud Monitoring: one notification channel per Vigil
 * channel it can reach (email, webhook, Slack as a Slack app, PagerDuty,
 * Telegram through a relay; details from `delivery`, secrets read from Secret
 * Manager at plan time), and {@link GcpAlerting.addPolicy}, which creates a
 * policy notifying the channels its delivered severity routes to, and
 * records it in the Vigil manifest.
 */
export class GcpAlerting extends Construct implements AlertSink<GcpAlertDefinition> {
  /** Notification channels by Vigil channel name (a channel GCP cannot reach has none). */
  public readonly channels: Readonly<Record<string, MonitoringNotificationChannel>>;
  private readonly policies = new Map<AlertDefinition, GcpAlertPolicy>();
  private readonly secrets: GcpSecretResolver;

  constructor(scope: Construct, id: string, private readonly props: GcpAlertingProps) {
    super(scope, id);
    addValidationErrors(this, gcpDeliveryProblems(props.routing, props.delivery));
    this.secrets = new GcpSecretResolver(this, "secrets");
    const channels: Record<string, MonitoringNotificationChannel> = {};
    for (const [name, channel] of Object.entries(props.routing.channels)) {
      const made = this.channel(name, channel);
      if (made) channels[name] = made;
    }
    this.channels = channels;
  }

  /** Base URL of the runbooks. */
  public get runbookBaseUrl(): string {
    return this.props.routing.runbookBaseUrl;
  }

  /** Routing with the environment's downgrade. */
  public get routing(): NotificationRouting {
    return this.props.routing;
  }

  /** Ids of the notification channels an alert of `severity` reaches here. */
  public channelIdsFor(severity: Severity): string[] {
    const delivered = this.props.routing.deliveredAs(severity);
    return this.props.routing.routeOf(delivered).flatMap((name) => (this.channels[name] ? [this.channels[name].id] : []));
  }

  /** Every alert deployed as a policy. */
  public get alerts(): readonly AlertDefinition[] {
    return [...this.policies.keys()];
  }

  /** The policy built for `alert`, when it went through {@link addPolicy}. */
  public policyOf(alert: AlertDefinition): GcpAlertPolicy | undefined {
    return this.policies.get(alert);
  }

  /**
   * Deploys each alert as an alert policy named after the resource (the
   * {@link AlertSink} of GCP components); returns a message for each PromQL
   * condition that does not parse (Cloud Monitoring would refuse the policy).
   */
  public deploy(scope: Construct, alerts: readonly GcpAlertDefinition[], placement: AlertPlacement): string[] {
    const problems: string[] = [];
    for (const alert of alerts) {
      const c = alert.condition;
      const error = c.kind === "promql" ? promQlError(c.query) : undefined;
      if (error) problems.push(`alert "${alert.id}": ${error}`);
      this.addPolicy(scope, alert, placement.resourceName, placement.dashboard);
    }
    return problems;
  }

  /**
   * Creates the alert policy for `alert` under `scope`, named
   * `<displayPrefix> <component> <id>`, and records it in the manifest
   * against `resourceName` (also the default display prefix).
   */
  public addPolicy(scope: Construct, alert: GcpAlertDefinition, resourceName: string, dashboard?: string, promqlQuery?: string, displayPrefix = resourceName): GcpAlertPolicy {
    const routing = this.props.routing;
    const deliveredAs = routing.deliveredAs(alert.severity);
    const policy = new GcpAlertPolicy(scope, `policy-${alert.id}`, {
      alert,
      resourceName: displayPrefix,
      deliveredAs,
      notificationChannels: this.channelIdsFor(alert.severity),
      promqlQuery,
      labels: this.props.labels,
    });
    this.policies.set(alert, policy);
    const c = alert.condition;
    VigilManifest.of(scope).addAlert({
      ...alertRecordFields(alert),
      resource: resourceName,
      name: policy.displayName,
      deliveredAs,
      threshold: promqlQuery ? `${alert.unit} for ${c.kind === "promql" ? c.for : ""}`.trim() : `${c.comparison} ${alert.threshold} ${alert.unit}`.trim(),
      condition:
        c.kind === "promql"
          ? `${promqlQuery ?? c.query} for ${c.for}`
          : `${metricFilter(c)} ${c.statistic} over ${c.periodSeconds}s${alert.crossSeries ? `, ${alert.crossSeries.reducer}${alert.crossSeries.groupBy.length ? ` by ${alert.crossSeries.groupBy.join(", ")}` : ""}` : ""} ${alert.absent ? `absent for ${alert.threshold}s` : `for ${c.periodSeconds * c.evaluationPeriods}s`}`,
      mechanism: "cloud-monitoring-policy",
      routes: routing.routeOf(deliveredAs),
      ...(dashboard ? { dashboard } : {}),
      path: policy.policy.node.path,
    });
    return policy;
  }

  private channel(name: string, channel: NotificationChannel): MonitoringNotificationChannel | undefined {
    const base = { displayName: `${this.props.namePrefix} ${name}`, userLabels: { ...this.props.labels, vigil_channel: name } };
    const delivery = this.props.delivery;
    switch (channel.kind) {
      case "email":
        return new MonitoringNotificationChannel(this, name, { ...base, type: "email", labels: { email_address: channel.address } });
      case "webhook":
      case "issue":
        // webhook_tokenauth sends no Authorization header: a channel with a bearer token posts to its GCP URL.
        return new MonitoringNotificationChannel(this, name, { ...base, type: "webhook_tokenauth", labels: { url: this.secrets.resolve(delivery?.webhook?.urls?.[name] ?? channel.url) } });
      case "slack":
        // Cloud Monitoring posts to Slack as an app (the Slack API), not through an incoming
        // webhook. Without the app's token there is no channel; a routed one was reported.
        if (!isSecretReference(delivery?.slack?.authToken)) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "slack", labels: { channel_name: channel.channel }, sensitiveLabels: { authToken: this.secrets.value(delivery.slack.authToken) } });
      case "pagerduty":
        // A key given in clear is reported by validation and never written out.
        if (!isSecretReference(channel.routingKey)) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "pagerduty", sensitiveLabels: { serviceKey: this.secrets.value(channel.routingKey) } });
      case "telegram": {
        const relay = delivery?.telegram?.relayUrls?.[name];
        if (relay === undefined) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "webhook_tokenauth", labels: { url: this.secrets.resolve(relay) } });
      }
      case "azure-role":
        return undefined; // only Azure can deliver it; a routed one was reported
    }
  }
}
