// One-time state moves for environments deployed with the reference app's
// earlier layout, before the one in-cluster mechanism: the in-cluster objects
// now sit under the platform's InClusterPlacement (`platform-in-cluster`).
// Terraform ignores a moved block whose `from` is not in the state, so a fresh
// deployment is unaffected. Drop these once every environment has applied
// them (docs/upgrading.md says what else the upgrade takes).
import { TerraformStack } from "cdktf";

/** Where the GCP platform stack's releases were (operators and chart at the stack's root) and are. */
const GCP_PLATFORM_MOVES: ReadonlyArray<readonly [string, string]> = [
  ["helm_release.operators_certManager_16EE2021", "helm_release.platform-in-cluster_operators_certManager_033CED5C"],
  ["helm_release.operators_eck_9499BD6E", "helm_release.platform-in-cluster_operators_eck_20453E5E"],
  ["helm_release.operators_k8ssandra_21EE6A00", "helm_release.platform-in-cluster_operators_k8ssandra_F32703EE"],
  ["helm_release.operators_kubePrometheusStack_B1D270D8", "helm_release.platform-in-cluster_operators_kubePrometheusStack_BB8A5D49"],
  ["helm_release.resources_release_4DCF88B9", "helm_release.platform-in-cluster_resources_release_E75D2587"],
];

/** Where the Azure platform stack's chart release was (under a KubernetesPlatform) and is. */
const AZURE_PLATFORM_MOVES: ReadonlyArray<readonly [string, string]> = [["helm_release.platform_resources_release_0AACEFDF", "helm_release.platform-in-cluster_resources_release_E75D2587"]];

/**
 * The Azure data namespace and its network policy were Terraform resources;
 * they are objects of the chart now. Terraform forgets them instead of
 * deleting the namespace, and the volumes in it, on the way.
 */
const AZURE_PLATFORM_FORGOTTEN: readonly string[] = ["kubernetes_namespace_v1.platform_ns-checkout-data_ABA6BDCE", "kubernetes_network_policy_v1.platform_ns-checkout-data-ingress_5FD90E56"];

/** Adds the moved and removed blocks that carry a `<env>-<target>-platform` stack's state over to the one in-cluster mechanism. */
export function carryOverInClusterLayout(stack: TerraformStack, target: "gcp" | "azure"): void {
  const moves = target === "gcp" ? GCP_PLATFORM_MOVES : AZURE_PLATFORM_MOVES;
  stack.addOverride(
    "moved",
    moves.map(([from, to]) => ({ from, to })),
  );
  if (target === "azure") stack.addOverride("removed", AZURE_PLATFORM_FORGOTTEN.map((from) => ({ from, lifecycle: { destroy: false } })));
}
