import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { CertificateManagerCertificate } from "@cdktf/provider-google/lib/certificate-manager-certificate";
import { CertificateManagerCertificateMap } from "@cdktf/provider-google/lib/certificate-manager-certificate-map";
import { CertificateManagerCertificateMapEntry } from "@cdktf/provider-google/lib/certificate-manager-certificate-map-entry";
import { CertificateManagerDnsAuthorization } from "@cdktf/provider-google/lib/certificate-manager-dns-authorization";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeSecurityPolicy } from "@cdktf/provider-google/lib/compute-security-policy";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import type { EdgeHandle, EdgeRequest, EntryPointRecord } from "../core/components/edge";
import type { LogRetention } from "../core/components/logs";
import { VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import type { KubernetesManifest } from "../kubernetes/for-clouds";
import type { AlertDefinition } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import { CLOUD_ARMOR_WAF_RULES, cloudArmorRules, excludedSignatures, wafRuleSetName } from "./cloud-armor";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { gcpEdgeAlertBindings, gcpEdgePanels, GcpEdgeSignals, GKE_GATEWAY_EDGE_COMPONENT } from "./edge-alerts";
import { gkeGatewayManifests } from "./gateway";
import { deployGcpComponentAlerts } from "./private/component-alerts";
import type { GcpComponentContext } from "./private/context";

/** The GCP platform's settings for its services' edges (GCP only). */
export interface GcpEdgePlatformProps {
  /**
   * Name of the Cloud DNS managed zone (in the platform's project) holding
   * the edges' host names: Vigil writes there each name's A record (the
   * edge's global address) and the CNAME Certificate Manager's DNS
   * authorization asks for.
   * @default - none: create those records in your DNS yourself (each edge's Terraform output `dns-records` lists them); the certificate stays PROVISIONING until they resolve
   */
  readonly dnsZone?: string;
}

/** Cloud DNS managed zone names: 1-63 lowercase letters, digits and '-', starting with a letter, not ending with '-'. */
const DNS_ZONE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** What is wrong with a Cloud DNS managed zone name, or undefined. */
function dnsZoneProblem(zone: string): string | undefined {
  if (DNS_ZONE_NAME.test(zone)) return undefined;
  const hint = zone.includes(".") ? ` (that looks like the zone's DNS name; give the zone's resource name, e.g. ${JSON.stringify(zone.replace(/\.$/, "").replace(/\./g, "-"))})` : "";
  return `\`edge.dnsZone\` is ${JSON.stringify(zone)}, not a Cloud DNS managed zone name: 1-63 lowercase letters, digits and '-', starting with a letter, not ending with '-'${hint}`;
}

/** Props of {@link GcpEdge}. */
interface GcpEdgeProps {
  /** The checked request. */
  readonly request: EdgeRequest;
  /** Service the edge fronts. */
  readonly service: string;
  /** Prefix of resource names (`<service>-<environment>`, with the service when not the platform's). */
  readonly namePrefix: string;
  /** The platform's context. */
  readonly context: GcpComponentContext;
  /** The platform's edge settings. @default - none */
  readonly platformEdge?: GcpEdgePlatformProps;
  /** Adds the Gateway's objects to the platform's in-cluster chart; undefined when the platform has no in-cluster stack. */
  readonly addToCluster?: (manifest: KubernetesManifest) => void;
  /** Where the access logs land: the platform's workload log store and its retention (issue 16). */
  readonly accessLogs: { readonly store: string; readonly retention: LogRetention };
}

/**
 * A service's public edge on GCP: a global external Application Load
 * Balancer built by GKE's Gateway controller from a Gateway of
 * `gke-l7-global-external-managed` (in the platform's in-cluster chart), on
 * a reserved global IPv4 address, with a Google-managed certificate from
 * Certificate Manager (DNS authorization per host name, a certificate map
 * the Gateway names), an SSL policy (TLS 1.2 minimum, RESTRICTED profile),
 * HTTP redirected to HTTPS, and a Cloud Armor policy on the backend: the
 * OWASP CRS 3.3 preconfigured WAF rules, a per-client rate limit, the allow
 * and block lists, Adaptive Protection (layer-7 DDoS detection). The load
 * balancer logs every request (Cloud Armor's verdict included) to Cloud
 * Logging, which the platform routes to its workload log bucket and
 * archive. Its alerts and dashboard follow the canonical edge catalog.
 */
export class GcpEdge extends Construct implements EdgeHandle {
  /** Canonical component kind. */
  public readonly kind = "edge" as const;
  /** Implementation (runbook folder). */
  public readonly component = GKE_GATEWAY_EDGE_COMPONENT;
  /** The Gateway's name (also the prefix of its Google Cloud resources). */
  public readonly name: string;
  /** `https://<hostname>`. */
  public readonly url: string;
  /** The global address. */
  public readonly address: ComputeGlobalAddress;
  /** The Google-managed certificate. */
  public readonly certificate: CertificateManagerCertificate;
  /** The certificate map the Gateway references. */
  public readonly certificateMap: CertificateManagerCertificateMap;
  /** The SSL policy (`google_compute_ssl_policy`) named `name` that the Gateway's policy applies to its load balancer: TLS 1.2 minimum, `RESTRICTED` profile. */
  public readonly sslPolicy: ComputeSslPolicy;
  /** The Cloud Armor policy. */
  public readonly securityPolicy: ComputeSecurityPolicy;
  /** The Gateway API and GKE policy objects. */
  public readonly manifests: readonly KubernetesManifest[];
  /** Alerts deployed. */
  public readonly alerts: readonly AlertDefinition[];
  /** Canonical edge alerts GCP cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Display name of the edge's Cloud Monitoring dashboard (golden signals and alert policies), `<name> gke-gateway-edge`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (also on the service dashboard). */
  public readonly dashboard: GcpGoldenSignalDashboard;
  /** Problems with the props. */
  public readonly problems: readonly string[];
  /** Where its metrics come from (the load balancer's URL map, the Cloud Armor policy, the host): its alerts' and the service's edge SLOs'. */
  public readonly signals: GcpEdgeSignals;

  constructor(scope: Construct, id: string, props: GcpEdgeProps) {
    super(scope, id);
    const { request, context: ctx } = props;
    const problems: string[] = [];
    this.name = fitName([props.namePrefix, "edge"], NAMING_RULES.gcpResource);
    this.url = `https://${request.hostname}`;
    const zone = props.platformEdge?.dnsZone;
    const zoneProblem = zone !== undefined ? dnsZoneProblem(zone) : undefined;
    if (zoneProblem) problems.push(zoneProblem);
    const excluded = excludedSignatures(request.targets.gcp?.excludedRules ?? []);
    problems.push(...excluded.problems);

    this.address = new ComputeGlobalAddress(this, "address", { name: this.name, ipVersion: "IPV4", addressType: "EXTERNAL", description: `Public address of ${request.hostname}` });
    const authorizations = request.domains.map(
      (domain, i) => new CertificateManagerDnsAuthorization(this, `dns-authorization-${i}`, { name: fitName([this.name, String(i)], NAMING_RULES.gcpResource), domain, description: `Proves control of ${domain} for its certificate` }),
    );
    this.certificate = new CertificateManagerCertificate(this, "certificate", {
      name: this.name,
      description: `Google-managed certificate of ${request.domains.join(", ")}`,
      managed: { domains: [...request.domains], dnsAuthorizations: authorizations.map((a) => a.id) },
    });
    this.certificateMap = new CertificateManagerCertificateMap(this, "certificate-map", { name: this.name, description: `Certificates of the Gateway ${request.backend.namespace}/${this.name}` });
    request.domains.forEach(
      (hostname, i) =>
        new CertificateManagerCertificateMapEntry(this, `certificate-map-entry-${i}`, { name: fitName([this.name, String(i)], NAMING_RULES.gcpResource), map: this.certificateMap.name, hostname, certificates: [this.certificate.id] }),
    );
    if (zone !== undefined && !zoneProblem) {
      authorizations.forEach((a, i) => {
        const record = a.dnsResourceRecord.get(0);
        new DnsRecordSet(this, `dns-authorization-record-${i}`, { managedZone: zone, name: record.name, type: record.type, ttl: 300, rrdatas: [record.data] });
      });
      request.domains.forEach((domain, i) => new DnsRecordSet(this, `dns-a-${i}`, { managedZone: zone, name: `${domain}.`, type: "A", ttl: 300, rrdatas: [this.address.address] }));
    } else {
      // The records to create by hand: no certificate is issued, and no name resolves, before them.
      new TerraformOutput(this, "dns-records", {
        description: `DNS records ${request.hostname} needs: each name's A record and Certificate Manager's CNAME`,
        value: [
          ...request.domains.map((domain) => ({ name: `${domain}.`, type: "A", data: this.address.address })),
          ...authorizations.map((a) => ({ name: a.dnsResourceRecord.get(0).name, type: a.dnsResourceRecord.get(0).type, data: a.dnsResourceRecord.get(0).data })),
        ],
      });
    }

    // RESTRICTED: TLS 1.2+ with forward-secret AEAD suites only (Cloud Load Balancing, "SSL policies: pre-defined profiles").
    this.sslPolicy = new ComputeSslPolicy(this, "ssl-policy", { name: this.name, minTlsVersion: "TLS_1_2", profile: "RESTRICTED", description: `TLS of ${request.hostname}` });
    this.securityPolicy = new ComputeSecurityPolicy(this, "security-policy", {
      name: this.name,
      type: "CLOUD_ARMOR",
      description: `WAF, rate limit and DDoS detection of ${request.hostname} (${request.waf.mode})`,
      rule: cloudArmorRules(request.waf, excluded.byRule),
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true } },
    });

    // Plain names, not references: the chart is another stack's, deployed after this one.
    this.manifests = gkeGatewayManifests(request, { name: this.name, addressName: this.name, certificateMapName: this.name, sslPolicyName: this.name, securityPolicyName: this.name });
    if (props.addToCluster) this.manifests.forEach((m) => props.addToCluster!(m));
    else {
      problems.push(
        `the edge of service "${props.service}" is a GKE Gateway, which the platform deploys in the cluster; give the GcpPlatform \`inCluster: { stack }\`, the stack that reaches the GKE cluster (\`<env>-gcp-platform\`), or leave \`edge\` out`,
      );
    }

    const signals: GcpEdgeSignals = { namespace: request.backend.namespace, gateway: this.name, policyName: this.name, hostname: request.hostname };
    this.signals = signals;
    const observed = deployGcpComponentAlerts(this, ctx, {
      description: `Global external Application Load Balancer (GKE Gateway ${request.backend.namespace}/${this.name}) with Cloud Armor, for ${request.hostname}`,
      stateful: false,
      resourceName: this.name,
      component: GKE_GATEWAY_EDGE_COMPONENT,
      prop: "edge",
      bindings: gcpEdgeAlertBindings(signals, ctx.alerting.runbookBaseUrl),
      overrides: { alerts: request.alerts, gcp: request.targets.gcp?.alerts ? { alerts: request.targets.gcp.alerts } : undefined },
      panels: gcpEdgePanels(signals),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    this.problems = [...problems, ...observed.problems];

    const record: EntryPointRecord = {
      service: props.service,
      target: "gcp",
      hostname: request.hostname,
      kind: "Global external Application Load Balancer (GKE Gateway gke-l7-global-external-managed)",
      tlsMinimumVersion: "1.2",
      certificate: `Certificate Manager, Google-managed (DNS authorization${zone ? `, records in Cloud DNS zone ${zone}` : ", records created by you"})`,
      waf: { mode: request.waf.mode, managedRules: CLOUD_ARMOR_WAF_RULES.map(wafRuleSetName), rateLimitPer5Minutes: request.waf.rateLimitPer5Minutes },
      ddosProtection: "Google Cloud Armor Standard (network and protocol DDoS) with Adaptive Protection (layer-7 detection)",
      accessLogs: props.accessLogs,
      path: this.node.path,
    };
    VigilManifest.of(this).addEntryPoint(record);
  }
}
