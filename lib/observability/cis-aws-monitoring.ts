/** Ids of the CIS monitoring alerts. */
export type CisAlertId =
  | "root-account-usage"
  | "unauthorized-api-calls"
  | "console-signin-without-mfa"
  | "iam-policy-changes"
  | "cloudtrail-changes"
  | "console-auth-failures"
  | "cmk-disable-or-scheduled-deletion"
  | "s3-bucket-policy-changes"
  | "aws-config-changes"
  | "security-group-changes"
  | "nacl-changes"
  | "network-gateway-changes"
  | "route-table-changes"
  | "vpc-changes"
  | "organizations-changes";

/**
 * The CIS AWS Foundations Benchmark monitoring controls: a CloudWatch Logs
 * metric filter on the CloudTrail log group and an alarm on its metric for
 * each kind of sensitive API activity. Shared by `cdktf-vigil/aws` (which
 * deploys them) and the security pack (which checks a prod trail has them);
 * provider-free, so the core can read it.
 *
 * Patterns are the ones AWS Security Hub documents for controls
 * CloudWatch.1-CloudWatch.14 ("Security Hub controls for Amazon CloudWatch",
 * remediation tables; the controls fail unless exactly these filters are used),
 * and for AWS Organizations changes, which has no Security Hub control, the
 * pattern of CIS AWS Foundations Benchmark v1.4.0 control 4.15.
 */
export interface CisMonitoringControl {
  /** Vigil alert id, kebab-case and stable: it names the alarm, the runbook and the override key. */
  readonly id: CisAlertId;
  /** The control it satisfies, e.g. `CloudWatch.1`, or `CIS 4.15` where Security Hub has none. */
  readonly control: string;
  /** What the filter matches, in a few words. */
  readonly title: string;
  /** CloudWatch Logs filter pattern over CloudTrail records. */
  readonly pattern: string;
  /** Deployed only when asked for (AWS Organizations changes: management or delegated-admin accounts). */
  readonly optional?: boolean;
}

/** Every CIS monitoring control, in control order. */
export const CIS_MONITORING_CONTROLS: readonly CisMonitoringControl[] = [
  {
    id: "root-account-usage",
    control: "CloudWatch.1",
    title: 'usage of the "root" user',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: "unauthorized-api-calls",
    control: "CloudWatch.2",
    title: "unauthorized API calls",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    id: "console-signin-without-mfa",
    control: "CloudWatch.3",
    title: "Management Console sign-in without MFA",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "iam-policy-changes",
    control: "CloudWatch.4",
    title: "IAM policy changes",
    pattern:
      "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}",
  },
  {
    id: "cloudtrail-changes",
    control: "CloudWatch.5",
    title: "CloudTrail configuration changes",
    pattern: "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  {
    id: "console-auth-failures",
    control: "CloudWatch.6",
    title: "Management Console authentication failures",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: "cmk-disable-or-scheduled-deletion",
    control: "CloudWatch.7",
    title: "disabling or scheduled deletion of customer managed keys",
    pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  {
    id: "s3-bucket-policy-changes",
    control: "CloudWatch.8",
    title: "S3 bucket policy changes",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  {
    id: "aws-config-changes",
    control: "CloudWatch.9",
    title: "AWS Config configuration changes",
    pattern: "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  {
    id: "security-group-changes",
    control: "CloudWatch.10",
    title: "security group changes",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  {
    id: "nacl-changes",
    control: "CloudWatch.11",
    title: "network ACL changes",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  {
    id: "network-gateway-changes",
    control: "CloudWatch.12",
    title: "network gateway changes",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  {
    id: "route-table-changes",
    control: "CloudWatch.13",
    title: "route table changes",
    pattern:
      "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}",
  },
  {
    id: "vpc-changes",
    control: "CloudWatch.14",
    title: "VPC changes",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
  {
    id: "organizations-changes",
    control: "CIS 4.15",
    title: "AWS Organizations changes",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    optional: true,
  },
];

/**
 * A filter pattern with the spelling differences that do not change what it
 * matches removed (white space, double quotes around plain values), so two
 * spellings of the same documented pattern compare equal.
 */
function normalizedFilterPattern(pattern: string): string {
  return pattern.replace(/\s+/g, "").replace(/"/g, "");
}

/** The CIS control a filter pattern implements, if any. */
export function cisControlOfPattern(pattern: string): CisMonitoringControl | undefined {
  const normalized = normalizedFilterPattern(pattern);
  return CIS_MONITORING_CONTROLS.find((c) => normalizedFilterPattern(c.pattern) === normalized);
}
