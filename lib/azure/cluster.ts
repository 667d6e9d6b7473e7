import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import type { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { cidrsOverlap, formatCidr, Ipv4Cidr, parseCidr } from "../core/cidr";
import { KubernetesClusterHandle, KubernetesClusterProps } from "../core/components/cluster";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { aksNodePools, aksPoolsPerZone, aksSystemPool } from "./private/aks-node-pools";
import { AksSecretsKey, aksSecretsKey } from "./private/aks-secrets-key";
import { AKS_COMPONENT, aksClusterAlertBindings } from "./cluster-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import { sendDiagnostics } from "./diagnostic-settings";
import type { AzureNativeAlert } from "./metric-alert";
import { deployAzureComponentAlerts } from "./private/component-alerts";
import type { AzureComponentContext } from "./private/context";
import { aksClusterPanels, aksLogPipelinePanels } from "./dashboard-panels";

/** Kubernetes minor version AKS clusters start on; automatic upgrades keep its patches current. */
export const AKS_DEFAULT_VERSION = "1.33";

/** Default service CIDR, outside the VNet ranges Vigil suggests (Azure CNI overlay keeps pods off the VNet). */
const AKS_SERVICE_CIDR = "172.16.0.0/16";

/** Default pod CIDR of the overlay network. */
export const AKS_POD_CIDR = "192.168.0.0/16";

/** Cluster settings on Azure: the cloud-neutral ones plus the overlay's address ranges. */
export interface AzureKubernetesClusterProps extends KubernetesClusterProps {
  /**
   * Pod addresses of the Azure CNI overlay; must not overlap the VNet, the
   * service CIDR or any network the pods reach (peered VNets, on-premises).
   * @default "192.168.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * Kubernetes Service addresses; must not overlap the VNet or the pod CIDR.
   * The cluster DNS service takes its 10th address.
   * @default "172.16.0.0/16"
   */
  readonly serviceCidr?: string;
}

/** Props of {@link AzureAksCluster}. */
export interface AzureAksClusterProps extends AzureKubernetesClusterProps {
  /** Cluster name (validated against AKS's naming rule). */
  readonly name: string;
  /** The platform's context. */
  readonly context: AzureComponentContext;
}

/**
 * The cluster's pod and service ranges checked against each other and the
 * VNet (AKS refuses a service CIDR inside the VNet; overlapping pod addresses
 * make traffic to those VNet hosts unroutable), with the DNS service IP: the
 * service range's 10th address (never the first, which the API server's
 * Service takes).
 */
function aksAddresses(vnetCidr: string, podCidr: string, serviceCidr: string): { dnsServiceIp: string; problems: string[] } {
  const problems: string[] = [];
  const ranges: Array<[string, string, Ipv4Cidr]> = [];
  for (const [field, value] of [["cluster.podCidr", podCidr], ["cluster.serviceCidr", serviceCidr]] as const) {
    const parsed = parseCidr(value);
    if ("error" in parsed) problems.push(`\`${field}\`: ${parsed.error}`);
    else ranges.push([field, value, parsed]);
  }
  const vnet = parseCidr(vnetCidr);
  // An invalid VNet CIDR is reported by the network.
  if (!("error" in vnet)) ranges.unshift(["network.cidr", vnetCidr, vnet]);
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [fa, va, a] = ranges[i];
      const [fb, vb, b] = ranges[j];
      if (cidrsOverlap(a, b)) problems.push(`\`${fb}\` "${vb}" overlaps \`${fa}\` "${va}"; the VNet, the AKS pod CIDR and the service CIDR must not overlap — pick disjoint blocks`);
    }
  }
  const service = parseCidr(serviceCidr);
  const dnsServiceIp = "error" in service ? "" : formatCidr({ network: service.network + 10, prefix: 32 }).replace(/\/32$/, "");
  return { dnsServiceIp, problems };
}

/**
 * An AKS cluster: a system node pool for critical add-ons and workload pools
 * from the profile, all autoscaled — per zone outside dev, each pool in its
 * zone's node subnet behind that zone's NAT gateway; encryption at host on
 * every pool; a user-assigned control-plane identity and Kubernetes Secrets
 * encrypted in etcd with a customer-managed Key Vault key (in a vault of its
 * own, with purge protection); Entra ID with Azure RBAC and local accounts
 * disabled; workload identity and the OIDC issuer; the Azure Policy add-on;
 * Azure CNI overlay with Cilium and egress through the VNet's NAT gateways;
 * managed Prometheus metrics (`monitor_metrics`, collected by the platform's
 * data collection rule) and Container Insights to Log Analytics; automatic
 * patch upgrades and node image upgrades in a Sunday window; a private API
 * server outside dev; a diagnostic setting and the AMBA metric alerts.
 */
export class AzureAksCluster extends Construct implements KubernetesClusterHandle {
  /** Component kind. */
  public readonly component = AKS_COMPONENT;
  /** Cluster name. */
  public readonly name: string;
  /** The AKS cluster (`azurerm_kubernetes_cluster`), named `name`, with the system node pool as its default pool. */
  public readonly cluster: KubernetesCluster;
  /** Node pools besides the default one, by AKS pool name (per zone: `general1`, `general2`, ... and `system2`, `system3`). */
  public readonly nodePools: ReadonlyMap<string, KubernetesClusterNodePool>;
  /** Alerts deployed. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical cluster alerts AKS cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the cluster's shared Azure portal dashboard (golden signals and alert rules), `<name>-aks-cluster`. */
  public readonly dashboardName: string;
  /** Whether the API server is reachable only from the VNet. */
  public readonly privateApiServer: boolean;
  /** The control plane's user-assigned identity (KMS needs one that exists before the cluster). */
  public readonly identity: UserAssignedIdentity;
  /** The Key Vault key that encrypts Kubernetes Secrets in etcd, with its vault. */
  public readonly secretsKey: AksSecretsKey;

  constructor(scope: Construct, id: string, props: AzureAksClusterProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    this.name = props.name;
    const podCidr = props.podCidr ?? AKS_POD_CIDR;
    const serviceCidr = props.serviceCidr ?? AKS_SERVICE_CIDR;
    const addresses = aksAddresses(ctx.network.cidr, podCidr, serviceCidr);
    const problems: string[] = [...addresses.problems];
    const nameProblem = checkName(props.name, NAMING_RULES.azureKubernetesCluster, "cluster.name");
    if (nameProblem) problems.push(nameProblem);
    // The network knows the zones the environment spans (none in dev or where the region has none).
    const zones = ctx.network.zones.length > 0 ? ctx.network.zones : undefined;
    const poolLayout = { nodeSubnets: ctx.network.nodeSubnets, zones, nodePools: props.nodePools, profile, tags: ctx.tags };
    const publicCidrs = props.publicAccessCidrs ?? (profile.clusterEndpoint.publicAccess ? ["0.0.0.0/0"] : []);
    this.privateApiServer = publicCidrs.length === 0;
    if (publicCidrs.includes("0.0.0.0/0")) {
      Annotations.of(this).addWarning(`[vigil:aksPublicApiServer] the API server of ${props.name} is reachable from the whole internet (Entra ID still guards it); set \`cluster.publicAccessCidrs\` to your office or CI ranges`);
    }

    // A user-assigned identity: KMS etcd encryption does not work with a system-assigned one, which
    // exists only after the cluster, too late for its role on the key (Microsoft Learn, KMS limitations).
    this.identity = new UserAssignedIdentity(this, "identity", { name: `${props.name}-control-plane`, location: ctx.location, resourceGroupName: ctx.resourceGroupName, tags: { ...ctx.tags } });
    // With its own VNet, the cluster's identity manages load balancers and reads the NAT gateways in it.
    const networkRole = new RoleAssignment(this, "network-contributor", {
      scope: ctx.network.vnet.id,
      roleDefinitionName: "Network Contributor",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
    });
    this.secretsKey = aksSecretsKey(this, {
      clusterName: props.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      tenantId: ctx.tenantId,
      deployerObjectId: ctx.deployerObjectId,
      clusterPrincipalId: this.identity.principalId,
      workspaceId: ctx.workspaceId,
      profile,
      tags: ctx.tags,
    });

    this.cluster = new KubernetesCluster(this, "cluster", {
      name: props.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      dnsPrefix: props.name.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 54),
      kubernetesVersion: props.version ?? AKS_DEFAULT_VERSION,
      skuTier: profile.tier === "dev" ? "Free" : "Standard",
      // The cluster holds the in-cluster data (Elasticsearch volumes): a destroy loses them.
      lifecycle: { preventDestroy: profile.preventDestroy },
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: { frequency: "Weekly", interval: 1, dayOfWeek: "Sunday", duration: 4, startTime: "02:00", utcOffset: "+00:00" },
      maintenanceWindowNodeOs: { frequency: "Weekly", interval: 1, dayOfWeek: "Sunday", duration: 4, startTime: "02:00", utcOffset: "+00:00" },
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: ctx.tenantId, adminGroupObjectIds: props.admins ? [...props.admins] : undefined },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      azurePolicyEnabled: true,
      identity: { type: "UserAssigned", identityIds: [this.identity.id] },
      // Kubernetes Secrets encrypted in etcd with the customer-managed key; "Public": the vault has no firewall (see aksSecretsKey).
      keyManagementService: { keyVaultKeyId: this.secretsKey.key.id, keyVaultNetworkAccess: "Public" },
      privateClusterEnabled: this.privateApiServer,
      // 0.0.0.0/0 means unrestricted: AKS takes that as no authorized ranges at all.
      apiServerAccessProfile: publicCidrs.length > 0 && !publicCidrs.includes("0.0.0.0/0") ? { authorizedIpRanges: [...publicCidrs] } : undefined,
      defaultNodePool: aksSystemPool(poolLayout),
      // Zonal pools scale together (Microsoft Learn, "Availability zones in AKS").
      autoScalerProfile: aksPoolsPerZone(ctx.network.nodeSubnets) ? { balanceSimilarNodeGroups: true } : undefined,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "cilium",
        networkDataPlane: "cilium",
        outboundType: "userAssignedNATGateway",
        loadBalancerSku: "standard",
        podCidr,
        serviceCidr,
        dnsServiceIp: addresses.dnsServiceIp,
      },
      monitorMetrics: {},
      omsAgent: { logAnalyticsWorkspaceId: ctx.workspaceId, msiAuthForMonitoringEnabled: true },
      tags: { ...ctx.tags },
      // Nodes join subnets whose NAT gateway and security group are already in force; the identity
      // holds its roles before AKS checks them (the key's at creation, the VNet's for load balancers).
      dependsOn: [...ctx.network.natAssociations, ...ctx.network.securityGroupAssociations, networkRole, this.secretsKey.clusterGrant],
    });

    const { pools, problems: poolProblems } = aksNodePools(this, this.cluster.id, poolLayout);
    problems.push(...poolProblems);
    this.nodePools = pools;
    sendDiagnostics(this, this.cluster, ctx.workspaceId);
    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: props.name,
      resourceId: this.cluster.id,
      component: AKS_COMPONENT,
      prop: "cluster",
      bindings: aksClusterAlertBindings(ctx.runbookBaseUrl),
      panels: aksClusterPanels({ resourceId: this.cluster.id, resourceName: props.name }),
      // The log collector runs on every node: its health is charted with the nodes'.
      alsoPanels: [aksLogPipelinePanels(ctx.workspaceId, props.name)],
      overrides: props,
      description: "AKS cluster",
      stateful: false,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** API server endpoint (FQDN; the private FQDN where the API server is private). */
  public get endpoint(): string {
    return this.privateApiServer ? this.cluster.privateFqdn : this.cluster.fqdn;
  }
}
