import { AlertDefinition, PrometheusSloProps } from "cdktf-vigil";
import type { PromDuration } from "../../lib/observability/alert";
import { burnRateWindows } from "../../lib/observability/burn-rate";
import { alertRuleGroups, AlertingRule, isAlertingRule, PrometheusRuleGroup, RecordingRule, renderRuleGroups, validateRuleGroups } from "../../lib/observability/prometheus-rules";
import { promQlError } from "../../lib/observability/promql";
import { defaultSlos, Slo } from "../../lib/observability/slo";
import { resolveSlos } from "../../lib/observability/slo-set";
import { checkRulesWithPromtool } from "cdktf-vigil/testing";
import { messageSaying } from "../harness";

const RUNBOOKS = "https://runbooks.example.com";
const ratio: PrometheusSloProps = {
  service: "checkout",
  name: "availability",
  objective: 99.9,
  sli: { kind: "ratio", errors: 'http_requests_total{service="checkout",code=~"5.."}', total: 'http_requests_total{service="checkout"}' },
};
const rulesOf = (p: PrometheusSloProps) => new Slo(p).ruleGroups(RUNBOOKS)[0].rules;
const alerts = (p: PrometheusSloProps) => rulesOf(p).filter(isAlertingRule);
const records = (p: PrometheusSloProps) => rulesOf(p).filter((r): r is RecordingRule => !isAlertingRule(r));

describe("SLO model", () => {
  test("validation: objective strictly between 0 and 100, a supported period, PromQL that parses", () => {
    const problems = (p: Partial<PrometheusSloProps>) => new Slo({ ...ratio, ...p } as PrometheusSloProps).validate();
    expect(problems({})).toEqual([]);
    expect(problems({ objective: 100 })).toEqual([messageSaying('SLO "checkout/availability"', "`objective` is 100", "a percentage below 100")]);
    expect(problems({ objective: 0 })).toHaveLength(1);
    expect(problems({ objective: 0.999 })).toEqual([messageSaying('SLO "checkout/availability"', "`objective` is 0.999", "did you mean 99.9?")]);
    expect(problems({ objective: 85 })).toEqual([]); // below 90 % only warns (resolveSlos returns the warning)
    expect(problems({ period: "90d" as never })).toEqual([messageSaying('SLO "checkout/availability"', "`period`", '"90d"', "use one of 7d, 14d, 28d, 30d")]);
    expect(problems({ sli: { kind: "ratio", errors: "http_requests_total{code=~\"5..\"", total: "http_requests_total" } })).toEqual([
      messageSaying('SLO "checkout/availability"', "`sli.errors`", 'http_requests_total{code=~\\"5..\\"', "does not parse at character 32", "fix the expression"),
    ]);
    expect(problems({ sli: { kind: "ratio", errors: "rate(x[5m])", total: "x" } })[0]).toContain(", neither a series selector nor an expression with $window");
    expect(problems({ sli: { kind: "ratio", errors: "sum(rate(errors_total[$window]))", total: "sum(rate(requests_total[$window]))" } })).toEqual([]);
    expect(problems({ sli: { kind: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 0 } })).toEqual([
      messageSaying('SLO "checkout/availability"', "`sli.thresholdSeconds` is 0", "the `le` bucket boundary in seconds"),
    ]);
    expect(problems({ name: "Availability" })[0]).toEqual(messageSaying('`name` is "Availability"', "use kebab-case"));
    expect(problems({ absentAlert: "ticket", sli: { kind: "ratio", errors: "sum(rate(errors_total[$window]))", total: "sum(rate(requests_total[$window]))" } })).toEqual([
      messageSaying('SLO "checkout/availability"', "`absentAlert` needs `sli.total` to be a series selector", "leave absentAlert out"),
    ]);
  });

  test("burn-rate windows: the SRE Workbook's table for 30 d; other periods scale the windows and keep the factors", () => {
    const f = (period: string) => burnRateWindows(period).map((w) => [w.severity, w.long, w.short, w.factor, w.budgetSpent]);
    expect(f("30d")).toEqual([
      ["page", "1h", "5m", 14.4, 0.02],
      ["page", "6h", "30m", 6, 0.05],
      ["ticket", "1d", "2h", 3, 0.1],
      ["ticket", "3d", "6h", 1, 0.1],
    ]);
    expect(f("28d")).toEqual([
      ["page", "56m", "5m", 14.4, 0.02],
      ["page", "5h36m", "28m", 6, 0.05],
      ["ticket", "22h24m", "1h52m", 3, 0.1],
      ["ticket", "2d19h12m", "5h36m", 1, 0.1],
    ]);
    // No factor below 1: a burn that cannot spend the budget within the period never tickets.
    for (const period of ["7d", "14d"]) expect(Math.min(...burnRateWindows(period).map((w) => w.factor))).toBe(1);
    // Short windows never go below 5 minutes, where rate() gets noisy.
    expect(burnRateWindows("7d")[0]).toMatchObject({ long: "14m", short: "5m" });
  });

  test("recording rules for every window the alerts use, the error budget remaining, labelled by service and slo", () => {
    const names = records(ratio).map((r) => r.record);
    for (const w of ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]) {
      expect(names).toContain(`slo:sli_error:ratio_rate${w}`);
      expect(names).toContain(`slo:sli_requests:rate${w}`);
    }
    expect(names).toContain("slo:sli_error:ratio_rate30d");
    const budget = records(ratio).find((r) => r.record === "slo:error_budget:remaining");
    expect(budget?.expr).toBe('1 - slo:sli_error:ratio_rate30d{service="checkout",slo="availability"} / 0.001');
    for (const r of records(ratio)) expect(r.labels).toEqual({ service: "checkout", slo: "availability" });
    expect(records(ratio).find((r) => r.record === "slo:sli_error:ratio_rate1h")?.expr).toBe(
      '(sum(rate(http_requests_total{service="checkout",code=~"5.."}[1h]))) / (sum(rate(http_requests_total{service="checkout"}[1h])))',
    );
  });

  test("page and ticket alerts with both windows, the factor times the budget, and the request-rate gate", () => {
    const [page, ticket] = alerts(ratio);
    expect(page.labels).toEqual({ severity: "page", service: "checkout", slo: "availability", component: "slo", alert_id: "availability-burn-page" });
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{service="checkout",slo="availability"} > (14.4 * 0.001)');
    expect(page.expr).toContain('slo:sli_error:ratio_rate5m{service="checkout",slo="availability"} > (14.4 * 0.001)');
    expect(page.expr).toContain('slo:sli_error:ratio_rate6h{service="checkout",slo="availability"} > (6 * 0.001)');
    expect(page.expr).toContain('slo:sli_requests:rate1h{service="checkout",slo="availability"} >= 0.1');
    expect(ticket.labels.severity).toBe("ticket");
    expect(ticket.expr).toContain("> (3 * 0.001)");
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate3d{service="checkout",slo="availability"} > (1 * 0.001)');
    expect(page.annotations.runbook_url).toBe("https://runbooks.example.com/slo/error-budget-burn.md");
    expect(page.annotations.error_budget_remaining).toContain('query "slo:error_budget:remaining{service=\\"checkout\\",slo=\\"availability\\"}"');
    expect(page.annotations.description).toContain("Error budget remaining: {{ with query");
    expect(alerts({ ...ratio, minRequestRate: 2 })[0].expr).toContain(">= 2");
  });

  test("the absent alert is opt-in and carries its own severity", () => {
    expect(alerts(ratio).map((a) => a.alert)).toEqual(["SloErrorBudgetBurn", "SloErrorBudgetBurn"]);
    const absent = alerts({ ...ratio, absentAlert: "info" }).find((a) => a.alert === "SloMetricsAbsent");
    expect(absent).toMatchObject({ expr: 'absent(http_requests_total{service="checkout"})', for: "15m", labels: { severity: "info" } });
  });

  test("latency SLI: bad events are requests above the le bucket; integer boundaries match both spellings", () => {
    const latency = defaultSlos("checkout")[1];
    expect(latency).toMatchObject({ name: "latency", objective: 99, sli: { kind: "latency", thresholdSeconds: 0.3 } });
    expect(records(latency).find((r) => r.record === "slo:sli_error:ratio_rate5m")?.expr).toBe(
      '(sum(rate(http_request_duration_seconds_count{service="checkout"}[5m])) - sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.3"}[5m]))) / (sum(rate(http_request_duration_seconds_count{service="checkout"}[5m])))',
    );
    const oneSecond = { ...latency, sli: { ...latency.sli, thresholdSeconds: 1 } } as PrometheusSloProps;
    expect(records(oneSecond)[0].expr).toContain('le=~"1|1\\\\.0"');
  });

  test("default SLOs: availability 99.9 % and latency 99 % under 300 ms, on the conventional metrics", () => {
    const [availability, latency] = defaultSlos("checkout");
    expect(availability).toMatchObject({ name: "availability", objective: 99.9, sli: { errors: 'http_requests_total{service="checkout",code=~"5.."}', total: 'http_requests_total{service="checkout"}' } });
    expect(latency.sli).toEqual({ kind: "latency", histogram: "http_request_duration_seconds", matchers: 'service="checkout"', thresholdSeconds: 0.3 });
    expect(defaultSlos("checkout", { matchers: 'job="checkout-api"', latencyThresholdSeconds: 0.5 })[1].sli).toMatchObject({ matchers: 'job="checkout-api"', thresholdSeconds: 0.5 });
    for (const p of defaultSlos("checkout")) expect(new Slo(p).validate()).toEqual([]);
  });

  test("every SLO period renders rules that pass promtool check rules", () => {
    const groups: PrometheusRuleGroup[] = (["7d", "14d", "28d", "30d"] as const).flatMap((period) =>
      defaultSlos(`svc-${period}`).flatMap((p) => new Slo({ ...p, period, absentAlert: "ticket" }).ruleGroups(RUNBOOKS)),
    );
    expect(validateRuleGroups(groups)).toEqual([]);
    const result = checkRulesWithPromtool(renderRuleGroups(groups));
    expect(result).toMatchObject({ skipped: false, output: expect.stringContaining(`SUCCESS: ${groups.reduce((n, g) => n + g.rules.length, 0)} rules found`) });
  });
});

describe("Prometheus rule rendering of component alerts", () => {
  const alert = (id: string, query: string, severity: AlertDefinition["severity"] = "ticket"): AlertDefinition => ({
    id,
    component: "kafka",
    summary: `Kafka ${id}`,
    description: "What it means and what to check.",
    severity,
    runbookUrl: `${RUNBOOKS}/kafka/${id}.md`,
    threshold: 0,
    unit: "count",
    condition: { kind: "promql", query, comparison: ">", for: "5m" },
  });

  test("PromQL alerts become one group per component; native-metric alerts are skipped", () => {
    const native: AlertDefinition = {
      ...alert("cpu", "x"),
      condition: { kind: "native-metric", namespace: "AWS/Kafka", metricName: "CpuUser", dimensions: {}, statistic: "Average", periodSeconds: 300, evaluationPeriods: 3, comparison: ">", missingData: "missing" },
    };
    const groups = alertRuleGroups([alert("under-replicated-partitions", "sum(kafka_server_replicamanager_underreplicatedpartitions)", "page"), native], { service: "checkout" });
    expect(groups).toHaveLength(1);
    expect(groups[0].name).toBe("checkout-kafka");
    const rule = groups[0].rules[0] as AlertingRule;
    expect(rule).toEqual({
      alert: "KafkaUnderReplicatedPartitions",
      expr: "(sum(kafka_server_replicamanager_underreplicatedpartitions)) > 0",
      for: "5m",
      labels: { severity: "page", service: "checkout", component: "kafka", alert_id: "under-replicated-partitions" },
      annotations: { summary: "Kafka under-replicated-partitions", description: "What it means and what to check.", runbook_url: `${RUNBOOKS}/kafka/under-replicated-partitions.md` },
    });
    const result = checkRulesWithPromtool(renderRuleGroups(groups));
    expect(result).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS: 1 rules found") });
  });

  test("malformed PromQL is rejected at synth with the alert id in the message", () => {
    const groups = alertRuleGroups([alert("consumer-lag", "sum(kafka_consumergroup_lag) by (consumergroup")], { service: "checkout" });
    expect(validateRuleGroups(groups)).toEqual([
      'rule group "checkout-kafka", alert "consumer-lag" (KafkaConsumerLag): PromQL does not parse at character 53 (near " (consumergroup) > 0"): (sum(kafka_consumergroup_lag) by (consumergroup) > 0',
    ]);
    expect(promQlError("up == 0")).toBeUndefined();
  });

  test("duplicate group names and bad durations are reported", () => {
    const g = alertRuleGroups([alert("a-b", "up")], { service: "s" })[0];
    expect(validateRuleGroups([g, { ...g, interval: "soon" as PromDuration }])).toEqual([
      'rule group "s-kafka" appears twice; group names must be unique within a rule file',
      'rule group "s-kafka": interval "soon" is not a Prometheus duration like "1m"',
    ]);
  });
});

describe("resolveSlos: an owner's SLOs, each checked where it is written", () => {
  const orders = (objective: number, extra: Partial<PrometheusSloProps> = {}) => ({ name: "orders", objective, sli: { kind: "ratio" as const, errors: 'orders_total{result="failed"}', total: "orders_total" }, ...extra });

  test("the defaults first, then the valid own SLOs; a bad one is reported once at slos[n] and left out", () => {
    const r = resolveSlos({ service: "checkout", defaults: true, slos: [orders(0.999), orders(99.5, { name: "payments" }), orders(99, { period: "31d" as never })] });
    expect(r.slos.map((s) => s.name)).toEqual(["availability", "latency", "payments"]);
    expect(r.errors).toEqual([
      messageSaying("`slos[0].objective` is 0.999", "did you mean 99.9?"),
      messageSaying("`slos[2].period`", '"31d"', "use one of 7d, 14d, 28d, 30d"),
    ]);
    expect(r.warnings).toEqual([]);
  });

  test("below 90 % warns and deploys; a name taken by an earlier SLO fails naming it", () => {
    const r = resolveSlos({ service: "checkout", defaults: false, slos: [orders(85), orders(99)] });
    expect(r.slos.map((s) => s.objective)).toEqual([85]);
    expect(r.warnings).toEqual([messageSaying("`slos[0].objective` is 85", "below 90 %", "for 99.5 % write 99.5")]);
    expect(r.errors).toEqual([messageSaying("`slos[1].name`", '"orders"', "already used by `slos[0]`")]);
  });

  test("a bad default option is one message at defaultSlos, and no default SLO is built from it", () => {
    const r = resolveSlos({ service: "checkout", defaults: { matchers: '{service="checkout"}' }, slos: [] });
    expect(r.slos).toEqual([]);
    expect(r.errors).toEqual([messageSaying("`defaultSlos.matchers`", '{service=\\"checkout\\"}', "without braces", 'service="checkout"')]);
  });
});
