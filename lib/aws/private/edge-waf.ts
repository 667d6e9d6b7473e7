import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2IpSet } from "@cdktf/provider-aws/lib/wafv2-ip-set";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { EdgeRequest } from "../../core/components/edge";
import { encryptedLogGroup } from "./log-group";

/**
 * The AWS managed rule groups of every edge's web ACL, in evaluation order,
 * with their web ACL capacity units (AWS WAF Developer Guide, "AWS Managed
 * Rules rule groups list"): IP reputation first (cheapest, drops known bad
 * sources), then the core rule set (OWASP Top 10: XSS, LFI/RFI, SSRF, size
 * limits), known bad inputs (Log4j, Java deserialization, exploitable
 * paths), SQL injection, and the Linux OS rules (LFI of Linux files). 1,325
 * WCUs with the rate and IP set rules, under the 1,500 a web ACL gets
 * without extra charge.
 */
export const AWS_MANAGED_RULE_GROUPS = [
  { name: "AWSManagedRulesAmazonIpReputationList", wcu: 25 },
  { name: "AWSManagedRulesCommonRuleSet", wcu: 700 },
  { name: "AWSManagedRulesKnownBadInputsRuleSet", wcu: 200 },
  { name: "AWSManagedRulesSQLiRuleSet", wcu: 200 },
  { name: "AWSManagedRulesLinuxRuleSet", wcu: 200 },
] as const;

/** An AWS managed rule's name (API `Name`: 1-128 letters, digits, `_` and `-`); every AWS managed rule's has letters, unlike CRS ids (`942110`). */
const RULE_NAME = /^(?=.*[A-Za-z])[A-Za-z0-9_-]{1,128}$/;

/** A managed rule to switch off: in every managed group, or in the one named before `:`. */
interface ExcludedRule {
  readonly group?: string;
  readonly rule: string;
}

/**
 * The problems with `edge.aws.excludedRules`: each entry is a rule name of
 * an AWS managed rule group (`SizeRestrictions_BODY`), or one qualified by
 * its group (`AWSManagedRulesCommonRuleSet:SizeRestrictions_BODY`).
 */
export function excludedRuleProblems(entries: readonly string[]): string[] {
  const groups = AWS_MANAGED_RULE_GROUPS.map((g) => g.name);
  return entries.flatMap((entry, i) => {
    const [group, rule] = entry.includes(":") ? entry.split(/:(.*)/s) : [undefined, entry];
    const where = `\`edge.aws.excludedRules[${i}]\` is ${JSON.stringify(entry)}`;
    if (group !== undefined && !groups.includes(group as (typeof groups)[number])) {
      return [`${where}, whose group is not one of the edge's managed rule groups; write the rule's name alone (e.g. "SizeRestrictions_BODY") or qualify it with one of ${groups.join(", ")}`];
    }
    if (!RULE_NAME.test(rule ?? "")) {
      return [`${where}, not an AWS managed rule name (1-128 letters, digits, "_" and "-", e.g. "SizeRestrictions_BODY"); copy the name from the rule group's page in the AWS WAF Developer Guide or from the terminatingRuleMatchDetails / ruleGroupList of a WAF log record`];
    }
    if (entries.indexOf(entry) !== i) return [`${where}, listed twice; name each rule once`];
    return [];
  });
}

/** Parses valid entries of `excludedRules`. */
function excludedRulesOf(entries: readonly string[]): ExcludedRule[] {
  return entries.map((e) => (e.includes(":") ? { group: e.split(":")[0], rule: e.slice(e.indexOf(":") + 1) } : { rule: e }));
}

/** Props of {@link EdgeWaf}. */
export interface EdgeWafProps {
  /** Name of the web ACL and prefix of its IP sets and rules' metrics. */
  readonly name: string;
  /** The service's WAF settings. */
  readonly waf: EdgeRequest["waf"];
  /** Managed rules to count only. */
  readonly excludedRules: readonly string[];
  /** The load balancer the web ACL protects. */
  readonly loadBalancerArn: string;
  /** Days the WAF logs stay in CloudWatch Logs. */
  readonly logRetentionDays: number;
  /** Key encrypting the WAF log group (the platform's logs key). */
  readonly logsKeyArn: string;
}

/** Visibility of a rule or the web ACL: CloudWatch metrics and sampled requests on. */
function visibility(metricName: string): Record<string, unknown> {
  return { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metricName };
}

/**
 * A regional AWS WAF web ACL in front of the load balancer: the user's
 * block list (always blocks), the allow list (never blocked), a rate-based
 * rule per client IP over 5 minutes, and the AWS managed rule groups with
 * the excluded rules counted only; in `detect` mode the rate rule and the
 * managed groups count instead of block. Every request is logged to a
 * KMS-encrypted `aws-waf-logs-` log group (AWS WAF requires the prefix).
 * Rules are written as the WAF API's JSON (`rule_json`), the shape AWS
 * documents for `CreateWebACL`.
 */
export class EdgeWaf extends Construct {
  /** The regional WAFv2 web ACL (`aws_wafv2_web_acl`), named `name` and associated with the load balancer; unmatched requests are allowed. */
  public readonly webAcl: Wafv2WebAcl;
  /** Its log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Its rules as sent to the API (tests and the report read them). */
  public readonly rules: readonly Record<string, unknown>[];
  /** Names of the managed rule groups in force. */
  public readonly managedRuleGroups: readonly string[] = AWS_MANAGED_RULE_GROUPS.map((g) => g.name);

  constructor(scope: Construct, id: string, props: EdgeWafProps) {
    super(scope, id);
    const { waf, name } = props;
    const enforce = waf.mode === "block";
    const ipSet = (kind: "allow" | "block", cidrs: readonly string[]) =>
      new Wafv2IpSet(this, `${kind}-ip-set`, {
        name: `${name}-${kind}`,
        description: `Client CIDRs the WAF of ${name} always ${kind === "allow" ? "allows" : "blocks"} (edge.waf.${kind}Cidrs)`,
        scope: "REGIONAL",
        ipAddressVersion: "IPV4",
        addresses: [...cidrs],
      });
    const rules: Record<string, unknown>[] = [];
    const rule = (ruleName: string, body: Record<string, unknown>) => rules.push({ Name: ruleName, Priority: rules.length, ...body, VisibilityConfig: visibility(`${name}-${ruleName}`) });
    if (waf.blockCidrs.length > 0) {
      rule("block-list", { Action: { Block: {} }, Statement: { IPSetReferenceStatement: { ARN: ipSet("block", waf.blockCidrs).arn } } });
    }
    if (waf.allowCidrs.length > 0) {
      rule("allow-list", { Action: { Allow: {} }, Statement: { IPSetReferenceStatement: { ARN: ipSet("allow", waf.allowCidrs).arn } } });
    }
    rule("rate-limit", {
      Action: enforce ? { Block: {} } : { Count: {} },
      Statement: { RateBasedStatement: { Limit: waf.rateLimitPer5Minutes, EvaluationWindowSec: 300, AggregateKeyType: "IP" } },
    });
    const excluded = excludedRulesOf(props.excludedRules);
    for (const group of AWS_MANAGED_RULE_GROUPS) {
      const overrides = excluded.filter((e) => e.group === undefined || e.group === group.name).map((e) => ({ Name: e.rule, ActionToUse: { Count: {} } }));
      rule(group.name, {
        OverrideAction: enforce ? { None: {} } : { Count: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group.name, ...(overrides.length > 0 ? { RuleActionOverrides: overrides } : {}) } },
      });
    }
    this.rules = rules;

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name,
      description: `Protects the load balancer ${name} (Vigil edge, ${waf.mode} mode)`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      ruleJson: JSON.stringify(rules),
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    new Wafv2WebAclAssociation(this, "association", { resourceArn: props.loadBalancerArn, webAclArn: this.webAcl.arn });

    this.logGroup = encryptedLogGroup(this, "logs", { name: `aws-waf-logs-${name}`, retentionDays: props.logRetentionDays, keyArn: props.logsKeyArn });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      // Authorization and cookie headers are credentials: never in the logs.
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
  }
}
