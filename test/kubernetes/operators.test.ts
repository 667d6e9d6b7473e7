import { App } from "cdktf";
import { parse } from "yaml";
import { checkConfigWithAmtool, resourceBodies, resourcesOfType, synthStack, validationMessages } from "../../lib/testing";
import { renderAlertmanagerConfig } from "../../lib/observability/alertmanager";
import { Channel, secret } from "../../lib";
import { OperatorId } from "../../lib/kubernetes";
import { alertmanagerSecretFile, kubernetesSecretOf } from "../../lib/kubernetes/monitoring-values";
import { OPERATOR_CHARTS } from "../../lib/kubernetes/versions";
import { kubernetesNotifications } from "./support";
import { LOCAL_PROFILE } from "../../stacks/app";
import { referenceConfig } from "../../stacks/config";
import { KubernetesOperatorsStack } from "../../stacks/kubernetes-stacks";
import { messageAt, targetStack } from "../harness";

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const releasesByName = (overrides = {}) => {
  const synth = synthStack(targetStack("kubernetes", { operators: overrides }).operatorsStack);
  return Object.fromEntries(resourceBodies(synth, "helm_release").map((r) => [r.name as string, r]));
};
const valuesOf = (release: Record<string, unknown>): Values => parse((release.values as string[])[0]) as Values;

describe("KubernetesOperators", () => {
  const releases = releasesByName();

  // Literal pins, as looked up in the vendors' repositories (see lib/kubernetes/versions.ts): a
  // version change must show up here, deliberately.
  test.each([
    ["cert-manager", "https://charts.jetstack.io", "cert-manager", "v1.19.1", "cert-manager"],
    ["strimzi", "https://strimzi.io/charts/", "strimzi-kafka-operator", "0.49.1", "strimzi-system"],
    ["k8ssandra-operator", "https://helm.k8ssandra.io/stable", "k8ssandra-operator", "1.30.0", "k8ssandra-operator"],
    ["elastic-operator", "https://helm.elastic.co", "eck-operator", "3.2.0", "elastic-system"],
    ["cnpg", "https://cloudnative-pg.github.io/charts", "cloudnative-pg", "0.26.1", "cnpg-system"],
    ["kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "kube-prometheus-stack", "79.7.1", "monitoring"],
    ["blackbox-exporter", "https://prometheus-community.github.io/helm-charts", "prometheus-blackbox-exporter", "11.4.0", "blackbox-exporter"],
    ["eg", "oci://docker.io/envoyproxy", "gateway-helm", "v1.8.2", "envoy-gateway-system"],
  ])("%s is chart %s/%s pinned at %s in namespace %s", (release, repository, chart, version, namespace) => {
    expect(releases[release]).toMatchObject({ repository, chart, version, namespace, create_namespace: true, atomic: true, wait: true });
  });

  test("every operator chart is installed", () => {
    expect(Object.keys(releases).sort()).toEqual(["blackbox-exporter", "cert-manager", "cnpg", "eg", "elastic-operator", "k8ssandra-operator", "kube-prometheus-stack", "strimzi"]);
  });

  test("every operator runs in a namespace of its own", () => {
    const namespaces = Object.values(OPERATOR_CHARTS).map((c) => c.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
  });

  test("every operator has resource requests", () => {
    const paths: Record<OperatorId, (v: Values) => unknown> = {
      certManager: (v) => v.resources.requests,
      strimzi: (v) => v.resources.requests,
      k8ssandra: (v) => v.resources.requests,
      eck: (v) => v.resources.requests,
      cloudnativePg: (v) => v.resources.requests,
      kubePrometheusStack: (v) => v.prometheus.prometheusSpec.resources.requests,
      blackboxExporter: (v) => v.resources.requests,
      envoyGateway: (v) => v.deployment.envoyGateway.resources.requests,
    };
    for (const [id, requests] of Object.entries(paths) as [OperatorId, (v: Values) => unknown][]) {
      expect(requests(valuesOf(releases[OPERATOR_CHARTS[id].release]))).toEqual({ cpu: expect.stringMatching(/^\d+m?$/), memory: expect.stringMatching(/^\d+(Mi|Gi)$/) });
    }
  });

  test("CRDs come with the charts; cert-manager's by crds.enabled", () => {
    expect(valuesOf(releases["cert-manager"]).crds).toEqual({ enabled: true });
    for (const r of Object.values(releases)) expect(r.skip_crds).toBeUndefined();
  });

  test("kube-prometheus-stack goes first (monitor CRDs); K8ssandra waits for cert-manager", () => {
    const deps = (name: string) => (releases[name].depends_on as string[] | undefined) ?? [];
    expect(deps("kube-prometheus-stack")).toEqual([]);
    for (const name of ["cert-manager", "strimzi", "k8ssandra-operator", "elastic-operator", "cnpg", "blackbox-exporter", "eg"]) expect(deps(name).join()).toContain("kubePrometheusStack");
    expect(deps("k8ssandra-operator").join()).toContain("certManager");
  });

  test("Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule; Grafana loads labelled dashboards", () => {
    const v = valuesOf(releases["kube-prometheus-stack"]);
    expect(v.prometheus.prometheusSpec).toMatchObject({ ruleSelectorNilUsesHelmValues: false, serviceMonitorSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false });
    expect(v.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" });
    expect(v.grafana.admin.existingSecret).toBe("grafana-admin");
    expect(v.grafana.adminPassword).toBeUndefined();
  });

  test("the Alertmanager configuration passes amtool and reads secrets from mounted Kubernetes Secrets", () => {
    const v = valuesOf(releases["kube-prometheus-stack"]);
    checkConfigWithAmtool(renderAlertmanagerConfig(v.alertmanager.config));
    expect(v.alertmanager.alertmanagerSpec.secrets).toEqual(["vigil-test-pagerduty"]);
    const pd = (v.alertmanager.config.receivers as Values[]).find((r) => r.name === "page")!.pagerduty_configs[0];
    expect(pd.routing_key_file).toBe("/etc/alertmanager/secrets/vigil-test-pagerduty/routing_key");
  });

  test.each([
    ["prod", { critical: "page", warning: "ticket" }],
    ["dev", { critical: "ticket", warning: "ticket" }],
  ] as const)("%s: kube-prometheus-stack's own severities reach receivers (critical %j), Watchdog's none reaches nobody", (env, expected) => {
    const config = valuesOf(releasesByName({ environment: env })["kube-prometheus-stack"]).alertmanager.config;
    checkConfigWithAmtool(renderAlertmanagerConfig(config));
    const receiverOf = (severity: string) => (config.route.routes as Values[]).find((r) => r.matchers.includes(`severity="${severity}"`))?.receiver;
    expect({ critical: receiverOf("critical"), warning: receiverOf("warning") }).toEqual(expected);
    expect(receiverOf("none")).toBe("blackhole");
    expect((config.receivers as Values[]).find((r) => r.name === "blackhole")).toEqual({ name: "blackhole" });
  });

  test("only the Secrets the configuration reads are mounted: the Slack webhook and the tokens, not the Telegram bot token its bridge holds", () => {
    const notifications = {
      channels: {
        pager: Channel.pagerDuty(secret("vigil/test/pagerduty", "routing_key")),
        tg: Channel.telegram("-100123"),
        chat: Channel.slack("#checkout-alerts"),
        hook: Channel.webhook("https://hooks.example.com/alerts", secret("vigil/test/hook-token")),
      },
      routes: { page: ["pager", "tg"], ticket: ["hook", "chat"] },
      runbookBaseUrl: "https://runbooks.example.com/vigil",
    };
    const delivery = { slack: { webhookUrls: { chat: secret("vigil/test/slack-webhook-url") } }, telegram: { relayUrls: { tg: "http://telegram-bridge.monitoring.svc:8080/alert/-100123" } } };
    const v = valuesOf(releasesByName({ notifications, delivery })["kube-prometheus-stack"]);
    checkConfigWithAmtool(renderAlertmanagerConfig(v.alertmanager.config));
    expect(v.alertmanager.alertmanagerSpec.secrets).toEqual(["vigil-test-hook-token", "vigil-test-pagerduty", "vigil-test-slack-webhook-url"]);
    const receivers = Object.fromEntries((v.alertmanager.config.receivers as Values[]).map((r) => [r.name, r]));
    expect(receivers.ticket.slack_configs).toEqual([expect.objectContaining({ channel: "#checkout-alerts", api_url_file: "/etc/alertmanager/secrets/vigil-test-slack-webhook-url/value" })]);
    expect(receivers.page.webhook_configs).toEqual([{ url: "http://telegram-bridge.monitoring.svc:8080/alert/-100123", send_resolved: true }]);
  });

  test("a routed channel Alertmanager cannot reach fails synth naming the KubernetesOperators prop to set", () => {
    const notifications = { ...kubernetesNotifications, channels: { ...kubernetesNotifications.channels, chat: Channel.slack("#checkout-alerts") }, routes: { page: ["pager"], ticket: ["hook", "chat"] } };
    expect(validationMessages(targetStack("kubernetes", { operators: { notifications } }).operatorsStack)).toEqual([
      messageAt("operators/operators", "`channels.chat` is a Slack channel", "set `delivery.slack.webhookUrls.chat` on KubernetesOperators", "#checkout-alerts"),
    ]);
  });

  test("dev never pages: its page alerts route to the ticket receiver, and the pager's Secret is not needed", () => {
    const v = valuesOf(releasesByName({ environment: "dev" })["kube-prometheus-stack"]);
    const routes = v.alertmanager.config.route.routes as Values[];
    expect(routes.find((r) => r.matchers.includes('severity="page"'))!.receiver).toBe("ticket");
    expect(v.alertmanager.alertmanagerSpec.secrets).toEqual([]);
  });

  test.each([
    ["a kubeconfig (a self-run cluster)", true, {}],
    ["a cloud cluster's endpoint", false, { connection: { kind: "endpoint", host: "https://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: "aws", args: ["eks", "get-token"] } } }],
    ["kubeconfig with managedControlPlane (kind, whose control plane and kube-proxy listen on 127.0.0.1)", false, { managedControlPlane: true }],
  ] as const)("control-plane and kube-proxy scraping and alerts with %s: %s", (_name, scraped, overrides) => {
    const v = valuesOf(releasesByName(overrides)["kube-prometheus-stack"]);
    for (const component of ["kubeEtcd", "kubeScheduler", "kubeControllerManager", "kubeProxy"]) expect(v[component].enabled).toBe(scraped);
    expect(v.defaultRules.rules).toEqual({ etcd: scraped, kubeControllerManager: scraped, kubeSchedulerAlerting: scraped, kubeSchedulerRecording: scraped, kubeProxy: scraped });
  });

  test("the local reference stack on kind scrapes neither the control plane nor kube-proxy (both listen on 127.0.0.1 there)", () => {
    const local = new KubernetesOperatorsStack(new App({ outdir: "/tmp/vigil-test-out" }), "local-kubernetes-operators", LOCAL_PROFILE, { kind: "kubeconfig", context: "kind-vigil" }, referenceConfig);
    const v = valuesOf(resourceBodies(synthStack(local), "helm_release").find((r) => r.name === "kube-prometheus-stack")!);
    expect([v.kubeEtcd.enabled, v.kubeScheduler.enabled, v.kubeControllerManager.enabled, v.kubeProxy.enabled]).toEqual([false, false, false, false]);
  });

  test("providers read the kubeconfig, or run an exec plugin for a cloud cluster: never a token", () => {
    const kind = synthStack(targetStack("kubernetes", { operators: true }).operatorsStack);
    expect(kind.provider?.kubernetes[0]).toMatchObject({ config_path: "~/.kube/config", config_context: "kind-vigil" });
    expect(kind.provider?.helm[0]).toMatchObject({ kubernetes: { config_path: "~/.kube/config", config_context: "kind-vigil" } });
    const cloud = synthStack(targetStack("kubernetes", { operators: { connection: { kind: "endpoint", host: "https://api.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: "aws", args: ["eks", "get-token"] } } } }).operatorsStack);
    expect(cloud.provider?.kubernetes[0]).toMatchObject({ host: "https://api.example.com", exec: [{ command: "aws", args: ["eks", "get-token"] }] });
    expect(JSON.stringify(cloud.provider)).not.toMatch(/"token"/);
  });

  test("an operator can be left out, but not Prometheus or cert-manager under K8ssandra", () => {
    expect(resourcesOfType(synthStack(targetStack("kubernetes", { operators: { operators: { eck: false } } }).operatorsStack), "helm_release")).toHaveLength(7);
    expect(validationMessages(targetStack("kubernetes", { operators: { operators: { certManager: false } } }).operatorsStack)).toContainEqual(
      messageAt("operators/operators", "`operators.certManager` is false", "the K8ssandra operator needs cert-manager", "set `operators.k8ssandra` to false"),
    );
  });
});

describe("secret references in-cluster", () => {
  test.each([
    [{ kind: "secret", name: "vigil/checkout/pagerduty" }, { secretName: "vigil-checkout-pagerduty", key: "value" }],
    [{ kind: "secret", name: "Team_Secrets/Slack", field: "webhook-url" }, { secretName: "team-secrets-slack", key: "webhook-url" }],
  ] as const)("%j is read from Kubernetes Secret %j", (ref, location) => {
    expect(kubernetesSecretOf(ref)).toEqual(location);
    expect(alertmanagerSecretFile(ref)).toBe(`/etc/alertmanager/secrets/${location.secretName}/${location.key}`);
  });
});
