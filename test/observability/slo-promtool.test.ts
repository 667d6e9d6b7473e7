// Proves the SLO burn-rate alerts with `promtool test rules`: synthetic
// series, rules evaluated by Prometheus' own engine, expected alerts at given
// times. The rules are the library's, with annotations dropped (they are
// templates validated by `promtool check rules` elsewhere; expected alerts
// would otherwise have to spell out every rendered annotation).
import { stringify } from "yaml";
import { PrometheusSloProps } from "cdktf-vigil";
import { isAlertingRule, PrometheusRuleGroup, renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { Slo } from "../../lib/observability/slo";
import { testRulesWithPromtool, toolInstalled } from "cdktf-vigil/testing";
import { describeWithTool } from "../tools";

const RUNBOOKS = "https://runbooks.example.com";

function rules(slos: PrometheusSloProps[]): string {
  const groups: PrometheusRuleGroup[] = slos.flatMap((p) => new Slo(p).ruleGroups(RUNBOOKS));
  return renderRuleGroups(groups.map((g) => ({ ...g, rules: g.rules.map((r) => (isAlertingRule(r) ? { ...r, annotations: {} } : r)) })));
}

const availability: PrometheusSloProps = {
  service: "checkout",
  name: "availability",
  objective: 99.9,
  sli: { kind: "ratio", errors: 'http_requests_total{service="checkout",code=~"5.."}', total: 'http_requests_total{service="checkout"}' },
};

/** The page alert's expression as the library renders it. */
function pageExpression(slo: PrometheusSloProps): string {
  const page = new Slo(slo).ruleGroups(RUNBOOKS)[0].rules.find((r) => isAlertingRule(r) && r.labels.severity === "page");
  return page!.expr;
}

const labels = (slo: string, severity: string) => ({ severity, service: "checkout", slo, component: "slo", alert_id: `${slo}-burn-${severity}` });

/** Counter series: `perMinute` increments per minute for `minutes` minutes, after `quietMinutes` flat minutes. */
function counter(perMinute: number, minutes: number, quietMinutes = 0, quietPerMinute = 0): string {
  const quiet = quietMinutes > 0 ? `0+${quietPerMinute}x${quietMinutes} ` : "";
  const start = quietMinutes > 0 ? quietPerMinute * quietMinutes + perMinute : 0;
  return `${quiet}${start}+${perMinute}x${quietMinutes > 0 ? minutes - 1 : minutes}`;
}

function runPromtool(slos: PrometheusSloProps[], tests: unknown[]) {
  return testRulesWithPromtool(rules(slos), stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests }, { lineWidth: 0 }));
}

if (!toolInstalled("promtool") && process.env.CI !== "true") {
  console.warn("promtool is not installed: skipping the SLO rule unit tests (apt-get install prometheus); CI=true makes this a failure");
}

describeWithTool("promtool")("SLO burn-rate alerts under promtool test rules (99.9 % over 30 d)", () => {
  it("pages within the hour on a 15x burn that starts after a clean hour, not before", () => {
    // 10 req/s; from minute 61, 1.5 % of requests fail (15x the 0.1 % budget).
    // The 1 h error ratio crosses 14.4 x 0.1 % about 58 minutes into the burn.
    // The ticket (3 d window, holding only these 2 hours) fires first; once the
    // page fires, Alertmanager's inhibition silences the ticket.
    const result = runPromtool([availability], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(591, 180, 60, 600) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(9, 180, 60, 0) },
        ],
        alert_rule_test: [
          { eval_time: "100m", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("availability", "ticket") }] },
          {
            eval_time: "130m",
            alertname: "SloErrorBudgetBurn",
            exp_alerts: [{ exp_labels: labels("availability", "page") }, { exp_labels: labels("availability", "ticket") }],
          },
        ],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });

  it("neither pages nor tickets at a 0.9x burn, and does not page at 1x", () => {
    const result = runPromtool([availability], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(599.46, 480) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(0.54, 480) },
        ],
        alert_rule_test: [
          { eval_time: "2h", alertname: "SloErrorBudgetBurn", exp_alerts: [] },
          { eval_time: "7h", alertname: "SloErrorBudgetBurn", exp_alerts: [] },
        ],
      },
      {
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(599.4, 480) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(0.6, 480) },
        ],
        promql_expr_test: [
          // 1x burn: the page alert's own expression returns nothing. (Its ticket sibling sits
          // exactly on its 1x threshold here, so the alert name is not asserted as a whole.)
          { eval_time: "7h", expr: pageExpression(availability), exp_samples: [] },
        ],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });

  it("tickets, and does not page, on a slow 2x burn", () => {
    const result = runPromtool([availability], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(598.8, 480) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(1.2, 480) },
        ],
        alert_rule_test: [{ eval_time: "7h", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("availability", "ticket") }] }],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });

  it("pages when the share of requests slower than the threshold exceeds the latency budget", () => {
    const latency: PrometheusSloProps = {
      service: "checkout",
      name: "latency",
      objective: 99,
      sli: { kind: "latency", histogram: "http_request_duration_seconds", matchers: 'service="checkout"', thresholdSeconds: 0.3 },
    };
    // 10 req/s, 20 % slower than 300 ms: 20x the 1 % budget.
    const slow = runPromtool([latency], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_request_duration_seconds_bucket{service="checkout",le="0.3"}', values: counter(480, 120) },
          { series: 'http_request_duration_seconds_count{service="checkout"}', values: counter(600, 120) },
        ],
        alert_rule_test: [
          { eval_time: "30m", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("latency", "page") }, { exp_labels: labels("latency", "ticket") }] },
        ],
      },
    ]);
    expect(slow.output).toContain("SUCCESS");
    // 0.5 % slow: within budget, nothing fires.
    const fine = runPromtool([latency], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_request_duration_seconds_bucket{service="checkout",le="0.3"}', values: counter(597, 120) },
          { series: 'http_request_duration_seconds_count{service="checkout"}', values: counter(600, 120) },
        ],
        alert_rule_test: [{ eval_time: "30m", alertname: "SloErrorBudgetBurn", exp_alerts: [] }, { eval_time: "110m", alertname: "SloErrorBudgetBurn", exp_alerts: [] }],
      },
    ]);
    expect(fine.output).toContain("SUCCESS");
  });

  it("does not page a quiet service for a few failed requests, which an ungated SLO would", () => {
    // Ten requests an hour, three of them failing: 30 % errors, 300x the budget.
    const gated = availability;
    const ungated: PrometheusSloProps = { ...availability, name: "availability-ungated", minRequestRate: 0 };
    const result = runPromtool([gated, ungated], [
      {
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(7 / 60, 240) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(3 / 60, 240) },
        ],
        alert_rule_test: [
          {
            eval_time: "3h",
            alertname: "SloErrorBudgetBurn",
            exp_alerts: [{ exp_labels: labels("availability-ungated", "page") }, { exp_labels: labels("availability-ungated", "ticket") }],
          },
        ],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });

  it("7-day SLO: scaled windows page a fast burn, and a 0.9x burn neither pages nor tickets", () => {
    const weekly: PrometheusSloProps = { ...availability, period: "7d" };
    const result = runPromtool([weekly], [
      {
        // 10 req/s, 2 % errors from the start (20x): the 14 m / 5 m pair pages within minutes.
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(588, 60) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(12, 60) },
        ],
        alert_rule_test: [
          { eval_time: "20m", alertname: "SloErrorBudgetBurn", exp_alerts: [{ exp_labels: labels("availability", "page") }, { exp_labels: labels("availability", "ticket") }] },
        ],
      },
      {
        // 0.9x for 20 hours, longer than the longest window (16 h 48 m): nothing fires.
        interval: "1m",
        input_series: [
          { series: 'http_requests_total{service="checkout",code="200"}', values: counter(599.46, 1200) },
          { series: 'http_requests_total{service="checkout",code="500"}', values: counter(0.54, 1200) },
        ],
        alert_rule_test: [
          { eval_time: "3h", alertname: "SloErrorBudgetBurn", exp_alerts: [] },
          { eval_time: "19h", alertname: "SloErrorBudgetBurn", exp_alerts: [] },
        ],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });

  it("fires the opt-in absent alert with its own severity when the SLI's series disappear", () => {
    const result = runPromtool([{ ...availability, absentAlert: "ticket" }], [
      {
        interval: "1m",
        input_series: [{ series: 'http_requests_total{service="other",code="200"}', values: counter(600, 60) }],
        alert_rule_test: [
          { eval_time: "10m", alertname: "SloMetricsAbsent", exp_alerts: [] },
          {
            eval_time: "20m",
            alertname: "SloMetricsAbsent",
            exp_alerts: [{ exp_labels: { severity: "ticket", service: "checkout", slo: "availability", component: "slo", alert_id: "availability-metrics-absent" } }],
          },
        ],
      },
    ]);
    expect(result.output).toContain("SUCCESS");
  });
});
