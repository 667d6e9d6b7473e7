// A minimal Vigil app on GCP: one environment, a VPC with Cloud NAT and
// private service access, a GKE cluster with Managed Prometheus and its alert
// policies, notification channels, and a service with PostgreSQL on Cloud SQL
// and Kafka on Managed Service for Apache Kafka (each with its policies and
// dashboard), and a manual-change alert on the project's Admin Activity audit log.
// Only @cdktf/provider-google is loaded. Run it with
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
    },
    routes: { page: ["oncall"], ticket: ["email"] },
    runbookBaseUrl: "https://runbooks.example.com/invoicing",
  },
  // The CI identity that deploys: its changes raise no manual-change alert.
  pipelinePrincipals: ["ci-deployer@invoicing-dev-123456.iam.gserviceaccount.com"],
  cluster: {
    publicAccessCidrs: ["198.51.100.0/24"],
    nodePools: { general: { maxNodes: 4 } },
    // Canonical alerts in the catalog's units (percent 0-100), the same on every target; GCP divides by 100.
    alerts: { "node-cpu-high": { threshold: 85 } },
  },
});

// Cassandra and search run in the GKE cluster: see stacks/gcp-stacks.ts for the platform stack.
new MonitoredService(stack, "invoicing", {
  platform,
  postgres: { storageGiB: 50 },
  kafka: { topics: { invoices: { partitions: 6, consumerGroups: ["ledger"] } } },
  endpoint: { url: "https://invoicing.example.com/healthz", alerts: { "checks-failing": { threshold: 95 } } },
});

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
app.synth();
