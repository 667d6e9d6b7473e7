import type { EdgeRequest } from "../core/components/edge";
import type { EnvironmentTier } from "../core/environment";
import { checkName, NAMING_RULES } from "../core/naming";
import type { KubernetesManifest } from "./chart";
import { namespacePeer } from "./namespace";
import { CORAZA_WASM_IMAGE, ENVOY_GATEWAY_API, ENVOY_GATEWAY_CONTROLLER, GATEWAY_API, OPERATOR_CHARTS } from "./versions";

/** Let's Encrypt's production ACME directory. */
const LETS_ENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";

/**
 * Where the edge's TLS certificates come from: a cert-manager issuer.
 * - `acme`: an ACME CA (Let's Encrypt production by default), each domain
 *   proved by HTTP-01 through the edge's own HTTP listener (cert-manager's
 *   Gateway API solver), so the host names must already resolve to the edge.
 * - `existing`: an Issuer (in the backend's namespace) or ClusterIssuer you
 *   run: your CA's Secret (`ca`), Vault, a DNS-01 ACME issuer.
 * - `selfSigned`: a CA made in the cluster, for a local cluster (dev tier
 *   only): browsers and probes do not trust it.
 */
export type KubernetesEdgeIssuer =
  | {
      readonly kind: "acme";
      /** Contact for the ACME account (expiry notices where the CA sends them). @default - none */
      readonly email?: string;
      /** ACME directory URL. @default - Let's Encrypt production (`https://acme-v02.api.letsencrypt.org/directory`) */
      readonly server?: string;
    }
  | {
      readonly kind: "existing";
      /** Name of the Issuer or ClusterIssuer. */
      readonly name: string;
      /** The issuer is a ClusterIssuer. @default false (an Issuer in the backend's namespace) */
      readonly clusterIssuer?: boolean;
    }
  | { readonly kind: "selfSigned" };

/** The in-cluster edges of a {@link KubernetesPlatform}. */
export interface KubernetesEdgeProps {
  /** Where the certificates come from. @default - `{ kind: "acme" }`: Let's Encrypt production, HTTP-01 through the edge */
  readonly issuer?: KubernetesEdgeIssuer;
}

/** Names of one service's edge objects. */
interface EdgeNames {
  /** Gateway, HTTPRoute, policies and Certificate: `<service>-edge`. */
  readonly name: string;
  /** Their namespace: the backend's. */
  readonly namespace: string;
  /** The certificate's Secret. */
  readonly secret: string;
}

/** The names of a service's edge objects. */
export function edgeNames(service: string, request: EdgeRequest): EdgeNames {
  const name = `${service}-edge`;
  return { name, namespace: request.backend.namespace, secret: `${name}-tls` };
}

/** What is wrong with the platform's edge props, each once at the property. */
export function edgePropsProblems(props: KubernetesEdgeProps | undefined, tier: EnvironmentTier): string[] {
  const issuer = props?.issuer;
  if (issuer === undefined) return [];
  const problems: string[] = [];
  switch (issuer.kind) {
    case "acme":
      if (issuer.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(issuer.email)) {
        problems.push(`\`edge.issuer.email\` is ${JSON.stringify(issuer.email)}, not an e-mail address; give the ACME account's contact, e.g. "platform@example.com", or leave it out`);
      }
      if (issuer.server !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuer.server)) {
        problems.push(`\`edge.issuer.server\` is ${JSON.stringify(issuer.server)}, not an https URL of an ACME directory; use e.g. "${LETS_ENCRYPT_PRODUCTION}", or leave it out for Let's Encrypt production`);
      }
      break;
    case "existing": {
      const p = checkName(String(issuer.name), NAMING_RULES.kubernetesDnsLabel, "edge.issuer.name");
      if (p) problems.push(p);
      break;
    }
    case "selfSigned":
      if (tier !== "dev") {
        problems.push(`\`edge.issuer\` is { kind: "selfSigned" } in a ${tier}-tier environment; browsers and monitors do not trust a CA made in the cluster, so use { kind: "acme" } (Let's Encrypt) or { kind: "existing", name: "<your issuer>" }`);
      }
      break;
    default:
      problems.push(`\`edge.issuer.kind\` is ${JSON.stringify((issuer as { kind: unknown }).kind)}; use "acme", "existing" or "selfSigned"`);
  }
  return problems;
}

/** OWASP CRS rule ids: six digits (CRS numbers its rules 900000–999999; rule files by their first three). */
const CRS_RULE_ID = /^9\d{5}$/;

/** What is wrong with the service's excluded rule ids. */
export function excludedRulesProblems(request: EdgeRequest): string[] {
  return (request.targets.kubernetes?.excludedRules ?? []).flatMap((id, i) =>
    CRS_RULE_ID.test(String(id))
      ? []
      : [
          `\`edge.kubernetes.excludedRules[${i}]\` is ${JSON.stringify(id)}, not an OWASP CRS rule id; give the six-digit id of the rule to switch off (900000–999999, e.g. "942110"), as the Envoy logs of the edge print it ([id "942110"]) and the waf-blocked panel labels it (rule_id)`,
        ],
  );
}

/** The Gateway API class and Envoy settings every edge of a platform shares. */
interface EdgeClassProps {
  /** GatewayClass name (cluster-scoped). */
  readonly className: string;
  /** Namespace of the EnvoyProxy. */
  readonly namespace: string;
  /** Kubernetes labels on the EnvoyProxy and the GatewayClass (the platform's `labels`). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Name of the EnvoyProxy every edge Gateway of a platform runs with. */
const EDGE_PROXY_CONFIG = "vigil-edge";

/**
 * Fields of an edge access log line (JSON on the Envoy's stdout, collected
 * by Fluent Bit into the log store): Envoy command operators.
 */
const EDGE_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  start_time: "%START_TIME%",
  client_ip: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%",
  x_forwarded_for: "%REQ(X-FORWARDED-FOR)%",
  authority: "%REQ(:AUTHORITY)%",
  method: "%REQ(:METHOD)%",
  path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
  protocol: "%PROTOCOL%",
  response_code: "%RESPONSE_CODE%",
  response_flags: "%RESPONSE_FLAGS%",
  response_code_details: "%RESPONSE_CODE_DETAILS%",
  bytes_received: "%BYTES_RECEIVED%",
  bytes_sent: "%BYTES_SENT%",
  duration_ms: "%DURATION%",
  upstream_host: "%UPSTREAM_HOST%",
  user_agent: "%REQ(USER-AGENT)%",
  request_id: "%REQ(X-REQUEST-ID)%",
  route_name: "%ROUTE_NAME%",
  tls_version: "%DOWNSTREAM_TLS_VERSION%",
};

/**
 * The GatewayClass of a platform's edges and its EnvoyProxy: JSON access
 * logs to stdout (every request, the WAF's 403s and the rate limit's 429s
 * included), the client's own address kept (`externalTrafficPolicy: Local`:
 * the rate limit and the CIDR rules see it), and the bootstrap's `stats_tags`
 * that turn coraza-proxy-wasm's `waf_filter.tx.interruptions_ruleid=..._phase=...`
 * into the counter `waf_filter_tx_interruptions{rule_id,phase}`.
 */
export function edgeClassManifests(p: EdgeClassProps): KubernetesManifest[] {
  return [
    {
      apiVersion: ENVOY_GATEWAY_API,
      kind: "EnvoyProxy",
      metadata: { name: EDGE_PROXY_CONFIG, namespace: p.namespace, labels: p.labels },
      spec: {
        provider: { type: "Kubernetes", kubernetes: { envoyService: { externalTrafficPolicy: "Local" } } },
        telemetry: {
          accessLog: { settings: [{ format: { type: "JSON", json: { ...EDGE_ACCESS_LOG_FIELDS } }, sinks: [{ type: "File", file: { path: "/dev/stdout" } }] }] },
        },
        bootstrap: {
          type: "Merge",
          value: [
            "stats_config:",
            "  stats_tags:",
            "  - tag_name: phase",
            '    regex: "(_phase=([a-z_]+))"',
            "  - tag_name: rule_id",
            '    regex: "(_ruleid=([0-9]+))"',
            "",
          ].join("\n"),
        },
      },
    },
    {
      apiVersion: GATEWAY_API,
      kind: "GatewayClass",
      metadata: { name: p.className, labels: p.labels },
      spec: { controllerName: ENVOY_GATEWAY_CONTROLLER, parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: EDGE_PROXY_CONFIG, namespace: p.namespace } },
    },
  ];
}

/** Props of {@link edgeManifests}. */
interface EdgeManifestProps {
  /** The checked request. */
  readonly request: EdgeRequest;
  /** Object names. */
  readonly names: EdgeNames;
  /** GatewayClass of the platform's edges. */
  readonly className: string;
  /** Namespace of the PodMonitor (the platform's system namespace). */
  readonly monitorNamespace: string;
  /** The platform's certificate issuer. */
  readonly issuer: KubernetesEdgeIssuer;
  /** Kubernetes labels on every object of the edge's manifests, from the Gateway to the PodMonitor (the platform's `labels`). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Requests per minute Envoy's token bucket grants one client for a limit per 5 minutes (never more than asked). */
function requestsPerMinute(per5Minutes: number): number {
  return Math.max(1, Math.floor(per5Minutes / 5));
}

/** The issuer reference of the edge's Certificate, and the issuer objects Vigil makes for it. */
function issuerObjects(p: EdgeManifestProps): { ref: Record<string, string>; objects: KubernetesManifest[] } {
  const { name, namespace } = p.names;
  const meta = (n: string) => ({ name: n, namespace, labels: p.labels });
  const issuer = p.issuer;
  switch (issuer.kind) {
    case "existing":
      return { ref: { group: "cert-manager.io", kind: issuer.clusterIssuer ? "ClusterIssuer" : "Issuer", name: issuer.name }, objects: [] };
    case "selfSigned": {
      // A self-signed root, then a CA issuer signing the edge's certificate with it (clients can trust the root alone).
      const root = { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(`${name}-selfsigned`), spec: { selfSigned: {} } };
      const ca = {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: meta(`${name}-ca`),
        spec: { isCA: true, commonName: `${name} local CA`, secretName: `${name}-ca`, privateKey: { algorithm: "ECDSA", size: 256 }, issuerRef: { group: "cert-manager.io", kind: "Issuer", name: `${name}-selfsigned` } },
      };
      const caIssuer = { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(`${name}-ca`), spec: { ca: { secretName: `${name}-ca` } } };
      return { ref: { group: "cert-manager.io", kind: "Issuer", name: `${name}-ca` }, objects: [root, ca, caIssuer] };
    }
    case "acme":
    default: {
      const acme = issuer as Extract<KubernetesEdgeIssuer, { kind: "acme" }>;
      const spec = {
        acme: {
          server: acme.server ?? LETS_ENCRYPT_PRODUCTION,
          ...(acme.email ? { email: acme.email } : {}),
          privateKeySecretRef: { name: `${name}-acme-account` },
          // HTTP-01 through the edge's own HTTP listener: cert-manager attaches its challenge route there.
          solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name, namespace, sectionName: "http" }] } } }],
        },
      };
      return { ref: { group: "cert-manager.io", kind: "Issuer", name: `${name}-acme` }, objects: [{ apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(`${name}-acme`), spec }] };
    }
  }
}

/** The Coraza directives: CRS on, blocking or detecting, the allow list bypassing the rules, excluded rules removed. */
function wafDirectives(request: EdgeRequest): string[] {
  const excluded = request.targets.kubernetes?.excludedRules ?? [];
  return [
    // Coraza's recommended base (request body access, limits); it says DetectionOnly, so the engine mode follows it.
    "Include @recommended-conf",
    `SecRuleEngine ${request.waf.mode === "block" ? "On" : "DetectionOnly"}`,
    "Include @crs-setup-conf",
    // Clients that are never blocked: the rule engine is off for their requests.
    ...(request.waf.allowCidrs.length ? [`SecRule REMOTE_ADDR "@ipMatch ${request.waf.allowCidrs.join(",")}" "id:1000,phase:1,pass,nolog,ctl:ruleEngine=Off"`] : []),
    "Include @owasp_crs/*.conf",
    ...(excluded.length ? [`SecRuleRemoveById ${excluded.join(" ")}`] : []),
  ];
}

/**
 * A service's edge: the cert-manager Certificate (and the issuer Vigil makes
 * for it), a Gateway with an HTTPS listener and an HTTP one that redirects,
 * the HTTPRoute to the backend Service, TLS 1.2 at least
 * (ClientTrafficPolicy), the per-client rate limit (BackendTrafficPolicy, a
 * local token bucket per client IP), the block list (SecurityPolicy
 * authorization), the WAF (EnvoyExtensionPolicy: coraza-proxy-wasm with the
 * OWASP CRS), the PodMonitor of its Envoys, and a NetworkPolicy letting the
 * Envoys (and cert-manager's HTTP-01 solver) reach the backend's namespace.
 */
export function edgeManifests(p: EdgeManifestProps): KubernetesManifest[] {
  const { request, labels } = p;
  const { name, namespace, secret } = p.names;
  const meta = (n: string) => ({ name: n, namespace, labels });
  const gatewayRef = { group: "gateway.networking.k8s.io", kind: "Gateway", name };
  const routeRef = { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name };
  const issuer = issuerObjects(p);
  const sameNamespace = { namespaces: { from: "Same" } };
  const manifests: KubernetesManifest[] = [
    ...issuer.objects,
    { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: meta(name), spec: { secretName: secret, dnsNames: [...request.domains], issuerRef: issuer.ref } },
    {
      apiVersion: GATEWAY_API,
      kind: "Gateway",
      metadata: meta(name),
      spec: {
        gatewayClassName: p.className,
        listeners: [
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes: sameNamespace },
          { name: "https", protocol: "HTTPS", port: 443, tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: secret }] }, allowedRoutes: sameNamespace },
        ],
      },
    },
    {
      apiVersion: GATEWAY_API,
      kind: "HTTPRoute",
      metadata: meta(name),
      spec: {
        parentRefs: [{ ...gatewayRef, sectionName: "https" }],
        hostnames: [...request.domains],
        rules: [
          {
            matches: request.paths.map((value) => ({ path: { type: "PathPrefix", value } })),
            backendRefs: [{ group: "", kind: "Service", name: request.backend.service, port: request.backend.port }],
          },
        ],
      },
    },
    {
      apiVersion: GATEWAY_API,
      kind: "HTTPRoute",
      metadata: meta(`${name}-redirect`),
      spec: {
        parentRefs: [{ ...gatewayRef, sectionName: "http" }],
        hostnames: [...request.domains],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    },
    { apiVersion: ENVOY_GATEWAY_API, kind: "ClientTrafficPolicy", metadata: meta(name), spec: { targetRefs: [gatewayRef], tls: { minVersion: "1.2" } } },
    {
      apiVersion: ENVOY_GATEWAY_API,
      kind: "BackendTrafficPolicy",
      metadata: meta(name),
      spec: {
        targetRefs: [routeRef],
        rateLimit: {
          type: "Local",
          // Each client IP its own bucket (Distinct); each Envoy replica counts on its own.
          local: { rules: [{ clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "0.0.0.0/0" } }], limit: { requests: requestsPerMinute(request.waf.rateLimitPer5Minutes), unit: "Minute" } }] },
        },
      },
    },
    {
      apiVersion: ENVOY_GATEWAY_API,
      kind: "EnvoyExtensionPolicy",
      metadata: meta(name),
      spec: {
        targetRefs: [routeRef],
        wasm: [
          {
            name: "coraza-waf",
            code: { type: "Image", image: { url: CORAZA_WASM_IMAGE } },
            config: { directives_map: { default: wafDirectives(request) }, default_directives: "default" },
            // A WAF that cannot load answers 5xx rather than letting requests through unchecked.
            failOpen: false,
          },
        ],
      },
    },
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: `${namespace}-${name}`.slice(0, 63).replace(/-+$/, ""), namespace: p.monitorNamespace, labels },
      spec: {
        namespaceSelector: { matchNames: [OPERATOR_CHARTS.envoyGateway.namespace] },
        selector: { matchLabels: { "app.kubernetes.io/managed-by": "envoy-gateway", "app.kubernetes.io/component": "proxy", "gateway.envoyproxy.io/owning-gateway-name": name, "gateway.envoyproxy.io/owning-gateway-namespace": namespace } },
        podMetricsEndpoints: [
          {
            port: "metrics",
            path: "/stats/prometheus",
            relabelings: [
              { sourceLabels: ["__meta_kubernetes_pod_label_gateway_envoyproxy_io_owning_gateway_name"], targetLabel: "gateway" },
              { sourceLabels: ["__meta_kubernetes_pod_label_gateway_envoyproxy_io_owning_gateway_namespace"], targetLabel: "gateway_namespace" },
            ],
          },
        ],
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(`${name}-ingress`),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [namespacePeer(OPERATOR_CHARTS.envoyGateway.namespace)] }] },
    },
  ];
  const { allowCidrs, blockCidrs } = request.waf;
  if (blockCidrs.length) {
    manifests.push({
      apiVersion: ENVOY_GATEWAY_API,
      kind: "SecurityPolicy",
      metadata: meta(name),
      spec: {
        targetRefs: [routeRef],
        authorization: {
          // First match wins: the allow list before the block list, everyone else allowed.
          defaultAction: "Allow",
          rules: [
            ...(allowCidrs.length ? [{ action: "Allow", principal: { clientCIDRs: [...allowCidrs] } }] : []),
            { action: "Deny", principal: { clientCIDRs: [...blockCidrs] } },
          ],
        },
      },
    });
  }
  return manifests;
}
