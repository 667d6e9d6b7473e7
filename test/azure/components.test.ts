import { MonitoredService } from "../../lib";
import { manifestOf } from "../../lib/core/manifest-read";
import { AKS_DEFAULT_VERSION } from "../../lib/azure/cluster";
import { AZURE_POSTGRES_MAX_STORAGE_MB, azurePostgresStorageMb } from "../../lib/azure/postgres-flexible";
import { ENVIRONMENTS } from "../support";
import { onlyResource, resourceBodies, synthStack } from "../../lib/testing";
import { TEST_COSMOS_DB_PRINCIPAL, TEST_DATABASE_ADMINISTRATOR } from "./support";
import { targetStack, targetSynth } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

describe("AKS: Entra ID and workload identity, managed Prometheus, a system pool and autoscaled workload pools, Azure CNI overlay behind the NAT gateway", () => {
  const aks = (env: EnvironmentTier) => onlyResource(targetSynth("azure", env, { service: true }), "azurerm_kubernetes_cluster");

  test("Entra ID with Azure RBAC, local accounts off, workload identity and OIDC issuer, Azure Policy, automatic upgrades", () => {
    expect(aks("prod")).toMatchObject({
      kubernetes_version: AKS_DEFAULT_VERSION,
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./)] },
    });
  });

  test("managed Prometheus metrics and Container Insights to Log Analytics", () => {
    expect(aks("prod").monitor_metrics).toEqual({});
    expect(aks("prod").oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true, log_analytics_workspace_id: expect.stringMatching(/azurerm_log_analytics_workspace/) });
  });

  test("a system pool for critical add-ons and autoscaled workload pools from the profile", () => {
    expect(aks("prod").default_node_pool).toMatchObject({ name: "system", only_critical_addons_enabled: true, auto_scaling_enabled: true });
    // Prod: one workload pool per zone, each with its share of the profile's 3-12 nodes.
    const prodPools = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_kubernetes_cluster_node_pool").filter((p) => p.mode === "User");
    expect(prodPools.map((p) => p.name).sort()).toEqual(["general1", "general2", "general3"]);
    for (const pool of prodPools) expect(pool).toMatchObject({ auto_scaling_enabled: true, min_count: 1, max_count: 4, vm_size: "Standard_D16ds_v5" });
    expect(onlyResource(targetSynth("azure", "dev", { service: true }), "azurerm_kubernetes_cluster_node_pool")).toMatchObject({ name: "general", mode: "User", min_count: 1, max_count: 3, vm_size: "Standard_D4ds_v5" });
  });

  test.each([
    ["dev", [undefined], "Free", false],
    ["staging", [["1"], ["2"], ["3"]], "Standard", true],
    ["prod", [["1"], ["2"], ["3"]], "Standard", true],
  ] as const)("%s: workload pool zones %j, SKU tier %s, private API server %s", (env, zones, tier, isPrivate) => {
    expect(aks(env).default_node_pool.zones).toEqual(zones[0]);
    const pools = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_kubernetes_cluster_node_pool").filter((p) => p.mode === "User").sort((a, b) => a.name.localeCompare(b.name));
    expect(pools.map((p) => p.zones)).toEqual(zones);
    expect(aks(env).sku_tier).toBe(tier);
    expect(aks(env).private_cluster_enabled).toBe(isPrivate);
  });

  test("Azure CNI overlay with Cilium, egress through the NAT gateway, which is attached before the cluster is made", () => {
    expect(aks("prod").network_profile).toMatchObject({ network_plugin: "azure", network_plugin_mode: "overlay", network_policy: "cilium", outbound_type: "userAssignedNATGateway" });
    // Three zonal node subnets and the Cassandra subnet.
    expect((aks("prod").depends_on as string[]).filter((d) => d.startsWith("azurerm_subnet_nat_gateway_association."))).toHaveLength(4);
    const role = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_role_assignment").find((r) => r.role_definition_name === "Network Contributor" && String(r.principal_id).includes("azurerm_user_assigned_identity"));
    expect(role).toMatchObject({ role_definition_name: "Network Contributor", scope: expect.stringMatching(/azurerm_virtual_network/) });
  });

  test("pod and service ranges outside the VNet, the DNS service on the service range's 10th address; both can be changed", () => {
    expect(aks("prod").network_profile).toMatchObject({ pod_cidr: "192.168.0.0/16", service_cidr: "172.16.0.0/16", dns_service_ip: "172.16.0.10" });
    const { stack } = targetStack("azure", { platform: { cluster: { podCidr: "100.64.0.0/16", serviceCidr: "10.100.0.0/20" } } });
    expect(onlyResource(synthStack(stack), "azurerm_kubernetes_cluster").network_profile).toMatchObject({ pod_cidr: "100.64.0.0/16", service_cidr: "10.100.0.0/20", dns_service_ip: "10.100.0.10" });
  });

  test("logs of the data services and AKS go to resource-specific tables", () => {
    const dedicated = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_diagnostic_setting").filter((d) => d.log_analytics_destination_type === "Dedicated").map((d) => String(d.target_resource_id).split(".")[0].slice(2));
    expect(dedicated.sort()).toEqual(["azurerm_cosmosdb_cassandra_cluster", "azurerm_eventhub_namespace", "azurerm_kubernetes_cluster", "azurerm_postgresql_flexible_server"]);
  });
});

describe("PostgreSQL flexible server: private access, Entra authentication only, TLS 1.2+, storage Azure offers", () => {
  const pg = (env: EnvironmentTier) => onlyResource(targetSynth("azure", env, { service: true }), "azurerm_postgresql_flexible_server");

  test("private access through the delegated subnet and private DNS zone, Entra authentication only", () => {
    expect(pg("prod")).toMatchObject({
      public_network_access_enabled: false,
      delegated_subnet_id: expect.stringMatching(/azurerm_subnet\.platform_network_postgres-subnet/),
      private_dns_zone_id: expect.stringMatching(/azurerm_private_dns_zone/),
      authentication: { active_directory_auth_enabled: true, password_auth_enabled: false },
    });
    expect(pg("prod").administrator_password).toBeUndefined();
  });

  test.each(ENVIRONMENTS)("%s: the Entra administrator from `databaseAdministrator` is set on the server", (env) => {
    expect(onlyResource(targetSynth("azure", env, { service: true }), "azurerm_postgresql_flexible_server_active_directory_administrator")).toMatchObject({
      server_name: expect.stringMatching(/^\$\{azurerm_postgresql_flexible_server\./),
      tenant_id: expect.stringMatching(/data\.azurerm_client_config\..*\.tenant_id/),
      object_id: TEST_DATABASE_ADMINISTRATOR.objectId,
      principal_name: "checkout-db-admins",
      principal_type: "Group",
    });
  });

  test.each([
    ["dev", undefined, false, 7, false],
    ["staging", { mode: "ZoneRedundant", standby_availability_zone: "2" }, false, 7, false],
    ["prod", { mode: "ZoneRedundant", standby_availability_zone: "2" }, true, 35, true],
  ] as const)("%s: HA %j, geo-redundant backups %s, %d days of backups, prevent_destroy %s", (env, ha, geo, days, prevent) => {
    expect(pg(env).high_availability).toEqual(ha);
    expect(pg(env).geo_redundant_backup_enabled).toBe(geo);
    expect(pg(env).backup_retention_days).toBe(days);
    expect(pg(env).lifecycle.prevent_destroy).toBe(prevent);
  });

  test("server parameters: secure transport required (TLS 1.2+), slow statements and lock waits logged", () => {
    const params = Object.fromEntries(resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_postgresql_flexible_server_configuration").map((c) => [c.name, c.value]));
    expect(params).toEqual({ require_secure_transport: "on", ssl_min_protocol_version: "TLSv1.2", log_min_duration_statement: "500", log_lock_waits: "on" });
  });

  test("storage is rounded up to a size Azure offers and grows by itself", () => {
    expect(pg("dev")).toMatchObject({ storage_mb: 32768, auto_grow_enabled: true });
    expect(pg("prod")).toMatchObject({ storage_mb: 131072 });
  });

  test("the largest size is 33553408 MiB, the most Azure accepts (not 32768 × 1024); more than 32 TiB is reported", () => {
    const storageMb = (storageGiB: number) => {
      const { stack, platform } = targetStack("azure");
      new MonitoredService(stack, "checkout", { platform, postgres: { storageGiB } });
      return onlyResource(synthStack(stack), "azurerm_postgresql_flexible_server").storage_mb;
    };
    expect(storageMb(20000)).toBe(33553408);
    expect(storageMb(16384)).toBe(16777216);
    expect(azurePostgresStorageMb(32768)).toBe(AZURE_POSTGRES_MAX_STORAGE_MB);
  });
});

describe("Event Hubs: a Kafka-capable namespace per profile, private only, one event hub per topic", () => {
  const ns = (env: EnvironmentTier) => onlyResource(targetSynth("azure", env, { service: true }), "azurerm_eventhub_namespace");

  test.each([
    ["dev", "Standard"],
    ["staging", "Premium"],
    ["prod", "Premium"],
  ] as const)("%s: a %s namespace (a tier with the Kafka endpoint), local auth off, private only", (env, sku) => {
    expect(ns(env)).toMatchObject({ sku, local_authentication_enabled: false, public_network_access_enabled: false, minimum_tls_version: "1.2" });
  });

  test("one event hub per topic with its partitions and retention, and a private endpoint in the private DNS zone", () => {
    expect(onlyResource(targetSynth("azure", "prod", { service: true }), "azurerm_eventhub")).toMatchObject({ name: "orders", partition_count: 12, message_retention: 7 });
    const endpoint = onlyResource(targetSynth("azure", "prod", { service: true }), "azurerm_private_endpoint");
    expect(endpoint.private_service_connection.subresource_names).toEqual(["namespace"]);
    expect(endpoint.private_dns_zone_group.private_dns_zone_ids[0]).toMatch(/event-hubs-dns/);
  });
});

describe("Managed Instance for Apache Cassandra: a cluster in the VNet, zones and prevent_destroy per profile, the SKU from the size class", () => {
  test.each([
    ["dev", false, false],
    ["staging", true, false],
    ["prod", true, true],
  ] as const)("%s: a cluster in the VNet, datacenters with nodes and SKU from props, zones %s, prevent_destroy %s", (env, zones, prevent) => {
    const synth = targetSynth("azure", env, { service: true });
    const cluster = onlyResource(synth, "azurerm_cosmosdb_cassandra_cluster");
    expect(cluster.delegated_management_subnet_id).toMatch(/cassandra-subnet/);
    expect(cluster.lifecycle.prevent_destroy).toBe(prevent);
    expect(onlyResource(synth, "azurerm_cosmosdb_cassandra_datacenter")).toMatchObject({ name: "dc1", node_count: 3, availability_zones_enabled: zones });
  });

  test.each(ENVIRONMENTS)("%s: the Azure Cosmos DB service principal is Network Contributor on the VNet before the cluster is made", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const role = resourceBodies(synth, "azurerm_role_assignment").filter((r) => r.principal_id === TEST_COSMOS_DB_PRINCIPAL);
    expect(role).toEqual([expect.objectContaining({ role_definition_name: "Network Contributor", principal_type: "ServicePrincipal", scope: expect.stringMatching(/^\$\{azurerm_virtual_network\./) })]);
    expect(onlyResource(synth, "azurerm_cosmosdb_cassandra_cluster").depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\..*cosmos-db-network-contributor/)]);
  });

  test("the size class picks the SKU", () => {
    expect(onlyResource(targetSynth("azure", "dev", { service: true }), "azurerm_cosmosdb_cassandra_datacenter").sku_name).toBe("Standard_E8s_v5");
    expect(onlyResource(targetSynth("azure", "prod", { service: true }), "azurerm_cosmosdb_cassandra_datacenter").sku_name).toBe("Standard_E20s_v5");
  });
});

test.each(ENVIRONMENTS)("%s: the data services (and the log archive, outside dev) are recorded as stateful, the cluster is not", (env) => {
  const stateful = Object.fromEntries(manifestOf(targetSynth("azure", env, { service: true }))!.components.map((c) => [c.component, c.stateful]));
  expect(stateful).toEqual({ "aks-cluster": false, "activity-log": false, "container-insights": env !== "dev", "container-logs": false, "event-hubs": true, "cassandra-managed-instance": true, "postgres-flexible": true, "web-test": false });
});

describe("deletion protection of the data services", () => {
  test.each([
    ["dev", 0, false],
    ["staging", 4, false],
    ["prod", 4, true],
  ] as const)("%s: %d CanNotDelete locks (PostgreSQL, Event Hubs, Cassandra, the log archive's storage account), event hubs under prevent_destroy %s", (env, locks, prevent) => {
    const synth = targetSynth("azure", env, { service: true });
    const found = resourceBodies(synth, "azurerm_management_lock");
    expect(found).toHaveLength(locks);
    for (const lock of found) expect(lock).toMatchObject({ lock_level: "CanNotDelete", notes: expect.stringContaining("holds data") });
    const scopes = found.map((l) => String(l.scope)).sort();
    const dataServices = [expect.stringMatching(/^\$\{azurerm_cosmosdb_cassandra_cluster\./), expect.stringMatching(/^\$\{azurerm_eventhub_namespace\./), expect.stringMatching(/^\$\{azurerm_postgresql_flexible_server\./), expect.stringMatching(/^\$\{azurerm_storage_account\./)];
    expect(scopes).toEqual(locks ? dataServices : []);
    for (const hub of [...resourceBodies(synth, "azurerm_eventhub"), onlyResource(synth, "azurerm_eventhub_namespace")]) expect((hub.lifecycle as { prevent_destroy: boolean }).prevent_destroy).toBe(prevent);
  });
});
