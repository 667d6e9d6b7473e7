import { Construct } from "constructs";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { sendDiagnostics } from "./diagnostic-settings";

/** Props of {@link AzureContainerInsights}. */
export interface AzureContainerInsightsProps {
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group. */
  readonly resourceGroupName: string;
  /** The AKS cluster. */
  readonly cluster: { readonly id: string };
  /** Log Analytics workspace receiving the container logs and inventory. */
  readonly workspaceId: string;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Container Insights with managed identity: the data collection rule the
 * AKS monitoring add-on reads (extension `ContainerInsights`, stream
 * `Microsoft-ContainerInsights-Group-Default`, ContainerLogV2, every minute)
 * to the Log Analytics workspace, and its association with the cluster —
 * what `az aks enable-addons -a monitoring` creates (Microsoft Learn,
 * "Enable Container insights ... using Terraform").
 */
export class AzureContainerInsights extends Construct {
  /** The data collection rule. */
  public readonly rule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: AzureContainerInsightsProps) {
    super(scope, id);
    const stream = "Microsoft-ContainerInsights-Group-Default";
    this.rule = new MonitorDataCollectionRule(this, "rule", {
      name: `${props.namePrefix}-container-insights`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      description: "Container Insights: container logs (v2), inventory and performance to Log Analytics",
      destinations: { logAnalytics: [{ name: "log-analytics", workspaceResourceId: props.workspaceId }] },
      dataFlow: [{ streams: [stream], destinations: ["log-analytics"] }],
      dataSources: {
        extension: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: [stream],
            extensionJson: JSON.stringify({ dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } }),
          },
        ],
      },
      tags: { ...props.tags },
    });
    sendDiagnostics(this, this.rule, props.workspaceId);
    new MonitorDataCollectionRuleAssociation(this, "association", {
      name: `${props.namePrefix}-container-insights`,
      targetResourceId: props.cluster.id,
      dataCollectionRuleId: this.rule.id,
      description: "AKS cluster to the Container Insights data collection rule",
    });
  }
}
