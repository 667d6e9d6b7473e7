/**
 * Azure target (`cdktf-vigil/azure`): VNet, AKS, PostgreSQL flexible server,
 * Event Hubs, Managed Instance for Apache Cassandra and Azure Monitor.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-azurerm", "azure");

export { NAMING_RULES, checkName, fitName } from "../core";
export * from "./platform";
export * from "./aks-connection";
export * from "./regions";
export * from "./sizes";
export * from "./network";
export * from "./network-security";
export * from "./nat-gateways";
export * from "./cluster";
export * from "./cluster-alerts";
export * from "./action-groups";
export * from "./channel-delivery";
export * from "./metric-alert";
export * from "./diagnostic-settings";
export * from "./managed-prometheus";
export * from "./container-insights";
export * from "./audit-retention";
export * from "./prometheus-rules";
export * from "./managed-grafana";
export * from "./portal-dashboard";
export * from "./portal-dashboard-parts";
export * from "./dashboard-panels";
export * from "./web-test";
export * from "./activity-log-alert";
export * from "./log-alerts";
export * from "./log-archive";
export * from "./log-link";
export * from "./log-pipeline";
export * from "./postgres-flexible";
export * from "./postgres-flexible-alerts";
export * from "./event-hubs";
export * from "./event-hubs-alerts";
export * from "./managed-cassandra";
export * from "./managed-cassandra-alerts";
export type { AzureComponentContext } from "./private/context";
export type { KeyVaultSecrets } from "./private/secrets";
export type { AksSecretsKey } from "./private/aks-secrets-key";
export type { AzureDashboardBindings } from "./private/component-alerts";
export * from "./front-door";
export * from "./front-door-waf";
export { FRONT_DOOR_COMPONENT, FRONT_DOOR_NAMESPACE, FRONT_DOOR_LOG_TABLE, frontDoorAlertBindings } from "./front-door-alerts";
