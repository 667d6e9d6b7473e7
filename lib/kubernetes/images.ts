import { CNPG_IMAGE_REPOSITORY, ELASTICSEARCH_EXPORTER_IMAGE, OperatorId } from "./versions";

/**
 * Where the in-cluster target's containers come from, as image-name
 * prefixes: a repository (`quay.io/strimzi/kafka` matches every tag and
 * digest of it) or, ending in "/", an organisation whose repositories the
 * operator picks by version (`docker.io/k8ssandra/`). A cloud that admits
 * images by name (GKE Binary Authorization) admits exactly these.
 *
 * Read from the pinned charts' default values and the operators' image
 * configuration:
 * - kube-prometheus-stack 79.x: Prometheus, Alertmanager and node-exporter
 *   (quay.io/prometheus), the Prometheus Operator and its config reloader
 *   (quay.io/prometheus-operator), kube-state-metrics (registry.k8s.io), the
 *   admission webhook's certificate job (ghcr.io/jkroepke/kube-webhook-certgen),
 *   Grafana (docker.io/grafana/grafana) and its dashboard sidecar
 *   (quay.io/kiwigrid/k8s-sidecar); Grafana persistence is off, so its
 *   busybox init container never runs.
 * - cert-manager v1.19: quay.io/jetstack/cert-manager-{controller,webhook,cainjector,startupapicheck,acmesolver}.
 * - Strimzi 0.49: the operators (quay.io/strimzi/operator) and the Kafka
 *   brokers (quay.io/strimzi/kafka), Kafka Exporter included.
 * - k8ssandra-operator 1.30: the operators, tools and Cassandra/Medusa
 *   images of docker.io/k8ssandra (chart `image.registry: docker.io`,
 *   cass-operator's `image_config.yaml`), their copies on k8ssandra's own
 *   registry cr.k8ssandra.io, and cass-operator's config builder
 *   (docker.io/datastax/cass-config-builder).
 * - ECK 3.2: the operator, Elasticsearch and Kibana (docker.elastic.co).
 * - CloudNativePG 0.26: the operator and the PostgreSQL operand images (ghcr.io/cloudnative-pg).
 * - prometheus-blackbox-exporter 11.4: quay.io/prometheus/blackbox-exporter.
 * - gateway-helm v1.8: the controller (docker.io/envoyproxy/gateway), the Envoy
 *   proxies it starts (docker.io/envoyproxy/envoy) and its rate-limit service
 *   (docker.io/envoyproxy/ratelimit, unused by local rate limits). The WAF's
 *   Wasm module (ghcr.io/corazawaf/coraza-proxy-wasm) is fetched by the
 *   controller, not run as a container.
 */
const OPERATOR_IMAGE_SOURCES: Readonly<Record<OperatorId, readonly string[]>> = {
  kubePrometheusStack: [
    "quay.io/prometheus/prometheus",
    "quay.io/prometheus/alertmanager",
    "quay.io/prometheus/node-exporter",
    "quay.io/prometheus-operator/prometheus-operator",
    "quay.io/prometheus-operator/prometheus-config-reloader",
    "registry.k8s.io/kube-state-metrics/kube-state-metrics",
    "ghcr.io/jkroepke/kube-webhook-certgen",
    "docker.io/grafana/grafana",
    "quay.io/kiwigrid/k8s-sidecar",
  ],
  certManager: ["quay.io/jetstack/cert-manager-"],
  strimzi: ["quay.io/strimzi/operator", "quay.io/strimzi/kafka"],
  k8ssandra: ["docker.io/k8ssandra/", "cr.k8ssandra.io/k8ssandra/", "docker.io/datastax/cass-config-builder"],
  eck: ["docker.elastic.co/eck/eck-operator", "docker.elastic.co/elasticsearch/elasticsearch", "docker.elastic.co/kibana/kibana"],
  cloudnativePg: ["ghcr.io/cloudnative-pg/cloudnative-pg", CNPG_IMAGE_REPOSITORY],
  blackboxExporter: ["quay.io/prometheus/blackbox-exporter"],
  envoyGateway: ["docker.io/envoyproxy/gateway", "docker.io/envoyproxy/envoy", "docker.io/envoyproxy/ratelimit"],
};

/** Images the engines run themselves, beside the operators' (the Elasticsearch exporter Deployment). */
const ENGINE_IMAGE_SOURCES: readonly string[] = [ELASTICSEARCH_EXPORTER_IMAGE.replace(/[:@].*$/, "")];

/** Every image source of every operator and engine Vigil can install, sorted and without repeats. */
export function platformImageSources(): string[] {
  return [...new Set([...Object.values(OPERATOR_IMAGE_SOURCES).flat(), ...ENGINE_IMAGE_SOURCES])].sort();
}
