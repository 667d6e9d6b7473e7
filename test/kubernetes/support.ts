import { App, TerraformStack } from "cdktf";
import { Channel, secret } from "../../lib";
import { HttpWorkload, HttpWorkloadProps, KubernetesOperators, KubernetesOperatorsProps, KubernetesPlatform, KubernetesPlatformProps, TeamNamespace } from "../../lib/kubernetes";
import { MonitoredService, MonitoredServiceProps } from "../../lib/core/components/service";

/** Routing used by the in-cluster tests: channels Alertmanager reads natively. */
export const k8sNotifications: KubernetesPlatformProps["notifications"] = {
  channels: {
    pager: Channel.pagerDuty(secret("vigil/test/pagerduty", "routing_key")),
    hook: Channel.webhook("https://hooks.example.com/alerts"),
  },
  routes: { page: ["pager"], ticket: ["hook"] },
  runbookBaseUrl: "https://runbooks.example.com/vigil",
};

const KIND = { kind: "kubeconfig", context: "kind-vigil" } as const;

/** The log archive the prod platforms of these tests snapshot to (a prod-tier profile keeps one). */
export const TEST_LOG_ARCHIVE = { bucket: "shop-prod-log-archive", endpoint: "s3.eu-west-1.amazonaws.com", credentialsSecret: "log-archive-s3" } as const;

/** A stack holding KubernetesOperators. */
export function operatorsStack(overrides: Partial<KubernetesOperatorsProps> = {}): { stack: TerraformStack; operators: KubernetesOperators } {
  const app = new App({ outdir: "/tmp/vigil-test-out" });
  const stack = new TerraformStack(app, "operators");
  const operators = new KubernetesOperators(stack, "operators", { environment: "prod", connection: KIND, notifications: k8sNotifications, ...overrides });
  return { stack, operators };
}

/** A stack holding a KubernetesPlatform; `build` adds services and workloads. */
export function platformStack(
  overrides: Partial<KubernetesPlatformProps> = {},
  build: (platform: KubernetesPlatform, stack: TerraformStack) => void = () => undefined,
): { stack: TerraformStack; platform: KubernetesPlatform } {
  const app = new App({ outdir: "/tmp/vigil-test-out" });
  const stack = new TerraformStack(app, "platform");
  const platform = new KubernetesPlatform(stack, "platform", { environment: "prod", service: "shop", owner: "team-shop", connection: KIND, notifications: k8sNotifications, logs: { archive: TEST_LOG_ARCHIVE }, ...overrides });
  build(platform, stack);
  return { stack, platform };
}

/** A service with every data component, on `platform`. */
export function fullService(platform: KubernetesPlatform, stack: TerraformStack, overrides: Partial<MonitoredServiceProps> = {}): MonitoredService {
  return new MonitoredService(stack, "checkout", {
    platform,
    kafka: { topics: { orders: { partitions: 12 }, "payment_events": {} } },
    cassandra: { datacenters: { dc1: { nodes: 3 } } },
    search: {},
    postgres: {},
    ...overrides,
  });
}

/** A team namespace and one HTTP workload in it. */
export function teamWorkload(platform: KubernetesPlatform, stack: TerraformStack, workload: Partial<HttpWorkloadProps> = {}): HttpWorkload {
  const ns = new TeamNamespace(stack, "team", { platform, name: "checkout", allowIngressFromNamespaces: ["ingress-nginx"], allowEgressToNamespaces: ["checkout-data"] });
  return new HttpWorkload(stack, "api", { platform, namespace: ns, name: "checkout-api", image: "registry.example.com/checkout-api:1.4.2", ...workload });
}

type Rule = { alert?: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> };

/** The alerting rules of the PrometheusRule `name` in the platform's chart, by `alert_id` label. */
export function alertRules(platform: KubernetesPlatform, name: string): Record<string, Rule> {
  const rule = platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === name);
  if (!rule) throw new Error(`no PrometheusRule ${name}; found ${platform.chart.manifestsOfKind("PrometheusRule").map((r) => r.metadata.name).join(", ")}`);
  const groups = (rule.spec as { groups: { rules: Rule[] }[] }).groups;
  return Object.fromEntries(groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => [r.labels.alert_id, r]));
}

/** The rule groups of the PrometheusRule `name`, as promtool reads them. */
export function ruleGroupsOf(platform: KubernetesPlatform, name: string): never[] {
  const rule = platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === name)!;
  return (rule.spec as { groups: never[] }).groups;
}
