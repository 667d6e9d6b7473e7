import { MonitoredService } from "../../lib";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { messageAt, targetStack } from "../harness";

/** An Azure platform whose in-cluster stack is `prod-azure-platform`, built before or after the service's props ask for it. */
function withInCluster() {
  const { stack, platform, inClusterStack } = targetStack("azure", { stackId: "prod-azure-infra", inCluster: true });
  return { stack, platform, inCluster: inClusterStack! };
}

describe("components placed in the AKS cluster (search always, the others when asked)", () => {
  test("search (ECK) and Kafka placed in-cluster (Strimzi) go to the in-cluster stack's chart; PostgreSQL stays managed; no Event Hubs namespace is made", () => {
    const { stack, platform, inCluster } = withInCluster();
    const service = new MonitoredService(stack, "checkout", { platform, kafka: { placement: "in-cluster", topics: { orders: {} } }, search: {}, postgres: {} });
    expect(validationMessages(stack)).toEqual([]);
    expect(service.kafka?.component).toBe("kafka-strimzi");
    expect(service.search?.endpoint).toBe("https://checkout-search-es-http.checkout-data.svc:9200");
    const infra = synthStack(stack);
    expect(resourceBodies(infra, "azurerm_eventhub_namespace")).toEqual([]);
    expect(resourceBodies(infra, "azurerm_postgresql_flexible_server")).toHaveLength(1);
    const platformSynth = synthStack(inCluster);
    // Only the operators the placed components need, after kube-prometheus-stack.
    expect(resourceBodies(platformSynth, "helm_release").map((r) => r.name).sort()).toEqual(["elastic-operator", "kube-prometheus-stack", "strimzi", "vigil-checkout"]);
    const manifest = platformSynth["//"] as { vigil: { components: { kind: string; component: string }[] } };
    expect(manifest.vigil.components.map((c) => `${c.kind}/${c.component}`).sort()).toEqual(["kafka/kafka-strimzi", "search/search-eck"]);
  });

  test("the in-cluster stack reaches AKS through a data source and kubelogin, with no credential in the configuration, and deploys after the platform's stack", () => {
    const { stack, platform, inCluster } = withInCluster();
    new MonitoredService(stack, "checkout", { platform, search: {} });
    const synth = synthStack(inCluster);
    const aks = Object.values(synth.data?.azurerm_kubernetes_cluster ?? {});
    expect(aks).toEqual([expect.objectContaining({ name: "checkout-prod", resource_group_name: "rg-checkout-prod-westeurope" })]);
    const helm = (synth.provider?.helm ?? [])[0] as { kubernetes: { exec: { command: string; args: string[] } } };
    expect(helm.kubernetes.exec.command).toBe("kubelogin");
    // No cluster credential: the kube_config's client key, a password or a token would be one.
    expect(JSON.stringify(synth)).not.toMatch(/client_key|client_certificate|"password"|"token"/i);
    expect(inCluster.dependencies).toContain(stack);
  });

  test("each service's data namespace admits only its own pods, the operators, Prometheus and its workloads", () => {
    const { stack, platform, inCluster } = withInCluster();
    new MonitoredService(stack, "checkout", { platform, search: {} });
    expect(validationMessages(stack)).toEqual([]);
    const chart = inCluster.node.findAll().find((c): c is ResourceChart => c instanceof ResourceChart)!;
    expect(chart.manifestsOfKind("Namespace").map((n) => n.metadata.name)).toEqual(["checkout-data"]);
    // Uninstalling the chart leaves the namespace, and the data volumes in it.
    expect(chart.manifestsOfKind("Namespace")[0].metadata.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
    const [policy] = chart.manifestsOfKind("NetworkPolicy");
    expect(policy.metadata).toMatchObject({ name: "allow-platform-only", namespace: "checkout-data" });
    const from = (policy.spec as { ingress: { from: unknown[] }[] }).ingress[0].from;
    expect(from).toContainEqual({ podSelector: {} });
    expect(from).toContainEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "elastic-system" } } });
    expect(from).toContainEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } });
    expect(from).toContainEqual({ namespaceSelector: { matchLabels: { "vigil.dev/role": "workloads", "vigil.dev/service": "checkout" } } });
  });

  test("search without an in-cluster stack, or placed on a managed service Azure does not have, is one message at the service naming the way out", () => {
    const { stack, platform } = targetStack("azure");
    new MonitoredService(stack, "checkout", { platform, search: {} });
    expect(validationMessages(stack)).toEqual([expect.stringMatching(/^\[test\/checkout\] search runs in the cluster on this platform \(Elastic Cloud.*give it `inCluster: \{ stack \}`/)]);
    const managed = withInCluster();
    new MonitoredService(managed.stack, "checkout", { platform: managed.platform, search: { placement: "managed" } });
    expect(validationMessages(managed.stack)).toEqual([expect.stringContaining('`search.placement` is "managed", but this platform has no managed search (Elastic Cloud\'s native Azure resource needs an Azure Marketplace agreement')]);
  });
});

test("a routed channel the in-cluster Alertmanager cannot reach names inCluster.delivery on the platform", () => {
  const { inClusterStack } = targetStack("azure", {
    stackId: "prod-azure-infra",
    inCluster: { delivery: { smtp: { smarthost: "smtp.example.com:587", from: "vigil@example.com" } } },
    service: { search: {} },
  });
  expect(validationMessages(inClusterStack!)).toEqual([
    messageAt("prod-azure-platform/platform-in-cluster/operators", "`channels.slack` is a Slack channel", "set `inCluster.delivery.slack.webhookUrls.slack` on the AzurePlatform", "#alerts"),
  ]);
});
