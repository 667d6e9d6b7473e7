import { TerraformStack } from "cdktf";
import type { PlatformBase } from "../core/components/platform-base";
import { assertProviderInstalled } from "../core/require-provider";
import type { InClusterOptions } from "./in-cluster-options";
import type { InClusterPlacement, InClusterPlacementProps } from "./in-cluster-placement";

/** What a cloud platform adds to the user's {@link InClusterOptions}: how to reach its cluster and store data there. */
export type InClusterTarget = Pick<InClusterPlacementProps, "platformName" | "connect" | "defaultStorageClassName" | "storageClass">;

/**
 * Creates a cloud platform's {@link InClusterPlacement} (construct id
 * `<platform id>-in-cluster`, in `options.stack`), with the platform's
 * profile, routing, notifications and service. The module (and with it the
 * Kubernetes and Helm providers) is loaded here, when a platform is given an
 * in-cluster stack, so an app that places nothing in its cluster loads only
 * its cloud's provider.
 */
export function createInClusterPlacement(platform: PlatformBase, options: InClusterOptions, target: InClusterTarget): InClusterPlacement {
  assertProviderInstalled("@cdktf/provider-kubernetes", "kubernetes");
  assertProviderInstalled("@cdktf/provider-helm", "kubernetes");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: an import would load the Kubernetes and Helm providers with every platform.
  const loaded = require("./in-cluster-placement") as typeof import("./in-cluster-placement");
  return new loaded.InClusterPlacement(`${platform.node.id}-in-cluster`, {
    ...options,
    ...target,
    profile: platform.profile,
    routing: platform.routing,
    notifications: platform.notifications,
    service: platform.service,
    platformStack: TerraformStack.of(platform),
  });
}
