import { Construct } from "constructs";
import { ApplicationInsightsStandardWebTest } from "@cdktf/provider-azurerm/lib/application-insights-standard-web-test";
import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorCustomDomainAssociation } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorOriginGroup } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import { CdnFrontdoorRoute } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import type { LogRetention } from "../core/components/logs";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import { EDGE_ALERTS } from "../observability/alert-catalog/edge";
import type { UnavailableAlert } from "../observability/alert-binding";
import { frontDoorPanels } from "./dashboard-panels";
import { sendDiagnostics } from "./diagnostic-settings";
import { FRONT_DOOR_COMPONENT, frontDoorAlertBindings, FrontDoorAlertSink } from "./front-door-alerts";
import { excludedRuleOf, FRONT_DOOR_MANAGED_RULE_SETS, FrontDoorWafPolicy, wafName } from "./front-door-waf";
import type { AzureLogAlertSink } from "./log-alerts";
import type { AzureNativeAlert } from "./metric-alert";
import type { AzureGoldenSignalDashboard } from "./portal-dashboard-parts";
import { deployAzureComponentAlerts } from "./private/component-alerts";
import type { AzureComponentContext } from "./private/context";
import { WEB_TEST_LOCATIONS } from "./web-test";

/** An Azure DNS zone's resource id: its resource group and name. */
const DNS_ZONE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/([-\w.()]{1,90})\/providers\/Microsoft\.Network\/dnszones\/([a-z0-9.-]+)$/i;

/** Kubernetes annotations of the backend Service that make AKS build the internal load balancer and Private Link service Front Door reaches. */
const PRIVATE_LINK_SERVICE_ANNOTATIONS = {
  internal: "service.beta.kubernetes.io/azure-load-balancer-internal",
  create: "service.beta.kubernetes.io/azure-pls-create",
  name: "service.beta.kubernetes.io/azure-pls-name",
} as const;

/** The platform's edge settings on Azure. */
export interface AzureEdgeProps {
  /**
   * Resource id of the Azure DNS zone holding the services' host names
   * (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>`,
   * `az network dns zone show -g <group> -n <zone> --query id -o tsv`): Vigil
   * writes there the `_dnsauth` TXT record that validates each managed
   * certificate and the CNAME to the Front Door endpoint.
   * @default - none: a service with an `edge` fails synth, naming this prop
   */
  readonly dnsZoneId?: string;
}

/** Props of {@link AzureFrontDoorEdge}. */
interface AzureFrontDoorEdgeProps {
  /** Name of the service the edge fronts; the manifest records the entry point under it. */
  readonly service: string;
  /** Name of the edge's resources, e.g. `checkout-prod`. */
  readonly resourceName: string;
  /** The checked request. */
  readonly request: EdgeRequest;
  /** The platform's edge settings. */
  readonly edge?: AzureEdgeProps;
  /** The platform's context. */
  readonly context: AzureComponentContext;
  /** Subscription id (the Private Link service's id). */
  readonly subscriptionId: string;
  /** The AKS cluster's node resource group, where AKS builds the Private Link service. */
  readonly nodeResourceGroup: string;
  /** Application Insights (the certificate test). */
  readonly applicationInsightsId: string;
  /** Log search alerts on the workspace. */
  readonly logAlerts: AzureLogAlertSink;
  /** Resource id of the Log Analytics workspace as a plain string (log panels). */
  readonly workspaceResourceId: string;
  /** Retention of the access logs (the workspace's `AzureDiagnostics` table and its archive). */
  readonly accessLogRetention: LogRetention;
  /** Minutes between the certificate test's runs. */
  readonly intervalMinutes: number;
}

/**
 * A service's public edge on Azure Front Door Premium: a profile and an
 * endpoint; one custom domain per name with a Front Door managed certificate
 * (TLS 1.2 minimum), validated and routed through records Vigil writes in
 * the platform's Azure DNS zone (`_dnsauth.<name>` TXT, CNAME to the
 * endpoint); an origin group probing `healthPath` over the private link;
 * one origin reaching the backend Kubernetes Service through the Private
 * Link service AKS builds for it (the Service must be of type LoadBalancer
 * with {@link AzureFrontDoorEdge.backendServiceAnnotations}, and the
 * connection approved once, see docs/azure.md); a route for the paths,
 * HTTPS only with HTTP redirected; a WAF policy ({@link FrontDoorWafPolicy})
 * bound to every domain by a security policy; the access, health probe and
 * WAF logs to the Log Analytics workspace; the edge alerts and dashboard.
 * DDoS: Azure's infrastructure protection at Front Door's edge, built in.
 */
export class AzureFrontDoorEdge extends Construct implements EdgeHandle {
  /** Canonical component kind. */
  public readonly kind = "edge" as const;
  /** Implementation. */
  public readonly component = FRONT_DOOR_COMPONENT;
  /** Profile name. */
  public readonly name: string;
  /** `https://<hostname>`. */
  public readonly url: string;
  /** The Front Door Premium profile (`azurerm_cdn_frontdoor_profile`), named `name`, holding the endpoint, origin group, domains and route. */
  public readonly profile: CdnFrontdoorProfile;
  /** The WAF policy. */
  public readonly waf: FrontDoorWafPolicy;
  /** Name of the Private Link service AKS creates for the backend Service. */
  public readonly privateLinkServiceName: string;
  /**
   * Annotations the backend Kubernetes Service (`type: LoadBalancer`) must
   * carry so AKS puts it behind an internal load balancer with the Private
   * Link service the origin connects to.
   */
  public readonly backendServiceAnnotations: Readonly<Record<string, string>>;
  /** Alerts deployed. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical edge alerts Front Door cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the edge's shared Azure portal dashboard (golden signals and alert rules), `<name>-front-door`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AzureGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AzureFrontDoorEdgeProps) {
    super(scope, id);
    const ctx = props.context;
    const { request } = props;
    const problems: string[] = [];
    this.name = props.resourceName;
    this.url = `https://${request.hostname}`;
    const tags = { ...ctx.tags };

    // The zone: given, well-formed, and the parent of every name (a CNAME cannot sit at the apex).
    const zoneId = props.edge?.dnsZoneId;
    const zone = zoneId === undefined ? undefined : DNS_ZONE_ID.exec(zoneId);
    if (zoneId === undefined) {
      problems.push("the AzurePlatform has no `edge.dnsZoneId`; give it the resource id of the Azure DNS zone of your host names (`az network dns zone show -g <group> -n <zone> --query id -o tsv`), where Vigil writes the certificate's validation record and the CNAME to Front Door");
    } else if (!zone) {
      problems.push(`\`edge.dnsZoneId\` of the AzurePlatform is ${JSON.stringify(zoneId)}, not an Azure DNS zone id; use "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>" (\`az network dns zone show -g <group> -n <zone> --query id -o tsv\`)`);
    }
    const zoneName = zone?.[2].toLowerCase();
    const relative = (domain: string) => (zoneName && domain.endsWith(`.${zoneName}`) ? domain.slice(0, -zoneName.length - 1) : undefined);
    if (zoneName) {
      request.domains.forEach((domain, i) => {
        if (relative(domain) === undefined) {
          const prop = i === 0 ? "edge.hostname" : `edge.alternativeNames[${i - 1}]`;
          problems.push(`\`${prop}\` is ${JSON.stringify(domain)}, not a name under the DNS zone ${JSON.stringify(zoneName)} (the AzurePlatform's \`edge.dnsZoneId\`); use a subdomain of it, e.g. "checkout.${zoneName}" (a CNAME cannot sit at the zone's apex), or point \`edge.dnsZoneId\` at the zone of this name`);
        }
      });
    }

    // Excluded managed rules, grouped by rule set and group; each bad id reported once.
    const excluded = new Map<string, Map<string, string[]>>();
    (request.targets.azure?.excludedRules ?? []).forEach((ruleId, i) => {
      const where = excludedRuleOf(ruleId, i);
      if ("problem" in where) {
        problems.push(where.problem);
        return;
      }
      const groups = excluded.get(where.ruleSet) ?? excluded.set(where.ruleSet, new Map()).get(where.ruleSet)!;
      const ids = groups.get(where.group) ?? groups.set(where.group, []).get(where.group)!;
      if (!ids.includes(ruleId)) ids.push(ruleId);
    });

    this.profile = new CdnFrontdoorProfile(this, "profile", { name: this.name, resourceGroupName: ctx.resourceGroupName, skuName: "Premium_AzureFrontDoor", responseTimeoutSeconds: 60, tags });
    const endpoint = new CdnFrontdoorEndpoint(this, "endpoint", { name: this.name, cdnFrontdoorProfileId: this.profile.id, enabled: true, tags });
    const originGroup = new CdnFrontdoorOriginGroup(this, "origin-group", {
      name: "backend",
      cdnFrontdoorProfileId: this.profile.id,
      sessionAffinityEnabled: false,
      loadBalancing: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 },
      healthProbe: { protocol: "Http", path: request.healthPath, requestType: "GET", intervalInSeconds: 60 },
    });

    // AKS names the Private Link service from the annotation and creates it in the node resource group.
    const { backend } = request;
    this.privateLinkServiceName = `pls-${backend.namespace}-${backend.service}`.slice(0, 80);
    this.backendServiceAnnotations = {
      [PRIVATE_LINK_SERVICE_ANNOTATIONS.internal]: "true",
      [PRIVATE_LINK_SERVICE_ANNOTATIONS.create]: "true",
      [PRIVATE_LINK_SERVICE_ANNOTATIONS.name]: this.privateLinkServiceName,
    };
    const origin = new CdnFrontdoorOrigin(this, "origin", {
      name: backend.service,
      cdnFrontdoorOriginGroupId: originGroup.id,
      enabled: true,
      // The host the backend sees; the private link decides where the request goes.
      hostName: request.hostname,
      originHostHeader: request.hostname,
      // Plain HTTP to the Service's port over the private link: the traffic never leaves Microsoft's network.
      httpPort: backend.port,
      httpsPort: 443,
      certificateNameCheckEnabled: true,
      priority: 1,
      weight: 1000,
      privateLink: {
        location: ctx.location,
        privateLinkTargetId: `/subscriptions/${props.subscriptionId}/resourceGroups/${props.nodeResourceGroup}/providers/Microsoft.Network/privateLinkServices/${this.privateLinkServiceName}`,
        requestMessage: `Front Door ${this.name} to Service ${backend.namespace}/${backend.service}`,
      },
    });

    const domains = request.domains.map((domain, i) => {
      const did = i === 0 ? "domain" : `domain-${domain.replace(/[^a-z0-9-]/g, "-")}`;
      const custom = new CdnFrontdoorCustomDomain(this, did, {
        name: domain.replace(/\./g, "-"),
        cdnFrontdoorProfileId: this.profile.id,
        hostName: domain,
        dnsZoneId: zone ? zoneId : undefined,
        tls: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
      });
      const name = relative(domain);
      if (zone && name !== undefined) {
        new DnsTxtRecord(this, `${did}-validation`, { name: `_dnsauth.${name}`, zoneName: zoneName!, resourceGroupName: zone[1], ttl: 3600, record: [{ value: custom.validationToken }], tags });
        new DnsCnameRecord(this, `${did}-cname`, { name, zoneName: zoneName!, resourceGroupName: zone[1], ttl: 3600, record: endpoint.hostName, tags });
      }
      return custom;
    });

    const route = new CdnFrontdoorRoute(this, "route", {
      name: "https",
      cdnFrontdoorEndpointId: endpoint.id,
      cdnFrontdoorOriginGroupId: originGroup.id,
      cdnFrontdoorOriginIds: [origin.id],
      cdnFrontdoorCustomDomainIds: domains.map((d) => d.id),
      enabled: true,
      // Clients may knock on port 80; they are redirected, never served.
      supportedProtocols: ["Http", "Https"],
      httpsRedirectEnabled: true,
      forwardingProtocol: "HttpOnly",
      linkToDefaultDomain: false,
      patternsToMatch: frontDoorPatterns(request.paths),
    });
    domains.forEach((d, i) => new CdnFrontdoorCustomDomainAssociation(this, i === 0 ? "domain-association" : `domain-association-${i}`, { cdnFrontdoorCustomDomainId: d.id, cdnFrontdoorRouteIds: [route.id] }));

    this.waf = new FrontDoorWafPolicy(this, "waf", { name: wafName(this.name, "waf"), resourceGroupName: ctx.resourceGroupName, request, excluded, tags });
    new CdnFrontdoorSecurityPolicy(this, "security-policy", {
      name: "waf",
      cdnFrontdoorProfileId: this.profile.id,
      securityPolicies: {
        firewall: {
          cdnFrontdoorFirewallPolicyId: this.waf.policy.id,
          association: { patternsToMatch: ["/*"], domain: domains.map((d) => ({ cdnFrontdoorDomainId: d.id })) },
        },
      },
    });
    sendDiagnostics(this, this.profile, ctx.workspaceId);

    // The certificate's remaining lifetime, checked by a web test whose SSL check demands the threshold's days.
    const certificateSeconds = request.alerts?.["certificate-expiring"]?.threshold ?? EDGE_ALERTS["certificate-expiring"].threshold;
    const certificateDays = Math.min(365, Math.max(1, Math.round(certificateSeconds / 86400)));
    const certificateTestName = `${this.name}-certificate`;
    new ApplicationInsightsStandardWebTest(this, "certificate-test", {
      name: certificateTestName,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      applicationInsightsId: props.applicationInsightsId,
      description: `Checks that the certificate of https://${request.hostname} has at least ${certificateDays} days left`,
      geoLocations: [...WEB_TEST_LOCATIONS],
      frequency: [300, 600, 900].find((s) => s >= props.intervalMinutes * 60) ?? 900,
      timeout: 30,
      retryEnabled: true,
      enabled: true,
      request: { url: `https://${request.hostname}${request.healthPath}`, httpVerb: "GET", followRedirectsEnabled: false },
      validationRules: { expectedStatusCode: 0, sslCheckEnabled: true, sslCertRemainingLifetime: certificateDays },
      tags,
    });

    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: this.name,
      resourceId: this.profile.id,
      component: FRONT_DOOR_COMPONENT,
      prop: "edge",
      bindings: frontDoorAlertBindings({ name: this.name, hostname: request.hostname, certificateTestName, certificateDays, runbookBaseUrl: ctx.runbookBaseUrl }),
      panels: frontDoorPanels({ resourceId: this.profile.id, resourceName: this.name }, props.workspaceResourceId, request.hostname),
      overrides: { alerts: request.alerts, azure: request.targets.azure },
      description: `Front Door Premium edge of ${request.hostname}`,
      stateful: false,
      sink: new FrontDoorAlertSink({ alerting: ctx.alerting, logs: props.logAlerts, profileId: this.profile.id, applicationInsightsId: props.applicationInsightsId }),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);

    VigilManifest.of(this).addEntryPoint({
      service: props.service,
      target: "azure",
      hostname: request.hostname,
      kind: "Front Door Premium",
      tlsMinimumVersion: "1.2",
      certificate: "Front Door managed certificate (DigiCert, DNS TXT validation in Azure DNS)",
      waf: { mode: request.waf.mode, managedRules: FRONT_DOOR_MANAGED_RULE_SETS.map((r) => `${r.type}_${r.version}`), rateLimitPer5Minutes: request.waf.rateLimitPer5Minutes },
      ddosProtection: "Azure DDoS infrastructure protection (built into Front Door)",
      accessLogs: { store: `Log Analytics (table AzureDiagnostics, category FrontDoorAccessLog)`, retention: props.accessLogRetention },
      path: this.node.path,
    });
  }
}

/** Front Door route patterns of path prefixes: `/` → `/*`; `/api` → `/api` and `/api/*`. */
export function frontDoorPatterns(paths: readonly string[]): string[] {
  const patterns = paths.flatMap((p) => (p.endsWith("/") ? [`${p}*`] : [p, `${p}/*`]));
  return [...new Set(patterns)];
}
