import { attr, isSet, referencedAddresses, refersTo, shown } from "../attributes";
import { CIS_MONITORING_CONTROLS, CisMonitoringControl, cisControlOfPattern } from "../../observability/cis-aws-monitoring";
import { ResourceCheck, resourceRule } from "../resource-rule";
import type { PolicyContext, SynthesizedResource } from "../types";

/** Whether `filter` reads `group` (by reference, or by the group's literal name). */
function readsGroup(filter: SynthesizedResource, group: SynthesizedResource): boolean {
  const name = filter.attributes.log_group_name;
  return refersTo(name, group.address) || (typeof group.attributes.name === "string" && name === group.attributes.name);
}

/** Whether an alarm with actions watches the metric a filter publishes. */
function alarmed(filter: SynthesizedResource, ctx: PolicyContext): boolean {
  const metric = attr(filter.attributes, "metric_transformation.name");
  const namespace = attr(filter.attributes, "metric_transformation.namespace");
  return ctx.resources.some(
    (a) => a.type === "aws_cloudwatch_metric_alarm" && a.attributes.metric_name === metric && a.attributes.namespace === namespace && isSet(a.attributes.alarm_actions),
  );
}

const label = (c: CisMonitoringControl) => `${c.control} (${c.title})`;

/**
 * A prod trail must feed the CIS monitoring controls: deliver to a CloudWatch
 * log group of this stack whose metric filters carry every required CIS
 * pattern, each with an alarm that notifies someone. Optional controls
 * (Organizations changes) are checked for an alarm only where their filter exists.
 */
const trailFeedsCisAlarms: ResourceCheck = (trail, ctx) => {
  const problems: string[] = [];
  const groupArn = trail.attributes.cloud_watch_logs_group_arn;
  if (!isSet(groupArn)) {
    return "cloud_watch_logs_group_arn is unset, so no alarm sees API activity; set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn, and add the CIS metric filters with alarms on that log group";
  }
  if (!isSet(trail.attributes.cloud_watch_logs_role_arn)) {
    problems.push("cloud_watch_logs_role_arn is unset, so CloudTrail cannot write to the log group; set it to a role allowing logs:CreateLogStream and logs:PutLogEvents on the group");
  }
  const group = referencedAddresses(groupArn)
    .map((a) => ctx.byAddress.get(a))
    .find((r): r is SynthesizedResource => r?.type === "aws_cloudwatch_log_group");
  if (!group) {
    return [
      ...problems,
      `cloud_watch_logs_group_arn is ${shown(groupArn)}, not a log group of this stack, so its CIS metric filters cannot be checked; add the filters and alarms in this stack, or suppress this finding naming where they live`,
    ];
  }
  const filters = ctx.resources.filter((f) => f.type === "aws_cloudwatch_log_metric_filter" && readsGroup(f, group));
  for (const control of CIS_MONITORING_CONTROLS) {
    const mine = filters.filter((f) => cisControlOfPattern(String(f.attributes.pattern ?? "")) === control);
    if (mine.length === 0) {
      if (!control.optional) problems.push(`${group.address} has no metric filter for ${label(control)}; add one with the pattern Security Hub documents and an alarm on its metric`);
      continue;
    }
    if (!mine.some((f) => alarmed(f, ctx))) {
      problems.push(`the metric filter for ${label(control)} has no aws_cloudwatch_metric_alarm with alarm_actions on its metric; add an alarm (Sum >= 1 per 5 minutes) notifying an SNS topic`);
    }
  }
  return problems;
};

/** Prod trails feed the CIS AWS Foundations monitoring alarms. */
export const cisMonitoringAlarms = resourceRule("security", {
  id: "security/cis-monitoring-alarms",
  level: "error",
  description: "In prod, the CloudTrail trail sends to CloudWatch Logs and each CIS AWS Foundations monitoring metric filter there has an alarm.",
  tiers: ["prod"],
  alsoReads: ["aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm"],
  checks: { aws_cloudtrail: trailFeedsCisAlarms },
});
