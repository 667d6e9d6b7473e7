/**
 * In-cluster target (`cdktf-vigil/kubernetes`): operators, data services and
 * workloads on any cluster, through the Kubernetes and Helm providers. Until
 * the platform lands this entry point offers the DNS-label naming rule alone.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-kubernetes", "kubernetes");
assertProviderInstalled("@cdktf/provider-helm", "kubernetes");

export { NAMING_RULES, checkName, fitName } from "../core";
