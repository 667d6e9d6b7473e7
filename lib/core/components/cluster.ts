import type { AlertDefinition, AlertOverride } from "../../observability/alert";
import type { ClusterAlertId } from "../../observability/alert-catalog";
import type { UnavailableAlert } from "../../observability/alert-binding";
import type { TargetComponentOptions } from "./common";
import type { EnvironmentProfile, NodeScaling, SizeClass } from "../environment";

/** A Kubernetes node taint. */
export interface NodeTaint {
  /** Taint key, a Kubernetes label key such as `dedicated` or `example.com/gpu`. */
  readonly key: string;
  /** Taint value. @default "" */
  readonly value?: string;
  /** What happens to pods without a matching toleration: not scheduled, avoided, or also evicted. */
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** One node pool; unset fields come from the environment profile. */
export interface NodePoolProps {
  /** Fewest nodes. @default - profile.nodes.minNodes (dev 1, staging 3, prod 3) */
  readonly minNodes?: number;
  /** Most nodes. @default - profile.nodes.maxNodes (dev 3, staging 6, prod 12) */
  readonly maxNodes?: number;
  /** Nodes at creation. @default - profile.nodes.desiredNodes, clamped to [minNodes, maxNodes] */
  readonly desiredNodes?: number;
  /** Size class mapped to the cloud's machine types. @default - profile.nodes.size (dev small, staging medium, prod large) */
  readonly size?: SizeClass;
  /** Exact machine types, overriding `size`. @default - the cloud's types for `size` */
  readonly machineTypes?: readonly string[];
  /** Root disk in GiB. @default - profile.nodes.diskGiB */
  readonly diskGiB?: number;
  /** Kubernetes labels on the nodes. @default - `{ "vigil.dev/pool": <pool name> }` */
  readonly labels?: Readonly<Record<string, string>>;
  /** Taints on the nodes. @default - none */
  readonly taints?: readonly NodeTaint[];
  /** Use spot / preemptible capacity. @default false */
  readonly spot?: boolean;
}

/** Cloud-neutral Kubernetes cluster props. */
export interface KubernetesClusterProps {
  /** Cluster name. @default - `<service>-<environment>` */
  readonly name?: string;
  /** Kubernetes minor version, e.g. "1.34". @default - the target's pinned default */
  readonly version?: string;
  /** Node pools by name; names become construct ids (renaming one replaces it). @default - `{ general: {} }` */
  readonly nodePools?: Readonly<Record<string, NodePoolProps>>;
  /**
   * CIDRs allowed to reach the public API endpoint where the profile enables it
   * (dev). Outside dev the endpoint is private unless CIDRs are given here.
   * @default - dev: ["0.0.0.0/0"] with a warning; staging/prod: endpoint private
   */
  readonly publicAccessCidrs?: readonly string[];
  /** Principals (IAM role/user ARNs, group ids) given cluster-admin. @default - the creator only */
  readonly admins?: readonly string[];
  /**
   * Overrides of the cluster's canonical alerts, by canonical id, thresholds
   * in the catalog's units (percent 0-100, counts): the same on every target
   * (docs/alerts.md).
   * @default - none
   */
  readonly alerts?: Readonly<Partial<Record<ClusterAlertId, AlertOverride>>>;
  /** AWS only: overrides of the cluster alerts only EKS has. @default - none */
  readonly aws?: TargetComponentOptions;
  /** GCP only: overrides of the cluster alerts only GKE has. @default - none */
  readonly gcp?: TargetComponentOptions;
  /** Azure only: overrides of the cluster alerts only AKS has. @default - none */
  readonly azure?: TargetComponentOptions;
}

/** What a built cluster exposes. */
export interface KubernetesClusterHandle {
  /** Cluster name. */
  readonly name: string;
  /** API server endpoint (a Terraform reference). */
  readonly endpoint: string;
  /** The alerts deployed for it. */
  readonly alerts: readonly AlertDefinition[];
  /** Canonical cluster alerts this target cannot provide, with the reason. */
  readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of its dashboard. */
  readonly dashboardName: string;
}

/** Node pool scaling after defaults, with any problems found. */
export interface ResolvedNodePool extends NodeScaling {
  /** Pool name. */
  readonly name: string;
  /** Labels to apply. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints to apply. */
  readonly taints: readonly NodeTaint[];
  /** Exact machine types, when given. @default - the cloud's types for `size` */
  readonly machineTypes?: readonly string[];
  /** Spot capacity. */
  readonly spot: boolean;
}

/** What one cloud allows a node pool, so each field has one rule on each target (and one message). */
export interface NodePoolLimits {
  /** The cloud's rule for a pool name, e.g. AKS's 1-12 lowercase letters and digits. @default - 1-31 lowercase letters, digits or "-", starting with a letter */
  readonly name?: { readonly pattern: RegExp; readonly allowed: string };
  /** Most nodes the cloud lets one pool have, and where that limit is stated. */
  readonly maxNodes: { readonly limit: number; readonly source: string };
}

/** The pool-name rule where the cloud allows more than Vigil needs (EKS, GKE): a Kubernetes label value that fits into the cloud's names. */
const DEFAULT_POOL_NAME = { pattern: /^[a-z][a-z0-9-]{0,30}$/, allowed: '1-31 lowercase letters, digits or "-", starting with a letter' } as const;

/** Default node pools when none are given. */
export const DEFAULT_NODE_POOLS: Readonly<Record<string, NodePoolProps>> = { general: {} };

/**
 * Applies the profile's defaults to a node pool and checks the bounds, with
 * the target's `limits` (pool name, most nodes per pool). Messages name the
 * pool and the field.
 */
export function resolveNodePool(name: string, pool: NodePoolProps, profile: EnvironmentProfile, limits: NodePoolLimits): { pool: ResolvedNodePool; problems: string[] } {
  const d = profile.nodes;
  const minNodes = pool.minNodes ?? d.minNodes;
  const maxNodes = pool.maxNodes ?? d.maxNodes;
  const desired = pool.desiredNodes ?? Math.min(Math.max(d.desiredNodes, minNodes), maxNodes);
  const where = `\`nodePools.${name}\``;
  const problems: string[] = [];
  const nameRule = limits.name ?? DEFAULT_POOL_NAME;
  if (!nameRule.pattern.test(name)) problems.push(`${where}: a pool name is ${nameRule.allowed}`);
  if (!Number.isInteger(minNodes) || minNodes < 0) problems.push(`${where}.minNodes is ${minNodes}; use a whole number >= 0`);
  if (!Number.isInteger(maxNodes) || maxNodes < 1) problems.push(`${where}.maxNodes is ${maxNodes}; use a whole number >= 1`);
  else if (maxNodes > limits.maxNodes.limit) {
    problems.push(`${where}.maxNodes is ${maxNodes}; ${limits.maxNodes.source} allows at most ${limits.maxNodes.limit}, so use ${limits.maxNodes.limit} or fewer (or add a second pool)`);
  }
  if (minNodes > maxNodes) problems.push(`${where}.minNodes (${minNodes}) is greater than maxNodes (${maxNodes}); set minNodes <= maxNodes`);
  else if (desired < minNodes || desired > maxNodes) problems.push(`${where}.desiredNodes (${desired}) is outside [${minNodes}, ${maxNodes}]; pick a value between minNodes and maxNodes`);
  if (profile.highAvailability && minNodes < profile.zones) {
    problems.push(`${where}.minNodes is ${minNodes} in "${profile.name}", which runs highly available over ${profile.zones} zones; set minNodes >= ${profile.zones} so every zone keeps a node`);
  }
  const diskGiB = pool.diskGiB ?? d.diskGiB;
  if (!Number.isInteger(diskGiB) || diskGiB < 20 || diskGiB > 16384) problems.push(`${where}.diskGiB is ${diskGiB}; use 20 to 16384`);
  if (pool.machineTypes !== undefined && pool.machineTypes.length === 0) problems.push(`${where}.machineTypes is empty; leave it out to use \`size\`, or list at least one type`);
  return {
    pool: {
      name,
      minNodes,
      maxNodes,
      desiredNodes: desired,
      size: pool.size ?? d.size,
      diskGiB,
      labels: pool.labels ?? { "vigil.dev/pool": name },
      taints: pool.taints ?? [],
      machineTypes: pool.machineTypes,
      spot: pool.spot ?? false,
    },
    problems,
  };
}
