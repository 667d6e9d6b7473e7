// One definition of "stateful" (lib/core/stateful.ts) behind the data-protection
// pack and the review commands, and in-cluster data behind a Helm release.
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { ComponentRecord, VigilManifest } from "../../lib";
import { STATEFUL_TYPES } from "../../lib/core/stateful";
import { statefulReason } from "../../lib/cli/stateful";
import type { SynthStack } from "../../lib/cli/read-synth";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { POLICY_RULES } from "../../lib/policy";
import { findingsOf, policyStack, RawResource } from "./support";

const typesOf = (id: string) => Object.values(POLICY_RULES.find((r) => r.id === id)?.appliesTo ?? {}).flat().sort();
const typesWith = (pick: (t: (typeof STATEFUL_TYPES)[string]) => boolean) => Object.keys(STATEFUL_TYPES).filter((type) => pick(STATEFUL_TYPES[type])).sort();

describe("the stateful table drives the data-protection rules", () => {
  test.each(["deletion-protection", "backups", "final-snapshot"] as const)("data-protection/%s checks exactly the types whose entry lists that guard", (guard) => {
    expect(typesOf(`data-protection/${guard}`)).toEqual(typesWith((t) => t.guards?.includes(guard) ?? false));
  });

  test("prevent_destroy is required (error) for data and recommended (warning) for clusters and log workspaces; kept log groups ask for nothing", () => {
    expect(typesOf("data-protection/prevent-destroy")).toEqual(typesWith((t) => t.preventDestroy === "required" && t.when !== "kept"));
    expect(typesOf("data-protection/prevent-destroy-recommended")).toEqual(["aws_eks_cluster", "azurerm_kubernetes_cluster", "azurerm_log_analytics_workspace", "google_container_cluster"]);
    expect(POLICY_RULES.find((r) => r.id === "data-protection/prevent-destroy-recommended")?.level).toBe("warning");
    expect(typesOf("data-protection/prevent-destroy")).not.toContain("aws_cloudwatch_log_group");
  });

  test("a prod GKE cluster without prevent_destroy is a warning, not an error", () => {
    const stack = policyStack("prod");
    new RawResource(stack, "gke", "google_container_cluster", { name: "c", location: "europe-west1" });
    expect(findingsOf(stack, "data-protection/prevent-destroy")).toEqual([]);
    expect(findingsOf(stack, "data-protection/prevent-destroy-recommended")).toEqual([expect.objectContaining({ level: "warning", message: expect.stringContaining("lifecycle.prevent_destroy is not true") })]);
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
