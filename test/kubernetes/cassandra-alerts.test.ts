// K8ssandra's canonical alerts: every cassandra id bound in-cluster, thresholds converted from the
// catalog's units (latency seconds -> the histogram's microseconds), selectors matching cass-operator.
import { stringify } from "yaml";
import { CASSANDRA_ALERTS } from "../../lib/observability/alert-catalog";
import { isAlertingRule, renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { CassandraProps } from "../../lib/core/components/cassandra";
import { checkRulesWithPromtool, testRulesWithPromtool, validationMessages } from "../../lib/testing";
import { alertRules, ruleGroupsOf } from "./support";
import { messageAt, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";
import { describeWithTool, TOOL_PASSED } from "../tools";

function cassandraIn(environment: EnvironmentTier, cassandra: CassandraProps = {}) {
  const built = targetStack("kubernetes", { environment, service: { cassandra: { datacenters: { dc1: { nodes: 3 } }, ...cassandra } } });
  return { ...built, rules: alertRules(built.platform, "checkout-cassandra-alerts") };
}

describe("K8ssandra: the canonical cassandra alerts", () => {
  const { service, rules } = cassandraIn("prod");

  test("every canonical cassandra id is deployed, with the catalog's severity; the handle says so", () => {
    expect(Object.keys(rules).sort()).toEqual(Object.keys(CASSANDRA_ALERTS).sort());
    for (const [id, spec] of Object.entries(CASSANDRA_ALERTS)) expect(rules[id].labels.severity).toBe(spec.severity);
    expect(service.cassandra).toMatchObject({ kind: "cassandra", component: "cassandra-k8ssandra", unavailableAlerts: [] });
  });

  test("read/write latency: seconds in, microseconds in the rule (0.2 s default is 200000 µs; 0.5 s is 500000 µs)", () => {
    expect(rules["read-latency-high"].expr).toMatch(/request_type="Read"\}\[5m\]\)\)\)\) > 200000$/);
    expect(rules["write-latency-high"].expr).toMatch(/request_type="Write"\}\[5m\]\)\)\)\) > 200000$/);
    const { rules: r, service: s } = cassandraIn("prod", { alerts: { "read-latency-high": { threshold: 0.5 }, "write-latency-high": { threshold: 0.0015 } } });
    expect(r["read-latency-high"].expr).toBe(
      '(histogram_quantile(0.99, sum by (le) (rate(org_apache_cassandra_metrics_client_request_latency_bucket{namespace="checkout-data",pod=~"checkout-cassandra-.*",request_type="Read"}[5m])))) > 500000',
    );
    expect(r["write-latency-high"].expr).toMatch(/ > 1500$/);
    // The manifest keeps the user's number in the catalog's unit next to the native one.
    expect(s.cassandra!.alerts.find((a) => a.id === "read-latency-high")).toMatchObject({ threshold: 500000, unit: "µs", canonical: { kind: "cassandra", threshold: 0.5, unit: "seconds" } });
    expect(r["read-latency-high"].annotations.summary).toContain("above 0.5 s");
  });

  test("storage-low, cpu-high, memory-high, dropped-messages and pending compactions in the catalog's units", () => {
    const { rules: r } = cassandraIn("prod", {
      alerts: { "storage-low": { threshold: 30 }, "cpu-high": { threshold: 70 }, "memory-high": { threshold: 85 }, "dropped-messages": { threshold: 0.5 }, "pending-compactions-high": { threshold: 50 } },
    });
    expect(r["storage-low"].expr).toMatch(/persistentvolumeclaim=~"server-data-checkout-cassandra-\.\*"\}\) \* 100\) < 30$/);
    expect(r["cpu-high"].expr).toMatch(/container="cassandra",resource="cpu"\}\)\) \* 100\) > 70$/);
    expect(r["memory-high"].expr).toBe(
      '(max(sum by (pod) (container_memory_rss{namespace="checkout-data",pod=~"checkout-cassandra-.+-sts-[0-9]+",container="cassandra"}) / sum by (pod) (kube_pod_container_resource_limits{namespace="checkout-data",pod=~"checkout-cassandra-.+-sts-[0-9]+",container="cassandra",resource="memory"})) * 100) > 85',
    );
    expect(r["dropped-messages"].expr).toBe('(sum(rate(org_apache_cassandra_metrics_dropped_message_dropped_total{namespace="checkout-data",pod=~"checkout-cassandra-.*"}[5m]))) > 0.5');
    expect(r["pending-compactions-high"].expr).toMatch(/org_apache_cassandra_metrics_compaction_pending_tasks\{namespace="checkout-data",pod=~"checkout-cassandra-\.\*"\}\)\)\) > 50$/);
    // cass-operator names the pods <cluster>-<datacenter>-<rack>-sts-<n>; the default rack is "default".
    const pods = /pod=~"([^"]+)"/.exec(r["cpu-high"].expr)![1];
    expect(new RegExp(`^(?:${pods})$`).test("checkout-cassandra-dc1-default-sts-0")).toBe(true);
    expect(new RegExp(`^(?:${pods})$`).test("checkout-cassandra-dc1-reaper-6f7d9c9b8-abcde")).toBe(false);
  });

  test("nodes-down counts not-ready replicas; a threshold no outage can pass fails synth", () => {
    const { rules: r } = cassandraIn("prod", { alerts: { "nodes-down": { threshold: 1 } } });
    expect(r["nodes-down"].expr).toMatch(/^\(sum\(kube_statefulset_replicas\{namespace="checkout-data",statefulset=~"checkout-cassandra-\.\*"\}\) - sum\(kube_statefulset_status_replicas_ready\{.*\}\)\) > 1$/);
    expect(validationMessages(cassandraIn("prod", { alerts: { "nodes-down": { threshold: 3 } } }).stack)).toContainEqual(
      messageAt("platform/checkout/cassandra", "`cassandra.alerts.nodes-down.threshold` is 3", "the cluster has 3 node(s)", "use 0 to 2, or `enabled: false`"),
    );
  });

  test("a latency written in microseconds (outside the catalog's seconds) or an old id fails synth naming the property", () => {
    const messages = (cassandra: CassandraProps) => validationMessages(cassandraIn("prod", cassandra).stack);
    expect(messages({ alerts: { "read-latency-high": { threshold: 200000 } } })[0]).toMatch(/`cassandra\.alerts\.read-latency-high\.threshold` is 200000; read-latency-high takes seconds, from 0\.001 to 60/);
    expect(messages({ alerts: { "dropped-mutations": { threshold: 1 } } as never })[0]).toMatch(/`cassandra\.alerts\.dropped-mutations` is not one of the cassandra alerts/);
  });

  describeWithTool("promtool")("with promtool", () => {
    test.each(["dev", "prod"] as const)("%s: the rules pass promtool check rules", (env) => {
      expect(checkRulesWithPromtool(renderRuleGroups(ruleGroupsOf(cassandraIn(env, { alerts: { "read-latency-high": { threshold: 0.5 } } }).platform, "checkout-cassandra-alerts")))).toMatchObject(TOOL_PASSED);
    });
  });
});

describeWithTool("promtool")("read-latency-high under promtool test rules: 0.5 s against the Management API's microsecond buckets", () => {
  const { platform } = cassandraIn("prod", { alerts: { "read-latency-high": { threshold: 0.5 } } });
  type Rule = { alert: string; labels: Record<string, string> };
  // The read-latency rule alone, without annotations (promtool compares them too).
  const groups = (ruleGroupsOf(platform, "checkout-cassandra-alerts") as { name: string; rules: Rule[] }[]).map((g) => ({
    ...g,
    rules: g.rules.filter((r) => isAlertingRule(r as never) && r.labels.alert_id === "read-latency-high").map((r) => ({ ...r, annotations: {} })),
  }));
  const alertname = groups[0].rules[0].alert;
  const labels = { severity: "ticket", service: "checkout", component: "cassandra-k8ssandra", alert_id: "read-latency-high" };
  // Cumulative bucket counts of one coordinator; `le` in microseconds. Every minute 100 reads arrive:
  // slow: 2 of them above 600 ms (p99 between 600000 and 1000000 µs); fast: all of them under 300 ms.
  const bucket = (le: string, perMinute: number) => ({
    series: `org_apache_cassandra_metrics_client_request_latency_bucket{namespace="checkout-data",pod="checkout-cassandra-dc1-default-sts-0",request_type="Read",le="${le}"}`,
    values: `0+${perMinute}x40`,
  });
  const run = (slow: boolean, exp: unknown[]) =>
    testRulesWithPromtool(
      renderRuleGroups(groups as never),
      stringify(
        {
          rule_files: ["rules.yml"],
          evaluation_interval: "1m",
          tests: [
            {
              interval: "1m",
              input_series: slow ? [bucket("300000", 90), bucket("600000", 98), bucket("1000000", 100), bucket("+Inf", 100)] : [bucket("300000", 100), bucket("600000", 100), bucket("1000000", 100), bucket("+Inf", 100)],
              alert_rule_test: [{ alertname, eval_time: "30m", exp_alerts: exp }],
            },
          ],
        },
        { lineWidth: 0 },
      ),
    );

  it("a p99 of 600 ms to 1 s fires (it is above 500000 µs)", () => {
    expect(run(true, [{ exp_labels: labels }])).toMatchObject(TOOL_PASSED);
  });

  it("a p99 under 300 ms does not", () => {
    expect(run(false, [])).toMatchObject(TOOL_PASSED);
  });
});
