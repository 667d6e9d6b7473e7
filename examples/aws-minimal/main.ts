// A minimal Vigil app on AWS: one environment, a VPC, an EKS cluster with its
// alarms and dashboard, alert routing (Slack through AWS Chatbot), and a service with a PostgreSQL
// database (RDS, with its alarms and dashboards). Run it with
//   npx tsx examples/aws-minimal/main.ts   (writes cdktf.out/)
import { App, TerraformStack } from "cdktf";
import { applyPolicyPacks, Channel, MonitoredService, secret, synthOrExit } from "cdktf-vigil";
import { AwsPlatform } from "cdktf-vigil/aws";

const app = new App();
const stack = new TerraformStack(app, "dev-aws-infra");

const platform = new AwsPlatform(stack, "platform", {
  environment: "dev",
  region: "eu-west-1",
  service: "invoicing",
  owner: "team-invoicing",
  notifications: {
    channels: {
      oncall: Channel.pagerDuty(secret("invoicing/pagerduty-routing-key")),
      email: Channel.email("invoicing-oncall@example.com"),
      chat: Channel.slack("#invoicing-alerts"),
    },
    routes: { page: ["oncall"], ticket: ["email", "chat"] },
    runbookBaseUrl: "https://runbooks.example.com/invoicing",
  },
  // How AWS reaches Slack: AWS Chatbot, with the workspace authorized once in its console.
  delivery: { slack: { workspaceId: "T0123ABCD", channelIds: { chat: "C0456EFGH" } } },
  cluster: {
    publicAccessCidrs: ["198.51.100.0/24"],
    nodePools: { general: { maxNodes: 4 } },
    // Canonical cluster alerts, in the catalog's units (percent 0-100): the same on every target.
    alerts: { "node-cpu-high": { threshold: 85 }, "node-storage-low": { threshold: 25 } },
  },
});

// Other components (kafka, cassandra, search) are one prop each.
// storage-low is percent free; RDS alarms on FreeStorageSpace below 15 % of the 50 GiB, in bytes.
new MonitoredService(stack, "invoicing", { platform, postgres: { storageGiB: 50, alerts: { "storage-low": { threshold: 15 } } } });

// Vigil's policy packs over every stack above: errors fail synth, warnings print, findings go into the manifest.
applyPolicyPacks(app);
// Each bad input once (construct path, value, fix), exit 1; `app.synth()` would print a stack trace instead.
synthOrExit(app);
