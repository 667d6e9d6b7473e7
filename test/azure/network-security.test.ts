import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { evaluatePolicies } from "../../lib/policy/evaluate";
import { AZURE_SERVICE_PORTS, NSG_DENY_ALL_PRIORITY } from "../../lib/azure/network-security";
import { onlyResource, resourceBodies, resourcesOfType, SynthesizedStack, synthStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { ResourceBody, targetStack, targetSynth } from "../harness";

/** The NSG a subnet is associated with, through its association. */
function securityGroupOf(synth: SynthesizedStack, subnetName: string): ResourceBody | undefined {
  const [subnetKey] = resourcesOfType(synth, "azurerm_subnet").find(([, s]) => s.name === subnetName) ?? [];
  const association = resourceBodies(synth, "azurerm_subnet_network_security_group_association").find((a) => a.subnet_id === `\${azurerm_subnet.${subnetKey}.id}`);
  const nsgKey = String(association?.network_security_group_id ?? "").match(/^\$\{azurerm_network_security_group\.([^.]+)\.id\}$/)?.[1];
  return nsgKey ? (synth.resource?.azurerm_network_security_group?.[nsgKey] as ResourceBody) : undefined;
}

const inbound = (nsg: ResourceBody) => (nsg.security_rule as ResourceBody[]).filter((r) => r.direction === "Inbound");
const allows = (nsg: ResourceBody) => inbound(nsg).filter((r) => r.access === "Allow");
const sources = (r: ResourceBody) => r.source_address_prefixes ?? [r.source_address_prefix];
const ports = (r: ResourceBody) => r.destination_port_ranges ?? [r.destination_port_range];

describe("network security groups: one on every subnet, ending in deny-all inbound, opening only the flows each subnet needs", () => {
  test.each(ENVIRONMENTS)("%s: every subnet has exactly one NSG association, and each NSG ends in a deny-all inbound rule at the lowest priority", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const subnets = resourcesOfType(synth, "azurerm_subnet");
    expect(subnets.length).toBeGreaterThanOrEqual(4);
    const associations = resourceBodies(synth, "azurerm_subnet_network_security_group_association");
    for (const [key] of subnets) expect(associations.filter((a) => a.subnet_id === `\${azurerm_subnet.${key}.id}`)).toHaveLength(1);
    for (const nsg of resourceBodies(synth, "azurerm_network_security_group")) {
      const rules = [...inbound(nsg)].sort((a, b) => a.priority - b.priority);
      const last = rules[rules.length - 1];
      expect(last).toMatchObject({ access: "Deny", priority: NSG_DENY_ALL_PRIORITY, protocol: "*", source_address_prefix: "*", destination_address_prefix: "*", destination_port_range: "*" });
      // Every allow sits above the deny; nothing else at the deny's priority.
      expect(rules.slice(0, -1).every((r) => r.access === "Allow" && r.priority < NSG_DENY_ALL_PRIORITY)).toBe(true);
      // Azure limits a rule's description to 140 characters; names are unique in an NSG.
      expect((nsg.security_rule as ResourceBody[]).filter((r) => String(r.description).length > 140)).toEqual([]);
      expect(new Set((nsg.security_rule as ResourceBody[]).map((r) => r.name)).size).toBe((nsg.security_rule as ResourceBody[]).length);
    }
  });

  test("AKS: nodes and pods talk among themselves (the Azure CNI overlay flows), load balancer probes get in, nothing else", () => {
    // Dev has one node subnet; prod one per zone, all behind the same NSG.
    const aks = securityGroupOf(targetSynth("azure", "prod", { service: true }), "aks-zone-1")!;
    expect(securityGroupOf(targetSynth("azure", "prod", { service: true }), "aks-zone-3")).toBe(aks);
    expect(securityGroupOf(targetSynth("azure", "dev", { service: true }), "aks")?.security_rule).toEqual(aks.security_rule);
    expect(allows(aks).map((r) => [r.name, sources(r), r.destination_address_prefix, ports(r)])).toEqual([
      ["AllowNodesToNodes", ["10.0.0.0/18"], "10.0.0.0/18", ["*"]],
      ["AllowNodesToPods", ["10.0.0.0/18"], "192.168.0.0/16", ["*"]],
      ["AllowPodsToPods", ["192.168.0.0/16"], "192.168.0.0/16", ["*"]],
      ["AllowAzureLoadBalancerInbound", ["AzureLoadBalancer"], "10.0.0.0/18", ["*"]],
    ]);
    // The pod range follows the cluster's.
    const { stack } = targetStack("azure", { platform: { cluster: { podCidr: "100.64.0.0/16" } } });
    const custom = securityGroupOf(synthStack(stack), "aks-zone-1")!;
    expect(allows(custom).find((r) => r.name === "AllowPodsToPods")).toMatchObject({ source_address_prefix: "100.64.0.0/16", destination_address_prefix: "100.64.0.0/16" });
  });

  test("data subnets accept their service's ports from the AKS nodes (and their own subnet where the service replicates), nothing from the other subnets", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const rules = (subnet: string) => allows(securityGroupOf(synth, subnet)!).filter((r) => r.name !== "AllowAzureLoadBalancerInbound").map((r) => [sources(r), ports(r), r.protocol]);
    expect(rules("postgres")).toEqual([
      [["10.0.0.0/18"], ["5432"], "Tcp"],
      [["10.0.64.0/22"], ["5432"], "Tcp"],
    ]);
    expect(rules("cassandra")).toEqual([
      [["10.0.0.0/18"], ["9042"], "Tcp"],
      [["10.0.68.0/22"], [...AZURE_SERVICE_PORTS.cassandraNodes], "Tcp"],
    ]);
    expect(rules("private-endpoints")).toEqual([[["10.0.0.0/18"], [...AZURE_SERVICE_PORTS.eventHubs], "Tcp"]]);
  });

  test("the private endpoint subnet has network policies on, so its NSG applies to the endpoints", () => {
    const endpoints = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_subnet").find((s) => s.name === "private-endpoints");
    expect(endpoints?.private_endpoint_network_policies).toBe("Enabled");
  });

  test("AKS is created after every NSG association, so no node runs unfiltered", () => {
    const dependsOn = onlyResource(targetSynth("azure", "prod", { service: true }), "azurerm_kubernetes_cluster").depends_on as string[];
    const associations = resourcesOfType(targetSynth("azure", "prod", { service: true }), "azurerm_subnet_network_security_group_association").map(([key]) => `azurerm_subnet_network_security_group_association.${key}`);
    expect(associations.length).toBeGreaterThanOrEqual(4);
    expect(dependsOn).toEqual(expect.arrayContaining(associations));
  });

  test("allowInbound adds a flow above the deny-all rule; a rule without sources fails synth", () => {
    const { stack, platform } = targetStack("azure", { service: true });
    platform.network.securityGroups.aks.allowInbound({ name: "AllowHttpsFromInternet", sources: ["Internet"], ports: ["443"], description: "public ingress LoadBalancer" });
    const aks = securityGroupOf(synthStack(stack), "aks-zone-2")!;
    expect(allows(aks).find((r) => r.name === "AllowHttpsFromInternet")).toMatchObject({ priority: 1000, source_address_prefix: "Internet", destination_port_range: "443", protocol: "Tcp" });

    const bad = targetStack("azure");
    bad.platform.network.securityGroups.postgres.allowInbound({ name: "AllowNothing", sources: [], ports: ["5432"] });
    expect(validationMessages(bad.stack)).toContainEqual(expect.stringContaining('`allowInbound("AllowNothing")`: `sources` is empty'));
  });

  test.each(ENVIRONMENTS)("%s: the security pack finds every subnet of the platform covered (security/subnet-network-security-group)", (env) => {
    const { stack } = targetStack("azure", { environment: env, stackId: `${env}-azure-infra`, service: true });
    const findings = evaluatePolicies(stack).filter((f) => f.rule === "security/subnet-network-security-group");
    expect(findings).toEqual([]);
    // ... and would report a subnet added without one.
    new Subnet(stack, "extra", { name: "extra", resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.0.200.0/24"] });
    expect(evaluatePolicies(stack).filter((f) => f.rule === "security/subnet-network-security-group").map((f) => f.resource)).toEqual([`${env}-azure-infra/extra`]);
  });
});
