// The same service on each of the four targets, for the cross-target
// conformance suite and the generator of docs/alerts.md: the props a user
// writes once (components, overrides in the catalog's units, SLOs, an
// endpoint), the platform each target needs around them (built with the
// harness, test/harness.ts), and every stack synthesized with its Vigil
// manifest.
import { App, TerraformStack } from "cdktf";
import { AlertmanagerDelivery, KubernetesClusterProps, PlatformLogsProps, NotificationRoutingProps, VigilManifestDocument } from "../../lib";
import type { EnvironmentTier } from "../../lib/core/environment";
import { synthStack, SynthesizedStack } from "../../lib/testing";
import { ServiceComponents, Target, targetStack } from "../harness";
import { ALERTMANAGER_DELIVERY, AWS_DELIVERY, AZURE_DELIVERY, EVERY_CHANNEL, GCP_DELIVERY } from "./notifications";

/** What a user writes once: the service's props (without the platform) and the cluster's alert overrides. */
export interface PortableProps {
  /** The service's props. */
  readonly service: ServiceComponents;
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

/**
 * Builds `props` on `target` in `environment` (prod by default) through the
 * harness, with the stacks that target needs: `<env>-<target>-infra` (and its
 * in-cluster stack `<env>-<target>-platform` on GCP and Azure), or the
 * in-cluster target's platform stack and the operators' stack it depends on.
 * Every target routes {@link EVERY_CHANNEL} (or the given notifications) with
 * its delivery, and has an edge. Returns the app's stacks before synthesis.
 */
export function buildOnTarget(target: Target, props: PortableProps, environment: EnvironmentTier = "prod"): TerraformStack[] {
  const notifications = props.notifications ?? EVERY_CHANNEL;
  const cluster = { alerts: props.clusterAlerts };
  const base = { service: "checkout", owner: "team-checkout", notifications, cluster, logs: { alerts: props.logPipelineAlerts } };
  const common = { environment, stackId: `${environment}-${target}-infra`, service: props.service };
  switch (target) {
    case "aws":
      return [targetStack("aws", { ...common, platform: { ...base, delivery: AWS_DELIVERY, edge: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } } }).stack];
    case "gcp": {
      const { app, inCluster } = withInClusterStack(target, environment);
      const built = targetStack("gcp", { ...common, app, inCluster, platform: { ...base, delivery: GCP_DELIVERY, edge: { dnsZone: "example-com" } } });
      return [built.stack, inCluster.stack];
    }
    case "azure": {
      const { app, inCluster } = withInClusterStack(target, environment);
      const dnsZoneId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com";
      const built = targetStack("azure", { ...common, app, inCluster, platform: { ...base, delivery: AZURE_DELIVERY, edge: { dnsZoneId } } });
      return [built.stack, inCluster.stack];
    }
    case "kubernetes": {
      const built = targetStack("kubernetes", {
        ...common,
        stackId: `${environment}-kubernetes-platform`,
        operators: { notifications, delivery: ALERTMANAGER_DELIVERY },
        operatorsStackId: `${environment}-kubernetes-operators`,
        platform: {
          ...base,
          // A prod-tier profile archives the log store's snapshots to a bucket.
          logs: { ...base.logs, archive: { bucket: "checkout-log-archive", credentialsSecret: "log-archive-s3" } },
          // The edge's certificates from Let's Encrypt, with a contact for the ACME account.
          edge: { issuer: { kind: "acme", email: "platform@example.com" } },
        },
      });
      return [built.stack, built.operatorsStack];
    }
  }
}

/** An app whose in-cluster stack `<env>-<target>-platform` exists before the platform's, delivering through {@link ALERTMANAGER_DELIVERY}. */
function withInClusterStack(target: "gcp" | "azure", environment: EnvironmentTier): { app: App; inCluster: { stack: TerraformStack; delivery: AlertmanagerDelivery } } {
  const app = new App({ outdir: `/tmp/vigil-conformance-${target}` });
  return { app, inCluster: { stack: new TerraformStack(app, `${environment}-${target}-platform`), delivery: ALERTMANAGER_DELIVERY } };
}

/** {@link buildOnTarget}, synthesized (validation on). */
export function synthOnTarget(target: Target, props: PortableProps, environment: EnvironmentTier = "prod"): TargetSynth {
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
