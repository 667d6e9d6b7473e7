import { Construct } from "constructs";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import { fitName, NamingRule } from "../core/naming";
import { AlertOverride, runbookUrl } from "../observability/alert";
import { PlatformAlertId, resolveAlertSettings } from "../observability/alert-catalog";
import { AwsAlerting } from "./alerting";
import { AwsAccount } from "./private/account";
import { ServerAccessLogs } from "./private/access-log-bucket";
import { ArchiveTransition, SecureBucket } from "./private/bucket";
import { ServiceRole } from "./private/iam";
import { EncryptionKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";

/** Component name of the audit trail's alerts (runbook path). */
export const AUDIT_COMPONENT = "audit-trail";

/** Id of the alert on changes made by hand in the console: the canonical platform alert `manual-change`. */
export const MANUAL_CHANGE_ALERT_ID = "manual-change";

/** Name part of the EventBridge rule that matches console changes. */
const CONSOLE_CHANGE_RULE = "console-change";

/** Days audit logs stay in S3 Standard, immediately readable (PCI DSS 10.5.1: the last three months at hand). */
const AUDIT_LOGS_AT_HAND_DAYS = 90;

/** Minimum storage durations S3 bills for (S3 User Guide, "Storage classes"): GLACIER 90 days, DEEP_ARCHIVE 180. */
const MIN_STORAGE_DAYS = { GLACIER: 90, DEEP_ARCHIVE: 180 } as const;

/** EventBridge rule names: 1-64 of letters, digits and `.-_` (PutRule API). */
const EVENT_RULE_NAME: NamingRule = {
  label: "EventBridge rule name",
  minLength: 1,
  maxLength: 64,
  pattern: /^[.\-_A-Za-z0-9]+$/,
  allowed: "letters, digits and .-_",
  lowercase: false,
};

/** CloudTrail trail names: 3-128 of letters, digits and `._-`, starting with a letter or digit (CreateTrail API). */
const TRAIL_NAME: NamingRule = {
  label: "CloudTrail trail name",
  minLength: 3,
  maxLength: 128,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  allowed: "letters, digits and ._-, starting with a letter or digit",
  lowercase: false,
};

/**
 * EventBridge pattern of write API calls made from an AWS Management Console
 * session. CloudTrail delivers management events to EventBridge as
 * `AWS API Call via CloudTrail`; `sessionCredentialFromConsole` is present
 * (as the string "true") only on calls from a console session, and
 * `readOnly` is false on calls that change something. Sources: CloudTrail
 * User Guide, "CloudTrail record contents"; EventBridge User Guide, "Events
 * from AWS services" (AWS API call events delivered via CloudTrail).
 */
export const CONSOLE_WRITE_EVENT_PATTERN = {
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    sessionCredentialFromConsole: ["true"],
    readOnly: [false],
  },
} as const;

/**
 * Where audit logs go as they age: Standard for the first
 * {@link AUDIT_LOGS_AT_HAND_DAYS}, then GLACIER, then DEEP_ARCHIVE, each step
 * taken only when the object stays in the class at least its minimum
 * storage duration before the next step or expiry (else the step costs
 * more than it saves).
 */
export function auditArchiveSchedule(retentionDays: number): ArchiveTransition[] {
  const steps: ArchiveTransition[] = [];
  const deepArchiveAt = AUDIT_LOGS_AT_HAND_DAYS + MIN_STORAGE_DAYS.GLACIER;
  if (retentionDays - AUDIT_LOGS_AT_HAND_DAYS >= MIN_STORAGE_DAYS.GLACIER) steps.push({ days: AUDIT_LOGS_AT_HAND_DAYS, storageClass: "GLACIER" });
  if (retentionDays - deepArchiveAt >= MIN_STORAGE_DAYS.DEEP_ARCHIVE) steps.push({ days: deepArchiveAt, storageClass: "DEEP_ARCHIVE" });
  return steps;
}

/** Audit trail options a platform user sets. */
export interface AuditTrailOptions {
  /** Days the trail's log files are kept; at least the profile's (and 365 in a prod-tier environment). @default - the profile's `auditLogRetentionDays` (365 in prod) */
  readonly retentionDays?: number;
}

/** Props of {@link AwsAuditTrail}. */
export interface AwsAuditTrailProps extends AuditTrailOptions {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Prefix of resource names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Environment profile (retention, protection). */
  readonly profile: EnvironmentProfile;
  /** Alert delivery: console changes go to the topic of the alert's severity. */
  readonly alerting: AwsAlerting;
  /** Key encrypting the platform's CloudWatch log groups (the trail's log group). */
  readonly logsKey: EncryptionKey;
  /** Base URL of runbooks. */
  readonly runbookBaseUrl: string;
  /**
   * Overrides of the canonical platform alerts (`manual-change`: severity or
   * `enabled: false`; it fires on every change, so it has no threshold).
   * @default - a ticket for every write call made from a console session
   */
  readonly alerts?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
}

/**
 * The account's audit trail: a multi-Region CloudTrail trail of every
 * management event (read and write, global services included) with log file
 * validation, encrypted with a customer-managed key, delivered to a
 * versioned, SSE-KMS, TLS-only, non-public S3 bucket whose objects move to
 * archive storage and expire after the audit retention (with S3 server access
 * logging of that bucket), and to a KMS-encrypted CloudWatch log group that
 * the CIS alarms (`AwsCisAlarms`) read; and the canonical platform alert
 * `manual-change`: a ticket for every change made by hand in the AWS console.
 */
export class AwsAuditTrail extends Construct {
  /** The multi-Region CloudTrail trail (`aws_cloudtrail`), named `<namePrefix>-audit`, recording every management event. */
  public readonly trail: Cloudtrail;
  /** The bucket holding the log files. */
  public readonly bucket: SecureBucket;
  /** Server access logging of the bucket, into its own log bucket. */
  public readonly accessLogs: ServerAccessLogs;
  /** The CloudWatch log group the trail delivers events to. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The role CloudTrail assumes to write to the log group. */
  public readonly logDeliveryRole: ServiceRole;
  /** The key encrypting the log files. */
  public readonly key: EncryptionKey;
  /** The rule matching console-originated write calls (absent when `manual-change` is switched off). */
  public readonly consoleChangeRule?: CloudwatchEventRule;
  /** Days log files are kept. */
  public readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: AwsAuditTrailProps) {
    super(scope, id);
    const { account, profile } = props;
    this.retentionDays = props.retentionDays ?? profile.auditLogRetentionDays;
    // The profile's own value is checked with the profile; only an override is checked here.
    if (props.retentionDays !== undefined) addValidationErrors(this, retentionProblems(props.retentionDays, profile));

    const trailName = fitName([props.namePrefix, "audit"], TRAIL_NAME);
    // Built from parts, not read from the trail: the bucket and key policies must exist before the trail.
    const trailArn = `arn:${account.partition}:cloudtrail:${account.region}:${account.accountId}:trail/${trailName}`;
    const fromThisTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };

    // Key policy statements from the CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail".
    this.key = new EncryptionKey(this, "key", {
      account,
      alias: `${props.namePrefix}-audit-trail`,
      description: `Encrypts the ${props.namePrefix} CloudTrail log files`,
      profile,
      serviceStatements: [
        {
          sid: "CloudTrailEncryptLogs",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*"],
          resources: ["*"],
          condition: [
            fromThisTrail,
            { test: "StringLike", variable: "kms:EncryptionContext:aws:cloudtrail:arn", values: [`arn:${account.partition}:cloudtrail:*:${account.accountId}:trail/*`] },
          ],
        },
        {
          sid: "CloudTrailDescribeKey",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:DescribeKey"],
          resources: ["*"],
          condition: [fromThisTrail],
        },
      ],
    });

    // Bucket policy statements from the CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail".
    this.bucket = new SecureBucket(this, "bucket", {
      namePrefix: `${props.namePrefix}-audit-`,
      kmsKeyArn: this.key.arn,
      versioned: true,
      expireAfterDays: this.retentionDays,
      transitions: auditArchiveSchedule(this.retentionDays),
      preventDestroy: profile.preventDestroy,
      policyStatements: (bucketArn) => [
        {
          sid: "CloudTrailAclCheck",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:GetBucketAcl"],
          resources: [bucketArn],
          condition: [fromThisTrail],
        },
        {
          sid: "CloudTrailWrite",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/AWSLogs/${account.accountId}/*`],
          condition: [fromThisTrail, { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }],
        },
      ],
    });

    // Who read or changed the audit log files is itself audit evidence (PCI DSS 10.2.1, 10.3).
    this.accessLogs = new ServerAccessLogs(this, "access-logs", {
      account,
      source: this.bucket,
      namePrefix: `${props.namePrefix}-audit-access-`,
      expireAfterDays: this.retentionDays,
      transitions: auditArchiveSchedule(this.retentionDays),
      preventDestroy: profile.preventDestroy,
    });

    // Events in CloudWatch Logs, where metric filters and alarms see them within minutes (the CIS
    // monitoring controls). Kept for the profile's audit retention; the bucket keeps the long copy.
    this.logGroup = encryptedLogGroup(this, "log-group", {
      name: `/aws/cloudtrail/${trailName}`,
      retentionDays: profile.auditLogRetentionDays,
      keyArn: props.logsKey.arn,
      preventDestroy: profile.preventDestroy,
    });
    // Role policy of the CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch
    // Logs for monitoring": a multi-Region trail writes one stream per Region, `<account>_CloudTrail_<region>`.
    // Its trust is the guide's too: the guide documents no confused-deputy condition for this role.
    this.logDeliveryRole = new ServiceRole(this, "log-delivery-role", {
      account,
      nameParts: [trailName, "cloudwatch-logs"],
      assumedBy: ["cloudtrail.amazonaws.com"],
      inlineStatements: [
        {
          sid: "WriteTrailLogStreams",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logGroup.arn}:log-stream:${account.accountId}_CloudTrail_*`],
        },
      ],
    });

    this.trail = new Cloudtrail(this, "trail", {
      name: trailName,
      s3BucketName: this.bucket.name,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      eventSelector: [{ readWriteType: "All", includeManagementEvents: true }],
      // CloudTrail wants the log group ARN with its stream wildcard.
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.logDeliveryRole.arn,
      // CloudTrail checks the bucket policy and that the role can write when the trail is created.
      dependsOn: [this.bucket.policy, ...(this.logDeliveryRole.inlinePolicy ? [this.logDeliveryRole.inlinePolicy] : [])],
    });

    // manual-change fires on an event, not a metric: only its severity and enabled apply.
    const { settings, problems } = resolveAlertSettings("platform", props.alerts, "alerts");
    addValidationErrors(this, problems);
    const manualChange = settings[MANUAL_CHANGE_ALERT_ID];
    const ruleName = fitName([props.namePrefix, CONSOLE_CHANGE_RULE], EVENT_RULE_NAME);
    const runbook = runbookUrl(props.runbookBaseUrl, AUDIT_COMPONENT, MANUAL_CHANGE_ALERT_ID);
    const manifest = VigilManifest.of(this);
    manifest.addComponent({
      component: AUDIT_COMPONENT,
      kind: "platform",
      name: trailName,
      target: "aws",
      stateful: true,
      description: "CloudTrail trail of every management event, in a KMS-encrypted S3 bucket and CloudWatch log group",
      defaultAlertIds: [MANUAL_CHANGE_ALERT_ID],
      disabledAlertIds: manualChange.enabled ? [] : [MANUAL_CHANGE_ALERT_ID],
      unavailableAlerts: [],
      path: this.node.path,
    });
    if (!manualChange.enabled) return;

    const deliveredAs = props.alerting.routing.deliveredAs(manualChange.severity);
    this.consoleChangeRule = new CloudwatchEventRule(this, "console-change-rule", {
      name: ruleName,
      description: `Write API calls made by hand in the AWS console (${props.namePrefix}); infrastructure changes belong in code`,
      eventPattern: JSON.stringify(CONSOLE_WRITE_EVENT_PATTERN),
    });
    new CloudwatchEventTarget(this, "console-change-ticket", {
      rule: this.consoleChangeRule.name,
      arn: props.alerting.topicFor(manualChange.severity).arn,
      inputTransformer: {
        inputPaths: {
          user: "$.detail.userIdentity.arn",
          source: "$.detail.eventSource",
          event: "$.detail.eventName",
          region: "$.detail.awsRegion",
          time: "$.detail.eventTime",
          ip: "$.detail.sourceIPAddress",
        },
        inputTemplate: JSON.stringify({
          severity: deliveredAs,
          alert: `${AUDIT_COMPONENT}/${MANUAL_CHANGE_ALERT_ID}`,
          summary: "Change made by hand in the AWS console: <user> called <source> <event> in <region> at <time> from <ip>",
          runbook,
        }),
      },
    });
    manifest.addAlert({
      id: MANUAL_CHANGE_ALERT_ID,
      component: AUDIT_COMPONENT,
      resource: trailName,
      name: ruleName,
      severity: manualChange.severity,
      deliveredAs,
      summary: "Change made by hand in the AWS console",
      description: "A write API call came from an AWS Management Console session; infrastructure changes belong in code.",
      threshold: "every event",
      condition: `EventBridge: ${JSON.stringify(CONSOLE_WRITE_EVENT_PATTERN)}`,
      mechanism: "eventbridge-rule",
      runbookUrl: runbook,
      routes: props.alerting.routing.routeOf(deliveredAs),
      canonical: { kind: "platform", id: "manual-change", threshold: 0, unit: "none" },
      path: this.consoleChangeRule.node.path,
    });
  }
}

function retentionProblems(days: number, profile: EnvironmentProfile): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(days) || days < 1) {
    problems.push(`\`audit.retentionDays\` is ${days}; use a whole number of days`);
  } else if (days < profile.auditLogRetentionDays) {
    problems.push(`\`audit.retentionDays\` is ${days}, below the ${profile.name} profile's auditLogRetentionDays (${profile.auditLogRetentionDays}); keep audit logs at least that long`);
  }
  if (profile.tier === "prod" && days < 365) {
    problems.push(`\`audit.retentionDays\` is ${days} in a prod-tier environment; PCI DSS 10.5.1 asks for >= 365 days of audit log`);
  }
  return problems;
}
