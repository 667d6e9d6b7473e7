import { AlertRecord, ComponentRecord } from "../../lib";
import { VigilManifest } from "../../lib/core/manifest";
import { findingsOf, policyStack } from "./support";
import { targetStack, testService } from "../harness";

const component: ComponentRecord = {
  component: "rds-postgres",
  name: "orders-prod",
  target: "aws",
  stateful: true,
  description: "RDS PostgreSQL",
  defaultAlertIds: ["cpu-high", "free-storage-low"],
  disabledAlertIds: [],
  path: "test/orders/postgres",
};

const alert = (id: string, overrides: Partial<AlertRecord> = {}): AlertRecord => ({
  id,
  component: "rds-postgres",
  resource: "orders-prod",
  name: `orders-prod-${id}`,
  severity: "ticket",
  deliveredAs: "ticket",
  summary: id,
  description: id,
  threshold: "> 80 %",
  condition: "CPUUtilization Average",
  mechanism: "cloudwatch-alarm",
  runbookUrl: `https://runbooks.example.com/rds-postgres/${id}.md`,
  routes: ["tickets"],
  path: `test/orders/postgres/alarm-${id}/alarm`,
  ...overrides,
});

/** A stack whose manifest holds `components` and `alerts`. */
function manifestStack(components: ComponentRecord[], alerts: AlertRecord[]) {
  const stack = policyStack("prod");
  const manifest = VigilManifest.of(stack);
  components.forEach((c) => manifest.addComponent(c));
  alerts.forEach((a) => manifest.addAlert(a));
  return stack;
}

describe("observability coverage", () => {
  test("a component missing a default alert is an error naming it", () => {
    const found = findingsOf(manifestStack([component], [alert("cpu-high")]), "observability/default-alerts");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "test/orders/postgres" })]);
    expect(found[0].message).toContain("free-storage-low");
    expect(found[0].message).not.toContain("cpu-high");
  });

  test("every default alert deployed, per-dimension copies included, satisfies it", () => {
    expect(findingsOf(manifestStack([component], [alert("cpu-high"), alert("free-storage-low-broker-1")]), "observability/default-alerts")).toEqual([]);
  });

  test("a disabled default alert is not missing but warned about, by name", () => {
    const stack = manifestStack([{ ...component, disabledAlertIds: ["free-storage-low"] }], [alert("cpu-high")]);
    expect(findingsOf(stack, "observability/default-alerts")).toEqual([]);
    const warned = findingsOf(stack, "observability/disabled-alerts");
    expect(warned).toEqual([expect.objectContaining({ level: "warning" })]);
    expect(warned[0].message).toContain("free-storage-low");
    expect(findingsOf(manifestStack([component], [alert("cpu-high"), alert("free-storage-low")]), "observability/disabled-alerts")).toEqual([]);
  });

  test("an alert without a runbook URL is an error; with one it passes", () => {
    const found = findingsOf(manifestStack([], [alert("cpu-high", { runbookUrl: "" })]), "observability/alert-runbook");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "test/orders/postgres/alarm-cpu-high/alarm" })]);
    expect(found[0].message).toContain("runbookBaseUrl");
    expect(findingsOf(manifestStack([], [alert("cpu-high")]), "observability/alert-runbook")).toEqual([]);
  });

  test("an alert that reaches no channel is an error naming its delivered severity; one route passes", () => {
    const found = findingsOf(manifestStack([], [alert("cpu-high", { deliveredAs: "info", routes: [] })]), "observability/alert-route");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("routes.info");
    expect(findingsOf(manifestStack([], [alert("cpu-high")]), "observability/alert-route")).toEqual([]);
  });

  test("a service without SLOs is an error; the default SLOs satisfy it", () => {
    const without = findingsOf(targetStack("aws", { service: testService("aws", { defaultSlos: false }) }).stack, "observability/service-slos");
    expect(without).toEqual([expect.objectContaining({ level: "error", resource: "test/checkout" })]);
    expect(without[0].message).toContain('service "checkout" has no SLO');
    expect(findingsOf(targetStack("aws", { service: true }).stack, "observability/service-slos")).toEqual([]);
  });
});
