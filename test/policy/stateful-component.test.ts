// data-protection/stateful-component: a component that records itself
// stateful must hold a resource of a type in the stateful table, and every type
// under it must be classified — otherwise synth fails, naming the component
// and the type that is missing.
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComponentRecord, VigilManifest } from "../../lib/core/manifest";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { POLICY_RULES } from "../../lib/policy/evaluate";
import { findingsOf, policyStack, RawResource } from "./support";

const RULE = "data-protection/stateful-component";

function component(path: string, overrides: Partial<ComponentRecord> = {}): ComponentRecord {
  return { component: "orders-store", name: "orders", target: "aws", stateful: true, description: "a store", defaultAlertIds: [], disabledAlertIds: [], path, ...overrides };
}

/** A stack with a component construct `store` recorded as `record`, holding the given raw resources. */
function storeStack(tier: "prod" | "dev", resources: ReadonlyArray<readonly [string, string]>, record: Partial<ComponentRecord> = {}): TerraformStack {
  const stack = policyStack(tier);
  const store = new Construct(stack, "store");
  for (const [id, type] of resources) new RawResource(store, id, type, { name: id });
  VigilManifest.of(stack).addComponent(component(store.node.path, record));
  return stack;
}

describe("data-protection/stateful-component", () => {
  test("is an error in every environment", () => {
    const rule = POLICY_RULES.find((r) => r.id === RULE);
    expect([rule?.pack, rule?.level, rule?.tiers]).toEqual(["data-protection", "error", undefined]);
  });

  test.each(["prod", "dev"] as const)("in %s, a stateful component holding only stateless types is an error naming it and the types it holds", (tier) => {
    const found = findingsOf(storeStack(tier, [["alarm", "aws_cloudwatch_metric_alarm"], ["role", "aws_iam_role"]]), RULE);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: "error", resource: "test/store" });
    expect(found[0].message).toContain('the orders-store component "orders" (test/store) records itself stateful, but none of its resources is of a type in STATEFUL_TYPES');
    expect(found[0].message).toContain("one of aws_cloudwatch_metric_alarm, aws_iam_role");
  });

  test("a new data type missing from both lists is named as the missing type", () => {
    const found = findingsOf(storeStack("prod", [["cache", "aws_elasticache_replication_group"], ["alarm", "aws_cloudwatch_metric_alarm"]]), RULE);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining("the type that holds it is missing: one of aws_elasticache_replication_group. add a type that holds data to STATEFUL_TYPES (lib/core/stateful-types.ts)")]);
  });

  test("an unclassified type beside a stateful one is still an error, naming that type", () => {
    const found = findingsOf(storeStack("prod", [["db", "aws_db_instance"], ["proxy", "aws_db_proxy"]]), RULE);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining("holds aws_db_proxy, which neither STATEFUL_TYPES nor STATELESS_TYPES lists")]);
  });

  test("a stateful component with a resource of a table type passes; a stateless component is not checked", () => {
    expect(findingsOf(storeStack("prod", [["db", "aws_db_instance"], ["alarm", "aws_cloudwatch_metric_alarm"]]), RULE)).toEqual([]);
    expect(findingsOf(storeStack("prod", [["alarm", "aws_cloudwatch_metric_alarm"]], { stateful: false }), RULE)).toEqual([]);
  });

  test("a component recorded where nothing lies is an error saying so", () => {
    const stack = policyStack("prod");
    VigilManifest.of(stack).addComponent(component("test/elsewhere"));
    expect(findingsOf(stack, RULE).map((f) => f.message)).toEqual([expect.stringContaining("no resource lies under its construct path and no Helm release's chart holds it")]);
  });

  test("an in-cluster component counts through its chart's release; recorded beside a chart, it is an error", () => {
    const stack = policyStack("prod");
    const chart = new ResourceChart(new Construct(stack, "platform"), "resources", { name: "vigil-orders", namespace: "vigil-system" });
    chart.add({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "orders", namespace: "orders-data" }, spec: {} });
    VigilManifest.of(stack).addComponent(component(`${chart.node.path}/orders-data/orders-postgres-alerts`, { component: "postgres-cnpg", target: "kubernetes" }));
    expect(findingsOf(stack, RULE)).toEqual([]);

    const beside = policyStack("prod");
    new ResourceChart(new Construct(beside, "platform"), "resources", { name: "vigil-orders", namespace: "vigil-system" });
    VigilManifest.of(beside).addComponent(component("test/platform/other/orders-data/orders-postgres-alerts", { component: "postgres-cnpg", target: "kubernetes" }));
    expect(findingsOf(beside, RULE).map((f) => f.resource)).toEqual(["test/platform/other/orders-data/orders-postgres-alerts"]);
  });
});
