import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { manifestOf } from "../../lib/core/manifest-read";
import { onlyResource, resourceBodies, SynthesizedStack, synthStack } from "../../lib/testing";
import { buildReferenceApp } from "../../stacks/app";

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
    expect(all((s) => onlyResource(s, "azurerm_kubernetes_cluster").private_cluster_enabled)).toEqual([false, true, true]);
    // Workload pools: one spanning no zone in dev; one per zone (a zonal stack each) in staging and prod, with the profile's nodes shared out.
    const pools = (s: SynthesizedStack) => resourceBodies(s, "azurerm_kubernetes_cluster_node_pool").filter((p) => p.mode === "User").map((p) => [p.name, p.zones, p.min_count, p.max_count]).sort();
    expect(all(pools)).toEqual([
      [["general", undefined, 1, 3]],
      [["general1", ["1"], 1, 2], ["general2", ["2"], 1, 2], ["general3", ["3"], 1, 2]],
      [["general1", ["1"], 1, 4], ["general2", ["2"], 1, 4], ["general3", ["3"], 1, 4]],
    ]);
    expect(all((s) => resourceBodies(s, "azurerm_nat_gateway").map((n) => n.zones))).toEqual([[undefined], [["1"], ["2"], ["3"]], [["1"], ["2"], ["3"]]]);
    expect(all((s) => onlyResource(s, "azurerm_postgresql_flexible_server").high_availability?.mode)).toEqual([undefined, "ZoneRedundant", "ZoneRedundant"]);
    expect(all((s) => onlyResource(s, "azurerm_postgresql_flexible_server").geo_redundant_backup_enabled)).toEqual([false, false, true]);
    expect(all((s) => onlyResource(s, "azurerm_postgresql_flexible_server").backup_retention_days)).toEqual([7, 7, 35]);
    expect(all((s) => onlyResource(s, "azurerm_postgresql_flexible_server").lifecycle.prevent_destroy)).toEqual([false, false, true]);
    expect(all((s) => onlyResource(s, "azurerm_eventhub_namespace").sku)).toEqual(["Standard", "Premium", "Premium"]);
    expect(all((s) => onlyResource(s, "azurerm_cosmosdb_cassandra_datacenter").availability_zones_enabled)).toEqual([false, true, true]);
    expect(all((s) => onlyResource(s, "azurerm_log_analytics_workspace").retention_in_days)).toEqual([30, 30, 90]);
    expect(all((s) => resourceBodies(s, "azurerm_monitor_action_group").length)).toEqual([2, 3, 3]);
    // The service's probe (through its edge) runs on the profile's schedule.
    expect(all((s) => resourceBodies(s, "azurerm_application_insights_standard_web_test").find((w) => String(w.name).endsWith("-health"))!.frequency)).toEqual([900, 300, 300]);
  });

  test.each(["dev", "staging", "prod"])("%s-azure-infra deploys the checkout service's Kafka, Cassandra and PostgreSQL with their alerts", (env) => {
    const s = stack(`${env}-azure-infra`);
    expect(resourceBodies(s, "azurerm_eventhub").map((h) => h.name).sort()).toEqual(["checkout.orders", "checkout.payments"]);
    const components = manifestOf(s)!.components.map((c) => c.component);
    expect(components).toEqual(["aks-cluster", "container-insights", "activity-log", "event-hubs", "cassandra-managed-instance", "postgres-flexible", "front-door", "web-test", "container-logs"]);
    expect(manifestOf(s)!.alerts.filter((a) => a.mechanism === "azure-metric-alert").length).toBeGreaterThan(20);
  });

  test.each(["dev", "staging", "prod"])("%s: search runs in AKS, deployed by its platform stack after the infra: operators, then the Elasticsearch chart, reached with kubelogin", (env) => {
    const id = `${env}-azure-platform`;
    expect(stacks[id].dependencies.map((d) => d.node.id)).toEqual([`${env}-azure-infra`]);
    const platform = stack(id);
    const releases = Object.fromEntries(resourceBodies(platform, "helm_release").map((r) => [r.name, r]));
    expect(Object.keys(releases).sort()).toEqual(["elastic-operator", "kube-prometheus-stack", "vigil-checkout"]);
    // The service's chart (the Elasticsearch resource) waits for both operators' CRDs.
    expect(releases["vigil-checkout"].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/kubePrometheusStack/), expect.stringMatching(/operators_eck/)]));
    expect(releases["vigil-checkout"].lifecycle?.prevent_destroy === true).toBe(env === "prod");
    const kubernetes = (platform.provider as { kubernetes: Array<{ host: string; exec: Array<Record<string, unknown>> }> }).kubernetes[0];
    expect(kubernetes.host).toMatch(/^\$\{data\.azurerm_kubernetes_cluster\.[\w-]+\.kube_config\[0\]\.host\}$/);
    expect(kubernetes.exec[0]).toMatchObject({ command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] });
    expect(resourceBodies(platform, "azurerm_kubernetes_cluster")).toEqual([]);
    expect(Object.values((platform.data as Record<string, Record<string, unknown>>).azurerm_kubernetes_cluster)).toEqual([
      expect.objectContaining({ name: `checkout-${env}`, resource_group_name: `rg-checkout-${env}-westeurope` }),
    ]);
    const manifest = manifestOf(platform)!;
    expect(manifest.components.map((c) => [c.component, c.name])).toEqual([["search-eck", "checkout-search"]]);
    expect(manifest.alerts.map((a) => a.id).sort()).toEqual(["cluster-red", "cluster-yellow", "cpu-high", "jvm-memory-high", "nodes-missing", "search-queue-high", "storage-low", "write-queue-high"]);
    expect(manifest.slos).toEqual([]);
  });
});
