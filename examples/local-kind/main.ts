// Vigil on a local kind cluster, no cloud account needed:
//   kind create cluster --name vigil        (kubeconfig context "kind-vigil")
//   npx tsx examples/local-kind/main.ts     (writes cdktf.out/)
//   cdktf deploy 'local-*'                  (operators first, then the platform)
// Create the Secrets the monitoring stack reads first, see docs/kubernetes.md.
import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, Channel, deriveProfile, MonitoredService, secret, synthOrExit } from "cdktf-vigil";
import { HttpWorkload, KubernetesOperators, KubernetesPlatform, TeamNamespace } from "cdktf-vigil/kubernetes";

const app = new App();
const environment = deriveProfile("dev", { name: "local", zones: 1, nodes: { minNodes: 1, maxNodes: 1, desiredNodes: 1 } });
const connection = { kind: "kubeconfig", context: "kind-vigil" } as const;
const notifications = {
  channels: {
    oncall: Channel.pagerDuty(secret("invoicing/pagerduty", "routing-key")),
    hook: Channel.webhook("https://hooks.example.com/invoicing"),
    chat: Channel.slack("#invoicing-alerts"),
  },
  routes: { page: ["oncall"], ticket: ["hook", "chat"] },
  runbookBaseUrl: "https://runbooks.example.com/invoicing",
};

const operatorsStack = new TerraformStack(app, "local-kubernetes-operators");
// Only the operators this service needs: Strimzi and CloudNativePG (plus kube-prometheus-stack).
// kind binds etcd, the scheduler, the controller manager and kube-proxy's metrics to 127.0.0.1,
// out of Prometheus' reach: treat the control plane as managed, or their Down alerts fire from day one.
// How Alertmanager reaches Slack: the channel's incoming webhook, read from a mounted Kubernetes Secret.
const delivery = { slack: { webhookUrls: { chat: secret("invoicing/slack-webhook-url") } } };
// ECK stays: the platform's log pipeline (Fluent Bit → Elasticsearch + Kibana) runs on it. The invoicing service has no public edge, so no Envoy Gateway.
new KubernetesOperators(operatorsStack, "operators", { environment, connection, notifications, delivery, managedControlPlane: true, operators: { certManager: false, k8ssandra: false, envoyGateway: false } });

const platformStack = new TerraformStack(app, "local-kubernetes-platform");
platformStack.addDependency(operatorsStack);
const platform = new KubernetesPlatform(platformStack, "platform", { environment, service: "invoicing", owner: "team-invoicing", connection, notifications });
new MonitoredService(platformStack, "invoicing", {
  platform,
  kafka: { topics: { invoices: { partitions: 3 } } },
  postgres: { storageGiB: 20 },
});
const namespace = new TeamNamespace(platformStack, "namespace", { platform, name: "invoicing", allowEgressToNamespaces: ["invoicing-data"] });
new HttpWorkload(platformStack, "api", {
  platform,
  namespace,
  name: "invoicing-api",
  image: "ghcr.io/stefanprodan/podinfo:6.9.0",
  port: 9898,
  probes: { readinessPath: "/readyz", livenessPath: "/healthz" },
  replicas: { min: 1, max: 2 },
  // podinfo labels its request counter with `status`, not `code`.
  defaultSlos: false,
  slos: [{ name: "availability", objective: 99.5, sli: { kind: "ratio", errors: 'http_requests_total{namespace="invoicing",status=~"5.."}', total: 'http_requests_total{namespace="invoicing"}' } }],
});

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
// Each bad input once (construct path, value, fix), exit 1; `app.synth()` would print a stack trace instead.
synthOrExit(app);
