// The GCP target's test defaults, reached through test/harness.ts, and a
// PromQL reader for GCP's Cloud Monitoring rules.
import { parser } from "@prometheus-io/lezer-promql";
import type { TerraformStack } from "cdktf";
import { secret, Channel } from "../../lib";
import type { EnvironmentTier } from "../../lib/core/environment";
import type { GcpPlatformProps } from "../../lib/gcp";
import type { ServiceComponents, TargetDefaults } from "../harness";

/** Channels of every kind GCP delivers to. */
export const gcpNotifications: GcpPlatformProps["notifications"] = {
  channels: {
    oncall: Channel.pagerDuty(secret("vigil/checkout/pagerduty-routing-key")),
    mail: Channel.email("oncall@example.com"),
    // Alertmanager (in the cluster) sends the token as a header; Cloud Monitoring's webhook_tokenauth
    // carries it in the URL, which delivery.webhook.urls gives as a secret.
    hooks: Channel.webhook("https://hooks.example.com/vigil", secret("vigil/checkout/hooks-token")),
    chat: Channel.slack("#checkout-alerts"),
  },
  routes: { page: ["oncall", "mail"], ticket: ["hooks", "chat"], info: [] },
  runbookBaseUrl: "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks",
};

/** How Cloud Monitoring reaches the Slack channel (a Slack app's token) and the webhook (a URL carrying its token). */
export const gcpDelivery: GcpPlatformProps["delivery"] = { slack: { authToken: secret("vigil/checkout/slack-app-token") }, webhook: { urls: { hooks: secret("vigil/checkout/hooks-url") } } };

/** How the in-cluster Alertmanager reaches the same channels: an SMTP relay, the Slack channel's incoming webhook. */
export const gcpInClusterDelivery: NonNullable<GcpPlatformProps["inCluster"]>["delivery"] = {
  smtp: { smarthost: "smtp.example.com:587", from: "vigil-alerts@example.com" },
  slack: { webhookUrls: { chat: secret("vigil-checkout-slack-webhook") } },
};

/** The data components GCP builds (Managed Kafka, Cloud SQL) with a probed endpoint. */
export const gcpComponents: ServiceComponents = {
  kafka: { topics: { "checkout.orders": { partitions: 12, consumerGroups: ["invoicing", "fulfilment"] } } },
  postgres: {},
  endpoint: { url: "https://checkout.example.com/healthz" },
};

/**
 * The GCP target in tests: stack `<env>-gcp-infra`, a GcpPlatform of
 * `checkout` in europe-west1 whose in-cluster stack is `<env>-gcp-platform`
 * (made unless asked not to).
 */
export const GCP_TEST_TARGET: TargetDefaults<GcpPlatformProps> = {
  stackId: (environment) => `${environment}-gcp-infra`,
  inCluster: true,
  inClusterStackId: (environment) => `${environment}-gcp-platform`,
  platformProps: (environment: EnvironmentTier, inCluster?: TerraformStack) => ({
    environment,
    project: `checkout-${environment}-123456`,
    region: "europe-west1",
    service: "checkout",
    owner: "team-checkout",
    notifications: gcpNotifications,
    ...(inCluster ? { inCluster: { stack: inCluster, delivery: gcpInClusterDelivery } } : {}),
    delivery: gcpDelivery,
  }),
  components: gcpComponents,
};

/** Every series selector of a PromQL expression: the metric name and, when matched, the `monitored_resource` (parsed with Prometheus' own grammar). */
export function promqlSelectors(expr: string): Array<{ name: string; resource?: string }> {
  const found: Array<{ name: string; resource?: string }> = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.name !== "VectorSelector") return true;
      const text = expr.slice(node.from, node.to);
      const resource = /monitored_resource="([^"]+)"/.exec(text)?.[1];
      found.push({ name: text.replace(/\{.*$/s, ""), ...(resource ? { resource } : {}) });
      return false;
    },
  });
  return found;
}
