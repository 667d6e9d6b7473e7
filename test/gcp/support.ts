import { App, TerraformStack } from "cdktf";
import { MonitoredService, MonitoredServiceProps, secret, Channel } from "../../lib";
import { GcpPlatform, GcpPlatformProps } from "../../lib/gcp";
import { synthStack, SynthesizedStack } from "../../lib/testing";

/** Channels of every kind GCP delivers to. */
export const gcpNotifications: GcpPlatformProps["notifications"] = {
  channels: {
    oncall: Channel.pagerDuty(secret("vigil/checkout/pagerduty-routing-key")),
    mail: Channel.email("oncall@example.com"),
    // webhook_tokenauth carries its token in the URL: a secret.
    hooks: Channel.webhook(secret("vigil/checkout/hooks-url")),
    chat: Channel.slack("#checkout-alerts"),
  },
  routes: { page: ["oncall", "mail"], ticket: ["hooks", "chat"], info: [] },
  runbookBaseUrl: "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks",
};

/** How Cloud Monitoring reaches the Slack channel: a Slack app's token. */
export const gcpDelivery: GcpPlatformProps["delivery"] = { slack: { authToken: secret("vigil/checkout/slack-app-token") } };

/** The data components GCP builds (Managed Kafka, Cloud SQL) with a probed endpoint. */
export const gcpComponents: Omit<MonitoredServiceProps, "platform"> = {
  kafka: { topics: { "checkout.orders": { partitions: 12, consumerGroups: ["invoicing", "fulfilment"] } } },
  postgres: {},
  endpoint: { url: "https://checkout.example.com/healthz" },
};

/** A stack with a GcpPlatform and, unless `components` is false, the checkout service. */
export function gcpStack(environment: string, overrides: Partial<GcpPlatformProps> = {}, components: Omit<MonitoredServiceProps, "platform"> | false = gcpComponents): { stack: TerraformStack; platform: GcpPlatform; service?: MonitoredService } {
  const stack = new TerraformStack(new App({ outdir: "/tmp/vigil-gcp-test" }), `${environment}-gcp-infra`);
  const platform = new GcpPlatform(stack, "platform", {
    environment,
    project: `checkout-${environment}-123456`,
    region: "europe-west1",
    service: "checkout",
    owner: "team-checkout",
    notifications: gcpNotifications,
    delivery: gcpDelivery,
    ...overrides,
  });
  const service = components === false ? undefined : new MonitoredService(stack, "checkout", { platform, ...components });
  return { stack, platform, service };
}

/** Synthesizes {@link gcpStack}. */
export function gcpSynth(environment: string): SynthesizedStack {
  return synthStack(gcpStack(environment).stack);
}
