import { Construct } from "constructs";
import { TerraformResource } from "cdktf";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";

/** What a resource type exports through a diagnostic setting. */
interface DiagnosticCategories {
  /** Log categories; `allLogs` is the category group every listed type supports. */
  readonly logs: { readonly categoryGroup: "allLogs" } | { readonly categories: readonly string[] } | "none";
  /**
   * Whether the platform metrics are exported too (`AllMetrics`): true only
   * where the type's "Supported metrics" page marks at least one metric
   * "DS Export: Yes". A type whose metrics are not exportable has no
   * `AllMetrics` category, and Azure rejects a setting that asks for it.
   */
  readonly metrics: boolean;
}

/**
 * Terraform resource types Vigil creates that support diagnostic settings,
 * with what each exports. Source: Microsoft Learn, "Supported categories for
 * Azure Monitor resource logs" and "Supported metrics" (DS Export column) per
 * resource type: Microsoft.ContainerService/managedClusters,
 * Microsoft.DBforPostgreSQL/flexibleServers, Microsoft.EventHub/namespaces,
 * Microsoft.DocumentDB/cassandraClusters (CassandraAudit, CassandraLogs; no
 * category group), Microsoft.Network/virtualNetworks, publicIPAddresses,
 * networkSecurityGroups (rule events and counters; no metrics),
 * Microsoft.KeyVault/vaults (AuditEvent: every key operation),
 * Microsoft.OperationalInsights/workspaces (Audit), Microsoft.Dashboard/grafana
 * (login and usage events; its metrics are "DS Export: No", so logs only),
 * Microsoft.Insights/components (its logs already go to the workspace it is
 * based on, so only its metrics are exported), Microsoft.Monitor/accounts
 * (MetricsUsageDetails) and Microsoft.Insights/dataCollectionRules (LogErrors:
 * failed collection), Microsoft.Cdn/profiles (Front Door's access, health
 * probe and WAF logs, all to AzureDiagnostics). A Standard NAT gateway is not listed: it has no
 * resource logs and none of its metrics is exportable (every one "DS Export:
 * No"), so a diagnostic setting on it has nothing to send.
 */
export const AZURE_DIAGNOSTIC_SETTINGS: Readonly<Record<string, DiagnosticCategories>> = {
  azurerm_kubernetes_cluster: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_postgresql_flexible_server: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_eventhub_namespace: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_cosmosdb_cassandra_cluster: { logs: { categories: ["CassandraAudit", "CassandraLogs"] }, metrics: true },
  azurerm_virtual_network: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_public_ip: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_network_security_group: { logs: { categories: ["NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"] }, metrics: false },
  azurerm_key_vault: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_log_analytics_workspace: { logs: { categoryGroup: "allLogs" }, metrics: true },
  azurerm_dashboard_grafana: { logs: { categoryGroup: "allLogs" }, metrics: false },
  azurerm_application_insights: { logs: "none", metrics: true },
  azurerm_monitor_workspace: { logs: { categories: ["MetricsUsageDetails"] }, metrics: false },
  azurerm_monitor_data_collection_rule: { logs: { categories: ["LogErrors"] }, metrics: false },
  // Front Door Standard/Premium: its three categories (AzureCdnAccessLog is classic CDN's); every metric "DS Export: Yes".
  azurerm_cdn_frontdoor_profile: { logs: { categories: ["FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog"] }, metrics: true },
};

/**
 * Types whose logs go to resource-specific tables (`AKSAudit`,
 * `PGSQLServerLogs`, `AZMSRunTimeAuditLogs`, `CassandraAudit` ...) rather than
 * `AzureDiagnostics`: typed, cheaper to query, and retained per table.
 */
const RESOURCE_SPECIFIC_TABLES: readonly string[] = ["azurerm_kubernetes_cluster", "azurerm_postgresql_flexible_server", "azurerm_eventhub_namespace", "azurerm_cosmosdb_cassandra_cluster"];

/** Name of every diagnostic setting Vigil creates. */
const DIAGNOSTIC_SETTING_NAME = "vigil-log-analytics";

/**
 * Sends a resource's logs and metrics to the Log Analytics workspace, with
 * the categories its type supports. Resource-specific tables where the type
 * has them (`Dedicated`), so queries stay cheap and typed.
 */
export function sendDiagnostics(scope: Construct, resource: TerraformResource & { readonly id: string }, workspaceId: string): MonitorDiagnosticSetting {
  const type = resource.terraformResourceType;
  const categories = AZURE_DIAGNOSTIC_SETTINGS[type];
  if (!categories) throw new Error(`sendDiagnostics: ${type} is not in AZURE_DIAGNOSTIC_SETTINGS; add its categories with their source`);
  const logs = categories.logs;
  // Azure refuses a setting with no category; such a type belongs in no table entry.
  if (logs === "none" && !categories.metrics) throw new Error(`sendDiagnostics: ${type} exports neither logs nor metrics; remove it from AZURE_DIAGNOSTIC_SETTINGS`);
  return new MonitorDiagnosticSetting(scope, `${resource.node.id}-diagnostics`, {
    name: DIAGNOSTIC_SETTING_NAME,
    targetResourceId: resource.id,
    logAnalyticsWorkspaceId: workspaceId,
    logAnalyticsDestinationType: RESOURCE_SPECIFIC_TABLES.includes(type) ? "Dedicated" : undefined,
    enabledLog: logs === "none" ? undefined : "categoryGroup" in logs ? [{ categoryGroup: logs.categoryGroup }] : logs.categories.map((category) => ({ category })),
    enabledMetric: categories.metrics ? [{ category: "AllMetrics" }] : undefined,
  });
}
