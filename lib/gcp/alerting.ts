import { Construct } from "constructs";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import type { AlertDefinition } from "../observability/alert";
import { isSecretReference, NotificationChannel } from "../observability/channels";
import type { NotificationRouting } from "../observability/routing";
import type { Severity } from "../observability/severity";
import { GcpAlertDefinition, GcpAlertPolicy, metricFilter } from "./alert-policy";
import { promQlError } from "../observability/promql";
import { GcpSecretResolver } from "./private/secrets";

/** Props of {@link GcpAlerting}. */
export interface GcpAlertingProps {
  /** Prefix of the channels' display names: `<service>-<environment>`. */
  readonly namePrefix: string;
  /** Routing with the environment's downgrade. */
  readonly routing: NotificationRouting;
  /** User labels on channels and policies. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Alert delivery on Cloud Monitoring: one notification channel per Vigil
 * channel (email, webhook, Slack, PagerDuty; secrets read from Secret
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
   * `<resourceName> <component> <id>`, and records it in the manifest.
   */
  public addPolicy(scope: Construct, alert: GcpAlertDefinition, resourceName: string, dashboard?: string, promqlQuery?: string): GcpAlertPolicy {
    const routing = this.props.routing;
    const deliveredAs = routing.deliveredAs(alert.severity);
    const policy = new GcpAlertPolicy(scope, `policy-${alert.id}`, {
      alert,
      resourceName,
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
      condition: c.kind === "promql" ? `${promqlQuery ?? c.query} for ${c.for}` : `${metricFilter(c)} ${c.statistic} over ${c.periodSeconds}s${alert.crossSeries ? `, ${alert.crossSeries.reducer} by ${alert.crossSeries.groupBy.join(", ")}` : ""} for ${c.periodSeconds * c.evaluationPeriods}s`,
      mechanism: "cloud-monitoring-policy",
      routes: routing.routeOf(deliveredAs),
      ...(dashboard ? { dashboard } : {}),
      path: policy.policy.node.path,
    });
    return policy;
  }

  private channel(name: string, channel: NotificationChannel): MonitoringNotificationChannel | undefined {
    const base = { displayName: `${this.props.namePrefix} ${name}`, userLabels: { ...this.props.labels, vigil_channel: name } };
    switch (channel.kind) {
      case "email":
        return new MonitoringNotificationChannel(this, name, { ...base, type: "email", labels: { email_address: channel.address } });
      case "webhook":
      case "issue":
        return new MonitoringNotificationChannel(this, name, { ...base, type: "webhook_tokenauth", labels: { url: this.secrets.resolve(channel.url) } });
      case "slack":
        // Cloud Monitoring posts to Slack as an app (the Slack API), not through an incoming
        // webhook: the secret holds the app's OAuth token. Without one, validation reports it.
        if (channel.authToken === undefined) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "slack", labels: { channel_name: channel.channel }, sensitiveLabels: { authToken: this.secrets.value(channel.authToken) } });
      case "pagerduty":
        // A key given in clear is reported by validation and never written out.
        if (!isSecretReference(channel.routingKey)) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "pagerduty", sensitiveLabels: { serviceKey: this.secrets.value(channel.routingKey) } });
      case "telegram":
        if (channel.relayUrl === undefined) return undefined;
        return new MonitoringNotificationChannel(this, name, { ...base, type: "webhook_tokenauth", labels: { url: this.secrets.resolve(channel.relayUrl) } });
    }
  }
}

/** Channel settings GCP needs beyond the cloud-neutral ones (every channel becomes a Cloud Monitoring notification channel). */
export function gcpChannelProblems(channels: Readonly<Record<string, NotificationChannel>>): string[] {
  return Object.entries(channels).flatMap(([name, c]) => {
    if (c.kind === "telegram" && c.relayUrl === undefined) {
      return [`\`channels.${name}\` is a Telegram channel without \`relayUrl\`; Cloud Monitoring cannot post to Telegram, so give an HTTPS relay that forwards webhook notifications to the bot`];
    }
    if (c.kind === "slack" && c.authToken === undefined) {
      return [`\`channels.${name}\` is a Slack channel without \`authToken\`; Cloud Monitoring posts to Slack through the Slack API and cannot use the incoming webhook, so give \`authToken: secret("<name>")\` holding the OAuth token (xoxb-...) of a Slack app invited to ${c.channel}`];
    }
    return [];
  });
}
