/**
 * kube-prometheus-stack scrapes kube-state-metrics as job "kube-state-metrics"
 * and the node exporter as job "node-exporter" (its ServiceMonitors'
 * jobLabel); its own rules select them so.
 */
export const KSM = 'job="kube-state-metrics"';
/** The node exporter's job. */
export const NODE_EXPORTER = 'job="node-exporter"';
/** The root filesystem as the node exporter reports it (it runs with --path.rootfs=/host/root and strips the prefix). */
export const ROOT_FS = `${NODE_EXPORTER},mountpoint="/",fstype!=""`;
/**
 * The Kubernetes API server as kube-prometheus-stack scrapes it (its
 * `kubeApiServer` ServiceMonitor, on by default, job "apiserver"; the
 * kubernetes-mixin dashboards it ships select it so).
 */
export const API_SERVER = 'job="apiserver"';
