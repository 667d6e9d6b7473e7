import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { addValidationErrors, configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, MonitoredService } from "cdktf-vigil";
import { GcpPlatform } from "cdktf-vigil/gcp";
import { KubernetesOperators, ResourceChart } from "cdktf-vigil/kubernetes";
import { ReferenceConfig } from "./config";

/**
 * `<env>-gcp-infra`: the VPC, the GKE cluster, Cloud Monitoring channels and
 * policies, log retention, and the service's managed components (Managed
 * Service for Apache Kafka, Cloud SQL). Its Cassandra and Elasticsearch run
 * in the cluster and are delivered by `<env>-gcp-platform`.
 */
export class GcpInfraStack extends TerraformStack {
  /** The platform. */
  public readonly platform: GcpPlatform;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig) {
    super(scope, id);
    const env = config.environments[environment];
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.gcp.state));
    this.platform = new GcpPlatform(this, "platform", {
      environment,
      project: config.gcp.projects[environment],
      region: config.gcp.region,
      service: config.service,
      owner: config.owner,
      notifications: config.notifications,
      delivery: config.delivery.gcp,
      network: { cidr: env.networkCidr },
      cluster: env.cluster,
    });
  }
}

/**
 * `<env>-gcp-platform`: what goes through the Kubernetes and Helm providers
 * on the GKE cluster of `<env>-gcp-infra` (reached with
 * `gke-gcloud-auth-plugin`; no token in the configuration): the K8ssandra
 * and ECK operators with cert-manager and kube-prometheus-stack (their
 * alerts are PrometheusRules routed by its Alertmanager), and one generated
 * chart with the data services and the SLO recording rules (Managed
 * Prometheus `ClusterRules`). The chart's release waits for the operators'
 * releases, so one stack plans on a fresh cluster: Helm needs the CRDs only
 * when it installs.
 */
export class GcpPlatformStack extends TerraformStack {
  /** The operators. */
  public readonly operators: KubernetesOperators;
  /** The chart of in-cluster objects. */
  public readonly chart: ResourceChart;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig, infra: GcpInfraStack) {
    super(scope, id);
    this.addDependency(infra);
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.gcp.state));
    const cluster = infra.platform.cluster;
    this.operators = new KubernetesOperators(this, "operators", {
      environment,
      connection: { kind: "endpoint", host: `https://${cluster.endpoint}`, clusterCaCertificateBase64: cluster.caCertificate, exec: { command: "gke-gcloud-auth-plugin" } },
      notifications: config.notifications,
      delivery: config.delivery.inCluster,
      // Kafka and PostgreSQL are managed services on GCP, and the uptime check probes the endpoint.
      operators: { strimzi: false, cloudnativePg: false, blackboxExporter: false },
    });
    this.chart = new ResourceChart(this, "resources", {
      name: `vigil-${config.service}`,
      namespace: "vigil-system",
      dependsOn: Object.values(this.operators.releases),
      // No platform construct governs this stack: the chart's release (Cassandra, Elasticsearch) follows the environment.
      preventDestroy: ENVIRONMENT_PROFILES[environment].preventDestroy,
    });
    infra.platform.useInCluster({ chart: this.chart });
  }
}

/** Adds one environment's GCP stacks and the service, in deploy order. */
export function addGcpStacks(app: Construct, environment: EnvironmentTier, config: ReferenceConfig): { infra: GcpInfraStack; platform: GcpPlatformStack } {
  const infra = new GcpInfraStack(app, `${environment}-gcp-infra`, environment, config);
  const platform = new GcpPlatformStack(app, `${environment}-gcp-platform`, environment, config, infra);
  new MonitoredService(infra, config.service, { platform: infra.platform, ...config.components });
  return { infra, platform };
}
