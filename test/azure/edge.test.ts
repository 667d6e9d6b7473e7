import { ServiceEdgeProps } from "../../lib";
import { frontDoorPatterns } from "../../lib/azure/front-door";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { TEST_SUBSCRIPTION } from "./support";
import { ResourceBody, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

const ZONE = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com`;
const EDGE: ServiceEdgeProps = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } };

function build(edge: Partial<ServiceEdgeProps> = {}, environment: EnvironmentTier = "prod", dnsZoneId: string | null = ZONE) {
  return targetStack("azure", { environment, platform: dnsZoneId === null ? {} : { edge: { dnsZoneId } }, service: { edge: { ...EDGE, ...edge } } }).stack;
}

const prod = synthStack(build({ alternativeNames: ["www.example.com"], paths: ["/", "/api"], waf: { allowCidrs: ["203.0.113.0/24"], blockCidrs: ["198.51.100.0/24"], rateLimitPer5Minutes: 500 }, azure: { excludedRules: ["942110", "Bot100200"] } }));
const one = (type: string): ResourceBody => onlyResource(prod, type);

describe("Azure edge: Front Door Premium in front of the AKS Service", () => {
  test("a Premium profile, one managed-certificate TLS 1.2 custom domain per name, validated and routed through the DNS zone", () => {
    expect(one("azurerm_cdn_frontdoor_profile").sku_name).toBe("Premium_AzureFrontDoor");
    const domains = resourceBodies(prod, "azurerm_cdn_frontdoor_custom_domain");
    expect(domains.map((d) => d.host_name).sort()).toEqual(["checkout.example.com", "www.example.com"]);
    for (const d of domains) expect(d.tls).toEqual({ certificate_type: "ManagedCertificate", minimum_tls_version: "TLS12" });
    const txt = resourceBodies(prod, "azurerm_dns_txt_record");
    expect(txt.map((t) => `${t.name} ${t.zone_name} ${t.resource_group_name}`).sort()).toEqual(["_dnsauth.checkout example.com rg-dns", "_dnsauth.www example.com rg-dns"]);
    expect(resourceBodies(prod, "azurerm_dns_cname_record").map((c) => c.name).sort()).toEqual(["checkout", "www"]);
  });

  test("the route serves the paths over HTTPS only, HTTP redirected, to the origin reached over Private Link", () => {
    const route = one("azurerm_cdn_frontdoor_route");
    expect(route.https_redirect_enabled).toBe(true);
    expect(route.patterns_to_match).toEqual(["/*", "/api", "/api/*"]);
    expect(route.link_to_default_domain).toBe(false);
    const origin = one("azurerm_cdn_frontdoor_origin");
    expect(origin.http_port).toBe(8080);
    expect(origin.private_link.private_link_target_id).toMatch(/\/providers\/Microsoft\.Network\/privateLinkServices\/pls-checkout-checkout-api$/);
    expect(one("azurerm_cdn_frontdoor_origin_group").health_probe.path).toBe("/healthz");
  });

  test("the WAF blocks with DRS 2.1 and Bot Manager 1.1, the allow and block lists, a 5-minute rate limit per client IP and the excluded rules off", () => {
    const waf = one("azurerm_cdn_frontdoor_firewall_policy");
    expect(waf.mode).toBe("Prevention");
    expect(waf.managed_rule.map((m: ResourceBody) => `${m.type} ${m.version} ${m.action}`)).toEqual(["Microsoft_DefaultRuleSet 2.1 Block", "Microsoft_BotManagerRuleSet 1.1 Block"]);
    expect(waf.managed_rule[0].override).toEqual([{ rule_group_name: "SQLI", rule: [{ rule_id: "942110", enabled: false, action: "AnomalyScoring" }] }]);
    expect(waf.managed_rule[1].override).toEqual([{ rule_group_name: "BadBots", rule: [{ rule_id: "Bot100200", enabled: false, action: "Log" }] }]);
    const rules = Object.fromEntries(waf.custom_rule.map((r: ResourceBody) => [r.name, r]));
    expect(rules.AllowListed.action).toBe("Allow");
    expect(rules.BlockListed.match_condition[0].match_values).toEqual(["198.51.100.0/24"]);
    expect([rules.RateLimitPerClientIp.rate_limit_threshold, rules.RateLimitPerClientIp.rate_limit_duration_in_minutes]).toEqual([500, 5]);
    const binding = one("azurerm_cdn_frontdoor_security_policy");
    expect(binding.security_policies.firewall.association.domain).toHaveLength(2);
  });

  test("access, health probe and WAF logs go to the workspace, kept and exported to the locked archive", () => {
    const settings = resourceBodies(prod, "azurerm_monitor_diagnostic_setting");
    const fd = settings.find((s) => String(s.target_resource_id).includes("azurerm_cdn_frontdoor_profile"))!;
    expect(fd.enabled_log.map((l: ResourceBody) => l.category)).toEqual(["FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog"]);
    const table = resourceBodies(prod, "azurerm_log_analytics_workspace_table").find((t) => t.name === "AzureDiagnostics")!;
    expect(table.total_retention_in_days).toBeGreaterThanOrEqual(365);
    expect(one("azurerm_log_analytics_data_export_rule").table_names).toContain("AzureDiagnostics");
    const containers = resourceBodies(prod, "azurerm_storage_container");
    expect(containers.map((c) => c.name)).toContain("am-azurediagnostics");
    const entry = (prod["//"] as ResourceBody).vigil.entryPoints[0];
    expect(entry).toMatchObject({ kind: "Front Door Premium", tlsMinimumVersion: "1.2", waf: { mode: "block" }, accessLogs: { retention: { immutable: true } } });
  });

  test("alerts: 5xx percent, p99 from the access log, WAF blocks per 5 minutes, the certificate web test; DDoS declared", () => {
    const alerts = resourceBodies(prod, "azurerm_monitor_metric_alert");
    const blocked = alerts.find((a) => a.name.endsWith("front-door-waf-blocked-high"))!;
    expect(blocked.criteria[0]).toMatchObject({ metric_name: "WebApplicationFirewallRequestCount", aggregation: "Total", threshold: 1500, dimension: [{ name: "Action", values: ["Block"] }] });
    expect(alerts.find((a) => a.name.endsWith("front-door-errors-high"))!.criteria[0]).toMatchObject({ metric_name: "Percentage5XX", threshold: 5 });
    const p99 = resourceBodies(prod, "azurerm_monitor_scheduled_query_rules_alert_v2").find((r) => r.name.endsWith("front-door-latency-high"))!;
    expect(p99.criteria[0].query).toContain("percentile(todouble(timeTaken_s), 99)");
    const tests = resourceBodies(prod, "azurerm_application_insights_standard_web_test");
    expect(tests.find((t) => t.name.endsWith("-certificate"))!.validation_rules.ssl_cert_remaining_lifetime).toBe(21);
  });

  test("detection mode in dev", () => {
    const dev = synthStack(build({ waf: { mode: "detect" } }, "dev"));
    expect(onlyResource(dev, "azurerm_cdn_frontdoor_firewall_policy").mode).toBe("Detection");
  });
});

describe("Azure edge: bad input, one message each", () => {
  test("no DNS zone on the platform", () => {
    expect(validationMessages(build({}, "prod", null)).join("\n")).toMatch(/no `edge.dnsZoneId`/);
  });
  test("a DNS zone id that is not one", () => {
    const messages = validationMessages(build({}, "prod", "example.com"));
    expect(messages.filter((m) => m.includes("not an Azure DNS zone id"))).toHaveLength(1);
  });
  test("a host name outside the zone", () => {
    expect(validationMessages(build({ hostname: "checkout.example.org" })).join("\n")).toMatch(/`edge.hostname` is "checkout.example.org", not a name under the DNS zone "example.com"/);
  });
  test("an excluded rule id of no rule set", () => {
    const messages = validationMessages(build({ azure: { excludedRules: ["942110", "SQLI-942110"] } }));
    expect(messages.filter((m) => m.includes("excludedRules[1]"))).toHaveLength(1);
    expect(messages.join("\n")).not.toMatch(/excludedRules\[0\]/);
  });
});

test("route patterns of path prefixes", () => {
  expect(frontDoorPatterns(["/", "/api", "/static/"])).toEqual(["/*", "/api", "/api/*", "/static/*"]);
});
