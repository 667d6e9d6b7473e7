// The in-cluster target's test defaults, reached through test/harness.ts, and
// readers of what a KubernetesPlatform's chart holds.
import type { TerraformStack } from "cdktf";
import { Channel, secret } from "../../lib";
import type { EnvironmentTier } from "../../lib/core/environment";
import { HttpWorkload, HttpWorkloadProps, KubernetesOperatorsProps, KubernetesPlatform, KubernetesPlatformProps, TeamNamespace } from "../../lib/kubernetes";
import type { ServiceComponents, TargetDefaults } from "../harness";

/** Routing used by the in-cluster tests: channels Alertmanager reads natively. */
export const kubernetesNotifications: KubernetesPlatformProps["notifications"] = {
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

/** The data components of the test service in the cluster: every kind, two topics. */
export const kubernetesComponents: ServiceComponents = {
  kafka: { topics: { orders: { partitions: 12 }, "payment_events": {} } },
  cassandra: { datacenters: { dc1: { nodes: 3 } } },
  search: {},
  postgres: {},
};

/** The KubernetesOperators of the tests (stack `operators`), on the same kind cluster. */
export const kubernetesOperatorsProps = (environment: EnvironmentTier): KubernetesOperatorsProps => ({ environment, connection: KIND, notifications: kubernetesNotifications });

/**
 * The in-cluster target in tests: stack `platform`, a KubernetesPlatform of
 * `shop` on the kind cluster, archiving its logs to {@link TEST_LOG_ARCHIVE}.
 */
export const KUBERNETES_TEST_TARGET: TargetDefaults<KubernetesPlatformProps> = {
  stackId: () => "platform",
  inCluster: false,
  platformProps: (environment: EnvironmentTier) => ({
    environment,
    service: "shop",
    owner: "team-shop",
    connection: KIND,
    notifications: kubernetesNotifications,
    logs: { archive: TEST_LOG_ARCHIVE },
  }),
  components: kubernetesComponents,
};

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
