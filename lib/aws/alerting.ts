import { Construct } from "constructs";
import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { alertRecordFields, VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { AlertDefinition } from "../observability/alert";
import { isSecretReference, NotificationChannel } from "../observability/channels";
import { routedOfKind } from "../observability/delivery";
import { NotificationRouting } from "../observability/routing";
import { Severity } from "../observability/severity";
import { CloudWatchAlert, CloudWatchAlertAlarm } from "./alarm";
import { AwsChannelDelivery, awsDeliveryProblems } from "./channel-delivery";
import { AwsAccount } from "./private/account";
import { ServiceRole } from "./private/iam";
import { EncryptionKey } from "./private/kms";
import { SecretResolver } from "./private/secrets";

/** Props of {@link AwsAlerting}. */
export interface AwsAlertingProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Prefix of topic and alarm names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Routing with the environment's downgrade. */
  readonly routing: NotificationRouting;
  /** Environment profile (key protection). */
  readonly profile: EnvironmentProfile;
  /** Tags for resources the provider's default_tags do not reach. */
  readonly tags: Readonly<Record<string, string>>;
  /** How AWS reaches the channels that need more than the channel says (Slack, Telegram, webhooks with a token). @default - none: such a routed channel fails synth */
  readonly delivery?: AwsChannelDelivery;
}

/**
 * Alert delivery on AWS: one KMS-encrypted SNS topic per delivered severity
 * (dev has no page topic: its pages arrive as tickets), subscriptions from the
 * routing model (relays and URLs from `delivery`), AWS Chatbot for Slack, and
 * {@link AwsAlerting.addAlarm} to turn an alert into a CloudWatch alarm that
 * notifies its topic.
 */
export class AwsAlerting extends Construct implements AlertSink<CloudWatchAlert> {
  /** The topic of each delivered severity. */
  public readonly topics: ReadonlyMap<Severity, SnsTopic>;
  /** The key encrypting the topics. */
  public readonly key: EncryptionKey;
  /** The routing model the topics and subscriptions come from. */
  public readonly routing: NotificationRouting;
  private readonly secrets: SecretResolver;
  private readonly alarmed = new Map<AlertDefinition, CloudWatchAlertAlarm>();

  constructor(scope: Construct, id: string, private readonly props: AwsAlertingProps) {
    super(scope, id);
    const { account, routing } = props;
    this.routing = routing;
    addValidationErrors(this, awsDeliveryProblems(routing, props.delivery));
    this.secrets = new SecretResolver(this, "secrets");

    // AMP's Alertmanager publishes from workspaces of this account only (AMP User Guide,
    // "Giving Amazon Managed Service for Prometheus permission to send alert messages to your Amazon SNS topic").
    const fromPrometheusWorkspaces = [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${account.partition}:aps:${account.region}:${account.accountId}:workspace/*`] },
    ];
    // CloudWatch alarms, EventBridge rules and AMP publish to encrypted topics only
    // when the key lets those services use it.
    this.key = new EncryptionKey(this, "key", {
      account,
      alias: `${props.namePrefix}-alerts`,
      description: `Encrypts the ${props.namePrefix} alert topics`,
      profile: props.profile,
      serviceStatements: [
        {
          sid: "AlarmsAndEventsPublish",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
        {
          sid: "ManagedPrometheusPublish",
          principals: [{ type: "Service", identifiers: ["aps.amazonaws.com"] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          condition: fromPrometheusWorkspaces,
        },
      ],
    });

    const topics = new Map<Severity, SnsTopic>();
    for (const severity of routing.deliveredSeverities) {
      const topic = new SnsTopic(this, `${severity}-topic`, {
        name: fitName([props.namePrefix, "alerts", severity], NAMING_RULES.awsSnsTopic),
        displayName: `${props.namePrefix} ${severity} alerts`,
        kmsMasterKeyId: this.key.arn,
      });
      const policy = new DataAwsIamPolicyDocument(this, `${severity}-topic-policy-document`, {
        statement: [
          {
            sid: "AlarmsAndEventsPublish",
            principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
            actions: ["sns:Publish"],
            resources: [topic.arn],
            condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
          },
          {
            sid: "ManagedPrometheusPublish",
            principals: [{ type: "Service", identifiers: ["aps.amazonaws.com"] }],
            actions: ["sns:Publish", "sns:GetTopicAttributes"],
            resources: [topic.arn],
            condition: fromPrometheusWorkspaces,
          },
          {
            sid: "AccountManagesTopic",
            principals: [{ type: "AWS", identifiers: [account.rootPrincipal] }],
            actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
            resources: [topic.arn],
          },
        ],
      });
      new SnsTopicPolicy(this, `${severity}-topic-policy`, { arn: topic.arn, policy: policy.json });
      topics.set(severity, topic);
      for (const channelName of routing.routeOf(severity)) {
        const channel = routing.channels[channelName];
        if (channel) this.subscribe(`${severity}-${channelName}`, topic, channelName, channel);
      }
    }
    this.topics = topics;
    this.slackThroughChatbot(topics);
  }

  /** The topic an alert of `severity` notifies in this environment. */
  public topicFor(severity: Severity): SnsTopic {
    const topic = this.topics.get(this.props.routing.deliveredAs(severity));
    if (!topic) throw new Error(`no topic for severity ${severity}`);
    return topic;
  }

  /** Alerts turned into alarms so far. */
  public get alerts(): readonly AlertDefinition[] {
    return [...this.alarmed.keys()];
  }

  /** The alarm built for `alert`, when it went through {@link addAlarm}. */
  public alarmOf(alert: AlertDefinition): CloudWatchAlertAlarm | undefined {
    return this.alarmed.get(alert);
  }

  /** Deploys each alert as a CloudWatch alarm named after the resource (the {@link AlertSink} of AWS components). */
  public deploy(scope: Construct, alerts: readonly CloudWatchAlert[], placement: AlertPlacement): string[] {
    for (const alert of alerts) this.addAlarm(scope, alert, placement.resourceName);
    return [];
  }

  /**
   * Creates the CloudWatch alarm for a native-metric alert, under `scope`.
   * The alarm is named `<namePrefix>-<component>-<id>`; a data component
   * passes its own resource name so two services' components never collide.
   */
  public addAlarm(scope: Construct, alert: CloudWatchAlert, namePrefix = this.props.namePrefix): CloudWatchAlertAlarm {
    const deliveredAs = this.props.routing.deliveredAs(alert.severity);
    const alarm = new CloudWatchAlertAlarm(scope, `alarm-${alert.id}`, {
      alert,
      namePrefix,
      topicArn: this.topicFor(alert.severity).arn,
      deliveredAs,
    });
    this.alarmed.set(alert, alarm);
    const c = alert.condition;
    const dimensions = Object.entries(c.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
    VigilManifest.of(scope).addAlert({
      ...alertRecordFields(alert),
      resource: namePrefix,
      name: alarm.name,
      deliveredAs,
      threshold: `${c.comparison} ${alert.threshold} ${alert.unit}`.trim(),
      condition: `${c.expression ? `${c.expression}(${c.namespace} ${c.metricName})` : `${c.namespace} ${c.metricName}`} (${dimensions}) ${c.statistic} over ${c.periodSeconds}s, ${c.datapointsToAlarm ?? c.evaluationPeriods} of ${c.evaluationPeriods} periods`,
      mechanism: "cloudwatch-alarm",
      routes: this.props.routing.routeOf(deliveredAs),
      path: alarm.alarm.node.path,
    });
    return alarm;
  }

  private subscribe(id: string, topic: SnsTopic, name: string, channel: NotificationChannel): void {
    const delivery = this.props.delivery;
    const https = (endpoint: string, autoConfirms = false) =>
      new SnsTopicSubscription(this, id, { topicArn: topic.arn, protocol: "https", endpoint, endpointAutoConfirms: autoConfirms });
    switch (channel.kind) {
      case "email":
        new SnsTopicSubscription(this, id, { topicArn: topic.arn, protocol: "email", endpoint: channel.address });
        return;
      case "webhook":
      case "issue":
        // SNS sends no Authorization header: a channel with a bearer token posts to its AWS URL.
        https(this.secrets.resolve(delivery?.webhook?.urls?.[name] ?? channel.url));
        return;
      case "pagerduty":
        // A key given in clear is reported by validation and never written out.
        if (!isSecretReference(channel.routingKey)) return;
        // PagerDuty's CloudWatch integration confirms SNS subscriptions itself.
        https(`https://events.pagerduty.com/integration/${this.secrets.value(channel.routingKey)}/enqueue`, true);
        return;
      case "telegram": {
        const relay = delivery?.telegram?.relayUrls?.[name];
        if (relay !== undefined) https(this.secrets.resolve(relay));
        return;
      }
      case "slack":
        return; // one AWS Chatbot configuration per Slack channel, below
      case "azure-role":
        return; // reported by validation: only Azure can deliver it
    }
  }

  private slackThroughChatbot(topics: ReadonlyMap<Severity, SnsTopic>): void {
    const routing = this.props.routing;
    // Without the ids, validation already failed: nothing half made.
    const ids = this.props.delivery?.slack;
    if (!ids?.workspaceId) return;
    const slack = routedOfKind(routing, "slack").filter(([name]) => ids.channelIds?.[name]);
    if (slack.length === 0) return;
    const role = new ServiceRole(this, "chatbot-role", {
      account: this.props.account,
      nameParts: [this.props.namePrefix, "chatbot"],
      assumedBy: ["chatbot.amazonaws.com"],
      inlineStatements: [
        { sid: "ReadAlarmContext", actions: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], resources: ["*"] },
      ],
    });
    for (const [name] of slack) {
      const arns = [...topics.entries()].filter(([severity]) => routing.routeOf(severity).includes(name)).map(([, t]) => t.arn);
      if (arns.length === 0) continue;
      new ChatbotSlackChannelConfiguration(this, `slack-${name}`, {
        configurationName: fitName([this.props.namePrefix, name], NAMING_RULES.awsSnsTopic).slice(0, 128),
        iamRoleArn: role.arn,
        slackTeamId: ids.workspaceId,
        slackChannelId: ids.channelIds[name],
        snsTopicArns: arns,
        guardrailPolicyArns: [this.props.account.managedPolicyArn("CloudWatchReadOnlyAccess")],
        loggingLevel: "ERROR",
        tags: { ...this.props.tags },
      });
    }
  }
}
