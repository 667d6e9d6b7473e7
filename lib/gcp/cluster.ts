import { Construct } from "constructs";
import { Annotations, Fn } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { DataGoogleComputeZones } from "@cdktf/provider-google/lib/data-google-compute-zones";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { DEFAULT_NODE_POOLS, KubernetesClusterHandle, KubernetesClusterProps, NodePoolLimits, resolveNodePool, ResolvedNodePool } from "../core/components/cluster";
import { addValidationErrors } from "../core/errors";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import { isCidr } from "../core/cidr";
import type { AlertDefinition } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import { GkeBinaryAuthorization, GkeBinaryAuthorizationProps } from "./binary-authorization";
import { gkeAlertBindings, GKE_COMPONENT } from "./cluster-alerts";
import { gkePanels } from "./dashboard-panels";
import { GKE_POD_RANGE, GKE_SERVICE_RANGE } from "./network";
import { deployGcpComponentAlerts } from "./private/component-alerts";
import { gkeSecretsKey } from "./private/secrets-key";
import type { GcpComponentContext } from "./private/context";
import { GCP_NODE_MACHINE_TYPES } from "./sizes";

/** GKE's system limit of nodes per node pool zone (GKE docs, "Quotas and limits": 1,000); a regional pool's total is that times its zones. */
const GKE_NODES_PER_POOL_ZONE = 1000;

/**
 * Roles of the node service account, the least a node needs: write logs
 * and metrics, read monitoring metadata and pull images (GKE "Harden your
 * cluster's security", use a least-privilege service account; the role
 * `roles/container.defaultNodeServiceAccount` bundles the logging and
 * monitoring writers).
 */
const GKE_NODE_ROLES: readonly string[] = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"];

/** System components whose metrics GKE sends to Cloud Monitoring (besides Managed Prometheus). */
const GKE_MONITORING_COMPONENTS: readonly string[] = ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER", "STORAGE", "POD", "DEPLOYMENT", "STATEFULSET", "DAEMONSET", "HPA"];

/** Logs GKE sends to Cloud Logging: system components, workloads and the control plane. */
const GKE_LOGGING_COMPONENTS: readonly string[] = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER"];

/** Props of {@link GcpGkeCluster}. */
export interface GcpGkeClusterProps extends KubernetesClusterProps {
  /** Cluster name. */
  readonly name: string;
  /** The platform's context. */
  readonly context: GcpComponentContext;
  /** Binary Authorization: your registries. @default - the project's Artifact Registry in the region and the images of Vigil's operators */
  readonly binaryAuthorization?: GkeBinaryAuthorizationProps;
}

/**
 * A GKE Standard cluster: regional where the profile is highly available
 * (zonal in dev, in the region's "-b" zone), private nodes, a private
 * control plane endpoint outside dev, Workload Identity, a release channel
 * (STABLE where highly available, REGULAR in dev), Dataplane V2 with
 * intranode visibility (Pod-to-Pod traffic on one node crosses the VPC, so
 * flow logs and firewall rules see it), shielded nodes, Binary
 * Authorization with the project policy ({@link GkeBinaryAuthorization}:
 * enforced in prod, dry run elsewhere), Managed Service for Prometheus,
 * system and workload logging,
 * node pools with autoscaling from the profile, auto-repair and
 * auto-upgrade, run by a least-privilege node service account; with its
 * alert policies and dashboard.
 */
export class GcpGkeCluster extends Construct implements KubernetesClusterHandle {
  /** Implementation (runbook folder of its alerts). */
  public readonly component = GKE_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "cluster" as const;
  /** Canonical cluster alerts GKE cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Cluster name. */
  public readonly name: string;
  /** The GKE Standard cluster (`google_container_cluster`), named `name`, at `location`; its default node pool is removed once it exists. */
  public readonly cluster: ContainerCluster;
  /** Node pools by name. */
  public readonly nodePools: Readonly<Record<string, ContainerNodePool>>;
  /** The nodes' service account. */
  public readonly nodeServiceAccount: ServiceAccount;
  /** The project's Binary Authorization policy the cluster enforces. */
  public readonly binaryAuthorization: GkeBinaryAuthorization;
  /** Region (regional cluster) or zone (zonal). */
  public readonly location: string;
  /**
   * Zones the nodes run in: on a regional cluster, the first `profile.zones`
   * zones of the region (sorted, read at plan time); on a zonal cluster,
   * undefined (its one zone).
   */
  public readonly nodeLocations?: string[];
  /** Alerts deployed. */
  public readonly alerts: readonly AlertDefinition[];
  /** Display name of the cluster's Cloud Monitoring dashboard (golden signals and alert policies), `<name> gke-cluster`. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: GcpGkeClusterProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile, network } = ctx;
    const problems: string[] = [];
    this.name = props.name;
    const nameProblem = checkName(this.name, NAMING_RULES.gcpResource, "cluster.name");
    if (nameProblem) problems.push(nameProblem);
    for (const cidr of props.publicAccessCidrs ?? []) {
      if (!isCidr(cidr)) problems.push(`\`cluster.publicAccessCidrs\` entry ${JSON.stringify(cidr)} is not an IPv4 CIDR block`);
    }
    this.location = profile.highAvailability ? ctx.region : `${ctx.region}-b`;
    // A regional pool runs its per-zone counts in every zone it spans, and regions have 3 or 4
    // zones with differing letters (europe-west1 b/c/d, us-central1 a/b/c/f): read them from the
    // Compute API instead of guessing, and pin the profile's number of zones.
    if (profile.highAvailability) {
      const zones = new DataGoogleComputeZones(this, "zones", { project: ctx.project, region: ctx.region });
      this.nodeLocations = Fn.slice(Fn.sort(zones.names), 0, profile.zones);
    }
    const publicEndpoint = profile.clusterEndpoint.publicAccess || (props.publicAccessCidrs?.length ?? 0) > 0;
    const authorized = props.publicAccessCidrs ?? (profile.clusterEndpoint.publicAccess ? ["0.0.0.0/0"] : [network.layout.nodes]);
    if (authorized.includes("0.0.0.0/0")) {
      Annotations.of(this).addWarning(`[vigil:publicEndpointOpen] the API endpoint of "${this.name}" is public to 0.0.0.0/0 in ${profile.name}; set cluster.publicAccessCidrs to your office or VPN ranges`);
    }

    this.nodeServiceAccount = new ServiceAccount(this, "node-sa", {
      accountId: fitName([this.name, "nodes"], { ...NAMING_RULES.gcpResource, maxLength: 30 }),
      displayName: `Nodes of GKE cluster ${this.name}`,
    });
    const roleMembers = GKE_NODE_ROLES.map(
      (role) => new ProjectIamMember(this, `node-sa-${role.split("/")[1]}`, { project: ctx.project, role, member: `serviceAccount:${this.nodeServiceAccount.email}` }),
    );

    const secrets = gkeSecretsKey(this, { project: ctx.project, region: ctx.region, clusterName: this.name, profile, labels: ctx.labels });
    this.binaryAuthorization = new GkeBinaryAuthorization(this, "binary-authorization", { ...props.binaryAuthorization, project: ctx.project, region: ctx.region, profile });
    problems.push(...this.binaryAuthorization.problems);
    this.cluster = new ContainerCluster(this, "cluster", {
      name: this.name,
      location: this.location,
      network: network.vpc.id,
      subnetwork: network.subnet.id,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: GKE_POD_RANGE, servicesSecondaryRangeName: GKE_SERVICE_RANGE },
      // Node pools are managed separately; the default pool is removed once the cluster exists.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeLocations: this.nodeLocations,
      minMasterVersion: props.version,
      releaseChannel: { channel: profile.highAvailability ? "STABLE" : "REGULAR" },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint, masterIpv4CidrBlock: network.layout.controlPlane },
      masterAuthorizedNetworksConfig: { cidrBlocks: authorized.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock === "0.0.0.0/0" ? "anywhere (dev)" : "allowed" })) },
      workloadIdentityConfig: { workloadPool: `${ctx.project}.svc.id.goog` },
      datapathProvider: "ADVANCED_DATAPATH",
      // Same-node Pod traffic goes through the VPC: flow logs, firewall rules and Packet Mirroring see it
      // (GKE "Set up intranode visibility"; on by default in Autopilot, which runs Dataplane V2 too).
      enableIntranodeVisibility: true,
      // Pods are admitted by the project's Binary Authorization policy (GKE "Enable Binary Authorization").
      binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
      enableShieldedNodes: true,
      // Gateway API CRDs and GKE's Gateway controller (the services' edges are Gateways).
      gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
      monitoringConfig: { enableComponents: [...GKE_MONITORING_COMPONENTS], managedPrometheus: { enabled: true } },
      loggingConfig: { enableComponents: [...GKE_LOGGING_COMPONENTS] },
      // Kubernetes Secrets encrypted in etcd with the customer-managed key (application-layer encryption).
      databaseEncryption: { state: "ENCRYPTED", keyName: secrets.key.id },
      deletionProtection: profile.deletionProtection,
      // The cluster holds the in-cluster data (Cassandra, Elasticsearch volumes): a destroy loses them.
      lifecycle: { preventDestroy: profile.preventDestroy },
      nodeConfig: { serviceAccount: this.nodeServiceAccount.email, oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"], shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true } },
      resourceLabels: { ...ctx.labels },
      // The grant: GKE checks the key when it creates the cluster. The policy: no Pod is admitted under an older one.
      dependsOn: [...roleMembers, secrets.grant, this.binaryAuthorization.policy],
    });

    const pools: Record<string, ContainerNodePool> = {};
    for (const [poolName, poolProps] of Object.entries(props.nodePools ?? DEFAULT_NODE_POOLS)) {
      const zones = this.nodeLocations ? profile.zones : 1;
      const limits: NodePoolLimits = { maxNodes: { limit: GKE_NODES_PER_POOL_ZONE * zones, source: `a GKE node pool over ${zones} zone${zones === 1 ? "" : "s"} (1,000 nodes per node pool zone)` } };
      const { pool, problems: poolProblems } = resolveNodePool(poolName, poolProps, profile, limits);
      problems.push(...poolProblems);
      pools[poolName] = this.nodePool(pool, ctx);
    }
    this.nodePools = pools;

    const observed = deployGcpComponentAlerts(this, ctx, {
      description: "GKE Standard cluster",
      stateful: false,
      resourceName: this.name,
      component: GKE_COMPONENT,
      prop: "cluster",
      bindings: gkeAlertBindings(this.name, props.version, ctx.alerting.runbookBaseUrl),
      overrides: props,
      panels: gkePanels(this.name),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** API server endpoint (an IP address; Terraform reference). */
  public get endpoint(): string {
    return this.cluster.endpoint;
  }

  /** Base64 cluster CA certificate (Terraform reference). */
  public get caCertificate(): string {
    return this.cluster.masterAuth.clusterCaCertificate;
  }

  private nodePool(pool: ResolvedNodePool, ctx: GcpComponentContext): ContainerNodePool {
    // A regional pool runs initial_node_count in each of its node_locations (exactly profile.zones
    // zones); the autoscaler's total counts keep the profile's meaning (nodes in the cluster).
    const zones = this.nodeLocations ? ctx.profile.zones : 1;
    return new ContainerNodePool(this, `pool-${pool.name}`, {
      name: pool.name,
      cluster: this.cluster.id,
      location: this.location,
      nodeLocations: this.nodeLocations,
      initialNodeCount: Math.max(1, Math.ceil(pool.desiredNodes / zones)),
      autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: pool.machineTypes?.[0] ?? GCP_NODE_MACHINE_TYPES[pool.size],
        diskSizeGb: pool.diskGiB,
        diskType: "pd-balanced",
        imageType: "COS_CONTAINERD",
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        spot: pool.spot,
        labels: { ...pool.labels },
        taint: pool.taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: TAINT_EFFECTS[t.effect] })),
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        resourceLabels: { ...ctx.labels },
      },
      // The autoscaler owns the node count after creation.
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
}

const TAINT_EFFECTS = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;
