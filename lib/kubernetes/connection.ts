import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";

/** A cluster reached through a kubeconfig file (kind, a cluster someone else runs). */
export interface KubeconfigConnection {
  /** Connection kind. */
  readonly kind: "kubeconfig";
  /** Path of the kubeconfig file; read by Terraform at plan time, never at synth. @default "~/.kube/config" */
  readonly path?: string;
  /** Context to use, e.g. "kind-vigil". @default - the file's current context */
  readonly context?: string;
}

/** Command that prints an ExecCredential (e.g. `aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`). */
export interface ExecCredential {
  /** ExecCredential API version. @default "client.authentication.k8s.io/v1beta1" */
  readonly apiVersion?: string;
  /** Command to run. */
  readonly command: string;
  /** Its arguments. @default - none */
  readonly args?: readonly string[];
}

/**
 * A cluster made by a cloud platform (EKS, GKE, AKS), from its outputs. The
 * credential is an exec plugin run by Terraform: no token is ever written
 * into the synthesized configuration.
 */
export interface ClusterEndpointConnection {
  /** Connection kind. */
  readonly kind: "endpoint";
  /** API server URL (a Terraform reference to the cluster's endpoint, or a remote-state output). */
  readonly host: string;
  /** Base64-encoded cluster CA certificate (a reference). */
  readonly clusterCaCertificateBase64: string;
  /** How Terraform obtains a short-lived token. */
  readonly exec: ExecCredential;
}

/** How Terraform reaches the cluster. */
export type KubernetesConnection = KubeconfigConnection | ClusterEndpointConnection;

/** The two providers every in-cluster stack configures. */
export interface KubernetesProviders {
  /** The Kubernetes provider. */
  readonly kubernetes: KubernetesProvider;
  /** The Helm provider. */
  readonly helm: HelmProvider;
}

const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/**
 * Configures the Kubernetes and Helm providers for a connection. Both read
 * the kubeconfig (or run the exec plugin) when Terraform plans; synth never
 * touches the cluster, so `cdktf synth` works on a machine without one.
 */
export function configureKubernetesProviders(scope: Construct, connection: KubernetesConnection): KubernetesProviders {
  if (connection.kind === "kubeconfig") {
    const configPath = connection.path ?? "~/.kube/config";
    return {
      kubernetes: new KubernetesProvider(scope, "kubernetes", { configPath, configContext: connection.context }),
      helm: new HelmProvider(scope, "helm", { kubernetes: { configPath, configContext: connection.context } }),
    };
  }
  const exec = { apiVersion: connection.exec.apiVersion ?? EXEC_API_VERSION, command: connection.exec.command, args: [...(connection.exec.args ?? [])] };
  const ca = Fn.base64decode(connection.clusterCaCertificateBase64);
  return {
    kubernetes: new KubernetesProvider(scope, "kubernetes", { host: connection.host, clusterCaCertificate: ca, exec: [exec] }),
    helm: new HelmProvider(scope, "helm", { kubernetes: { host: connection.host, clusterCaCertificate: ca, exec } }),
  };
}

/** Checks a connection; messages name the field and the fix. */
export function validateConnection(connection: KubernetesConnection): string[] {
  const problems: string[] = [];
  if (connection.kind === "kubeconfig") {
    if (connection.context !== undefined && !connection.context.trim()) problems.push("`connection.context` is empty; name a kubeconfig context, e.g. \"kind-vigil\", or leave it out to use the current one");
  } else {
    if (!connection.host?.trim()) problems.push("`connection.host` is empty; pass the cluster's API endpoint (e.g. the EKS cluster's `endpoint` output)");
    else if (!Token.isUnresolved(connection.host) && !/^https:\/\/\S+$/.test(connection.host)) {
      problems.push(`\`connection.host\` is ${JSON.stringify(connection.host)}, not an https URL; the API server is reached over TLS, e.g. "https://api.example.com:6443"`);
    }
    if (!connection.exec?.command?.trim()) problems.push("`connection.exec.command` is empty; name the credential plugin, e.g. \"aws\" with args [\"eks\", \"get-token\", \"--cluster-name\", <name>]");
  }
  return problems;
}
