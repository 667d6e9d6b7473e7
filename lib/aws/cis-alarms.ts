import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { addValidationErrors } from "../core/errors";
import { AlertOverride, runbookUrl } from "../observability/alert";
import type { Severity } from "../observability/severity";
import { CIS_MONITORING_CONTROLS, CisAlertId, CisMonitoringControl } from "../observability/cis-aws-monitoring";
import { deployAwsTargetOnlyAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";

/** Component name of the CIS monitoring alarms (alarm names, runbook folder). */
export const CIS_ALARMS_COMPONENT = "cis-alarms";

/** Namespace of the CIS metrics: the one the Security Hub remediation steps use. */
export const CIS_METRIC_NAMESPACE = "LogMetrics";

/** Seconds per evaluated period: the 5 minutes the CIS remediation steps use. */
const CIS_PERIOD_SECONDS = 300;

/**
 * Default severity of each CIS alarm and what a firing means. Pages are kept
 * for what may already be a compromise or a loss and cannot wait for office
 * hours: the root user acting, a customer managed key disabled or scheduled
 * for deletion (everything it encrypts becomes unreadable when the window
 * ends), and CloudTrail being changed or stopped (PCI DSS 10.7: failures of
 * audit logging are answered promptly). Everything else is a change a deploy
 * also makes, or a failed attempt: a ticket, read in working hours.
 */
const CIS_ALERTS: Record<CisAlertId, { readonly severity: Severity; readonly meaning: string }> = {
  "root-account-usage": { severity: "page", meaning: "The root user made an API call or signed in. Root can do anything, cannot be restricted by IAM policies and should be used only for the few tasks that need it; unplanned use may be a compromised root credential." },
  "unauthorized-api-calls": { severity: "ticket", meaning: "API calls were refused with AccessDenied or UnauthorizedOperation: a principal probing for permissions (stolen credentials), or a workload or person missing a permission." },
  "console-signin-without-mfa": { severity: "ticket", meaning: "An IAM user signed in to the AWS console without MFA. PCI DSS 8.4 wants MFA for every console access; a single-factor sign-in is a policy breach and may be a guessed password." },
  "iam-policy-changes": { severity: "ticket", meaning: "An IAM policy was created, changed, attached or detached. Deploys do this; a change outside a deploy can widen someone's permissions." },
  "cloudtrail-changes": { severity: "page", meaning: "A trail was created, updated, deleted, started or stopped. Stopping or redirecting the trail is an attacker's first step to act unseen; outside a deploy it must be answered at once." },
  "console-auth-failures": { severity: "ticket", meaning: "A console sign-in failed authentication. One is a typo; many from one address are a password-guessing attempt." },
  "cmk-disable-or-scheduled-deletion": { severity: "page", meaning: "A customer managed KMS key was disabled or scheduled for deletion. Everything it encrypts (logs, databases, secrets) becomes unreadable; a scheduled deletion can be cancelled only within its waiting period." },
  "s3-bucket-policy-changes": { severity: "ticket", meaning: "A bucket's policy, ACL, CORS, lifecycle or replication changed. Deploys do this; a change outside a deploy can expose or expire data." },
  "aws-config-changes": { severity: "ticket", meaning: "An AWS Config recorder or delivery channel was stopped, deleted or changed, which blinds configuration history and Config rules." },
  "security-group-changes": { severity: "ticket", meaning: "A security group was created, deleted or had rules added or removed. Deploys do this; a change outside a deploy can open a service to the network." },
  "nacl-changes": { severity: "ticket", meaning: "A network ACL or one of its entries or associations changed, which can open or cut a subnet's traffic." },
  "network-gateway-changes": { severity: "ticket", meaning: "An internet or customer gateway was created, deleted, attached or detached, which changes how traffic leaves or enters the VPC." },
  "route-table-changes": { severity: "ticket", meaning: "A route or route table changed, which can send traffic around the NAT gateways, firewalls or peering it should take." },
  "vpc-changes": { severity: "ticket", meaning: "A VPC, one of its attributes or a peering connection changed, which can connect networks that should stay apart." },
  "organizations-changes": { severity: "ticket", meaning: "The AWS organization changed: accounts, organizational units, policies (SCPs) or handshakes. Deploys of the organization do this; a change outside one can lift guardrails from every account." },
};

/** CIS alarm options a platform user sets (in `audit`). */
export interface CisAlarmsOptions {
  /**
   * Changes to the CIS alarms by id: `severity`, `threshold` (matching events
   * per 5 minutes, a whole number >= 1) or `enabled: false` (a prod stack then
   * needs a reasoned suppression of `security/cis-monitoring-alarms`).
   * @default - every alarm at its default severity, firing on the first matching event
   */
  readonly alerts?: Partial<Record<CisAlertId, AlertOverride>>;
  /**
   * Alarm on AWS Organizations changes (CIS 4.15). Organizations API calls are
   * made in the organization's management account (or a delegated
   * administrator); turn it on in the stack of that account.
   * @default false
   */
  readonly organizationChanges?: boolean;
}

/** Props of {@link AwsCisAlarms}. */
export interface AwsCisAlarmsProps extends CisAlarmsOptions {
  /** Account, alert delivery, runbooks. */
  readonly context: AwsComponentContext;
  /** Prefix of metric, filter and alarm names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Log group the trail delivers to: the metric filters read it. */
  readonly logGroup: CloudwatchLogGroup;
}

/**
 * The CIS AWS Foundations Benchmark monitoring controls on the trail's log
 * group: a metric filter per control with the pattern AWS Security Hub
 * checks for (CloudWatch.1-14, and Organizations changes on request), and a
 * CloudWatch alarm on each metric, >= 1 matching event in 5 minutes,
 * notifying the topic of its severity on ALARM and OK, with a runbook.
 */
export class AwsCisAlarms extends Construct {
  /** The alerts deployed as alarms (after the user's overrides). */
  public readonly alerts: readonly NativeAlert[];
  /** The metric filter of each deployed alert. */
  public readonly metricFilters: ReadonlyMap<string, CloudwatchLogMetricFilter>;
  /** The dashboard of the alarms. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: AwsCisAlarmsProps) {
    super(scope, id);
    const controls = CIS_MONITORING_CONTROLS.filter((c) => !c.optional || props.organizationChanges === true);
    // The name as written, for texts; the reference (below) orders the filters after the group.
    const logGroupName = props.logGroup.nameInput ?? props.logGroup.name;
    const { overrides, problems } = checkOverrides(props.alerts ?? {}, controls);
    const deployed = deployAwsTargetOnlyAlerts(this, props.context, {
      resourceName: props.namePrefix,
      component: CIS_ALARMS_COMPONENT,
      alerts: controls.map((c) => cisAlert(c, props, logGroupName)),
      overrides,
      path: "audit.alerts",
      description: `CIS monitoring alarms on the CloudTrail log group ${logGroupName}`,
      stateful: false,
    });
    problems.push(...deployed.problems);

    const filters = new Map<string, CloudwatchLogMetricFilter>();
    for (const alert of deployed.alerts) {
      const control = controls.find((c) => c.id === alert.id)!;
      filters.set(alert.id, new CloudwatchLogMetricFilter(this, `filter-${alert.id}`, {
        name: metricName(props.namePrefix, control),
        logGroupName: props.logGroup.name,
        pattern: control.pattern,
        // Value and default value from the Security Hub remediation tables.
        metricTransformation: { name: metricName(props.namePrefix, control), namespace: CIS_METRIC_NAMESPACE, value: "1", defaultValue: "0" },
      }));
    }
    this.alerts = deployed.alerts;
    this.metricFilters = filters;
    this.dashboardName = deployed.dashboardName;
    addValidationErrors(this, problems);
  }
}

/** Metric (and filter) name of a control: prefixed, so two platforms in one account keep apart. */
function metricName(namePrefix: string, control: CisMonitoringControl): string {
  return `${namePrefix}-${control.id}`;
}

/** The alert of one control: a count of matching trail records per 5 minutes. */
function cisAlert(control: CisMonitoringControl, props: AwsCisAlarmsProps, logGroupName: string): NativeAlert {
  const { severity, meaning } = CIS_ALERTS[control.id];
  return {
    id: control.id,
    component: CIS_ALARMS_COMPONENT,
    summary: `CloudTrail recorded ${control.title}`,
    description:
      `${meaning} (${control.control}: a metric filter and alarm for ${control.title}.) ` +
      `Counts the matching records the trail delivers to ${logGroupName}, per 5 minutes; a period without any trail record ` +
      "is treated as not breaching (the filter publishes 0 for periods with records; a trail that stopped delivering is caught by cloudtrail-changes).",
    severity,
    runbookUrl: runbookUrl(props.context.runbookBaseUrl, CIS_ALARMS_COMPONENT, control.id),
    threshold: 1,
    unit: "events",
    condition: {
      kind: "native-metric",
      namespace: CIS_METRIC_NAMESPACE,
      metricName: metricName(props.namePrefix, control),
      dimensions: {},
      statistic: "Sum",
      periodSeconds: CIS_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: ">=",
      missingData: "notBreaching",
    },
  };
}

/**
 * Problems with the user's overrides the shared check does not know: an
 * override of the Organizations alarm while it is off, and a threshold that
 * is not a whole number of events >= 1 (0 would fire on every period).
 * Returns the overrides left to apply.
 */
function checkOverrides(given: Readonly<Record<string, AlertOverride>>, controls: readonly CisMonitoringControl[]): { overrides: Record<string, AlertOverride>; problems: string[] } {
  const problems: string[] = [];
  const overrides: Record<string, AlertOverride> = {};
  for (const [id, override] of Object.entries(given)) {
    const control = CIS_MONITORING_CONTROLS.find((c) => c.id === id);
    if (control?.optional && !controls.includes(control)) {
      problems.push(`\`audit.alerts.${id}\` changes an alarm that is off; set \`audit.organizationChanges: true\` in the stack of the organization's management account to deploy it`);
      continue;
    }
    const t = override.threshold;
    if (control && t !== undefined && Number.isFinite(t) && (!Number.isInteger(t) || t < 1)) {
      problems.push(`\`audit.alerts.${id}.threshold\` is ${t}; it counts matching events per 5 minutes, so use a whole number >= 1`);
      continue;
    }
    overrides[id] = override;
  }
  return { overrides, problems };
}
