import { gunzipSync } from "zlib";
import { manifestOf } from "../../lib/core/manifest-read";
import { errorLineFilter } from "../../lib/azure/log-alerts";
import { AZURE_WORKLOAD_LOG_TABLES, defaultArchiveAccountName } from "../../lib/azure/log-pipeline";
import { AZURE_LOGS_PART, AZURE_MARKDOWN_PART } from "../../lib/azure/portal-dashboard-parts";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { TEST_SUBSCRIPTION } from "./support";
import { messageAt, ResourceBody, targetStack, targetSynth, testService } from "../harness";

/** A portal dashboard's rows: each Markdown heading with the parts after it. */
function dashboardRows(synth: ReturnType<typeof synthStack>, name: string): Array<{ heading: string; text: string; parts: ResourceBody[] }> {
  const dashboard = resourceBodies(synth, "azurerm_portal_dashboard").find((d) => d.name === name)!;
  const all = JSON.parse(dashboard.dashboard_properties).lenses["0"].parts as Record<string, ResourceBody>;
  const rows: Array<{ heading: string; text: string; parts: ResourceBody[] }> = [];
  for (const key of Object.keys(all).sort((a, b) => Number(a) - Number(b))) {
    const m = all[key].metadata;
    if (m.type === AZURE_MARKDOWN_PART) rows.push({ heading: m.settings.content.settings.title, text: m.settings.content.settings.content, parts: [] });
    else rows[rows.length - 1].parts.push(all[key]);
  }
  return rows;
}

/** A Log Analytics part's inputs by name. */
const inputsOf = (part: ResourceBody): Record<string, unknown> => Object.fromEntries((part.metadata.inputs as ResourceBody[]).map((i) => [i.name, i.value]));
const WORKSPACE = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-checkout-prod-westeurope/providers/Microsoft.OperationalInsights/workspaces/checkout-prod-logs`;

describe("Azure logs: Container Insights collection, an archive outside dev, log alerts and the service's log views", () => {
  test("collection: Container Insights ships every namespace's ContainerLogV2, KubeEvents (the default group) and the nodes' syslog", () => {
    const rule = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_data_collection_rule").find((r) => String(r.name).endsWith("-container-insights"))!;
    const extension = rule.data_sources.extension[0];
    expect(JSON.parse(extension.extension_json).dataCollectionSettings).toMatchObject({ namespaceFilteringMode: "Off", enableContainerLogV2: true });
    expect(extension.streams).toEqual(["Microsoft-ContainerInsights-Group-Default"]);
    expect(rule.data_sources.syslog[0]).toMatchObject({ streams: ["Microsoft-Syslog"], facility_names: ["*"] });
    expect(rule.data_flow[0].streams).toEqual(["Microsoft-ContainerInsights-Group-Default", "Microsoft-Syslog"]);
  });

  test.each([
    ["dev", 7, 7, 0],
    ["staging", 30, 90, 90],
    ["prod", 90, 365, 365],
  ] as const)("%s: the workload log tables stay searchable %d days and are kept %d days in all", (env, searchable, total, recorded) => {
    const tables = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_log_analytics_workspace_table").filter((t) => AZURE_WORKLOAD_LOG_TABLES.includes(t.name));
    expect(tables.map((t) => t.name).sort()).toEqual(["ContainerLogV2", "KubeEvents", "Syslog"]);
    for (const t of tables) expect([t.retention_in_days, t.total_retention_in_days]).toEqual([searchable, total]);
    const pipeline = manifestOf(targetSynth("azure", env, { service: true }))!.logPipelines![0];
    expect(pipeline).toMatchObject({ target: "azure", namespaces: "all", systemLogs: true, retention: { searchableDays: searchable, totalDays: recorded, immutable: env === "prod" } });
    expect(pipeline.retention.archive === undefined).toBe(env === "dev");
  });

  test("dev: no archive, no export", () => {
    expect(resourceBodies(targetSynth("azure", "dev", { service: true }), "azurerm_storage_account")).toEqual([]);
    expect(resourceBodies(targetSynth("azure", "dev", { service: true }), "azurerm_log_analytics_data_export_rule")).toEqual([]);
  });

  test.each([
    ["staging", 90, false, false],
    ["prod", 365, true, true],
  ] as const)("%s: the tables are exported to a private storage account whose containers keep every blob %d days (policy locked: %s) under a lock, prevent_destroy %s", (env, days, locked, preventDestroy) => {
    const synth = targetSynth("azure", env, { service: true });
    const account = onlyResource(synth, "azurerm_storage_account");
    expect(account).toMatchObject({
      name: defaultArchiveAccountName(`checkout-${env}`, TEST_SUBSCRIPTION),
      account_tier: "Standard",
      account_replication_type: "GRS",
      min_tls_version: "TLS1_2",
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"] },
      lifecycle: { prevent_destroy: preventDestroy },
    });
    expect(account.name).toMatch(/^[a-z0-9]{3,24}$/);
    const exportRule = onlyResource(synth, "azurerm_log_analytics_data_export_rule");
    expect(exportRule.table_names).toEqual(["ContainerLogV2", "KubeEvents", "Syslog"]);
    expect(exportRule.enabled).toBe(true);
    expect(resourceBodies(synth, "azurerm_storage_container").map((c) => c.name).sort()).toEqual(["am-containerlogv2", "am-kubeevents", "am-syslog"]);
    const policies = resourceBodies(synth, "azurerm_storage_container_immutability_policy");
    expect(policies).toHaveLength(3);
    for (const p of policies) expect(p).toEqual({ storage_container_resource_manager_id: expect.stringMatching(/^\$\{azurerm_storage_container\./), immutability_period_in_days: days, locked, protected_append_writes_enabled: true });
    // The CanNotDelete lock follows the profile's deletionProtection (staging and prod), as on the data services.
    expect(resourceBodies(synth, "azurerm_management_lock").filter((l) => String(l.scope).startsWith("${azurerm_storage_account."))).toHaveLength(1);
  });

  test("staging's pipeline is prod's: the same archive, only its days and its lock differ", () => {
    const [staging, prod] = (["staging", "prod"] as const).map((env) => manifestOf(targetSynth("azure", env, { service: true }))!.logPipelines![0]);
    const shape = (p: typeof staging) => ({ ...p, path: undefined, retention: { ...p.retention, searchableDays: 0, totalDays: 0, immutable: false } });
    expect(shape(staging)).toEqual(shape(prod));
    expect([staging.retention.immutable, prod.retention.immutable]).toEqual([false, true]);
  });

  test("alerts: error lines over 5 minutes and silence over the threshold's window, on ContainerLogV2 in the service's namespaces", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const rules = resourceBodies(synth, "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) => String(r.name).includes("container-logs"));
    const errors = rules.find((r) => String(r.name).endsWith("error-logs-high"))!;
    const missing = rules.find((r) => String(r.name).endsWith("logs-missing"))!;
    expect(errors.criteria[0]).toMatchObject({ operator: "GreaterThan", threshold: 300, time_aggregation_method: "Total", metric_measure_column: "lines" });
    expect(errors.window_duration).toBe("PT5M");
    expect(errors.criteria[0].query).toContain('| where PodNamespace in ("checkout")');
    expect(errors.criteria[0].query).toContain('LogLevel in~ ("error", "err", "fatal"');
    expect(errors.criteria[0].query).toContain("tostring(LogMessage.severity) in~");
    expect(missing.criteria[0]).toMatchObject({ operator: "LessThan", threshold: 900 });
    expect(missing.window_duration).toBe("PT15M");
    expect(missing.criteria[0].query).toMatch(/summarize lines = count\(\)$/);
    const recorded = manifestOf(synth)!.alerts.filter((a) => a.mechanism === "azure-log-query-alert").map((a) => a.canonical?.id).sort();
    expect(recorded).toEqual(["error-logs-high", "logs-missing"]);
  });

  test("overrides: 0.5/s is 150 lines per 5 min; 1200 s of silence rounds up to a 30-minute window; namespaces filter the query", () => {
    const { stack } = targetStack("azure", { service: testService("azure", { logs: { namespaces: ["shop", "shop-jobs"], alerts: { "error-logs-high": { threshold: 0.5 }, "logs-missing": { threshold: 1200 } } } }) });
    const rules = resourceBodies(synthStack(stack), "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) => String(r.name).includes("container-logs"));
    expect(rules.find((r) => String(r.name).endsWith("error-logs-high"))!.criteria[0].threshold).toBe(150);
    const missing = rules.find((r) => String(r.name).endsWith("logs-missing"))!;
    expect([missing.window_duration, missing.criteria[0].query.includes('PodNamespace in ("shop", "shop-jobs")')]).toEqual(["PT30M", true]);
  });

  test("collector-down: desired minus ready ama-logs pods in a managed Prometheus rule group, recorded as the canonical alert", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const rule = resourceBodies(synth, "azurerm_monitor_alert_prometheus_rule_group").flatMap((g) => g.rule).find((r) => r.labels?.alert_id === "collector-down")!;
    expect(rule.expression).toBe('(sum(kube_daemonset_status_desired_number_scheduled{namespace="kube-system", daemonset="ama-logs"}) - sum(kube_daemonset_status_number_ready{namespace="kube-system", daemonset="ama-logs"})) > 0');
    expect(rule.for).toBe("PT10M");
    const record = manifestOf(synth)!.alerts.find((a) => a.canonical?.id === "collector-down")!;
    expect([record.canonical!.kind, record.mechanism]).toEqual(["log-pipeline", "prometheus-rule"]);
  });

  test("view: the service's KQL, and a portal link that opens Log Analytics on the workspace with that query", () => {
    const logs = manifestOf(targetSynth("azure", "prod", { service: true }))!.serviceLogs![0];
    expect(logs).toMatchObject({ store: "Log Analytics", queryLanguage: "KQL", namespaces: ["checkout"] });
    expect(logs.query.split("\n")[0]).toBe("ContainerLogV2");
    const m = /LogsBlade\/resourceId\/([^/]+)\/source\/LogsBlade\.AnalyticsShareLinkToQuery\/q\/([^/]+)\/timespan\/P1D$/.exec(logs.url)!;
    expect(decodeURIComponent(m[1])).toBe(`/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-checkout-prod-westeurope/providers/Microsoft.OperationalInsights/workspaces/checkout-prod-logs`);
    expect(gunzipSync(Buffer.from(decodeURIComponent(m[2]), "base64")).toString("utf8")).toBe(logs.query);
  });

  test("bad input: an archive account name Azure refuses is one message naming the property, the value and the default", () => {
    const { stack } = targetStack("azure", { platform: { logs: { archiveStorageAccountName: "Checkout-Logs" } }, service: true });
    const messages = validationMessages(stack).filter((m) => m.includes("archiveStorageAccountName"));
    expect(messages).toEqual([messageAt("test/platform/logs", "`logs.archiveStorageAccountName`", '"Checkout-Logs"', "not a valid Azure storage account name", defaultArchiveAccountName("checkout-prod", TEST_SUBSCRIPTION))]);
  });

  test("service dashboard: log lines (Traffic) and error lines (Errors) per second over 5-minute bins, Log Analytics parts on the workspace in the service's namespaces; the log alerts listed", () => {
    const { stack } = targetStack("azure", { service: testService("azure", { logs: { namespaces: ["shop", "shop-jobs"] } }) });
    const rows = dashboardRows(synthStack(stack), "checkout-prod-service");
    const logParts = (heading: string) => rows.find((r) => r.heading === heading)!.parts.filter((p) => p.metadata.type === AZURE_LOGS_PART);
    const [lines] = logParts("Traffic");
    const [errors] = logParts("Errors");
    expect([logParts("Traffic").length, logParts("Errors").length, logParts("Latency").length, logParts("Saturation").length]).toEqual([1, 1, 0, 0]);
    for (const [part, title, column] of [[lines, "logs: Log lines", "lines_per_second"], [errors, "logs: Error log lines", "error_lines_per_second"]] as const) {
      const inputs = inputsOf(part);
      expect(inputs).toMatchObject({ Scope: { resourceIds: [WORKSPACE] }, Version: "2.0", TimeRange: "P1D", ControlType: "FrameControlChart", SpecificChart: "Line", PartTitle: title, IsQueryContainTimeRange: false });
      expect(inputs.PartId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(inputs.Dimensions).toEqual({ xAxis: { name: "TimeGenerated", type: "datetime" }, yAxis: [{ name: column, type: "real" }], splitBy: [], aggregation: "Sum" });
      expect(part.metadata.settings.content).toMatchObject({ Query: inputs.Query, PartTitle: title });
      const kql = String(inputs.Query).split("\n");
      expect(kql.slice(0, 2)).toEqual(["ContainerLogV2", '| where PodNamespace in ("shop", "shop-jobs")']);
      expect(kql).toContain("| make-series lines = count() default = 0 on TimeGenerated from ago(1d) to now() step 300s");
      expect(kql[kql.length - 1]).toBe(`| project TimeGenerated, ${column} = lines / 300.0`);
    }
    expect(inputsOf(errors).Query).toContain(`| where ${errorLineFilter()}`);
    expect(inputsOf(lines).Query).not.toContain("LogLevel");
    expect(inputsOf(lines).PartId).not.toBe(inputsOf(errors).PartId);
    const alertsText = rows.find((r) => r.heading === "Alerts")!.text;
    for (const id of ["error-logs-high", "logs-missing"]) expect(alertsText).toContain(`| ${id} |`);
  });

  test("cluster dashboard: nodes without a running ama-logs pod, from Container Insights' inventory of this cluster, in the Errors row", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const errors = dashboardRows(synth, "checkout-prod-aks-cluster").find((r) => r.heading === "Errors")!;
    const part = errors.parts.find((p) => p.metadata.type === AZURE_LOGS_PART)!;
    const inputs = inputsOf(part);
    expect(inputs).toMatchObject({ PartTitle: "Nodes without a ready log collector", Dimensions: { yAxis: [{ name: "nodes_without_collector", type: "real" }] } });
    expect((inputs.Scope as { resourceIds: string[] }).resourceIds[0]).toMatch(/^\$\{azurerm_log_analytics_workspace\..+\.id\}$/);
    const kql = String(inputs.Query);
    expect(kql).toContain('| where ClusterName == "checkout-prod" and Namespace == "kube-system" and ControllerKind == "DaemonSet" and ControllerName == "ama-logs"');
    expect(kql).toContain("KubeNodeInventory");
    expect(kql).toContain("| project TimeGenerated, nodes_without_collector = nodes - coalesce(running, 0)");
    const record = manifestOf(synth)!.components.find((c) => c.component === "container-insights")!;
    expect(record.dashboard).toBe("checkout-prod-aks-cluster");
  });
});
