import type { EdgeRequest } from "../core/components/edge";
import type { KubernetesManifest } from "../kubernetes/for-clouds";

/**
 * GatewayClass of GKE's global external Application Load Balancer (GKE,
 * "GatewayClass capabilities": `gke-l7-global-external-managed`, Envoy-based,
 * Cloud Armor, Certificate Manager maps, SSL policies).
 */
const GKE_GLOBAL_GATEWAY_CLASS = "gke-l7-global-external-managed";

/** Share of requests the load balancer logs: GCPBackendPolicy's `sampleRate` is out of 1,000,000 (all of them). */
const LOG_SAMPLE_RATE = 1_000_000;

/** What the Gateway objects reference in Google Cloud. */
interface GkeGatewayRefs {
  /** Gateway name. */
  readonly name: string;
  /** The global static address's name (`NamedAddress`). */
  readonly addressName: string;
  /** The Certificate Manager map's name (`networking.gke.io/certmap`). */
  readonly certificateMapName: string;
  /** The SSL policy's name. */
  readonly sslPolicyName: string;
  /** The Cloud Armor policy's name. */
  readonly securityPolicyName: string;
}

/**
 * The Kubernetes objects of a service's edge on GKE (Gateway API and GKE's
 * policies, `networking.gke.io/v1`), all in the backend's namespace: a
 * Gateway of {@link GKE_GLOBAL_GATEWAY_CLASS} on the reserved global
 * address, an HTTPS listener whose certificates come from the Certificate
 * Manager map (GKE "Secure a Gateway": the `networking.gke.io/certmap`
 * annotation, no `certificateRefs`) and an HTTP listener whose only route
 * redirects to HTTPS (301); an HTTPRoute sending the host names' paths to
 * the backend Service; a GCPGatewayPolicy with the SSL policy; a
 * GCPBackendPolicy attaching the Cloud Armor policy and logging every
 * request; a HealthCheckPolicy probing the backend's health path.
 */
export function gkeGatewayManifests(request: EdgeRequest, refs: GkeGatewayRefs): KubernetesManifest[] {
  const namespace = request.backend.namespace;
  const gateway = { group: "gateway.networking.k8s.io", kind: "Gateway", name: refs.name };
  const service = { group: "", kind: "Service", name: request.backend.service };
  const labels = { "app.kubernetes.io/managed-by": "vigil", "vigil.dev/edge": refs.name };
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace, labels, ...extra });
  return [
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: meta(refs.name, { annotations: { "networking.gke.io/certmap": refs.certificateMapName } }),
      spec: {
        gatewayClassName: GKE_GLOBAL_GATEWAY_CLASS,
        addresses: [{ type: "NamedAddress", value: refs.addressName }],
        listeners: [
          { name: "https", protocol: "HTTPS", port: 443, allowedRoutes: { namespaces: { from: "Same" } } },
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
        ],
      },
    },
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: meta(`${refs.name}-https-redirect`),
      spec: {
        parentRefs: [{ ...gateway, sectionName: "http" }],
        hostnames: [...request.domains],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    },
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: meta(refs.name),
      spec: {
        parentRefs: [{ ...gateway, sectionName: "https" }],
        hostnames: [...request.domains],
        rules: [
          {
            matches: request.paths.map((value) => ({ path: { type: "PathPrefix", value } })),
            backendRefs: [{ name: request.backend.service, port: request.backend.port }],
          },
        ],
      },
    },
    {
      apiVersion: "networking.gke.io/v1",
      kind: "GCPGatewayPolicy",
      metadata: meta(refs.name),
      spec: { targetRef: gateway, default: { sslPolicy: refs.sslPolicyName } },
    },
    {
      apiVersion: "networking.gke.io/v1",
      kind: "GCPBackendPolicy",
      metadata: meta(request.backend.service),
      spec: { targetRef: service, default: { securityPolicy: refs.securityPolicyName, logging: { enabled: true, sampleRate: LOG_SAMPLE_RATE } } },
    },
    {
      apiVersion: "networking.gke.io/v1",
      kind: "HealthCheckPolicy",
      metadata: meta(request.backend.service),
      spec: {
        targetRef: service,
        // No port: the serving port of each endpoint (the Pod's), which a Service port may not be.
        default: { config: { type: "HTTP", httpHealthCheck: { requestPath: request.healthPath } } },
      },
    },
  ];
}
