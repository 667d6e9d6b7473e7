import { manifestOf } from "../../lib/core/manifest-read";

import { ENVIRONMENTS } from "../support";
import { ResourceBody, targetSynth } from "../harness";
import { onlyResource, resourceBodies } from "../../lib/testing";


describe("AzurePlatform: the provider, a resource group per environment and region, standard tags, the VNet and its subnets, NAT, private DNS, Log Analytics", () => {
  test.each(ENVIRONMENTS)("%s: one resource group per environment and region, named after both", (env) => {
    expect(onlyResource(targetSynth("azure", env, { service: true }), "azurerm_resource_group")).toMatchObject({ name: `rg-checkout-${env}-westeurope`, location: "westeurope" });
  });

  test("the provider pins the subscription and reads storage with Entra ID", () => {
    expect(targetSynth("azure", "prod", { service: true }).provider?.azurerm?.[0]).toMatchObject({ subscription_id: "00000000-0000-0000-0000-000000000000", storage_use_azuread: true });
  });

  test("every resource that takes tags carries the standard tags", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const untagged: string[] = [];
    for (const [type, byName] of Object.entries(synth.resource ?? {})) {
      for (const [name, body] of Object.entries(byName as Record<string, ResourceBody>)) {
        if (!("tags" in body)) continue;
        if (body.tags.service !== "checkout" || body.tags.environment !== "prod" || body.tags.owner !== "team-checkout" || body.tags["managed-by"] !== "vigil") untagged.push(`${type}.${name}`);
      }
    }
    expect(untagged).toEqual([]);
    // Types that accept tags must set them (checked on the ones that always exist).
    for (const type of ["azurerm_kubernetes_cluster", "azurerm_virtual_network", "azurerm_postgresql_flexible_server", "azurerm_eventhub_namespace", "azurerm_cosmosdb_cassandra_cluster", "azurerm_log_analytics_workspace", "azurerm_monitor_metric_alert", "azurerm_monitor_action_group"]) {
      expect(resourceBodies(synth, type).every((b) => b.tags?.service === "checkout")).toBe(true);
    }
  });

  test("the VNet has AKS node subnets (one in dev, one per zone elsewhere), a subnet delegated to PostgreSQL, a Cassandra subnet and a private endpoint subnet, none with default outbound access", () => {
    expect(resourceBodies(targetSynth("azure", "dev", { service: true }), "azurerm_subnet").map((s) => [s.name, s.address_prefixes[0]]).sort()).toEqual([
      ["aks", "10.0.0.0/18"],
      ["cassandra", "10.0.68.0/22"],
      ["postgres", "10.0.64.0/22"],
      ["private-endpoints", "10.0.72.0/22"],
    ]);
    const subnets = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_subnet");
    // The zones' /20s stay inside the node quarter the NSG names.
    expect(subnets.map((s) => [s.name, s.address_prefixes[0]]).sort()).toEqual([
      ["aks-zone-1", "10.0.0.0/20"],
      ["aks-zone-2", "10.0.16.0/20"],
      ["aks-zone-3", "10.0.32.0/20"],
      ["cassandra", "10.0.68.0/22"],
      ["postgres", "10.0.64.0/22"],
      ["private-endpoints", "10.0.72.0/22"],
    ]);
    expect(subnets.every((s) => s.default_outbound_access_enabled === false)).toBe(true);
    expect(subnets.find((s) => s.name === "postgres")?.delegation[0].service_delegation.name).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
  });

  test("dev's egress leaves through one NAT gateway, in no zone, on the AKS and Cassandra subnets (zonal stacks: see egress.test.ts)", () => {
    expect(resourceBodies(targetSynth("azure", "dev", { service: true }), "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
    expect(onlyResource(targetSynth("azure", "dev", { service: true }), "azurerm_nat_gateway").zones).toBeUndefined();
    expect(onlyResource(targetSynth("azure", "dev", { service: true }), "azurerm_public_ip").zones).toBeUndefined();
  });

  test("private DNS zones for Event Hubs and the PostgreSQL server are linked to the VNet", () => {
    const zones = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_private_dns_zone").map((z) => z.name);
    expect(zones).toEqual(expect.arrayContaining(["privatelink.servicebus.windows.net", "checkout-prod.private.postgres.database.azure.com"]));
    expect(resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(2);
  });

  test.each([
    ["dev", 30],
    ["staging", 30],
    ["prod", 90],
  ] as const)("%s: Log Analytics keeps logs for the profile's retention (at least Azure's 30 days): %d", (env, days) => {
    expect(onlyResource(targetSynth("azure", env, { service: true }), "azurerm_log_analytics_workspace")).toMatchObject({ retention_in_days: days, local_authentication_enabled: false });
  });

  test("the manifest records every component as an Azure one", () => {
    const manifest = manifestOf(targetSynth("azure", "prod", { service: true }))!;
    expect(manifest.components.map((c) => [c.component, c.target])).toEqual([
      ["aks-cluster", "azure"],
      ["container-insights", "azure"],
      ["activity-log", "azure"],
      ["event-hubs", "azure"],
      ["cassandra-managed-instance", "azure"],
      ["postgres-flexible", "azure"],
      ["web-test", "azure"],
      ["container-logs", "azure"],
    ]);
  });
});
