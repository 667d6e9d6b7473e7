/**
 * Pinned operator charts and engine versions of the in-cluster target.
 * A chart version is only changed deliberately (read its upgrade notes:
 * CRD changes ship with the chart), so every release is reproducible.
 */

/** One operator installed from a Helm chart repository. */
export interface OperatorChart {
  /** Helm release name. */
  readonly release: string;
  /** Chart repository URL. */
  readonly repository: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Pinned chart version. */
  readonly version: string;
  /** Namespace the operator runs in (one per operator). */
  readonly namespace: string;
}

/** The operators Vigil installs, keyed by operator id. */
export type OperatorId = "certManager" | "strimzi" | "k8ssandra" | "eck" | "cloudnativePg" | "kubePrometheusStack" | "blackboxExporter" | "envoyGateway";

/**
 * Chart versions, looked up in the vendors' repositories / release notes:
 * - cert-manager v1.19.1 (charts.jetstack.io; `crds.enabled` installs the CRDs)
 * - strimzi-kafka-operator 0.49.1 (strimzi.io/charts; Kafka 4.0–4.1.1, KRaft only, Kubernetes 1.27+)
 * - k8ssandra-operator 1.30.0 (helm.k8ssandra.io/stable, released 2025-11-06; needs cert-manager)
 * - eck-operator 3.2.0 (helm.elastic.co, released 2025-10-30; Kubernetes 1.30–1.34)
 * - cloudnative-pg 0.26.1 (cloudnative-pg.github.io/charts; operator 1.27.1)
 * - kube-prometheus-stack 79.7.1 (prometheus-community.github.io/helm-charts)
 * - prometheus-blackbox-exporter 11.4.0 (prometheus-community.github.io/helm-charts; probes of
 *   services' public endpoints, the in-cluster synthetic check)
 * - gateway-helm v1.8.2 (oci://docker.io/envoyproxy, Envoy Gateway 1.8.2, released 2026-06-30;
 *   installs the Gateway API CRDs and Envoy Gateway's own: the services' public edges)
 */
export const OPERATOR_CHARTS: Readonly<Record<OperatorId, OperatorChart>> = {
  certManager: { release: "cert-manager", repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.19.1", namespace: "cert-manager" },
  strimzi: { release: "strimzi", repository: "https://strimzi.io/charts/", chart: "strimzi-kafka-operator", version: "0.49.1", namespace: "strimzi-system" },
  k8ssandra: { release: "k8ssandra-operator", repository: "https://helm.k8ssandra.io/stable", chart: "k8ssandra-operator", version: "1.30.0", namespace: "k8ssandra-operator" },
  eck: { release: "elastic-operator", repository: "https://helm.elastic.co", chart: "eck-operator", version: "3.2.0", namespace: "elastic-system" },
  cloudnativePg: { release: "cnpg", repository: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.26.1", namespace: "cnpg-system" },
  kubePrometheusStack: {
    release: "kube-prometheus-stack",
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "79.7.1",
    namespace: "monitoring",
  },
  blackboxExporter: {
    release: "blackbox-exporter",
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus-blackbox-exporter",
    version: "11.4.0",
    namespace: "blackbox-exporter",
  },
  envoyGateway: { release: "eg", repository: "oci://docker.io/envoyproxy", chart: "gateway-helm", version: "v1.8.2", namespace: "envoy-gateway-system" },
};

/** The blackbox exporter's address as Probes name it (the release sets `fullnameOverride: blackbox-exporter`). */
export const BLACKBOX_EXPORTER_ADDRESS = "blackbox-exporter.blackbox-exporter.svc:9115";
/** Blackbox exporter module probing an HTTPS URL for a 2xx answer. */
export const BLACKBOX_HTTPS_MODULE = "https_2xx";

/**
 * Strimzi's `v1` API, served since 0.49 (`v1beta2` is deprecated there and removed in 0.52 / 1.0.0:
 * Strimzi proposal 113). Vigil's Strimzi objects use no field `v1` dropped: no `spec.zookeeper`, no
 * `spec.kafka.replicas`, `storage` or `resources` (the node pool holds them), KafkaTopic unchanged,
 * KafkaUser ACLs with `operations` lists.
 */
export const STRIMZI_API = "kafka.strimzi.io/v1";

/** Kafka version run by Strimzi 0.49 (supports 4.0.0–4.1.1). */
export const DEFAULT_KAFKA_VERSION = "4.1.1";
/** Cassandra version of K8ssandraCluster (`serverVersion`, a management-api image exists for it). */
export const DEFAULT_CASSANDRA_VERSION = "4.1.8";
/** Elasticsearch / Kibana version run by ECK 3.2. */
export const DEFAULT_ELASTICSEARCH_VERSION = "8.19.0";
/** Image of the Prometheus Elasticsearch exporter (ECK publishes no cluster metrics of its own). */
export const ELASTICSEARCH_EXPORTER_IMAGE = "quay.io/prometheuscommunity/elasticsearch-exporter:v1.9.0";
/** CloudNativePG operand images, tagged by PostgreSQL major version. */
export const CNPG_IMAGE_REPOSITORY = "ghcr.io/cloudnative-pg/postgresql";

/**
 * The log collector of the in-cluster target: the fluent/fluent-bit chart
 * (fluent.github.io/helm-charts) 0.59.0, which runs Fluent Bit 5.2.1 as a
 * DaemonSet (release notes of fluent-bit-0.59.0). It is not an operator:
 * the in-cluster platform installs it with its log store, and a cloud
 * platform's cluster keeps its cloud's agent. The chart announces its
 * deprecation for Fluent Bit 5.3 in favour of `fluent-bit-collector`; move
 * when that version is pinned.
 */
export const FLUENT_BIT_CHART: OperatorChart = {
  release: "fluent-bit",
  repository: "https://fluent.github.io/helm-charts",
  chart: "fluent-bit",
  version: "0.59.0",
  namespace: "logging",
};
/** Fluent Bit version of {@link FLUENT_BIT_CHART} (the chart's appVersion). */
export const FLUENT_BIT_VERSION = "5.2.1";
/** curl, for the job that puts the log store's ILM policy, index template, snapshot repository, SLM policy and Kibana data view. */
export const CURL_IMAGE = "curlimages/curl:8.11.1";

/**
 * The WAF of the in-cluster edge: coraza-proxy-wasm (OWASP Coraza with the
 * OWASP Core Rule Set embedded, `@owasp_crs`), loaded by Envoy Gateway from
 * this OCI image into every Envoy of a service's Gateway. Tag 0.6.0, the
 * release the Coraza and Envoy Gateway examples pin.
 */
export const CORAZA_WASM_IMAGE = "ghcr.io/corazawaf/coraza-proxy-wasm:0.6.0";
/** Gateway API group of Gateway, GatewayClass and HTTPRoute (v1, served by the CRDs gateway-helm installs). */
export const GATEWAY_API = "gateway.networking.k8s.io/v1";
/** Envoy Gateway's own API group: EnvoyProxy, ClientTrafficPolicy, BackendTrafficPolicy, SecurityPolicy, EnvoyExtensionPolicy. */
export const ENVOY_GATEWAY_API = "gateway.envoyproxy.io/v1alpha1";
/** Controller name of Envoy Gateway's GatewayClasses. */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
