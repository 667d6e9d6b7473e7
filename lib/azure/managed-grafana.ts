import { Construct } from "constructs";
import { DashboardGrafana } from "@cdktf/provider-azurerm/lib/dashboard-grafana";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { fitName, NAMING_RULES } from "../core/naming";
import { sendDiagnostics } from "./diagnostic-settings";

/** Grafana major version of the workspace. */
const AZURE_GRAFANA_MAJOR_VERSION = "11";

/** Props of {@link AzureManagedGrafana}. */
export interface AzureManagedGrafanaProps {
  /** Prefix of the name. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the Grafana workspace (the platform's). */
  readonly resourceGroupName: string;
  /** Resource group id, where the Grafana identity may read Azure Monitor metrics and logs. */
  readonly resourceGroupId: string;
  /** Azure Monitor workspace linked as the Prometheus data source. */
  readonly monitorWorkspaceId: string;
  /** Zone-redundant (outside dev, where the region has zones). */
  readonly zoneRedundant: boolean;
  /** Log Analytics workspace for the diagnostic setting. */
  readonly logAnalyticsWorkspaceId: string;
  /** Tags on the Grafana workspace (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Azure Managed Grafana linked to the Azure Monitor workspace (its managed
 * Prometheus data source), with a system-assigned identity that reads
 * metrics and logs of the environment's resource group (Monitoring Reader)
 * and queries the workspace (Monitoring Data Reader). Its built-in Azure
 * Monitor dashboards (AKS, PostgreSQL, Event Hubs ...) are the component
 * dashboards. Signing in goes through Entra ID; API keys stay off.
 */
export class AzureManagedGrafana extends Construct {
  /** The workspace. */
  public readonly grafana: DashboardGrafana;
  /** Its name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AzureManagedGrafanaProps) {
    super(scope, id);
    this.name = fitName([props.namePrefix], NAMING_RULES.azureGrafana);
    this.grafana = new DashboardGrafana(this, "grafana", {
      name: this.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      grafanaMajorVersion: AZURE_GRAFANA_MAJOR_VERSION,
      sku: "Standard",
      apiKeyEnabled: false,
      zoneRedundancyEnabled: props.zoneRedundant,
      identity: { type: "SystemAssigned" },
      azureMonitorWorkspaceIntegrations: [{ resourceId: props.monitorWorkspaceId }],
      tags: { ...props.tags },
    });
    const principalId = this.grafana.identity.principalId;
    new RoleAssignment(this, "monitoring-reader", { scope: props.resourceGroupId, roleDefinitionName: "Monitoring Reader", principalId, principalType: "ServicePrincipal" });
    new RoleAssignment(this, "monitoring-data-reader", { scope: props.monitorWorkspaceId, roleDefinitionName: "Monitoring Data Reader", principalId, principalType: "ServicePrincipal" });
    sendDiagnostics(this, this.grafana, props.logAnalyticsWorkspaceId);
  }
}
