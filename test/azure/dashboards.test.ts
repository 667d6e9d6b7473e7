import { manifestOf } from "../../lib";
import { AZURE_CHART_AGGREGATION, AZURE_METRICS_CHART_PART } from "../../lib/azure";
import { ENVIRONMENTS } from "../support";
import { azureSynth, bodies, Body } from "./support";

/** The chart parts of a synthesized dashboard, in order. */
function charts(dashboard: Body): Body[] {
  const properties = JSON.parse(dashboard.dashboard_properties);
  const parts = properties.lenses["0"].parts as Record<string, Body>;
  return Object.keys(parts)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => parts[k]);
}

/** Metric name, namespace and portal aggregation id of every chart. */
function charted(dashboard: Body): string[] {
  return charts(dashboard).map((p) => {
    const m = p.metadata.settings.content.options.chart.metrics[0];
    return `${m.namespace} ${m.name} ${m.aggregationType}`;
  });
}

describe("portal dashboards per component and per service", () => {
  test.each(ENVIRONMENTS)("%s: every component with metric alerts has its own dashboard, named in its manifest record and its alerts' records", (env) => {
    const synth = azureSynth(env);
    const manifest = manifestOf(synth)!;
    const dashboards = new Map(bodies(synth, "azurerm_portal_dashboard").map((d) => [d.name as string, d]));
    expect([...dashboards.keys()].sort()).toEqual([
      `checkout-${env}-aks-cluster`,
      `checkout-${env}-cassandra-managed-instance`,
      `checkout-${env}-event-hubs`,
      `checkout-${env}-health-web-test`,
      `checkout-${env}-postgres-flexible`,
      `checkout-${env}-service`,
    ]);
    // The activity log's manual-change alert is a log query, with no metric to chart.
    for (const component of manifest.components.filter((c) => c.component !== "activity-log")) {
      expect(component.dashboard).toBe(`${component.name}-${component.component}`);
      const alerts = manifest.alerts.filter((a) => a.mechanism === "azure-metric-alert" && a.component === component.component);
      expect(alerts.length).toBeGreaterThan(0);
      for (const alert of alerts) expect(alert.dashboard).toBe(component.dashboard);
    }
  });

  test("a component's dashboard charts each metric its alerts watch, with the alert's aggregation, on the component's resource", () => {
    const synth = azureSynth("prod");
    const postgres = bodies(synth, "azurerm_portal_dashboard").find((d) => d.name === "checkout-prod-postgres-flexible")!;
    const rules = bodies(synth, "azurerm_monitor_metric_alert").filter((r) => String(r.scopes[0]).startsWith("${azurerm_postgresql_flexible_server."));
    const expected = new Set(rules.map((r) => `${String(r.criteria[0].metric_namespace).toLowerCase()} ${r.criteria[0].metric_name} ${AZURE_CHART_AGGREGATION[r.criteria[0].aggregation]}`));
    expect(new Set(charted(postgres))).toEqual(expected);
    expect(charted(postgres)).toContain("microsoft.dbforpostgresql/flexibleservers cpu_percent 4");
    for (const part of charts(postgres)) {
      expect(part.metadata.type).toBe(AZURE_METRICS_CHART_PART);
      expect(part.metadata.settings.content.options.chart.metrics[0].resourceMetadata.id).toMatch(/^\$\{azurerm_postgresql_flexible_server\..+\.id\}$/);
    }
    // Two charts a row on the portal's 12-column grid.
    expect(charts(postgres).slice(0, 3).map((p) => p.position)).toEqual([
      { x: 0, y: 0, colSpan: 6, rowSpan: 4 },
      { x: 6, y: 0, colSpan: 6, rowSpan: 4 },
      { x: 0, y: 4, colSpan: 6, rowSpan: 4 },
    ]);
    expect(postgres.tags["hidden-title"]).toBe("checkout-prod (Azure Database for PostgreSQL flexible server)");
  });

  test("an alert's dimensions become the chart's filters", () => {
    const aks = bodies(azureSynth("prod"), "azurerm_portal_dashboard").find((d) => d.name === "checkout-prod-aks-cluster")!;
    const podPhase = charts(aks).find((p) => p.metadata.settings.content.options.chart.metrics[0].name === "kube_pod_status_phase")!;
    expect(podPhase.metadata.settings.content.options.chart.filterCollection).toEqual({ filters: [{ key: "phase", operator: 0, values: ["Failed"] }] });
  });

  test("the service dashboard charts its data components' metrics (not the cluster's)", () => {
    const synth = azureSynth("prod");
    const service = bodies(synth, "azurerm_portal_dashboard").find((d) => d.name === "checkout-prod-service")!;
    const namespaces = new Set(charted(service).map((c) => c.split(" ")[0]));
    expect(namespaces).toEqual(new Set(["microsoft.eventhub/namespaces", "microsoft.documentdb/cassandraclusters", "microsoft.dbforpostgresql/flexibleservers"]));
    const componentCharts = ["checkout-prod-event-hubs", "checkout-prod-cassandra-managed-instance", "checkout-prod-postgres-flexible"]
      .map((name) => charted(bodies(synth, "azurerm_portal_dashboard").find((d) => d.name === name)!).length)
      .reduce((a, b) => a + b, 0);
    expect(charts(service)).toHaveLength(componentCharts);
  });
});
