import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AKS_ENTRA_SERVER_APP_ID, AzurePlatform, azureResourceGroupName } from "cdktf-vigil/azure";
import { addValidationErrors, configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, MonitoredService, suppress } from "cdktf-vigil";
import { ClusterEndpointConnection, KubernetesOperators, KubernetesPlatform } from "cdktf-vigil/kubernetes";
import { ReferenceConfig } from "./config";

/**
 * `<env>-azure-infra`: the resource group, VNet, AKS cluster, Log Analytics,
 * managed Prometheus and Grafana, action groups and the manual-change alert
 * of one environment, and the service with its managed data components
 * (Event Hubs, Managed Instance for Apache Cassandra, PostgreSQL flexible
 * server), their diagnostic settings and metric alerts. Search runs in the
 * cluster: see {@link AzurePlatformStack}.
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
      databaseAdministrator: azure.databaseAdministrator,
      cosmosDbPrincipalId: azure.cosmosDbPrincipalId,
      service: config.service,
      owner: config.owner,
      notifications: config.notifications,
      delivery: config.delivery.azure,
      network: { cidr: env.networkCidr },
      cluster: env.cluster,
    });
    const { search: _search, ...components } = config.components;
    this.service = new MonitoredService(this, config.service, { platform: this.platform, ...components });
  }
}

/**
 * How the in-cluster stacks reach the AKS cluster of `<env>-azure-infra`: its
 * API server and CA read at plan time (the cluster exists by then), and a
 * short-lived Entra ID token from `kubelogin` (local accounts are disabled).
 */
function aksConnection(scope: Construct, environment: EnvironmentTier, config: ReferenceConfig): ClusterEndpointConnection {
  new AzurermProvider(scope, "azurerm", { features: [{}], subscriptionId: config.azure.subscriptionId });
  const aks = new DataAzurermKubernetesCluster(scope, "aks", {
    name: config.environments[environment].cluster?.name ?? `${config.service}-${environment}`,
    resourceGroupName: azureResourceGroupName(config.service, environment, config.azure.location),
  });
  const kubeConfig = aks.kubeConfig.get(0);
  return {
    kind: "endpoint",
    host: kubeConfig.host,
    clusterCaCertificateBase64: kubeConfig.clusterCaCertificate,
    exec: { command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_APP_ID] },
  };
}

/**
 * `<env>-azure-operators`: the ECK operator and kube-prometheus-stack on AKS,
 * for search, the one component Azure has no default managed service for.
 * The in-cluster Prometheus evaluates the search alerts (AKS managed
 * Prometheus does not read PrometheusRules) and its Alertmanager delivers
 * them to the same channels. Deployed after `<env>-azure-infra`, whose
 * cluster it needs at plan time.
 */
export class AzureOperatorsStack extends TerraformStack {
  /** The operators. */
  public readonly operators: KubernetesOperators;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig, infra: AzureInfraStack) {
    super(scope, id);
    this.addDependency(infra);
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.azure.state));
    this.operators = new KubernetesOperators(this, "operators", {
      environment,
      connection: aksConnection(this, environment, config),
      notifications: config.notifications,
      delivery: config.delivery.inCluster,
      operators: { certManager: false, strimzi: false, k8ssandra: false, cloudnativePg: false, blackboxExporter: false },
    });
  }
}

/**
 * `<env>-azure-platform`: the service's search (ECK Elasticsearch with its
 * monitor, alerts and dashboard in the generated chart) on AKS. Deployed after
 * `<env>-azure-operators`, whose CRDs its custom resources need.
 */
export class AzurePlatformStack extends TerraformStack {
  /** The in-cluster platform. */
  public readonly platform: KubernetesPlatform;
  /** The service's in-cluster part (search). */
  public readonly service: MonitoredService;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig, operators: AzureOperatorsStack) {
    super(scope, id);
    this.addDependency(operators);
    addValidationErrors(this, configureStateBackend(this, id, ENVIRONMENT_PROFILES[environment], config.azure.state));
    this.platform = new KubernetesPlatform(this, "platform", {
      environment,
      service: config.service,
      owner: config.owner,
      connection: aksConnection(this, environment, config),
      notifications: config.notifications,
      clusterName: `${config.service}-${environment}`,
      // AKS built-in class: Azure Disk CSI, Premium SSD (zonal disks; ECK spreads the nodes over zones).
      storageClassName: "managed-csi-premium",
    });
    // The service's SLOs are evaluated by Azure managed Prometheus (infra stack); not twice.
    this.service = new MonitoredService(this, config.service, { platform: this.platform, search: config.components.search ?? {}, defaultSlos: false });
    suppress(this.service, {
      rule: "observability/service-slos",
      reason: `the ${config.service} service's SLOs are deployed once, by ${environment}-azure-infra (Azure managed Prometheus); this stack holds only its in-cluster Elasticsearch`,
    });
  }
}
