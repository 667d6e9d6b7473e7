// The golden-signal dashboards across targets: one service (every data
// component at its defaults, an endpoint) built on AWS, GCP, Azure and
// in-cluster. Every component's dashboard shows its kind's catalog panels
// under the catalog's row headings, with the same titles on every target;
// a panel a target does not draw is one it declares unavailable; percent
// panels read 0–100 everywhere; each panel queries the target's real metric.
import { DASHBOARD_CATALOGS, DashboardKind, panelCatalog } from "../../lib/observability/dashboard-catalog";
import { GOLDEN_SIGNALS, SIGNAL_HEADINGS } from "../../lib/observability/dashboard-model";
import { DrawnDashboards, drawnDashboards, DrawnPanel, DrawnRow } from "./dashboards";
import { DEFAULTS_SERVICE } from "./service";
import { Target, TARGETS } from "../harness";
import { buildOnTarget, mergedManifest } from "./targets";
import { synthStack } from "../../lib/testing";

interface Built {
  readonly dashboards: DrawnDashboards;
  /** Each component's kind and dashboard name, from the stacks' manifests. */
  readonly components: readonly { readonly kind?: string; readonly component: string; readonly dashboard: string }[];
}

const built = new Map<Target, Built>();
function on(target: Target): Built {
  if (!built.has(target)) {
    const stacks = buildOnTarget(target, DEFAULTS_SERVICE);
    const manifest = mergedManifest({ target, stacks: Object.fromEntries(stacks.map((s) => [s.node.id, synthStack(s)])) });
    built.set(target, { dashboards: drawnDashboards(stacks), components: manifest.components.map((c) => ({ kind: c.kind, component: c.component, dashboard: c.dashboard ?? "" })) });
  }
  return built.get(target)!;
}

/** The dashboard of a component of `kind` on `target` (its own, not a service dashboard that charts it). */
function dashboardOf(target: Target, kind: DashboardKind): { component: string; rows: readonly DrawnRow[] } {
  const c = on(target).components.find((x) => x.kind === kind && !/service$/.test(x.dashboard))!;
  expect({ target, kind, found: c !== undefined }).toEqual({ target, kind, found: true });
  const rows = on(target).dashboards.get(c.dashboard)!;
  expect({ target, kind, dashboard: c.dashboard, drawn: rows !== undefined }).toEqual({ target, kind, dashboard: c.dashboard, drawn: true });
  return { component: c.component, rows };
}

/** Catalog title → the row it is drawn in and the panel, for the catalog panels a dashboard shows. */
function catalogPanels(kind: DashboardKind, rows: readonly DrawnRow[]): Map<string, { heading: string; panel: DrawnPanel }> {
  const titles = new Set(Object.values(panelCatalog(kind)).map((p) => p.title));
  return new Map(rows.flatMap((r) => r.panels.filter((p) => titles.has(p.title)).map((p) => [p.title, { heading: r.heading, panel: p }] as const)));
}

/**
 * The catalog panels each target declares unavailable for the service's
 * components (prod): every other catalog panel must be drawn. The reasons
 * are in each target's `dashboard-panels.ts` and docs/observability.md.
 */
const UNAVAILABLE: Readonly<Record<Target, Partial<Record<DashboardKind, readonly string[]>>>> = {
  aws: {
    // Amazon Keyspaces is serverless: no nodes, and SuccessfulRequestLatency has no p99 (an AWS-only average panel instead).
    cassandra: ["read-latency", "write-latency", "nodes-down", "dropped-messages", "cpu", "memory", "storage", "pending-compactions"],
    postgres: ["replication-lag"],
  },
  gcp: {
    kafka: ["produce-latency", "bytes-in", "bytes-out", "under-replicated-partitions", "storage"],
    postgres: ["replication-lag"],
  },
  azure: {
    cluster: ["api-latency", "api-requests", "api-errors", "pods-crash-looping"],
    kafka: ["produce-latency", "offline-partitions", "under-replicated-partitions", "storage", "consumer-lag"],
    cassandra: ["nodes-down"],
    postgres: ["replication-lag"],
  },
  kubernetes: {
    kafka: ["produce-latency"],
    postgres: ["read-ops", "write-ops"],
  },
};

/** Kinds with a component dashboard of their own on each target (an endpoint on GCP and in-cluster is charted on its service's dashboard). */
const KINDS: Readonly<Record<Target, readonly DashboardKind[]>> = {
  aws: ["cluster", "kafka", "cassandra", "search", "postgres", "endpoint", "edge"],
  gcp: ["cluster", "kafka", "cassandra", "search", "postgres", "edge"],
  azure: ["cluster", "kafka", "cassandra", "search", "postgres", "endpoint", "edge"],
  kubernetes: ["cluster", "kafka", "cassandra", "search", "postgres", "edge"],
};

describe.each(TARGETS)("dashboards on %s", (target) => {
  test.each(KINDS[target])("%s: the kind's catalog panels, less those declared unavailable, under the catalog's row headings in golden-signal order, then the alert-state row", (kind) => {
    const { rows } = dashboardOf(target, kind);
    const headings = rows.map((r) => r.heading);
    const order = [...GOLDEN_SIGNALS.map((s) => SIGNAL_HEADINGS[s]), "Alerts"];
    expect(headings).toEqual(order.filter((h) => headings.includes(h)));
    expect(headings[headings.length - 1]).toBe("Alerts");
    const drawn = catalogPanels(kind, rows);
    const expected = Object.entries(panelCatalog(kind)).filter(([id]) => !(UNAVAILABLE[target][kind] ?? []).includes(id));
    expect([...drawn.keys()].sort()).toEqual(expected.map(([, p]) => p.title).sort());
    for (const [, spec] of expected) expect({ title: spec.title, row: drawn.get(spec.title)!.heading }).toEqual({ title: spec.title, row: SIGNAL_HEADINGS[spec.signal] });
    expect(rows.flatMap((r) => r.panels).length).toBeGreaterThan(1);
  });

  test("every percent panel reads 0–100: a fixed 0–100 axis, a percent unit, a fraction scaled, or a metric Azure publishes in percent", () => {
    let checked = 0;
    for (const kind of KINDS[target]) {
      const percentTitles = new Set(Object.values(panelCatalog(kind)).filter((p) => p.unit === "percent").map((p) => p.title));
      for (const [title, { panel }] of catalogPanels(kind, dashboardOf(target, kind).rows)) {
        if (!percentTitles.has(title)) continue;
        checked++;
        const { found, required } = percentScale(panel);
        expect({ title, format: panel.format, ...found }).toEqual({ title, format: panel.format, ...required });
      }
    }
    expect(checked).toBeGreaterThan(8);
  });
});

/** How a percent panel of each format reads 0–100: what the panel has, and what it must have. */
function percentScale(panel: DrawnPanel): { found: Record<string, unknown>; required: Record<string, unknown> } {
  switch (panel.format) {
    case "cloudwatch":
      return { found: { unit: panel.unit }, required: { unit: "%|100" } };
    case "cloud-monitoring": {
      // A 0–1 utilization fetched by filter is shown ×100 (unit 10^2.%); PromQL multiplies by 100 itself.
      const filter = panel.query.startsWith("resource.type");
      return { found: { unit: panel.unit, scaled: filter || /^100 \*/.test(panel.query) }, required: { unit: filter ? "10^2.%" : "%", scaled: true } };
    }
    case "grafana":
      return { found: { unit: panel.unit }, required: { unit: "percent|100" } };
    case "portal": {
      const metric = panel.query.split(" ")[1];
      return { found: { metric, percent: AZURE_PERCENT_METRICS.has(metric) }, required: { metric, percent: true } };
    }
  }
}

/**
 * Azure Monitor metrics whose unit is Percent (Microsoft Learn, "Supported
 * metrics for <namespace>", column Unit): a portal chart of them reads 0–100.
 */
const AZURE_PERCENT_METRICS = new Set([
  "node_cpu_usage_percentage", "node_memory_working_set_percentage", "node_disk_usage_percentage",
  "NamespaceCpuUsage", "NamespaceMemoryUsage",
  "cpu", "percent_mem", "disk_utilization",
  "cpu_percent", "memory_percent", "storage_percent",
  "availabilityResults/availabilityPercentage",
  // Microsoft.Cdn/profiles (Front Door): the share of requests answered 5xx.
  "Percentage5XX",
]);

describe("PostgreSQL looks the same on every target", () => {
  /** The panel each target draws for a catalog panel, with the metric it reads. */
  const REAL_METRICS: Readonly<Record<string, Readonly<Record<Target, string>>>> = {
    "CPU used": { aws: '"AWS/RDS","CPUUtilization"', gcp: "cloudsql.googleapis.com/database/cpu/utilization", azure: "cpu_percent", kubernetes: "container_cpu_usage_seconds_total" },
    "Memory used": { aws: '"AWS/RDS","FreeableMemory"', gcp: "cloudsql.googleapis.com/database/memory/utilization", azure: "memory_percent", kubernetes: "container_memory_working_set_bytes" },
    "Storage used": { aws: '"AWS/RDS","FreeStorageSpace"', gcp: "cloudsql.googleapis.com/database/disk/utilization", azure: "storage_percent", kubernetes: "kubelet_volume_stats_available_bytes" },
    Connections: { aws: '"AWS/RDS","DatabaseConnections"', gcp: "cloudsql.googleapis.com/database/postgresql/num_backends", azure: "active_connections", kubernetes: "cnpg_backends_total" },
  };

  test.each(Object.keys(REAL_METRICS))("%s: the same title in the same row on AWS, GCP, Azure and in-cluster, each from the target's own metric", (title) => {
    const spec = Object.values(DASHBOARD_CATALOGS.postgres).find((p) => p.title === title)!;
    for (const target of TARGETS) {
      const drawn = catalogPanels("postgres", dashboardOf(target, "postgres").rows).get(title);
      expect({ target, row: drawn?.heading }).toEqual({ target, row: SIGNAL_HEADINGS[spec.signal] });
      expect({ target, query: drawn!.panel.query }).toEqual({ target, query: expect.stringContaining(REAL_METRICS[title][target]) });
    }
  });

  test("CPU, memory and storage are saturation, connections traffic", () => {
    const { cpu, memory, storage, connections } = DASHBOARD_CATALOGS.postgres;
    expect([cpu.signal, memory.signal, storage.signal, connections.signal]).toEqual(["saturation", "saturation", "saturation", "traffic"]);
  });
});

describe("the service dashboard is built from the same model on every target", () => {
  const SERVICE_DASHBOARD: Readonly<Record<Target, string>> = { aws: "checkout-prod-service", gcp: "checkout-prod service", azure: "checkout-prod-service", kubernetes: "checkout-service" };

  test.each(TARGETS)("%s: golden-signal rows holding each data component's PostgreSQL panels under its label, then the alert states", (target) => {
    const rows = on(target).dashboards.get(SERVICE_DASHBOARD[target])!;
    expect(rows.map((r) => r.heading)).toEqual(["Latency", "Traffic", "Errors", "Saturation", "Alerts"]);
    const { component } = dashboardOf(target, "postgres");
    const saturation = rows.find((r) => r.heading === "Saturation")!.panels.map((p) => p.title);
    expect(saturation).toEqual(expect.arrayContaining([`${component}: CPU used`, `${component}: Storage used`]));
    expect(rows.find((r) => r.heading === "Traffic")!.panels.map((p) => p.title)).toContain(`${component}: Connections`);
  });
});

describe.each(TARGETS)("logs on the dashboards of %s", (target) => {
  test("the service dashboard has the service's log lines under Traffic and its error lines under Errors", () => {
    const service = [...on(target).dashboards].filter(([name]) => /(^|[- ])service$/.test(name));
    expect(service).toHaveLength(1);
    const [, rows] = service[0];
    const logPanels = rows.flatMap((r) => r.panels.filter((p) => / Log lines$| Error log lines$/.test(p.title)).map((p) => `${r.heading}: ${p.title.replace(/^.*: /, "")}`));
    expect(logPanels).toEqual(["Traffic: Log lines", "Errors: Error log lines"]);
  });

  test("the log pipeline's collectors are charted where its collector-down alert points", () => {
    const pipeline = on(target).components.find((c) => c.kind === "log-pipeline")!;
    const rows = on(target).dashboards.get(pipeline.dashboard)!;
    expect(rows.flatMap((r) => r.panels.filter((p) => p.title === DASHBOARD_CATALOGS["log-pipeline"]["collectors-unavailable"].title).map(() => r.heading))).toEqual(["Errors"]);
  });
});
