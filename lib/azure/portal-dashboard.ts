import { Construct } from "constructs";
import { PortalDashboard } from "@cdktf/provider-azurerm/lib/portal-dashboard";
import { fitName, NamingRule } from "../core/naming";
import { AzureChart, azureDashboardProperties, AzureGoldenSignalDashboard } from "./portal-dashboard-parts";

/**
 * Name of a shared Azure portal dashboard: letters, digits and hyphens
 * (azurerm `azurerm_portal_dashboard` name validation); kept to 64 characters,
 * well inside what the portal accepts.
 */
export const AZURE_DASHBOARD_NAMING: NamingRule = {
  label: "Azure portal dashboard name",
  minLength: 1,
  maxLength: 64,
  pattern: /^[a-zA-Z0-9-]+$/,
  allowed: "letters, digits and '-'",
  lowercase: false,
};

/** Props of {@link AzurePortalDashboard}. */
interface AzurePortalDashboardProps {
  /** Name parts, joined and fitted to {@link AZURE_DASHBOARD_NAMING}. */
  readonly nameParts: readonly string[];
  /** Title shown in the portal (the `hidden-title` tag). */
  readonly title: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the dashboard. */
  readonly resourceGroupName: string;
  /** The dashboard in the golden-signal model, with Azure Monitor metrics and Log Analytics queries. */
  readonly model: AzureGoldenSignalDashboard;
  /** Charts of the metrics the alerts watch, drawn in the alert-state row. @default - none */
  readonly alertCharts?: readonly AzureChart[];
  /** Tags on the dashboard; the `hidden-title` tag (`title`) is added to them. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A shared Azure portal dashboard rendered from the golden-signal model:
 * a row per golden signal of Azure Monitor metric charts and Log Analytics
 * query charts, then the
 * alert-state row (the alert rules, and the metrics they watch), titled
 * with the `hidden-title` tag the portal reads.
 */
export class AzurePortalDashboard extends Construct {
  /** Dashboard name. */
  public readonly name: string;
  /** The shared Azure portal dashboard (`azurerm_portal_dashboard`), named `name`, its JSON properties rendered from `model`. */
  public readonly dashboard: PortalDashboard;

  constructor(scope: Construct, id: string, props: AzurePortalDashboardProps) {
    super(scope, id);
    this.name = fitName(props.nameParts, AZURE_DASHBOARD_NAMING);
    this.dashboard = new PortalDashboard(this, "dashboard", {
      name: this.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      dashboardProperties: azureDashboardProperties(props.model, props.alertCharts),
      tags: { ...props.tags, "hidden-title": props.title },
    });
  }
}
