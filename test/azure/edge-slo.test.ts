// Edge SLOs on Azure: the burn-rate alerts of SLOs measured at Front Door, as log search alerts over its access log.
import { MonitoredService, ServiceEdgeProps } from "../../lib";
import { manifestOf } from "../../lib/core/manifest-read";
import { azureBurnWindows, durationSeconds, edgeBurnQuery, edgeSloAlerts, errorBudget, LOG_ALERT_MAX_LOOKBACK_SECONDS } from "../../lib/azure/edge-slo";
import type { EdgeSloProps, SloPeriod } from "../../lib/observability/slo";
import { resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { TEST_SUBSCRIPTION } from "./support";
import { targetStack } from "../harness";

const ZONE = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com`;
const EDGE: ServiceEdgeProps = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } };
const HOST = "checkout.example.com";

const errors = (objective: number, more: Partial<EdgeSloProps> = {}): EdgeSloProps => ({ service: "checkout", name: "edge-availability", objective, sli: { kind: "edge", measure: "errors" }, ...more });
const latency = (objective: number, more: Partial<EdgeSloProps> = {}): EdgeSloProps => ({ service: "checkout", name: "edge-latency", objective, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 }, ...more });

/** The parts of a burn query: columns defined by summarize/extend, and each burning pair's predicate. */
function parse(query: string) {
  const lines = query.split("\n");
  const summarize = lines.find((l) => l.startsWith("| summarize "))!;
  const extend = lines.filter((l) => l.startsWith("| extend ")).pop()!;
  const project = lines.find((l) => l.startsWith("| project lines = "))!;
  const defined = [...`${summarize} ${extend}`.matchAll(/(\w+) = /g)].map((m) => m[1]);
  const counts = Object.fromEntries([...summarize.matchAll(/(total|bad)_(\d+)s = countif\((bad and )?TimeGenerated > ago\((\d+)s\)\)/g)].map((m) => [`${m[1]}_${m[2]}s`, { seconds: Number(m[4]), bad: m[3] !== undefined }]));
  const pairs = [...project.matchAll(/toint\(ratio_(\d+)s > ([\d.e-]+) and ratio_(\d+)s > ([\d.e-]+) and total_(\d+)s >= ([\d.]+)\)/g)].map((m) => ({
    long: Number(m[1]),
    short: Number(m[3]),
    ratio: Number(m[2]),
    shortRatio: Number(m[4]),
    gateOn: Number(m[5]),
    minRequests: Number(m[6]),
  }));
  const used = [...project.matchAll(/\b((?:ratio|total)_\d+s)\b/g)].map((m) => m[1]);
  return { lines, defined, counts, pairs, used, project };
}

describe("edge SLO burn windows on Azure", () => {
  test("30 days: the Workbook's pairs and factors; the 3-day window is read as the 2 days a log search alert can read", () => {
    const page = azureBurnWindows(errors(99.9), "page");
    const ticket = azureBurnWindows(errors(99.9), "ticket");
    expect(page.map((w) => [w.long, w.short, w.factor, w.longSeconds, w.shortSeconds, w.capped])).toEqual([
      ["1h", "5m", 14.4, 3600, 300, false],
      ["6h", "30m", 6, 21600, 1800, false],
    ]);
    expect(ticket.map((w) => [w.long, w.short, w.factor, w.longSeconds, w.shortSeconds, w.capped])).toEqual([
      ["1d", "2h", 3, 86400, 7200, false],
      ["3d", "6h", 1, LOG_ALERT_MAX_LOOKBACK_SECONDS, 21600, true],
    ]);
  });

  test.each([
    [99.9, 0.001, [0.0144, 0.006], [0.003, 0.001]],
    [99, 0.01, [0.144, 0.06], [0.03, 0.01]],
  ])("objective %d: budget %d, both windows must exceed factor × budget", (objective, budget, page, ticket) => {
    expect(errorBudget(objective)).toBe(budget);
    expect(azureBurnWindows(errors(objective), "page").map((w) => w.ratio)).toEqual(page);
    expect(azureBurnWindows(errors(objective), "ticket").map((w) => w.ratio)).toEqual(ticket);
  });

  test("the minimum request rate gates on the long window's requests: 0.1/s by default, the SLO's own otherwise", () => {
    expect(azureBurnWindows(errors(99.9), "page").map((w) => w.minRequests)).toEqual([360, 2160]);
    expect(azureBurnWindows(errors(99.9), "ticket").map((w) => w.minRequests)).toEqual([8640, 17280]);
    expect(azureBurnWindows(errors(99.9, { minRequestRate: 2 }), "page").map((w) => w.minRequests)).toEqual([7200, 43200]);
  });

  test.each([
    ["7d", ["14m", "5m", "1h24m", "7m"], ["5h36m", "28m", "16h48m", "1h24m"]],
    ["14d", ["28m", "5m", "2h48m", "14m"], ["11h12m", "56m", "1d9h36m", "2h48m"]],
  ] as const)("%s: the scaled windows all fit in two days, none capped", (period, page, ticket) => {
    const slo = errors(99.9, { period: period as SloPeriod });
    expect(azureBurnWindows(slo, "page").flatMap((w) => [w.long, w.short])).toEqual(page);
    expect(azureBurnWindows(slo, "ticket").flatMap((w) => [w.long, w.short])).toEqual(ticket);
    for (const w of [...azureBurnWindows(slo, "page"), ...azureBurnWindows(slo, "ticket")]) expect([w.capped, w.longSeconds]).toEqual([false, durationSeconds(w.long)]);
  });

  test("28 days: the slow ticket pair's 67 h window is capped at 48 h too", () => {
    const [, slow] = azureBurnWindows(errors(99.9, { period: "28d" }), "ticket");
    expect([slow.long, slow.longSeconds, slow.capped]).toEqual(["2d19h12m", 172800, true]);
  });
});

describe("edge SLO burn query (KQL over AzureDiagnostics FrontDoorAccessLog)", () => {
  test("one query per severity reads the host's access log over the longest window and counts every window in one summarize", () => {
    const q = parse(edgeBurnQuery(errors(99.9), HOST, "page"));
    expect(q.lines.slice(0, 4)).toEqual([
      "AzureDiagnostics",
      '| where Category == "FrontDoorAccessLog" and hostName_s =~ "checkout.example.com"',
      "| where TimeGenerated > ago(21600s)",
      "| extend bad = toint(httpStatusCode_s) between (500 .. 599)",
    ]);
    expect(q.counts).toEqual({
      total_300s: { seconds: 300, bad: false },
      bad_300s: { seconds: 300, bad: true },
      total_1800s: { seconds: 1800, bad: false },
      bad_1800s: { seconds: 1800, bad: true },
      total_3600s: { seconds: 3600, bad: false },
      bad_3600s: { seconds: 3600, bad: true },
      total_21600s: { seconds: 21600, bad: false },
      bad_21600s: { seconds: 21600, bad: true },
    });
    // Every column the verdict reads is defined above it.
    for (const c of q.used) expect(q.defined).toContain(c);
  });

  test("lines counts the burning pairs: long and short ratios above factor × budget, gated on the long window's requests", () => {
    expect(parse(edgeBurnQuery(errors(99.9), HOST, "page")).pairs).toEqual([
      { long: 3600, short: 300, ratio: 0.0144, shortRatio: 0.0144, gateOn: 3600, minRequests: 360 },
      { long: 21600, short: 1800, ratio: 0.006, shortRatio: 0.006, gateOn: 21600, minRequests: 2160 },
    ]);
    expect(parse(edgeBurnQuery(errors(99), HOST, "ticket")).pairs).toEqual([
      { long: 86400, short: 7200, ratio: 0.03, shortRatio: 0.03, gateOn: 86400, minRequests: 8640 },
      { long: 172800, short: 21600, ratio: 0.01, shortRatio: 0.01, gateOn: 172800, minRequests: 17280 },
    ]);
  });

  test("latency: a request is bad when timeTaken (seconds) is above the threshold; ratios divide only by a non-zero total", () => {
    const q = edgeBurnQuery(latency(99), HOST, "ticket");
    expect(q).toContain("| extend bad = todouble(timeTaken_s) > 0.5\n");
    expect(q).toContain("ratio_86400s = iff(total_86400s > 0, todouble(bad_86400s) / total_86400s, 0.0)");
    expect(q).toContain("| where TimeGenerated > ago(172800s)");
  });

  test("two alerts per SLO, named and described as the Prometheus SLOs are; the capped window is said", () => {
    const [page, ticket] = edgeSloAlerts("checkout", errors(99.9), HOST, "https://runbooks.example.com/");
    expect([page.id, page.severity, page.component, ticket.id, ticket.severity]).toEqual(["edge-availability-burn-page", "page", "slo", "edge-availability-burn-ticket", "ticket"]);
    expect(page.runbookUrl).toBe("https://runbooks.example.com/slo/error-budget-burn.md");
    expect(page.summary).toBe("checkout: the edge-availability SLO is burning its error budget too fast");
    expect(page.description).toContain("14.4× over 1h and 5m, or 6× over 6h and 30m");
    expect(ticket.description).toContain("1× over 3d (read as 48 h, the most a log search alert reads) and 6h");
    expect([page.condition.periodSeconds, ticket.condition.periodSeconds]).toEqual([21600, 172800]);
  });
});

describe("edge SLOs deployed on the Azure platform", () => {
  const build = (slos: unknown[]) => {
    const { stack, platform } = targetStack("azure", { platform: { edge: { dnsZoneId: ZONE } } });
    new MonitoredService(stack, "checkout", { platform, edge: EDGE, slos: slos as never });
    return stack;
  };
  const stack = build([
    { name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } },
    { name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 } },
  ]);
  const synth = synthStack(stack);
  const rules = resourceBodies(synth, "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) => /-slo-edge-/.test(r.name));
  const groups = Object.fromEntries(resourceBodies(synth, "azurerm_monitor_action_group").map((g) => [g.name, g]));

  test("no validation message", () => {
    expect(validationMessages(stack)).toEqual([]);
  });

  test("one scheduled query rule per SLO and severity on the workspace: window = the longest long window, firing above 0 burning pairs", () => {
    const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(
      ["edge-availability-burn-page", "edge-availability-burn-ticket", "edge-latency-burn-page", "edge-latency-burn-ticket"].map((id) => expect.stringMatching(new RegExp(`-slo-${id}$`))),
    );
    for (const r of rules) {
      const page = r.name.endsWith("-page");
      expect([r.window_duration, r.evaluation_frequency, r.severity]).toEqual(page ? ["PT6H", "PT5M", 0] : ["P2D", "PT15M", 2]);
      expect(r.scopes[0]).toMatch(/azurerm_log_analytics_workspace\./);
      expect(r.criteria[0]).toMatchObject({ time_aggregation_method: "Total", metric_measure_column: "lines", operator: "GreaterThan", threshold: 0 });
      expect(r.criteria[0].query).toContain('hostName_s =~ "checkout.example.com"');
      expect(r.auto_mitigation_enabled).toBe(true);
      expect(r.action.action_groups).toHaveLength(1);
    }
    expect(Object.keys(groups).length).toBeGreaterThan(0);
  });

  test("the manifest records them as the Prometheus SLOs record theirs: component slo, the service as resource, the SLO runbook", () => {
    const alerts = manifestOf(synth)!.alerts.filter((a) => a.component === "slo");
    expect(alerts.map((a) => `${a.resource} ${a.id} ${a.severity} ${a.mechanism}`).sort()).toEqual([
      "checkout availability-burn-page page prometheus-rule",
      "checkout availability-burn-ticket ticket prometheus-rule",
      "checkout edge-availability-burn-page page azure-log-query-alert",
      "checkout edge-availability-burn-ticket ticket azure-log-query-alert",
      "checkout edge-latency-burn-page page azure-log-query-alert",
      "checkout edge-latency-burn-ticket ticket azure-log-query-alert",
      "checkout latency-burn-page page prometheus-rule",
      "checkout latency-burn-ticket ticket prometheus-rule",
    ]);
    const page = alerts.find((a) => a.id === "edge-latency-burn-page")!;
    const prometheusPage = alerts.find((a) => a.id === "latency-burn-page")!;
    expect(page.runbookUrl).toBe(prometheusPage.runbookUrl);
    expect(page.routes).toEqual(prometheusPage.routes);
    expect(page.summary).toBe("checkout: the edge-latency SLO is burning its error budget too fast");
    expect(page.threshold).toBe("> 0 window pairs burning");
    expect(page.condition).toMatch(/todouble\(timeTaken_s\) > 0\.5 .* over PT6H$/);
    expect(page.dashboard).toBeTruthy();
  });

  test("without edge SLOs no burn rule reads the access log", () => {
    const plain = synthStack(build([]));
    expect(resourceBodies(plain, "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) => /-slo-/.test(r.name))).toEqual([]);
  });
});
