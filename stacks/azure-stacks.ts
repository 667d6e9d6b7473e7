import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AzurePlatform } from "cdktf-vigil/azure";
import { addValidationErrors, configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, MonitoredService } from "cdktf-vigil";
import { ReferenceConfig } from "./config";
import { carryOverInClusterLayout } from "./migrations";

/**
 * `<env>-azure-platform`: what goes through the Kubernetes and Helm
 * providers on the AKS cluster of `<env>-azure-infra` (reached with
 * `kubelogin`; no token in the configuration). The Azure platform fills it:
 * kube-prometheus-stack, the operators of the components it runs in the
 * cluster (ECK for search), and one generated chart with their objects. The
 * chart's release waits for the operators' releases, so one stack plans on a
 * fresh cluster: Helm needs the CRDs only when it installs.
 */
export class AzurePlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig) {
    super(scope, id);
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.azure.state));
    carryOverInClusterLayout(this, "azure");
  }
}

/**
 * `<env>-azure-infra`: the resource group, VNet, AKS cluster, Log Analytics,
 * managed Prometheus and Grafana, action groups and the manual-change alert
 * of one environment, and the service with its managed data components
 * (Event Hubs, Managed Instance for Apache Cassandra, PostgreSQL flexible
 * server), their diagnostic settings and metric alerts. Its search runs in
 * the cluster, in {@link AzurePlatformStack}.
 */
export class AzureInfraStack extends TerraformStack {
  /** The platform. */
  public readonly platform: AzurePlatform;
  /** The service and its components. */
  public readonly service: MonitoredService;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig, inCluster: AzurePlatformStack) {
    super(scope, id);
    const env = config.environments[environment];
    const azure = config.azure;
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], azure.state));
    this.platform = new AzurePlatform(this, "platform", {
      environment,
      location: azure.location,
      subscriptionId: azure.subscriptionId,
      keyVaultId: azure.keyVaultId,
      databaseAdministrator: azure.databaseAdministrator,
      cosmosDbPrincipalId: azure.cosmosDbPrincipalId,
      service: config.service,
      owner: config.owner,
      notifications: config.notifications,
      delivery: config.delivery.azure,
      network: { cidr: env.networkCidr },
      cluster: env.cluster,
      inCluster: { stack: inCluster, delivery: config.delivery.inCluster },
      // The environment's public zone, e.g. prod.example.com: certificate validation and the CNAME to Front Door.
      edge: { dnsZoneId: `/subscriptions/${azure.subscriptionId}/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/${environment}.example.com` },
    });
    this.service = new MonitoredService(this, config.service, {
      platform: this.platform,
      ...config.components,
      // checkout's public edge: Front Door Premium to the checkout-api Service over Private Link.
      edge: { hostname: `checkout.${environment}.example.com`, backend: { service: "checkout-api", port: 8080 }, healthPath: "/healthz" },
    });
  }
}

/** Adds one environment's Azure stacks and the service, in deploy order. */
export function addAzureStacks(app: Construct, environment: EnvironmentTier, config: ReferenceConfig): { infra: AzureInfraStack; platform: AzurePlatformStack } {
  const platform = new AzurePlatformStack(app, `${environment}-azure-platform`, environment, config);
  const infra = new AzureInfraStack(app, `${environment}-azure-infra`, environment, config, platform);
  return { infra, platform };
}
