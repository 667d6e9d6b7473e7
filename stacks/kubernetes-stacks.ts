import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { addValidationErrors, configureStateBackend, EnvironmentProfile, MonitoredService } from "cdktf-vigil";
import { HttpWorkload, KubernetesConnection, KubernetesOperators, KubernetesPlatform, TeamNamespace } from "cdktf-vigil/kubernetes";
import { ReferenceConfig } from "./config";

/**
 * `<env>-kubernetes-operators`: the operators' Helm releases (pinned charts,
 * CRDs included) and kube-prometheus-stack with the Alertmanager routing.
 * Deployed before `<env>-kubernetes-platform`, whose custom resources need
 * these CRDs and operators.
 */
export class KubernetesOperatorsStack extends TerraformStack {
  /** The operators. */
  public readonly operators: KubernetesOperators;

  constructor(scope: Construct, id: string, profile: EnvironmentProfile, connection: KubernetesConnection, config: ReferenceConfig) {
    super(scope, id);
    addValidationErrors(this, configureStateBackend(this, id, profile, config.state));
    this.operators = new KubernetesOperators(this, "operators", {
      environment: profile,
      connection,
      notifications: config.notifications,
      delivery: config.delivery.inCluster,
      // kind binds etcd, the scheduler, the controller manager and kube-proxy's metrics to
      // 127.0.0.1: Prometheus cannot scrape them, and their Down alerts would fire from day one.
      managedControlPlane: true,
    });
  }
}

/**
 * `<env>-kubernetes-platform`: the service's data services (Strimzi Kafka,
 * K8ssandra, ECK, CloudNativePG) with their monitors, rules and dashboards in
 * one generated chart, the team namespace and the HTTP workload. Depends on
 * the operators' stack, so `cdktf deploy '<env>-*'` deploys it second.
 */
export class KubernetesPlatformStack extends TerraformStack {
  /** The platform. */
  public readonly platform: KubernetesPlatform;

  constructor(scope: Construct, id: string, profile: EnvironmentProfile, connection: KubernetesConnection, config: ReferenceConfig, operators: KubernetesOperatorsStack) {
    super(scope, id);
    this.addDependency(operators);
    addValidationErrors(this, configureStateBackend(this, id, profile, config.state));
    // The edge's certificate from a CA made in the cluster: kind is not reachable from Let's Encrypt (HTTP-01);
    // trust the CA in Secret checkout-edge-ca (namespace checkout) to browse https://checkout.local.example.com.
    const platform = new KubernetesPlatform(this, "platform", {
      environment: profile,
      service: config.service,
      owner: config.owner,
      connection,
      notifications: config.notifications,
      edge: { issuer: { kind: "selfSigned" } },
    });
    this.platform = platform;
    const service = new MonitoredService(this, config.service, {
      platform,
      // The API writes orders and the invoicing consumers read them: each gets a KafkaUser with those ACLs only.
      kafka: { topics: { orders: { partitions: 6, consumerGroups: ["invoicing"], producers: ["checkout-api"] }, "payment-events": { partitions: 3 } } },
      // One node per datacenter: a kind cluster has one worker.
      cassandra: { datacenters: { dc1: { nodes: 1 } } },
      search: { storageGiB: 10 },
      postgres: {},
      // HTTPS through Envoy Gateway to the API's Service (port 80), the OWASP CRS in front of it.
      edge: { hostname: `${config.service}.local.example.com`, backend: { service: `${config.service}-api`, port: 80 } },
    });
    const namespace = new TeamNamespace(this, "team-namespace", { platform, name: service.name, allowEgressToNamespaces: [`${service.name}-data`] });
    // podinfo: a small HTTP service with /healthz, /readyz and Prometheus metrics
    // (`http_requests_total{status}`, `http_request_duration_seconds`).
    new HttpWorkload(this, "api", {
      platform,
      namespace,
      name: `${service.name}-api`,
      image: "ghcr.io/stefanprodan/podinfo:6.9.0",
      port: 9898,
      probes: { readinessPath: "/readyz", livenessPath: "/healthz" },
      defaultSlos: false,
      slos: [
        {
          name: "availability",
          objective: 99.9,
          sli: { kind: "ratio", errors: `http_requests_total{namespace="${service.name}",status=~"5.."}`, total: `http_requests_total{namespace="${service.name}"}` },
        },
        { name: "latency", objective: 99, sli: { kind: "latency", histogram: "http_request_duration_seconds", matchers: `namespace="${service.name}"`, thresholdSeconds: 0.25 } },
      ],
    });
  }
}
