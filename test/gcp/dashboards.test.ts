import { cloudMonitoringUnit } from "../../lib/gcp/dashboard";
import { GCP_METRIC_CATALOG } from "../../lib/gcp/metric-catalog";
import { resourceBodies } from "../../lib/testing";
import { targetSynth } from "../harness";

type Tile = { xPos: number; yPos: number; width: number; height: number; widget: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const synth = targetSynth("gcp", "prod", { service: true });

/** The tiles of a dashboard, by display name. */
function tiles(displayName: string): Tile[] {
  const d = resourceBodies(synth, "google_monitoring_dashboard").map((x) => JSON.parse(String(x.dashboard_json))).find((j) => j.displayName === displayName)!;
  expect(d.mosaicLayout.columns).toBe(48);
  return d.mosaicLayout.tiles;
}

/** Each collapsible group's title with the titles of the tiles inside its area. */
function groups(ts: Tile[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of ts.filter((t) => t.widget.collapsibleGroup)) {
    out[g.widget.title] = ts
      .filter((t) => !t.widget.collapsibleGroup && t.yPos >= g.yPos && t.yPos + t.height <= g.yPos + g.height)
      .map((t) => t.widget.title ?? (t.widget.alertChart ? "alert chart" : ""));
  }
  return out;
}

describe("Cloud Monitoring dashboards from the golden-signal model", () => {
  test("Cloud SQL: a collapsible group per golden signal spanning its charts, then one alert chart per alert policy", () => {
    const ts = tiles("checkout-prod cloud-sql-postgres");
    const g = groups(ts);
    expect(Object.keys(g)).toEqual(["Traffic", "Saturation", "Alerts"]);
    expect(g.Traffic).toEqual(["Connections", "Disk reads", "Disk writes"]);
    expect(g.Saturation).toEqual(["CPU used", "Memory used", "Storage used"]);
    const policies = resourceBodies(synth, "google_monitoring_alert_policy").filter((p) => (p.user_labels as Record<string, string>).component === "cloud-sql-postgres");
    expect(policies.length).toBeGreaterThan(3);
    expect(g.Alerts).toHaveLength(policies.length);
    for (const t of ts.filter((x) => x.widget.alertChart)) expect(t.widget.alertChart.name).toMatch(/^\$\{google_monitoring_alert_policy\.[^.]+\.name\}$/);
    // Groups span the 48 columns; charts are two a line inside them.
    for (const t of ts) expect(t.widget.collapsibleGroup ? t.width : t.width * 2).toBe(48);
  });

  test("a 0–1 utilization is fetched with unit 10^2.% so the chart reads 0–100; PromQL percents multiply by 100 themselves", () => {
    const byTitle = new Map(tiles("checkout-prod cloud-sql-postgres").filter((t) => t.widget.xyChart).map((t) => [t.widget.title, t.widget.xyChart.dataSets[0].timeSeriesQuery]));
    expect(byTitle.get("CPU used")).toEqual({
      timeSeriesFilter: { filter: 'resource.type = "cloudsql_database" AND metric.type = "cloudsql.googleapis.com/database/cpu/utilization" AND resource.labels.database_id = "checkout-prod-123456:checkout-prod"', aggregation: { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MEAN" } },
      unitOverride: "10^2.%",
    });
    expect(byTitle.get("Connections")!.unitOverride).toBe("1");
    expect(byTitle.get("Disk reads")!.unitOverride).toBe("1/s");
    const kafkaCpu = tiles("checkout-prod managed-kafka").find((t) => t.widget.title === "CPU used")!.widget.xyChart.dataSets[0].timeSeriesQuery;
    expect(kafkaCpu.unitOverride).toBe("%");
    expect(kafkaCpu.prometheusQuery).toMatch(/^100 \* sum\(rate\(managedkafka_googleapis_com:cpu_core_usage_time\{/);
    expect(cloudMonitoringUnit("percent", true)).toBe("10^2.%");
    expect(cloudMonitoringUnit("seconds")).toBe("s");
  });

  test("the service dashboard: the uptime check's panels first, then every managed component's, by golden signal", () => {
    const g = groups(tiles("checkout-prod service"));
    expect(Object.keys(g)).toEqual(["Latency", "Traffic", "Errors", "Saturation", "Alerts"]);
    expect(g.Latency[0]).toBe("uptime: Check duration");
    expect(g.Errors[0]).toBe("uptime: Checks passing");
    expect(g.Saturation).toEqual(expect.arrayContaining(["managed-kafka: CPU used", "cloud-sql-postgres: CPU used", "cloud-sql-postgres: Storage used"]));
    const latency = tiles("checkout-prod service").find((t) => t.widget.title === "uptime: Check duration")!.widget.xyChart.dataSets[0].timeSeriesQuery;
    // request_latency is in milliseconds: the panel reads seconds.
    expect(latency.prometheusQuery).toMatch(/^avg\(monitoring_googleapis_com:uptime_check_request_latency\{monitored_resource="uptime_url", check_id="\$\{google_monitoring_uptime_check_config\.[^}]+\.uptime_check_id\}"\}\) \/ 1000$/);
    expect(GCP_METRIC_CATALOG["monitoring.googleapis.com/uptime_check/request_latency"].resource).toBe("uptime_url");
  });

  test("GKE: the API server's control-plane metrics, node utilization and pods, with GKE's own restarts and container CPU", () => {
    const g = groups(tiles("checkout-prod gke-cluster"));
    expect(g).toMatchObject({
      Latency: ["API server GET latency (p99)"],
      Traffic: ["API server requests"],
      Errors: ["API server 5xx responses", "Crash-looping containers", "Container restarts"],
      Saturation: ["Node CPU used", "Node memory used", "Node storage used", "Unschedulable pods", "Container CPU (cores)"],
    });
  });
});
