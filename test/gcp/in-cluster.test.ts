import { App, TerraformStack } from "cdktf";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { manifestOf } from "../../lib/core/manifest";
import { synthStack, validationMessages } from "../../lib/testing";
import { targetStack } from "../harness";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function stacks() {
  const app = new App({ outdir: "/tmp/vigil-gcp-in-cluster" });
  // The in-cluster stack exists first (empty); the platform fills it, whatever order the services come in.
  const k8s = new TerraformStack(app, "prod-gcp-platform");
  const { stack: infra, platform, service } = targetStack("gcp", { app, inCluster: { stack: k8s }, service: { cassandra: { datacenters: { "europe-west1": { nodes: 3 } } }, search: {} } });
  const chart = k8s.node.findAll().find((c): c is ResourceChart => c instanceof ResourceChart)!;
  return { infra, k8s, platform, chart, service };
}

describe("in-cluster components on GKE", () => {
  test("Cassandra and Elasticsearch go into the platform stack's chart on SSD persistent disks, in the service's data namespace", () => {
    const { chart, infra, service } = stacks();
    expect(validationMessages(infra)).toEqual([]);
    expect(chart.manifestsOfKind("Namespace").map((n) => n.metadata.name)).toEqual(["checkout-data"]);
    const cassandra = chart.manifestsOfKind("K8ssandraCluster")[0] as Spec;
    expect(cassandra.metadata.namespace).toBe("checkout-data");
    expect(cassandra.spec.cassandra.datacenters[0].storageConfig.cassandraDataVolumeClaimSpec.storageClassName).toBe("premium-rwo");
    expect(chart.manifestsOfKind("Elasticsearch")).toHaveLength(1);
    expect(chart.manifestsOfKind("PrometheusRule").map((r) => r.metadata.name)).toEqual(["checkout-cassandra-alerts", "checkout-search-alerts"]);
    expect(service.cassandra!.alerts.length).toBeGreaterThan(0);
  });

  test("their alerts are recorded in the platform stack's manifest as Prometheus rules, with the routes of the delivered severity", () => {
    const { k8s } = stacks();
    const manifest = manifestOf(synthStack(k8s) as Record<string, unknown>)!;
    const cassandra = manifest.alerts.filter((a) => a.component === "cassandra-k8ssandra");
    expect(cassandra.length).toBeGreaterThan(3);
    expect(cassandra.every((a) => a.mechanism === "prometheus-rule")).toBe(true);
    expect(cassandra.find((a) => a.id === "nodes-down")).toMatchObject({ severity: "page", deliveredAs: "page", routes: ["oncall", "mail"] });
    expect(manifest.components.map((c) => c.component).sort()).toEqual(["cassandra-k8ssandra", "search-eck"]);
  });

  test("SLO recording rules become a Managed Prometheus ClusterRules object; their alerts are Cloud Monitoring policies", () => {
    const { chart, platform } = stacks();
    const rules = chart.manifestsOfKind("ClusterRules") as readonly Spec[];
    expect(rules.map((r) => [r.apiVersion, r.metadata.name, r.metadata.namespace])).toEqual([["monitoring.googleapis.com/v1", "checkout-slo-recording", undefined]]);
    const rulesOf = rules[0].spec.groups.flatMap((g: Spec) => g.rules);
    expect(rulesOf.length).toBeGreaterThan(0);
    expect(rulesOf.every((r: Spec) => typeof r.record === "string" && r.alert === undefined)).toBe(true);
    expect(platform.alerting.alerts.filter((a) => a.condition.kind === "promql").map((a) => a.id)).toEqual(expect.arrayContaining(["availability-burn-page", "availability-burn-ticket"]));
  });
});

describe("the GKE cluster reached from the in-cluster stack", () => {
  test("the in-cluster stack's providers use the cluster's endpoint and CA with gke-gcloud-auth-plugin, and it deploys after the infra stack", () => {
    const { k8s, infra } = stacks();
    const synth = synthStack(k8s);
    const kubernetes = (synth.provider?.kubernetes ?? [])[0] as { host: string; exec: { command: string }[] };
    expect(kubernetes.exec[0].command).toBe("gke-gcloud-auth-plugin");
    expect(kubernetes.host).toMatch(/^https:\/\/\$\{/);
    expect(k8s.dependencies).toContain(infra);
    // kube-prometheus-stack, cert-manager and K8ssandra (Cassandra), ECK (search), and the chart: nothing else.
    expect(Object.values(synth.resource?.helm_release ?? {}).map((r) => r.name).sort()).toEqual(["cert-manager", "elastic-operator", "k8ssandra-operator", "kube-prometheus-stack", "vigil-checkout"]);
  });

  test("without an in-cluster stack, Cassandra and the SLOs are each reported once, saying what to give", () => {
    const { stack: infra } = targetStack("gcp", { environment: "dev", inCluster: false, service: { cassandra: {} } });
    const messages = validationMessages(infra);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^\[dev-gcp-infra\/checkout\] cassandra runs in the cluster on this platform \(Google Cloud has no managed Cassandra service Vigil builds\), but the GcpPlatform has no in-cluster stack; give it `inCluster: \{ stack \}`/);
    expect(messages[1]).toMatch(/^\[dev-gcp-infra\/checkout\/observability\] the SLOs of service "checkout" need their recording rules in the GKE cluster/);
  });
});
