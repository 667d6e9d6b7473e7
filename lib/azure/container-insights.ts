import { Construct } from "constructs";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { sendDiagnostics } from "./diagnostic-settings";

/** The stream of the nodes' syslog, to the `Syslog` table. */
const SYSLOG_STREAM = "Microsoft-Syslog";

/** Syslog facilities collected: all of them, as `az aks enable-addons --enable-syslog` does. */
const SYSLOG_FACILITIES: readonly string[] = ["*"];

/** Syslog levels collected: every level (the agent's names). */
const SYSLOG_LEVELS: readonly string[] = ["Debug", "Info", "Notice", "Warning", "Error", "Critical", "Alert", "Emergency"];

/** Props of {@link AzureContainerInsights}. */
interface AzureContainerInsightsProps {
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the data collection rule (the platform's). */
  readonly resourceGroupName: string;
  /** The AKS cluster. */
  readonly cluster: { readonly id: string };
  /** Log Analytics workspace receiving the container logs and inventory. */
  readonly workspaceId: string;
  /** Tags on the data collection rule (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Container Insights with managed identity: the data collection rule the
 * AKS monitoring add-on reads (extension `ContainerInsights`, stream
 * `Microsoft-ContainerInsights-Group-Default`: ContainerLogV2 of every
 * namespace, KubeEvents, inventory, every minute; and the nodes' syslog)
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
      description: "Container Insights: container logs (v2), Kubernetes events, inventory, performance and the nodes' syslog to Log Analytics",
      destinations: { logAnalytics: [{ name: "log-analytics", workspaceResourceId: props.workspaceId }] },
      dataFlow: [{ streams: [stream, SYSLOG_STREAM], destinations: ["log-analytics"] }],
      dataSources: {
        extension: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: [stream],
            extensionJson: JSON.stringify({ dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } }),
          },
        ],
        // The nodes' syslog (kubelet, containerd, kernel), collected by the same agent (Microsoft Learn, "Syslog collection with Container insights").
        syslog: [{ name: "sysLogsDataSource", streams: [SYSLOG_STREAM], facilityNames: [...SYSLOG_FACILITIES], logLevels: [...SYSLOG_LEVELS] }],
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
