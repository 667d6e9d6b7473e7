import { Construct } from "constructs";
import { MonitorDataCollectionEndpoint } from "@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { MonitorWorkspace } from "@cdktf/provider-azurerm/lib/monitor-workspace";
import { sendDiagnostics } from "./diagnostic-settings";

/** Props of {@link AzureManagedPrometheus}. */
export interface AzureManagedPrometheusProps {
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the Azure Monitor workspace, data collection endpoint and rule (the platform's). */
  readonly resourceGroupName: string;
  /** The AKS cluster whose metrics are collected. */
  readonly cluster: { readonly id: string };
  /** Log Analytics workspace for the diagnostic settings. */
  readonly logAnalyticsWorkspaceId: string;
  /** Tags on the Azure Monitor workspace, data collection endpoint and rule (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Azure Monitor managed service for Prometheus: an Azure Monitor workspace,
 * and the data collection endpoint, rule (`Microsoft-PrometheusMetrics`
 * stream to the workspace) and associations that make the AKS metrics
 * add-on ship its scrapes there — the resources `az aks update
 * --enable-azure-monitor-metrics` creates (Microsoft Learn, "Enable
 * Prometheus metrics collection ... using Terraform").
 */
export class AzureManagedPrometheus extends Construct {
  /** The Azure Monitor workspace. */
  public readonly workspace: MonitorWorkspace;
  /** Data collection endpoint. */
  public readonly endpoint: MonitorDataCollectionEndpoint;
  /** Data collection rule. */
  public readonly rule: MonitorDataCollectionRule;

  constructor(scope: Construct, id: string, props: AzureManagedPrometheusProps) {
    super(scope, id);
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: { ...props.tags } };
    this.workspace = new MonitorWorkspace(this, "workspace", { ...common, name: `${props.namePrefix}-prometheus` });
    this.endpoint = new MonitorDataCollectionEndpoint(this, "endpoint", { ...common, name: `${props.namePrefix}-prometheus`, kind: "Linux" });
    this.rule = new MonitorDataCollectionRule(this, "rule", {
      ...common,
      name: `${props.namePrefix}-prometheus`,
      kind: "Linux",
      dataCollectionEndpointId: this.endpoint.id,
      description: "Ships the AKS metrics add-on's Prometheus scrapes to the Azure Monitor workspace",
      destinations: { monitorAccount: [{ monitorAccountId: this.workspace.id, name: "monitor-workspace" }] },
      dataFlow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["monitor-workspace"] }],
      dataSources: { prometheusForwarder: [{ name: "prometheus-data-source", streams: ["Microsoft-PrometheusMetrics"] }] },
    });
    new MonitorDataCollectionRuleAssociation(this, "rule-association", {
      name: `${props.namePrefix}-prometheus`,
      targetResourceId: props.cluster.id,
      dataCollectionRuleId: this.rule.id,
      description: "AKS cluster to the Prometheus data collection rule",
    });
    sendDiagnostics(this, this.workspace, props.logAnalyticsWorkspaceId);
    sendDiagnostics(this, this.rule, props.logAnalyticsWorkspaceId);
    // The endpoint association must be named configurationAccessEndpoint (the provider's default name).
    new MonitorDataCollectionRuleAssociation(this, "endpoint-association", {
      targetResourceId: props.cluster.id,
      dataCollectionEndpointId: this.endpoint.id,
    });
  }
}
