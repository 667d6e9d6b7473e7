import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { cidrSubnet, formatCidr, parseCidr } from "../core/cidr";
import { networkCidrProblem, publicAddressSpaceWarning } from "../core/network-address-space";
import { DEFAULT_NETWORK_CIDR, NetworkHandle, NetworkProps } from "../core/components/network";
import { addValidationErrors } from "../core/errors";
import { fitName, NAMING_RULES } from "../core/naming";
import { AKS_POD_CIDR } from "./cluster";
import { sendDiagnostics } from "./diagnostic-settings";
import { azureEgress, AzureEgress } from "./nat-gateways";
import { AzureSubnetSecurityGroup, subnetInboundRules, SubnetPurpose } from "./network-security";

/**
 * Private DNS zones the data services resolve in: Event Hubs private
 * endpoints (`privatelink.servicebus.windows.net`, Microsoft Learn "Azure
 * Private Endpoint private DNS zone values"). PostgreSQL's zone is made per
 * server, as private access through a delegated subnet asks.
 */
const AZURE_PRIVATE_DNS_ZONES = { eventHubs: "privatelink.servicebus.windows.net" } as const;

/** Props of {@link AzureNetwork}. */
export interface AzureNetworkProps extends NetworkProps {
  /** Prefix of resource names, `<service>-<environment>`. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the VNet, its subnets, NSGs, NAT gateways and private DNS zones. */
  readonly resourceGroupName: string;
  /** Zones the environment spans (none where the region has none, and in dev). */
  readonly zones: readonly string[];
  /**
   * One NAT gateway for the VNet, or one per zone: a zonal stack each (NAT
   * gateway, public IP and AKS node subnet in the same zone), so a zone
   * outage cuts only that zone's egress. Needs `zones`.
   * @default "single"
   */
  readonly natGateways?: "single" | "per-zone";
  /** Log Analytics workspace for diagnostic settings. */
  readonly workspaceId: string;
  /** Tags on the VNet, NSGs, NAT gateways, public IPs and private DNS zones (subnets take none). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The AKS pod CIDR (Azure CNI overlay), which the AKS subnet's security
   * group lets pods talk within.
   * @default "192.168.0.0/16" (AKS_POD_CIDR)
   */
  readonly podCidr?: string;
}

/** An AKS node subnet: the whole node block, or one zone's part of it. */
export interface AzureNodeSubnet {
  /** Its zone. @default - none: the subnet serves every zone */
  readonly zone?: string;
  /** The AKS node subnet (`azurerm_subnet`): `aks` over the whole node block, or `aks-zone-<zone>` (a /20 of a /16) for its zone. */
  readonly subnet: Subnet;
}

/**
 * The VNet of one environment and region: the first quarter (a /18 of a
 * /16) for AKS nodes (Azure CNI overlay keeps pod addresses out of it) — one
 * subnet, or with per-zone NAT gateways a /20 per zone — a subnet delegated to
 * PostgreSQL flexible servers, one for the Managed Cassandra datacenters, one
 * for private endpoints, NAT gateways as the only way out (no default
 * outbound access; see {@link azureEgress}), a network security group on
 * every subnet that denies all inbound traffic but what its service needs
 * (see {@link subnetInboundRules}), the private DNS zones of the private
 * endpoints linked to the VNet, and diagnostic settings on the VNet, the
 * security groups and the NAT gateways' IPs.
 */
export class AzureNetwork extends Construct implements NetworkHandle {
  /** Address space. */
  public readonly cidr: string;
  /** Zones the environment spans (none in dev or where the region has none). */
  public readonly zones: readonly string[];
  /** The virtual network (`azurerm_virtual_network`) `<namePrefix>-vnet` over `cidr`, with a diagnostic setting to the workspace. */
  public readonly vnet: VirtualNetwork;
  /** AKS node subnets: one, or one per zone (each behind its zone's NAT gateway). */
  public readonly nodeSubnets: readonly AzureNodeSubnet[];
  /** The first AKS node subnet: the system pool's (and, in a private cluster, the API server endpoint's). */
  public readonly aksSubnet: Subnet;
  /** Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
  public readonly postgresSubnet: Subnet;
  /** Subnet of the Managed Cassandra datacenters. */
  public readonly cassandraSubnet: Subnet;
  /** Subnet of private endpoints. */
  public readonly privateEndpointSubnet: Subnet;
  /** The NAT gateways with their public IPs: one, or one per zone. */
  public readonly egress: readonly AzureEgress[];
  /** The NAT gateway associations, which must exist before AKS (outbound type userAssignedNATGateway). */
  public readonly natAssociations: readonly SubnetNatGatewayAssociation[];
  /** The network security group of each subnet (add flows with `allowInbound`). */
  public readonly securityGroups: Readonly<Record<SubnetPurpose, AzureSubnetSecurityGroup>>;
  /** Every subnet's NSG association, which services in the subnets should wait for. */
  public readonly securityGroupAssociations: readonly SubnetNetworkSecurityGroupAssociation[];
  /** Private DNS zones by purpose. */
  public readonly privateDnsZones: { readonly eventHubs: PrivateDnsZone };
  /** Private subnet CIDRs (AKS nodes, PostgreSQL, Cassandra, private endpoints). */
  public readonly privateSubnetCidrs: readonly string[];
  /** Azure has no public subnets here: load balancers take public IPs themselves. */
  public readonly publicSubnetCidrs: readonly string[] = [];

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.cidr = props.cidr ?? DEFAULT_NETWORK_CIDR;
    this.zones = [...props.zones];
    const parsed = parseCidr(this.cidr);
    const problems: string[] = [];
    let base = parseCidr(DEFAULT_NETWORK_CIDR) as Exclude<ReturnType<typeof parseCidr>, { error: string }>;
    const cidrProblem = networkCidrProblem(this.cidr);
    if (cidrProblem) problems.push(cidrProblem);
    else if (!("error" in parsed)) base = parsed;
    addValidationErrors(this, problems);
    const publicSpace = publicAddressSpaceWarning(this.cidr);
    if (publicSpace) Annotations.of(this).addWarning(publicSpace);
    // The first quarter of the block for AKS nodes (a /18 of a /16), then three 1/64ths (a /22 of a /16) after it.
    const quarter = cidrSubnet(base, 2, 0);
    const small = (n: number) => formatCidr(cidrSubnet(base, 6, 16 + n));
    const cidrs = { aks: formatCidr(quarter), postgres: small(0), cassandra: small(1), endpoints: small(2) };
    const perZone = props.natGateways === "per-zone" && props.zones.length > 0;
    // Per zone: a /20 of a /16 each, inside the node quarter, so the node block stays one range for the NSG.
    const nodeCidrs = perZone ? props.zones.map((zone, i) => ({ zone, cidr: formatCidr(cidrSubnet(base, 4, i)) })) : [{ zone: undefined, cidr: cidrs.aks }];
    this.privateSubnetCidrs = [...nodeCidrs.map((n) => n.cidr), cidrs.postgres, cidrs.cassandra, cidrs.endpoints];
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: { ...props.tags } };

    this.vnet = new VirtualNetwork(this, "vnet", { ...common, name: fitName([props.namePrefix, "vnet"], NAMING_RULES.azureVirtualNetwork), addressSpace: [this.cidr] });
    const subnet = (name: string, cidr: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
      new Subnet(this, `${name}-subnet`, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [cidr],
        defaultOutboundAccessEnabled: false,
        ...extra,
      });
    this.nodeSubnets = nodeCidrs.map(({ zone, cidr }) => ({ zone, subnet: subnet(zone ? `aks-zone-${zone}` : "aks", cidr) }));
    this.aksSubnet = this.nodeSubnets[0].subnet;
    this.postgresSubnet = subnet("postgres", cidrs.postgres, {
      serviceEndpoints: ["Microsoft.Storage"],
      delegation: [
        {
          name: "postgresql-flexible-server",
          serviceDelegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
        },
      ],
    });
    this.cassandraSubnet = subnet("cassandra", cidrs.cassandra);
    // Network policies on, so the subnet's NSG applies to traffic to its private endpoints (off by default).
    this.privateEndpointSubnet = subnet("private-endpoints", cidrs.endpoints, { privateEndpointNetworkPolicies: "Enabled" });

    const ranges = { nodes: cidrs.aks, pods: props.podCidr ?? AKS_POD_CIDR, postgres: cidrs.postgres, cassandra: cidrs.cassandra, privateEndpoints: cidrs.endpoints };
    const secured: Record<SubnetPurpose, { name: string; subnets: Subnet[] }> = {
      aks: { name: "aks", subnets: this.nodeSubnets.map((n) => n.subnet) },
      postgres: { name: "postgres", subnets: [this.postgresSubnet] },
      cassandra: { name: "cassandra", subnets: [this.cassandraSubnet] },
      privateEndpoints: { name: "private-endpoints", subnets: [this.privateEndpointSubnet] },
    };
    const groups = Object.fromEntries(
      (Object.keys(secured) as SubnetPurpose[]).map((purpose) => [
        purpose,
        new AzureSubnetSecurityGroup(this, `${secured[purpose].name}-nsg`, {
          name: `${props.namePrefix}-${secured[purpose].name}-nsg`,
          location: props.location,
          resourceGroupName: props.resourceGroupName,
          rules: subnetInboundRules(purpose, ranges),
          subnets: secured[purpose].subnets,
          workspaceId: props.workspaceId,
          tags: props.tags,
        }),
      ]),
    ) as Record<SubnetPurpose, AzureSubnetSecurityGroup>;
    this.securityGroups = groups;
    this.securityGroupAssociations = Object.values(groups).flatMap((g) => g.associations);

    this.egress = azureEgress(this, { ...props, perZone });
    // Each zone's node subnet leaves through its zone's gateway. Cassandra's datacenters span the
    // zones in one subnet, which takes one gateway: the first zone's.
    this.natAssociations = [...this.nodeSubnets.map((n, i) => [n.subnet, this.egress[perZone ? i : 0]] as const), [this.cassandraSubnet, this.egress[0]] as const].map(
      ([s, out]) => new SubnetNatGatewayAssociation(this, `${s.node.id}-nat`, { subnetId: s.id, natGatewayId: out.natGateway.id }),
    );
    const eventHubs = new PrivateDnsZone(this, "event-hubs-dns", { name: AZURE_PRIVATE_DNS_ZONES.eventHubs, resourceGroupName: props.resourceGroupName, tags: { ...props.tags } });
    new PrivateDnsZoneVirtualNetworkLink(this, "event-hubs-dns-link", {
      name: `${props.namePrefix}-vnet`,
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: eventHubs.name,
      virtualNetworkId: this.vnet.id,
      registrationEnabled: false,
      tags: { ...props.tags },
    });
    this.privateDnsZones = { eventHubs };
    sendDiagnostics(this, this.vnet, props.workspaceId);
  }
}
