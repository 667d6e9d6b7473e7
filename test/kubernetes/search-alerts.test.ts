// ECK's canonical alerts: every search id bound in-cluster on elasticsearch_exporter, cAdvisor and
// the kubelet; nodes-missing counts from the nodes the spec deploys.
import { SEARCH_ALERTS } from "../../lib/observability/alert-catalog";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { SearchProps } from "../../lib/core/components/search";
import { checkRulesWithPromtool, validationMessages } from "../../lib/testing";
import { alertRules, ruleGroupsOf } from "./support";
import { messageAt, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";
import { describeWithTool, TOOL_PASSED } from "../tools";

function searchIn(environment: EnvironmentTier, search: SearchProps = {}) {
  const built = targetStack("kubernetes", { environment, service: { search } });
  return { ...built, rules: alertRules(built.platform, "checkout-search-alerts") };
}
const EXPORTER = 'namespace="checkout-data",job="checkout-search-es-exporter"';

describe("ECK Elasticsearch: the canonical search alerts", () => {
  const { service, rules } = searchIn("prod");

  test("every canonical search id is deployed, with the catalog's severity; the handle says so", () => {
    expect(Object.keys(rules).sort()).toEqual(Object.keys(SEARCH_ALERTS).sort());
    for (const [id, spec] of Object.entries(SEARCH_ALERTS)) expect(rules[id].labels.severity).toBe(spec.severity);
    expect(service.search).toMatchObject({ kind: "search", component: "search-eck", unavailableAlerts: [] });
  });

  test("nodes-missing: prod deploys 3 masters and 3 data nodes, so the default (more than 0 missing) fires below 6", () => {
    expect(rules["nodes-missing"].expr).toBe(`(min(elasticsearch_cluster_health_number_of_nodes{${EXPORTER}})) < 6`);
  });

  test("nodes-missing 1 with 3 data nodes (no dedicated masters) fires below 2 nodes", () => {
    const { rules: r } = searchIn("dev", { dataNodes: 3, alerts: { "nodes-missing": { threshold: 1 } } });
    expect(r["nodes-missing"].expr).toBe(`(min(elasticsearch_cluster_health_number_of_nodes{${EXPORTER}})) < 2`);
    expect(r["nodes-missing"].annotations.summary).toBe("Elasticsearch checkout-search misses more than 1 of its 3 nodes");
  });

  test("a nodes-missing threshold no outage can pass fails synth", () => {
    expect(validationMessages(searchIn("dev", { alerts: { "nodes-missing": { threshold: 1 } } }).stack)).toContainEqual(
      messageAt("platform/checkout/search", "`search.alerts.nodes-missing.threshold` is 1", "the cluster has 1 node(s)", "use 0, or `enabled: false`"),
    );
  });

  test("storage-low and cpu-high watch the data nodes only, in percent", () => {
    const { rules: r } = searchIn("prod", { alerts: { "storage-low": { threshold: 30 }, "cpu-high": { threshold: 70 } } });
    expect(r["storage-low"].expr).toMatch(/\) < 30$/);
    expect(r["cpu-high"].expr).toMatch(/\) > 70$/);
    // ECK names the PVCs elasticsearch-data-<cluster>-es-<nodeSet>-<n> and the pods <cluster>-es-<nodeSet>-<n>.
    const pvcs = new RegExp(`^(?:${/persistentvolumeclaim=~"([^"]+)"/.exec(r["storage-low"].expr)![1]})$`);
    expect(["elasticsearch-data-checkout-search-es-data-0", "elasticsearch-data-checkout-search-es-master-0"].map((p) => pvcs.test(p))).toEqual([true, false]);
    const pods = new RegExp(`^(?:${/pod=~"([^"]+)"/.exec(r["cpu-high"].expr)![1]})$`);
    expect(["checkout-search-es-data-2", "checkout-search-es-master-0"].map((p) => pods.test(p))).toEqual([true, false]);
    expect(r["cpu-high"].expr).toContain('container="elasticsearch",resource="cpu"');
    // Without dedicated masters the data nodes are the "default" nodeSet.
    const dev = searchIn("dev").rules;
    expect(dev["cpu-high"].expr).toContain('pod=~"checkout-search-es-default-[0-9]+"');
  });

  test("jvm-memory-high is heap used over max of the data nodes; the queues are the exporter's thread_pool_queue_count", () => {
    const { rules: r } = searchIn("prod", { alerts: { "jvm-memory-high": { threshold: 85 }, "write-queue-high": { threshold: 200 }, "search-queue-high": { threshold: 1000 } } });
    expect(rules["jvm-memory-high"].expr).toMatch(/\) > 95$/);
    expect(r["jvm-memory-high"].expr).toBe(
      `(max(elasticsearch_jvm_memory_used_bytes{${EXPORTER},es_data_node="true",area="heap"} / elasticsearch_jvm_memory_max_bytes{${EXPORTER},es_data_node="true",area="heap"}) * 100) > 85`,
    );
    expect(r["write-queue-high"].expr).toBe(`(max(elasticsearch_thread_pool_queue_count{${EXPORTER},es_data_node="true",type="write"})) > 200`);
    expect(r["search-queue-high"].expr).toBe(`(max(elasticsearch_thread_pool_queue_count{${EXPORTER},es_data_node="true",type="search"})) > 1000`);
  });

  test("red and yellow are states: a threshold on them fails synth", () => {
    expect(rules["cluster-red"].expr).toBe(`(max(elasticsearch_cluster_health_status{${EXPORTER},color="red"})) > 0`);
    expect(validationMessages(searchIn("prod", { alerts: { "cluster-yellow": { threshold: 1 } } }).stack)[0]).toMatch(/`search\.alerts\.cluster-yellow\.threshold` is set, but cluster-yellow has no threshold/);
  });

  describeWithTool("promtool")("with promtool", () => {
    test.each(["dev", "prod"] as const)("%s: the rules pass promtool check rules", (env) => {
      expect(checkRulesWithPromtool(renderRuleGroups(ruleGroupsOf(searchIn(env).platform, "checkout-search-alerts")))).toMatchObject(TOOL_PASSED);
    });
  });
});
