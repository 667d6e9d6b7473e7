import { Annotations, Fn } from "cdktf";
import { Construct } from "constructs";
import { CosmosdbCassandraCluster } from "@cdktf/provider-azurerm/lib/cosmosdb-cassandra-cluster";
import { CosmosdbCassandraDatacenter } from "@cdktf/provider-azurerm/lib/cosmosdb-cassandra-datacenter";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { CassandraHandle, CassandraProps, validateCassandra } from "../core/components/cassandra";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { SecretReference } from "../observability/channels";
import { sendDiagnostics } from "./diagnostic-settings";
import { MANAGED_CASSANDRA_COMPONENT, managedCassandraAlertBindings } from "./managed-cassandra-alerts";
import type { AzureNativeAlert } from "./metric-alert";
import { deployAzureComponentAlerts } from "./private/component-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { AzureComponentContext } from "./private/context";
import { GUID_PATTERN } from "./private/guid";
import { AZURE_CASSANDRA_SKUS } from "./sizes";
import { deletionLock } from "./private/deletion-lock";
import { managedCassandraPanels } from "./dashboard-panels";
import type { AzureGoldenSignalDashboard } from "./portal-dashboard-parts";

/** Cassandra version of new clusters. */
const AZURE_CASSANDRA_VERSION = "4.0";

/** Fewest nodes a Managed Instance datacenter runs (Microsoft Learn, "Create a cluster"). */
const AZURE_CASSANDRA_MIN_NODES = 3;

/**
 * Application id of the "Azure Cosmos DB" first-party app, which deploys the
 * Managed Instance nodes into the VNet (Microsoft Learn, "Create a Managed
 * Instance for Apache Cassandra cluster"); its object id differs per tenant.
 */
const AZURE_COSMOS_DB_APP_ID = "a232010e-820c-4083-83bb-3ace5fc29d0b";

/** Props of {@link AzureManagedCassandra}. */
interface AzureManagedCassandraProps extends CassandraProps {
  /** Service the cluster belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AzureComponentContext;
  /** Key Vault secret holding the initial `cassandra` admin password. */
  readonly adminPassword: SecretReference;
  /**
   * Object id, in this tenant, of the Azure Cosmos DB service principal
   * ({@link AZURE_COSMOS_DB_APP_ID}), granted `Network Contributor` on the VNet.
   * @default - none: reported at synth, since the cluster cannot be created without it
   */
  readonly cosmosDbPrincipalId?: string;
}

const FIND_COSMOS_DB_PRINCIPAL = `\`az ad sp show --id ${AZURE_COSMOS_DB_APP_ID} --query id -o tsv\``;

/** What is wrong with the Cosmos DB principal id, or why it is needed. */
function cosmosDbPrincipalProblems(principalId: string | undefined): string[] {
  if (principalId === undefined) {
    return [
      `\`cosmosDbPrincipalId\` is not set, but Managed Instance for Apache Cassandra needs its "Azure Cosmos DB" service principal to hold Network Contributor on the VNet before the cluster is created; set \`cosmosDbPrincipalId\` on the platform to its object id in your tenant (${FIND_COSMOS_DB_PRINCIPAL})`,
    ];
  }
  if (!GUID_PATTERN.test(principalId)) return [`\`cosmosDbPrincipalId\` ${JSON.stringify(principalId)} is not an object id (a GUID); read it with ${FIND_COSMOS_DB_PRINCIPAL}`];
  return [];
}

/**
 * Cassandra on Azure Managed Instance for Apache Cassandra: a cluster in the
 * VNet's Cassandra subnet (after the Azure Cosmos DB service principal is
 * made Network Contributor on the VNet), one datacenter per `datacenters` entry with its
 * node count and the size's SKU, spread over availability zones outside dev
 * where the region has them; the initial admin password read from Key Vault
 * at plan time (never in the configuration); daily backups and automatic
 * repair; replication factors checked against each datacenter's nodes;
 * `prevent_destroy` in prod; a diagnostic setting (CassandraAudit,
 * CassandraLogs) and metric alerts per node.
 *
 * Keyspaces and tables are not created: azurerm has no resource for them on
 * a managed instance, so the schema is applied with CQL (a warning says so).
 */
export class AzureManagedCassandra extends Construct implements CassandraHandle {
  /** Component kind. */
  public readonly component = MANAGED_CASSANDRA_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "cassandra" as const;
  /** Cluster name. */
  public readonly name: string;
  /** The Managed Instance for Apache Cassandra cluster (`azurerm_cosmosdb_cassandra_cluster`), named `name`, in the VNet's Cassandra subnet; its nodes are in `datacenters`. */
  public readonly cluster: CosmosdbCassandraCluster;
  /** Datacenters by name. */
  public readonly datacenters: ReadonlyMap<string, CosmosdbCassandraDatacenter>;
  /** Alerts deployed. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical Cassandra alerts Managed Instance cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the cluster's shared Azure portal dashboard (golden signals and alert rules), `<name>-cassandra-managed-instance`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AzureGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AzureManagedCassandraProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    const problems = validateCassandra(props);
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.azureCassandraCluster, "cassandra.name");
    if (nameProblem) problems.push(nameProblem);
    const sku = AZURE_CASSANDRA_SKUS[props.size ?? profile.nodes.size];
    const zoned = profile.tier !== "dev" && ctx.zonesAvailable;
    problems.push(...cosmosDbPrincipalProblems(props.cosmosDbPrincipalId));
    // The service places the nodes in the VNet as the Azure Cosmos DB app; without the role, creation fails.
    const networkRole = props.cosmosDbPrincipalId
      ? new RoleAssignment(this, "cosmos-db-network-contributor", {
          scope: ctx.network.vnet.id,
          roleDefinitionName: "Network Contributor",
          principalId: props.cosmosDbPrincipalId,
          principalType: "ServicePrincipal",
        })
      : undefined;

    this.cluster = new CosmosdbCassandraCluster(this, "cluster", {
      name: this.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      delegatedManagementSubnetId: ctx.network.cassandraSubnet.id,
      defaultAdminPassword: ctx.secrets.value(props.adminPassword, "`cassandra` (the cluster's initial admin password)"),
      version: AZURE_CASSANDRA_VERSION,
      authenticationMethod: "Cassandra",
      hoursBetweenBackups: 24,
      repairEnabled: true,
      identity: { type: "SystemAssigned" },
      tags: { ...ctx.tags },
      dependsOn: networkRole ? [networkRole] : undefined,
      // The password is only the initial one; rotating it in Key Vault must not replace the cluster.
      lifecycle: { preventDestroy: profile.preventDestroy, ignoreChanges: ["default_admin_password"] },
    });
    deletionLock(this, this.cluster, `Cassandra cluster ${this.name}`, profile);
    const datacenters = new Map<string, CosmosdbCassandraDatacenter>();
    for (const [dc, d] of Object.entries(props.datacenters ?? { dc1: {} })) {
      const nodes = d.nodes ?? 3;
      const dcProblem = checkName(dc, NAMING_RULES.azureCassandraDatacenter, `cassandra.datacenters.${dc}`);
      if (dcProblem) problems.push(dcProblem);
      if (nodes < AZURE_CASSANDRA_MIN_NODES) problems.push(`\`cassandra.datacenters.${dc}\`.nodes is ${nodes}; a Managed Instance for Apache Cassandra datacenter runs at least ${AZURE_CASSANDRA_MIN_NODES} nodes`);
      datacenters.set(
        dc,
        new CosmosdbCassandraDatacenter(this, `datacenter-${dc}`, {
          name: dc,
          cassandraClusterId: this.cluster.id,
          location: ctx.location,
          delegatedManagementSubnetId: ctx.network.cassandraSubnet.id,
          nodeCount: nodes,
          skuName: sku,
          diskCount: Math.max(1, Math.ceil((d.storageGiB ?? 100) / 1024)),
          availabilityZonesEnabled: zoned,
          lifecycle: { preventDestroy: profile.preventDestroy },
        }),
      );
    }
    this.datacenters = datacenters;
    if (Object.keys(props.keyspaces ?? {}).length > 0) {
      Annotations.of(this).addWarning(
        `[vigil:azureCassandraSchema] keyspaces ${Object.keys(props.keyspaces ?? {}).join(", ")} are not created on Azure Managed Instance for Apache Cassandra (azurerm has no resource for them); apply the schema with CQL through your migrations`,
      );
    }
    sendDiagnostics(this, this.cluster, ctx.workspaceId);
    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: this.name,
      resourceId: this.cluster.id,
      component: MANAGED_CASSANDRA_COMPONENT,
      prop: "cassandra",
      bindings: managedCassandraAlertBindings(this.name, ctx.runbookBaseUrl),
      panels: managedCassandraPanels({ resourceId: this.cluster.id, resourceName: this.name }),
      overrides: props,
      description: "Azure Managed Instance for Apache Cassandra cluster",
      stateful: true,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** Seed node addresses of the first datacenter, comma-separated (contact points). */
  public get endpoint(): string {
    const first = [...this.datacenters.values()][0];
    return first ? Fn.join(",", first.seedNodeIpAddresses) : "";
  }
}
