// A Kubernetes-only consumer of the packed cdktf-vigil (test/packaging): the
// core's profiles, state backend and tags with the in-cluster entry point's
// DNS-label rule, on a cluster reached through a kubeconfig. It depends on
// @cdktf/provider-kubernetes and @cdktf/provider-helm alone. Grows with the
// in-cluster target.
import { App, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ENVIRONMENT_PROFILES, addValidationErrors, configureStateBackend, standardTags } from "cdktf-vigil";
import { NAMING_RULES, checkName, fitName } from "cdktf-vigil/kubernetes";

const profile = ENVIRONMENT_PROFILES.dev;
const app = new App();
const stack = new TerraformStack(app, "dev-kubernetes-platform");
addValidationErrors(stack, configureStateBackend(stack, "dev-kubernetes-platform", profile));

const kubeconfig = { configPath: "~/.kube/config", configContext: "kind-vigil" };
new KubernetesProvider(stack, "kubernetes", kubeconfig);
new HelmProvider(stack, "helm", { kubernetes: kubeconfig });

const namespace = fitName(["Invoicing", profile.name, "apps"], NAMING_RULES.kubernetesDnsLabel);
const problem = checkName(namespace, NAMING_RULES.kubernetesDnsLabel, "namespace");
if (problem) addValidationErrors(stack, [problem]);
new NamespaceV1(stack, "apps", {
  metadata: { name: namespace, labels: standardTags({ service: "invoicing", environment: profile.name, owner: "team-invoicing" }) },
});

app.synth();
