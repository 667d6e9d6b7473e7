import type { ComputeSecurityPolicyRule } from "@cdktf/provider-google/lib/compute-security-policy";
import type { EdgeRequest } from "../core/components/edge";

/**
 * The Cloud Armor preconfigured WAF rules the edge evaluates, OWASP CRS 3.3
 * ("Cloud Armor preconfigured WAF rules", CRS 3.3 table; the `-stable` name
 * follows `-canary` once Google has verified it): SQL injection, cross-site
 * scripting, local and remote file inclusion, remote code execution,
 * scanner detection, protocol attacks (request smuggling, header
 * injection) and session fixation. CRS 4.22 rules (`*-v422-stable`) exist
 * too; their signature ids differ, so moving is a change of every
 * `excludedRules` a user wrote.
 */
export const CLOUD_ARMOR_WAF_RULES = ["sqli", "xss", "lfi", "rfi", "rce", "scannerdetection", "protocolattack", "sessionfixation"] as const;

/** A rule of {@link CLOUD_ARMOR_WAF_RULES}. */
type CloudArmorWafRule = (typeof CLOUD_ARMOR_WAF_RULES)[number];

/** The expression name of a CRS 3.3 rule set, e.g. `sqli-v33-stable`. */
export function wafRuleSetName(rule: CloudArmorWafRule): string {
  return `${rule}-v33-stable`;
}

/**
 * Sensitivity of the preconfigured rules: 1, the OWASP paranoia level CRS
 * ships with (Cloud Armor "Tune preconfigured WAF rules": lower levels are
 * higher-confidence signatures, fewer false positives; the API defaults to
 * every level once a rule is enabled).
 */
const WAF_SENSITIVITY = 1;

/** The shape of a CRS 3.3 signature id, e.g. `owasp-crs-v030301-id942110-sqli` (its rule set is the suffix). */
const SIGNATURE_ID = /^owasp-crs-v030301-id(\d{6})-([a-z]+)$/;

/** Priorities: allow lists first, then block lists, the WAF rules, the rate rule; the default rule last. */
const PRIORITY = { allow: 100, block: 200, waf: 1000, rate: 2000, default: 2147483647 } as const;

/** Cloud Armor takes at most 10 source ranges in one basic (`SRC_IPS_V1`) rule. */
const RANGES_PER_RULE = 10;

/** The checked signature ids to opt out of, by rule set, or the problems with them. */
export function excludedSignatures(ids: readonly string[]): { readonly byRule: Partial<Record<CloudArmorWafRule, string[]>>; readonly problems: string[] } {
  const byRule: Partial<Record<CloudArmorWafRule, string[]>> = {};
  const problems: string[] = [];
  ids.forEach((id, i) => {
    const match = SIGNATURE_ID.exec(String(id));
    const rule = match?.[2] as CloudArmorWafRule | undefined;
    if (!match || !rule || !CLOUD_ARMOR_WAF_RULES.includes(rule)) {
      problems.push(
        `\`edge.gcp.excludedRules[${i}]\` is ${JSON.stringify(id)}, not a signature id of the Cloud Armor rule sets the edge evaluates (${CLOUD_ARMOR_WAF_RULES.map(wafRuleSetName).join(", ")}); give an OWASP CRS 3.3 signature id such as "owasp-crs-v030301-id942110-sqli", from the denied request's log entry (jsonPayload.enforcedSecurityPolicy.preconfiguredExprIds) or Google's "preconfigured WAF rules" table`,
      );
    } else if ((byRule[rule] ?? []).includes(id)) {
      problems.push(`\`edge.gcp.excludedRules[${i}]\` is ${JSON.stringify(id)}, listed twice; name each signature once`);
    } else {
      (byRule[rule] ??= []).push(id);
    }
  });
  return { byRule, problems };
}

/** A preconfigured rule's expression, with its opted-out signatures. */
function wafExpression(rule: CloudArmorWafRule, optOut: readonly string[]): string {
  const options = [`'sensitivity': ${WAF_SENSITIVITY}`, ...(optOut.length > 0 ? [`'opt_out_rule_ids': [${optOut.map((id) => `'${id}'`).join(", ")}]`] : [])];
  return `evaluatePreconfiguredWaf('${wafRuleSetName(rule)}', {${options.join(", ")}})`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The rules of the edge's Cloud Armor policy, in priority order: the allow
 * list (never blocked, not even by the WAF or the rate rule), the block
 * list (403), one rule per preconfigured WAF rule set (403, its excluded
 * signatures opted out), a per-client-IP throttle of `rateLimitPer5Minutes`
 * requests per 300 s (429 beyond it), and the default rule allowing the
 * rest. In `detect` mode the WAF and rate rules are in preview: logged as
 * `previewSecurityPolicy`, never enforced.
 */
export function cloudArmorRules(waf: EdgeRequest["waf"], excluded: Partial<Record<CloudArmorWafRule, string[]>>): ComputeSecurityPolicyRule[] {
  const preview = waf.mode === "detect";
  const ips = (action: string, priority: number, what: string) => (ranges: string[], i: number): ComputeSecurityPolicyRule => ({
    action,
    priority: priority + i,
    description: `${what} (${ranges.length} range${ranges.length === 1 ? "" : "s"})`,
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ranges } },
  });
  return [
    ...chunks(waf.allowCidrs, RANGES_PER_RULE).map(ips("allow", PRIORITY.allow, "edge.waf.allowCidrs: never blocked")),
    ...chunks(waf.blockCidrs, RANGES_PER_RULE).map(ips("deny(403)", PRIORITY.block, "edge.waf.blockCidrs: always blocked")),
    ...CLOUD_ARMOR_WAF_RULES.map(
      (rule, i): ComputeSecurityPolicyRule => ({
        action: "deny(403)",
        priority: PRIORITY.waf + i,
        preview,
        description: `OWASP CRS 3.3 ${wafRuleSetName(rule)}, sensitivity ${WAF_SENSITIVITY}`,
        match: { expr: { expression: wafExpression(rule, excluded[rule] ?? []) } },
      }),
    ),
    {
      action: "throttle",
      priority: PRIORITY.rate,
      preview,
      description: `At most ${waf.rateLimitPer5Minutes} requests per client IP in 5 minutes`,
      match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
      rateLimitOptions: { conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: waf.rateLimitPer5Minutes, intervalSec: 300 } },
    },
    { action: "allow", priority: PRIORITY.default, description: "Default: allow", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } },
  ];
}
