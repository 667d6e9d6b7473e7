import { Construct } from "constructs";
import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import type { ClusterEndpointConnection } from "../kubernetes/for-clouds";

/** Application id of the AKS Entra ID server, the audience `kubelogin` asks tokens for (Microsoft Learn, "Use kubelogin"). */
const AKS_ENTRA_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Which AKS cluster a stack reaches. */
interface AksConnectionProps {
  /** Subscription of the cluster. */
  readonly subscriptionId: string;
  /** Name of the AKS cluster in `resourceGroupName`, read through the `azurerm_kubernetes_cluster` data source. */
  readonly clusterName: string;
  /** Its resource group. */
  readonly resourceGroupName: string;
}

/**
 * How a stack other than the cluster's reaches an AKS cluster: its API
 * server and CA read at plan time through a data source (the cluster exists
 * by then; its kubeconfig is sensitive, so it is not passed between stacks),
 * and a short-lived Entra ID token from `kubelogin` (local accounts are
 * disabled). No credential is written into the configuration.
 */
export function aksConnection(scope: Construct, props: AksConnectionProps): ClusterEndpointConnection {
  new AzurermProvider(scope, "azurerm", { features: [{}], subscriptionId: props.subscriptionId, storageUseAzuread: true });
  const aks = new DataAzurermKubernetesCluster(scope, "aks", { name: props.clusterName, resourceGroupName: props.resourceGroupName });
  const kubeConfig = aks.kubeConfig.get(0);
  return {
    kind: "endpoint",
    host: kubeConfig.host,
    clusterCaCertificateBase64: kubeConfig.clusterCaCertificate,
    exec: { command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_APP_ID] },
  };
}
