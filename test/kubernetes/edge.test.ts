import { checkStackWithPromtool, chartManifests, synthStack, validationMessages } from "../../lib/testing";
import { MonitoredServiceProps } from "../../lib";
import { KubernetesPlatformProps } from "../../lib/kubernetes";
import { CORAZA_WASM_IMAGE } from "../../lib/kubernetes/versions";
import { messageAt, MessageMatcher, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

type M = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const EDGE: MonitoredServiceProps["edge"] = {
  hostname: "checkout.example.com",
  alternativeNames: ["www.checkout.example.com"],
  backend: { service: "checkout-api", port: 8080 },
  paths: ["/api", "/healthz"],
  waf: { rateLimitPer5Minutes: 1000, allowCidrs: ["203.0.113.0/24"], blockCidrs: ["198.51.100.0/24"] },
  kubernetes: { excludedRules: ["942110", "920350"] },
};

function build(edge = EDGE, platform: Partial<KubernetesPlatformProps> = {}, environment: EnvironmentTier = "prod") {
  const built = targetStack("kubernetes", { environment, platform: { ...(environment === "prod" ? {} : { logs: {} }), ...platform }, service: { edge } });
  const manifests = chartManifests(built.stack) as M[];
  const one = (kind: string, name = "checkout-edge") => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
  return { ...built, manifests, one };
}

describe("the in-cluster edge (Envoy Gateway)", () => {
  const { stack, manifests, one } = build();

  test("synthesizes without a validation message", () => {
    expect(validationMessages(stack)).toEqual([]);
  });

  test("the GatewayClass is Envoy Gateway's, its EnvoyProxy logs JSON to stdout, keeps client addresses and tags the WAF counter", () => {
    const cls = manifests.find((m) => m.kind === "GatewayClass")!;
    expect(cls).toMatchObject({ apiVersion: "gateway.networking.k8s.io/v1", metadata: { name: "vigil-shop" } });
    expect(cls.spec).toEqual({ controllerName: "gateway.envoyproxy.io/gatewayclass-controller", parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "vigil-edge", namespace: "vigil-system" } });
    const proxy = one("EnvoyProxy", "vigil-edge");
    expect(proxy.apiVersion).toBe("gateway.envoyproxy.io/v1alpha1");
    // ProxyAccessLogFormat type enum Text|JSON|Mix; sink type enum ALS|File|OpenTelemetry.
    const setting = proxy.spec.telemetry.accessLog.settings[0];
    expect(setting.format.type).toBe("JSON");
    expect(setting.format.json).toMatchObject({ client_ip: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", response_code: "%RESPONSE_CODE%", duration_ms: "%DURATION%" });
    expect(setting.sinks).toEqual([{ type: "File", file: { path: "/dev/stdout" } }]);
    expect(proxy.spec.provider).toEqual({ type: "Kubernetes", kubernetes: { envoyService: { externalTrafficPolicy: "Local" } } });
    // BootstrapType enum Merge|Replace|JSONPatch; coraza-proxy-wasm's example tags.
    expect(proxy.spec.bootstrap.type).toBe("Merge");
    expect(proxy.spec.bootstrap.value).toContain('regex: "(_ruleid=([0-9]+))"');
    expect(proxy.spec.bootstrap.value).toContain("tag_name: rule_id");
  });

  test("the Gateway has a redirecting HTTP listener and an HTTPS one with the certificate's Secret", () => {
    const gw = one("Gateway");
    expect(gw.metadata.namespace).toBe("checkout");
    expect(gw.spec).toEqual({
      gatewayClassName: "vigil-shop",
      listeners: [
        { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
        { name: "https", protocol: "HTTPS", port: 443, tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "checkout-edge-tls" }] }, allowedRoutes: { namespaces: { from: "Same" } } },
      ],
    });
    expect(one("HTTPRoute", "checkout-edge-redirect").spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "checkout-edge", sectionName: "http" }],
      hostnames: ["checkout.example.com", "www.checkout.example.com"],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    });
  });

  test("the HTTPRoute sends the paths to the backend Service", () => {
    expect(one("HTTPRoute").spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "checkout-edge", sectionName: "https" }],
      hostnames: ["checkout.example.com", "www.checkout.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/api" } }, { path: { type: "PathPrefix", value: "/healthz" } }],
          backendRefs: [{ group: "", kind: "Service", name: "checkout-api", port: 8080 }],
        },
      ],
    });
  });

  test("the certificate names every host, from Let's Encrypt production by HTTP-01 through the edge's HTTP listener", () => {
    expect(one("Certificate").spec).toEqual({ secretName: "checkout-edge-tls", dnsNames: ["checkout.example.com", "www.checkout.example.com"], issuerRef: { group: "cert-manager.io", kind: "Issuer", name: "checkout-edge-acme" } });
    expect(one("Issuer", "checkout-edge-acme").spec.acme).toEqual({
      server: "https://acme-v02.api.letsencrypt.org/directory",
      privateKeySecretRef: { name: "checkout-edge-acme-account" },
      solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "checkout-edge", namespace: "checkout", sectionName: "http" }] } } }],
    });
  });

  test("TLS 1.2 at least (TLSVersion enum Auto|1.0|1.1|1.2|1.3)", () => {
    expect(one("ClientTrafficPolicy").spec).toEqual({ targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "checkout-edge" }], tls: { minVersion: "1.2" } });
  });

  test("the rate limit is a local bucket per client IP: 1000 per 5 minutes is 200 per minute", () => {
    expect(one("BackendTrafficPolicy").spec).toEqual({
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "checkout-edge" }],
      rateLimit: { type: "Local", local: { rules: [{ clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "0.0.0.0/0" } }], limit: { requests: 200, unit: "Minute" } }] } },
    });
  });

  test("the block list is denied, the allow list first (first matching rule wins)", () => {
    expect(one("SecurityPolicy").spec.authorization).toEqual({
      defaultAction: "Allow",
      rules: [
        { action: "Allow", principal: { clientCIDRs: ["203.0.113.0/24"] } },
        { action: "Deny", principal: { clientCIDRs: ["198.51.100.0/24"] } },
      ],
    });
  });

  test("the WAF is the OWASP CRS in coraza-proxy-wasm, blocking, the allow list bypassing it, the excluded rules removed", () => {
    const wasm = one("EnvoyExtensionPolicy").spec.wasm[0];
    expect(wasm.code).toEqual({ type: "Image", image: { url: CORAZA_WASM_IMAGE } });
    expect(wasm.failOpen).toBe(false);
    expect(wasm.config.default_directives).toBe("default");
    expect(wasm.config.directives_map.default).toEqual([
      "Include @recommended-conf",
      "SecRuleEngine On",
      "Include @crs-setup-conf",
      'SecRule REMOTE_ADDR "@ipMatch 203.0.113.0/24" "id:1000,phase:1,pass,nolog,ctl:ruleEngine=Off"',
      "Include @owasp_crs/*.conf",
      "SecRuleRemoveById 942110 920350",
    ]);
  });

  test("Prometheus scrapes the Gateway's Envoys, labelled with their Gateway; the Envoys reach the backend's namespace", () => {
    const pm = manifests.find((m) => m.kind === "PodMonitor" && m.metadata.name === "checkout-checkout-edge")!;
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ["envoy-gateway-system"] });
    expect(pm.spec.selector.matchLabels).toMatchObject({ "gateway.envoyproxy.io/owning-gateway-name": "checkout-edge", "gateway.envoyproxy.io/owning-gateway-namespace": "checkout" });
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: "metrics", path: "/stats/prometheus" });
    expect(pm.spec.podMetricsEndpoints[0].relabelings.map((r: { targetLabel: string }) => r.targetLabel)).toEqual(["gateway", "gateway_namespace"]);
    expect(one("NetworkPolicy", "checkout-edge-ingress").spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } } }] }]);
  });

  test("the alerts are PromQL promtool accepts, on Envoy, Coraza and cert-manager series; DDoS unavailable with its reason", () => {
    // Throws with promtool's output on an invalid rule file (skipped only where promtool is missing outside CI).
    expect(checkStackWithPromtool(stack).length).toBeGreaterThan(0);
    const rules = one("PrometheusRule", "checkout-edge-alerts").spec.groups.flatMap((g: { rules: { alert?: string; expr: string }[] }) => g.rules);
    const pascal = (id: string) => `EdgeEnvoyGateway${id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
    const expr = (id: string) => rules.find((r: { alert?: string; expr: string }) => r.alert === pascal(id))?.expr;
    expect(expr("errors-high")).toMatch(/envoy_http_downstream_rq_xx\{.*envoy_response_code_class="5".*\) > 5$/);
    expect(expr("latency-high")).toMatch(/histogram_quantile\(0\.99, .*envoy_http_downstream_rq_time_bucket.*\/ 1000\) > 1$/);
    expect(expr("waf-blocked-high")).toMatch(/waf_filter_tx_interruptions\{gateway="checkout-edge",gateway_namespace="checkout"\}.*> 5$/);
    expect(expr("certificate-expiring")).toMatch(/certmanager_certificate_expiration_timestamp_seconds\{name="checkout-edge",namespace="checkout"\}.* - time\(\)\) < 1814400$/);
  });

  test("the entry point: TLS 1.2, blocking CRS, access logs in the platform's log store with its retention", () => {
    const synth = synthStack(stack);
    const vigil = (synth["//"] as { vigil: { entryPoints: Record<string, unknown>[]; components: { kind: string; unavailableAlerts?: { id: string; reason: string }[] }[] } }).vigil;
    expect(vigil.entryPoints).toEqual([
      expect.objectContaining({
        service: "checkout",
        target: "kubernetes",
        hostname: "checkout.example.com",
        tlsMinimumVersion: "1.2",
        waf: { mode: "block", managedRules: ["OWASP CRS (coraza-proxy-wasm)"], rateLimitPer5Minutes: 1000 },
        accessLogs: { store: expect.stringContaining("envoy-gateway-system"), retention: expect.objectContaining({ immutable: true }) },
      }),
    ]);
    const edge = vigil.components.find((c) => c.kind === "edge")!;
    expect(edge.unavailableAlerts?.map((u) => u.id)).toEqual(["ddos-detected"]);
  });

  test("the service dashboard shows the edge's panels", () => {
    const cm = manifests.find((m) => m.kind === "ConfigMap" && m.metadata.name === "checkout-service-dashboard") as unknown as { data: Record<string, string> };
    expect(Object.values(cm.data).join()).toContain("envoy_http_downstream_rq_time_bucket");
    expect(Object.values(cm.data).join()).toContain("waf_filter_tx_interruptions");
  });
});

describe("edge options and bad input", () => {
  test("detect mode in dev runs the CRS in DetectionOnly", () => {
    const { one, stack } = build({ ...EDGE, waf: { mode: "detect" } }, {}, "dev");
    expect(validationMessages(stack)).toEqual([]);
    expect(one("EnvoyExtensionPolicy").spec.wasm[0].config.directives_map.default).toContain("SecRuleEngine DetectionOnly");
    expect(one("SecurityPolicy")).toBeUndefined();
  });

  test("a self-signed CA in dev: a self-signed root issues the CA the certificate comes from", () => {
    const { one, stack } = build(EDGE, { edge: { issuer: { kind: "selfSigned" } } }, "dev");
    expect(validationMessages(stack)).toEqual([]);
    expect(one("Issuer", "checkout-edge-selfsigned").spec).toEqual({ selfSigned: {} });
    expect(one("Certificate", "checkout-edge-ca").spec).toMatchObject({ isCA: true, secretName: "checkout-edge-ca" });
    expect(one("Issuer", "checkout-edge-ca").spec).toEqual({ ca: { secretName: "checkout-edge-ca" } });
    expect(one("Certificate").spec.issuerRef).toEqual({ group: "cert-manager.io", kind: "Issuer", name: "checkout-edge-ca" });
  });

  test("an existing ClusterIssuer is referenced, nothing made", () => {
    const { one, manifests } = build(EDGE, { edge: { issuer: { kind: "existing", name: "corp-ca", clusterIssuer: true } } });
    expect(one("Certificate").spec.issuerRef).toEqual({ group: "cert-manager.io", kind: "ClusterIssuer", name: "corp-ca" });
    expect(manifests.filter((m) => m.kind === "Issuer")).toEqual([]);
  });

  test.each([
    [{ edge: { issuer: { kind: "selfSigned" } } }, messageAt("platform/platform", "`edge.issuer`", '{ kind: "selfSigned" }', "prod-tier", '{ kind: "acme" }')],
    [{ edge: { issuer: { kind: "acme", email: "not-an-address" } } }, messageAt("platform/platform", "`edge.issuer.email`", '"not-an-address"', "not an e-mail address")],
    [{ edge: { issuer: { kind: "acme", server: "http://acme.example.com/dir" } } }, messageAt("platform/platform", "`edge.issuer.server`", '"http://acme.example.com/dir"', "not an https URL of an ACME directory")],
    [{ edge: { issuer: { kind: "existing", name: "Corp_CA" } } }, messageAt("platform/platform", "`edge.issuer.name`", '"Corp_CA"')],
  ] as [Partial<KubernetesPlatformProps>, MessageMatcher][])("bad issuer %j: one message naming the path, the value and the fix", (props, message) => {
    const msgs = validationMessages(build(EDGE, props).stack);
    expect(msgs.filter((m) => message.test(m))).toHaveLength(1);
  });

  test("an excluded rule that is no CRS id: one message at the service's edge", () => {
    const msgs = validationMessages(build({ ...EDGE, kubernetes: { excludedRules: ["942110", "SizeRestrictions_BODY"] } }).stack);
    expect(msgs).toEqual([
      expect.stringMatching(/^\[platform\/checkout\/edge\] `edge\.kubernetes\.excludedRules\[1\]` is "SizeRestrictions_BODY", not an OWASP CRS rule id; give the six-digit id/),
    ]);
  });
});
