import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { manifestOf } from "../../lib";
import { synthStack, SynthesizedStack } from "../../lib/testing";
import { buildReferenceApp } from "../../stacks/app";
import { bodies, only } from "../azure/support";

const app = new App({ outdir: mkdtempSync(join(tmpdir(), "vigil-azure-stacks-")) });
const stacks = buildReferenceApp(app);
const cache = new Map<string, SynthesizedStack>();
const stack = (id: string): SynthesizedStack => {
  if (!cache.has(id)) cache.set(id, synthStack(stacks[id]));
  return cache.get(id)!;
};

describe("Azure reference stacks", () => {
  test("state: dev local, staging and prod in an azurerm container with Entra ID auth", () => {
    expect((stack("dev-azure-infra").terraform as { backend: unknown }).backend).toEqual({ local: { path: "terraform.dev-azure-infra.tfstate" } });
    for (const env of ["staging", "prod"]) {
      expect((stack(`${env}-azure-infra`).terraform as { backend: unknown }).backend).toEqual({
        azurerm: { resource_group_name: "rg-checkout-tfstate", storage_account_name: "checkouttfstate", container_name: "tfstate", key: `vigil/${env}-azure-infra.tfstate`, use_azuread_auth: true },
      });
    }
  });

  test("prod differs from dev exactly where the profiles say; staging keeps prod's topology", () => {
    const all = (f: (s: SynthesizedStack) => unknown) => ["dev", "staging", "prod"].map((env) => f(stack(`${env}-azure-infra`)));
    expect(all((s) => only(s, "azurerm_kubernetes_cluster").private_cluster_enabled)).toEqual([false, true, true]);
    // Workload pools: one spanning no zone in dev; one per zone (a zonal stack each) in staging and prod, with the profile's nodes shared out.
    const pools = (s: SynthesizedStack) => bodies(s, "azurerm_kubernetes_cluster_node_pool").filter((p) => p.mode === "User").map((p) => [p.name, p.zones, p.min_count, p.max_count]).sort();
    expect(all(pools)).toEqual([
      [["general", undefined, 1, 3]],
      [["general1", ["1"], 1, 2], ["general2", ["2"], 1, 2], ["general3", ["3"], 1, 2]],
      [["general1", ["1"], 1, 4], ["general2", ["2"], 1, 4], ["general3", ["3"], 1, 4]],
    ]);
    expect(all((s) => bodies(s, "azurerm_nat_gateway").map((n) => n.zones))).toEqual([[undefined], [["1"], ["2"], ["3"]], [["1"], ["2"], ["3"]]]);
    expect(all((s) => only(s, "azurerm_postgresql_flexible_server").high_availability?.mode)).toEqual([undefined, "ZoneRedundant", "ZoneRedundant"]);
    expect(all((s) => only(s, "azurerm_postgresql_flexible_server").geo_redundant_backup_enabled)).toEqual([false, false, true]);
    expect(all((s) => only(s, "azurerm_postgresql_flexible_server").backup_retention_days)).toEqual([7, 7, 35]);
    expect(all((s) => only(s, "azurerm_postgresql_flexible_server").lifecycle.prevent_destroy)).toEqual([false, false, true]);
    expect(all((s) => only(s, "azurerm_eventhub_namespace").sku)).toEqual(["Standard", "Premium", "Premium"]);
    expect(all((s) => only(s, "azurerm_cosmosdb_cassandra_datacenter").availability_zones_enabled)).toEqual([false, true, true]);
    expect(all((s) => only(s, "azurerm_log_analytics_workspace").retention_in_days)).toEqual([30, 30, 90]);
    expect(all((s) => bodies(s, "azurerm_monitor_action_group").length)).toEqual([2, 3, 3]);
    expect(all((s) => only(s, "azurerm_application_insights_standard_web_test").frequency)).toEqual([900, 300, 300]);
  });

  test.each(["dev", "staging", "prod"])("%s-azure-infra deploys the checkout service's Kafka, Cassandra and PostgreSQL with their alerts", (env) => {
    const s = stack(`${env}-azure-infra`);
    expect(bodies(s, "azurerm_eventhub").map((h) => h.name).sort()).toEqual(["checkout.orders", "checkout.payments"]);
    const components = manifestOf(s)!.components.map((c) => c.component);
    expect(components).toEqual(["aks-cluster", "event-hubs", "cassandra-managed-instance", "postgres-flexible"]);
    expect(manifestOf(s)!.alerts.filter((a) => a.mechanism === "azure-metric-alert").length).toBeGreaterThan(20);
  });

  test.each(["dev", "staging", "prod"])("%s: search runs in AKS: operators (ECK, kube-prometheus-stack) after the infra, the Elasticsearch chart after the operators, reached with kubelogin", (env) => {
    expect(stacks[`${env}-azure-operators`].dependencies.map((d) => d.node.id)).toEqual([`${env}-azure-infra`]);
    expect(stacks[`${env}-azure-platform`].dependencies.map((d) => d.node.id)).toEqual([`${env}-azure-operators`]);
    const operators = stack(`${env}-azure-operators`);
    expect(bodies(operators, "helm_release").map((r) => r.name).sort()).toEqual(["elastic-operator", "kube-prometheus-stack"]);
    for (const id of [`${env}-azure-operators`, `${env}-azure-platform`]) {
      const kubernetes = (stack(id).provider as Record<string, Record<string, any>[]>).kubernetes[0];
      expect(kubernetes.host).toBe("${data.azurerm_kubernetes_cluster.aks.kube_config[0].host}");
      expect(kubernetes.exec[0]).toMatchObject({ command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] });
      expect(bodies(stack(id), "azurerm_kubernetes_cluster")).toEqual([]);
    }
    expect((stack(`${env}-azure-platform`).data as Record<string, Record<string, any>>).azurerm_kubernetes_cluster.aks).toMatchObject({ name: `checkout-${env}`, resource_group_name: `rg-checkout-${env}-westeurope` });
    const manifest = manifestOf(stack(`${env}-azure-platform`))!;
    expect(manifest.components.map((c) => [c.component, c.name])).toEqual([["search-eck", "checkout-search"]]);
    expect(manifest.alerts.length).toBeGreaterThan(0);
    expect(manifest.slos).toEqual([]);
  });
});
