import type { AwsChannelDelivery } from "cdktf-vigil/aws";
import type { AzureChannelDelivery, AzureDatabaseAdministrator } from "cdktf-vigil/azure";
import type { GcpChannelDelivery } from "cdktf-vigil/gcp";
import { AlertmanagerDelivery, EnvironmentTier, KubernetesClusterProps, MonitoredServiceProps, NotificationRoutingProps, RemoteStateConfig, Channel, secret } from "cdktf-vigil";

/** Per-environment settings of the reference deployment. */
export interface ReferenceEnvironmentConfig {
  /** AWS Region. */
  readonly awsRegion: string;
  /** VPC address space. */
  readonly networkCidr: string;
  /** Cluster overrides (node pools, admins, endpoint CIDRs, alert thresholds). */
  readonly cluster?: KubernetesClusterProps;
}

/** The reference deployment's configuration: edit this file to adopt it. */
export interface ReferenceConfig {
  /** Service name (prefixes resource names). */
  readonly service: string;
  /** Owning team. */
  readonly owner: string;
  /** Environments to deploy, with their settings. */
  readonly environments: Readonly<Record<EnvironmentTier, ReferenceEnvironmentConfig>>;
  /** Remote state for staging and prod (dev keeps local state). */
  readonly state: RemoteStateConfig;
  /** Notification channels and routes: where people are reached, the same on every target. */
  readonly notifications: NotificationRoutingProps;
  /** How each target reaches the channels that need more than the channel says. */
  readonly delivery: ReferenceDeliveryConfig;
  /** The service's data components and SLOs; the same in every environment, which the profile sizes and protects. */
  readonly components: Omit<MonitoredServiceProps, "platform" | "name">;
  /** The `local` environment: a kind cluster reached by kubeconfig context. */
  readonly local: ReferenceLocalConfig;
  /** The GCP environments. */
  readonly gcp: ReferenceGcpConfig;
  /** The Azure target's settings. */
  readonly azure: ReferenceAzureConfig;
}

/** Settings of the GCP stacks (`<env>-gcp-infra`, `<env>-gcp-platform`). */
export interface ReferenceGcpConfig {
  /** Region of every environment. */
  readonly region: string;
  /** Project id per environment (one project per environment keeps IAM and quotas apart). */
  readonly projects: Readonly<Record<EnvironmentTier, string>>;
  /** Remote state for staging and prod (a GCS bucket). */
  readonly state: RemoteStateConfig;
}

/** Settings of the Azure stacks (`<env>-azure-infra`). */
export interface ReferenceAzureConfig {
  /** Subscription id (credentials come from the environment: `az login`, OIDC or a managed identity). */
  readonly subscriptionId: string;
  /** Region of every environment. */
  readonly location: string;
  /** Resource id of the Key Vault holding the channel secrets and the Cassandra admin password. */
  readonly keyVaultId: string;
  /** Object id of the "Azure Cosmos DB" service principal in the tenant (Managed Cassandra needs it on the VNet). */
  readonly cosmosDbPrincipalId: string;
  /** Entra group administering the PostgreSQL servers (password authentication is off). */
  readonly databaseAdministrator: AzureDatabaseAdministrator;
  /** Remote state for staging and prod (dev keeps local state). */
  readonly state: RemoteStateConfig;
}

/** Settings of the `local` environment (the in-cluster target on kind). */
export interface ReferenceLocalConfig {
  /** Kubeconfig context of the kind cluster (`kind create cluster --name vigil` makes "kind-vigil"). */
  readonly kubeContext: string;
}

/**
 * How each target delivers the channels of `notifications`: each platform's
 * `delivery` prop. A routed channel whose target lacks a detail fails synth,
 * naming the prop to set.
 */
export interface ReferenceDeliveryConfig {
  /** The AWS platforms (SNS, AWS Chatbot). */
  readonly aws: AwsChannelDelivery;
  /** The GCP platforms (Cloud Monitoring notification channels). */
  readonly gcp: GcpChannelDelivery;
  /** The Azure platforms (action groups). */
  readonly azure: AzureChannelDelivery;
  /** Every in-cluster Alertmanager (kube-prometheus-stack on kind, GKE and AKS), which reads secrets from mounted Kubernetes Secrets (files). */
  readonly inCluster: AlertmanagerDelivery;
}

/**
 * Defaults that synthesize with no credentials. Addresses use example.com
 * (reserved for documentation); secrets are references to AWS Secrets
 * Manager entries that must exist before `cdktf deploy`.
 */
export const referenceConfig: ReferenceConfig = {
  service: "checkout",
  owner: "team-checkout",
  environments: {
    dev: { awsRegion: "eu-west-1", networkCidr: "10.10.0.0/16" },
    staging: { awsRegion: "eu-west-1", networkCidr: "10.20.0.0/16" },
    prod: { awsRegion: "eu-west-1", networkCidr: "10.30.0.0/16" },
  },
  state: { kind: "s3", bucket: "checkout-terraform-state", region: "eu-west-1", keyPrefix: "vigil" },
  notifications: {
    channels: {
      oncall: Channel.pagerDuty(secret("vigil/checkout/pagerduty-routing-key")),
      "team-email": Channel.email("checkout-oncall@example.com"),
      // The automation endpoint takes a bearer token; Alertmanager sends it from a file.
      tickets: Channel.issue("https://automation.example.com/hooks/checkout-issues", "CHECKOUT", secret("vigil/checkout/issue-webhook-token")),
    },
    routes: {
      page: ["oncall", "team-email"],
      ticket: ["tickets", "team-email"],
      info: [],
    },
    runbookBaseUrl: "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks/generated",
  },
  delivery: {
    // SNS, Cloud Monitoring and action group webhooks send no Authorization header: the
    // clouds post tickets to a URL that carries the credential, read from their secret stores.
    aws: { webhook: { urls: { tickets: secret("vigil/checkout/issue-webhook-url") } } },
    gcp: { webhook: { urls: { tickets: secret("vigil/checkout/issue-webhook-url") } } },
    azure: { webhook: { urls: { tickets: secret("vigil/checkout/issue-webhook-url") } } },
    inCluster: {
      smtp: { smarthost: "smtp.example.com:587", from: "vigil-alerts@example.com", authUsername: "vigil-alerts", authPassword: secret("vigil/checkout/smtp-password") },
    },
  },
  components: {
    kafka: {
      topics: {
        "checkout.orders": { partitions: 12, consumerGroups: ["invoicing", "fulfilment"], producers: ["checkout-api"] },
        "checkout.payments": { partitions: 6, consumerGroups: ["ledger"], producers: ["checkout-api"] },
      },
    },
    cassandra: {
      keyspaces: {
        checkout: {
          tables: {
            // Carts expire after 30 days without a change.
            carts: { columns: { cart_id: "uuid", sku: "text", quantity: "int", price: "decimal" }, partitionKey: ["cart_id"], clusteringKey: [{ column: "sku" }], defaultTtlSeconds: 2592000 },
          },
        },
      },
    },
    search: {},
    postgres: {},
    // No endpoint: each target's synthetic check probes the service through its edge (https://<edge host>/healthz).
  },
  gcp: {
    region: "europe-west1",
    // Placeholders: synth needs no credentials; `cdktf deploy` needs these projects to exist.
    projects: { dev: "checkout-dev-123456", staging: "checkout-staging-123456", prod: "checkout-prod-123456" },
    state: { kind: "gcs", bucket: "checkout-terraform-state-gcp", keyPrefix: "vigil" },
  },
  azure: {
    // Placeholder subscription: synth needs no credentials; set yours before `cdktf deploy`.
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    location: "westeurope",
    keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-checkout-secrets/providers/Microsoft.KeyVault/vaults/kv-checkout-secrets",
    // Placeholder: differs per tenant; `az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv`.
    cosmosDbPrincipalId: "00000000-0000-0000-0000-000000000000",
    // Placeholder: the object id of your database admins' Entra group (`az ad group show --group checkout-db-admins --query id -o tsv`).
    databaseAdministrator: { objectId: "00000000-0000-0000-0000-000000000000", principalName: "checkout-db-admins", principalType: "Group" },
    state: { kind: "azurerm", resourceGroupName: "rg-checkout-tfstate", storageAccountName: "checkouttfstate", containerName: "tfstate", keyPrefix: "vigil" },
  },
  local: { kubeContext: "kind-vigil" },
};
