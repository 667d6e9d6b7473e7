// SLOs measured at the edge on GCP (issue 17): multi-window, multi-burn-rate PromQL policies on the
// GKE Gateway load balancer's metrics (https/request_count by response_code_class, https/total_latencies
// buckets), their windows, factors and error budget, the minimum request rate, the manifest records,
// and promtool running the very expressions on synthetic series.
import { stringify } from "yaml";
import { manifestOf } from "../../lib/core/manifest";
import type { ServiceEdgeProps } from "../../lib";
import { GcpEdgeSignals } from "../../lib/gcp/edge-alerts";
import { edgeFastRate, gcpEdgeSloAlerts, LB_LATENCY_BOUNDS_MS, lbLatencyBoundsAround, lbLatencyLeMatcher } from "../../lib/gcp/edge-slo";
import type { EdgeSloProps } from "../../lib/observability/slo";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { resourceBodies, synthStack, testRulesWithPromtool, validationMessages } from "../../lib/testing";
import { promqlSelectors } from "./support";
import { targetStack, testService } from "../harness";


const RUNBOOKS = "https://runbooks.example.com";
const SIGNALS: GcpEdgeSignals = { namespace: "checkout", gateway: "checkout-prod-edge", policyName: "checkout-prod-edge", hostname: "checkout.example.com" };
const availability: EdgeSloProps = { service: "checkout", name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } };
const latency: EdgeSloProps = { service: "checkout", name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 } };

const EDGE: ServiceEdgeProps = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 }, paths: ["/"] };

describe("the alerts of an edge SLO", () => {
  const [page, ticket] = gcpEdgeSloAlerts(availability, SIGNALS, RUNBOOKS);

  test("two, page and ticket, recorded as on every target", () => {
    expect([page, ticket].map((a) => `${a.alert.id} ${a.alert.component} ${a.alert.severity}`)).toEqual(["edge-availability-burn-page slo page", "edge-availability-burn-ticket slo ticket"]);
    expect(page.alert.runbookUrl).toContain("slo/error-budget-burn");
  });

  test("each severity ORs its two window pairs, each pair long AND short window AND enough traffic", () => {
    const pairs = (q: string) => q.split(") or (").length;
    expect(pairs(page.query)).toBe(2);
    expect(pairs(ticket.query)).toBe(2);
    // 30 d: page 14.4× over 1h/5m and 6× over 6h/30m; ticket 3× over 1d/2h and 1× over 3d/6h.
    const ranges = (q: string) => [...q.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    expect(new Set(ranges(page.query))).toEqual(new Set(["1h", "5m", "6h", "30m"]));
    expect(new Set(ranges(ticket.query))).toEqual(new Set(["1d", "2h", "3d", "6h"]));
  });

  test("the error budget: 99.9 % burns at factor × 0.001, 99 % at factor × 0.01", () => {
    expect(page.query.match(/> ([0-9.]+) and/g)).toEqual(["> 0.0144 and", "> 0.0144 and", "> 0.006 and", "> 0.006 and"]);
    expect(ticket.query.match(/> ([0-9.]+) and/g)).toEqual(["> 0.003 and", "> 0.003 and", "> 0.001 and", "> 0.001 and"]);
    const [latencyPage, latencyTicket] = gcpEdgeSloAlerts(latency, SIGNALS, RUNBOOKS);
    expect(latencyPage.query.match(/> ([0-9.]+) and/g)).toEqual(["> 0.144 and", "> 0.144 and", "> 0.06 and", "> 0.06 and"]);
    expect(latencyTicket.query.match(/> ([0-9.]+) and/g)).toEqual(["> 0.03 and", "> 0.03 and", "> 0.01 and", "> 0.01 and"]);
  });

  test("the windows scale with the period (7 d)", () => {
    const [weekPage] = gcpEdgeSloAlerts({ ...availability, period: "7d" }, SIGNALS, RUNBOOKS);
    expect(new Set([...weekPage.query.matchAll(/\[(\w+)\]/g)].map((m) => m[1]))).toEqual(new Set(["14m", "5m", "1h24m", "7m"]));
  });

  test("gated on the minimum request rate, 0.1/s by default, over the long window", () => {
    expect(page.query.match(/>= [0-9.]+/g)).toEqual([">= 0.1", ">= 0.1"]);
    const [quiet] = gcpEdgeSloAlerts({ ...availability, minRequestRate: 2 }, SIGNALS, RUNBOOKS);
    expect(quiet.query.match(/>= [0-9.]+/g)).toEqual([">= 2", ">= 2"]);
    expect(quiet.query).toContain('url_map_name=~"gkegw1-[a-z0-9]+-checkout-checkout-prod-edge-[a-z0-9]+"}[1h])) >= 2');
  });

  test("errors are the load balancer's 5xx answers (response_code_class 500); latency the total_latencies buckets", () => {
    expect(page.query).toContain('loadbalancing_googleapis_com:https_request_count{monitored_resource="https_lb_rule", url_map_name=~"gkegw1-[a-z0-9]+-checkout-checkout-prod-edge-[a-z0-9]+", response_code_class="500"}[1h]');
    const [latencyPage] = gcpEdgeSloAlerts(latency, SIGNALS, RUNBOOKS);
    expect(new Set(promqlSelectors(latencyPage.query).map((s) => `${s.name} ${s.resource}`))).toEqual(
      new Set(["loadbalancing_googleapis_com:https_total_latencies_bucket https_lb_rule", "loadbalancing_googleapis_com:https_total_latencies_count https_lb_rule"]),
    );
  });
});

describe("the latency threshold on the load balancer's √2 buckets", () => {
  test("the bounds are √2^i ms from 1 ms", () => {
    expect(LB_LATENCY_BOUNDS_MS.length).toBe(65);
    expect(LB_LATENCY_BOUNDS_MS[16]).toBe(256);
    expect(LB_LATENCY_BOUNDS_MS[17]).toBeCloseTo(362.0387, 4);
  });

  test("a bound is used as is; between bounds the good requests are interpolated", () => {
    expect(lbLatencyBoundsAround(256)).toEqual({ lower: 256, upper: 256 });
    expect(lbLatencyBoundsAround(500)).toEqual({ lower: LB_LATENCY_BOUNDS_MS[17], upper: 512 });
    expect(edgeFastRate(SIGNALS, 0.256, "5m")).not.toContain(" * (");
    const share = (500 - LB_LATENCY_BOUNDS_MS[17]) / (512 - LB_LATENCY_BOUNDS_MS[17]);
    expect(edgeFastRate(SIGNALS, 0.5, "5m")).toContain(`+ ${Math.round(share * 1e9) / 1e9} * (`);
  });

  test("le matchers accept the bound however it is printed, and no other bound", () => {
    const matches = (matcher: string, le: string) => new RegExp(`^(?:${JSON.parse(matcher.replace(/^le=~/, ""))})$`).test(le);
    const whole = lbLatencyLeMatcher(512);
    const fraction = lbLatencyLeMatcher(LB_LATENCY_BOUNDS_MS[17]);
    expect(["512", "512.0"].map((le) => matches(whole, le))).toEqual([true, true]);
    expect(["362.03867196751236", "362.039", "362.0386719675124"].map((le) => matches(fraction, le))).toEqual([true, true, true]);
    for (const b of LB_LATENCY_BOUNDS_MS.filter((x) => x !== 512)) expect(matches(whole, String(b))).toBe(false);
    for (const b of LB_LATENCY_BOUNDS_MS.filter((x) => x !== LB_LATENCY_BOUNDS_MS[17])) expect(matches(fraction, String(b))).toBe(false);
  });
});

describe("on the platform", () => {
  const built = targetStack("gcp", { service: testService("gcp", { edge: EDGE, slos: [availability, latency].map(({ service: _s, ...slo }) => slo) }) });
  const synth = synthStack(built.stack);
  const policies = resourceBodies(synth, "google_monitoring_alert_policy").filter((p) => p.user_labels.component === "slo" && p.user_labels.alert_id.startsWith("edge-"));

  test("synthesizes without a validation message", () => {
    expect(validationMessages(built.stack)).toEqual([]);
  });

  test("four PromQL policies, each with its severity's channels", () => {
    expect(policies.map((p) => `${p.display_name} ${p.severity}`).sort()).toEqual([
      "prod checkout slo edge-availability-burn-page CRITICAL",
      "prod checkout slo edge-availability-burn-ticket ERROR",
      "prod checkout slo edge-latency-burn-page CRITICAL",
      "prod checkout slo edge-latency-burn-ticket ERROR",
    ]);
    const page = policies.find((p) => p.user_labels.alert_id === "edge-availability-burn-page")!;
    expect(page.conditions[0].condition_prometheus_query_language.query).toBe(gcpEdgeSloAlerts(availability, SIGNALS, RUNBOOKS)[0].query);
    expect(page.notification_channels.length).toBeGreaterThan(0);
  });

  test("recorded in the manifest against the service, as the Prometheus SLOs are", () => {
    const records = manifestOf(synth)!.alerts.filter((a) => a.component === "slo" && a.id.startsWith("edge-"));
    expect(records.map((a) => `${a.resource} ${a.id} ${a.severity} ${a.mechanism}`).sort()).toEqual([
      "checkout edge-availability-burn-page page cloud-monitoring-policy",
      "checkout edge-availability-burn-ticket ticket cloud-monitoring-policy",
      "checkout edge-latency-burn-page page cloud-monitoring-policy",
      "checkout edge-latency-burn-ticket ticket cloud-monitoring-policy",
    ]);
    const record = records.find((a) => a.id === "edge-latency-burn-page")!;
    expect(record.runbookUrl).toContain("slo/error-budget-burn");
    expect(record.threshold).toBe("burn rate for 0s");
    expect(record.condition).toContain("loadbalancing_googleapis_com:https_total_latencies_bucket");
    expect(record.description).toContain("0.5 s");
    expect(record.routes.length).toBeGreaterThan(0);
  });
});

describe("promtool evaluates the conditions on synthetic load-balancer series", () => {
  const rule = (slo: EdgeSloProps, severity: "page" | "ticket") => {
    const { alert, query } = gcpEdgeSloAlerts(slo, SIGNALS, RUNBOOKS).find((a) => a.alert.severity === severity)!;
    return renderRuleGroups([{ name: "edge", rules: [{ alert: "EdgeBurn", expr: query, labels: { alert_id: alert.id }, annotations: {} }] }]);
  };
  const lb = 'monitored_resource="https_lb_rule", url_map_name="gkegw1-abc123-checkout-checkout-prod-edge-def456"';
  const requests = (cls: string, perMinute: number) => ({ series: `loadbalancing_googleapis_com:https_request_count{${lb}, response_code_class="${cls}"}`, values: `0+${perMinute}x120` });
  const run = (slo: EdgeSloProps, series: unknown[], firing: boolean) =>
    testRulesWithPromtool(
      rule(slo, "page"),
      stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests: [{ interval: "1m", input_series: series, alert_rule_test: [{ eval_time: "90m", alertname: "EdgeBurn", exp_alerts: firing ? [{ exp_labels: { alert_id: `${slo.name}-burn-page` } }] : [] }] }] }, { lineWidth: 0 }),
    );

  test("2 % 5xx at 60 requests/s pages a 99.9 % SLO (over 14.4 × 0.1 %)", () => {
    expect(() => run(availability, [requests("200", 3528), requests("500", 72)], true)).not.toThrow();
  });

  test("0.5 % 5xx does not (under 6 × 0.1 %)", () => {
    expect(() => run(availability, [requests("200", 3582), requests("500", 18)], false)).not.toThrow();
  });

  test("the same 2 % at 0.05 requests/s stays quiet (under the minimum request rate)", () => {
    expect(() => run(availability, [requests("200", 2.94), requests("500", 0.06)], false)).not.toThrow();
  });

  test("latency: 27 % slower than 0.5 s pages a 99 % SLO, interpolated between the 362 and 512 ms buckets", () => {
    const bucket = (le: string, perMinute: number) => ({ series: `loadbalancing_googleapis_com:https_total_latencies_bucket{${lb}, le="${le}"}`, values: `0+${perMinute}x120` });
    const count = (perMinute: number) => ({ series: `loadbalancing_googleapis_com:https_total_latencies_count{${lb}}`, values: `0+${perMinute}x120` });
    // 600 a minute; 400 under 362 ms and 590 under 512 ms: about 575 under 500 ms, 4.2 % slow: under 6 × 1 %.
    expect(() => run(latency, [bucket("362.03867196751236", 400), bucket("512", 590), count(600)], false)).not.toThrow();
    // 400 under 362 ms, 440 under 512 ms: about 435 under 500 ms, 27.5 % slow: over 14.4 × 1 %.
    expect(() => run(latency, [bucket("362.03867196751236", 400), bucket("512", 440), count(600)], true)).not.toThrow();
  });
});
