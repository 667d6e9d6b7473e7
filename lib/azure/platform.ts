import { Construct } from "constructs";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import type { ComponentHandle } from "../core/components/common";
import type { KafkaHandle, KafkaProps } from "../core/components/kafka";
import type { NetworkProps } from "../core/components/network";
import { buildPlaced, DataComponentKind, PlacementSupport } from "../core/components/placement";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import { PlatformBase, PlatformBaseProps } from "../core/components/platform-base";
import type { PostgresHandle, PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import { checkAzureTags, standardKeyOverrides, standardTags } from "../core/tags";
import { createInClusterPlacement, type InClusterOptions, type InClusterPlacement } from "../kubernetes/for-clouds";
import type { AlertDefinition, AlertOverride } from "../observability/alert";
import type { PlatformAlertId } from "../observability/alert-catalog";
import { isSecretReference, secret, secretReferenceProblem, SecretReference } from "../observability/channels";
import { isEdgeSlo, prometheusSlos, Slo } from "../observability/slo";
import { AzureEdgeSlos } from "./edge-slo";
import { aksConnection } from "./aks-connection";
import { AzureAlerting } from "./action-groups";
import { AzureActivityLogAlert } from "./activity-log-alert";
import { AzureAuditRetention } from "./audit-retention";
import type { AzureChannelDelivery } from "./channel-delivery";
import { AzureAksCluster, AzureKubernetesClusterProps } from "./cluster";
import { AzureContainerInsights } from "./container-insights";
import { sendDiagnostics } from "./diagnostic-settings";
import { AzureEventHubs } from "./event-hubs";
import { AzureManagedCassandra } from "./managed-cassandra";
import { AzureManagedGrafana } from "./managed-grafana";
import { AzureManagedPrometheus } from "./managed-prometheus";
import { AzureNetwork } from "./network";
import { AzureDatabaseAdministrator, AzurePostgresFlexible } from "./postgres-flexible";
import type { AzureComponentContext } from "./private/context";
import { GUID_PATTERN } from "./private/guid";
import { keyVaultIdProblem, KeyVaultSecrets } from "./private/secrets";
import { AZURE_DASHBOARD_NAMING, AzurePortalDashboard } from "./portal-dashboard";
import { containerLogPanels } from "./dashboard-panels";
import { componentDashboard } from "../observability/dashboard-binding";
import type { AzureGoldenSignalDashboard } from "./portal-dashboard-parts";
import { serviceDashboard } from "../observability/dashboard-model";
import { AzurePrometheusRuleGroups } from "./prometheus-rules";
import { azureRegionHasZones, checkAzureLocation } from "./regions";
import { logAnalyticsRetention } from "./sizes";
import { AzureWebTest } from "./web-test";
import { AzurePlatformLogsProps, AzureLogPipeline, AZURE_LOG_COLLECTOR, AZURE_LOG_STORE } from "./log-pipeline";
import { azureLogAlertBindings, AzureLogAlertSink, CONTAINER_LOG_TABLE, CONTAINER_LOGS_COMPONENT, serviceLogQuery } from "./log-alerts";
import { logAnalyticsQueryUrl } from "./log-link";
import { deployComponentAlerts, overridePaths } from "../core/components/component-alerts";
import type { ServiceLogsView } from "../core/components/logs";
import { addValidationErrors } from "../core/errors";
import type { EdgeHandle, EdgeRequest } from "../core/components/edge";
import { LogAnalyticsWorkspaceTable } from "@cdktf/provider-azurerm/lib/log-analytics-workspace-table";
import { AzureEdgeProps, AzureFrontDoorEdge } from "./front-door";
import { FRONT_DOOR_LOG_TABLE } from "./front-door-alerts";
/** Azure's managed service per data component kind. */
const AZURE_MANAGED_SERVICES: Readonly<Partial<Record<DataComponentKind, string>>> = {
  kafka: "Event Hubs (Kafka endpoint)",
  cassandra: "Managed Instance for Apache Cassandra",
  postgres: "Azure Database for PostgreSQL flexible server",
};

/** The resource group of an environment and region: `rg-<service>-<environment>-<location>`. */
function azureResourceGroupName(service: string, environment: string, location: string): string {
  return `rg-${service}-${environment}-${location}`;
}

/** Props of {@link AzurePlatform}. */
export interface AzurePlatformProps extends PlatformBaseProps {
  /** Azure region (programmatic name), e.g. "westeurope". */
  readonly location: string;
  /** Subscription id the provider deploys to (a GUID; credentials come from the environment). */
  readonly subscriptionId: string;
  /**
   * How action groups reach the routed channels that need more than the
   * channel says: relays for Slack and Telegram, URLs for webhooks with a
   * bearer token; keyed by channel name. (An Azure role is a channel:
   * `Channel.azureRole("Owner")`.)
   * @default - none: a routed channel that needs a detail fails synth, naming it
   */
  readonly delivery?: AzureChannelDelivery;
  /**
   * Resource id of an existing Key Vault holding the secrets the channels and
   * Cassandra name: `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>`
   * (`az keyvault show --name <name> --query id -o tsv`), not the vault's name or URI.
   * @default - none; any secret asked for is reported
   */
  readonly keyVaultId?: string;
  /** Key Vault secret with the Managed Cassandra cluster's initial admin password, as `secret("<name>")` (never the password itself). @default - secret "<service>-<environment>-cassandra-admin" */
  readonly cassandraAdminPassword?: SecretReference;
  /**
   * Object id, in your tenant, of the "Azure Cosmos DB" service principal
   * (`az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv`),
   * made Network Contributor on the VNet so Managed Cassandra can place its nodes.
   * @default - none: building Cassandra without it fails synth
   */
  readonly cosmosDbPrincipalId?: string;
  /**
   * Entra ID administrator of the PostgreSQL servers (password authentication
   * is off, so it is the only way in), ideally a group of the database admins.
   * @default - none: building PostgreSQL without it fails synth
   */
  readonly databaseAdministrator?: AzureDatabaseAdministrator;
  /** Object ids of the identities that deploy; their changes raise no manual-change alert. @default - the identity running Terraform */
  readonly pipelinePrincipals?: readonly string[];
  /** Network settings. @default - a 10.0.0.0/16 VNet */
  readonly network?: NetworkProps;
  /** Cluster settings. @default - `<service>-<environment>`, one `general` node pool from the profile, pods on 192.168.0.0/16 and Services on 172.16.0.0/16 */
  readonly cluster?: AzureKubernetesClusterProps;
  /**
   * The stack that reaches the AKS cluster (`<env>-azure-platform`), where
   * components placed in the cluster run: search always (Elastic Cloud needs
   * an Azure Marketplace agreement, see docs/azure.md), and any other
   * component whose `placement` is `in-cluster`.
   * @default - none: a component placed in the cluster is reported
   */
  readonly inCluster?: InClusterOptions;
  /** Extra tags on every taggable resource; the standard keys cannot be overridden. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The log pipeline: Container Insights to Log Analytics, kept and archived
   * as the profile says; overrides of `collector-down` and the archive's
   * storage account name.
   * @default - on, the catalog's pipeline alert, a generated archive account name
   */
  readonly logs?: AzurePlatformLogsProps;
  /**
   * The services' public edges (Front Door Premium): the Azure DNS zone of
   * their host names.
   * @default - none: a service with an `edge` fails synth, naming `edge.dnsZoneId`
   */
  readonly edge?: AzureEdgeProps;
  /**
   * Overrides of the platform's own canonical alerts: `manual-change` (a
   * change by hand, found in the activity log), severity or `enabled`.
   * @default - a ticket for every change outside the pipeline
   */
  readonly alerts?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
}

/**
 * The Azure target for one environment and region: the AzureRM provider, a
 * resource group, a Log Analytics workspace with the profile's retention, a
 * VNet, an AKS cluster with managed Prometheus (Azure Monitor workspace and
 * data collection rule) and Container Insights, Azure Managed Grafana, an
 * action group per delivered severity, Application Insights for web tests,
 * and an alert on changes made outside the pipeline. As a {@link Platform}
 * it builds a service's data components on managed services (Event Hubs,
 * Managed Instance for Apache Cassandra, PostgreSQL flexible server; search
 * in the cluster), each with its diagnostic setting and metric alerts.
 */
export class AzurePlatform extends PlatformBase implements Platform {
  /** Target name. */
  public readonly target = "azure" as const;
  /** The stack's AzureRM provider (`azurerm`), on `subscriptionId`, reaching storage with Entra ID rather than shared keys. */
  public readonly provider: AzurermProvider;
  /** Tags on every taggable resource. */
  public readonly tags: Readonly<Record<string, string>>;
  /** The resource group of the environment and region. */
  public readonly resourceGroup: ResourceGroup;
  /** Log Analytics workspace (diagnostic settings, Container Insights, activity log). */
  public readonly logAnalytics: LogAnalyticsWorkspace;
  /** The VNet. */
  public readonly network: AzureNetwork;
  /** The AKS cluster. */
  public readonly cluster: AzureAksCluster;
  /** Action groups and metric alerts. */
  public readonly alerting: AzureAlerting;
  /** Managed Prometheus. */
  public readonly prometheus: AzureManagedPrometheus;
  /** Managed Grafana. */
  public readonly grafana: AzureManagedGrafana;
  /** Application Insights (web tests). */
  public readonly applicationInsights: ApplicationInsights;
  /** Region. */
  public readonly location: string;
  /** The workloads' log pipeline (tables, retention, archive, collector health). */
  public readonly logPipeline: AzureLogPipeline;
  /** Resource id of the Log Analytics workspace as a plain string (links). */
  private readonly workspaceResourceId: string;
  /** Where components placed in the AKS cluster are built (absent without `inCluster`). */
  private readonly inCluster?: InClusterPlacement;
  private readonly context: AzureComponentContext;
  private readonly components: ComponentHandle[] = [];
  /** The dashboard model of each component built on an Azure service, for the service dashboards. */
  private readonly dashboards = new Map<ComponentHandle, AzureGoldenSignalDashboard>();
  private readonly secrets: KeyVaultSecrets;
  /** The retention of the Front Door logs' table, set once for every edge. */
  private edgeLogTable?: LogAnalyticsWorkspaceTable;

  constructor(scope: Construct, id: string, private readonly props: AzurePlatformProps) {
    super(scope, id, props);
    const { profile, problems } = this;
    const locationProblem = checkAzureLocation(props.location, profile.highAvailability, profile.name);
    if (locationProblem) problems.push(locationProblem);
    if (!GUID_PATTERN.test(props.subscriptionId)) {
      problems.push(`\`subscriptionId\` ${JSON.stringify(props.subscriptionId)} is not a subscription id (a GUID); copy it from \`az account show --query id\``);
    }
    this.location = props.location;
    this.tags = standardTags({ service: props.service, environment: profile.name, owner: props.owner }, props.tags);
    problems.push(...checkAzureTags(props.tags ?? {}).map((m) => `\`tags\`: ${m}`), ...standardKeyOverrides("tags", props.tags ?? {}, this.tags));
    const zonesAvailable = azureRegionHasZones(props.location);

    this.provider = new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: props.subscriptionId, storageUseAzuread: true });
    const client = new DataAzurermClientConfig(this, "client");
    const rgName = azureResourceGroupName(props.service, profile.name, props.location);
    // Made of the service and the location, both checked above: only a name too long is new.
    const rgProblem = locationProblem ? undefined : checkName(rgName, NAMING_RULES.azureResourceGroup, "resource group name");
    if (rgProblem) problems.push(rgProblem);
    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: rgName, location: props.location, tags: { ...this.tags } });
    const rg = this.resourceGroup.name;
    const workspaceName = fitName([this.namePrefix, "logs"], NAMING_RULES.azureLogAnalyticsWorkspace);
    this.workspaceResourceId = `/subscriptions/${props.subscriptionId}/resourceGroups/${rgName}/providers/Microsoft.OperationalInsights/workspaces/${workspaceName}`;
    this.logAnalytics = new LogAnalyticsWorkspace(this, "log-analytics", {
      name: workspaceName,
      location: props.location,
      resourceGroupName: rg,
      sku: "PerGB2018",
      retentionInDays: logAnalyticsRetention(profile.logRetentionDays),
      localAuthenticationEnabled: false,
      tags: { ...this.tags },
      // It holds the audit and diagnostic logs the profile keeps for a year in prod.
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    sendDiagnostics(this, this.logAnalytics, this.logAnalytics.id);
    new AzureAuditRetention(this, "audit-retention", { workspaceId: this.logAnalytics.id, interactiveDays: logAnalyticsRetention(profile.logRetentionDays), totalDays: profile.auditLogRetentionDays });
    const keyVaultProblem = props.keyVaultId === undefined ? undefined : keyVaultIdProblem(props.keyVaultId);
    if (keyVaultProblem) problems.push(keyVaultProblem);
    const passwordProblem = props.cassandraAdminPassword === undefined ? undefined : secretReferenceProblem("`cassandraAdminPassword`", props.cassandraAdminPassword, `${this.namePrefix}-cassandra-admin`);
    if (passwordProblem) problems.push(passwordProblem);
    this.secrets = new KeyVaultSecrets(this, "secrets", props.keyVaultId, keyVaultProblem === undefined);
    this.alerting = new AzureAlerting(this, "alerting", { namePrefix: this.namePrefix, resourceGroupName: rg, routing: this.routing, secrets: this.secrets, delivery: props.delivery, tags: this.tags });
    this.network = new AzureNetwork(this, "network", {
      ...props.network,
      namePrefix: this.namePrefix,
      location: props.location,
      resourceGroupName: rg,
      zones: zonesAvailable && profile.tier !== "dev" ? ["1", "2", "3"].slice(0, profile.zones) : [],
      natGateways: profile.natGateways,
      podCidr: props.cluster?.podCidr,
      workspaceId: this.logAnalytics.id,
      tags: this.tags,
    });
    this.context = {
      profile,
      location: props.location,
      zonesAvailable,
      resourceGroupName: rg,
      tags: this.tags,
      network: this.network,
      alerting: this.alerting,
      workspaceId: this.logAnalytics.id,
      secrets: this.secrets,
      tenantId: client.tenantId,
      deployerObjectId: client.objectId,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
    };
    this.cluster = new AzureAksCluster(this, "cluster", { ...props.cluster, name: props.cluster?.name ?? this.namePrefix, context: this.context });
    new AzureContainerInsights(this, "container-insights", { namePrefix: this.namePrefix, location: props.location, resourceGroupName: rg, cluster: this.cluster.cluster, workspaceId: this.logAnalytics.id, tags: this.tags });
    this.prometheus = new AzureManagedPrometheus(this, "prometheus", { namePrefix: this.namePrefix, location: props.location, resourceGroupName: rg, cluster: this.cluster.cluster, logAnalyticsWorkspaceId: this.logAnalytics.id, tags: this.tags });
    this.grafana = new AzureManagedGrafana(this, "grafana", {
      namePrefix: this.namePrefix,
      location: props.location,
      resourceGroupName: rg,
      resourceGroupId: this.resourceGroup.id,
      monitorWorkspaceId: this.prometheus.workspace.id,
      zoneRedundant: zonesAvailable && profile.tier !== "dev",
      logAnalyticsWorkspaceId: this.logAnalytics.id,
      tags: this.tags,
    });
    this.logPipeline = new AzureLogPipeline(this, "logs", {
      service: props.service,
      namePrefix: this.namePrefix,
      subscriptionId: props.subscriptionId,
      location: props.location,
      resourceGroupName: rg,
      workspaceId: this.logAnalytics.id,
      profile,
      logs: props.logs,
      alerting: this.alerting,
      prometheusWorkspaceId: this.prometheus.workspace.id,
      cluster: { id: this.cluster.cluster.id, name: this.cluster.name },
      dashboard: this.cluster.dashboardName,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
      tags: this.tags,
    });
    this.applicationInsights = new ApplicationInsights(this, "app-insights", {
      name: `${this.namePrefix}-insights`,
      location: props.location,
      resourceGroupName: rg,
      applicationType: "web",
      workspaceId: this.logAnalytics.id,
      localAuthenticationDisabled: true,
      tags: { ...this.tags },
    });
    sendDiagnostics(this, this.applicationInsights, this.logAnalytics.id);
    new AzureActivityLogAlert(this, "manual-changes", {
      namePrefix: this.namePrefix,
      location: props.location,
      resourceGroupName: rg,
      subscriptionId: props.subscriptionId,
      workspaceId: this.logAnalytics.id,
      pipelinePrincipals: props.pipelinePrincipals ?? [client.objectId],
      alerting: this.alerting,
      runbookBaseUrl: props.notifications.runbookBaseUrl,
      tags: this.tags,
      alerts: props.alerts,
    });
    this.inCluster =
      props.inCluster &&
      createInClusterPlacement(this, props.inCluster, {
        platformName: "AzurePlatform",
        connect: (scope) => aksConnection(scope, { subscriptionId: props.subscriptionId, clusterName: this.cluster.name, resourceGroupName: rgName }),
        // AKS built-in class: Azure Disk CSI, Premium SSD (zonal disks; the operators spread pods over zones).
        defaultStorageClassName: "managed-csi-premium",
      });
    // Secrets are asked for while components are built; report their problems at synth.
    this.node.addValidation({ validate: () => this.secrets.problems });
  }

  /** Every alert the platform itself deploys (cluster); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    const components = new Set(this.components.flatMap((c) => c.alerts));
    return this.alerting.alerts.filter((a) => !components.has(a));
  }

  /** Azure's managed services, and the cluster when the platform has an in-cluster stack. */
  protected placementSupport(kind: DataComponentKind): PlacementSupport {
    return {
      managed: AZURE_MANAGED_SERVICES[kind],
      noManagedReason: kind === "search" ? "Elastic Cloud's native Azure resource needs an Azure Marketplace agreement, see docs/azure.md" : undefined,
      inCluster: this.inCluster !== undefined,
      noInClusterReason: "the AzurePlatform has no in-cluster stack; give it `inCluster: { stack }`, the stack that reaches the AKS cluster (`<env>-azure-platform`)",
    };
  }

  /** Kafka on Event Hubs, or in the cluster (Strimzi). */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle {
    return buildPlaced(this.placementOf("kafka", props.placement), {
      managed: () => this.registered(new AzureEventHubs(scope, id, { ...props, service, context: this.context })),
      inCluster: () => this.registered(this.inCluster!.build("kafka", scope, id, service, props)),
    });
  }

  /** Cassandra on Managed Instance for Apache Cassandra, or in the cluster (K8ssandra). */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle {
    // A plain string here is reported at the platform; the default reference stands in for it.
    const given = this.props.cassandraAdminPassword;
    const adminPassword = isSecretReference(given) ? given : secret(`${this.namePrefix}-cassandra-admin`);
    return buildPlaced(this.placementOf("cassandra", props.placement), {
      managed: () => this.registered(new AzureManagedCassandra(scope, id, { ...props, service, context: this.context, adminPassword, cosmosDbPrincipalId: this.props.cosmosDbPrincipalId })),
      inCluster: () => this.registered(this.inCluster!.build("cassandra", scope, id, service, props)),
    });
  }

  /** Search in the AKS cluster (ECK). */
  public search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle {
    return buildPlaced(this.placementOf("search", props.placement), {
      inCluster: () => this.registered(this.inCluster!.build("search", scope, id, service, props)),
    });
  }

  /** PostgreSQL on a flexible server, or in the cluster (CloudNativePG). */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): PostgresHandle {
    return buildPlaced(this.placementOf("postgres", props.placement), {
      managed: () => this.registered(new AzurePostgresFlexible(scope, id, { ...props, service, context: this.context, administrator: this.props.databaseAdministrator })),
      inCluster: () => this.registered(this.inCluster!.build("postgres", scope, id, service, props)),
    });
  }

  /**
   * The service's edge on Front Door Premium ({@link AzureFrontDoorEdge}):
   * its access, health probe and WAF logs land in the workspace's
   * `AzureDiagnostics` table, kept like the workloads' logs (searchable
   * days, then long-term retention to the archive's days) and, with an
   * archive, exported to the locked storage account with them.
   */
  public edge(scope: Construct, id: string, service: string, request: EdgeRequest): EdgeHandle {
    const retention = this.logPipeline.retention;
    if (!this.edgeLogTable) {
      this.edgeLogTable = new LogAnalyticsWorkspaceTable(this, "edge-log-table", {
        name: FRONT_DOOR_LOG_TABLE,
        workspaceId: this.logAnalytics.id,
        retentionInDays: retention.searchableDays,
        totalRetentionInDays: Math.max(retention.searchableDays, retention.totalDays),
      });
      this.logPipeline.archive?.addTable(FRONT_DOOR_LOG_TABLE);
    }
    return this.registered(
      new AzureFrontDoorEdge(scope, id, {
        service,
        resourceName: service === this.service ? this.namePrefix : `${this.namePrefix}-${service}`,
        request,
        edge: this.props.edge,
        context: this.context,
        subscriptionId: this.props.subscriptionId,
        nodeResourceGroup: this.cluster.cluster.nodeResourceGroup,
        applicationInsightsId: this.applicationInsights.id,
        logAlerts: new AzureLogAlertSink({ alerting: this.alerting, location: this.location, resourceGroupName: this.resourceGroup.name, workspaceId: this.logAnalytics.id, tags: this.tags }),
        workspaceResourceId: this.workspaceResourceId,
        accessLogRetention: retention,
        intervalMinutes: this.profile.syntheticCheckIntervalMinutes,
      }),
    );
  }

  /**
   * The service's SLO rules as managed Prometheus rule groups, its web test,
   * and a portal dashboard: its log lines and error lines (Log Analytics
   * queries on ContainerLogV2), then the metrics its Azure components'
   * alerts watch, and their alert rules. Components
   * placed in the cluster deploy their PromQL alerts with them, evaluated by
   * the in-cluster Prometheus that scrapes their exporters.
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    const groups = prometheusSlos(observation.slos).map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl));
    if (groups.length > 0) {
      new AzurePrometheusRuleGroups(scope, `${id}-rules`, {
        groups,
        resourceGroupName: this.resourceGroup.name,
        location: this.location,
        workspaceId: this.prometheus.workspace.id,
        cluster: { id: this.cluster.cluster.id, name: this.cluster.name },
        alerting: this.alerting,
        namePrefix: observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`,
        tags: this.tags,
      });
    }
    const checkName = observation.service === this.service ? `${this.namePrefix}-health` : `${this.namePrefix}-${observation.service}-health`;
    if (observation.endpoint) {
      new AzureWebTest(scope, `${id}-web-test`, {
        ...observation.endpoint,
        name: checkName,
        applicationInsightsId: this.applicationInsights.id,
        intervalMinutes: this.profile.syntheticCheckIntervalMinutes,
        context: this.context,
      });
    }
    const members = observation.components.flatMap((c) => {
      const model = this.dashboards.get(c);
      return model ? [{ label: c.component, dashboard: model }] : [];
    });
    const title = `${observation.service} (${this.profile.name})`;
    const nameParts = [observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`, "service"];
    // Every service has logs, so every service has a portal dashboard: its log panels first, then its Azure components'.
    const dashboardName = fitName(nameParts, AZURE_DASHBOARD_NAMING);
    const { view: logs, dashboard: logsDashboard } = this.observeLogs(scope, id, observation, dashboardName);
    // SLOs measured at the edge: burn-rate log search alerts over Front Door's access log (the service refuses them without an edge).
    const edgeSlos = observation.slos.filter(isEdgeSlo);
    if (edgeSlos.length > 0 && observation.edge) {
      new AzureEdgeSlos(scope, `${id}-edge-slos`, {
        service: observation.service,
        slos: edgeSlos,
        hostname: new URL(observation.edge.url).hostname,
        namePrefix: observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`,
        alerting: this.alerting,
        workspaceId: this.logAnalytics.id,
        location: this.location,
        resourceGroupName: this.resourceGroup.name,
        runbookBaseUrl: this.routing.runbookBaseUrl,
        dashboard: dashboardName,
        tags: this.tags,
      });
    }
    const dashboard = new AzurePortalDashboard(scope, `${id}-dashboard`, {
      nameParts,
      title,
      location: this.location,
      resourceGroupName: this.resourceGroup.name,
      model: serviceDashboard(title, [{ label: "logs", dashboard: logsDashboard }, ...members]),
      tags: this.tags,
    });
    return {
      ruleGroupNames: groups.map((g) => g.name),
      dashboardName: dashboard.name,
      ...(observation.endpoint ? { syntheticCheckName: checkName } : {}),
      logs,
    };
  }

  /**
   * The service's log alerts (log search alerts on ContainerLogV2 in its
   * namespaces) and where its logs are: the query and a portal link that
   * opens Log Analytics on the workspace with it; and its log panels (lines
   * and error lines) with those alerts, for the service dashboard.
   */
  private observeLogs(scope: Construct, id: string, observation: ServiceObservation, dashboardName: string): { readonly view: ServiceLogsView; readonly dashboard: AzureGoldenSignalDashboard } {
    const namespaces = observation.logs.namespaces;
    const resourceName = observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`;
    const logsScope = new Construct(scope, `${id}-logs`);
    const deployed = deployComponentAlerts(logsScope, {
      target: "azure",
      component: CONTAINER_LOGS_COMPONENT,
      resourceName,
      description: `Container logs of ${observation.service} (ContainerLogV2, namespaces ${namespaces.join(", ")})`,
      stateful: false,
      bindings: azureLogAlertBindings({ namespaces, runbookBaseUrl: this.routing.runbookBaseUrl }),
      overrides: { alerts: observation.logs.alerts },
      paths: overridePaths("logs", "azure"),
      sink: new AzureLogAlertSink({ alerting: this.alerting, location: this.location, resourceGroupName: this.resourceGroup.name, workspaceId: this.logAnalytics.id, tags: this.tags }),
      dashboard: () => dashboardName,
    });
    addValidationErrors(logsScope, deployed.problems);
    const query = [serviceLogQuery(namespaces), "| project TimeGenerated, PodNamespace, PodName, ContainerName, LogLevel, LogMessage", "| order by TimeGenerated desc"].join("\n");
    const dashboard = componentDashboard(`${observation.service} logs`, containerLogPanels(this.workspaceResourceId, namespaces), deployed.alerts);
    const view: ServiceLogsView = {
      store: AZURE_LOG_STORE,
      location: `${CONTAINER_LOG_TABLE} in Log Analytics workspace ${this.workspaceResourceId.split("/").pop()}`,
      query,
      queryLanguage: "KQL",
      url: logAnalyticsQueryUrl(this.workspaceResourceId, query),
      retention: this.logPipeline.retention,
      collector: AZURE_LOG_COLLECTOR,
    };
    return { view, dashboard };
  }

  private registered<C extends ComponentHandle & { readonly dashboard?: AzureGoldenSignalDashboard }>(component: C): C {
    this.components.push(component);
    // Components on Azure services have a portal dashboard model; in-cluster ones are charted in Grafana.
    if (component.dashboard) this.dashboards.set(component, component.dashboard);
    return component;
  }
}
