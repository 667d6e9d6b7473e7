import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { CassandraHandle, CassandraProps, validateCassandra } from "../core/components/cassandra";
import { AlertDefinition } from "../observability/alert";
import { InClusterContext, ObjectStoreProvider } from "./context";
import { observeComponent } from "./observe";
import { promAlerts, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { DEFAULT_CASSANDRA_VERSION } from "./versions";

/**
 * Medusa's `storageProvider` per kind of store: the K8ssandraCluster CRD
 * accepts only google_storage, azure_blobs, s3, s3_compatible, s3_rgw and
 * ibm_storage (k8ssandra-operator `apis/medusa/v1alpha1/medusa_types.go`,
 * kubebuilder enum), so "gcs" would be rejected by the API server.
 */
export const MEDUSA_STORAGE_PROVIDERS: Readonly<Record<ObjectStoreProvider, string>> = { s3: "s3", gcs: "google_storage", azure_blobs: "azure_blobs", s3_compatible: "s3_compatible" };

/** Component name of K8ssandra alerts (runbook folder). */
export const K8SSANDRA_COMPONENT = "cassandra-k8ssandra";

/**
 * Default alerts of a K8ssandraCluster, on the metrics endpoint of the
 * Management API (`telemetry.mcac.enabled: false`; MCAC is deprecated and
 * being removed from k8ssandra-operator), which the operator's ServiceMonitor
 * scrapes on port `metrics` without relabeling. Names, as that endpoint builds them:
 * - coordinator latency, the Timer `ClientRequest.Latency.<Read|Write>`:
 *   `org_apache_cassandra_metrics_client_request_latency_bucket{request_type="Read"|"Write"}`,
 *   `le` in microseconds on Cassandra 4.1+ (management-api
 *   `default-metric-settings.yaml` keeps the request type as a label, its case unchanged;
 *   `CassandraMetricRegistryListener.onTimerAdded` exports Timers as histograms,
 *   `CassandraMetricsTools.LATENCY_OFFSETS` are the bucket bounds);
 * - `org_apache_cassandra_metrics_compaction_pending_tasks` (the Gauge `Compaction.PendingTasks`);
 * - `org_apache_cassandra_metrics_table_dropped_mutations{keyspace,table}` (a Counter, exported
 *   without `_total`; one of the per-table metrics k8ssandra-operator's default agent config
 *   keeps, `pkg/telemetry/cassandra_agent/cassandra_agent_config.go`).
 * Thresholds after the cassandra-mixin of metric-collector-for-apache-cassandra; node
 * readiness from kube-state-metrics (`kube_statefulset_status_replicas_ready`).
 */
export function k8ssandraAlerts(name: string, namespace: string, runbookBaseUrl: string): AlertDefinition[] {
  const sel = `namespace="${namespace}",pod=~"${name}-.*"`;
  const p99 = (type: "Read" | "Write") => `histogram_quantile(0.99, sum by (le) (rate(org_apache_cassandra_metrics_client_request_latency_bucket{${sel},request_type="${type}"}[5m])))`;
  return promAlerts(K8SSANDRA_COMPONENT, runbookBaseUrl, [
    {
      id: "nodes-not-ready",
      summary: `Cassandra ${name} has nodes that are not ready`,
      description: "Desired minus ready replicas of the datacenters' StatefulSets (kube-state-metrics). With one node down, quorum reads and writes at RF 3 still succeed; two down in a datacenter break LOCAL_QUORUM.",
      severity: "page",
      threshold: 0,
      unit: "nodes",
      query: `sum(kube_statefulset_replicas{namespace="${namespace}",statefulset=~"${name}-.*"}) - sum(kube_statefulset_status_replicas_ready{namespace="${namespace}",statefulset=~"${name}-.*"})`,
      comparison: ">",
      for: "10m",
    },
    {
      id: "read-latency-high",
      summary: `Cassandra ${name} read p99 latency is high`,
      description: "99th percentile coordinator read latency (org_apache_cassandra_metrics_client_request_latency_bucket, microseconds). The mixin's threshold is 200 ms.",
      severity: "ticket",
      threshold: 200000,
      unit: "µs",
      query: p99("Read"),
      comparison: ">",
      for: "10m",
    },
    {
      id: "write-latency-high",
      summary: `Cassandra ${name} write p99 latency is high`,
      description: "99th percentile coordinator write latency (org_apache_cassandra_metrics_client_request_latency_bucket, microseconds). The mixin's threshold is 200 ms.",
      severity: "ticket",
      threshold: 200000,
      unit: "µs",
      query: p99("Write"),
      comparison: ">",
      for: "10m",
    },
    {
      id: "pending-compactions-high",
      summary: `Cassandra ${name} has a compaction backlog`,
      description: "org_apache_cassandra_metrics_compaction_pending_tasks per node (largest node). A growing backlog raises read latency and disk use.",
      severity: "ticket",
      threshold: 100,
      unit: "tasks",
      query: `max(sum by (pod) (org_apache_cassandra_metrics_compaction_pending_tasks{${sel}}))`,
      comparison: ">",
      for: "30m",
    },
    {
      id: "dropped-mutations",
      summary: `Cassandra ${name} drops writes`,
      description: "Rate of org_apache_cassandra_metrics_table_dropped_mutations (all tables): nodes shed writes they could not apply in time; replicas diverge until repair.",
      severity: "ticket",
      threshold: 0,
      unit: "mutations/s",
      query: `sum(rate(org_apache_cassandra_metrics_table_dropped_mutations{${sel}}[5m]))`,
      comparison: ">",
      for: "10m",
    },
    {
      id: "disk-space-low",
      summary: `Cassandra ${name} data volumes are nearly full`,
      description: "Lowest free share of the server-data volumes (kubelet_volume_stats). Compaction needs free space of the size of the largest SSTables; below 15 % it may fail.",
      severity: "ticket",
      threshold: 15,
      unit: "%",
      query: pvcFreePercentQuery(namespace, `server-data-${name}-.*`),
      comparison: "<",
      for: "15m",
    },
  ]);
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
  const observed = observeComponent(ctx.chart, {
    routing: ctx.routing,
    description: "Cassandra cluster run by K8ssandra",
    stateful: true,
    service,
    component: K8SSANDRA_COMPONENT,
    name,
    namespace: ns,
    defaults: k8ssandraAlerts(name, ns, ctx.routing.runbookBaseUrl),
    overrides: props.alerts,
  });
  problems.push(...observed.problems);
  const firstDc = datacenters[0]?.[0] ?? "dc1";
  return {
    handle: { component: K8SSANDRA_COMPONENT, name, alerts: observed.alerts, dashboardName: observed.dashboardName, endpoint: `${name}-${firstDc}-service.${ns}.svc` },
    problems,
  };
}
