import { IConstruct } from "constructs";
import { resolveSearch, SearchHandle, SearchProps } from "../core/components/search";
import { AlertDefinition } from "../observability/alert";
import { InClusterContext } from "./context";
import { observeComponent } from "./observe";
import { promAlerts, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { DEFAULT_ELASTICSEARCH_VERSION, ELASTICSEARCH_EXPORTER_IMAGE } from "./versions";

/** Component name of ECK alerts (runbook folder). */
export const ECK_COMPONENT = "search-eck";
const EXPORTER_PORT = 9114;

/**
 * Default alerts of an ECK Elasticsearch cluster, on the metrics of the
 * prometheus-community elasticsearch_exporter (ECK publishes no cluster
 * metrics itself): `elasticsearch_cluster_health_status{color}`,
 * `elasticsearch_cluster_health_unassigned_shards`,
 * `elasticsearch_cluster_health_number_of_nodes`,
 * `elasticsearch_jvm_memory_used_bytes` / `elasticsearch_jvm_memory_max_bytes`
 * (area="heap"), as in the exporter's README and its example alerts.
 */
export function eckAlerts(name: string, namespace: string, expectedNodes: number, runbookBaseUrl: string): AlertDefinition[] {
  const sel = `namespace="${namespace}",job="${name}-es-exporter"`;
  return promAlerts(ECK_COMPONENT, runbookBaseUrl, [
    {
      id: "cluster-red",
      summary: `Elasticsearch ${name} is red`,
      description: "elasticsearch_cluster_health_status{color=\"red\"} is 1: at least one primary shard is unassigned, so some data cannot be searched or indexed.",
      severity: "page",
      threshold: 0,
      unit: "boolean",
      query: `max(elasticsearch_cluster_health_status{${sel},color="red"})`,
      comparison: ">",
      for: "5m",
    },
    {
      id: "cluster-yellow",
      summary: `Elasticsearch ${name} is yellow`,
      description: "elasticsearch_cluster_health_status{color=\"yellow\"} is 1: replica shards are unassigned; one more node loss may lose data. Normal for a few minutes during a rolling restart.",
      severity: "ticket",
      threshold: 0,
      unit: "boolean",
      query: `max(elasticsearch_cluster_health_status{${sel},color="yellow"})`,
      comparison: ">",
      for: "30m",
    },
    {
      id: "nodes-missing",
      summary: `Elasticsearch ${name} has fewer nodes than deployed`,
      description: `elasticsearch_cluster_health_number_of_nodes is below the ${expectedNodes} nodes the cluster was deployed with (the threshold).`,
      severity: "ticket",
      threshold: expectedNodes,
      unit: "nodes",
      query: `min(elasticsearch_cluster_health_number_of_nodes{${sel}})`,
      comparison: "<",
      for: "10m",
    },
    {
      id: "heap-usage-high",
      summary: `Elasticsearch ${name} heap usage is high`,
      description: "Largest share of JVM heap in use on a node (elasticsearch_jvm_memory_used_bytes / max, area=heap). Sustained high heap leads to long GC pauses and circuit-breaker rejections.",
      severity: "ticket",
      threshold: 90,
      unit: "%",
      query: `max(elasticsearch_jvm_memory_used_bytes{${sel},area="heap"} / elasticsearch_jvm_memory_max_bytes{${sel},area="heap"}) * 100`,
      comparison: ">",
      for: "15m",
    },
    {
      id: "disk-space-low",
      summary: `Elasticsearch ${name} data volumes are nearly full`,
      description: "Lowest free share of the elasticsearch-data volumes (kubelet_volume_stats). Elasticsearch stops allocating shards at the 85 % watermark and makes indices read-only at 95 %.",
      severity: "ticket",
      threshold: 20,
      unit: "%",
      query: pvcFreePercentQuery(namespace, `elasticsearch-data-${name}-es-.*`),
      comparison: "<",
      for: "15m",
    },
  ]);
}

/**
 * Elasticsearch + Kibana on ECK: HTTP TLS on (ECK's self-signed CA),
 * dedicated master nodes where the profile is highly available, data nodes
 * with persistent volumes, Kibana connected by `elasticsearchRef`, the
 * elasticsearch_exporter (reading through HTTPS with the elastic user's
 * Secret that ECK creates) with a ServiceMonitor, and the default alerts.
 */
export function eckElasticsearch(ctx: InClusterContext, _scope: IConstruct, service: string, props: SearchProps): { handle: SearchHandle; problems: string[] } {
  const { search, problems } = resolveSearch(props, ctx.profile);
  const name = props.name ?? `${service}-search`;
  const ns = ctx.namespace;
  const version = props.version ?? DEFAULT_ELASTICSEARCH_VERSION;
  const volume = (storageGiB: number) => [
    {
      metadata: { name: "elasticsearch-data" },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: `${storageGiB}Gi` } },
        ...(ctx.storageClassName ? { storageClassName: ctx.storageClassName } : {}),
      },
    },
  ];
  const size = props.size ?? ctx.profile.nodes.size;
  const podTemplate = (memoryShare: number) => ({ spec: { containers: [{ name: "elasticsearch", resources: podResources(size, memoryShare) }] } });
  // Memory-mapped index files need vm.max_map_count >= 262144 on the nodes; dev clusters (kind) rarely have it.
  const devConfig = ctx.profile.tier === "dev" ? { "node.store.allow_mmap": false } : {};
  const nodeSets = search.dedicatedMasters
    ? [
        { name: "master", count: 3, config: { "node.roles": ["master"], ...devConfig }, volumeClaimTemplates: volume(10), podTemplate: podTemplate(0.5) },
        { name: "data", count: search.dataNodes, config: { "node.roles": ["data", "ingest"], ...devConfig }, volumeClaimTemplates: volume(search.storageGiB), podTemplate: podTemplate(1) },
      ]
    : [{ name: "default", count: search.dataNodes, config: { "node.roles": ["master", "data", "ingest"], ...devConfig }, volumeClaimTemplates: volume(search.storageGiB), podTemplate: podTemplate(1) }];
  ctx.chart.add({
    apiVersion: "elasticsearch.k8s.elastic.co/v1",
    kind: "Elasticsearch",
    metadata: { name, namespace: ns },
    spec: { version, http: { tls: { selfSignedCertificate: { disabled: false } } }, nodeSets },
  });
  ctx.chart.add({
    apiVersion: "kibana.k8s.elastic.co/v1",
    kind: "Kibana",
    metadata: { name, namespace: ns },
    spec: { version, count: ctx.profile.highAvailability ? 2 : 1, elasticsearchRef: { name }, http: { tls: { selfSignedCertificate: { disabled: false } } } },
  });
  const exporter = `${name}-es-exporter`;
  const labels = { "app.kubernetes.io/name": "elasticsearch-exporter", "app.kubernetes.io/instance": exporter };
  ctx.chart.add({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: exporter, namespace: ns, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "exporter",
              image: ELASTICSEARCH_EXPORTER_IMAGE,
              args: [`--es.uri=https://${name}-es-http.${ns}.svc:9200`, "--es.ca=/certs/ca.crt", "--es.all", "--es.indices"],
              // ECK keeps the elastic user's password in <name>-es-elastic-user, key "elastic".
              env: [
                { name: "ES_USERNAME", value: "elastic" },
                { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: `${name}-es-elastic-user`, key: "elastic" } } },
              ],
              ports: [{ name: "metrics", containerPort: EXPORTER_PORT }],
              readinessProbe: { httpGet: { path: "/healthz", port: "metrics" } },
              resources: { requests: { cpu: "25m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "ca", mountPath: "/certs", readOnly: true }],
            },
          ],
          volumes: [{ name: "ca", secret: { secretName: `${name}-es-http-certs-public` } }],
        },
      },
    },
  });
  ctx.chart.add({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: exporter, namespace: ns, labels },
    spec: { selector: labels, ports: [{ name: "metrics", port: EXPORTER_PORT, targetPort: "metrics" }] },
  });
  ctx.chart.add({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: exporter, namespace: ns },
    spec: { selector: { matchLabels: labels }, namespaceSelector: { matchNames: [ns] }, endpoints: [{ port: "metrics", interval: "30s" }], jobLabel: "app.kubernetes.io/instance" },
  });
  const nodes = search.dataNodes + (search.dedicatedMasters ? 3 : 0);
  const observed = observeComponent(ctx.chart, {
    routing: ctx.routing,
    description: "Elasticsearch cluster run by ECK",
    stateful: true,
    service,
    component: ECK_COMPONENT,
    name,
    namespace: ns,
    defaults: eckAlerts(name, ns, nodes, ctx.routing.runbookBaseUrl),
    overrides: props.alerts,
  });
  problems.push(...observed.problems);
  return {
    handle: { component: ECK_COMPONENT, name, alerts: observed.alerts, dashboardName: observed.dashboardName, endpoint: `https://${name}-es-http.${ns}.svc:9200` },
    problems,
  };
}
