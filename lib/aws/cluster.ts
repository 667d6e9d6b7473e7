import { Construct } from "constructs";
import { Annotations, Lazy } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { parseCidr } from "../core/cidr";
import { DEFAULT_NODE_POOLS, KubernetesClusterHandle, KubernetesClusterProps, NodePoolLimits, resolveNodePool, ResolvedNodePool } from "../core/components/cluster";
import { addValidationErrors } from "../core/errors";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import type { UnavailableAlert } from "../observability/alert-binding";
import { EKS_COMPONENT, eksClusterAlertBindings } from "./cluster-alerts";
import { eksClusterPanels } from "./dashboard-panels";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { ServiceRole } from "./private/iam";
import { EncryptionKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";
import { AWS_NODE_INSTANCE_TYPES } from "./sizes";

/**
 * Kubernetes version for new clusters. 1.34 left EKS standard support on
 * 2 December 2026 and is in extended support (extra cost per cluster hour)
 * until December 2027 (EKS User Guide, "Kubernetes version lifecycle"); it
 * stays the default until the pinned in-cluster operators are certified for
 * a newer one (ECK 3.2 lists Kubernetes 1.30-1.34). Set `cluster.version`
 * to "1.35" for standard support.
 */
const DEFAULT_EKS_VERSION = "1.34";

/**
 * Kubernetes minor versions EKS creates clusters on, in standard or extended
 * support, as of December 2026: 1.32 (extended support until March 2027) to
 * 1.36. A version is in standard support for 14 months after its EKS release
 * and in extended support (at extra cost) for 12 more; "you can create new
 * Amazon EKS clusters on any version offered in standard or extended
 * support" (EKS User Guide, "Understand the Kubernetes version lifecycle on
 * EKS"). Update the window as versions arrive and retire.
 */
const EKS_SUPPORTED_VERSIONS: readonly string[] = ["1.32", "1.33", "1.34", "1.35", "1.36"];

/**
 * What EKS allows a managed node group: 450 nodes, the default of the EKS
 * service quota "Nodes per managed node group" (EKS User Guide, "Amazon EKS
 * service quotas"; raise it through Service Quotas before asking for more).
 */
const EKS_NODE_POOL_LIMITS: NodePoolLimits = { maxNodes: { limit: 450, source: 'an EKS managed node group (service quota "Nodes per managed node group")' } };

/** Control-plane log types EKS can ship to CloudWatch Logs: all of them. */
const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** AMI family of managed nodes (Amazon Linux 2 reached end of support for EKS in 2025). */
const EKS_NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";

/** IMDS PUT response hop limit of the nodes: 1, so only the node and host-network pods get IMDSv2 tokens. */
const EKS_NODE_IMDS_HOP_LIMIT = 1;

/**
 * Configuration of the EBS CSI add-on for nodes whose IMDS pods cannot reach
 * (hop limit 1). The node plugin needs instance metadata (instance id, zone,
 * attached ENIs and volumes for its attach limit): it reads IMDS when it runs
 * in the host network, and otherwise falls back to Kubernetes node labels,
 * which assume one ENI and one volume and so overstate how many volumes a
 * node can still attach (EBS CSI driver docs/install.md, "Metadata"). The
 * controller needs only the Region, which EKS sets as `AWS_REGION` on the
 * add-on's controller.
 */
const EBS_CSI_ADDON_CONFIGURATION = { node: { hostNetwork: true } } as const;

/** Log groups the CloudWatch observability add-on writes (Container Insights). */
/** A log group Container Insights writes: `/aws/containerinsights/<cluster>/<group>`. */
export type ContainerInsightsLogGroup = "application" | "dataplane" | "host" | "performance";
const CONTAINER_INSIGHTS_LOG_GROUPS: readonly ContainerInsightsLogGroup[] = ["application", "dataplane", "host", "performance"];

/** The log group Container Insights writes container logs to (the log pipeline's catch-all). */
export function containerInsightsApplicationGroup(clusterName: string): string {
  return `/aws/containerinsights/${clusterName}/application`;
}

/**
 * JSON of the add-on's configuration values for Terraform: `${` starts an
 * interpolation in a Terraform string, so Fluent Bit's own `${VAR}`
 * references are written `$${VAR}`, which Terraform passes on as `${VAR}`.
 */
function addonConfigurationJson(values: Record<string, unknown>): string {
  return JSON.stringify(values).replace(/\$\{/g, () => "$${");
}

/** Props of {@link AwsEksCluster}. */
export interface AwsEksClusterProps extends KubernetesClusterProps, AwsComponentContext {
  /** Cluster name after defaults. */
  readonly name: string;
  /** Tags for what default_tags do not reach (EC2 instances and volumes launched by node groups). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Configuration values of the amazon-cloudwatch-observability add-on,
   * read at synth (the log pipeline's Fluent Bit files and resources).
   * @default - the add-on's defaults
   */
  readonly cloudwatchAddonValues?: () => Record<string, unknown>;
}

/**
 * An EKS cluster with observability and security on: private endpoint
 * (public only in dev or restricted by CIDR), KMS envelope encryption of
 * Secrets, all control-plane logs kept per the profile's audit retention,
 * API authentication with access entries, managed node groups (IMDSv2,
 * encrypted volumes, autoscaling bounds from the profile, node auto-repair),
 * core add-ons with EKS Pod Identity, Container Insights, CloudWatch alarms
 * and a dashboard.
 */
export class AwsEksCluster extends Construct implements KubernetesClusterHandle {
  /** The EKS cluster (`aws_eks_cluster`), named `name`, with a private endpoint, KMS-encrypted Secrets and every control-plane log type on. */
  public readonly cluster: EksCluster;
  /** Node groups by pool name. */
  public readonly nodeGroups: Readonly<Record<string, EksNodeGroup>>;
  /** Resolved node pools by name. */
  public readonly nodePools: Readonly<Record<string, ResolvedNodePool>>;
  /** The KMS-encrypted CloudWatch log group `/aws/eks/<name>/cluster` of the control-plane logs (Kubernetes audit included), kept for the profile's `auditLogRetentionDays`. */
  public readonly controlPlaneLogGroup: CloudwatchLogGroup;
  /** The Container Insights log groups (`application`, `dataplane`, `host`, `performance`), created before the add-on writes to them. */
  public readonly containerInsightsLogGroups: Readonly<Record<ContainerInsightsLogGroup, CloudwatchLogGroup>>;
  /** Canonical component kind. */
  public readonly kind = "cluster" as const;
  /** Implementation (runbook folder). */
  public readonly component = EKS_COMPONENT;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical cluster alerts EKS cannot provide, with the reason (none today). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the cluster's CloudWatch dashboard (golden signals and alarm states), `<name>-eks-cluster`. */
  public readonly dashboardName: string;
  /** Cluster name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AwsEksClusterProps) {
    super(scope, id);
    const { account, profile, name } = props;
    this.name = name;
    const version = props.version ?? DEFAULT_EKS_VERSION;
    const problems: string[] = [];
    const nameProblem = checkName(name, NAMING_RULES.awsEksCluster, "cluster.name");
    if (nameProblem) problems.push(nameProblem);
    if (!/^1\.\d{2}$/.test(version)) problems.push(`\`cluster.version\` ${JSON.stringify(version)} is not a Kubernetes minor version; write it like "${DEFAULT_EKS_VERSION}"`);
    else if (!EKS_SUPPORTED_VERSIONS.includes(version)) {
      const [oldest, newest] = [EKS_SUPPORTED_VERSIONS[0], EKS_SUPPORTED_VERSIONS[EKS_SUPPORTED_VERSIONS.length - 1]];
      problems.push(`\`cluster.version\` is ${JSON.stringify(version)}, which EKS does not create clusters on; use ${oldest} to ${newest} (standard or extended support), e.g. "${DEFAULT_EKS_VERSION}"`);
    }

    const endpoint = this.endpointAccess(props, problems);
    for (const admin of props.admins ?? []) {
      if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(admin)) {
        problems.push(`\`cluster.admins\` entry ${JSON.stringify(admin)} is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)`);
      }
    }

    const secretsKey = new EncryptionKey(this, "secrets-key", {
      account,
      alias: `${name}-eks-secrets`,
      description: `Envelope encryption of Kubernetes Secrets in ${name}`,
      profile,
    });
    // The control-plane group holds the Kubernetes audit log: kept for the audit
    // retention, and never destroyed with the stack in prod.
    this.controlPlaneLogGroup = encryptedLogGroup(this, "control-plane-logs", {
      name: `/aws/eks/${name}/cluster`,
      retentionDays: profile.auditLogRetentionDays,
      keyArn: props.logsKey.arn,
      preventDestroy: profile.preventDestroy,
    });
    const ciGroups = {} as Record<ContainerInsightsLogGroup, CloudwatchLogGroup>;
    for (const group of CONTAINER_INSIGHTS_LOG_GROUPS) {
      ciGroups[group] = encryptedLogGroup(this, `container-insights-${group}-logs`, {
        name: `/aws/containerinsights/${name}/${group}`,
        retentionDays: profile.logRetentionDays,
        keyArn: props.logsKey.arn,
      });
    }
    this.containerInsightsLogGroups = ciGroups;

    const clusterRole = new ServiceRole(this, "cluster-role", {
      account,
      nameParts: [name, "eks-cluster"],
      assumedBy: ["eks.amazonaws.com"],
      managedPolicies: ["AmazonEKSClusterPolicy"],
      inlineStatements: [
        { sid: "EnvelopeEncryption", actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], resources: [secretsKey.arn] },
      ],
    });

    this.cluster = new EksCluster(this, "cluster", {
      name,
      version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: props.network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: endpoint.public,
        publicAccessCidrs: endpoint.public ? endpoint.cidrs : undefined,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: [...EKS_LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      deletionProtection: profile.deletionProtection,
      dependsOn: [this.controlPlaneLogGroup, ...clusterRole.attachments],
      lifecycle: { preventDestroy: profile.preventDestroy },
    });

    const nodeRole = new ServiceRole(this, "node-role", {
      account,
      nameParts: [name, "eks-node"],
      assumedBy: ["ec2.amazonaws.com"],
      managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"],
    });

    const pools: Record<string, ResolvedNodePool> = {};
    const groups: Record<string, EksNodeGroup> = {};
    for (const [poolName, poolProps] of Object.entries(props.nodePools ?? DEFAULT_NODE_POOLS)) {
      const { pool, problems: poolProblems } = resolveNodePool(poolName, poolProps, profile, EKS_NODE_POOL_LIMITS);
      problems.push(...poolProblems);
      pools[poolName] = pool;
      groups[poolName] = this.nodeGroup(pool, nodeRole, props);
    }
    this.nodePools = pools;
    this.nodeGroups = groups;
    this.addons(props, Object.values(groups));

    (props.admins ?? []).forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${account.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
      });
    });

    const observed = deployAwsComponentAlerts(this, props, {
      description: "Amazon EKS cluster with managed node groups",
      stateful: false,
      resourceName: name,
      component: EKS_COMPONENT,
      prop: "cluster",
      bindings: eksClusterAlertBindings(name, props.runbookBaseUrl),
      overrides: props,
      panels: eksClusterPanels(name),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    problems.push(...observed.problems);
    addValidationErrors(this, problems);
  }

  /** API server endpoint (a Terraform reference). */
  public get endpoint(): string {
    return this.cluster.endpoint;
  }

  private endpointAccess(props: AwsEksClusterProps, problems: string[]): { public: boolean; cidrs: string[] } {
    const profile = props.profile;
    const given = props.publicAccessCidrs ? [...props.publicAccessCidrs] : undefined;
    for (const cidr of given ?? []) {
      const parsed = parseCidr(cidr);
      if ("error" in parsed) problems.push(`\`cluster.publicAccessCidrs\` entry ${parsed.error}`);
    }
    if (profile.clusterEndpoint.publicAccess) {
      if (!given) {
        Annotations.of(this).addWarning(
          `[vigil:publicEndpointOpen] the API endpoint of "${props.name}" is public to 0.0.0.0/0 in ${profile.name}; set cluster.publicAccessCidrs to your office or VPN ranges`,
        );
      }
      return { public: true, cidrs: given ?? ["0.0.0.0/0"] };
    }
    if (!given || given.length === 0) return { public: false, cidrs: [] };
    if (given.includes("0.0.0.0/0")) {
      problems.push(
        `\`cluster.publicAccessCidrs\` contains "0.0.0.0/0" in "${profile.name}", where the API endpoint must be private or restricted; list only your VPN or CI egress ranges`,
      );
    }
    return { public: true, cidrs: given };
  }

  private nodeGroup(pool: ResolvedNodePool, nodeRole: ServiceRole, props: AwsEksClusterProps): EksNodeGroup {
    const launchTemplate = new LaunchTemplate(this, `${pool.name}-launch-template`, {
      name: fitName([props.name, pool.name], NAMING_RULES.awsLaunchTemplate),
      updateDefaultVersion: true,
      // IMDSv2 only, and a hop limit of 1 so that a pod's container (one hop away) cannot get a token:
      // pods get AWS credentials from EKS Pod Identity, never the node role. Only host-network pods
      // (VPC CNI, kube-proxy, Pod Identity agent, CloudWatch agent, Fluent Bit, EBS CSI node) reach IMDS.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: EKS_NODE_IMDS_HOP_LIMIT },
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeSize: pool.diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      ],
      // default_tags reach the template, not the instances EKS launches from it.
      tagSpecifications: [
        { resourceType: "instance", tags: { ...props.tags, Name: `${props.name}-${pool.name}` } },
        { resourceType: "volume", tags: { ...props.tags, Name: `${props.name}-${pool.name}` } },
      ],
    });
    return new EksNodeGroup(this, `${pool.name}-nodes`, {
      clusterName: this.cluster.name,
      nodeGroupName: fitName([props.name, pool.name], NAMING_RULES.awsEksNodeGroup),
      nodeRoleArn: nodeRole.arn,
      subnetIds: props.network.privateSubnetIds,
      amiType: EKS_NODE_AMI_TYPE,
      capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
      instanceTypes: [...(pool.machineTypes ?? AWS_NODE_INSTANCE_TYPES[pool.size])],
      scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.desiredNodes },
      updateConfig: { maxUnavailablePercentage: 33 },
      nodeRepairConfig: { enabled: true },
      launchTemplate: { id: launchTemplate.id, version: `${launchTemplate.latestVersion}` },
      labels: { ...pool.labels },
      taint: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECTS[t.effect] })),
      dependsOn: nodeRole.attachments,
      // The cluster autoscaler owns the node count after creation.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
  }

  private addons(props: AwsEksClusterProps, nodeGroups: EksNodeGroup[]): void {
    const podRole = (id: string, policies: string[]) =>
      new ServiceRole(this, id, {
        account: props.account,
        nameParts: [props.name, id],
        assumedBy: ["pods.eks.amazonaws.com"],
        extraTrustActions: ["sts:TagSession"],
        managedPolicies: policies,
      });
    const addon = (addonName: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) =>
      new EksAddon(this, `addon-${addonName}`, {
        clusterName: this.cluster.name,
        addonName,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        ...extra,
      });
    addon("vpc-cni");
    addon("kube-proxy");
    const podIdentity = addon("eks-pod-identity-agent");
    // These need running nodes (and the Pod Identity agent) to become ACTIVE.
    addon("coredns", { dependsOn: nodeGroups });
    addon("aws-ebs-csi-driver", {
      dependsOn: [...nodeGroups, podIdentity],
      configurationValues: JSON.stringify(EBS_CSI_ADDON_CONFIGURATION),
      podIdentityAssociation: [
        { serviceAccount: "ebs-csi-controller-sa", roleArn: podRole("ebs-csi", ["service-role/AmazonEBSCSIDriverPolicy"]).arn },
      ],
    });
    // Container Insights with enhanced observability (node, pod and control-plane metrics, container logs).
    // Its agent and Fluent Bit run in the host network and EKS gives them the Region and cluster name,
    // so they need nothing from IMDS beyond the node's own metadata, which hop limit 1 still serves.
    const values = props.cloudwatchAddonValues;
    addon("amazon-cloudwatch-observability", {
      dependsOn: [...nodeGroups, podIdentity, ...Object.values(this.containerInsightsLogGroups)],
      configurationValues: values ? Lazy.stringValue({ produce: () => addonConfigurationJson(values()) }) : undefined,
      podIdentityAssociation: [{ serviceAccount: "cloudwatch-agent", roleArn: podRole("cloudwatch-agent", ["CloudWatchAgentServerPolicy"]).arn }],
    });
  }
}

const TAINT_EFFECTS: Record<string, string> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };
