// A minimal Vigil app on GCP: one environment, a VPC with Cloud NAT and
// private service access, a GKE cluster with Managed Prometheus and its alert
// policies, notification channels, and a service with PostgreSQL on Cloud SQL
// and Kafka on Managed Service for Apache Kafka (each with its policies and
// dashboard). Only @cdktf/provider-google is loaded. Run it with
//   npx tsx examples/gcp-minimal/main.ts   (writes cdktf.out/)
import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, Channel, MonitoredService, secret } from "cdktf-vigil";
import { GcpPlatform } from "cdktf-vigil/gcp";

const app = new App();
const stack = new TerraformStack(app, "dev-gcp-infra");

const platform = new GcpPlatform(stack, "platform", {
  environment: "dev",
  project: "invoicing-dev-123456",
  region: "europe-west1",
  service: "invoicing",
  owner: "team-invoicing",
  notifications: {
    channels: {
      // Secret Manager secret "invoicing-pagerduty-routing-key" in the project.
      oncall: Channel.pagerDuty(secret("invoicing/pagerduty-routing-key")),
      email: Channel.email("invoicing-oncall@example.com"),
      chat: Channel.slack("#invoicing-alerts"),
    },
    routes: { page: ["oncall"], ticket: ["email", "chat"] },
    runbookBaseUrl: "https://runbooks.example.com/invoicing",
  },
  // How Cloud Monitoring reaches Slack: as a Slack app invited to the channel, with its OAuth token.
  delivery: { slack: { authToken: secret("invoicing/slack-app-token") } },
  cluster: {
    publicAccessCidrs: ["198.51.100.0/24"],
    nodePools: { general: { maxNodes: 4 } },
    alerts: { "node-cpu-high": { threshold: 0.85 } },
  },
});

// Cassandra and search run in the GKE cluster: see stacks/gcp-stacks.ts for the platform stack.
new MonitoredService(stack, "invoicing", {
  platform,
  postgres: { storageGiB: 50 },
  kafka: { topics: { invoices: { partitions: 6, consumerGroups: ["ledger"] } } },
  endpoint: { url: "https://invoicing.example.com/healthz" },
});

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
app.synth();
