import { Construct } from "constructs";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { CassandraProps } from "../core/components/cassandra";
import type { ComponentHandle } from "../core/components/common";
import type { KafkaHandle, KafkaProps } from "../core/components/kafka";
import { NetworkProps } from "../core/components/network";
import type { Platform, ServiceObservability, ServiceObservation } from "../core/components/platform";
import type { PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { EnvironmentProfile, Profile, resolveEnvironment } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import { standardTags } from "../core/tags";
import type { InClusterContext, InClusterEngine } from "../kubernetes/context";
import { AlertDefinition } from "../observability/alert";
import { secret, SecretReference } from "../observability/channels";
import { alertRuleGroups } from "../observability/prometheus-rules";
import { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { Severity } from "../observability/severity";
import { Slo } from "../observability/slo";
import { AzureAlerting, azureChannelProblems } from "./action-groups";
import { AzureActivityLogAlert } from "./activity-log-alert";
import { AzureAuditRetention } from "./audit-retention";
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
import { KeyVaultSecrets } from "./private/secrets";
import { AzurePortalDashboard } from "./portal-dashboard";
import { AzurePrometheusRuleGroups } from "./prometheus-rules";
import { azureRegionHasZones, checkAzureLocation } from "./regions";
import { logAnalyticsRetention } from "./sizes";
import { AzureWebTest } from "./web-test";

/**
 * In-cluster engines used instead of (or where there is no) managed service,
 * with the context (chart, namespace, routing) of the AKS cluster; the stack
 * needs Kubernetes and Helm providers pointed at that cluster.
 */
export interface AzureInClusterEngines {
  /** The in-cluster context of the AKS cluster. */
  readonly context: InClusterContext;
  /** Search engine, e.g. `eckElasticsearch` from `cdktf-vigil/kubernetes`. @default - none: asking for search is reported */
  readonly search?: InClusterEngine<SearchProps, SearchHandle>;
  /** Kafka engine, e.g. `strimziKafka`, when the user wants Kafka in the cluster rather than Event Hubs. @default - none: Kafka runs on Event Hubs */
  readonly kafka?: InClusterEngine<KafkaProps, KafkaHandle>;
}

/** The resource group of an environment and region: `rg-<service>-<environment>-<location>`. */
export function azureResourceGroupName(service: string, environment: string, location: string): string {
  return `rg-${service}-${environment}-${location}`;
}

/** Application id of the AKS Entra ID server, the audience `kubelogin` asks tokens for (Microsoft Learn, "Use kubelogin"). */
export const AKS_ENTRA_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Props of {@link AzurePlatform}. */
export interface AzurePlatformProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: string | EnvironmentProfile;
  /** Azure region (programmatic name), e.g. "westeurope". */
  readonly location: string;
  /** Subscription id the provider deploys to (a GUID; credentials come from the environment). */
  readonly subscriptionId: string;
  /** Service or platform name: lowercase letters, digits and "-", used in every resource name and the `service` tag. */
  readonly service: string;
  /** Owning team, for the `owner` tag. */
  readonly owner: string;
  /** Notification channels and severity routes. */
  readonly notifications: NotificationRoutingProps;
  /** Azure roles whose members receive each delivered severity (arm_role_receiver). @default - none */
  readonly roleReceivers?: Readonly<Partial<Record<Severity, readonly string[]>>>;
  /** Resource id of an existing Key Vault holding the secrets the channels and Cassandra name. @default - none; any secret asked for is reported */
  readonly keyVaultId?: string;
  /** Key Vault secret with the Managed Cassandra cluster's initial admin password. @default - secret "<service>-<environment>-cassandra-admin" */
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
  /** In-cluster engines: search (Elastic Cloud needs a marketplace agreement, see docs/azure.md) and, if asked, Kafka. @default - none: Kafka on Event Hubs, search reported */
  readonly inCluster?: AzureInClusterEngines;
  /** Extra tags on every taggable resource; the standard keys cannot be overridden. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
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
export class AzurePlatform extends Construct implements Platform {
  /** Target name. */
  public readonly target = "azure" as const;
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** Routing with the environment's downgrade. */
  public readonly routing: NotificationRouting;
  /** The provider. */
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
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;
  /** The platform's service name. */
  public readonly service: string;
  /** Region. */
  public readonly location: string;
  private readonly context: AzureComponentContext;
  private readonly components: ComponentHandle[] = [];
  private readonly secrets: KeyVaultSecrets;
  private readonly problems: string[];

  constructor(scope: Construct, id: string, private readonly props: AzurePlatformProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.problems = problems;
    this.profile = profile;
    Profile.attach(this, profile);
    if (!/^[a-z][a-z0-9-]{1,29}$/.test(props.service)) {
      problems.push(`\`service\` ${JSON.stringify(props.service)} must be 2-30 lowercase letters, digits or "-", starting with a letter (it prefixes every resource name)`);
    }
    if (!props.owner?.trim()) problems.push("`owner` is empty; name the owning team, e.g. \"team-checkout\" (it becomes the owner tag)");
    const locationProblem = checkAzureLocation(props.location, profile.highAvailability, profile.name);
    if (locationProblem) problems.push(locationProblem);
    if (!GUID_PATTERN.test(props.subscriptionId)) {
      problems.push(`\`subscriptionId\` ${JSON.stringify(props.subscriptionId)} is not a subscription id (a GUID); copy it from \`az account show --query id\``);
    }
    problems.push(...NotificationRouting.validate(props.notifications), ...azureChannelProblems(props.notifications));
    this.location = props.location;
    this.service = props.service;
    this.namePrefix = `${props.service}-${profile.name}`;
    this.tags = standardTags({ service: props.service, environment: profile.name, owner: props.owner }, props.tags);
    this.routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);
    const zonesAvailable = azureRegionHasZones(props.location);

    this.provider = new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: props.subscriptionId, storageUseAzuread: true });
    const client = new DataAzurermClientConfig(this, "client");
    const rgName = azureResourceGroupName(props.service, profile.name, props.location);
    const rgProblem = checkName(rgName, NAMING_RULES.azureResourceGroup, "resource group name");
    if (rgProblem) problems.push(rgProblem);
    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: rgName, location: props.location, tags: { ...this.tags } });
    const rg = this.resourceGroup.name;
    this.logAnalytics = new LogAnalyticsWorkspace(this, "log-analytics", {
      name: fitName([this.namePrefix, "logs"], NAMING_RULES.azureLogAnalyticsWorkspace),
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
    this.secrets = new KeyVaultSecrets(this, "secrets", props.keyVaultId);
    this.alerting = new AzureAlerting(this, "alerting", { namePrefix: this.namePrefix, resourceGroupName: rg, routing: this.routing, secrets: this.secrets, roleReceivers: props.roleReceivers, tags: this.tags });
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
    const grafanaName = fitName([this.namePrefix], NAMING_RULES.azureGrafana);
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
      dashboardName: grafanaName,
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
    });
    // Secrets are asked for while components are built; report the problems at synth.
    this.node.addValidation({ validate: () => [...this.problems, ...this.secrets.problems] });
  }

  /** Every alert the platform itself deploys (cluster); a component's alerts are on its handle. */
  public get alerts(): readonly AlertDefinition[] {
    const components = new Set(this.components.flatMap((c) => c.alerts));
    return this.alerting.alerts.filter((a) => !components.has(a));
  }

  /** Kafka on Event Hubs, or in the cluster when an in-cluster Kafka engine is configured. */
  public kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle {
    const inCluster = this.props.inCluster;
    if (inCluster?.kafka) return this.inClusterComponent(scope, inCluster.kafka, inCluster.context, service, props);
    return this.registered(new AzureEventHubs(scope, id, { ...props, service, context: this.context }));
  }

  /** Cassandra on Managed Instance for Apache Cassandra. */
  public cassandra(scope: Construct, id: string, service: string, props: CassandraProps): AzureManagedCassandra {
    const adminPassword = this.props.cassandraAdminPassword ?? secret(`${this.namePrefix}-cassandra-admin`);
    return this.registered(new AzureManagedCassandra(scope, id, { ...props, service, context: this.context, adminPassword, cosmosDbPrincipalId: this.props.cosmosDbPrincipalId }));
  }

  /** Search in the AKS cluster through the configured in-cluster engine. */
  public search(scope: Construct, _id: string, service: string, props: SearchProps): SearchHandle {
    const inCluster = this.props.inCluster;
    if (!inCluster?.search) {
      addValidationErrors(scope, [
        "`search` on Azure runs in the AKS cluster (Elastic Cloud's native resource needs an Azure Marketplace agreement); build it in a stack with Kubernetes providers on the cluster and `inCluster: { context, search: eckElasticsearch }`, or leave `search` out of this stack",
      ]);
      return { component: "search-eck", name: props.name ?? `${service}-search`, alerts: [], dashboardName: this.context.dashboardName, endpoint: "" };
    }
    return this.inClusterComponent(scope, inCluster.search, inCluster.context, service, props);
  }

  /** PostgreSQL on a flexible server. */
  public postgres(scope: Construct, id: string, service: string, props: PostgresProps): AzurePostgresFlexible {
    return this.registered(new AzurePostgresFlexible(scope, id, { ...props, service, context: this.context, administrator: this.props.databaseAdministrator }));
  }

  /**
   * The service's SLO rules and its components' PromQL alerts as managed
   * Prometheus rule groups, its web test, and a portal dashboard charting the
   * metrics its components' alerts watch (the Grafana workspace when none has
   * an Azure metric alert).
   */
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    const groups = [
      ...observation.slos.map((slo) => new Slo(slo)).flatMap((slo) => slo.ruleGroups(this.routing.runbookBaseUrl)),
      ...alertRuleGroups(observation.components.flatMap((c) => c.alerts), { service: observation.service }),
    ];
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
        location: this.location,
        resourceGroupName: this.resourceGroup.name,
        applicationInsightsId: this.applicationInsights.id,
        intervalMinutes: this.profile.syntheticCheckIntervalMinutes,
        alerting: this.alerting,
        runbookBaseUrl: this.routing.runbookBaseUrl,
        tags: this.tags,
      });
    }
    const charts = this.alerting.chartsOf(observation.components.flatMap((c) => c.alerts));
    const dashboard =
      charts.length > 0
        ? new AzurePortalDashboard(scope, `${id}-dashboard`, {
            nameParts: [observation.service === this.service ? this.namePrefix : `${this.namePrefix}-${observation.service}`, "service"],
            title: `${observation.service} (${this.profile.name})`,
            location: this.location,
            resourceGroupName: this.resourceGroup.name,
            charts,
            tags: this.tags,
          })
        : undefined;
    return {
      ruleGroupNames: groups.map((g) => g.name),
      dashboardName: dashboard?.name ?? this.grafana.name,
      ...(observation.endpoint ? { syntheticCheckName: checkName } : {}),
    };
  }

  private inClusterComponent<P, H extends ComponentHandle>(scope: Construct, engine: InClusterEngine<P, H>, context: InClusterContext, service: string, props: P): H {
    const { handle, problems } = engine(context, scope, service, props);
    addValidationErrors(scope, problems);
    return this.registered(handle);
  }

  private registered<C extends ComponentHandle>(component: C): C {
    this.components.push(component);
    return component;
  }
}
