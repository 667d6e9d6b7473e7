import { AlertDefinition } from "cdktf-vigil";
import { componentDashboard, DashboardBindings, targetOnlyDashboard } from "../../lib/observability/dashboard-binding";
import { DASHBOARD_CATALOGS, DASHBOARD_KINDS, panelCatalog } from "../../lib/observability/dashboard-catalog";
import { GOLDEN_SIGNALS, panelsOf, PanelUnit, serviceDashboard } from "../../lib/observability/dashboard-model";
import { ALERT_CATALOGS } from "../../lib/observability/alert-catalog";

const UNITS: readonly PanelUnit[] = ["percent", "seconds", "count", "per-second", "bytes", "bytes-per-second"];

/** A binding of every panel of a kind to a query naming the panel, but the ids given, declared unavailable. */
function bindAll<K extends keyof typeof DASHBOARD_CATALOGS>(kind: K, unavailable: readonly string[] = []): DashboardBindings<K, string> {
  const panels = Object.fromEntries(Object.keys(DASHBOARD_CATALOGS[kind]).map((id) => [id, unavailable.includes(id) ? { unavailable: `no ${id} here` } : { query: `q:${id}` }]));
  return { kind, panels } as DashboardBindings<K, string>;
}

const alert = (id: string): AlertDefinition => ({
  id,
  component: "postgres-test",
  summary: id,
  description: id,
  severity: "ticket",
  runbookUrl: "https://runbooks.example.com",
  threshold: 1,
  unit: "%",
  condition: { kind: "promql", query: "up", comparison: ">", for: "5m" },
});

describe("the dashboard catalog", () => {
  test("every component kind with canonical alerts on a resource has a dashboard catalog (the platform kind has no resource to chart)", () => {
    expect([...DASHBOARD_KINDS].sort()).toEqual(Object.keys(ALERT_CATALOGS).filter((k) => k !== "platform").sort());
  });

  test.each(DASHBOARD_KINDS)("%s: every panel has a golden signal, a unit in the user's terms and a title unique in its kind", (kind) => {
    const panels = Object.values(panelCatalog(kind));
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) {
      expect(GOLDEN_SIGNALS).toContain(p.signal);
      expect(UNITS).toContain(p.unit);
      expect(p.title).toMatch(/^[A-Z]/);
    }
    expect(new Set(panels.map((p) => p.title)).size).toBe(panels.length);
  });

  test("a panel shown in percent is a share, read 0–100, on every target (CPU, memory, storage used; checks passing; edge 5xx)", () => {
    const percent = DASHBOARD_KINDS.flatMap((kind) => Object.entries(panelCatalog(kind)).filter(([, p]) => p.unit === "percent").map(([id]) => `${kind}/${id}`));
    expect(percent.sort()).toEqual(
      [
        "cluster/node-cpu", "cluster/node-memory", "cluster/node-storage",
        "kafka/cpu", "kafka/memory", "kafka/storage",
        "cassandra/cpu", "cassandra/memory", "cassandra/storage",
        "search/cpu", "search/jvm-memory", "search/storage",
        "postgres/cpu", "postgres/memory", "postgres/storage",
        "endpoint/checks-passing",
        "edge/errors-5xx",
      ].sort(),
    );
  });
});

describe("a component's dashboard in the model", () => {
  test("rows in golden-signal order, each with the catalog's panels of its signal, their queries from the target's bindings", () => {
    const model = componentDashboard("db", bindAll("postgres"));
    expect(model.rows.map((r) => r.signal)).toEqual(["latency", "traffic", "saturation"]);
    const byRow = Object.fromEntries(model.rows.map((r) => [r.signal, r.panels.map((p) => [p.title, p.unit, p.query])]));
    expect(byRow).toEqual({
      latency: [["Replication lag", "seconds", "q:replication-lag"]],
      traffic: [
        ["Connections", "count", "q:connections"],
        ["Disk reads", "per-second", "q:read-ops"],
        ["Disk writes", "per-second", "q:write-ops"],
      ],
      saturation: [
        ["CPU used", "percent", "q:cpu"],
        ["Memory used", "percent", "q:memory"],
        ["Storage used", "percent", "q:storage"],
      ],
    });
    expect(panelsOf(model).map((p) => p.ref)).toContainEqual({ kind: "postgres", id: "cpu" });
    expect(model.unavailable).toEqual([]);
  });

  test("a panel the target cannot draw is left out with its reason, and a signal left without panels has no row", () => {
    const model = componentDashboard("db", bindAll("postgres", ["replication-lag", "read-ops"]));
    expect(model.rows.map((r) => r.signal)).toEqual(["traffic", "saturation"]);
    expect(model.unavailable).toEqual([
      { ref: { kind: "postgres", id: "replication-lag" }, title: "Replication lag", reason: "no replication-lag here" },
      { ref: { kind: "postgres", id: "read-ops" }, title: "Disk reads", reason: "no read-ops here" },
    ]);
    expect(panelsOf(model).map((p) => p.title)).not.toContain("Disk reads");
  });

  test("target-only panels join their signal's row after the catalog's, marked as the target's own", () => {
    const bindings = { ...bindAll("postgres"), targetOnly: [{ id: "db-load", signal: "saturation" as const, title: "Database load", unit: "count" as const, query: "q:load" }] };
    const saturation = componentDashboard("db", bindings).rows.find((r) => r.signal === "saturation")!;
    expect(saturation.panels.map((p) => p.title)).toEqual(["CPU used", "Memory used", "Storage used", "Database load"]);
    expect(saturation.panels[3].ref).toEqual({ kind: "postgres", id: "db-load", targetOnly: true });
  });

  test("the alert-state row holds the alerts deployed", () => {
    const alerts = [alert("cpu-high"), alert("storage-low")];
    expect(componentDashboard("db", bindAll("postgres"), alerts).alerts).toEqual(alerts);
    expect(targetOnlyDashboard("cis", "cis-alarms", [], alerts)).toEqual({ title: "cis", rows: [], alerts, unavailable: [] });
  });

  test("a binding must answer for every panel id of its kind (a missing id does not compile)", () => {
    const { cpu: _cpu, ...withoutCpu } = bindAll("postgres").panels;
    // @ts-expect-error -- `cpu` is missing: every catalog panel is bound or declared unavailable.
    const incomplete: DashboardBindings<"postgres", string> = { kind: "postgres", panels: withoutCpu };
    expect(Object.keys(incomplete.panels)).not.toContain("cpu");
  });
});

describe("a service's dashboard in the model", () => {
  test("one row per signal with every member's panels, labelled with the member, the service's own first; every member's alerts in its alert-state row", () => {
    const db = componentDashboard("db", bindAll("postgres", ["replication-lag"]), [alert("cpu-high")]);
    const queue = componentDashboard("queue", bindAll("kafka"), [alert("offline-partitions")]);
    const own = { signal: "traffic" as const, title: "Requests", unit: "per-second" as const, ref: { kind: "service", id: "requests", targetOnly: true }, query: "q:requests" };
    const service = serviceDashboard("checkout", [{ label: "pg", dashboard: db }, { label: "kafka", dashboard: queue }], { panels: [own] });
    expect(service.rows.map((r) => r.signal)).toEqual(["latency", "traffic", "errors", "saturation"]);
    const traffic = service.rows.find((r) => r.signal === "traffic")!.panels.map((p) => p.title);
    expect(traffic).toEqual(["Requests", "pg: Connections", "pg: Disk reads", "pg: Disk writes", "kafka: Bytes in", "kafka: Bytes out"]);
    expect(service.alerts.map((a) => a.id)).toEqual(["cpu-high", "offline-partitions"]);
    expect(service.unavailable.map((u) => u.ref.id)).toEqual(["replication-lag"]);
    expect(panelsOf(service)).toHaveLength(1 + panelsOf(db).length + panelsOf(queue).length);
  });
});
