import { App, TerraformStack } from "cdktf";
import { ENVIRONMENT_PROFILES, MonitoredService, NotificationRouting } from "../../lib";
import { AzurePlatform } from "../../lib/azure";
import { configureKubernetesProviders, eckElasticsearch, ResourceChart, strimziKafka } from "../../lib/kubernetes";
import { synthStack, validationMessages } from "../../lib/testing";
import { azureNotifications, bodies, TEST_DATABASE_ADMINISTRATOR, TEST_SUBSCRIPTION } from "./support";

describe("in-cluster engines on AKS (search by default, Kafka when asked)", () => {
  test("search through ECK and Kafka through Strimzi land in the chart; no Event Hubs namespace is made", () => {
    const stack = new TerraformStack(new App({ outdir: "/tmp/vigil-test-out" }), "prod-azure-platform");
    const profile = ENVIRONMENT_PROFILES.prod;
    configureKubernetesProviders(stack, {
      kind: "endpoint",
      host: "https://checkout-prod.privatelink.westeurope.azmk8s.io",
      clusterCaCertificateBase64: "Q0E=",
      exec: { command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] },
    });
    const chart = new ResourceChart(stack, "resources", { name: "vigil-checkout", namespace: "vigil-system" });
    const routing = new NotificationRouting(azureNotifications, profile.pageRoutesAs);
    const platform = new AzurePlatform(stack, "platform", {
      environment: "prod",
      location: "westeurope",
      subscriptionId: TEST_SUBSCRIPTION,
      service: "checkout",
      owner: "team-checkout",
      notifications: azureNotifications,
      keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
      databaseAdministrator: TEST_DATABASE_ADMINISTRATOR,
      inCluster: { context: { profile, chart, routing, namespace: "checkout-data", storageClassName: "managed-csi-premium" }, search: eckElasticsearch, kafka: strimziKafka },
    });
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
