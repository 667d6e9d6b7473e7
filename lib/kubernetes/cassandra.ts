import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { CassandraHandle, CassandraProps, validateCassandra } from "../core/components/cassandra";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import type { AlertSetting } from "../observability/alert-catalog";
import { InClusterContext, ObjectStoreProvider } from "./context";
import { observeComponent } from "./observe";
import { canonicalPromAlert, containerCpuPercentQuery, containerRssPercentQuery, PromAlertSpec, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { DEFAULT_CASSANDRA_VERSION } from "./versions";
import { k8ssandraPanels } from "./dashboard-panels";

/**
 * Medusa's `storageProvider` per kind of store: the K8ssandraCluster CRD
 * accepts only google_storage, azure_blobs, s3, s3_compatible, s3_rgw and
 * ibm_storage (k8ssandra-operator `apis/medusa/v1alpha1/medusa_types.go`,
 * kubebuilder enum), so "gcs" would be rejected by the API server.
 */
const MEDUSA_STORAGE_PROVIDERS: Readonly<Record<ObjectStoreProvider, string>> = { s3: "s3", gcs: "google_storage", azure_blobs: "azure_blobs", s3_compatible: "s3_compatible" };

/** Component name of K8ssandra alerts (runbook folder). */
const K8SSANDRA_COMPONENT = "cassandra-k8ssandra";

/** Cassandra's latency histograms count microseconds (`le` of the Management API's buckets); the catalog's latency is in seconds. */
function secondsToMicroseconds(seconds: number): number {
  return Math.round(seconds * 1_000_000);
}

/**
 * A K8ssandraCluster's alerts, on the metrics endpoint of the Management API
 * (`telemetry.mcac.enabled: false`; MCAC is deprecated and being removed
 * from k8ssandra-operator), which the operator's ServiceMonitor scrapes on
 * port `metrics` without relabeling. Names, as that endpoint builds them
 * (management-api `CassandraMetricNameParser`: relabels of
 * `default-metric-settings.yaml`, then camelCase to snake_case, lower case):
 * - coordinator latency, the Timer `ClientRequest.Latency.<Read|Write>`:
 *   `org_apache_cassandra_metrics_client_request_latency_bucket{request_type="Read"|"Write"}`,
 *   `le` in microseconds on Cassandra 4.1+ (`CassandraMetricRegistryListener.onTimerAdded`
 *   exports Timers as histograms; `isMicrosecondLatencyBuckets` is true from 4.1, the bounds
 *   are `CassandraMetricsTools.LATENCY_OFFSETS`);
 * - `org_apache_cassandra_metrics_compaction_pending_tasks` (the Gauge `Compaction.PendingTasks`);
 * - `org_apache_cassandra_metrics_dropped_message_dropped_total{message_type}` (the Meter
 *   `DroppedMessage.Dropped.<verb>`, exported as a counter with `_total`; no `table` label, so
 *   k8ssandra-operator's default agent config, `pkg/telemetry/cassandra_agent/cassandra_agent_config.go`,
 *   which drops most per-table series, keeps it).
 * Node readiness from kube-state-metrics (`kube_statefulset_status_replicas_ready`), volumes
 * from the kubelet, CPU and memory from cAdvisor over the pods' requests and limits.
 */
function k8ssandraAlertBindings(name: string, namespace: string, runbookBaseUrl: string): ComponentAlertBindings<"cassandra"> {
  const sel = `namespace="${namespace}",pod=~"${name}-.*"`;
  // cass-operator names the pods <cluster>-<datacenter>-<rack>-sts-<n>; the container is "cassandra".
  const nodes = `${name}-.+-sts-[0-9]+`;
  const statefulSets = `namespace="${namespace}",statefulset=~"${name}-.*"`;
  const p99 = (type: "Read" | "Write") => `histogram_quantile(0.99, sum by (le) (rate(org_apache_cassandra_metrics_client_request_latency_bucket{${sel},request_type="${type}"}[5m])))`;
  const alert = (spec: Omit<PromAlertSpec, "severity">) => canonicalPromAlert(K8SSANDRA_COMPONENT, runbookBaseUrl, spec);
  const latency = (id: "read-latency-high" | "write-latency-high", type: "Read" | "Write") => ({
    build: (s: AlertSetting) =>
      alert({
        id,
        summary: `Cassandra ${name} ${type.toLowerCase()} p99 latency is above ${s.threshold} s`,
        description: `99th percentile of coordinator ${type.toLowerCase()} latency over the cluster (org_apache_cassandra_metrics_client_request_latency_bucket, request_type="${type}") above ${s.threshold} s for 10 minutes. The histogram counts microseconds, so the rule compares with ${secondsToMicroseconds(s.threshold)} µs.`,
        threshold: secondsToMicroseconds(s.threshold),
        unit: "µs",
        query: p99(type),
        comparison: ">",
        for: "10m",
      }),
  });
  return {
    kind: "cassandra",
    canonical: {
      "nodes-down": {
        build: (s) =>
          alert({
            id: "nodes-down",
            summary: `Cassandra ${name} has more than ${s.threshold} node(s) down or not ready`,
            description: `Desired minus ready replicas of the datacenters' StatefulSets (kube-state-metrics) above ${s.threshold} for 10 minutes. With one node down, quorum reads and writes at RF 3 still succeed; two down in a datacenter break LOCAL_QUORUM.`,
            threshold: s.threshold,
            unit: "nodes",
            query: `sum(kube_statefulset_replicas{${statefulSets}}) - sum(kube_statefulset_status_replicas_ready{${statefulSets}})`,
            comparison: ">",
            for: "10m",
          }),
      },
      "read-latency-high": latency("read-latency-high", "Read"),
      "write-latency-high": latency("write-latency-high", "Write"),
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Cassandra ${name} data volumes are nearly full`,
            description: `Lowest free share of the server-data volumes (kubelet_volume_stats) below ${s.threshold} % for 15 minutes. Compaction needs free space of the size of the SSTables it merges; with too little it fails and disk use grows.`,
            threshold: s.threshold,
            unit: "%",
            query: pvcFreePercentQuery(namespace, `server-data-${name}-.*`),
            comparison: "<",
            for: "15m",
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `Cassandra ${name} has a node above ${s.threshold} % of its CPU`,
            description: `CPU of the busiest node's cassandra container above ${s.threshold} % of the CPU it requests for 15 minutes. Nodes have no CPU limit (no throttling), so their request is the CPU reserved for them and the share can pass 100 %.`,
            threshold: s.threshold,
            unit: "%",
            query: containerCpuPercentQuery(namespace, nodes, "cassandra"),
            comparison: ">",
            for: "15m",
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Cassandra ${name} has a node above ${s.threshold} % of its memory`,
            description: `Resident memory (container_memory_rss: heap, off-heap memtables, bloom filters, index summaries) of the busiest node's cassandra container above ${s.threshold} % of its memory limit for 15 minutes; at the limit the kernel kills Cassandra. The page cache of the memory-mapped SSTables is left out: the kernel gives it back before the limit.`,
            threshold: s.threshold,
            unit: "%",
            query: containerRssPercentQuery(namespace, nodes, "cassandra"),
            comparison: ">",
            for: "15m",
          }),
      },
      "dropped-messages": {
        build: (s) =>
          alert({
            id: "dropped-messages",
            summary: `Cassandra ${name} drops messages`,
            description: `Rate of org_apache_cassandra_metrics_dropped_message_dropped_total over every message type (mutations, reads, range reads, hints, ...) and node above ${s.threshold} per second for 10 minutes: nodes shed requests they could not serve within the timeout; replicas diverge until repair.`,
            threshold: s.threshold,
            unit: "messages/s",
            query: `sum(rate(org_apache_cassandra_metrics_dropped_message_dropped_total{${sel}}[5m]))`,
            comparison: ">",
            for: "10m",
          }),
      },
      "pending-compactions-high": {
        build: (s) =>
          alert({
            id: "pending-compactions-high",
            summary: `Cassandra ${name} has a compaction backlog`,
            description: `org_apache_cassandra_metrics_compaction_pending_tasks of the busiest node above ${s.threshold} for 30 minutes. A growing backlog raises read latency and disk use.`,
            threshold: s.threshold,
            unit: "tasks",
            query: `max(sum by (pod) (org_apache_cassandra_metrics_compaction_pending_tasks{${sel}}))`,
            comparison: ">",
            for: "30m",
          }),
      },
    },
  };
}

/**
 * Cassandra on the K8ssandra operator: a K8ssandraCluster with one
 * datacenter per entry (size = nodes, persistent data volumes, hard
 * anti-affinity where the profile is highly available), the Management
 * API's metrics endpoint (MCAC off) and the operator's Prometheus
 * ServiceMonitor on, Medusa backups with a daily
 * MedusaBackupSchedule per datacenter when a destination is configured, and
 * the default alerts. Replication factors are checked against each
 * datacenter's node count (`validateCassandra`).
 */
export function k8ssandraCluster(ctx: InClusterContext, scope: IConstruct, service: string, props: CassandraProps): { handle: CassandraHandle; problems: string[] } {
  const problems = validateCassandra(props);
  const name = props.name ?? `${service}-cassandra`;
  const ns = ctx.namespace;
  const datacenters = Object.entries(props.datacenters ?? { dc1: {} });
  const medusa = ctx.backups?.cassandra;
  if (!medusa && ctx.profile.tier !== "dev") {
    Annotations.of(scope).addWarning(`[vigil:cassandraNoBackups] K8ssandraCluster ${name} in "${ctx.profile.name}" has no Medusa backups; set backups.cassandra on the platform`);
  }
  ctx.chart.add({
    apiVersion: "k8ssandra.io/v1alpha1",
    kind: "K8ssandraCluster",
    metadata: { name, namespace: ns },
    spec: {
      cassandra: {
        serverVersion: DEFAULT_CASSANDRA_VERSION,
        // The Management API's endpoint, not MCAC: k8ssandra-operator deprecated MCAC (docs.k8ssandra.io,
        // "Apache Cassandra metrics endpoints"); the ServiceMonitor then scrapes port `metrics`.
        telemetry: { mcac: { enabled: false }, prometheus: { enabled: true } },
        datacenters: datacenters.map(([dc, d]) => ({
          metadata: { name: dc },
          size: d.nodes ?? 3,
          softPodAntiAffinity: !ctx.profile.highAvailability,
          storageConfig: {
            cassandraDataVolumeClaimSpec: {
              ...(ctx.storageClassName ? { storageClassName: ctx.storageClassName } : {}),
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: `${d.storageGiB ?? 100}Gi` } },
            },
          },
          resources: podResources(props.size ?? ctx.profile.nodes.size),
        })),
      },
      ...(medusa
        ? {
            medusa: {
              storageProperties: {
                storageProvider: MEDUSA_STORAGE_PROVIDERS[medusa.provider ?? "s3"],
                bucketName: medusa.destination,
                prefix: name,
                storageSecretRef: { name: medusa.credentialsSecret },
                ...(medusa.region ? { region: medusa.region } : {}),
              },
            },
          }
        : {}),
    },
  });
  if (medusa) {
    for (const [dc] of datacenters) {
      ctx.chart.add({
        apiVersion: "medusa.k8ssandra.io/v1alpha1",
        kind: "MedusaBackupSchedule",
        metadata: { name: `${name}-${dc}-daily`, namespace: ns },
        spec: { cronSchedule: "0 2 * * *", backupSpec: { cassandraDatacenter: dc, backupType: "differential" } },
      });
    }
  }
  const totalNodes = datacenters.reduce((sum, [, d]) => sum + (d.nodes ?? 3), 0);
  const nodesDown = props.alerts?.["nodes-down"]?.threshold;
  if (typeof nodesDown === "number" && nodesDown >= totalNodes) {
    problems.push(`\`cassandra.alerts.nodes-down.threshold\` is ${nodesDown}, but the cluster has ${totalNodes} node(s): more than ${nodesDown} can never be down, so the alert would never fire; use ${totalNodes > 1 ? `0 to ${totalNodes - 1}` : "0"}, or \`enabled: false\``);
  }
  const observed = observeComponent(ctx.chart, scope, {
    routing: ctx.routing,
    description: "Cassandra cluster run by K8ssandra",
    stateful: true,
    service,
    component: K8SSANDRA_COMPONENT,
    prop: "cassandra",
    name,
    namespace: ns,
    bindings: k8ssandraAlertBindings(name, ns, ctx.routing.runbookBaseUrl),
    panels: k8ssandraPanels(name, ns),
    overrides: props,
  });
  problems.push(...observed.problems);
  const firstDc = datacenters[0]?.[0] ?? "dc1";
  return {
    handle: {
      kind: "cassandra",
      component: K8SSANDRA_COMPONENT,
      name,
      alerts: observed.alerts,
      unavailableAlerts: observed.unavailable,
      dashboardName: observed.dashboardName,
      endpoint: `${name}-${firstDc}-service.${ns}.svc`,
    },
    problems,
  };
}
