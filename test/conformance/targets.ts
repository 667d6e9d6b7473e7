// One way to build the same service on each of the four targets, for the
// cross-target conformance suite and the generator of docs/alerts.md: the
// props a user writes once (components, overrides in the catalog's units,
// SLOs, an endpoint), the platform each target needs around them, and every
// stack synthesized with its Vigil manifest.
import { App, TerraformStack } from "cdktf";
import { KubernetesClusterProps, MonitoredService, PlatformLogsProps, MonitoredServiceProps, NotificationRoutingProps } from "../../lib";
import { VigilManifestDocument } from "../../lib/core/manifest";
import { AwsPlatform } from "../../lib/aws";
import { AzurePlatform } from "../../lib/azure";
import { GcpPlatform } from "../../lib/gcp";
import { KubernetesOperators, KubernetesPlatform } from "../../lib/kubernetes";
import { synthStack, SynthesizedStack } from "../../lib/testing";
import { ALERTMANAGER_DELIVERY, AWS_DELIVERY, AZURE_DELIVERY, EVERY_CHANNEL, GCP_DELIVERY } from "./notifications";

/** The four targets. */
export const TARGETS = ["aws", "gcp", "azure", "kubernetes"] as const;

/** A target name. */
export type Target = (typeof TARGETS)[number];

/** What a user writes once: the service's props (without the platform) and the cluster's alert overrides. */
export interface PortableProps {
  /** The service's props. */
  readonly service: Omit<MonitoredServiceProps, "platform">;
  /** Overrides of the cluster's canonical alerts. @default - none */
  readonly clusterAlerts?: KubernetesClusterProps["alerts"];
  /** Overrides of the log pipeline's canonical alerts. @default - none */
  readonly logPipelineAlerts?: PlatformLogsProps["alerts"];
  /** Notification routing. @default - {@link EVERY_CHANNEL}, with each target's delivery */
  readonly notifications?: NotificationRoutingProps;
}

/** One target's synthesized stacks, by stack id. */
export interface TargetSynth {
  /** The target. */
  readonly target: Target;
  /** Stacks by id. */
  readonly stacks: Readonly<Record<string, SynthesizedStack>>;
}

const ZERO = "00000000-0000-0000-0000-000000000000";

/**
 * Builds `props` on `target` in `environment` (prod by default) with the
 * stacks that target needs: `<env>-<target>-infra` (and its in-cluster stack
 * `<env>-<target>-platform` on GCP and Azure), or the in-cluster target's
 * platform stack. Returns the app's stacks before synthesis.
 */
export function buildOnTarget(target: Target, props: PortableProps, environment = "prod"): TerraformStack[] {
  const app = new App({ outdir: `/tmp/vigil-conformance-${target}` });
  const notifications = props.notifications ?? EVERY_CHANNEL;
  const cluster = { alerts: props.clusterAlerts };
  const base = { environment, service: "checkout", owner: "team-checkout", notifications, logs: { alerts: props.logPipelineAlerts } };
  switch (target) {
    case "aws": {
      const infra = new TerraformStack(app, `${environment}-aws-infra`);
      const platform = new AwsPlatform(infra, "platform", { ...base, region: "eu-west-1", cluster, delivery: AWS_DELIVERY, edge: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
      new MonitoredService(infra, "checkout", { platform, ...props.service });
      return [infra];
    }
    case "gcp": {
      const inCluster = new TerraformStack(app, `${environment}-gcp-platform`);
      const infra = new TerraformStack(app, `${environment}-gcp-infra`);
      const platform = new GcpPlatform(infra, "platform", {
        ...base,
        project: `checkout-${environment}-123456`,
        region: "europe-west1",
        cluster,
        delivery: GCP_DELIVERY,
        inCluster: { stack: inCluster, delivery: ALERTMANAGER_DELIVERY },
        edge: { dnsZone: "example-com" },
      });
      new MonitoredService(infra, "checkout", { platform, ...props.service });
      return [infra, inCluster];
    }
    case "azure": {
      const inCluster = new TerraformStack(app, `${environment}-azure-platform`);
      const infra = new TerraformStack(app, `${environment}-azure-infra`);
      const platform = new AzurePlatform(infra, "platform", {
        ...base,
        location: "westeurope",
        subscriptionId: ZERO,
        keyVaultId: `/subscriptions/${ZERO}/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-checkout`,
        databaseAdministrator: { objectId: "11111111-1111-1111-1111-111111111111", principalName: "checkout-db-admins", principalType: "Group" },
        cosmosDbPrincipalId: "22222222-2222-2222-2222-222222222222",
        cluster,
        delivery: AZURE_DELIVERY,
        inCluster: { stack: inCluster, delivery: ALERTMANAGER_DELIVERY },
        edge: { dnsZoneId: `/subscriptions/${ZERO}/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com` },
      });
      new MonitoredService(infra, "checkout", { platform, ...props.service });
      return [infra, inCluster];
    }
    case "kubernetes": {
      const connection = { kind: "kubeconfig", context: "kind-vigil" } as const;
      const operators = new TerraformStack(app, `${environment}-kubernetes-operators`);
      new KubernetesOperators(operators, "operators", { environment, connection, notifications, delivery: ALERTMANAGER_DELIVERY });
      const stack = new TerraformStack(app, `${environment}-kubernetes-platform`);
      stack.addDependency(operators);
      // A prod-tier profile archives the log store's snapshots to a bucket.
      const logs = { ...base.logs, archive: { bucket: "checkout-log-archive", credentialsSecret: "log-archive-s3" } };
      // The edge's certificates from Let's Encrypt, with a contact for the ACME account.
      const edge = { issuer: { kind: "acme", email: "platform@example.com" } } as const;
      const platform = new KubernetesPlatform(stack, "platform", { ...base, connection, cluster, logs, edge });
      new MonitoredService(stack, "checkout", { platform, ...props.service });
      return [stack, operators];
    }
  }
}

/** {@link buildOnTarget}, synthesized (validation on). */
export function synthOnTarget(target: Target, props: PortableProps, environment = "prod"): TargetSynth {
  const stacks = buildOnTarget(target, props, environment);
  return { target, stacks: Object.fromEntries(stacks.map((s) => [s.node.id, synthStack(s)])) };
}

/** The Vigil manifests of a target's stacks, merged: every component and alert wherever it is deployed. */
export function mergedManifest(synth: TargetSynth): Pick<VigilManifestDocument, "components" | "alerts"> {
  const manifests = Object.values(synth.stacks).map((s) => (s["//"] as { vigil?: VigilManifestDocument } | undefined)?.vigil);
  return {
    components: manifests.flatMap((m) => m?.components ?? []),
    alerts: manifests.flatMap((m) => m?.alerts ?? []),
  };
}
