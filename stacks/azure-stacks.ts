import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AzurePlatform } from "cdktf-vigil/azure";
import { addValidationErrors, configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, MonitoredService } from "cdktf-vigil";
import { ReferenceConfig } from "./config";

/**
 * `<env>-azure-infra`: the resource group, VNet, AKS cluster, Log Analytics,
 * managed Prometheus and Grafana, action groups and the manual-change alert
 * of one environment, and the service with its managed data components
 * (Event Hubs, Managed Instance for Apache Cassandra, PostgreSQL flexible
 * server), their diagnostic settings and metric alerts. Search is left out:
 * on Azure it runs in the cluster (see docs/azure.md).
 */
export class AzureInfraStack extends TerraformStack {
  /** The platform. */
  public readonly platform: AzurePlatform;
  /** The service and its components. */
  public readonly service: MonitoredService;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig) {
    super(scope, id);
    const env = config.environments[environment];
    const azure = config.azure;
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], azure.state));
    this.platform = new AzurePlatform(this, "platform", {
      environment,
      location: azure.location,
      subscriptionId: azure.subscriptionId,
      keyVaultId: azure.keyVaultId,
      service: config.service,
      owner: config.owner,
      notifications: config.notifications,
      network: { cidr: env.networkCidr },
      cluster: env.cluster,
    });
    const { search: _search, ...components } = config.components;
    this.service = new MonitoredService(this, config.service, { platform: this.platform, ...components });
  }
}
