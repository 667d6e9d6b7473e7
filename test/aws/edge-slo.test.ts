import { ServiceEdgeProps } from "../../lib";
import { durationSeconds, edgeSloAlerts, EdgeSloWindowAlarm, errorBudget } from "../../lib/aws/edge-slo";
import { manifestOf } from "../../lib/core/manifest";
import type { EdgeSloProps, SloPeriod } from "../../lib/observability/slo";
import { resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ResourceBody, targetStack } from "../harness";

const EDGE: ServiceEdgeProps = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } };
const AVAILABILITY: EdgeSloProps = { service: "checkout", name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } };
const LATENCY: EdgeSloProps = { service: "checkout", name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 } };

/**
 * Evaluates a window alarm's metric math the way CloudWatch does for one
 * datapoint: `FILL(x, v)` is x or v when x has no datapoint, `IF(c, a, b)`,
 * `PERIOD(x)` the period in seconds. `undefined` is a metric without a datapoint.
 */
function evaluate(w: EdgeSloWindowAlarm, values: Record<string, number | undefined>): number {
  const js = w.expression
    .replace(/PERIOD\(\w+\)/g, String(w.periodSeconds))
    .replace(/FILL\((\w+), ([\d.]+)\)/g, "($1 ?? $2)")
    .replace(/IF\(([^,]+), ([^,]+), ([^)]+)\)$/, "(($1) ? ($2) : ($3))");
  expect(js).not.toMatch(/[A-Z]{2,}\(/); // every function translated
  const ids = w.metrics.map((m) => m.id);
  return new Function(...ids, `return ${js};`)(...ids.map((id) => values[id])) as number;
}
const breaches = (w: EdgeSloWindowAlarm, values: Record<string, number | undefined>) => evaluate(w, values) > w.threshold;

describe("edge SLO burn-rate alarms: windows, factors, budget", () => {
  test("99.9 % over 30 d: the Workbook's windows as alarm periods, thresholds factor x 0.001", () => {
    const [page, ticket] = edgeSloAlerts(AVAILABILITY);
    expect(page.id).toBe("edge-availability-burn-page");
    expect(ticket.id).toBe("edge-availability-burn-ticket");
    const rows = (a: typeof page) => a.windows.map((w) => [w.role, w.window, w.periodSeconds, w.factor, w.threshold]);
    expect(rows(page)).toEqual([
      ["long", "1h", 3600, 14.4, 0.0144],
      ["short", "5m", 300, 14.4, 0.0144],
      ["long", "6h", 21600, 6, 0.006],
      ["short", "30m", 1800, 6, 0.006],
    ]);
    expect(rows(ticket)).toEqual([
      ["long", "1d", 86400, 3, 0.003],
      ["short", "2h", 7200, 3, 0.003],
      ["long", "3d", 259200, 1, 0.001],
      ["short", "6h", 21600, 1, 0.001],
    ]);
  });

  test("99 %: the budget is 0.01, the thresholds ten times those of 99.9 %", () => {
    expect(errorBudget(99.9)).toBe(0.001);
    expect(errorBudget(99)).toBe(0.01);
    expect(edgeSloAlerts(LATENCY).flatMap((a) => a.windows.map((w) => w.threshold))).toEqual([0.144, 0.144, 0.06, 0.06, 0.03, 0.03, 0.01, 0.01]);
  });

  test.each(["7d", "14d", "28d", "30d"] as SloPeriod[])("%s: every window is a period CloudWatch accepts (multiple of 60 s; at most 1 day under 1 h periods, at most 7 days otherwise)", (period) => {
    for (const w of edgeSloAlerts({ ...AVAILABILITY, period }).flatMap((a) => a.windows)) {
      expect(w.periodSeconds % 60).toBe(0);
      expect(w.periodSeconds).toBeGreaterThan(0);
      expect(w.periodSeconds).toBeLessThanOrEqual(w.periodSeconds < 3600 ? 86400 : 604800);
    }
    expect(durationSeconds("2d19h12m")).toBe(2 * 86400 + 19 * 3600 + 12 * 60);
  });

  test("errors: (ELB 5xx + target 5xx) / requests, a period without 5xx counting 0; fires just above 14.4 x 0.1 % over the hour", () => {
    const [long, short] = edgeSloAlerts(AVAILABILITY)[0].windows;
    expect(long.metrics.map((m) => `${m.metricName} ${m.stat}`)).toEqual(["RequestCount Sum", "HTTPCode_ELB_5XX_Count Sum", "HTTPCode_Target_5XX_Count Sum"]);
    // 10 000 requests in 1 h (2.8/s): 1.44 % is the line.
    expect(evaluate(long, { requests: 10000, elb5xx: 5, target5xx: 140 })).toBeCloseTo(0.0145);
    expect(breaches(long, { requests: 10000, elb5xx: 5, target5xx: 140 })).toBe(true);
    expect(breaches(long, { requests: 10000, elb5xx: 4, target5xx: 140 })).toBe(false);
    expect(breaches(long, { requests: 10000, elb5xx: undefined, target5xx: 145 })).toBe(true);
    expect(evaluate(short, { requests: 1000, elb5xx: undefined, target5xx: undefined })).toBe(0);
  });

  test("the minimum request rate gates the long window only: below 0.1/s (360 an hour) nothing burns, whatever the ratio", () => {
    const [long, short] = edgeSloAlerts(AVAILABILITY)[0].windows;
    expect(breaches(long, { requests: 359, elb5xx: 0, target5xx: 300 })).toBe(false);
    expect(breaches(long, { requests: 360, elb5xx: 0, target5xx: 300 })).toBe(true);
    expect(breaches(short, { requests: 10, elb5xx: 0, target5xx: 5 })).toBe(true);
    // A custom rate: 2/s over the 3 d window is 518 400 requests.
    const slow = edgeSloAlerts({ ...AVAILABILITY, minRequestRate: 2 })[1].windows[2];
    expect(slow.window).toBe("3d");
    expect(breaches(slow, { requests: 518399, elb5xx: 0, target5xx: 100000 })).toBe(false);
    expect(breaches(slow, { requests: 518400, elb5xx: 0, target5xx: 100000 })).toBe(true);
  });

  test("latency: 1 - percentile rank PR(:threshold) of TargetResponseTime; 99 % under 0.5 s pages at 14.4 % slow", () => {
    const [long] = edgeSloAlerts(LATENCY)[0].windows;
    expect(long.metrics.map((m) => `${m.metricName} ${m.stat}`)).toEqual(["RequestCount Sum", "TargetResponseTime PR(:0.5)"]);
    expect(breaches(long, { requests: 10000, fast: 85.5 })).toBe(true);
    expect(breaches(long, { requests: 10000, fast: 85.7 })).toBe(false);
    // Requests but no target answered: no rank, no slow answer counted (the errors SLO sees those).
    expect(evaluate(long, { requests: 10000, fast: undefined })).toBe(0);
  });
});

describe("edge SLOs on an AWS service", () => {
  let synth: SynthesizedStack;
  let messages: string[];
  beforeAll(() => {
    const { stack } = targetStack("aws", {
      platform: { grafana: false, edge: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } },
      service: { edge: EDGE, slos: [{ name: AVAILABILITY.name, objective: 99.9, sli: AVAILABILITY.sli }, { name: LATENCY.name, objective: 99, sli: LATENCY.sli }] },
    });
    messages = validationMessages(stack);
    synth = synthStack(stack);
  });
  const composites = () => resourceBodies(synth, "aws_cloudwatch_composite_alarm");
  const windowAlarms = () => resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => /-slo-edge-/.test(a.alarm_name));

  test("synthesizes without validation messages", () => {
    expect(messages).toEqual([]);
  });

  test("a composite alarm per SLO and severity: (long AND short) OR (long AND short), notifying the severity's topic", () => {
    const byName = new Map(composites().map((c) => [c.alarm_name, c]));
    expect([...byName.keys()].sort()).toEqual(["checkout-prod-slo-edge-availability-burn-page", "checkout-prod-slo-edge-availability-burn-ticket", "checkout-prod-slo-edge-latency-burn-page", "checkout-prod-slo-edge-latency-burn-ticket"]);
    const page = byName.get("checkout-prod-slo-edge-availability-burn-page")!;
    const n = (w: string) => `checkout-prod-slo-edge-availability-burn-page-${w}`;
    expect(page.alarm_rule).toBe(`(ALARM("${n("1h")}") AND ALARM("${n("5m")}")) OR (ALARM("${n("6h")}") AND ALARM("${n("30m")}"))`);
    expect(page.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.platform_alerting_page-topic.*\.arn/)]);
    expect(page.ok_actions).toEqual(page.alarm_actions);
    expect(byName.get("checkout-prod-slo-edge-latency-burn-ticket")!.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.platform_alerting_ticket-topic.*\.arn/)]);
    // Every alarm the rules name exists, and the composite waits for it.
    const names = new Set(windowAlarms().map((a) => a.alarm_name));
    for (const c of composites()) {
      const named = [...String(c.alarm_rule).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(named).toHaveLength(4);
      for (const name of named) expect(names.has(name)).toBe(true);
      expect(c.depends_on).toHaveLength(4);
    }
  });

  test("window alarms: the load balancer's metrics, period = window, one evaluation period, no actions of their own, no data not breaching", () => {
    expect(windowAlarms()).toHaveLength(16);
    const alarm = windowAlarms().find((a) => a.alarm_name === "checkout-prod-slo-edge-latency-burn-ticket-3d")!;
    expect(alarm).toMatchObject({ evaluation_periods: 1, comparison_operator: "GreaterThanThreshold", threshold: 0.01, treat_missing_data: "notBreaching", actions_enabled: false });
    expect(alarm.alarm_actions).toBeUndefined();
    const metrics = (alarm.metric_query as ResourceBody[]).filter((q) => q.metric);
    expect(metrics.map((q) => [q.metric.metric_name, q.metric.stat, q.metric.period])).toEqual([
      ["RequestCount", "Sum", 259200],
      ["TargetResponseTime", "PR(:0.5)", 259200],
    ]);
    for (const q of metrics) expect(q.metric).toMatchObject({ namespace: "AWS/ApplicationELB", dimensions: { LoadBalancer: expect.stringMatching(/aws_lb\..*\.arn_suffix/) } });
    expect((alarm.metric_query as ResourceBody[]).filter((q) => q.return_data)).toEqual([expect.objectContaining({ id: "e1", expression: "IF(requests / PERIOD(requests) >= 0.1, 1 - FILL(fast, 100) / 100, 0)" })]);
  });

  test("the manifest records two alerts per SLO as the Prometheus SLOs do: component slo, resource the service, the error-budget-burn runbook, the severity's routes", () => {
    const records = manifestOf(synth)!.alerts.filter((a) => a.component === "slo" && a.id.startsWith("edge-"));
    expect(records.map((a) => `${a.resource} ${a.id} ${a.severity}`).sort()).toEqual([
      "checkout edge-availability-burn-page page",
      "checkout edge-availability-burn-ticket ticket",
      "checkout edge-latency-burn-page page",
      "checkout edge-latency-burn-ticket ticket",
    ]);
    const page = records.find((a) => a.id === "edge-availability-burn-page")!;
    expect(page).toMatchObject({
      name: "checkout-prod-slo-edge-availability-burn-page",
      deliveredAs: "page",
      mechanism: "cloudwatch-alarm",
      routes: ["pager", "mail"],
      threshold: "burn rate 14.4× over 1h and 5m, or burn rate 6× over 6h and 30m",
      summary: "checkout: the edge-availability SLO is burning its error budget too fast",
    });
    expect(page.description).toContain("0.1 % of requests over 30d");
    expect(page.description).toContain("above 0.1 requests/s");
    expect(page.condition).toContain("1h: IF(requests / PERIOD(requests) >= 0.1, (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0) > 0.0144");
    // The default SLOs stay Prometheus rules, with the same runbook page.
    const prometheus = manifestOf(synth)!.alerts.filter((a) => a.component === "slo" && a.mechanism === "prometheus-rule");
    expect(prometheus.map((a) => a.id)).toEqual(expect.arrayContaining(["availability-burn-page", "latency-burn-ticket"]));
    expect(page.runbookUrl).toMatch(/\/slo\/error-budget-burn/);
    expect(page.runbookUrl).toBe(prometheus.find((a) => a.id === "availability-burn-page")!.runbookUrl);
  });

  test("dev: pages are delivered as tickets, to the ticket topic", () => {
    const { stack } = targetStack("aws", {
      environment: "dev",
      platform: { grafana: false, edge: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } },
      service: { edge: EDGE, slos: [{ name: AVAILABILITY.name, objective: 99.9, sli: AVAILABILITY.sli }] },
    });
    const s = synthStack(stack);
    const page = manifestOf(s)!.alerts.find((a) => a.id === "edge-availability-burn-page")!;
    expect(page).toMatchObject({ severity: "page", deliveredAs: "ticket", routes: ["mail", "hook"] });
    const composite = resourceBodies(s, "aws_cloudwatch_composite_alarm").find((c) => c.alarm_name === "checkout-dev-slo-edge-availability-burn-page")!;
    expect(composite.alarm_actions).toEqual([expect.stringMatching(/ticket-topic/)]);
  });
});
