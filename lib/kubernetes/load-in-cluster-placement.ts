import { assertProviderInstalled } from "../core/require-provider";
import type { InClusterPlacement, InClusterPlacementProps } from "./in-cluster-placement";

/**
 * Creates a cloud platform's {@link InClusterPlacement}. The module (and with
 * it the Kubernetes and Helm providers) is loaded here, when a platform is
 * given an in-cluster stack, so an app that places nothing in its cluster
 * loads only its cloud's provider.
 */
export function createInClusterPlacement(id: string, props: InClusterPlacementProps): InClusterPlacement {
  assertProviderInstalled("@cdktf/provider-kubernetes", "kubernetes");
  assertProviderInstalled("@cdktf/provider-helm", "kubernetes");
  const loaded = require("./in-cluster-placement") as typeof import("./in-cluster-placement");
  return new loaded.InClusterPlacement(id, props);
}
