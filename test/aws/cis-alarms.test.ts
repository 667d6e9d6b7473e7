import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { manifestOf } from "../../lib/core/manifest-read";
import { CIS_MONITORING_CONTROLS } from "../../lib/observability/cis-aws-monitoring";
import { CIS_ALARMS_COMPONENT, CIS_METRIC_NAMESPACE } from "../../lib/aws/cis-alarms";
import { resourceBodies, resourcesOfType, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { statementsOf } from "./policy-statements";
import { messageAt, targetStack, targetSynth } from "../harness";

/**
 * The filter patterns of the Security Hub remediation tables ("Security Hub controls for Amazon
 * CloudWatch", CloudWatch.1-14), written out here apart from the library's table: Security Hub
 * fails a control unless exactly its pattern is used.
 */
const DOCUMENTED_PATTERNS: Record<string, string> = {
  "CloudWatch.1":
    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  "CloudWatch.2":
    '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  "CloudWatch.3":
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  "CloudWatch.4":
    "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}",
  "CloudWatch.5":
    "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  "CloudWatch.6":
    '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  "CloudWatch.7":
    "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  "CloudWatch.8":
    "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  "CloudWatch.9":
    "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  "CloudWatch.10":
    "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  "CloudWatch.11":
    "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  "CloudWatch.12":
    "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  "CloudWatch.13":
    "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}",
  "CloudWatch.14":
    "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
};

/** The Security Hub CloudWatch.1-14 controls: always deployed. */
const REQUIRED = CIS_MONITORING_CONTROLS.filter((c) => !c.optional);

/** Address of the trail's log group. */
const trailLogGroup = (synth: SynthesizedStack) => resourcesOfType(synth, "aws_cloudwatch_log_group").find(([, g]) => String(g.name).startsWith("/aws/cloudtrail/"))!;

/** The topic (Terraform reference) of each delivered severity. */
const topicRefs = (synth: SynthesizedStack) =>
  Object.fromEntries(resourcesOfType(synth, "aws_sns_topic").map(([address, t]) => [String(t.name).split("-alerts-")[1], `\${aws_sns_topic.${address}.arn}`]));

const cisFilters = (synth: SynthesizedStack) => resourceBodies(synth, "aws_cloudwatch_log_metric_filter").filter((f) => (f.metric_transformation as Record<string, string>).namespace === CIS_METRIC_NAMESPACE);
const alarmOn = (synth: SynthesizedStack, metric: string) => resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === CIS_METRIC_NAMESPACE && a.metric_name === metric);

describe("CloudTrail into CloudWatch Logs", () => {
  test.each([
    ["dev", 30, false],
    ["staging", 90, false],
    ["prod", 365, true],
  ] as const)("%s: the trail delivers to a log group encrypted with the logs key, kept %d days, prevent_destroy=%s", (env, days, protect) => {
    const synth = targetSynth("aws", env);
    const [address, group] = trailLogGroup(synth);
    expect(group).toMatchObject({ name: `/aws/cloudtrail/checkout-${env}-audit`, retention_in_days: days });
    expect(String(group.kms_key_id)).toMatch(/^\$\{aws_kms_key\.platform_logs-key_[^.]+\.arn\}$/);
    expect((group.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy ?? false).toBe(protect);
    const [trail] = resourceBodies(synth, "aws_cloudtrail");
    expect(trail.cloud_watch_logs_group_arn).toBe(`\${aws_cloudwatch_log_group.${address}.arn}:*`);
    expect(String(trail.cloud_watch_logs_role_arn)).toMatch(/^\$\{aws_iam_role\.platform_audit_log-delivery-role_[^.]+\.arn\}$/);
  });

  test("the delivery role: trusted by CloudTrail, may only create streams and put events in the trail's streams of that group", () => {
    const synth = targetSynth("aws");
    const [address] = trailLogGroup(synth);
    const [, role] = resourcesOfType(synth, "aws_iam_role").find(([n]) => n.startsWith("platform_audit_log-delivery-role_"))!;
    expect(statementsOf(synth, role.assume_role_policy)[0].principals).toEqual([{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }]);
    const [policyAddress, policy] = resourcesOfType(synth, "aws_iam_role_policy").find(([n]) => n.startsWith("platform_audit_log-delivery-role_"))!;
    const statements = statementsOf(synth, policy.policy);
    expect(statements).toHaveLength(1);
    expect(statements[0].actions).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    expect(statements[0].resources).toEqual([expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.${address}\\.arn\\}:log-stream:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}_CloudTrail_\\*$`))]);
    // CloudTrail checks at creation that the role can write.
    expect(resourceBodies(synth, "aws_cloudtrail")[0].depends_on).toContain(`aws_iam_role_policy.${policyAddress}`);
  });
});

describe("CIS AWS Foundations monitoring alarms", () => {
  test.each(ENVIRONMENTS)("%s: every Security Hub CloudWatch.1-14 pattern is a metric filter on the trail's log group, with an alarm notifying the topic of its delivered severity", (env) => {
    const synth = targetSynth("aws", env);
    const [groupAddress] = trailLogGroup(synth);
    const topics = topicRefs(synth);
    const filters = cisFilters(synth);
    expect(filters.map((f) => f.pattern).sort()).toEqual(REQUIRED.map((c) => c.pattern).sort());
    for (const control of REQUIRED) {
      const filter = filters.find((f) => f.pattern === control.pattern)!;
      expect(filter.log_group_name).toBe(`\${aws_cloudwatch_log_group.${groupAddress}.name}`);
      expect(filter.metric_transformation).toEqual({ name: `checkout-${env}-${control.id}`, namespace: "LogMetrics", value: "1", default_value: "0" });
      const alarms = alarmOn(synth, `checkout-${env}-${control.id}`);
      expect(alarms).toHaveLength(1);
      const [alarm] = alarms;
      expect(alarm).toMatchObject({
        alarm_name: `checkout-${env}-${CIS_ALARMS_COMPONENT}-${control.id}`,
        statistic: "Sum",
        period: 300,
        evaluation_periods: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treat_missing_data: "notBreaching",
      });
      const record = manifestOf(synth)!.alerts.find((a) => a.component === CIS_ALARMS_COMPONENT && a.id === control.id)!;
      expect(alarm.alarm_actions).toEqual([topics[record.deliveredAs]]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      expect(String(alarm.alarm_description)).toContain(`Runbook: https://runbooks.example.com/vigil/${CIS_ALARMS_COMPONENT}/${control.id}.md`);
      expect(String(alarm.alarm_description)).toContain(control.control);
    }
    // Organizations changes are only for the management account: off unless asked for.
    expect(filters.some((f) => String(f.pattern).includes("organizations.amazonaws.com"))).toBe(false);
  });

  test("the filters carry exactly the patterns Security Hub documents for CloudWatch.1-14", () => {
    const filters = cisFilters(targetSynth("aws"));
    expect(filters).toHaveLength(14);
    for (const [control, pattern] of Object.entries(DOCUMENTED_PATTERNS)) {
      const id = REQUIRED.find((c) => c.control === control)!.id;
      expect({ control, pattern: filters.find((f) => f.name === `checkout-prod-${id}`)?.pattern }).toEqual({ control, pattern });
    }
  });

  test.each([
    ["dev", "ticket"],
    ["prod", "page"],
  ] as const)("%s: root usage, CMK deletion and trail changes page (delivered as %s); the rest open tickets", (env, pageDelivery) => {
    const alerts = manifestOf(targetSynth("aws", env))!.alerts.filter((a) => a.component === CIS_ALARMS_COMPONENT);
    const paging = alerts.filter((a) => a.severity === "page").map((a) => a.id).sort();
    expect(paging).toEqual(["cloudtrail-changes", "cmk-disable-or-scheduled-deletion", "root-account-usage"]);
    for (const a of alerts) expect(a.deliveredAs).toBe(a.severity === "page" ? pageDelivery : "ticket");
  });

  test("every CIS alert has a hand-written runbook page and a row in the runbooks index", () => {
    const index = readFileSync(join(__dirname, "../../docs/runbooks/README.md"), "utf8");
    for (const control of CIS_MONITORING_CONTROLS) {
      const page = join(__dirname, "../../docs/runbooks", CIS_ALARMS_COMPONENT, `${control.id}.md`);
      expect({ id: control.id, exists: existsSync(page) }).toEqual({ id: control.id, exists: true });
      const text = readFileSync(page, "utf8");
      expect(text).toContain(`# ${control.id} (${CIS_ALARMS_COMPONENT})`);
      expect(text).toContain("## First checks");
      expect(index).toContain(`| \`${control.id}\` |`);
    }
  });

  test("the component is recorded with its default alerts and a dashboard of them", () => {
    const synth = targetSynth("aws");
    const component = manifestOf(synth)!.components.find((c) => c.component === CIS_ALARMS_COMPONENT)!;
    expect([...component.defaultAlertIds].sort()).toEqual(REQUIRED.map((c) => c.id).sort());
    expect(component.disabledAlertIds).toEqual([]);
    const dashboard = resourceBodies(synth, "aws_cloudwatch_dashboard").find((d) => d.dashboard_name === component.dashboard)!;
    const body = JSON.parse(String(dashboard.dashboard_body)) as { widgets: Array<{ type: string; properties: { metrics: string[][]; alarms?: string[] } }> };
    // No golden-signal row: the CIS alarms are the dashboard, in its alert-state row.
    expect(body.widgets.filter((w) => w.type === "text").map((w) => (w.properties as { markdown?: string }).markdown)).toEqual(["## Alerts"]);
    expect(body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms!)).toHaveLength(REQUIRED.length);
    expect(body.widgets.filter((w) => w.type === "metric").map((w) => w.properties.metrics[0][1]).sort()).toEqual(REQUIRED.map((c) => `checkout-prod-${c.id}`).sort());
  });

  test("organizationChanges adds the CIS 4.15 filter and alarm", () => {
    const synth = synthStack(targetStack("aws", { platform: { audit: { organizationChanges: true } } }).stack);
    const organizations = CIS_MONITORING_CONTROLS.find((c) => c.id === "organizations-changes")!;
    expect(cisFilters(synth).map((f) => f.pattern)).toContain(organizations.pattern);
    expect(alarmOn(synth, "checkout-prod-organizations-changes")).toHaveLength(1);
  });

  test("an alarm's severity can be changed and an alarm switched off, by id", () => {
    const synth = synthStack(targetStack("aws", { platform: { audit: { alerts: { "unauthorized-api-calls": { severity: "page", threshold: 10 }, "vpc-changes": { enabled: false } } } } }).stack);
    const [unauthorized] = alarmOn(synth, "checkout-prod-unauthorized-api-calls");
    expect(unauthorized.alarm_actions).toEqual([topicRefs(synth).page]);
    expect(unauthorized.threshold).toBe(10);
    expect(alarmOn(synth, "checkout-prod-vpc-changes")).toEqual([]);
    expect(cisFilters(synth).some((f) => f.name === "checkout-prod-vpc-changes")).toBe(false);
    expect(manifestOf(synth)!.components.find((c) => c.component === CIS_ALARMS_COMPONENT)!.disabledAlertIds).toEqual(["vpc-changes"]);
  });

  test.each([
    ["an unknown id", { "root-usage": { severity: "page" } }, ["`audit.alerts.root-usage`", "does not exist", "known alert ids: aws-config-changes"]],
    ["the Organizations alarm while it is off", { "organizations-changes": { severity: "page" } }, ["`audit.alerts.organizations-changes`", "an alarm that is off", "set `audit.organizationChanges: true`"]],
    ["a threshold of 0", { "root-account-usage": { threshold: 0 } }, ["`audit.alerts.root-account-usage.threshold` is 0", "a whole number >= 1"]],
    ["a bad severity", { "nacl-changes": { severity: "urgent" } }, ["`audit.alerts.nacl-changes.severity`", '"urgent"', 'use "page", "ticket" or "info"']],
  ] as const)("rejects %s with one message at the CIS alarms", (_name, alerts, says) => {
    const messages = validationMessages(targetStack("aws", { platform: { audit: { alerts: alerts as never } } }).stack);
    expect(messages.filter((m) => m.includes("audit.alerts"))).toEqual([messageAt("test/platform/cis-alarms", ...says)]);
  });
});
