import { TerraformStack, Testing } from "cdktf";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { AZURE_DIAGNOSTIC_SETTINGS, sendDiagnostics } from "../../lib/azure/diagnostic-settings";
import { ENVIRONMENTS } from "../support";
import { ResourceBody, targetSynth } from "../harness";
import { resourceBodies } from "../../lib/testing";

/** The Terraform type a diagnostic setting's `target_resource_id` refers to. */
const targetType = (setting: ResourceBody) => String(setting.target_resource_id).match(/^\$\{([a-z_]+)\./)?.[1];

describe("diagnostic settings export only what each type can export", () => {
  test("every listed type exports something: logs, or metrics marked DS Export: Yes", () => {
    const empty = Object.entries(AZURE_DIAGNOSTIC_SETTINGS).filter(([, c]) => c.logs === "none" && !c.metrics);
    expect(empty).toEqual([]);
  });

  test.each(ENVIRONMENTS)("%s: a setting asks for AllMetrics exactly where its type's metrics are exportable", (env) => {
    const settings = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_diagnostic_setting").filter((s) => targetType(s) !== undefined);
    expect(settings.length).toBeGreaterThan(5);
    const wrong = settings.filter((s) => (s.enabled_metric !== undefined) !== AZURE_DIAGNOSTIC_SETTINGS[targetType(s)!].metrics);
    expect(wrong.map(targetType)).toEqual([]);
  });

  test("Managed Grafana's setting sends its logs and no metric (Azure exports none of its metrics)", () => {
    const grafana = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_diagnostic_setting").filter((s) => targetType(s) === "azurerm_dashboard_grafana");
    expect(grafana).toHaveLength(1);
    expect(grafana[0].enabled_metric).toBeUndefined();
    expect(grafana[0].enabled_log).toEqual([{ category_group: "allLogs" }]);
  });

  test("no NAT gateway gets a setting: it has no logs and no exportable metric", () => {
    expect(resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_nat_gateway").length).toBeGreaterThan(0);
    expect(resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_diagnostic_setting").filter((s) => targetType(s) === "azurerm_nat_gateway")).toEqual([]);
    const stack = new TerraformStack(Testing.app(), "nat");
    const nat = new NatGateway(stack, "nat", { name: "n", location: "westeurope", resourceGroupName: "rg" });
    expect(() => sendDiagnostics(stack, nat, "w")).toThrow(/azurerm_nat_gateway is not in AZURE_DIAGNOSTIC_SETTINGS/);
  });
});
