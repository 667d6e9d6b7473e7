import { blocks, isSet, refersTo, shown } from "../attributes";
import { ResourceCheck, resourceRule } from "../resource-rule";

/**
 * Subnets Azure does not let a network security group onto (Microsoft Learn:
 * VPN/ExpressRoute gateway, Azure Firewall and Route Server subnets); they
 * are filtered by their own service.
 */
const SUBNETS_WITHOUT_NSG: readonly string[] = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"];

const FIX = "add an azurerm_subnet_network_security_group_association with a network security group that ends in a deny-all inbound rule";

/** Some association's `subnet_id` names the subnet: by reference, or as a literal id ending in `/subnets/<name>`. */
const associated: ResourceCheck = (r, ctx) => {
  const name = String(r.attributes.name ?? "");
  if (SUBNETS_WITHOUT_NSG.includes(name)) return undefined;
  const found = ctx.resources.some(
    (a) => a.type === "azurerm_subnet_network_security_group_association" && (refersTo(a.attributes.subnet_id, r.address) || (name !== "" && String(a.attributes.subnet_id ?? "").endsWith(`/subnets/${name}`))),
  );
  return found ? undefined : `no azurerm_subnet_network_security_group_association has subnet_id = ${r.address}.id; ${FIX}`;
};

/** Subnets declared inside the VNet carry their NSG as `security_group`. */
const inlineSubnets: ResourceCheck = (r) =>
  blocks(r.attributes.subnet)
    .filter((s) => !SUBNETS_WITHOUT_NSG.includes(String(s.name)) && !isSet(s.security_group))
    .map((s) => `inline subnet ${shown(s.name)} has no security_group; set security_group to a network security group that ends in a deny-all inbound rule`);

/** Every Azure subnet has a network security group. */
export const subnetNetworkSecurityGroup = resourceRule("security", {
  id: "security/subnet-network-security-group",
  level: "error",
  description: "Every Azure subnet has a network security group.",
  alsoReads: ["azurerm_subnet_network_security_group_association"],
  checks: {
    azurerm_subnet: associated,
    azurerm_virtual_network: inlineSubnets,
  },
});
