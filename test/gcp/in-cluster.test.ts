import { App, TerraformStack } from "cdktf";
import { MonitoredService } from "../../lib";
import { GcpPlatform } from "../../lib/gcp";
import { configureKubernetesProviders, ResourceChart } from "../../lib/kubernetes";
import { manifestOf } from "../../lib/core/manifest";
import { synthStack, validationMessages } from "../../lib/testing";
import { gcpDelivery, gcpNotifications } from "./support";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function stacks() {
  const app = new App({ outdir: "/tmp/vigil-gcp-in-cluster" });
  const infra = new TerraformStack(app, "prod-gcp-infra");
  const platform = new GcpPlatform(infra, "platform", { environment: "prod", project: "checkout-prod-123456", region: "europe-west1", service: "checkout", owner: "team-checkout", notifications: gcpNotifications, delivery: gcpDelivery });
  const k8s = new TerraformStack(app, "prod-gcp-platform");
  configureKubernetesProviders(k8s, { kind: "endpoint", host: `https://${platform.cluster.endpoint}`, clusterCaCertificateBase64: platform.cluster.caCertificate, exec: { command: "gke-gcloud-auth-plugin" } });
  const chart = new ResourceChart(k8s, "resources", { name: "vigil-checkout", namespace: "vigil-system" });
  platform.useInCluster({ chart });
  const service = new MonitoredService(infra, "checkout", { platform, cassandra: { datacenters: { "europe-west1": { nodes: 3 } } }, search: {} });
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
    expect(cassandra.find((a) => a.id === "nodes-not-ready")).toMatchObject({ severity: "page", deliveredAs: "page", routes: ["oncall", "mail"] });
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
