import { componentDashboard } from "../../lib/observability/dashboard-binding";
import { rdsPostgresPanels } from "../../lib/aws/dashboard-panels";
import { cloudWatchYAxis, metricLines } from "../../lib/aws/dashboard-widgets";
import { resourceBodies } from "../../lib/testing";
import { isDocumentedMetric } from "./metric-catalog";
import { targetStack, targetSynth } from "../harness";

type Widget = { type: string; x: number; y: number; width: number; height: number; properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Widgets of a synthesized CloudWatch dashboard. */
function widgets(name: string): Widget[] {
  const d = resourceBodies(targetSynth("aws", "prod", { service: true }), "aws_cloudwatch_dashboard").find((x) => x.dashboard_name === name)!;
  return JSON.parse(String(d.dashboard_body)).widgets;
}

/** The metric widget titled `title`. */
const graph = (ws: Widget[], title: string) => ws.find((w) => w.type === "metric" && w.properties.title === title)!;

describe("CloudWatch dashboards from the golden-signal model", () => {
  test("RDS: a heading and two graphs a line per golden signal; free memory and storage drawn as percent used of the class and of the allocated storage", () => {
    const ws = widgets("checkout-prod-rds-postgres");
    expect(ws.filter((w) => w.type === "text").map((w) => w.properties.markdown)).toEqual(["## Latency", "## Traffic", "## Saturation", "## Alerts"]);
    expect(ws.slice(0, 3).map((w) => [w.type, w.x, w.y, w.width, w.height])).toEqual([
      ["text", 0, 0, 24, 1],
      ["metric", 0, 1, 12, 6],
      ["metric", 12, 1, 12, 6],
    ]);
    const memory = graph(ws, "Memory used");
    // db.m7g.xlarge in prod: 16 GiB; the default 100 GiB of storage.
    expect(memory.properties.metrics).toEqual([
      ["AWS/RDS", "FreeableMemory", "DBInstanceIdentifier", "checkout-prod", { stat: "Average", id: "m1", visible: false }],
      [{ expression: `100 - 100 * m1 / ${16 * 1024 ** 3}`, label: "FreeableMemory", id: "e1" }],
    ]);
    expect(graph(ws, "Storage used").properties.metrics[1][0].expression).toBe(`100 - 100 * m1 / ${100 * 1024 ** 3}`);
    expect(graph(ws, "CPU used").properties.yAxis).toEqual({ left: { min: 0, max: 100, label: "%", showUnits: false } });
    expect(graph(ws, "Connections").properties.yAxis).toEqual({ left: { min: 0, label: "count", showUnits: false } });
  });

  test("MSK: a broker metric is one line per broker, as MSK publishes it", () => {
    const cpu = graph(widgets("checkout-prod-msk"), "CPU used");
    const lines = cpu.properties.metrics as unknown[][];
    const { service } = targetStack("aws", { service: true });
    const brokers = (service.components.find((c) => c.kind === "kafka") as unknown as { settings: { brokers: number } }).settings.brokers;
    expect(brokers).toBeGreaterThan(1);
    expect(lines).toHaveLength(brokers);
    lines.forEach((line, i) => expect(line).toEqual(["AWS/Kafka", "CpuUser", "Cluster Name", "checkout-prod", "Broker ID", String(i + 1), { stat: "Average", label: `broker ${i + 1}` }]));
    for (const line of lines) {
      const [namespace, metric, ...rest] = line as string[];
      expect(isDocumentedMetric(namespace, metric, rest.filter((x) => typeof x === "string").filter((_, i) => i % 2 === 0))).toBe(true);
    }
  });

  test("the alert-state row lists the component's alarms, and only its own", () => {
    const ws = widgets("checkout-prod-keyspaces");
    const arns = ws.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
    expect(arns.length).toBeGreaterThan(3);
    for (const arn of arns) expect(arn).toMatch(/^\$\{aws_cloudwatch_metric_alarm\.checkout_cassandra_[^.]+\.arn\}$/);
    // Keyspaces has no catalog panel it can draw; its own panels fill the rows.
    expect(graph(ws, "SELECT latency (average)").properties.metrics[1][0]).toEqual({ expression: "m1 / 1000", label: "checkout.carts", id: "e1" });
  });

  test("metric math per member: each expression reads its own hidden line", () => {
    const lines = metricLines({ namespace: "AWS/Kafka", metricName: "ProduceTotalTimeMsMean", dimensions: { "Cluster Name": "c" }, statistic: "Average", expression: "m1 / 1000", members: [{ label: "broker 1", dimensions: { "Broker ID": "1" } }, { label: "broker 2", dimensions: { "Broker ID": "2" } }] });
    expect(lines).toEqual([
      ["AWS/Kafka", "ProduceTotalTimeMsMean", "Cluster Name", "c", "Broker ID", "1", { stat: "Average", id: "m1", visible: false }],
      [{ expression: "m1 / 1000", label: "broker 1", id: "e1" }],
      ["AWS/Kafka", "ProduceTotalTimeMsMean", "Cluster Name", "c", "Broker ID", "2", { stat: "Average", id: "m2", visible: false }],
      [{ expression: "m2 / 1000", label: "broker 2", id: "e2" }],
    ]);
    expect(cloudWatchYAxis("seconds")).toEqual({ left: { min: 0, label: "seconds", showUnits: false } });
  });

  test("RDS declares replication lag unavailable (no read replicas) and draws its disk latency and DB load as its own panels", () => {
    const model = componentDashboard("db", rdsPostgresPanels({ identifier: "db", spec: { vcpu: 2, memoryGiB: 8 }, storageGiB: 20 }));
    expect(model.unavailable.map((u) => [u.ref.id, u.reason])).toEqual([["replication-lag", expect.stringMatching(/no read replicas/)]]);
    expect(model.rows.flatMap((r) => r.panels).filter((p) => p.ref.targetOnly).map((p) => p.title)).toEqual(["Disk read latency", "Disk write latency", "Database load (active sessions)"]);
  });
});
