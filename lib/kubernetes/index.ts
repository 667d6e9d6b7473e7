/**
 * In-cluster target (`cdktf-vigil/kubernetes`): operators, data services and
 * workloads on any cluster, through the Kubernetes and Helm providers.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-kubernetes", "kubernetes");
assertProviderInstalled("@cdktf/provider-helm", "kubernetes");

// Every name here is a decision recorded in api/cdktf-vigil-kubernetes.api.md (`npm run api:update`).
export { KubernetesPlatform } from "./platform";
export type { InClusterClusterProps, KubernetesPlatformProps } from "./platform";
export { KubernetesOperators } from "./operators";
export type { KubernetesOperatorsProps } from "./operators";
export { TeamNamespace } from "./namespace";
export type { NamespaceQuota, TeamNamespaceProps } from "./namespace";
export { HttpWorkload } from "./workload";
export type { HttpProbes, HttpWorkloadProps, ReplicaBounds } from "./workload";
export type { ClusterEndpointConnection, ExecCredential, KubeconfigConnection, KubernetesConnection, KubernetesProviders } from "./connection";
export type { KubernetesEdgeIssuer, KubernetesEdgeProps } from "./edge";
export type { KubernetesPlatformLogsProps, LogArchiveProps, LogPipeline } from "./logs";
export type { InClusterBackups, InClusterOptions, ObjectStoreBackup, ObjectStoreProvider } from "./in-cluster-options";
export type { OperatorId } from "./versions";
export type { InClusterContext } from "./context";
export type { KubernetesManifest, ResourceChart, ResourceChartProps } from "./chart";
export type { ContainerResources } from "./resources";
export type { WorkloadEnvValue } from "./workload-env";
