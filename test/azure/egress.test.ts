import { deriveProfile } from "../../lib";
import { onlyResource, resourceBodies, resourcesOfType, SynthesizedStack, synthStack } from "../../lib/testing";
import { ResourceBody, targetStack, targetSynth } from "../harness";

/** `${type.key.attr}` → the referenced resource's body. */
function referenced(synth: SynthesizedStack, reference: unknown, type: string): ResourceBody | undefined {
  const key = String(reference).match(new RegExp(`^\\$\\{${type}\\.([^.]+)\\.`))?.[1];
  return key ? (synth.resource?.[type]?.[key] as ResourceBody) : undefined;
}

/** The NAT gateway a subnet leaves through. */
function natOf(synth: SynthesizedStack, subnetId: unknown): ResourceBody | undefined {
  const association = resourceBodies(synth, "azurerm_subnet_nat_gateway_association").find((a) => a.subnet_id === subnetId);
  return association ? referenced(synth, association.nat_gateway_id, "azurerm_nat_gateway") : undefined;
}

/** The public IPs attached to a NAT gateway. */
function ipsOf(synth: SynthesizedStack, nat: ResourceBody): ResourceBody[] {
  const [natKey] = resourcesOfType(synth, "azurerm_nat_gateway").find(([, n]) => n === nat) ?? [];
  return resourceBodies(synth, "azurerm_nat_gateway_public_ip_association")
    .filter((a) => a.nat_gateway_id === `\${azurerm_nat_gateway.${natKey}.id}`)
    .map((a) => referenced(synth, a.public_ip_address_id, "azurerm_public_ip")!);
}

describe("NAT gateways: one per zone outside dev, each zone's nodes leaving through their own zone's gateway", () => {
  test.each(["staging", "prod"] as const)("%s: a zonal stack per zone — NAT gateway, its own public IP and the AKS node subnet in the same zone", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const nats = resourceBodies(synth, "azurerm_nat_gateway");
    expect(nats.map((n) => n.zones).sort()).toEqual([["1"], ["2"], ["3"]]);
    for (const nat of nats) {
      const ips = ipsOf(synth, nat);
      expect(ips).toHaveLength(1);
      expect(ips[0]).toMatchObject({ sku: "Standard", allocation_method: "Static", zones: nat.zones });
    }
    // Each zone's node subnet leaves through its zone's gateway.
    for (const [key, subnet] of resourcesOfType(synth, "azurerm_subnet").filter(([, s]) => String(s.name).startsWith("aks-zone-"))) {
      const zone = String(subnet.name).replace("aks-zone-", "");
      expect(natOf(synth, `\${azurerm_subnet.${key}.id}`)?.zones).toEqual([zone]);
    }
  });

  test.each(["staging", "prod"] as const)("%s: every AKS pool runs in its subnet's zone, so its nodes leave through their own zone's gateway; the autoscaler balances the zonal pools", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const aks = onlyResource(synth, "azurerm_kubernetes_cluster");
    const pools = [aks.default_node_pool as ResourceBody, ...resourceBodies(synth, "azurerm_kubernetes_cluster_node_pool")];
    expect(pools.map((p) => p.name).sort()).toEqual(["general1", "general2", "general3", "system", "system2", "system3"]);
    for (const pool of pools) {
      expect(pool.zones).toHaveLength(1);
      expect(natOf(synth, pool.vnet_subnet_id)?.zones).toEqual(pool.zones);
    }
    // The extra system pools keep the critical add-ons alone, as the default pool does.
    for (const pool of resourceBodies(synth, "azurerm_kubernetes_cluster_node_pool").filter((p) => p.mode === "System")) expect(pool.node_taints).toEqual(["CriticalAddonsOnly=true:NoSchedule"]);
    expect(aks.auto_scaler_profile).toMatchObject({ balance_similar_node_groups: true });
  });

  test("dev keeps one NAT gateway for every subnet that goes out, and pools that span no zone", () => {
    const synth = targetSynth("azure", "dev", { service: true });
    const nat = onlyResource(synth, "azurerm_nat_gateway");
    expect(nat.zones).toBeUndefined();
    expect(ipsOf(synth, nat)).toHaveLength(1);
    expect(resourceBodies(synth, "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
    expect(onlyResource(synth, "azurerm_kubernetes_cluster").auto_scaler_profile).toBeUndefined();
  });

  test("Cassandra's subnet, which spans the zones, takes the first zone's gateway (a subnet has one)", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const [key] = resourcesOfType(synth, "azurerm_subnet").find(([, s]) => s.name === "cassandra")!;
    expect(natOf(synth, `\${azurerm_subnet.${key}.id}`)?.zones).toEqual(["1"]);
  });

  test("a profile asking for a single NAT gateway keeps one, with a zone-redundant IP and pools spanning the zones", () => {
    const { stack } = targetStack("azure", { platform: { environment: deriveProfile("prod", { name: "lean", natGateways: "single" }) } });
    const synth = synthStack(stack);
    expect(onlyResource(synth, "azurerm_nat_gateway").zones).toBeUndefined();
    expect(onlyResource(synth, "azurerm_public_ip").zones).toEqual(["1", "2", "3"]);
    expect(onlyResource(synth, "azurerm_kubernetes_cluster_node_pool")).toMatchObject({ name: "general", zones: ["1", "2", "3"], min_count: 3, max_count: 12 });
  });

  test("per zone, a pool name longer than 11 characters is reported (the zone digit must fit AKS's 12)", () => {
    const { stack } = targetStack("azure", { platform: { cluster: { nodePools: { generalpurpose: {} } } } });
    expect(() => synthStack(stack)).toThrow(/`nodePools.generalpurpose`: a pool name is 1-12 lowercase letters and digits, starting with a letter, on AKS; per zone the zone's digit is appended, so use at most 11/);
  });
});
