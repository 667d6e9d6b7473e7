import { stringify } from "yaml";

/** Token file the managed scraper authenticates with; the only credentials file AMP accepts (AMP User Guide, "Scraper configuration"). */
const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** Shortest scrape interval an AMP managed scraper accepts. */
export const MIN_SCRAPE_INTERVAL_SECONDS = 30;

const bearer = { authorization: { type: "Bearer", credentials_file: SERVICE_ACCOUNT_TOKEN } };
const apiServerEndpoint = {
  source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
  regex: "default;kubernetes;https",
  action: "keep",
};

/** A job reading a node's kubelet through the API server proxy (the scraper reaches only the API server by name). */
function viaApiServerNodeProxy(jobName: string, pathSuffix: string): Record<string, unknown> {
  return {
    job_name: jobName,
    scheme: "https",
    ...bearer,
    kubernetes_sd_configs: [{ role: "node" }],
    relabel_configs: [
      { action: "labelmap", regex: "__meta_kubernetes_node_label_(.+)" },
      { target_label: "__address__", replacement: "kubernetes.default.svc:443" },
      { source_labels: ["__meta_kubernetes_node_name"], regex: "(.+)", target_label: "__metrics_path__", replacement: `/api/v1/nodes/$1/proxy/metrics${pathSuffix}` },
    ],
  };
}

/** A job reading an EKS control-plane component through the API server's `metrics.eks.amazonaws.com` group (EKS 1.28+). */
function eksControlPlane(jobName: string, component: "ksh" | "kcm"): Record<string, unknown> {
  return {
    job_name: jobName,
    scheme: "https",
    ...bearer,
    metrics_path: `/apis/metrics.eks.amazonaws.com/v1/${component}/container/metrics`,
    kubernetes_sd_configs: [{ role: "endpoints" }],
    relabel_configs: [apiServerEndpoint],
  };
}

/**
 * Scrape configuration of the AMP managed scraper for an EKS cluster, after
 * AWS's default scraper configuration (`GetDefaultScraperConfiguration`)
 * and the sample in the AMP User Guide, "Scraper configuration": the API
 * server, the kubelets and cAdvisor (through the API server's node proxy),
 * kube-proxy, the scheduler and controller manager (EKS-vended endpoints),
 * and application pods. Unlike AWS's default, which scrapes every port of
 * every pod, pods opt in with the conventional annotations
 * `prometheus.io/scrape: "true"` (plus `prometheus.io/port` and
 * `prometheus.io/path` where they differ from the container port and
 * `/metrics`), so a stray debug port is not scraped.
 */
export function eksScrapeConfiguration(clusterName: string, scrapeIntervalSeconds = MIN_SCRAPE_INTERVAL_SECONDS): Record<string, unknown> {
  return {
    global: {
      scrape_interval: `${scrapeIntervalSeconds}s`,
      external_labels: { cluster: clusterName },
    },
    scrape_configs: [
      {
        job_name: "kubernetes-apiservers",
        scheme: "https",
        ...bearer,
        kubernetes_sd_configs: [{ role: "endpoints" }],
        relabel_configs: [apiServerEndpoint],
      },
      viaApiServerNodeProxy("kubernetes-nodes", ""),
      viaApiServerNodeProxy("kubernetes-cadvisor", "/cadvisor"),
      {
        job_name: "kube-proxy",
        honor_labels: true,
        kubernetes_sd_configs: [{ role: "pod" }],
        relabel_configs: [
          { source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_pod_name"], separator: "/", regex: "kube-system/kube-proxy.+", action: "keep" },
          { source_labels: ["__address__"], regex: "(.+?)(?::\\d+)?", target_label: "__address__", replacement: "$1:10249", action: "replace" },
        ],
      },
      eksControlPlane("kube-scheduler", "ksh"),
      eksControlPlane("kube-controller-manager", "kcm"),
      {
        job_name: "kubernetes-pods",
        kubernetes_sd_configs: [{ role: "pod" }],
        relabel_configs: [
          { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], regex: "true", action: "keep" },
          { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed|Unknown", action: "drop" },
          { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_path"], regex: "(.+)", target_label: "__metrics_path__", action: "replace" },
          {
            source_labels: ["__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"],
            regex: "(.+?)(?::\\d+)?;(\\d+)",
            replacement: "$1:$2",
            target_label: "__address__",
            action: "replace",
          },
          { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace", action: "replace" },
          { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod", action: "replace" },
          { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container", action: "replace" },
        ],
      },
    ],
  };
}

/** The configuration as the YAML text `aws_prometheus_scraper.scrape_configuration` takes. */
export function renderScrapeConfiguration(config: Record<string, unknown>): string {
  return stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
}
