/**
 * Azure target (`cdktf-vigil/azure`): VNet, AKS, PostgreSQL flexible server,
 * Event Hubs, Managed Instance for Apache Cassandra and Azure Monitor.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-azurerm", "azure");

// Every name here is a decision recorded in api/cdktf-vigil-azure.api.md (`npm run api:update`).
export { AzurePlatform } from "./platform";
export type { AzurePlatformProps } from "./platform";
export type { AzureChannelDelivery, AzureSlackDelivery, AzureTelegramDelivery, AzureWebhookDelivery } from "./channel-delivery";
export type { AzureAksCluster, AzureAksClusterProps, AzureKubernetesClusterProps } from "./cluster";
export type { AzureDatabaseAdministrator } from "./postgres-flexible";
export type { InClusterBackups, InClusterOptions, ObjectStoreBackup, ObjectStoreProvider } from "../kubernetes/for-clouds";

// Types the platform's props and members name: exported so users can name them;
// the construct classes among them are built by the platform, not for `new`.
export type { AzureAlerting, AzureAlertingProps } from "./action-groups";
export type { AzureEdgeProps } from "./front-door";
export type { AzureLogPipeline, AzureLogPipelineProps, AzurePlatformLogsProps } from "./log-pipeline";
export type { AzureManagedGrafana, AzureManagedGrafanaProps } from "./managed-grafana";
export type { AzureManagedPrometheus, AzureManagedPrometheusProps } from "./managed-prometheus";
export type { AzureNetwork, AzureNetworkProps, AzureNodeSubnet } from "./network";
export type { AksSecretsKey } from "./private/aks-secrets-key";
export type { AzureEgress } from "./nat-gateways";
export type { AzureLogArchive, AzureLogArchiveProps } from "./log-archive";
export type { AzureMetricAlert, AzureMetricAlertProps, AzureNativeAlert } from "./metric-alert";
export type { AzureInboundAllowance, AzureNsgRule, AzureSubnetSecurityGroup, AzureSubnetSecurityGroupProps, SubnetPurpose } from "./network-security";
export type { AzureComponentContext } from "./private/context";
export type { KeyVaultSecrets } from "./private/secrets";
