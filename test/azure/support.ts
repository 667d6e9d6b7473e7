// The Azure target's test defaults, reached through test/harness.ts.
import type { TerraformStack } from "cdktf";
import type { AzurePlatformProps } from "../../lib/azure";
import { Channel, secret } from "../../lib";
import type { EnvironmentTier } from "../../lib/core/environment";
import type { ServiceComponents, TargetDefaults } from "../harness";

/** A subscription id for tests (synth needs no credentials). */
export const TEST_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** The Entra group administering PostgreSQL in the tests. */
export const TEST_DATABASE_ADMINISTRATOR = { objectId: "11111111-1111-1111-1111-111111111111", principalName: "checkout-db-admins", principalType: "Group" } as const;

/** The Key Vault the tests' secrets are read from. */
export const TEST_KEY_VAULT_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-checkout`;

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
export const azureComponents: ServiceComponents = {
  kafka: { topics: { orders: { partitions: 12, consumerGroups: ["billing"] } } },
  cassandra: { datacenters: { dc1: { nodes: 3 } } },
  postgres: {},
  endpoint: { url: "https://checkout.example.com/healthz" },
};

/**
 * The Azure target in tests: stack `test`, an AzurePlatform of `checkout` in
 * westeurope with the test subscription, Key Vault and principals; with an
 * in-cluster stack `<env>-azure-platform` only when asked.
 */
export const AZURE_TEST_TARGET: TargetDefaults<AzurePlatformProps> = {
  stackId: () => "test",
  inCluster: false,
  inClusterStackId: (environment) => `${environment}-azure-platform`,
  platformProps: (environment: EnvironmentTier, inCluster?: TerraformStack) => ({
    environment,
    location: "westeurope",
    subscriptionId: TEST_SUBSCRIPTION,
    service: "checkout",
    owner: "team-checkout",
    notifications: azureNotifications,
    delivery: azureDelivery,
    keyVaultId: TEST_KEY_VAULT_ID,
    databaseAdministrator: TEST_DATABASE_ADMINISTRATOR,
    cosmosDbPrincipalId: TEST_COSMOS_DB_PRINCIPAL,
    ...(inCluster ? { inCluster: { stack: inCluster, delivery: azureInClusterDelivery } } : {}),
  }),
  components: azureComponents,
};
