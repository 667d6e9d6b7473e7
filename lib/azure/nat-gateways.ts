import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { sendDiagnostics } from "./diagnostic-settings";

/** Minutes an idle outbound flow keeps its SNAT port (Azure's default and minimum). */
const NAT_IDLE_TIMEOUT_MINUTES = 4;

/** One way out: a NAT gateway and its public IP, for the whole VNet or for one zone. */
export interface AzureEgress {
  /** The zone of this stack. @default - none: one gateway for every zone */
  readonly zone?: string;
  /** The Standard NAT gateway (`azurerm_nat_gateway`) `<namePrefix>-nat`, or `<namePrefix>-nat-zone-<zone>` pinned to `zone`. */
  readonly natGateway: NatGateway;
  /** Its public IP. */
  readonly publicIp: PublicIp;
}

/** What {@link azureEgress} builds. */
interface AzureEgressProps {
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the NAT gateways and their public IPs. */
  readonly resourceGroupName: string;
  /** Zones of the region the environment spans (none where the region has none, or in dev). */
  readonly zones: readonly string[];
  /** One NAT gateway per zone (a zonal stack each), or one for the VNet. */
  readonly perZone: boolean;
  /** Log Analytics workspace for the public IPs' diagnostic settings. */
  readonly workspaceId: string;
  /** Tags on the NAT gateways and their public IPs. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The VNet's NAT gateways. A Standard NAT gateway is a zonal resource: one
 * gateway serving several zones loses every zone's egress when its own zone
 * fails. Microsoft's zone-resilient pattern is a zonal stack per zone — a
 * NAT gateway and a public IP in the same zone, on a subnet whose machines
 * run in that zone (Microsoft Learn, "NAT gateway and availability zones",
 * "Zonal NAT gateway resource for each zone in a region"); `perZone` builds
 * that. Otherwise one gateway (in no zone) with a public IP that is
 * zone-redundant where `zones` are given. The zone-redundant StandardV2 SKU
 * would make one gateway enough, but the pinned AzureRM provider (4.55)
 * does not accept it yet.
 */
export function azureEgress(scope: Construct, props: AzureEgressProps): AzureEgress[] {
  const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: { ...props.tags } };
  const stack = (zone: string | undefined): AzureEgress => {
    const suffix = zone ? `-zone-${zone}` : "";
    const zones = zone ? [zone] : props.zones.length ? [...props.zones] : undefined;
    const publicIp = new PublicIp(scope, `nat-ip${suffix}`, { ...common, name: `${props.namePrefix}-nat${suffix}`, allocationMethod: "Static", sku: "Standard", zones });
    const natGateway = new NatGateway(scope, `nat${suffix}`, { ...common, name: `${props.namePrefix}-nat${suffix}`, skuName: "Standard", idleTimeoutInMinutes: NAT_IDLE_TIMEOUT_MINUTES, zones: zone ? [zone] : undefined });
    new NatGatewayPublicIpAssociation(scope, `nat-ip-association${suffix}`, { natGatewayId: natGateway.id, publicIpAddressId: publicIp.id });
    // The NAT gateway itself has no diagnostic setting: no resource logs, and its metrics are not exportable.
    sendDiagnostics(scope, publicIp, props.workspaceId);
    return { zone, natGateway, publicIp };
  };
  return props.perZone && props.zones.length > 0 ? props.zones.map((z) => stack(z)) : [stack(undefined)];
}
