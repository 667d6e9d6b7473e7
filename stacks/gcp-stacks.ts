import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { addValidationErrors, configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, MonitoredService } from "cdktf-vigil";
import { GcpPlatform } from "cdktf-vigil/gcp";
import { ReferenceConfig } from "./config";
import { carryOverInClusterLayout } from "./migrations";

/**
 * `<env>-gcp-platform`: what goes through the Kubernetes and Helm providers
 * on the GKE cluster of `<env>-gcp-infra` (reached with
 * `gke-gcloud-auth-plugin`; no token in the configuration). The GCP platform
 * fills it: kube-prometheus-stack, the operators of the components it runs
 * in the cluster (K8ssandra with cert-manager, ECK), and one generated chart
 * with their objects and the services' SLO recording rules (Managed
 * Prometheus `ClusterRules`). The chart's release waits for the operators'
 * releases, so one stack plans on a fresh cluster: Helm needs the CRDs only
 * when it installs.
 */
export class GcpPlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig) {
    super(scope, id);
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.gcp.state));
    carryOverInClusterLayout(this, "gcp");
  }
}

/**
 * `<env>-gcp-infra`: the VPC, the GKE cluster, Cloud Monitoring channels and
 * policies, log retention, and the service with its managed components
 * (Managed Service for Apache Kafka, Cloud SQL) and its public edge (a GKE
 * Gateway's load balancer, whose Gateway objects go in the platform stack,
 * with Cloud Armor and a Certificate Manager certificate). Its Cassandra and
 * Elasticsearch run in the cluster, in {@link GcpPlatformStack}.
 */
export class GcpInfraStack extends TerraformStack {
  /** The platform. */
  public readonly platform: GcpPlatform;
  /** The service and its components. */
  public readonly service: MonitoredService;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig, inCluster: GcpPlatformStack) {
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
      inCluster: { stack: inCluster, delivery: config.delivery.inCluster },
    });
    // The service is probed through its edge (its certificate's expiry comes from that check).
    this.service = new MonitoredService(this, config.service, {
      platform: this.platform,
      ...config.components,
      edge: { hostname: `checkout.${environment}.example.com`, backend: { service: "checkout-api", port: 8080 } },
    });
  }
}

/** Adds one environment's GCP stacks and the service, in deploy order. */
export function addGcpStacks(app: Construct, environment: EnvironmentTier, config: ReferenceConfig): { infra: GcpInfraStack; platform: GcpPlatformStack } {
  const platform = new GcpPlatformStack(app, `${environment}-gcp-platform`, environment, config);
  const infra = new GcpInfraStack(app, `${environment}-gcp-infra`, environment, config, platform);
  return { infra, platform };
}
