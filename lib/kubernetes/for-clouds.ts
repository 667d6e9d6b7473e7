/**
 * The in-cluster target's entry for the cloud targets (AWS, GCP, Azure): what a
 * cloud needs to place components in its own cluster. It loads no provider:
 * the Kubernetes and Helm providers load when a placement is created, so a
 * cloud-only app never loads them (`./index.ts` does, on import).
 */
export { createInClusterPlacement } from "./load-in-cluster-placement";
export type { InClusterTarget } from "./load-in-cluster-placement";
export type { InClusterBackups, InClusterOptions, ObjectStoreBackup, ObjectStoreProvider } from "./in-cluster-options";
export type { InClusterPlacement } from "./in-cluster-placement";
export type { KubernetesManifest } from "./chart";
export type { ClusterEndpointConnection } from "./connection";
export { platformImageSources } from "./images";
