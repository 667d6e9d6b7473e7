import { manifestOf } from "../../lib/core/manifest-read";
import { AZURE_CHART_AGGREGATION, AZURE_MARKDOWN_PART, AZURE_METRICS_CHART_PART } from "../../lib/azure/portal-dashboard-parts";
import { ENVIRONMENTS } from "../support";
import { AZURE_METRIC_CATALOG } from "./metric-catalog";
import { ResourceBody, targetSynth } from "../harness";
import { resourceBodies } from "../../lib/testing";

/** The parts of a synthesized dashboard, in order. */
function parts(dashboard: ResourceBody): ResourceBody[] {
  const properties = JSON.parse(dashboard.dashboard_properties);
  const all = properties.lenses["0"].parts as Record<string, ResourceBody>;
  return Object.keys(all)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => all[k]);
}

/** The chart parts of a synthesized dashboard, in order. */
function charts(dashboard: ResourceBody): ResourceBody[] {
  return parts(dashboard).filter((p) => p.metadata.type === AZURE_METRICS_CHART_PART);
}

/** The dashboard's rows: each Markdown heading with the charts after it. */
function rows(dashboard: ResourceBody): Array<{ heading: string; text: string; charts: ResourceBody[] }> {
  const out: Array<{ heading: string; text: string; charts: ResourceBody[] }> = [];
  for (const p of parts(dashboard)) {
    if (p.metadata.type === AZURE_MARKDOWN_PART) out.push({ heading: p.metadata.settings.content.settings.title, text: p.metadata.settings.content.settings.content, charts: [] });
    else out[out.length - 1].charts.push(p);
  }
  return out;
}

/** The metric of a chart part. */
const metricOf = (p: ResourceBody) => p.metadata.settings.content.options.chart.metrics[0];

describe("portal dashboards per component and per service", () => {
  test.each(ENVIRONMENTS)("%s: every component with metric alerts has its own dashboard, named in its manifest record and its alerts' records", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const manifest = manifestOf(synth)!;
    const dashboards = new Map(resourceBodies(synth, "azurerm_portal_dashboard").map((d) => [d.name as string, d]));
    expect([...dashboards.keys()].sort()).toEqual([
      `checkout-${env}-aks-cluster`,
      `checkout-${env}-cassandra-managed-instance`,
      `checkout-${env}-event-hubs`,
      `checkout-${env}-health-web-test`,
      `checkout-${env}-postgres-flexible`,
      `checkout-${env}-service`,
    ]);
    // The activity log's and the logs' alerts are log queries or PromQL: the service's logs are charted on its
    // service dashboard, the collector's health on the cluster's.
    const recorded = (c: string) => manifest.components.find((x) => x.component === c)!.dashboard;
    expect([recorded("container-logs"), recorded("container-insights")]).toEqual([`checkout-${env}-service`, `checkout-${env}-aks-cluster`]);
    for (const component of manifest.components.filter((c) => !["activity-log", "container-insights", "container-logs"].includes(c.component))) {
      expect(component.dashboard).toBe(`${component.name}-${component.component}`);
      const alerts = manifest.alerts.filter((a) => a.mechanism === "azure-metric-alert" && a.component === component.component);
      expect(alerts.length).toBeGreaterThan(0);
      for (const alert of alerts) expect(alert.dashboard).toBe(component.dashboard);
    }
  });

  test("a component's dashboard: a row per golden signal of its panels, then its alert rules and each metric they watch", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const postgres = resourceBodies(synth, "azurerm_portal_dashboard").find((d) => d.name === "checkout-prod-postgres-flexible")!;
    const byHeading = Object.fromEntries(rows(postgres).map((r) => [r.heading, r]));
    expect(Object.keys(byHeading)).toEqual(["Traffic", "Errors", "Saturation", "Alerts"]);
    expect(byHeading.Saturation.charts.map((c) => [c.metadata.settings.content.options.chart.title, metricOf(c).name])).toEqual([
      ["CPU used", "cpu_percent"],
      ["Memory used", "memory_percent"],
      ["Storage used", "storage_percent"],
      ["Disk IOPS consumed", "disk_iops_consumed_percentage"],
    ]);
    expect(byHeading.Traffic.charts.map((c) => metricOf(c).name)).toEqual(["active_connections", "read_iops", "write_iops"]);
    const rules = resourceBodies(synth, "azurerm_monitor_metric_alert").filter((r) => String(r.scopes[0]).startsWith("${azurerm_postgresql_flexible_server."));
    const expected = new Set(rules.map((r) => `${String(r.criteria[0].metric_namespace).toLowerCase()} ${r.criteria[0].metric_name} ${AZURE_CHART_AGGREGATION[r.criteria[0].aggregation]}`));
    expect(new Set(byHeading.Alerts.charts.map((c) => `${metricOf(c).namespace} ${metricOf(c).name} ${metricOf(c).aggregationType}`))).toEqual(expected);
    // The alert rules are listed by id in the alert-state row's text.
    expect(rules.length).toBeGreaterThan(4);
    for (const rule of rules) expect(byHeading.Alerts.text).toContain(`| ${String(rule.name).replace("checkout-prod-postgres-flexible-", "")} |`);
    for (const part of charts(postgres)) expect(metricOf(part).resourceMetadata.id).toMatch(/^\$\{azurerm_postgresql_flexible_server\..+\.id\}$/);
    // A heading across the 12-column grid, then two charts a line.
    expect(parts(postgres).slice(0, 4).map((p) => p.position)).toEqual([
      { x: 0, y: 0, colSpan: 12, rowSpan: 1 },
      { x: 0, y: 1, colSpan: 6, rowSpan: 4 },
      { x: 6, y: 1, colSpan: 6, rowSpan: 4 },
      { x: 0, y: 5, colSpan: 6, rowSpan: 4 },
    ]);
    expect(postgres.tags["hidden-title"]).toBe("checkout-prod (Azure Database for PostgreSQL flexible server)");
  });

  test.each(ENVIRONMENTS)("%s: every chart of every dashboard is a documented Azure Monitor metric of its namespace", (env) => {
    const all = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_portal_dashboard").flatMap(charts);
    expect(all.length).toBeGreaterThan(20);
    const catalog = Object.fromEntries(Object.entries(AZURE_METRIC_CATALOG).map(([ns, names]) => [ns.toLowerCase(), names]));
    for (const chart of all) {
      const m = metricOf(chart);
      expect({ namespace: m.namespace, name: m.name, documented: catalog[m.namespace]?.includes(m.name) ?? false }).toEqual({ namespace: m.namespace, name: m.name, documented: true });
    }
  });

  test("an alert's dimensions become the chart's filters", () => {
    const aks = resourceBodies(targetSynth("azure", "prod", { service: true }), "azurerm_portal_dashboard").find((d) => d.name === "checkout-prod-aks-cluster")!;
    const podPhase = charts(aks).find((p) => p.metadata.settings.content.options.chart.metrics[0].name === "kube_pod_status_phase")!;
    expect(podPhase.metadata.settings.content.options.chart.filterCollection).toEqual({ filters: [{ key: "phase", operator: 0, values: ["Failed"] }] });
  });

  test("the service dashboard: its data components' panels (not the cluster's) row by golden signal, labelled with the component, then every alert rule", () => {
    const synth = targetSynth("azure", "prod", { service: true });
    const dashboards = resourceBodies(synth, "azurerm_portal_dashboard");
    const service = dashboards.find((d) => d.name === "checkout-prod-service")!;
    const namespaces = new Set(charts(service).map((c) => metricOf(c).namespace));
    expect(namespaces).toEqual(new Set(["microsoft.eventhub/namespaces", "microsoft.documentdb/cassandraclusters", "microsoft.dbforpostgresql/flexibleservers"]));
    // Every panel of the components' dashboards (not the charts of their alerts), once.
    const componentPanels = ["checkout-prod-event-hubs", "checkout-prod-cassandra-managed-instance", "checkout-prod-postgres-flexible"]
      .map((name) => rows(dashboards.find((d) => d.name === name)!).filter((r) => r.heading !== "Alerts").reduce((n, r) => n + r.charts.length, 0))
      .reduce((a, b) => a + b, 0);
    expect(charts(service)).toHaveLength(componentPanels);
    const serviceRows = rows(service);
    expect(serviceRows.map((r) => r.heading)).toEqual(["Latency", "Traffic", "Errors", "Saturation", "Alerts"]);
    expect(serviceRows.find((r) => r.heading === "Saturation")!.charts.map((c) => c.metadata.settings.content.options.chart.title)).toContain("postgres-flexible: CPU used");
    expect(serviceRows.find((r) => r.heading === "Alerts")!.charts).toEqual([]);
  });
});
