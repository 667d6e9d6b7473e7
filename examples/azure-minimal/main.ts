// A minimal Vigil app on Azure: one environment, a resource group, a VNet, an
// AKS cluster with managed Prometheus and its metric alerts, action groups,
// and a service with a PostgreSQL flexible server (private, Entra ID auth,
// with its diagnostic setting and metric alerts). Run it with
//   npx tsx examples/azure-minimal/main.ts   (writes cdktf.out/)
import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, Channel, MonitoredService, secret, synthOrExit } from "cdktf-vigil";
import { AzurePlatform } from "cdktf-vigil/azure";

const app = new App();
const stack = new TerraformStack(app, "dev-azure-infra");

const platform = new AzurePlatform(stack, "platform", {
  environment: "dev",
  location: "westeurope",
  // Your subscription (`az account show --query id`); synth needs no credentials.
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  // The Key Vault holding the secrets below (Key Vault names: "/" becomes "-").
  keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-invoicing-secrets/providers/Microsoft.KeyVault/vaults/kv-invoicing",
  // The Entra group that administers PostgreSQL (`az ad group show --group invoicing-db-admins --query id -o tsv`).
  databaseAdministrator: { objectId: "00000000-0000-0000-0000-000000000000", principalName: "invoicing-db-admins", principalType: "Group" },
  service: "invoicing",
  owner: "team-invoicing",
  notifications: {
    channels: {
      oncall: Channel.pagerDuty(secret("invoicing/pagerduty-routing-key")),
      email: Channel.email("invoicing-oncall@example.com"),
      chat: Channel.slack("#invoicing-alerts"),
      // The subscription's owners are emailed on pages too (Azure only).
      owners: Channel.azureRole("Owner"),
    },
    routes: { page: ["oncall", "owners"], ticket: ["email", "chat"] },
    runbookBaseUrl: "https://runbooks.example.com/invoicing",
  },
  // How action groups reach Slack: a Logic App that turns the common alert schema into a Slack message.
  delivery: { slack: { relayUrls: { chat: secret("invoicing/slack-relay-url") } } },
  cluster: {
    publicAccessCidrs: ["198.51.100.0/24"],
    nodePools: { general: { maxNodes: 4 } },
    alerts: { "node-cpu-high": { threshold: 85 } },
  },
});

// Kafka (Event Hubs) and Cassandra (Managed Instance) are one prop each; Cassandra also needs
// `cosmosDbPrincipalId` on the platform (see docs/azure.md).
new MonitoredService(stack, "invoicing", { platform, postgres: { storageGiB: 64 } });

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
// Each bad input once (construct path, value, fix), exit 1; `app.synth()` would print a stack trace instead.
synthOrExit(app);
