// One definition of "stateful" (lib/core/stateful-types.ts) behind the
// data-protection pack and the review commands, and in-cluster data behind a
// Helm release.
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { ComponentRecord } from "../../lib";
import { VigilManifest } from "../../lib/core/manifest";
import { StatefulType, statefulEntry } from "../../lib/core/stateful";
import { statefulReason } from "../../lib/cli/stateful";
import { checksForGuard } from "../../lib/policy/packs/guard-checks";
import type { SynthStack } from "../../lib/cli/read-synth";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { evaluatePolicies, POLICY_RULES } from "../../lib/policy/evaluate";
import { messageSaying } from "../harness";
import { findingsOf, policyStack, RawResource } from "./support";

const typesOf = (id: string) => Object.values(POLICY_RULES.find((r) => r.id === id)?.appliesTo ?? {}).flat().sort();

// What was decided, written out here rather than read from STATEFUL_TYPES, so a type that
// leaves (or joins) the table fails these tests until this list is changed on purpose.
/** Types whose destroy loses data: a prod one without prevent_destroy is an error, whatever its attributes. */
const MUST_KEEP = [
  // AWS: databases, brokers, search, tables, volumes, buckets and the keys that encrypt them
  ...["aws_db_instance", "aws_rds_cluster", "aws_msk_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_keyspaces_keyspace", "aws_keyspaces_table", "aws_dynamodb_table"],
  ...["aws_efs_file_system", "aws_ebs_volume", "aws_s3_bucket", "aws_kms_key"],
  // Google Cloud
  ...["google_sql_database_instance", "google_sql_database", "google_managed_kafka_cluster", "google_managed_kafka_topic", "google_storage_bucket", "google_kms_crypto_key"],
  // Azure
  ...["azurerm_postgresql_flexible_server", "azurerm_postgresql_flexible_server_database", "azurerm_eventhub_namespace", "azurerm_eventhub", "azurerm_cosmosdb_cassandra_cluster"],
  ...["azurerm_cosmosdb_cassandra_datacenter", "azurerm_storage_account", "azurerm_storage_container", "azurerm_key_vault", "azurerm_key_vault_key"],
  // Kubernetes volumes
  ...["kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1", "kubernetes_persistent_volume", "kubernetes_persistent_volume_v1"],
];
/** Types that are rebuilt rather than restored (clusters, log workspaces): a prod one without prevent_destroy is a warning. */
const SHOULD_KEEP = ["aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster", "azurerm_log_analytics_workspace"];
/** Types that count only in some shapes: a chart of stateful components, a data custom resource, a data namespace. */
const MUST_KEEP_WHEN_STATEFUL = ["helm_release", "kubernetes_manifest"];
const SHOULD_KEEP_WHEN_DATA = ["kubernetes_namespace", "kubernetes_namespace_v1"];
const preventDestroyFindings = (stack: TerraformStack) => evaluatePolicies(stack, { packs: ["data-protection"] }).filter((f) => f.rule.startsWith("data-protection/prevent-destroy"));

describe("the stateful table drives the data-protection rules", () => {
  test.each(MUST_KEEP)("a prod %s without prevent_destroy is one prevent-destroy error; with it, none", (type) => {
    const bare = policyStack("prod");
    new RawResource(bare, "data", type, {});
    expect(preventDestroyFindings(bare).map((f) => [f.rule, f.level, f.message.split(":")[0]])).toEqual([["data-protection/prevent-destroy", "error", `${type}.data`]]);
    const kept = policyStack("prod");
    new RawResource(kept, "data", type, {}, { preventDestroy: true });
    expect(preventDestroyFindings(kept)).toEqual([]);
  });

  test.each(SHOULD_KEEP)("a prod %s without prevent_destroy is a prevent-destroy-recommended warning, not an error", (type) => {
    const stack = policyStack("prod");
    new RawResource(stack, "cluster", type, {});
    expect(preventDestroyFindings(stack).map((f) => [f.rule, f.level])).toEqual([["data-protection/prevent-destroy-recommended", "warning"]]);
  });

  test("the types each level covers are the ones decided: data must be kept, clusters and workspaces should be", () => {
    expect(typesOf("data-protection/prevent-destroy")).toEqual([...MUST_KEEP, ...MUST_KEEP_WHEN_STATEFUL].sort());
    expect(typesOf("data-protection/prevent-destroy-recommended")).toEqual([...SHOULD_KEEP, ...SHOULD_KEEP_WHEN_DATA].sort());
    expect(POLICY_RULES.find((r) => r.id === "data-protection/prevent-destroy-recommended")?.level).toBe("warning");
  });

  test("a type outside the table, and a log group or log bucket not kept, ask for nothing; kept, they are stateful", () => {
    const stack = policyStack("prod");
    new RawResource(stack, "topic", "aws_sns_topic", { name: "alerts" });
    new RawResource(stack, "logs", "aws_cloudwatch_log_group", { name: "/app/logs" });
    new RawResource(stack, "bucket", "google_logging_project_bucket_config", { bucket_id: "audit", location: "global", project: "p" });
    expect(preventDestroyFindings(stack)).toEqual([]);
    const kept = { type: "aws_cloudwatch_log_group", path: "test/logs", attributes: { lifecycle: { prevent_destroy: true } } };
    expect(statefulEntry(kept, [])?.reason).toContain("kept under prevent_destroy");
    expect(statefulEntry({ ...kept, attributes: {} }, [])).toBeUndefined();
  });

  test("a namespace counts when it is labelled as a data namespace (its destroy deletes the data custom resources in it), not otherwise", () => {
    const stack = policyStack("prod");
    new RawResource(stack, "data", "kubernetes_namespace_v1", { metadata: { name: "orders-data", labels: { "vigil.dev/role": "data" } } });
    new RawResource(stack, "team", "kubernetes_namespace_v1", { metadata: { name: "orders", labels: { "vigil.dev/role": "workloads" } } });
    const found = preventDestroyFindings(stack);
    expect(found.map((f) => [f.rule, f.message.split(":")[0]])).toEqual([["data-protection/prevent-destroy-recommended", "kubernetes_namespace_v1.data"]]);
  });

  test.each([
    ["deletion-protection", ["aws_db_instance", "aws_dynamodb_table", "aws_rds_cluster", "azurerm_cosmosdb_cassandra_cluster", "azurerm_eventhub_namespace", "azurerm_postgresql_flexible_server", "google_sql_database_instance"]],
    ["backups", ["aws_db_instance", "aws_dynamodb_table", "aws_keyspaces_table", "aws_rds_cluster", "azurerm_postgresql_flexible_server", "google_sql_database_instance"]],
    ["final-snapshot", ["aws_db_instance", "aws_rds_cluster", "google_sql_database_instance"]],
  ] as const)("data-protection/%s checks the databases and brokers that offer it", (guard, types) => {
    expect(typesOf(`data-protection/${guard}`)).toEqual(types);
  });

  test("a guard the table lists without a check, or a check for a type that does not list it, stops the pack from loading", () => {
    const table: Record<string, StatefulType> = {
      aws_db_instance: { holds: "a database", preventDestroy: "required", guards: ["backups"], replacingArguments: ["identifier"] },
      aws_rds_cluster: { holds: "a cluster", preventDestroy: "required", guards: ["backups"], replacingArguments: ["cluster_identifier"] },
    };
    const check = () => undefined;
    expect(() => checksForGuard("backups", { aws_db_instance: check }, table)).toThrow(messageSaying('lists the "backups" guard for aws_rds_cluster', "data-protection/backups has no check for it", "add one"));
    expect(() => checksForGuard("backups", { aws_db_instance: check, aws_rds_cluster: check, aws_dynamodb_table: check }, table)).toThrow(messageSaying("data-protection/backups checks aws_dynamodb_table", 'does not list the "backups" guard', "add it to the entry"));
    expect(Object.keys(checksForGuard("backups", { aws_db_instance: check, aws_rds_cluster: check }, table))).toEqual(["aws_db_instance", "aws_rds_cluster"]);
  });
});

const k8ssandra = { apiVersion: "k8ssandra.io/v1alpha1", kind: "K8ssandraCluster", metadata: { name: "orders", namespace: "orders-data" }, spec: {} };

/** A chart under `platform/resources` holding K8ssandra, with the component recorded below the chart as the in-cluster deployers do. */
function chartStack(tier: "prod" | "dev", props: { preventDestroy?: boolean; kind?: "data" | "rules" } = {}): { stack: TerraformStack; chart: ResourceChart } {
  const stack = policyStack(tier);
  const chart = new ResourceChart(new Construct(stack, "platform"), "resources", { name: "vigil-orders", namespace: "vigil-system", ...(props.preventDestroy === undefined ? {} : { preventDestroy: props.preventDestroy }) });
  if (props.kind === "rules") {
    chart.add({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "orders", namespace: "orders-data" }, spec: {} });
  } else {
    chart.add(k8ssandra);
    VigilManifest.of(stack).addComponent(component(`${chart.node.path}/orders-data/orders-cassandra-alerts`));
  }
  return { stack, chart };
}

function component(path: string): ComponentRecord {
  return { component: "cassandra-k8ssandra", name: "orders", target: "kubernetes", stateful: true, description: "K8ssandra", defaultAlertIds: [], disabledAlertIds: [], path };
}

const releaseLifecycle = (stack: TerraformStack) => Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release as Record<string, { lifecycle?: unknown }>)[0].lifecycle;

describe("a Helm release of stateful in-cluster components", () => {
  test("in prod the chart's release keeps prevent_destroy (from the profile) and the rule is satisfied", () => {
    const { stack } = chartStack("prod");
    expect(releaseLifecycle(stack)).toEqual({ prevent_destroy: true });
    expect(findingsOf(stack, "data-protection/prevent-destroy")).toEqual([]);
  });

  test("a prod release without prevent_destroy that deploys a stateful component is an error naming the release", () => {
    const { stack } = chartStack("prod", { preventDestroy: false });
    expect(releaseLifecycle(stack)).toBeUndefined();
    const found = findingsOf(stack, "data-protection/prevent-destroy");
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/^helm_release\.platform_resources_release_[0-9A-F]+: lifecycle\.prevent_destroy is not true/);
  });

  test("dev keeps no prevent_destroy; a chart of rules only is not stateful", () => {
    expect(releaseLifecycle(chartStack("dev").stack)).toBeUndefined();
    const rulesOnly = chartStack("prod", { kind: "rules" }).stack;
    expect(releaseLifecycle(rulesOnly)).toBeUndefined();
    expect(findingsOf(rulesOnly, "data-protection/prevent-destroy")).toEqual([]);
  });

  test("a release directly under the stack, or beside the chart, deploys none of the chart's components (policy and diff agree)", () => {
    const { stack } = chartStack("prod");
    new RawResource(stack, "operator", "helm_release", { name: "k8ssandra-operator", chart: "k8ssandra-operator" });
    new RawResource(new Construct(stack, "operators"), "eck", "helm_release", { name: "eck-operator", chart: "eck-operator" });
    const found = findingsOf(stack, "data-protection/prevent-destroy");
    expect(found).toEqual([]);

    const synthStack: SynthStack = { id: "test", resources: [], moves: [], manifest: VigilManifest.of(stack).document() };
    const reason = (path: string) => statefulReason({ address: "helm_release.x", type: "helm_release", name: "x", path, body: {} }, synthStack);
    expect(reason("test/operator")).toBeUndefined();
    expect(reason("test/operators/eck")).toBeUndefined();
    expect(reason("test/platform/resources/release")).toBe("it deploys the stateful cassandra-k8ssandra component (test/platform/resources/orders-data/orders-cassandra-alerts)");
  });
});
