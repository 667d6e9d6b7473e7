import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { cidrSubnet, cidrsOverlap, formatCidr, Ipv4Cidr, parseCidr } from "../core/cidr";
import { networkCidrProblem, publicAddressSpaceWarning } from "../core/network-address-space";
import { DEFAULT_NETWORK_CIDR, NetworkHandle, NetworkProps } from "../core/components/network";
import type { EnvironmentProfile } from "../core/environment";

/** Names of the subnet's secondary ranges, which GKE's IP allocation policy refers to. */
export const GKE_POD_RANGE = "pods";
/** Secondary range of Kubernetes Services. */
export const GKE_SERVICE_RANGE = "services";

/** GCP network settings: the cloud-neutral address space and the ranges carved from it. */
export interface GcpNetworkProps extends NetworkProps {
  /** Secondary range for pod IPs (VPC-native GKE). @default - the upper half of `cidr` (a /17 of a /16) */
  readonly podsCidr?: string;
  /** Secondary range for Service IPs. @default - the second /20 of a /16 `cidr` */
  readonly servicesCidr?: string;
  /** Range reserved for private service access (Cloud SQL's private IP). @default - the fifth /20 of a /16 `cidr` */
  readonly privateServicesCidr?: string;
  /** /28 of the GKE control plane's private endpoint. @default - the first /28 of the seventh /20 of a /16 `cidr` */
  readonly controlPlaneCidr?: string;
}

/** The ranges of a network after defaults. */
export interface GcpNetworkLayout {
  /** The whole address space. */
  readonly cidr: string;
  /** Primary range of the subnet (nodes, internal load balancers). */
  readonly nodes: string;
  /** Pods secondary range. */
  readonly pods: string;
  /** Services secondary range. */
  readonly services: string;
  /** Private service access range. */
  readonly privateServices: string;
  /** GKE control plane /28. */
  readonly controlPlane: string;
}

/**
 * Carves the default ranges from the address space and checks the user's:
 * each a valid CIDR, inside RFC 1918 space where it defaults, and no two
 * overlapping (GCP rejects a subnet whose secondary ranges overlap).
 */
function gcpNetworkLayout(props: GcpNetworkProps): { layout: GcpNetworkLayout; problems: string[] } {
  const problems: string[] = [];
  const cidr = props.cidr ?? DEFAULT_NETWORK_CIDR;
  let base = parseCidr(cidr);
  const cidrProblem = networkCidrProblem(cidr);
  if (cidrProblem) {
    problems.push(cidrProblem);
    // Carry on with the default block so the other ranges are still checked (against it, quietly).
    base = parseCidr(DEFAULT_NETWORK_CIDR) as Ipv4Cidr;
  }
  const b = base as Ipv4Cidr;
  const sixteenth = (n: number) => cidrSubnet(b, 4, n);
  const layout: GcpNetworkLayout = {
    cidr: formatCidr(b),
    nodes: formatCidr(sixteenth(0)),
    services: props.servicesCidr ?? formatCidr(sixteenth(1)),
    privateServices: props.privateServicesCidr ?? formatCidr(sixteenth(4)),
    controlPlane: props.controlPlaneCidr ?? formatCidr(cidrSubnet(sixteenth(6), 28 - (b.prefix + 4), 0)),
    pods: props.podsCidr ?? formatCidr(cidrSubnet(b, 1, 1)),
  };
  const fields: Array<[string, string]> = [
    // A bad address space is reported above; the default standing in for it is not compared.
    ...(cidrProblem ? [] : ([["cidr (nodes)", layout.nodes]] as Array<[string, string]>)),
    ["podsCidr", layout.pods],
    ["servicesCidr", layout.services],
    ["privateServicesCidr", layout.privateServices],
    ["controlPlaneCidr", layout.controlPlane],
  ];
  const parsed: Array<[string, string, Ipv4Cidr]> = [];
  for (const [field, value] of fields) {
    const p = parseCidr(value);
    if ("error" in p) problems.push(`\`network.${field}\`: ${p.error}`);
    else parsed.push([field, value, p]);
  }
  const controlPlane = parsed.find(([f]) => f === "controlPlaneCidr");
  if (controlPlane && controlPlane[2].prefix !== 28) problems.push(`\`network.controlPlaneCidr\` "${controlPlane[1]}" is a /${controlPlane[2].prefix}; GKE's private control plane needs exactly a /28`);
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const [fa, va, a] = parsed[i];
      const [fb, vb, bb] = parsed[j];
      if (cidrsOverlap(a, bb)) problems.push(`\`network.${fb}\` "${vb}" overlaps \`network.${fa}\` "${va}"; the subnet's primary and secondary ranges, the private service range and the control plane range must not overlap — pick disjoint blocks`);
    }
  }
  return { layout, problems };
}

/** Props of {@link GcpNetwork}. */
export interface GcpNetworkConstructProps extends GcpNetworkProps {
  /** Region of the subnet, router and NAT. */
  readonly region: string;
  /** Environment profile (flow log sampling). */
  readonly profile: EnvironmentProfile;
  /** Prefix of resource names: `<service>-<environment>`. */
  readonly namePrefix: string;
}

/**
 * A custom-mode VPC with one subnet in the platform's region (private
 * Google access on, VPC flow logs on, secondary ranges for pods and
 * Services), a Cloud Router with Cloud NAT for egress (NAT errors logged),
 * and private service access (a reserved range peered with Google's
 * service producer network) so Cloud SQL gets a private IP only. Cloud NAT
 * is a regional, managed service: there is no per-zone gateway to choose.
 */
export class GcpNetwork extends Construct implements NetworkHandle {
  /** The custom-mode VPC network (`google_compute_network`) named `namePrefix`, with regional dynamic routing and no auto-created subnets. */
  public readonly vpc: ComputeNetwork;
  /** The regional subnet (`google_compute_subnetwork`) `<namePrefix>-<region>`: nodes on its primary range, pods and Services on secondary ranges, flow logs on. */
  public readonly subnet: ComputeSubnetwork;
  /** The Cloud Router. */
  public readonly router: ComputeRouter;
  /** Cloud NAT. */
  public readonly nat: ComputeRouterNat;
  /** The peering of private service access (managed services wait for it). */
  public readonly privateServiceAccess: ServiceNetworkingConnection;
  /** Ranges in use. */
  public readonly layout: GcpNetworkLayout;
  /** Problems found in the props. */
  public readonly problems: readonly string[];

  constructor(scope: Construct, id: string, props: GcpNetworkConstructProps) {
    super(scope, id);
    const { layout, problems } = gcpNetworkLayout(props);
    this.layout = layout;
    this.problems = problems;
    const publicSpace = publicAddressSpaceWarning(props.cidr ?? DEFAULT_NETWORK_CIDR);
    if (publicSpace) Annotations.of(this).addWarning(publicSpace);
    this.vpc = new ComputeNetwork(this, "vpc", { name: props.namePrefix, autoCreateSubnetworks: false, routingMode: "REGIONAL" });
    this.subnet = new ComputeSubnetwork(this, "subnet", {
      name: `${props.namePrefix}-${props.region}`,
      network: this.vpc.id,
      region: props.region,
      ipCidrRange: layout.nodes,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: GKE_POD_RANGE, ipCidrRange: layout.pods },
        { rangeName: GKE_SERVICE_RANGE, ipCidrRange: layout.services },
      ],
      // Flow logs sample every flow outside dev (audits, incident forensics); dev samples half.
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: props.profile.tier === "dev" ? 0.5 : 1, metadata: "INCLUDE_ALL_METADATA" },
    });
    this.router = new ComputeRouter(this, "router", { name: `${props.namePrefix}-router`, network: this.vpc.id, region: props.region });
    this.nat = new ComputeRouterNat(this, "nat", {
      name: `${props.namePrefix}-nat`,
      router: this.router.name,
      region: props.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    const psa = parseCidr(layout.privateServices);
    const range = new ComputeGlobalAddress(this, "private-services-range", {
      name: `${props.namePrefix}-private-services`,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      network: this.vpc.id,
      ...("error" in psa ? {} : { address: layout.privateServices.split("/")[0], prefixLength: psa.prefix }),
    });
    this.privateServiceAccess = new ServiceNetworkingConnection(this, "private-service-access", {
      network: this.vpc.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [range.name],
    });
  }

  /** The address space. */
  public get cidr(): string {
    return this.layout.cidr;
  }

  /** The subnet's primary range (GCP subnets are regional: one covers every zone). */
  public get privateSubnetCidrs(): readonly string[] {
    return [this.layout.nodes];
  }

  /** None: GCP instances reach the internet through Cloud NAT, not public subnets. */
  public get publicSubnetCidrs(): readonly string[] {
    return [];
  }
}
