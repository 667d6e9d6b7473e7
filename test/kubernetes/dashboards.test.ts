import { DASHBOARD_CATALOGS } from "../../lib/observability/dashboard-catalog";
import { SIGNAL_HEADINGS } from "../../lib/observability/dashboard-model";
import { promQlError } from "../../lib/observability/promql";
import { KubernetesPlatform } from "../../lib/kubernetes";
import { cnpgPanels } from "../../lib/kubernetes/dashboard-panels";
import { GRAFANA_UNITS } from "../../lib/kubernetes/grafana-dashboard";
import { alertRules } from "./support";
import { targetStack, testService } from "../harness";

type Panel = { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; fieldConfig?: { defaults: { unit?: string; min?: number; max?: number } }; targets?: { expr: string }[] };
type Dashboard = { uid: string; title: string; panels: Panel[] };

const platform: KubernetesPlatform = targetStack("kubernetes", { service: testService("kubernetes", { endpoint: { url: "https://shop.example.com/healthz" } }) }).platform;

/** The Grafana dashboards of the platform's chart, by ConfigMap name. */
function dashboards(): Map<string, Dashboard> {
  return new Map(
    platform.chart
      .manifestsOfKind("ConfigMap")
      .filter((c) => c.metadata.labels?.grafana_dashboard === "1")
      .map((c) => [c.metadata.name, JSON.parse(Object.values(c.data as Record<string, string>)[0]) as Dashboard]),
  );
}

/** Row title → panel titles under it. */
function rows(d: Dashboard): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let current = "";
  for (const p of d.panels) {
    if (p.type === "row") out[(current = p.title)] = [];
    else out[current].push(p.title);
  }
  return out;
}

describe("in-cluster Grafana dashboards from the golden-signal model", () => {
  test("CloudNativePG: a row panel per golden signal with the catalog's panels in it, then the alert states and each alert's query", () => {
    const d = dashboards().get("checkout-postgres-cnpg-dashboard")!;
    expect(d.title).toBe("checkout · postgres-cnpg (checkout-postgres)");
    const { Alerts: alerts, ...signals } = rows(d);
    expect(signals).toEqual({
      Latency: ["Replication lag", "Longest running transaction"],
      Traffic: ["Connections"],
      Saturation: ["CPU used", "Memory used", "Storage used"],
    });
    const deployed = Object.keys(alertRules(platform, "checkout-postgres-alerts"));
    expect(alerts).toEqual(["Alert states", ...deployed.map((id) => expect.stringMatching(new RegExp(`^${id} \\((page|ticket|info)\\)$`)))]);
    // Row panels span the grid; graphs are two a line under them.
    const first = d.panels.slice(0, 3).map((p) => [p.type, p.gridPos]);
    expect(first).toEqual([
      ["row", { x: 0, y: 0, w: 24, h: 1 }],
      ["timeseries", { x: 0, y: 1, w: 12, h: 8 }],
      ["timeseries", { x: 12, y: 1, w: 12, h: 8 }],
    ]);
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
  });

  test("units: percent panels on a fixed 0–100 axis, durations in seconds, each panel in its catalog unit", () => {
    const d = dashboards().get("checkout-postgres-cnpg-dashboard")!;
    const byTitle = new Map(d.panels.map((p) => [p.title, p.fieldConfig?.defaults]));
    for (const spec of Object.values(DASHBOARD_CATALOGS.postgres)) {
      const defaults = byTitle.get(spec.title);
      if (!defaults) continue;
      // A percent panel also has a fixed 0–100 axis.
      const axis = spec.unit === "percent" ? { min: defaults.min, max: defaults.max } : {};
      expect({ title: spec.title, unit: defaults.unit, ...axis }).toEqual({ title: spec.title, unit: GRAFANA_UNITS[spec.unit], ...(spec.unit === "percent" ? { min: 0, max: 100 } : {}) });
    }
    expect(byTitle.get("CPU used")).toMatchObject({ unit: "percent", min: 0, max: 100 });
    expect(byTitle.get("Replication lag")).toMatchObject({ unit: "s" });
  });

  test("a panel reads the series its alert reads, one line per pod instead of the busiest", () => {
    const rules = alertRules(platform, "checkout-postgres-alerts");
    const panels = cnpgPanels("checkout-postgres", "checkout-data").panels;
    const cpu = "query" in panels.cpu ? panels.cpu.query.expr : "";
    // The alert takes max() of the same per-pod ratio the panel draws.
    expect(rules["cpu-high"].expr).toContain(cpu.replace(/^\(/, "").replace(/\) \* 100$/, ""));
    expect(cpu).toMatch(/^\(sum by \(pod\) \(rate\(container_cpu_usage_seconds_total\{namespace="checkout-data",pod=~"checkout-postgres-\[0-9\]\+",container="postgres"\}/);
    expect(panels["read-ops"]).toEqual({ unavailable: expect.stringMatching(/count no disk operations/) });
  });

  test("every query of every dashboard is PromQL that parses, and the alert states select the labels every rule carries", () => {
    let queries = 0;
    for (const [name, d] of dashboards()) {
      for (const p of d.panels.filter((x) => x.type !== "row")) {
        for (const t of p.targets ?? []) {
          expect({ name, panel: p.title, error: promQlError(t.expr) }).toEqual({ name, panel: p.title, error: undefined });
          queries++;
        }
      }
    }
    expect(queries).toBeGreaterThan(60);
    const states = dashboards().get("checkout-kafka-strimzi-dashboard")!.panels.find((p) => p.title === "Alert states")!;
    expect(states.targets![0].expr).toBe('max by (alertname, alertstate) (ALERTS{service="checkout",component="kafka-strimzi"})');
    const rule = Object.values(alertRules(platform, "checkout-kafka-alerts"))[0];
    expect(rule.labels).toMatchObject({ service: "checkout", component: "kafka-strimzi" });
  });

  test("the service dashboard: the service's requests, its endpoint probe and every data component's panels, by golden signal; the states of all its alerts", () => {
    const d = dashboards().get("checkout-service-dashboard")!;
    const r = rows(d);
    expect(Object.keys(r)).toEqual([...Object.values(SIGNAL_HEADINGS), "Alerts"]);
    expect(r.Traffic.slice(0, 1)).toEqual(["Requests"]);
    expect(r.Errors).toEqual(expect.arrayContaining(["Server errors", "Error budget remaining", "endpoint: Checks passing", "kafka-strimzi: Offline partitions"]));
    expect(r.Latency).toEqual(expect.arrayContaining(["Latency (p99)", "endpoint: Check duration", "cassandra-k8ssandra: Read latency (p99)"]));
    expect(r.Saturation).toEqual(expect.arrayContaining(["postgres-cnpg: CPU used", "search-eck: JVM heap used", "cassandra-k8ssandra: Storage used"]));
    // No threshold graphs here: the alert states only, for every alert of the service.
    expect(r.Alerts).toEqual(["Alert states"]);
    expect(d.panels.find((p) => p.title === "Alert states")!.targets![0].expr).toBe('max by (alertname, alertstate) (ALERTS{service="checkout"})');
    const budget = d.panels.find((p) => p.title === "Error budget remaining")!;
    expect(budget.targets![0].expr).toBe('100 * slo:error_budget:remaining{service="checkout"}');
    expect(budget.fieldConfig!.defaults).toMatchObject({ unit: "percent", max: 100 });
  });
});
