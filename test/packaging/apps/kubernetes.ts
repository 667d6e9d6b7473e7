// A Kubernetes-only consumer of the packed cdktf-vigil (test/packaging), built
// as a user would: the operators and the in-cluster platform of `dev` on a
// cluster reached through a kubeconfig, a service with PostgreSQL
// (CloudNativePG) and a team namespace, state backends from the core. It
// depends on @cdktf/provider-kubernetes and @cdktf/provider-helm alone.
import { App, TerraformStack } from "cdktf";
import { Channel, ENVIRONMENT_PROFILES, MonitoredService, addValidationErrors, configureStateBackend, secret } from "cdktf-vigil";
import { KubernetesOperators, KubernetesPlatform, NAMING_RULES, TeamNamespace, fitName } from "cdktf-vigil/kubernetes";

const profile = ENVIRONMENT_PROFILES.dev;
const app = new App();
const connection = { kind: "kubeconfig", context: "kind-vigil" } as const;
const notifications = {
  channels: {
    oncall: Channel.pagerDuty(secret("invoicing/pagerduty", "routing-key")),
    hook: Channel.webhook("https://hooks.example.com/invoicing"),
  },
  routes: { page: ["oncall"], ticket: ["hook"] },
  runbookBaseUrl: "https://runbooks.example.com/invoicing",
};

const operatorsStack = new TerraformStack(app, "dev-kubernetes-operators");
addValidationErrors(operatorsStack, configureStateBackend(operatorsStack, "dev-kubernetes-operators", profile));
// PostgreSQL only: CloudNativePG and kube-prometheus-stack (plus the blackbox exporter).
// kind binds its control plane's metrics to 127.0.0.1: treat it as managed.
new KubernetesOperators(operatorsStack, "operators", {
  environment: profile,
  connection,
  notifications,
  managedControlPlane: true,
  operators: { certManager: false, strimzi: false, k8ssandra: false, eck: false },
});

const platformStack = new TerraformStack(app, "dev-kubernetes-platform");
platformStack.addDependency(operatorsStack);
addValidationErrors(platformStack, configureStateBackend(platformStack, "dev-kubernetes-platform", profile));
const platform = new KubernetesPlatform(platformStack, "platform", { environment: profile, service: "invoicing", owner: "team-invoicing", connection, notifications });
new MonitoredService(platformStack, "invoicing", { platform, postgres: { storageGiB: 20 } });
new TeamNamespace(platformStack, "apps", { platform, name: fitName(["Invoicing", profile.name, "apps"], NAMING_RULES.kubernetesDnsLabel), allowEgressToNamespaces: ["invoicing-data"] });

app.synth();
