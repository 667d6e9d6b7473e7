import type { AlertOverride } from "../../observability/alert";
import type { EdgeAlertId } from "../../observability/alert-catalog";
import { parseCidr } from "../cidr";
import type { EnvironmentTier } from "../environment";
import type { TargetName } from "./platform";
import { checkName, NAMING_RULES } from "../naming";
import type { LogRetention } from "./logs";
import type { ComponentHandle } from "./common";

/** What a WAF does with a request its rules match: block it, or only count and log it. */
export type WafMode = "block" | "detect";

/** The web application firewall in front of a service, the same on every target. */
export interface EdgeWafProps {
  /**
   * `block` drops the requests the rules match; `detect` only counts and
   * logs them (allowed in dev alone, to tune rules before they block).
   * @default "block"
   */
  readonly mode?: WafMode;
  /**
   * Requests one client IP may make in 5 minutes before the rate rule
   * blocks it (each target converts: AWS WAF and Front Door count per
   * 5 minutes, Cloud Armor per interval, the in-cluster controller per second).
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /** Client CIDRs (IPv4) the WAF never blocks: your monitoring, partners. @default - none */
  readonly allowCidrs?: readonly string[];
  /** Client CIDRs (IPv4) the WAF always blocks. @default - none */
  readonly blockCidrs?: readonly string[];
}

/** What only one target has for an edge: managed rules to switch off, by that target's rule id. */
export interface EdgeTargetOptions {
  /**
   * Rule ids of the target's managed rule sets to turn off for this service
   * (a false positive), e.g. `SizeRestrictions_BODY` (AWS), `owasp-crs-v030301-id942110-sqli`
   * (Cloud Armor), `942110` (Azure DRS, in-cluster CRS). docs/edge.md lists where to find them.
   * @default - none
   */
  readonly excludedRules?: readonly string[];
  /** Overrides of the alerts only this target's edge has. @default - none */
  readonly alerts?: Readonly<Record<string, AlertOverride>>;
}

/** The workload the edge sends requests to: a Kubernetes Service of the platform's cluster. */
export interface EdgeBackendProps {
  /** Name of the Kubernetes Service (e.g. the `HttpWorkload`'s). */
  readonly service: string;
  /** Its port. */
  readonly port: number;
  /** Its namespace. @default - the namespace named after the service */
  readonly namespace?: string;
}

/**
 * A secure public entry point for a service: TLS with a managed
 * certificate, a WAF with the cloud's managed rules and a rate limit, DDoS
 * protection where the cloud has it, access logs into the platform's log
 * store and archive, and edge alerts. The platform builds it from these
 * props; DNS and certificate details the cloud needs are the platform's props.
 */
export interface ServiceEdgeProps {
  /** Public host name, e.g. `checkout.example.com` (the certificate's first name). */
  readonly hostname: string;
  /** More names on the certificate, routed to the same backend. @default - none */
  readonly alternativeNames?: readonly string[];
  /** The workload the edge fronts. */
  readonly backend: EdgeBackendProps;
  /** URL path prefixes sent to the backend. @default ["/"] */
  readonly paths?: readonly string[];
  /**
   * Path the synthetic check probes through the edge when the service sets
   * no `endpoint` (`https://<hostname><healthPath>`).
   * @default "/healthz"
   */
  readonly healthPath?: string;
  /** The web application firewall. @default - blocking, 2000 requests per 5 minutes per client IP */
  readonly waf?: EdgeWafProps;
  /**
   * Overrides of the canonical edge alerts (`errors-high` percent,
   * `latency-high` seconds, `waf-blocked-high` per second,
   * `certificate-expiring` seconds in whole days, `ddos-detected`).
   * @default - the catalog's (docs/alerts.md)
   */
  readonly alerts?: Readonly<Partial<Record<EdgeAlertId, AlertOverride>>>;
  /** AWS only. @default - none */
  readonly aws?: EdgeTargetOptions;
  /** GCP only. @default - none */
  readonly gcp?: EdgeTargetOptions;
  /** Azure only. @default - none */
  readonly azure?: EdgeTargetOptions;
  /** In-cluster only. @default - none */
  readonly kubernetes?: EdgeTargetOptions;
}

/** What a service asks its platform to build: the props checked and resolved. */
export interface EdgeRequest {
  /** Public host name. */
  readonly hostname: string;
  /** Every name on the certificate, the host name first. */
  readonly domains: readonly string[];
  /** The workload fronted, its namespace resolved. */
  readonly backend: Required<EdgeBackendProps>;
  /** Path prefixes routed to the backend. */
  readonly paths: readonly string[];
  /** Path the synthetic check probes. */
  readonly healthPath: string;
  /** The WAF, defaults filled in. */
  readonly waf: { readonly mode: WafMode; readonly rateLimitPer5Minutes: number; readonly allowCidrs: readonly string[]; readonly blockCidrs: readonly string[] };
  /** The user's overrides of the canonical edge alerts. @default - none */
  readonly alerts?: Readonly<Partial<Record<EdgeAlertId, AlertOverride>>>;
  /** The target-only options, by target. */
  readonly targets: { readonly aws?: EdgeTargetOptions; readonly gcp?: EdgeTargetOptions; readonly azure?: EdgeTargetOptions; readonly kubernetes?: EdgeTargetOptions };
}

/** A built edge. */
export interface EdgeHandle extends ComponentHandle {
  /** `https://<hostname>`. */
  readonly url: string;
}

/** One entry point as deployed, for `vigil report` and the policy packs. */
export interface EntryPointRecord {
  /** Name of the `MonitoredService` whose `edge` this entry point is. */
  readonly service: string;
  /** Target that built it. */
  readonly target: TargetName;
  /** Public host name. */
  readonly hostname: string;
  /** What terminates TLS, e.g. `Application Load Balancer`, `Front Door Premium`. */
  readonly kind: string;
  /** Lowest TLS version accepted: `1.2` or `1.3`. */
  readonly tlsMinimumVersion: string;
  /** The certificate, e.g. `ACM (DNS validation)`. */
  readonly certificate: string;
  /** The WAF: mode, managed rule sets, rate limit. */
  readonly waf: { readonly mode: WafMode; readonly managedRules: readonly string[]; readonly rateLimitPer5Minutes: number };
  /** DDoS protection, e.g. `AWS Shield Standard`. */
  readonly ddosProtection: string;
  /** Where the access logs go and how long they are kept. @default - none: no access logs */
  readonly accessLogs?: { readonly store: string; readonly retention: LogRetention };
  /** Construct path. */
  readonly path: string;
}

/** Lowercase host names of 2+ labels, each a DNS label (RFC 1123), 253 characters at most; no wildcard. */
const HOSTNAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Fewest and most requests per 5 minutes a rate rule takes on every target (AWS WAF's minimum is 10; Front Door's 10 per minute). */
const EDGE_RATE_LIMIT_RANGE = [100, 2_000_000_000] as const;

/** Props of {@link edgeRequestOf}. */
interface EdgeRequestInput {
  readonly service: string;
  readonly tier: EnvironmentTier;
  readonly props: ServiceEdgeProps;
}

/** What is wrong with a host name, or undefined. */
function hostnameProblem(value: string, prop: string): string | undefined {
  if (typeof value !== "string" || HOSTNAME.test(value)) return undefined;
  const lower = typeof value === "string" && value !== value.toLowerCase() && HOSTNAME.test(value.toLowerCase()) ? ` (write it in lowercase: ${JSON.stringify(value.toLowerCase())})` : "";
  return `\`${prop}\` is ${JSON.stringify(value)}, not a host name a public certificate can name; use a lowercase DNS name of two or more labels, without scheme, port, path or wildcard, e.g. "checkout.example.com"${lower}`;
}

/**
 * The service's edge request, or the problems with its props, each once at
 * the property the user wrote: host names, backend, paths, the WAF's mode
 * (detection only in dev), rate limit and CIDRs.
 */
export function edgeRequestOf({ service, tier, props }: EdgeRequestInput): { readonly request?: EdgeRequest; readonly problems: string[] } {
  const problems: string[] = [];
  const host = hostnameProblem(props.hostname, "edge.hostname");
  if (host) problems.push(host);
  const alternatives = props.alternativeNames ?? [];
  alternatives.forEach((name, i) => {
    const p = hostnameProblem(name, `edge.alternativeNames[${i}]`);
    if (p) problems.push(p);
    else if (name === props.hostname || alternatives.indexOf(name) !== i) problems.push(`\`edge.alternativeNames[${i}]\` is ${JSON.stringify(name)}, already on the certificate; name each host once`);
  });
  const backend = props.backend ?? ({} as EdgeBackendProps);
  const backendService = checkName(String(backend.service), NAMING_RULES.kubernetesDnsLabel, "edge.backend.service");
  if (backendService) problems.push(backendService);
  if (!(Number.isInteger(backend.port) && backend.port >= 1 && backend.port <= 65535)) {
    problems.push(`\`edge.backend.port\` is ${backend.port}; use the Kubernetes Service's port, a whole number from 1 to 65535`);
  }
  const namespace = backend.namespace ?? service;
  const namespaceProblem = backend.namespace !== undefined ? checkName(backend.namespace, NAMING_RULES.kubernetesDnsLabel, "edge.backend.namespace") : undefined;
  if (namespaceProblem) problems.push(namespaceProblem);
  const paths = props.paths ?? ["/"];
  if (props.paths !== undefined && paths.length === 0) problems.push('`edge.paths` is []; route at least one path prefix, e.g. ["/"], or leave it out');
  paths.forEach((path, i) => {
    if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path)) problems.push(`\`edge.paths[${i}]\` is ${JSON.stringify(path)}; a path prefix starts with "/" and holds only URL path characters, e.g. "/api"`);
  });
  const healthPath = props.healthPath ?? "/healthz";
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(healthPath)) problems.push(`\`edge.healthPath\` is ${JSON.stringify(healthPath)}; give the path of a health URL, starting with "/", e.g. "/healthz"`);

  const waf = props.waf ?? {};
  const mode = waf.mode ?? "block";
  if (mode !== "block" && mode !== "detect") problems.push(`\`edge.waf.mode\` is ${JSON.stringify(mode)}; use "block" or "detect"`);
  else if (mode === "detect" && tier !== "dev") {
    problems.push(`\`edge.waf.mode\` is "detect" in a ${tier}-tier environment; the WAF blocks in staging and prod (detection only is for tuning rules in dev), so leave it out or set "block"`);
  }
  const rate = waf.rateLimitPer5Minutes ?? 2000;
  const [minRate, maxRate] = EDGE_RATE_LIMIT_RANGE;
  if (!(Number.isInteger(rate) && rate >= minRate && rate <= maxRate)) {
    problems.push(`\`edge.waf.rateLimitPer5Minutes\` is ${rate}; use a whole number of requests per client IP in 5 minutes from ${minRate} to ${maxRate}, e.g. 2000`);
  }
  for (const key of ["allowCidrs", "blockCidrs"] as const) {
    (waf[key] ?? []).forEach((cidr, i) => {
      const parsed = parseCidr(cidr);
      if ("error" in parsed) problems.push(`\`edge.waf.${key}[${i}]\`: ${parsed.error}`);
    });
  }
  const both = (waf.allowCidrs ?? []).filter((c) => (waf.blockCidrs ?? []).includes(c));
  for (const c of both) problems.push(`\`edge.waf.blockCidrs\` holds ${JSON.stringify(c)}, also in \`edge.waf.allowCidrs\`; a client range is either allowed or blocked`);

  if (problems.length > 0) return { problems };
  return {
    problems,
    request: {
      hostname: props.hostname,
      domains: [props.hostname, ...alternatives],
      backend: { service: backend.service, port: backend.port, namespace },
      paths,
      healthPath,
      waf: { mode, rateLimitPer5Minutes: rate, allowCidrs: waf.allowCidrs ?? [], blockCidrs: waf.blockCidrs ?? [] },
      alerts: props.alerts,
      targets: { aws: props.aws, gcp: props.gcp, azure: props.azure, kubernetes: props.kubernetes },
    },
  };
}
