import { Construct } from "constructs";
import { CdnFrontdoorFirewallPolicy, CdnFrontdoorFirewallPolicyCustomRule, CdnFrontdoorFirewallPolicyManagedRule } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import type { EdgeRequest } from "../core/components/edge";

/**
 * The managed rule sets of every Front Door WAF policy Vigil builds
 * (Microsoft Learn, "Web Application Firewall DRS rule groups and rules"
 * and "Bot protection"): the Default Rule Set 2.1 (OWASP CRS 3.3.2-based
 * with Microsoft Threat Intelligence rules; anomaly scoring, Premium only)
 * and the Bot Manager rule set 1.1.
 */
export const FRONT_DOOR_MANAGED_RULE_SETS = [
  { type: "Microsoft_DefaultRuleSet", version: "2.1" },
  { type: "Microsoft_BotManagerRuleSet", version: "1.1" },
] as const;

/**
 * DRS 2.x rule group of a rule id, by the id's prefix (the CRS file it
 * comes from, or the Microsoft Threat Intelligence collection); source:
 * Microsoft Learn, "Web Application Firewall DRS rule groups and rules".
 */
const DRS_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^2000\d\d$/, "General"],
  [/^911\d{3}$/, "METHOD-ENFORCEMENT"],
  [/^920\d{3}$/, "PROTOCOL-ENFORCEMENT"],
  [/^921\d{3}$/, "PROTOCOL-ATTACK"],
  [/^930\d{3}$/, "LFI"],
  [/^931\d{3}$/, "RFI"],
  [/^932\d{3}$/, "RCE"],
  [/^933\d{3}$/, "PHP"],
  [/^934\d{3}$/, "NODEJS"],
  [/^941\d{3}$/, "XSS"],
  [/^942\d{3}$/, "SQLI"],
  [/^943\d{3}$/, "FIX"],
  [/^944\d{3}$/, "JAVA"],
  [/^99005\d{3}$/, "MS-ThreatIntel-WebShells"],
  [/^99030\d{3}$/, "MS-ThreatIntel-AppSec"],
  [/^99031\d{3}$/, "MS-ThreatIntel-SQLI"],
  [/^99001\d{3}$/, "MS-ThreatIntel-CVEs"],
];

/** Bot Manager 1.1 rule group of a rule id (`Bot100100`: bad bots, `Bot200...`: good, `Bot300...`: unknown). */
const BOT_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Bot100\d{3}$/, "BadBots"],
  [/^Bot200\d{3}$/, "GoodBots"],
  [/^Bot300\d{3}$/, "UnknownBots"],
];

/** Where an excluded rule id belongs: its rule set and group, or the problem with it. */
export function excludedRuleOf(id: string, index: number): { readonly ruleSet: string; readonly group: string } | { readonly problem: string } {
  const drs = DRS_GROUPS.find(([re]) => re.test(id));
  if (drs) return { ruleSet: "Microsoft_DefaultRuleSet", group: drs[1] };
  const bot = BOT_GROUPS.find(([re]) => re.test(id));
  if (bot) return { ruleSet: "Microsoft_BotManagerRuleSet", group: bot[1] };
  return {
    problem: `\`edge.azure.excludedRules[${index}]\` is ${JSON.stringify(id)}, not a rule id of Front Door's Default Rule Set 2.1 or Bot Manager 1.1; give the rule's id as the WAF log's ruleName_s ends, e.g. "942110" (DRS, 6 digits from a CRS group 911-944 or 2000xx, or 8 digits 99001xxx/99005xxx/99030xxx/99031xxx) or "Bot100100" (bots); docs/azure.md, Edge, lists where to find them`,
  };
}

/** Letters and digits only: WAF policy and custom rule names accept nothing else. */
export function wafName(...parts: readonly string[]): string {
  return parts.join("-").replace(/[^A-Za-z0-9]/g, "");
}

/** Props of {@link FrontDoorWafPolicy}. */
interface FrontDoorWafPolicyProps {
  /** Policy name (letters and digits, starting with a letter). */
  readonly name: string;
  /** Resource group of the WAF policy (the platform's). */
  readonly resourceGroupName: string;
  /** The service's edge request (WAF mode, rate limit, CIDRs). */
  readonly request: EdgeRequest;
  /** Excluded rules, already checked: rule set → group → rule ids. */
  readonly excluded: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Tags on the WAF policy (the edge passes the platform's standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A Front Door Premium WAF policy: Prevention (or Detection, dev only, from
 * `waf.mode`); the allow list first (priority 10: an Allow custom rule stops
 * evaluation, managed rules included), then the block list (20), then the
 * rate limit (30: `rateLimitPer5Minutes` requests per socket IP per
 * 5-minute window, on every request: Host header longer than 0, as
 * Microsoft Learn's "What is rate limiting for Azure Front Door?" advises);
 * the managed rule sets with the excluded rules disabled (DRS 2.x overrides
 * take AnomalyScoring; a disabled rule's action is ignored).
 */
export class FrontDoorWafPolicy extends Construct {
  /** The Front Door Premium WAF policy (`azurerm_cdn_frontdoor_firewall_policy`), in Prevention mode (Detection when `waf.mode` is `detect`). */
  public readonly policy: CdnFrontdoorFirewallPolicy;

  constructor(scope: Construct, id: string, props: FrontDoorWafPolicyProps) {
    super(scope, id);
    const waf = props.request.waf;
    const customRule: CdnFrontdoorFirewallPolicyCustomRule[] = [];
    if (waf.allowCidrs.length > 0) {
      customRule.push({ name: "AllowListed", type: "MatchRule", priority: 10, action: "Allow", enabled: true, matchCondition: [{ matchVariable: "SocketAddr", operator: "IPMatch", matchValues: [...waf.allowCidrs] }] });
    }
    if (waf.blockCidrs.length > 0) {
      customRule.push({ name: "BlockListed", type: "MatchRule", priority: 20, action: "Block", enabled: true, matchCondition: [{ matchVariable: "SocketAddr", operator: "IPMatch", matchValues: [...waf.blockCidrs] }] });
    }
    customRule.push({
      name: "RateLimitPerClientIp",
      type: "RateLimitRule",
      priority: 30,
      action: "Block",
      enabled: true,
      rateLimitDurationInMinutes: 5,
      rateLimitThreshold: waf.rateLimitPer5Minutes,
      matchCondition: [{ matchVariable: "RequestHeader", selector: "Host", operator: "GreaterThan", matchValues: ["0"] }],
    });
    const managedRule: CdnFrontdoorFirewallPolicyManagedRule[] = FRONT_DOOR_MANAGED_RULE_SETS.map(({ type, version }) => {
      const groups = props.excluded.get(type) ?? new Map<string, readonly string[]>();
      const drs = type === "Microsoft_DefaultRuleSet";
      return {
        type,
        version,
        action: "Block",
        override: [...groups].map(([ruleGroupName, ids]) => ({
          ruleGroupName,
          rule: ids.map((ruleId) => ({ ruleId, enabled: false, action: drs ? "AnomalyScoring" : "Log" })),
        })),
      };
    });
    this.policy = new CdnFrontdoorFirewallPolicy(this, "policy", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      skuName: "Premium_AzureFrontDoor",
      enabled: true,
      mode: waf.mode === "block" ? "Prevention" : "Detection",
      requestBodyCheckEnabled: true,
      customBlockResponseStatusCode: 403,
      customRule,
      managedRule,
      tags: { ...props.tags },
    });
  }
}
