// Edge SLOs in-cluster: an SLO whose SLI is the edge's requests becomes the
// shared Prometheus SLO rules over the Envoys of the service's Gateway.
import { stringify } from "yaml";
import { MonitoredServiceProps } from "../../lib";
import { VigilManifest } from "../../lib/core/manifest";
import { burnRateWindows } from "../../lib/observability/burn-rate";
import { isAlertingRule, renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { KubernetesPlatform } from "../../lib/kubernetes";
import { EDGE_LATENCY_THRESHOLDS_SECONDS } from "../../lib/observability/slo-validation";
import { checkStackWithPromtool, testRulesWithPromtool, validationMessages } from "../../lib/testing";
import { targetStack } from "../harness";
import { describeWithTool } from "../tools";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Slos = MonitoredServiceProps["slos"];

const EDGE: MonitoredServiceProps["edge"] = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } };
const EDGE_SLOS: Slos = [
  { name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } },
  { name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 } },
];
const SEL = 'gateway="checkout-edge",gateway_namespace="checkout",envoy_http_conn_manager_prefix=~"https-[0-9]+"';

function build(slos: Slos = EDGE_SLOS, edge: MonitoredServiceProps["edge"] | null = EDGE) {
  return targetStack("kubernetes", { service: { edge: edge ?? undefined, slos, defaultSlos: false } });
}

function sloGroups(platform: KubernetesPlatform): Spec[] {
  const rule = platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === "checkout-slos") as Spec | undefined;
  return rule ? (rule.spec.groups as Spec[]).filter((g) => g.name.startsWith("checkout-slo-")) : [];
}

function burnAlert(platform: KubernetesPlatform, slo: string, severity: string): Spec {
  const group = sloGroups(platform).find((g) => g.name === `checkout-slo-${slo}`)!;
  return group.rules.find((r: Spec) => r.alert && r.labels.severity === severity);
}

function recorded(platform: KubernetesPlatform, slo: string, record: string): Spec {
  return sloGroups(platform).find((g) => g.name === `checkout-slo-${slo}`)!.rules.find((r: Spec) => r.record === record);
}

describe("edge SLOs in-cluster: Prometheus rules on the Envoys' metrics", () => {
  const { stack, platform } = build();

  test("synthesize without a validation message, one rule group each in the service's PrometheusRule", () => {
    expect(validationMessages(stack)).toEqual([]);
    expect(sloGroups(platform).map((g) => g.name)).toEqual(["checkout-slo-edge-availability", "checkout-slo-edge-latency"]);
  });

  test("errors: 5xx of envoy_http_downstream_rq_xx over all its classes, on the Gateway's HTTPS listener", () => {
    expect(recorded(platform, "edge-availability", "slo:sli_error:ratio_rate1h").expr).toBe(
      `(sum(rate(envoy_http_downstream_rq_xx{${SEL},envoy_response_code_class="5"}[1h]))) / (sum(rate(envoy_http_downstream_rq_xx{${SEL}}[1h])))`,
    );
    expect(recorded(platform, "edge-availability", "slo:sli_requests:rate1h").expr).toBe(`sum(rate(envoy_http_downstream_rq_xx{${SEL}}[1h]))`);
  });

  test("latency: count minus the bucket at the threshold in milliseconds (Envoy's unit), as Envoy or Prometheus 3 writes it", () => {
    expect(recorded(platform, "edge-latency", "slo:sli_error:ratio_rate5m").expr).toBe(
      `(sum(rate(envoy_http_downstream_rq_time_count{${SEL}}[5m])) - sum(rate(envoy_http_downstream_rq_time_bucket{${SEL},le=~"500|500\\\\.0"}[5m]))) / (sum(rate(envoy_http_downstream_rq_time_count{${SEL}}[5m])))`,
    );
    const sub = build([{ name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.025 } }]).platform;
    expect(recorded(sub, "edge-latency", "slo:sli_requests:rate5m").expr).toBe(`sum(rate(envoy_http_downstream_rq_time_count{${SEL}}[5m]))`);
    expect(recorded(sub, "edge-latency", "slo:sli_errors:rate5m").expr).toContain(`le=~"25|25\\\\.0"}`);
  });

  test("two alerts per SLO, page and ticket, each the two window pairs of the period with the Workbook's factors", () => {
    for (const slo of ["edge-availability", "edge-latency"]) {
      for (const severity of ["page", "ticket"] as const) {
        const alert = burnAlert(platform, slo, severity);
        expect(alert.labels).toEqual({ severity, service: "checkout", slo, component: "slo", alert_id: `${slo}-burn-${severity}` });
        const pairs = burnRateWindows("30d").filter((w) => w.severity === severity);
        expect(pairs.map((w) => [w.long, w.short, w.factor])).toEqual(severity === "page" ? [["1h", "5m", 14.4], ["6h", "30m", 6]] : [["1d", "2h", 3], ["3d", "6h", 1]]);
        for (const w of pairs) {
          expect(alert.expr).toContain(`slo:sli_error:ratio_rate${w.long}{service="checkout",slo="${slo}"} > (${w.factor} * `);
          expect(alert.expr).toContain(`slo:sli_error:ratio_rate${w.short}{service="checkout",slo="${slo}"} > (${w.factor} * `);
        }
        expect(alert.expr.split(" or ")).toHaveLength(2);
        expect(alert.annotations.runbook_url).toBe("https://runbooks.example.com/vigil/slo/error-budget-burn.md");
      }
    }
  });

  test("the error budget: 0.1 % for 99.9, 1 % for 99; both windows must exceed factor × budget", () => {
    const page = burnAlert(platform, "edge-availability", "page").expr;
    expect(page).toContain('slo:sli_error:ratio_rate1h{service="checkout",slo="edge-availability"} > (14.4 * 0.001) and slo:sli_error:ratio_rate5m{service="checkout",slo="edge-availability"} > (14.4 * 0.001)');
    expect(burnAlert(platform, "edge-latency", "ticket").expr).toContain('slo:sli_error:ratio_rate3d{service="checkout",slo="edge-latency"} > (1 * 0.01) and slo:sli_error:ratio_rate6h{service="checkout",slo="edge-latency"} > (1 * 0.01)');
    expect(recorded(platform, "edge-availability", "slo:error_budget:remaining").expr).toMatch(/ \/ 0\.001$/);
    expect(recorded(platform, "edge-latency", "slo:error_budget:remaining").expr).toMatch(/ \/ 0\.01$/);
  });

  test("gated on the minimum request rate over the long window: 0.1/s by default, or the SLO's", () => {
    expect(burnAlert(platform, "edge-availability", "page").expr).toContain('slo:sli_requests:rate1h{service="checkout",slo="edge-availability"} >= 0.1)');
    const busy = build([{ name: "edge-availability", objective: 99.9, minRequestRate: 2, sli: { kind: "edge", measure: "errors" } }]).platform;
    expect(burnAlert(busy, "edge-availability", "ticket").expr).toContain('slo:sli_requests:rate3d{service="checkout",slo="edge-availability"} >= 2)');
  });

  test("a 7-day period scales the windows as the other SLOs' do", () => {
    const weekly = build([{ name: "edge-availability", objective: 99.9, period: "7d", sli: { kind: "edge", measure: "errors" } }]).platform;
    const page = burnAlert(weekly, "edge-availability", "page").expr;
    for (const w of burnRateWindows("7d").filter((x) => x.severity === "page")) expect(page).toContain(`ratio_rate${w.long}{service="checkout",slo="edge-availability"} > (${w.factor} * 0.001) and slo:sli_error:ratio_rate${w.short}{`);
  });

  test("the manifest records both alerts of each SLO like the other SLOs', with the SLO", () => {
    const manifest = VigilManifest.of(stack).document();
    const alerts = manifest.alerts.filter((a) => a.component === "slo");
    expect(alerts.map((a) => `${a.resource} ${a.id} ${a.severity}`).sort()).toEqual([
      "checkout edge-availability-burn-page page",
      "checkout edge-availability-burn-ticket ticket",
      "checkout edge-latency-burn-page page",
      "checkout edge-latency-burn-ticket ticket",
    ]);
    expect(alerts.find((a) => a.id === "edge-latency-burn-page")).toMatchObject({
      name: "SloErrorBudgetBurn",
      mechanism: "prometheus-rule",
      deliveredAs: "page",
      routes: ["pager"],
      dashboard: "checkout-service",
      runbookUrl: "https://runbooks.example.com/vigil/slo/error-budget-burn.md",
      summary: "checkout: the edge-latency SLO is burning its error budget too fast",
      description: expect.stringContaining("99 % of checkout requests at the edge (Envoy Gateway checkout/checkout-edge) are answered within 500 ms. The error budget (1 % of events over 30d) burns at 14.4× over 1h and 5m, or 6× over 6h and 30m"),
      path: "platform/platform/resources/vigil-system/checkout-slos",
    });
    expect(alerts.find((a) => a.id === "edge-availability-burn-ticket")).toMatchObject({ deliveredAs: "ticket", routes: ["hook"] });
    expect(manifest.slos.map((s) => [s.name, s.objective, s.alerts])).toEqual([
      ["edge-availability", 99.9, ["edge-availability-burn-page", "edge-availability-burn-ticket"]],
      ["edge-latency", 99, ["edge-latency-burn-page", "edge-latency-burn-ticket"]],
    ]);
  });

  // Envoy's default histogram bucket bounds in milliseconds (a stats dump of Envoy's
  // envoy_http_downstream_rq_time: le="0.5" ... le="3600000"), the oracle of the core's list.
  const ENVOY_DEFAULT_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

  test("the core's edge latency thresholds are exactly Envoy's default bucket bounds up to a minute, each accepted here", () => {
    expect(EDGE_LATENCY_THRESHOLDS_SECONDS.map((s) => Math.round(s * 1e6) / 1e3)).toEqual(ENVOY_DEFAULT_BUCKETS_MS.filter((b) => b <= 60000));
    for (const seconds of EDGE_LATENCY_THRESHOLDS_SECONDS) {
      expect(validationMessages(build([{ name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: seconds } }]).stack)).toEqual([]);
    }
  });

  test("edge SLOs join the service's own SLOs in one PrometheusRule; without an edge they are refused once", () => {
    const both = targetStack("kubernetes", { service: { edge: EDGE, slos: EDGE_SLOS } }).platform;
    expect(sloGroups(both).map((g) => g.name)).toEqual(["checkout-slo-availability", "checkout-slo-latency", "checkout-slo-edge-availability", "checkout-slo-edge-latency"]);
    const { stack: edgeless, platform: p } = build(EDGE_SLOS, null);
    expect(validationMessages(edgeless)).toEqual(EDGE_SLOS!.map((slo) => expect.stringContaining(`\`slos\` "${slo.name}" measures the edge (sli.kind "edge") but the service has no \`edge\``)));
    expect(sloGroups(p)).toEqual([]);
  });

  test("promtool check rules accepts the stack's rules", () => {
    for (const r of checkStackWithPromtool(stack)) expect(r).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS") });
  });
});

describeWithTool("promtool")("edge SLO burn-rate alerts under promtool test rules, on Envoy series", () => {
  const { platform } = build();
  const rulesYaml = renderRuleGroups(sloGroups(platform).map((g) => ({ ...g, rules: g.rules.map((r: Spec) => (isAlertingRule(r as never) ? { ...r, annotations: {} } : r)) })) as never);
  const labels = (slo: string, severity: string) => ({ severity, service: "checkout", slo, component: "slo", alert_id: `${slo}-burn-${severity}` });
  const envoy = (metric: string, extra: string) => `${metric}{gateway="checkout-edge",gateway_namespace="checkout",envoy_http_conn_manager_prefix="https-10443"${extra}}`;
  const run = (tests: unknown[]) => testRulesWithPromtool(rulesYaml, stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests }, { lineWidth: 0 }));
  const counter = (perMinute: number, minutes: number) => `0+${perMinute}x${minutes}`;

  test("2 % 5xx at 10 req/s (20× the 0.1 % budget) pages and tickets; 0.05 % does neither", () => {
    const xx = (perMinute5xx: number) => [
      { series: envoy("envoy_http_downstream_rq_xx", ',envoy_response_code_class="2"'), values: counter(600 - perMinute5xx, 120) },
      { series: envoy("envoy_http_downstream_rq_xx", ',envoy_response_code_class="5"'), values: counter(perMinute5xx, 120) },
    ];
    expect(
      run([
        { interval: "1m", input_series: xx(12), alert_rule_test: [{ eval_time: "30m", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("edge-availability", "page") }, { exp_labels: labels("edge-availability", "ticket") }] }] },
        { interval: "1m", input_series: xx(0.3), alert_rule_test: [{ eval_time: "110m", alertname: "SloErrorBudgetBurn", exp_alerts: [] }] },
      ]).output,
    ).toContain("SUCCESS");
  });

  test("20 % answered slower than 500 ms (20× the 1 % budget) pages; 0.5 % does not", () => {
    const time = (fastPerMinute: number) => [
      { series: envoy("envoy_http_downstream_rq_time_bucket", ',le="500"'), values: counter(fastPerMinute, 120) },
      { series: envoy("envoy_http_downstream_rq_time_count", ""), values: counter(600, 120) },
    ];
    expect(
      run([
        { interval: "1m", input_series: time(480), alert_rule_test: [{ eval_time: "30m", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("edge-latency", "page") }, { exp_labels: labels("edge-latency", "ticket") }] }] },
        { interval: "1m", input_series: time(597), alert_rule_test: [{ eval_time: "110m", alertname: "SloErrorBudgetBurn", exp_alerts: [] }] },
      ]).output,
    ).toContain("SUCCESS");
  });

  test("a quiet edge (10 requests an hour, 3 of them 5xx) stays quiet under the 0.1 req/s gate", () => {
    expect(
      run([
        {
          interval: "1m",
          input_series: [
            { series: envoy("envoy_http_downstream_rq_xx", ',envoy_response_code_class="2"'), values: counter(7 / 60, 240) },
            { series: envoy("envoy_http_downstream_rq_xx", ',envoy_response_code_class="5"'), values: counter(3 / 60, 240) },
          ],
          alert_rule_test: [{ eval_time: "3h", alertname: "SloErrorBudgetBurn", exp_alerts: [] }],
        },
      ]).output,
    ).toContain("SUCCESS");
  });
});
