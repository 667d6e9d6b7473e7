// A minimal Vigil app on GCP: one environment, a VPC with Cloud NAT and
// private service access, a GKE cluster with Managed Prometheus and its alert
// policies, notification channels, and a service with PostgreSQL on Cloud SQL
// and Kafka on Managed Service for Apache Kafka (each with its policies and
// dashboard), and a manual-change alert on the project's Admin Activity audit log.
// The service's SLO recording rules run in the GKE cluster (Managed Prometheus
// ClusterRules), delivered by a second stack through the Kubernetes and Helm
// providers, so this app needs @cdktf/provider-google, -kubernetes and -helm.
// Run it with
//   npx tsx examples/gcp-minimal/main.ts   (writes cdktf.out/)
import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, Channel, MonitoredService, secret, synthOrExit } from "cdktf-vigil";
import { GcpPlatform } from "cdktf-vigil/gcp";

const app = new App();
const stack = new TerraformStack(app, "dev-gcp-infra");
// What runs in the GKE cluster (SLO recording rules, and Cassandra or search if asked for); deployed after dev-gcp-infra.
const inCluster = new TerraformStack(app, "dev-gcp-platform");

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
  inCluster: {
    stack: inCluster,
    // How the cluster's Alertmanager (it delivers the alerts of what runs in the cluster) reaches email and Slack.
    delivery: {
      smtp: { smarthost: "smtp.example.com:587", from: "vigil-alerts@example.com" },
      slack: { webhookUrls: { chat: secret("invoicing-slack-webhook") } },
    },
  },
  // The CI identity that deploys: its changes raise no manual-change alert.
  pipelinePrincipals: ["ci-deployer@invoicing-dev-123456.iam.gserviceaccount.com"],
  // How Cloud Monitoring reaches Slack: as a Slack app invited to the channel, with its OAuth token.
  delivery: { slack: { authToken: secret("invoicing/slack-app-token") } },
  cluster: {
    publicAccessCidrs: ["198.51.100.0/24"],
    nodePools: { general: { maxNodes: 4 } },
    // Canonical alerts in the catalog's units (percent 0-100), the same on every target; GCP divides by 100.
    alerts: { "node-cpu-high": { threshold: 85 } },
  },
});

// Cassandra and search (not asked for here) would run in the GKE cluster, in dev-gcp-platform.
new MonitoredService(stack, "invoicing", {
  platform,
  postgres: { storageGiB: 50 },
  kafka: { topics: { invoices: { partitions: 6, consumerGroups: ["ledger"] } } },
  endpoint: { url: "https://invoicing.example.com/healthz", alerts: { "checks-failing": { threshold: 95 } } },
});

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
// Each bad input once (construct path, value, fix), exit 1; `app.synth()` would print a stack trace instead.
synthOrExit(app);
