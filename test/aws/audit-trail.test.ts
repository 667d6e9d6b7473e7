import { existsSync } from "fs";
import { join } from "path";
import { deriveProfile } from "../../lib";
import { AUDIT_COMPONENT, auditArchiveSchedule, CONSOLE_WRITE_EVENT_PATTERN, MANUAL_CHANGE_ALERT_ID } from "../../lib/aws/audit-trail";
import { manifestOf } from "../../lib/core/manifest";
import { onlyResource, resourceBodies, resourcesOfType, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { allStatements, statementsOf } from "./policy-statements";
import { messageAt, targetStack, targetSynth } from "../harness";


const trail = (synth: SynthesizedStack) => onlyResource(synth, "aws_cloudtrail");
const bucketNamed = (synth: SynthesizedStack, suffix: string) => resourcesOfType(synth, "aws_s3_bucket").find(([, b]) => String(b.bucket_prefix).endsWith(suffix))![0];
const auditBucketName = (synth: SynthesizedStack) => bucketNamed(synth, "-audit-");
const accessLogBucketName = (synth: SynthesizedStack) => bucketNamed(synth, "-audit-access-");
const ofBucket = (synth: SynthesizedStack, type: string, bucket: string) => resourceBodies(synth, type).find((r) => r.bucket === `\${aws_s3_bucket.${bucket}.id}`)!;
const ofAuditBucket = (synth: SynthesizedStack, type: string) => ofBucket(synth, type, auditBucketName(synth));

describe("AWS audit trail", () => {
  test.each(ENVIRONMENTS)("%s: a multi-Region trail of all management events with log file validation, encrypted with its own key", (env) => {
    const synth = targetSynth("aws", env);
    expect(trail(synth)).toMatchObject({
      name: `checkout-${env}-audit`,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      event_selector: [{ read_write_type: "All", include_management_events: true }],
      s3_bucket_name: `\${aws_s3_bucket.${auditBucketName(synth)}.id}`,
    });
    const keyRef = String(trail(synth).kms_key_id);
    expect(keyRef).toMatch(/^\$\{aws_kms_key\.platform_audit_key_[^.]+\.arn\}$/);
    // The trail waits for the bucket policy and the log delivery role's policy, which CloudTrail checks at creation.
    expect(trail(synth).depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_policy\.platform_audit_bucket_policy_/),
      expect.stringMatching(/^aws_iam_role_policy\.platform_audit_log-delivery-role_inline_/),
    ]);
  });

  test("the key lets CloudTrail encrypt for this trail only", () => {
    const synth = targetSynth("aws");
    const key = Object.entries(synth.resource!.aws_kms_key).find(([n]) => n.startsWith("platform_audit_key_"))![1];
    const statements = statementsOf(synth, key.policy);
    const encrypt = statements.find((s) => s.sid === "CloudTrailEncryptLogs")!;
    expect(encrypt.principals).toEqual([{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }]);
    expect(encrypt.actions).toEqual(["kms:GenerateDataKey*"]);
    const sourceArn = encrypt.condition!.find((c) => c.variable === "aws:SourceArn")!;
    expect(sourceArn.values[0]).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:cloudtrail:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:trail\/checkout-prod-audit$/);
    expect(encrypt.condition!.find((c) => c.variable === "kms:EncryptionContext:aws:cloudtrail:arn")!.test).toBe("StringLike");
  });

  test("the bucket: SSE-KMS with the trail's key, versioned, no public access, ACLs off, TLS only, CloudTrail may write its prefix only", () => {
    const synth = targetSynth("aws");
    const sse = (ofAuditBucket(synth, "aws_s3_bucket_server_side_encryption_configuration").rule as Array<Record<string, Record<string, unknown>>>)[0];
    expect(sse.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: trail(synth).kms_key_id });
    expect(ofAuditBucket(synth, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(ofAuditBucket(synth, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(ofAuditBucket(synth, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });

    const statements = statementsOf(synth, ofAuditBucket(synth, "aws_s3_bucket_policy").policy);
    const tls = statements.find((s) => s.sid === "DenyInsecureTransport")!;
    expect(tls).toMatchObject({ effect: "Deny", actions: ["s3:*"], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
    expect(tls.resources).toHaveLength(2);
    const write = statements.find((s) => s.sid === "CloudTrailWrite")!;
    expect(write.actions).toEqual(["s3:PutObject"]);
    expect(write.resources[0]).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\.[^}]+\}\/\*$/);
    expect(write.condition!.map((c) => c.variable).sort()).toEqual(["aws:SourceArn", "s3:x-amz-acl"]);
    expect(statements.find((s) => s.sid === "CloudTrailAclCheck")!.actions).toEqual(["s3:GetBucketAcl"]);
  });

  test.each(ENVIRONMENTS)("%s: server access logs of the audit bucket go to a dedicated SSE-S3, versioned, private, TLS-only bucket only S3 logging of this bucket may write", (env) => {
    const synth = targetSynth("aws", env);
    const logBucket = accessLogBucketName(synth);
    expect(ofAuditBucket(synth, "aws_s3_bucket_logging")).toEqual({ bucket: `\${aws_s3_bucket.${auditBucketName(synth)}.id}`, target_bucket: `\${aws_s3_bucket.${logBucket}.id}`, target_prefix: "s3-access/", depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\.platform_audit_access-logs_bucket_policy_/)] });
    // A log target bucket supports default encryption with SSE-S3 only (S3 User Guide, "Enabling Amazon S3 server access logging").
    const [sse] = ofBucket(synth, "aws_s3_bucket_server_side_encryption_configuration", logBucket).rule as Array<Record<string, Record<string, unknown>>>;
    expect(sse.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(ofBucket(synth, "aws_s3_bucket_versioning", logBucket).versioning_configuration).toEqual({ status: "Enabled" });
    expect(ofBucket(synth, "aws_s3_bucket_public_access_block", logBucket)).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(ofBucket(synth, "aws_s3_bucket_ownership_controls", logBucket).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    const [rule] = ofBucket(synth, "aws_s3_bucket_lifecycle_configuration", logBucket).rule as Array<Record<string, unknown>>;
    expect(rule.expiration).toEqual([{ days: { dev: 30, staging: 90, prod: 365 }[env] }]);
    // The log bucket itself is not logged: its logs would be logged again, forever.
    expect(resourceBodies(synth, "aws_s3_bucket_logging")).toHaveLength(1);

    const statements = statementsOf(synth, ofBucket(synth, "aws_s3_bucket_policy", logBucket).policy);
    expect(statements.map((s) => s.sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsPolicy"]);
    const write = statements[1];
    expect(write).toMatchObject({ principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }], actions: ["s3:PutObject"], resources: [`\${aws_s3_bucket.${logBucket}.arn}/s3-access/*`] });
    expect(write.condition).toEqual([
      { test: "ArnLike", variable: "aws:SourceArn", values: [`\${aws_s3_bucket.${auditBucketName(synth)}.arn}`] },
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/)] },
    ]);
    const bucket = synth.resource!.aws_s3_bucket[logBucket];
    expect((bucket.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy ?? false).toBe(env === "prod");
  });

  test.each([
    ["dev", 30, [], false],
    ["staging", 90, [], false],
    ["prod", 365, [{ days: 90, storage_class: "GLACIER" }, { days: 180, storage_class: "DEEP_ARCHIVE" }], true],
  ] as const)("%s: log files expire after %d days, archived as %j; prevent_destroy=%s", (env, days, transitions, protect) => {
    const synth = targetSynth("aws", env);
    const [rule] = ofAuditBucket(synth, "aws_s3_bucket_lifecycle_configuration").rule as Array<Record<string, unknown>>;
    expect(rule.expiration).toEqual([{ days }]);
    expect(rule.transition ?? []).toEqual(transitions);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    const bucket = synth.resource!.aws_s3_bucket[auditBucketName(synth)];
    expect((bucket.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy ?? false).toBe(protect);
    expect(bucket.force_destroy).toBe(false);
  });

  test("archive steps keep each object in a class at least its minimum storage duration", () => {
    expect(auditArchiveSchedule(30)).toEqual([]);
    expect(auditArchiveSchedule(179)).toEqual([]);
    expect(auditArchiveSchedule(180)).toEqual([{ days: 90, storageClass: "GLACIER" }]);
    expect(auditArchiveSchedule(359)).toEqual([{ days: 90, storageClass: "GLACIER" }]);
    expect(auditArchiveSchedule(2557)).toEqual([{ days: 90, storageClass: "GLACIER" }, { days: 180, storageClass: "DEEP_ARCHIVE" }]);
  });

  test("a longer retention is taken as given", () => {
    const synth = synthStack(targetStack("aws", { platform: { audit: { retentionDays: 2557 } } }).stack);
    const [rule] = ofAuditBucket(synth, "aws_s3_bucket_lifecycle_configuration").rule as Array<Record<string, unknown>>;
    expect(rule.expiration).toEqual([{ days: 2557 }]);
  });

  test.each(ENVIRONMENTS)("%s: console write calls open a ticket with who, what and the runbook", (env) => {
    const synth = targetSynth("aws", env);
    const rule = onlyResource(synth, "aws_cloudwatch_event_rule");
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { sessionCredentialFromConsole: ["true"], readOnly: [false] },
    });
    expect(JSON.parse(String(rule.event_pattern))).toEqual(CONSOLE_WRITE_EVENT_PATTERN);
    const target = onlyResource(synth, "aws_cloudwatch_event_target");
    const ticketTopic = resourcesOfType(synth, "aws_sns_topic").find(([, t]) => String(t.name).endsWith("-alerts-ticket"))![0];
    expect(target.arn).toBe(`\${aws_sns_topic.${ticketTopic}.arn}`);
    const transformer = target.input_transformer as { input_paths: Record<string, string>; input_template: string };
    expect(transformer.input_paths.user).toBe("$.detail.userIdentity.arn");
    expect(transformer.input_paths.event).toBe("$.detail.eventName");
    const message = JSON.parse(transformer.input_template);
    expect(message).toMatchObject({ severity: "ticket", alert: "audit-trail/manual-change", runbook: `https://runbooks.example.com/vigil/${AUDIT_COMPONENT}/${MANUAL_CHANGE_ALERT_ID}.md` });
    expect(message.summary).toContain("<user> called <source> <event>");
    expect(existsSync(join(__dirname, "../../docs/runbooks", AUDIT_COMPONENT, `${MANUAL_CHANGE_ALERT_ID}.md`))).toBe(true);
    // The rule implements the canonical platform alert manual-change.
    const manifest = manifestOf(synth)!;
    expect(manifest.components.find((c) => c.component === AUDIT_COMPONENT)).toMatchObject({ kind: "platform", defaultAlertIds: ["manual-change"], disabledAlertIds: [], unavailableAlerts: [] });
    expect(manifest.alerts.find((a) => a.id === "manual-change")).toMatchObject({ severity: "ticket", mechanism: "eventbridge-rule", canonical: { kind: "platform", threshold: 0, unit: "none" } });
  });

  test("manual-change takes its severity from the platform's alerts: a page goes to the page topic, and can be switched off", () => {
    const paged = synthStack(targetStack("aws", { platform: { alerts: { "manual-change": { severity: "page" } } } }).stack);
    const pageTopic = resourcesOfType(paged, "aws_sns_topic").find(([, t]) => String(t.name).endsWith("-alerts-page"))![0];
    const target = onlyResource(paged, "aws_cloudwatch_event_target");
    expect(target.arn).toBe(`\${aws_sns_topic.${pageTopic}.arn}`);
    expect(JSON.parse((target.input_transformer as { input_template: string }).input_template).severity).toBe("page");
    expect(manifestOf(paged)!.alerts.find((a) => a.id === "manual-change")).toMatchObject({ severity: "page", deliveredAs: "page" });
    // Dev never pages: the page is delivered as a ticket.
    const dev = synthStack(targetStack("aws", { environment: "dev", platform: { alerts: { "manual-change": { severity: "page" } } } }).stack);
    expect(manifestOf(dev)!.alerts.find((a) => a.id === "manual-change")).toMatchObject({ severity: "page", deliveredAs: "ticket" });
    const off = synthStack(targetStack("aws", { platform: { alerts: { "manual-change": { enabled: false } } } }).stack);
    expect(resourceBodies(off, "aws_cloudwatch_event_rule")).toEqual([]);
    expect(manifestOf(off)!.components.find((c) => c.component === AUDIT_COMPONENT)!.disabledAlertIds).toEqual(["manual-change"]);
  });

  test("manual-change has no threshold: setting one fails synth once, naming the property", () => {
    const messages = validationMessages(targetStack("aws", { platform: { alerts: { "manual-change": { threshold: 3 } } } }).stack);
    expect(messages.filter((m) => m.includes("manual-change"))).toEqual([messageAt("test/platform/audit", "`alerts.manual-change.threshold` is set", "manual-change has no threshold", "change only `severity` or `enabled`")]);
  });

  test("the ticket topic and its key accept EventBridge of this account", () => {
    const synth = targetSynth("aws");
    const statements = allStatements(synth);
    const publish = statements.filter((s) => s.sid === "AlarmsAndEventsPublish");
    expect(publish.some((s) => s.actions.includes("sns:Publish") && s.principals![0].identifiers.includes("events.amazonaws.com"))).toBe(true);
    expect(publish.some((s) => s.actions.includes("kms:GenerateDataKey*") && s.principals![0].identifiers.includes("events.amazonaws.com"))).toBe(true);
  });

  test.each([
    ["below the profile", "staging", 60, ["`audit.retentionDays` is 60", "auditLogRetentionDays (90)", "keep audit logs at least that long"]],
    ["not whole days", "dev", 30.5, ["`audit.retentionDays` is 30.5", "a whole number of days"]],
  ] as const)("rejects a retention %s", (_name, environment, retentionDays, says) => {
    expect(validationMessages(targetStack("aws", { environment, platform: { audit: { retentionDays } } }).stack)).toContainEqual(messageAt("test/platform/audit", ...says));
  });

  test("rejects less than a year in a prod-tier environment, once", () => {
    const messages = validationMessages(targetStack("aws", { platform: { environment: deriveProfile("prod", { name: "prod-eu", auditLogRetentionDays: 400 }), audit: { retentionDays: 200 } } }).stack);
    expect(messages).toContainEqual(messageAt("test/platform/audit", "`audit.retentionDays` is 200", "prod-tier", ">= 365 days"));
    // The profile's own short retention is reported by the profile check alone.
    const profileOnly = validationMessages(targetStack("aws", { platform: { environment: deriveProfile("prod", { name: "prod-eu", auditLogRetentionDays: 90 }) } }).stack);
    expect(profileOnly.filter((m) => m.includes("/audit]"))).toEqual([]);
  });
});
