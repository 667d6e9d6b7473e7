/**
 * In-cluster target (`cdktf-vigil/kubernetes`): operators, data services and
 * workloads on any cluster, through the Kubernetes and Helm providers.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-kubernetes", "kubernetes");
assertProviderInstalled("@cdktf/provider-helm", "kubernetes");

export { NAMING_RULES, checkName, fitName } from "../core";
export * from "./versions";
export * from "./images";
export * from "./connection";
export * from "./chart";
export * from "./context";
export * from "./resources";
export * from "./sizes";
export * from "./observe";
export * from "./grafana-dashboard";
export * from "./dashboard-panels";
export * from "./service-dashboard";
export * from "./monitoring-values";
export * from "./operators";
export * from "./platform";
export * from "./platform-alerts";
export * from "./kafka";
export * from "./kafka-users";
export * from "./cassandra";
export * from "./search";
export * from "./postgres";
export * from "./namespace";
export * from "./workload";
export * from "./workload-env";
export * from "./endpoint-probe";
export * from "./logs";
export * from "./log-alerts";
export * from "./edge";
export * from "./edge-alerts";
export * from "./in-cluster-options";
