// The public edge on GCP (issue 17): a GKE Gateway (global external Application Load Balancer) with a
// Certificate Manager certificate, an SSL policy and a Cloud Armor policy; its request logs in the
// platform's log bucket and archive; its alerts, panels and entry point; bad GCP-only input.
import { manifestOf } from "../../lib/core/manifest";
import type { ServiceEdgeProps } from "../../lib";
import { GcpPlatformProps } from "../../lib/gcp";
import { cloudArmorRules, excludedSignatures } from "../../lib/gcp/cloud-armor";
import { gcpEdgeAlertBindings } from "../../lib/gcp/edge-alerts";
import { chartManifests, onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { gcpComponents, promqlSelectors } from "./support";
import { ResourceBody, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";


const EDGE: ServiceEdgeProps = {
  hostname: "checkout.example.com",
  alternativeNames: ["www.checkout.example.com"],
  backend: { service: "checkout-api", port: 8080 },
  paths: ["/api", "/healthz"],
  waf: { allowCidrs: ["203.0.113.0/24"], blockCidrs: ["198.51.100.0/24"], rateLimitPer5Minutes: 1500 },
  gcp: { excludedRules: ["owasp-crs-v030301-id942110-sqli", "owasp-crs-v030301-id941100-xss"] },
};

function build(env: EnvironmentTier, edge: ServiceEdgeProps = EDGE, overrides: Partial<GcpPlatformProps> = { edge: { dnsZone: "example-com" } }) {
  const { endpoint: _endpoint, ...rest } = gcpComponents;
  return targetStack("gcp", { environment: env, platform: overrides, service: { ...rest, edge } });
}

const prod = build("prod");
const synth: SynthesizedStack = synthStack(prod.stack);
const objects = (kind: string) => chartManifests(prod.inClusterStack!).filter((m) => m.kind === kind) as ResourceBody[];
const policy = (s: SynthesizedStack, id: string): ResourceBody | undefined => resourceBodies(s, "google_monitoring_alert_policy").find((p) => p.user_labels.component === "gke-gateway-edge" && p.user_labels.alert_id === id);

test("prod synthesizes without a validation message", () => {
  expect(validationMessages(prod.stack)).toEqual([]);
  expect(validationMessages(prod.inClusterStack!)).toEqual([]);
});

describe("the entry point", () => {
  test("the cluster runs the Gateway API (standard channel)", () => {
    expect(onlyResource(synth, "google_container_cluster").gateway_api_config).toEqual({ channel: "CHANNEL_STANDARD" });
  });

  test("a global external Gateway on the reserved address, its certificates from the Certificate Manager map, HTTP only redirecting to HTTPS", () => {
    const [gateway] = objects("Gateway");
    expect(resourceBodies(synth, "google_compute_global_address").find((a) => a.name === "checkout-prod-edge")).toMatchObject({ address_type: "EXTERNAL", ip_version: "IPV4" });
    expect(gateway.metadata).toMatchObject({ name: "checkout-prod-edge", namespace: "checkout", annotations: { "networking.gke.io/certmap": "checkout-prod-edge" } });
    expect(gateway.spec.gatewayClassName).toBe("gke-l7-global-external-managed");
    expect(gateway.spec.addresses).toEqual([{ type: "NamedAddress", value: "checkout-prod-edge" }]);
    expect(gateway.spec.listeners.map((l: ResourceBody) => `${l.name} ${l.protocol} ${l.port}`)).toEqual(["https HTTPS 443", "http HTTP 80"]);
    // The certmap annotation and tls.certificateRefs exclude each other (GKE, "Secure a Gateway").
    expect(gateway.spec.listeners.every((l: ResourceBody) => l.tls === undefined)).toBe(true);
    const routes = objects("HTTPRoute");
    const redirect = routes.find((r) => r.spec.parentRefs[0].sectionName === "http")!;
    expect(redirect.spec.rules).toEqual([{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }]);
    const route = routes.find((r) => r.spec.parentRefs[0].sectionName === "https")!;
    expect(route.spec.hostnames).toEqual(["checkout.example.com", "www.checkout.example.com"]);
    expect(route.spec.rules[0].matches.map((m: ResourceBody) => m.path.value)).toEqual(["/api", "/healthz"]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: "checkout-api", port: 8080 }]);
  });

  test("the objects name Google Cloud resources by plain name, not by another stack's Terraform reference", () => {
    const text = JSON.stringify(chartManifests(prod.inClusterStack!).filter((m) => /Gateway|Policy|HTTPRoute/.test(String(m.kind))));
    expect(text).not.toMatch(/TfToken|\$\{/);
  });

  test("a Google-managed certificate for every name, each proved by a DNS authorization whose CNAME goes in the zone, and an A record per name", () => {
    const cert = onlyResource(synth, "google_certificate_manager_certificate");
    expect(cert.managed.domains).toEqual(["checkout.example.com", "www.checkout.example.com"]);
    expect(cert.managed.dns_authorizations).toHaveLength(2);
    expect(resourceBodies(synth, "google_certificate_manager_dns_authorization").map((a) => a.domain)).toEqual(["checkout.example.com", "www.checkout.example.com"]);
    expect(resourceBodies(synth, "google_certificate_manager_certificate_map_entry").map((e) => e.hostname)).toEqual(["checkout.example.com", "www.checkout.example.com"]);
    const records = resourceBodies(synth, "google_dns_record_set");
    expect(records.every((r) => r.managed_zone === "example-com")).toBe(true);
    expect(records.filter((r) => r.type === "A").map((r) => r.name)).toEqual(["checkout.example.com.", "www.checkout.example.com."]);
    expect(records.filter((r) => r.type !== "A").map((r) => r.name)).toEqual([0, 1].map((i) => expect.stringMatching(new RegExp(`dns-authorization-${i}_.*\\.dns_resource_record\\[0\\]\\.name`))));
  });

  test("without a zone no record is written; an output lists them", () => {
    const s = synthStack(build("staging", EDGE, {}).stack);
    expect(resourceBodies(s, "google_dns_record_set")).toEqual([]);
    expect(JSON.stringify(s.output)).toMatch(/dns-records|dns_records/);
  });

  test("TLS 1.2 or later, RESTRICTED profile, attached to the Gateway", () => {
    expect(onlyResource(synth, "google_compute_ssl_policy")).toMatchObject({ name: "checkout-prod-edge", min_tls_version: "TLS_1_2", profile: "RESTRICTED" });
    expect(objects("GCPGatewayPolicy")[0].spec).toEqual({ targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: "checkout-prod-edge" }, default: { sslPolicy: "checkout-prod-edge" } });
  });

  test("the backend Service gets the Cloud Armor policy, every request logged, and a health check on the health path", () => {
    const [backend] = objects("GCPBackendPolicy");
    expect(backend.metadata.namespace).toBe("checkout");
    expect(backend.spec).toEqual({ targetRef: { group: "", kind: "Service", name: "checkout-api" }, default: { securityPolicy: "checkout-prod-edge", logging: { enabled: true, sampleRate: 1000000 } } });
    expect(objects("HealthCheckPolicy")[0].spec.default.config).toEqual({ type: "HTTP", httpHealthCheck: { requestPath: "/healthz" } });
  });
});

describe("the WAF", () => {
  const armor = onlyResource(synth, "google_compute_security_policy");
  const rules = armor.rule as ResourceBody[];

  test("Adaptive Protection is on", () => {
    expect(armor.adaptive_protection_config).toEqual({ layer_7_ddos_defense_config: { enable: true } });
    expect(armor.type).toBe("CLOUD_ARMOR");
  });

  test("the OWASP CRS 3.3 rule sets block at sensitivity 1, the excluded signatures opted out of their own set only", () => {
    const waf = rules.filter((r) => r.match.expr);
    expect(waf.map((r) => /'([a-z]+-v33-stable)'/.exec(r.match.expr.expression)![1]).sort()).toEqual(
      ["sqli", "xss", "lfi", "rfi", "rce", "scannerdetection", "protocolattack", "sessionfixation"].map((r) => `${r}-v33-stable`).sort(),
    );
    expect(waf.every((r) => r.action === "deny(403)" && r.preview === false)).toBe(true);
    expect(waf.find((r) => /sqli/.test(r.match.expr.expression))!.match.expr.expression).toBe("evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1, 'opt_out_rule_ids': ['owasp-crs-v030301-id942110-sqli']})");
    expect(waf.find((r) => /lfi/.test(r.match.expr.expression))!.match.expr.expression).toBe("evaluatePreconfiguredWaf('lfi-v33-stable', {'sensitivity': 1})");
  });

  test("allow list first, block list next, then WAF, the per-IP throttle from rateLimitPer5Minutes, the default last", () => {
    const sorted = [...rules].sort((a, b) => a.priority - b.priority);
    expect(sorted[0]).toMatchObject({ action: "allow", match: { config: { src_ip_ranges: ["203.0.113.0/24"] } } });
    expect(sorted[1]).toMatchObject({ action: "deny(403)", match: { config: { src_ip_ranges: ["198.51.100.0/24"] } } });
    const rate = rules.find((r) => r.action === "throttle")!;
    expect(rate.rate_limit_options).toEqual({ conform_action: "allow", exceed_action: "deny(429)", enforce_on_key: "IP", rate_limit_threshold: { count: 1500, interval_sec: 300 } });
    expect(sorted.at(-1)).toMatchObject({ action: "allow", priority: 2147483647 });
    expect(Math.max(...rules.filter((r) => r.match.expr).map((r) => r.priority))).toBeLessThan(rate.priority);
  });

  test("more than 10 ranges split over rules (Cloud Armor's limit per basic rule)", () => {
    const allow = Array.from({ length: 12 }, (_, i) => `10.0.${i}.0/24`);
    const built = cloudArmorRules({ mode: "block", rateLimitPer5Minutes: 2000, allowCidrs: allow, blockCidrs: [] }, {});
    expect(built.filter((r) => r.action === "allow" && r.priority < 1000).map((r) => (r.match as ResourceBody).config.srcIpRanges.length)).toEqual([10, 2]);
  });

  test("detect (dev): the WAF and rate rules only preview; the entry point says so", () => {
    const dev = build("dev", { ...EDGE, waf: { mode: "detect" } });
    const s = synthStack(dev.stack);
    const r = onlyResource(s, "google_compute_security_policy").rule as ResourceBody[];
    expect(r.filter((x) => x.match.expr || x.action === "throttle").every((x) => x.preview === true)).toBe(true);
    expect(manifestOf(s)!.entryPoints![0].waf.mode).toBe("detect");
  });
});

describe("access logs", () => {
  test("the load balancer's request logs go with the workloads' to the bucket, out of _Default, and to the locked archive", () => {
    const sinks = resourceBodies(synth, "google_logging_project_sink").filter((s) => /workloads/.test(s.name));
    expect(sinks.map((s) => s.name).sort()).toEqual(["checkout-prod-workloads", "checkout-prod-workloads-archive"]);
    for (const s of sinks) expect(s.filter).toMatch(/\) OR resource\.type=\("http_load_balancer"\)$/);
    expect(resourceBodies(synth, "google_logging_project_exclusion")[0].filter).toMatch(/http_load_balancer/);
  });

  test("without an edge the filter is the cluster's alone", () => {
    const s = synthStack(targetStack("gcp", { service: true }).stack);
    expect(resourceBodies(s, "google_logging_project_sink").find((x) => x.name === "checkout-prod-workloads")!.filter).not.toMatch(/http_load_balancer/);
  });

  test("the entry point record: TLS 1.2, blocking WAF with the managed rules, logs a year in the locked archive", () => {
    const [entry] = manifestOf(synth)!.entryPoints!;
    expect(entry).toMatchObject({ service: "checkout", target: "gcp", hostname: "checkout.example.com", tlsMinimumVersion: "1.2", waf: { mode: "block", rateLimitPer5Minutes: 1500 } });
    expect(entry.waf.managedRules).toContain("sqli-v33-stable");
    expect(entry.accessLogs!.retention).toMatchObject({ totalDays: 365, immutable: true, searchableDays: 90 });
    expect(entry.accessLogs!.store).toMatch(/checkout-prod-workloads/);
  });
});

describe("alerts and dashboards", () => {
  test("errors-high and latency-high are PromQL on the Gateway's load balancer, catalogued metrics only", () => {
    const errors = policy(synth, "errors-high")!.conditions[0].condition_prometheus_query_language.query;
    expect(errors).toMatch(/^\(100 \* sum\(rate\(loadbalancing_googleapis_com:https_request_count\{.*response_code_class="500".*\) > 5$/);
    expect(errors).toContain('url_map_name=~"gkegw1-[a-z0-9]+-checkout-checkout-prod-edge-[a-z0-9]+"');
    const latency = policy(synth, "latency-high")!.conditions[0].condition_prometheus_query_language.query;
    expect(latency).toMatch(/histogram_quantile\(0\.99, .*_bucket.*\) \/ 1000\) > 1$/);
    for (const q of [errors, latency]) expect(promqlSelectors(q).every((s) => s.resource === "https_lb_rule")).toBe(true);
  });

  test("waf-blocked-high counts Cloud Armor's blocked requests per second; certificate-expiring reads the host's uptime checks in days", () => {
    const waf = policy(synth, "waf-blocked-high")!.conditions[0].condition_threshold;
    expect(waf.filter).toBe('resource.type = "network_security_policy" AND metric.type = "networksecurity.googleapis.com/https/request_count" AND resource.labels.policy_name = "checkout-prod-edge" AND metric.labels.blocked = "true"');
    expect(waf).toMatchObject({ threshold_value: 5, comparison: "COMPARISON_GT", aggregations: [{ per_series_aligner: "ALIGN_RATE", alignment_period: "300s", cross_series_reducer: "REDUCE_SUM" }] });
    const cert = policy(synth, "certificate-expiring")!.conditions[0].condition_threshold;
    expect(cert.filter).toContain('resource.labels.host = "checkout.example.com"');
    expect(cert).toMatchObject({ threshold_value: 21, comparison: "COMPARISON_LT" });
  });

  test("ddos-detected is declared unavailable with its reason", () => {
    const bindings = gcpEdgeAlertBindings({ namespace: "n", gateway: "g", policyName: "p", hostname: "h.example.com" }, "https://r");
    expect(bindings.canonical["ddos-detected"]).toEqual({ unavailable: expect.stringContaining("Adaptive Protection") });
    expect(policy(synth, "ddos-detected")).toBeUndefined();
  });

  test("the service is probed through the edge, and its dashboard has the edge's panels", () => {
    expect(resourceBodies(synth, "google_monitoring_uptime_check_config")[0].monitored_resource.labels.host).toBe("checkout.example.com");
    const dashboards = resourceBodies(synth, "google_monitoring_dashboard").map((d) => JSON.parse(d.dashboard_json));
    const service = dashboards.find((d) => /checkout/.test(d.displayName) && JSON.stringify(d).includes("Edge latency (p99)") && JSON.stringify(d).includes("Log lines"));
    expect(service).toBeDefined();
    expect(dashboards.some((d) => d.displayName === "checkout-prod-edge gke-gateway-edge")).toBe(true);
  });
});

describe("bad GCP-only input", () => {
  test("excluded rule ids must be CRS 3.3 signature ids of a rule set the edge evaluates", () => {
    const { problems } = excludedSignatures(["942110", "owasp-crs-v030301-id933100-php", "owasp-crs-v030301-id942110-sqli", "owasp-crs-v030301-id942110-sqli"]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/`edge\.gcp\.excludedRules\[0\]` is "942110".*owasp-crs-v030301-id942110-sqli/);
    expect(problems[1]).toMatch(/excludedRules\[1\]/);
    expect(problems[2]).toMatch(/listed twice/);
  });

  test("a bad rule id or DNS zone is one message at the service's edge, naming value and fix", () => {
    const bad = build("prod", { ...EDGE, gcp: { excludedRules: ["SizeRestrictions_BODY"] } }, { edge: { dnsZone: "example.com" } });
    const messages = validationMessages(bad.stack);
    expect(messages).toEqual([
      expect.stringMatching(/checkout\/edge.*`edge\.dnsZone` is "example\.com".*"example-com"/),
      expect.stringMatching(/checkout\/edge.*`edge\.gcp\.excludedRules\[0\]` is "SizeRestrictions_BODY"/),
    ]);
  });

  test("without an in-cluster stack the edge is a synth error naming the fix", () => {
    const none = build("prod", EDGE, { inCluster: undefined });
    expect(validationMessages(none.stack).filter((m) => /GKE Gateway/.test(m))).toEqual([expect.stringMatching(/inCluster: \{ stack \}/)]);
  });
});
