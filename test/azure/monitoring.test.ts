import { existsSync } from "fs";
import { Testing } from "cdktf";
import { stringify } from "yaml";
import { checkRulesWithPromtool, onlyResource, resourceBodies, resourcesOfType, synthStack } from "../../lib/testing";
import { join } from "path";
import { Channel, MonitoredService } from "../../lib";
import { manifestOf } from "../../lib/core/manifest-read";
import { AZURE_ROLE_IDS } from "../../lib/azure/channel-delivery";
import { AZURE_DIAGNOSTIC_SETTINGS } from "../../lib/azure/diagnostic-settings";
import { AZURE_WORKLOAD_LOG_TABLES } from "../../lib/azure/log-pipeline";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { AZURE_METRIC_CATALOG, AZURE_METRIC_DIMENSIONS } from "./metric-catalog";
import { azureNotifications } from "./support";
import { ResourceBody, targetStack, targetSynth } from "../harness";

describe("Azure monitoring: metric alerts on metrics that exist, diagnostic settings, action groups per severity, managed Prometheus and Grafana", () => {
  test.each(ENVIRONMENTS)("%s: every metric alert names a metric and dimensions that exist in its resource type's namespace", (env) => {
    const alerts = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_metric_alert").filter((a) => a.criteria);
    expect(alerts.length).toBeGreaterThan(20);
    for (const alert of alerts) {
      for (const c of alert.criteria as ResourceBody[]) {
        expect(AZURE_METRIC_CATALOG[c.metric_namespace]).toContain(c.metric_name);
        for (const d of c.dimension ?? []) expect(AZURE_METRIC_DIMENSIONS[c.metric_namespace]).toContain(d.name);
        expect(["Average", "Minimum", "Maximum", "Total", "Count"]).toContain(c.aggregation);
      }
    }
  });

  test("each component's alerts cover the AMBA metrics of its resource type", () => {
    const byNamespace = new Map<string, string[]>();
    for (const a of resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_metric_alert").filter((a) => a.criteria)) {
      const c = a.criteria[0];
      byNamespace.set(c.metric_namespace, [...(byNamespace.get(c.metric_namespace) ?? []), c.metric_name]);
    }
    expect(byNamespace.get("Microsoft.ContainerService/managedClusters")).toEqual(expect.arrayContaining(["node_cpu_usage_percentage", "node_memory_working_set_percentage", "node_disk_usage_percentage", "kube_node_status_condition", "kube_pod_status_phase"]));
    expect(byNamespace.get("Microsoft.DBforPostgreSQL/flexibleServers")).toEqual(expect.arrayContaining(["cpu_percent", "memory_percent", "storage_percent", "active_connections", "connections_failed", "is_db_alive"]));
    expect(byNamespace.get("Microsoft.EventHub/namespaces")).toEqual(expect.arrayContaining(["ThrottledRequests", "ServerErrors", "UserErrors", "QuotaExceededErrors", "NamespaceCpuUsage"]));
    expect(byNamespace.get("Microsoft.DocumentDB/cassandraClusters")).toEqual(expect.arrayContaining(["cpu", "disk_utilization", "percent_mem"]));
  });

  test("Event Hubs CPU and memory alerts exist only on Premium (staging/prod), which publishes them", () => {
    const names = (env: EnvironmentTier) => resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_metric_alert").flatMap((a) => (a.criteria ?? []).map((c: ResourceBody) => c.metric_name));
    expect(names("dev")).not.toContain("NamespaceCpuUsage");
    expect(names("staging")).toContain("NamespaceCpuUsage");
  });

  /**
   * Synthesized types that cannot have a diagnostic setting, each with why: a
   * sub-resource or extension resource (settings live on the parent), or a
   * type with neither resource logs nor metrics exportable through diagnostic
   * settings (no "Supported categories for Azure Monitor resource logs" entry,
   * and every metric "DS Export: No" where metrics exist). A type in neither
   * this list nor AZURE_DIAGNOSTIC_SETTINGS fails the test below.
   */
  const WITHOUT_DIAGNOSTIC_SETTINGS: Readonly<Record<string, string>> = {
    azurerm_log_analytics_data_export_rule: "a setting of the workspace, which has its own diagnostic setting",
    azurerm_storage_account: "the log archive: its blob logs are a setting of the blobServices sub-resource, not modelled yet; control-plane changes are in the activity log",
    azurerm_storage_container: "a container of the log archive's account: no diagnostic setting of its own",
    azurerm_storage_container_immutability_policy: "a setting of a container: no diagnostic setting of its own",
    azurerm_resource_group: "not a monitored resource; its changes are in the subscription activity log",
    azurerm_role_assignment: "extension resource (Microsoft.Authorization)",
    azurerm_management_lock: "extension resource (Microsoft.Authorization)",
    azurerm_user_assigned_identity: "Microsoft.ManagedIdentity/userAssignedIdentities: no resource logs or metrics listed",
    azurerm_key_vault_key: "sub-resource of the vault (its operations are in the vault's AuditEvent log)",
    azurerm_subnet: "sub-resource of the VNet",
    azurerm_subnet_nat_gateway_association: "association, no Azure resource",
    azurerm_subnet_network_security_group_association: "association, no Azure resource",
    azurerm_nat_gateway_public_ip_association: "association, no Azure resource",
    azurerm_nat_gateway: "Microsoft.Network/natGateways (Standard): no resource logs, every metric DS Export: No",
    azurerm_private_dns_zone: "Microsoft.Network/privateDnsZones: no resource logs, metrics not exportable (DS Export: No)",
    azurerm_private_dns_zone_virtual_network_link: "sub-resource of the private DNS zone",
    azurerm_private_endpoint: "Microsoft.Network/privateEndpoints: no resource logs, PEBytesIn/PEBytesOut not exportable (DS Export: No)",
    azurerm_kubernetes_cluster_node_pool: "sub-resource of the cluster",
    azurerm_postgresql_flexible_server_configuration: "sub-resource of the server",
    azurerm_postgresql_flexible_server_database: "sub-resource of the server",
    azurerm_postgresql_flexible_server_active_directory_administrator: "sub-resource of the server",
    azurerm_eventhub: "sub-resource of the namespace",
    azurerm_cosmosdb_cassandra_datacenter: "sub-resource of the cluster",
    azurerm_log_analytics_workspace_table: "sub-resource of the workspace",
    azurerm_monitor_diagnostic_setting: "extension resource (the setting itself)",
    azurerm_monitor_data_collection_rule_association: "extension resource",
    azurerm_monitor_data_collection_endpoint: "Microsoft.Insights/dataCollectionEndpoints: no resource logs or metrics listed",
    azurerm_monitor_action_group: "Microsoft.Insights/actionGroups: no resource logs or metrics listed",
    azurerm_monitor_metric_alert: "Microsoft.Insights/metricAlerts: no resource logs or metrics listed",
    azurerm_monitor_scheduled_query_rules_alert_v2: "Microsoft.Insights/scheduledQueryRules: no resource logs or metrics listed",
    azurerm_monitor_alert_prometheus_rule_group: "Microsoft.AlertsManagement/prometheusRuleGroups: no resource logs or metrics listed",
    azurerm_application_insights_standard_web_test: "Microsoft.Insights/webtests: results are availability telemetry of its Application Insights",
    azurerm_portal_dashboard: "Microsoft.Portal/dashboards: no resource logs or metrics listed",
  };

  test("every synthesized type is classified: with a diagnostic setting, or listed as unable to have one", () => {
    const types = new Set(ENVIRONMENTS.flatMap((env) => Object.keys(targetSynth("azure", env, { service: true }).resource ?? {})));
    const unclassified = [...types].filter((t) => !(t in AZURE_DIAGNOSTIC_SETTINGS) && !(t in WITHOUT_DIAGNOSTIC_SETTINGS));
    expect(unclassified).toEqual([]);
    expect(Object.keys(WITHOUT_DIAGNOSTIC_SETTINGS).filter((t) => t in AZURE_DIAGNOSTIC_SETTINGS)).toEqual([]);
  });

  test.each(ENVIRONMENTS)("%s: every resource whose type supports diagnostic settings has one, to Log Analytics", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const settings = resourceBodies(synth, "azurerm_monitor_diagnostic_setting");
    const targets = new Set(settings.map((s) => s.target_resource_id));
    const missing: string[] = [];
    for (const type of Object.keys(AZURE_DIAGNOSTIC_SETTINGS)) {
      for (const [name] of resourcesOfType(synth, type)) {
        if (!targets.has(`\${${type}.${name}.id}`)) missing.push(`${type}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(settings.every((s) => /^\$\{azurerm_log_analytics_workspace\./.test(s.log_analytics_workspace_id))).toBe(true);
    const cassandra = settings.find((s) => String(s.target_resource_id).includes("azurerm_cosmosdb_cassandra_cluster"));
    expect(cassandra?.enabled_log.map((l: ResourceBody) => l.category)).toEqual(["CassandraAudit", "CassandraLogs"]);
  });

  test("one action group per delivered severity with the routed receivers; dev has no page group", () => {
    const groups = (env: EnvironmentTier) => resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_action_group").sort((a, b) => a.name.localeCompare(b.name));
    expect(groups("prod").map((g) => g.name)).toEqual(["checkout-prod-alerts-info", "checkout-prod-alerts-page", "checkout-prod-alerts-ticket"]);
    expect(groups("dev").map((g) => g.name)).toEqual(["checkout-dev-alerts-info", "checkout-dev-alerts-ticket"]);
    const page = groups("prod")[1];
    expect(page.email_receiver).toEqual([{ name: "mail", email_address: "oncall@example.com", use_common_alert_schema: true }]);
    expect(page.webhook_receiver[0].service_uri).toMatch(/^https:\/\/events\.pagerduty\.com\/integration\/\$\{data\.azurerm_key_vault_secret\..+\.value\}\/enqueue$/);
    const ticket = groups("prod")[2];
    expect(ticket.webhook_receiver.map((w: ResourceBody) => w.name)).toEqual(["hook", "slack"]);
    // Slack goes to its relay (the Key Vault secret "test-slack-relay-url"), never to the incoming webhook.
    const secrets = Object.entries(targetSynth("azure", "prod", { service: true }).data?.azurerm_key_vault_secret ?? {}).map(([key, body]) => [key, body.name]);
    const [relay] = secrets.filter(([, name]) => name === "test-slack-relay-url").map(([key]) => key);
    expect(ticket.webhook_receiver[1].service_uri).toBe(`\${data.azurerm_key_vault_secret.${relay}.value}`);
    expect(secrets.map(([, name]) => name)).not.toContain("test-slack-webhook");
  });

  test("an Azure role is a channel routed like the others: its members receive the severities whose route names it (arm_role_receiver)", () => {
    const { stack } = targetStack("azure", { platform: { notifications: { ...azureNotifications, channels: { ...azureNotifications.channels, owners: Channel.azureRole("Owner"), readers: Channel.azureRole("Monitoring Reader") }, routes: { ...azureNotifications.routes, page: ["pager", "owners"], info: ["readers"] } } } });
    const groups = Object.fromEntries(resourceBodies(synthStack(stack), "azurerm_monitor_action_group").map((g) => [g.name, g]));
    expect(groups["checkout-prod-alerts-page"].arm_role_receiver).toEqual([{ name: "owners", role_id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", use_common_alert_schema: true }]);
    expect(groups["checkout-prod-alerts-info"].arm_role_receiver).toEqual([{ name: "readers", role_id: AZURE_ROLE_IDS["Monitoring Reader"], use_common_alert_schema: true }]);
    expect(groups["checkout-prod-alerts-ticket"].arm_role_receiver).toEqual([]);
  });

  test("a metric alert carries summary, severity and runbook in its description and notifies its severity's group; dev pages arrive as tickets", () => {
    const find = (env: EnvironmentTier) => resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_metric_alert").find((a) => a.name === `checkout-${env}-postgres-flexible-down`)!;
    expect(find("prod").description).toMatch(/^\[page\] PostgreSQL server checkout-prod is down\n[\s\S]+\nRunbook: https:\/\/runbooks\.example\.com\/vigil\/postgres-flexible\/down\.md$/);
    expect(find("prod")).toMatchObject({ severity: 0, window_size: "PT5M", frequency: "PT1M", auto_mitigate: true });
    expect(find("prod").action[0].action_group_id).toMatch(/page-action-group/);
    expect(find("dev").description).toMatch(/^\[page delivered as ticket\]/);
    expect(find("dev")).toMatchObject({ severity: 2 });
    expect(find("dev").action[0].action_group_id).toMatch(/ticket-action-group/);
  });

  test("managed Prometheus: Azure Monitor workspace, data collection endpoint, rule and associations on the AKS cluster", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    expect(onlyResource(synth, "azurerm_monitor_workspace").name).toBe("checkout-prod-prometheus");
    const rule = resourceBodies(synth, "azurerm_monitor_data_collection_rule").find((r) => r.data_sources?.prometheus_forwarder)!;
    expect(rule.data_flow).toEqual([{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["monitor-workspace"] }]);
    expect(rule.data_sources.prometheus_forwarder[0].streams).toEqual(["Microsoft-PrometheusMetrics"]);
    expect(rule.data_collection_endpoint_id).toMatch(/azurerm_monitor_data_collection_endpoint/);
    const associations = resourceBodies(synth, "azurerm_monitor_data_collection_rule_association");
    expect(associations.filter((a) => a.data_collection_endpoint_id)).toHaveLength(1);
    expect(associations.every((a) => /azurerm_kubernetes_cluster/.test(a.target_resource_id))).toBe(true);
  });

  test("Prometheus rule groups from the shared renderer: SLO recording and alerting rules, ISO durations, actions to the severity's group", () => {
    const groups = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_alert_prometheus_rule_group");
    expect(groups.length).toBeGreaterThan(0);
    const rules = groups.flatMap((g) => g.rule as ResourceBody[]);
    expect(rules.some((r) => r.record)).toBe(true);
    const alerting = rules.filter((r) => r.alert);
    expect(alerting.length).toBeGreaterThan(0);
    for (const r of alerting) {
      expect(r.for === undefined || /^P(T\d+[HMS]|\d+D)$/.test(r.for)).toBe(true);
      expect(r.annotations.runbook_url).toMatch(/^https:\/\//);
      expect(r.action[0].action_group_id).toMatch(r.labels.severity === "page" ? /page-action-group/ : /(ticket|info)-action-group/);
    }
    expect(groups.every((g) => g.scopes.length === 2 && g.cluster_name === "checkout-prod")).toBe(true);
  });

  test("Managed Grafana is linked to the Monitor workspace, zone-redundant outside dev, and may read metrics", () => {
    const grafana = (env: EnvironmentTier) => onlyResource(targetSynth("azure", env, { service: true }), "azurerm_dashboard_grafana");
    expect(grafana("prod")).toMatchObject({ zone_redundancy_enabled: true, api_key_enabled: false, identity: { type: "SystemAssigned" } });
    expect(grafana("prod").azure_monitor_workspace_integrations[0].resource_id).toMatch(/azurerm_monitor_workspace/);
    expect(grafana("dev").zone_redundancy_enabled).toBe(false);
    const grafanaRoles = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_role_assignment").filter((r) => String(r.principal_id).includes("azurerm_dashboard_grafana"));
    expect(grafanaRoles.map((r) => r.role_definition_name).sort()).toEqual(["Monitoring Data Reader", "Monitoring Reader"]);
  });

  test.each([
    ["dev", 900],
    ["staging", 300],
    ["prod", 300],
  ] as const)("%s: a standard web test probes the endpoint every %d s from 5 locations, and checks-failing alerts on its availability percentage below 90 %%", (env, frequency) => {
    const synth = targetSynth("azure", env, { service: true });
    expect(onlyResource(synth, "azurerm_application_insights_standard_web_test")).toMatchObject({
      frequency,
      request: { url: "https://checkout.example.com/healthz" },
      validation_rules: { expected_status_code: 200, ssl_check_enabled: true },
    });
    const alert = resourceBodies(synth, "azurerm_monitor_metric_alert").find((a) => a.name === `checkout-${env}-health-web-test-checks-failing`)!;
    expect(alert.scopes).toEqual([expect.stringMatching(/^\$\{azurerm_application_insights\./)]);
    expect(alert.criteria).toEqual([
      expect.objectContaining({
        metric_namespace: "microsoft.insights/components",
        metric_name: "availabilityResults/availabilityPercentage",
        aggregation: "Average",
        operator: "LessThan",
        threshold: 90,
        dimension: [{ name: "availabilityResult/name", operator: "Include", values: [`checkout-${env}-health`] }],
      }),
    ]);
  });

  test("the web test's threshold is the user's percent of passing checks, unconverted", () => {
    const { stack, platform } = targetStack("azure");
    new MonitoredService(stack, "checkout", { platform, endpoint: { url: "https://checkout.example.com/healthz", alerts: { "checks-failing": { threshold: 75 } } } });
    const alert = resourceBodies(synthStack(stack), "azurerm_monitor_metric_alert").find((a) => a.name === "checkout-prod-health-web-test-checks-failing")!;
    expect(alert.criteria[0].threshold).toBe(75);
  });

  test("changes made outside the pipeline alert: the activity log goes to Log Analytics and a log alert excludes the deploying identity", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const rules = resourceBodies(synth, "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) => String(r.name).includes("activity-log"));
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule.criteria[0].query).toContain("AzureActivity");
    expect(rule.criteria[0].query).toMatch(/Caller !in~ \("\$\{data\.azurerm_client_config\.[^}]+\.object_id\}"\)/);
    const exportSetting = resourceBodies(synth, "azurerm_monitor_diagnostic_setting").find((s) => s.target_resource_id === "/subscriptions/00000000-0000-0000-0000-000000000000");
    expect(exportSetting?.enabled_log.map((l: ResourceBody) => l.category)).toEqual(["Administrative", "Security", "Policy"]);
  });

  test("the manifest records every alert with its mechanism, route and runbook; every runbook page exists", () => {
    const base = "https://runbooks.example.com/vigil";
    for (const env of ENVIRONMENTS) {
      const manifest = manifestOf(targetSynth("azure", env, { service: true }))!;
      const mechanisms = new Set(manifest.alerts.map((a) => a.mechanism));
      expect([...mechanisms].sort()).toEqual(["azure-activity-log-alert", "azure-log-query-alert", "azure-metric-alert", "prometheus-rule"]);
      for (const alert of manifest.alerts.filter((a) => a.mechanism !== "prometheus-rule")) {
        expect(alert.routes.length).toBeGreaterThan(0);
        expect(existsSync(join(__dirname, "../../docs/runbooks", alert.runbookUrl.slice(base.length + 1)))).toBe(true);
      }
    }
  });

  test.each(ENVIRONMENTS)("%s: no password or secret value is written into the configuration", (env) => {
    const json = JSON.stringify(targetSynth("azure", env, { service: true }));
    expect(json).not.toMatch(/"(administrator_password|default_admin_password)":"(?!\$\{)/);
    expect(onlyResource(targetSynth("azure", env, { service: true }), "azurerm_cosmosdb_cassandra_cluster").default_admin_password).toMatch(/^\$\{data\.azurerm_key_vault_secret\./);
  });
});

describe("collection and retention: Container Insights to Log Analytics, audit tables kept per profile", () => {
  test("Container Insights: a ContainerInsights data collection rule to Log Analytics, associated with the cluster", () => {
    const rules = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_data_collection_rule");
    const ci = rules.find((r) => r.data_sources?.extension)!;
    expect(ci.data_sources.extension[0]).toMatchObject({ extension_name: "ContainerInsights", streams: ["Microsoft-ContainerInsights-Group-Default"] });
    expect(JSON.parse(ci.data_sources.extension[0].extension_json).dataCollectionSettings.enableContainerLogV2).toBe(true);
    expect(ci.destinations.log_analytics[0].workspace_resource_id).toMatch(/azurerm_log_analytics_workspace/);
    expect(resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_monitor_data_collection_rule_association")).toHaveLength(3);
  });

  test.each([
    ["dev", 30, 30],
    ["staging", 30, 90],
    ["prod", 90, 365],
  ] as const)("%s: audit tables stay queryable %d days and are kept %d days in total", (env, interactive, total) => {
    const tables = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_log_analytics_workspace_table").filter((t) => !AZURE_WORKLOAD_LOG_TABLES.includes(t.name));
    expect(tables.map((t) => t.name).sort()).toEqual(["AKSAudit", "AKSAuditAdmin", "AZMSRunTimeAuditLogs", "AzureActivity", "CassandraAudit", "PGSQLServerLogs"]);
    expect(tables.every((t) => t.retention_in_days === interactive && t.total_retention_in_days === total)).toBe(true);
  });

  test("warning: dev's API server is open to the internet", () => {
    const { stack } = targetStack("azure", { environment: "dev" });
    Testing.synth(stack, true);
    const messages = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
    expect(messages).toContainEqual(expect.stringContaining("[vigil:aksPublicApiServer] the API server of checkout-dev is reachable from the whole internet"));
  });
});

describe("Azure managed Prometheus rule groups pass promtool", () => {
  /** `PT5M` → `5m`, `PT1H` → `1h`, `P1D` → `1d`: back to Prometheus durations. */
  const promDuration = (iso: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso)!;
    return [[m[1], "d"], [m[2], "h"], [m[3], "m"], [m[4], "s"]].filter(([n]) => n).map(([n, u]) => `${n}${u}`).join("");
  };

  test.each(ENVIRONMENTS)("%s: the rule groups, rendered back to a rule file, pass promtool check rules", (env) => {
    const groups = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_monitor_alert_prometheus_rule_group").map((g) => ({
      name: g.name,
      interval: promDuration(g.interval),
      rules: (g.rule as ResourceBody[]).map((r) =>
        r.record
          ? { record: r.record, expr: r.expression, ...(r.labels ? { labels: r.labels } : {}) }
          : { alert: r.alert, expr: r.expression, ...(r.for ? { for: promDuration(r.for) } : {}), labels: r.labels, annotations: r.annotations },
      ),
    }));
    const result = checkRulesWithPromtool(stringify({ groups }));
    expect(result).toMatchObject({ skipped: false, output: expect.stringMatching(/SUCCESS: \d+ rules found/) });
  });
});
