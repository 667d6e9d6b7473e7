import { App, TerraformStack } from "cdktf";
import { AzurePlatform, AzurePlatformProps } from "../../lib/azure";
import { Channel, MonitoredService, MonitoredServiceProps, secret } from "../../lib";
import { onlyResource, resourceBodies, synthStack, SynthesizedStack } from "../../lib/testing";

/** A subscription id for tests (synth needs no credentials). */
export const TEST_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** The Entra group administering PostgreSQL in the tests. */
export const TEST_DATABASE_ADMINISTRATOR = { objectId: "11111111-1111-1111-1111-111111111111", principalName: "checkout-db-admins", principalType: "Group" } as const;

/** Object id of the Azure Cosmos DB service principal in the tests' tenant. */
export const TEST_COSMOS_DB_PRINCIPAL = "22222222-2222-2222-2222-222222222222";

/** Routing used by the Azure tests: every channel kind an action group delivers. */
export const azureNotifications: AzurePlatformProps["notifications"] = {
  channels: {
    pager: Channel.pagerDuty(secret("test/pagerduty")),
    mail: Channel.email("oncall@example.com"),
    hook: Channel.webhook("https://hooks.example.com/alerts"),
    slack: Channel.slack("#alerts"),
  },
  routes: { page: ["pager", "mail"], ticket: ["mail", "hook", "slack"] },
  runbookBaseUrl: "https://runbooks.example.com/vigil",
};

/** How the action groups reach Slack: a relay read from Key Vault. */
export const azureDelivery: AzurePlatformProps["delivery"] = { slack: { relayUrls: { slack: secret("test/slack-relay-url") } } };

/** How the in-cluster Alertmanager reaches the same channels: an SMTP relay and the Slack channel's incoming webhook. */
export const azureInClusterDelivery: NonNullable<AzurePlatformProps["inCluster"]>["delivery"] = {
  smtp: { smarthost: "smtp.example.com:587", from: "vigil-alerts@example.com" },
  slack: { webhookUrls: { slack: secret("test-slack-webhook") } },
};

/** The data components of the test service on Azure (search runs in-cluster, elsewhere). */
export const azureService: Omit<MonitoredServiceProps, "platform"> = {
  kafka: { topics: { orders: { partitions: 12, consumerGroups: ["billing"] } } },
  cassandra: { datacenters: { dc1: { nodes: 3 } } },
  postgres: {},
  endpoint: { url: "https://checkout.example.com/healthz" },
};

/**
 * A stack holding one AzurePlatform; `overrides` change any prop. `prepare`
 * runs on the stack before the platform is made (providers, a chart) and may
 * return more props.
 */
export function azureStack(
  overrides: Partial<AzurePlatformProps> = {},
  prepare: (stack: TerraformStack) => Partial<AzurePlatformProps> = () => ({}),
  stackId = "test",
): { stack: TerraformStack; platform: AzurePlatform } {
  const app = new App({ outdir: "/tmp/vigil-test-out" });
  const stack = new TerraformStack(app, stackId);
  const prepared = prepare(stack);
  const platform = new AzurePlatform(stack, "platform", {
    environment: "prod",
    location: "westeurope",
    subscriptionId: TEST_SUBSCRIPTION,
    service: "checkout",
    owner: "team-checkout",
    notifications: azureNotifications,
    delivery: azureDelivery,
    keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-checkout",
    databaseAdministrator: TEST_DATABASE_ADMINISTRATOR,
    cosmosDbPrincipalId: TEST_COSMOS_DB_PRINCIPAL,
    ...prepared,
    ...overrides,
  });
  return { stack, platform };
}

const cache = new Map<string, SynthesizedStack>();

/** Synthesized JSON of an AzurePlatform in `environment` with the test service (memoized). */
export function azureSynth(environment: string): SynthesizedStack {
  let synth = cache.get(environment);
  if (!synth) {
    const { stack, platform } = azureStack({ environment });
    new MonitoredService(stack, "checkout", { platform, ...azureService });
    synth = synthStack(stack);
    cache.set(environment, synth);
  }
  return synth;
}

/** A resource body, read loosely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;

/** Every resource of `type`, as loosely typed bodies. */
export function bodies(synth: SynthesizedStack, type: string): Body[] {
  return resourceBodies(synth, type) as Body[];
}

/** The single resource of `type`, loosely typed. */
export function only(synth: SynthesizedStack, type: string): Body {
  return onlyResource(synth, type) as Body;
}
