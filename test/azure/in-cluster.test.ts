import { ENVIRONMENT_PROFILES, MonitoredService, NotificationRouting } from "../../lib";
import { configureKubernetesProviders, eckElasticsearch, ResourceChart, strimziKafka } from "../../lib/kubernetes";
import { synthStack, validationMessages } from "../../lib/testing";
import { azureNotifications, azureStack, bodies } from "./support";

describe("in-cluster engines on AKS (search by default, Kafka when asked)", () => {
  test("search through ECK and Kafka through Strimzi land in the chart; no Event Hubs namespace is made", () => {
    const profile = ENVIRONMENT_PROFILES.prod;
    let chart!: ResourceChart;
    const { stack, platform } = azureStack(
      {},
      (s) => {
        configureKubernetesProviders(s, {
          kind: "endpoint",
          host: "https://checkout-prod.privatelink.westeurope.azmk8s.io",
          clusterCaCertificateBase64: "Q0E=",
          exec: { command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] },
        });
        chart = new ResourceChart(s, "resources", { name: "vigil-checkout", namespace: "vigil-system" });
        const routing = new NotificationRouting(azureNotifications, profile.pageRoutesAs);
        return { inCluster: { context: { profile, chart, routing, namespace: "checkout-data", storageClassName: "managed-csi-premium" }, search: eckElasticsearch, kafka: strimziKafka } };
      },
      "prod-azure-platform",
    );
    const service = new MonitoredService(stack, "checkout", { platform, kafka: { topics: { orders: {} } }, search: {}, postgres: {} });
    expect(validationMessages(stack)).toEqual([]);
    expect(service.kafka?.component).toBe("kafka-strimzi");
    expect(service.search?.endpoint).toBe("https://checkout-search-es-http.checkout-data.svc:9200");
    expect(chart.manifestsOfKind("Kafka")).toHaveLength(1);
    expect(chart.manifestsOfKind("Elasticsearch")).toHaveLength(1);
    const synth = synthStack(stack);
    expect(bodies(synth, "azurerm_eventhub_namespace")).toEqual([]);
    expect(bodies(synth, "azurerm_postgresql_flexible_server")).toHaveLength(1);
  });
});
