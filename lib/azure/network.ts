import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { cidrSubnet, formatCidr, parseCidr } from "../core/cidr";
import { DEFAULT_NETWORK_CIDR, NetworkHandle, NetworkProps } from "../core/components/network";
import { addValidationErrors } from "../core/errors";
import { fitName, NAMING_RULES } from "../core/naming";
import { AKS_POD_CIDR } from "./cluster";
import { sendDiagnostics } from "./diagnostic-settings";
import { AzureSubnetSecurityGroup, subnetInboundRules, SubnetPurpose } from "./network-security";

/**
 * Private DNS zones the data services resolve in: Event Hubs private
 * endpoints (`privatelink.servicebus.windows.net`, Microsoft Learn "Azure
 * Private Endpoint private DNS zone values"). PostgreSQL's zone is made per
 * server, as private access through a delegated subnet asks.
 */
export const AZURE_PRIVATE_DNS_ZONES = { eventHubs: "privatelink.servicebus.windows.net" } as const;

/** Props of {@link AzureNetwork}. */
export interface AzureNetworkProps extends NetworkProps {
  /** Prefix of resource names, `<service>-<environment>`. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group. */
  readonly resourceGroupName: string;
  /** Zones the NAT gateway's public IP spans (none where the region has none). */
  readonly zones: readonly string[];
  /** Log Analytics workspace for diagnostic settings. */
  readonly workspaceId: string;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The AKS pod CIDR (Azure CNI overlay), which the AKS subnet's security
   * group lets pods talk within.
   * @default "192.168.0.0/16" (AKS_POD_CIDR)
   */
  readonly podCidr?: string;
}

/**
 * The VNet of one environment and region: a /18 for AKS nodes and pods
 * (Azure CNI overlay keeps pod addresses out of it), a subnet delegated to
 * PostgreSQL flexible servers, one for the Managed Cassandra datacenters, one
 * for private endpoints, a NAT gateway with a zone-redundant public IP as the
 * only way out (no default outbound access), a network security group on
 * every subnet that denies all inbound traffic but what its service needs
 * (see {@link subnetInboundRules}), the private DNS zones of the private
 * endpoints linked to the VNet, and diagnostic settings on the VNet, the
 * security groups and the NAT gateway's IP.
 */
export class AzureNetwork extends Construct implements NetworkHandle {
  /** Address space. */
  public readonly cidr: string;
  /** The VNet. */
  public readonly vnet: VirtualNetwork;
  /** AKS node subnet. */
  public readonly aksSubnet: Subnet;
  /** Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
  public readonly postgresSubnet: Subnet;
  /** Subnet of the Managed Cassandra datacenters. */
  public readonly cassandraSubnet: Subnet;
  /** Subnet of private endpoints. */
  public readonly privateEndpointSubnet: Subnet;
  /** NAT gateway. */
  public readonly natGateway: NatGateway;
  /** The NAT gateway associations, which must exist before AKS (outbound type userAssignedNATGateway). */
  public readonly natAssociations: readonly SubnetNatGatewayAssociation[];
  /** The network security group of each subnet (add flows with `allowInbound`). */
  public readonly securityGroups: Readonly<Record<SubnetPurpose, AzureSubnetSecurityGroup>>;
  /** Every subnet's NSG association, which services in the subnets should wait for. */
  public readonly securityGroupAssociations: readonly SubnetNetworkSecurityGroupAssociation[];
  /** Private DNS zones by purpose. */
  public readonly privateDnsZones: { readonly eventHubs: PrivateDnsZone };
  /** Private subnet CIDRs (AKS, PostgreSQL, Cassandra, private endpoints). */
  public readonly privateSubnetCidrs: readonly string[];
  /** Azure has no public subnets here: load balancers take public IPs themselves. */
  public readonly publicSubnetCidrs: readonly string[] = [];

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.cidr = props.cidr ?? DEFAULT_NETWORK_CIDR;
    const parsed = parseCidr(this.cidr);
    const problems: string[] = [];
    let base = parseCidr(DEFAULT_NETWORK_CIDR) as Exclude<ReturnType<typeof parseCidr>, { error: string }>;
    if ("error" in parsed) problems.push(`\`network.cidr\` ${parsed.error}`);
    else if (parsed.prefix < 16 || parsed.prefix > 20) problems.push(`\`network.cidr\` "${this.cidr}" is a /${parsed.prefix}; use a /16 to /20 block`);
    else base = parsed;
    addValidationErrors(this, problems);
    // The first quarter of the block for AKS nodes (a /18 of a /16), then three 1/64ths (a /22 of a /16) after it.
    const quarter = cidrSubnet(base, 2, 0);
    const small = (n: number) => formatCidr(cidrSubnet(base, 6, 16 + n));
    const cidrs = { aks: formatCidr(quarter), postgres: small(0), cassandra: small(1), endpoints: small(2) };
    this.privateSubnetCidrs = [cidrs.aks, cidrs.postgres, cidrs.cassandra, cidrs.endpoints];
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
    this.aksSubnet = subnet("aks", cidrs.aks);
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
      aks: { name: "aks", subnets: [this.aksSubnet] },
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

    const ip = new PublicIp(this, "nat-ip", { ...common, name: `${props.namePrefix}-nat`, allocationMethod: "Static", sku: "Standard", zones: props.zones.length ? [...props.zones] : undefined });
    this.natGateway = new NatGateway(this, "nat", { ...common, name: `${props.namePrefix}-nat`, skuName: "Standard", idleTimeoutInMinutes: 4 });
    new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id });
    this.natAssociations = [this.aksSubnet, this.cassandraSubnet].map(
      (s) => new SubnetNatGatewayAssociation(this, `${s.node.id}-nat`, { subnetId: s.id, natGatewayId: this.natGateway.id }),
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
    // The NAT gateway has no diagnostic setting: no resource logs, and its metrics are not exportable.
    for (const resource of [this.vnet, ip]) sendDiagnostics(this, resource, props.workspaceId);
  }
}
