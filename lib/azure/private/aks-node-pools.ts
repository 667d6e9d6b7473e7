import { Construct } from "constructs";
import { KubernetesClusterDefaultNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { DEFAULT_NODE_POOLS, NodePoolLimits, NodePoolProps, resolveNodePool } from "../../core/components/cluster";
import type { EnvironmentProfile } from "../../core/environment";
import type { AzureNodeSubnet } from "../network";
import { AZURE_NODE_VM_SIZES, AZURE_SYSTEM_POOL_VM_SIZE } from "../sizes";

/** AKS's limit of nodes per node pool (Virtual Machine Scale Sets pools; Microsoft Learn, "Quotas, virtual machine size restrictions, and region availability in AKS"). */
const AKS_NODES_PER_POOL = 1000;

/** Name of the system pool (the cluster's default node pool); per zone, the others add the zone: `system2`, `system3`. */
const AKS_SYSTEM_POOL = "system";

/** Taint AKS puts on system pools that run critical add-ons only (Microsoft Learn, "Manage system node pools"). */
const CRITICAL_ADDONS_ONLY = "CriticalAddonsOnly=true:NoSchedule";

/** What the pools are built from. */
interface AksNodePoolsProps {
  /** The node subnets: one (pools span `zones`), or one per zone (a pool per zone and subnet). */
  readonly nodeSubnets: readonly AzureNodeSubnet[];
  /** Zones a pool spans when there is one subnet. @default - none */
  readonly zones?: readonly string[];
  /** Workload pools by name. */
  readonly nodePools?: Readonly<Record<string, NodePoolProps>>;
  /** The profile in force. */
  readonly profile: EnvironmentProfile;
  /** Tags on every node pool, the system pool included (the cluster passes the platform's standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A subnet with a zone of its own: the pools are laid out per zone. */
const perZone = (subnets: readonly AzureNodeSubnet[]) => subnets.some((s) => s.zone !== undefined);

/** `n` nodes split over `parts` pools, rounded up so the total never falls short. */
const share = (n: number, parts: number) => Math.ceil(n / parts);

/**
 * The system pool (the cluster's `default_node_pool`): critical add-ons
 * only, autoscaled. With one subnet it spans the zones (`zones` nodes to
 * twice that); per zone it is the first zone's pool (1-2 nodes), and
 * {@link aksNodePools} adds one per other zone.
 */
export function aksSystemPool(props: AksNodePoolsProps): KubernetesClusterDefaultNodePool {
  const [first] = props.nodeSubnets;
  const spread = props.zones && props.zones.length > 0 ? props.zones.length : 0;
  const zonal = perZone(props.nodeSubnets);
  return {
    name: AKS_SYSTEM_POOL,
    vmSize: AZURE_SYSTEM_POOL_VM_SIZE,
    onlyCriticalAddonsEnabled: true,
    autoScalingEnabled: true,
    minCount: zonal ? 1 : spread || 1,
    maxCount: zonal ? 2 : spread ? spread * 2 : 3,
    zones: zonal ? [first.zone!] : props.zones ? [...props.zones] : undefined,
    vnetSubnetId: first.subnet.id,
    hostEncryptionEnabled: true,
    osDiskSizeGb: 128,
    osSku: "AzureLinux",
    upgradeSettings: { maxSurge: "10%" },
    tags: { ...props.tags },
  };
}

/**
 * The node pools besides the default one. Per zone (one subnet per zone,
 * behind that zone's NAT gateway), every pool is split into one pool per
 * zone — `general` becomes `general1`, `general2`, `general3`, each pinned to
 * its zone and subnet with its share of the nodes — and a system pool is
 * added in every zone but the first; the cluster autoscaler balances the
 * zonal pools (`balance_similar_node_groups`) — the layout Microsoft
 * recommends with the cluster autoscaler, including system pools per zone
 * (Microsoft Learn, "Availability zones in AKS"). With one subnet, one
 * pool per entry spanning the zones. Pool names: 1-12 lowercase letters and
 * digits (AKS's rule), so at most 11 before a zone digit.
 */
export function aksNodePools(scope: Construct, kubernetesClusterId: string, props: AksNodePoolsProps): { pools: Map<string, KubernetesClusterNodePool>; problems: string[] } {
  const problems: string[] = [];
  const pools = new Map<string, KubernetesClusterNodePool>();
  const zonal = perZone(props.nodeSubnets);
  const parts = props.nodeSubnets.length;
  const common = (subnet: AzureNodeSubnet) => ({
    kubernetesClusterId,
    autoScalingEnabled: true,
    zones: zonal ? [subnet.zone!] : props.zones ? [...props.zones] : undefined,
    vnetSubnetId: subnet.subnet.id,
    // Temp disks, caches and OS/data disk flows encrypted on the VM host (feature Microsoft.Compute/EncryptionAtHost).
    hostEncryptionEnabled: true,
    osSku: "AzureLinux",
    tags: { ...props.tags },
  });
  if (zonal) {
    for (const subnet of props.nodeSubnets.slice(1)) {
      const name = `${AKS_SYSTEM_POOL}${subnet.zone}`;
      pools.set(
        name,
        new KubernetesClusterNodePool(scope, `pool-${AKS_SYSTEM_POOL}-zone-${subnet.zone}`, {
          ...common(subnet),
          name,
          mode: "System",
          vmSize: AZURE_SYSTEM_POOL_VM_SIZE,
          minCount: 1,
          maxCount: 2,
          osDiskSizeGb: 128,
          nodeTaints: [CRITICAL_ADDONS_ONLY],
          upgradeSettings: { maxSurge: "10%" },
        }),
      );
    }
  }
  const longest = zonal ? 11 : 12;
  const limits: NodePoolLimits = {
    name: { pattern: new RegExp(`^[a-z][a-z0-9]{0,${longest - 1}}$`), allowed: `1-12 lowercase letters and digits, starting with a letter, on AKS${zonal ? "; per zone the zone's digit is appended, so use at most 11" : ""}` },
    // Split over the zones, one pool per zone, each up to AKS's 1,000.
    maxNodes: { limit: AKS_NODES_PER_POOL * parts, source: `AKS (1,000 nodes per node pool${zonal ? `, ${parts} zonal pools` : ""})` },
  };
  for (const [poolName, poolProps] of Object.entries(props.nodePools ?? DEFAULT_NODE_POOLS)) {
    const { pool, problems: poolProblems } = resolveNodePool(poolName, poolProps, props.profile, limits);
    problems.push(...poolProblems);
    for (const subnet of zonal ? props.nodeSubnets : props.nodeSubnets.slice(0, 1)) {
      const name = zonal ? `${poolName}${subnet.zone}` : poolName;
      const split = (n: number) => (zonal ? share(n, parts) : n);
      pools.set(
        name,
        new KubernetesClusterNodePool(scope, zonal ? `pool-${poolName}-zone-${subnet.zone}` : `pool-${poolName}`, {
          ...common(subnet),
          name,
          mode: "User",
          vmSize: pool.machineTypes?.[0] ?? AZURE_NODE_VM_SIZES[pool.size],
          minCount: split(pool.minNodes),
          maxCount: split(pool.maxNodes),
          nodeCount: split(pool.desiredNodes),
          osDiskSizeGb: pool.diskGiB,
          nodeLabels: { ...pool.labels },
          nodeTaints: pool.taints.map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`),
          priority: pool.spot ? "Spot" : "Regular",
          evictionPolicy: pool.spot ? "Delete" : undefined,
          spotMaxPrice: pool.spot ? -1 : undefined,
          upgradeSettings: pool.spot ? undefined : { maxSurge: "10%" },
          lifecycle: { ignoreChanges: ["node_count"] },
        }),
      );
    }
  }
  return { pools, problems };
}

/** Whether the pools are laid out per zone (the autoscaler then balances them). */
export function aksPoolsPerZone(subnets: readonly AzureNodeSubnet[]): boolean {
  return perZone(subnets);
}
