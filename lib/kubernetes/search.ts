import { IConstruct } from "constructs";
import { resolveSearch, SearchHandle, SearchProps } from "../core/components/search";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import type { AlertSetting } from "../observability/alert-catalog";
import { InClusterContext } from "./context";
import { observeComponent } from "./observe";
import { canonicalPromAlert, containerCpuPercentQuery, PromAlertSpec, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { DEFAULT_ELASTICSEARCH_VERSION, ELASTICSEARCH_EXPORTER_IMAGE } from "./versions";
import { eckPanels } from "./dashboard-panels";

/** Component name of ECK alerts (runbook folder). */
const ECK_COMPONENT = "search-eck";
const EXPORTER_PORT = 9114;

/**
 * An ECK Elasticsearch cluster's alerts, on the metrics of the
 * prometheus-community elasticsearch_exporter (ECK publishes no cluster
 * metrics itself; `collector/cluster_health.go` and `collector/nodes.go`):
 * `elasticsearch_cluster_health_status{color}`,
 * `elasticsearch_cluster_health_number_of_nodes`,
 * `elasticsearch_jvm_memory_used_bytes` / `elasticsearch_jvm_memory_max_bytes{area="heap"}`
 * and `elasticsearch_thread_pool_queue_count{type}`, the node metrics labelled
 * with the node's roles (`es_data_node`); volumes from the kubelet; CPU from
 * cAdvisor over the pods' requests. `dataNodeSet` is the nodeSet holding the
 * data nodes (`data` with dedicated masters, else `default`), `expectedNodes`
 * every node the spec deploys (masters and data).
 */
function eckAlertBindings(name: string, namespace: string, dataNodeSet: string, expectedNodes: number, runbookBaseUrl: string): ComponentAlertBindings<"search"> {
  const sel = `namespace="${namespace}",job="${name}-es-exporter"`;
  const dataSel = `${sel},es_data_node="true"`;
  const alert = (spec: Omit<PromAlertSpec, "severity">) => canonicalPromAlert(ECK_COMPONENT, runbookBaseUrl, spec);
  const queue = (id: "write-queue-high" | "search-queue-high", pool: "write" | "search") => ({
    build: (s: AlertSetting) =>
      alert({
        id,
        summary: `Elasticsearch ${name} queues ${pool} requests`,
        description: `Requests waiting in the ${pool} thread pool of the busiest data node (elasticsearch_thread_pool_queue_count{type="${pool}"}) above ${s.threshold} for 10 minutes: the node cannot keep up; when the queue is full, Elasticsearch rejects ${pool} requests with 429.`,
        threshold: s.threshold,
        unit: "requests",
        query: `max(elasticsearch_thread_pool_queue_count{${dataSel},type="${pool}"})`,
        comparison: ">",
        for: "10m",
      }),
  });
  return {
    kind: "search",
    canonical: {
      "cluster-red": {
        build: () =>
          alert({
            id: "cluster-red",
            summary: `Elasticsearch ${name} is red`,
            description: 'elasticsearch_cluster_health_status{color="red"} is 1: at least one primary shard is unassigned, so some data cannot be searched or indexed.',
            threshold: 0,
            unit: "boolean",
            query: `max(elasticsearch_cluster_health_status{${sel},color="red"})`,
            comparison: ">",
            for: "5m",
          }),
      },
      "cluster-yellow": {
        build: () =>
          alert({
            id: "cluster-yellow",
            summary: `Elasticsearch ${name} is yellow`,
            description: 'elasticsearch_cluster_health_status{color="yellow"} is 1: replica shards are unassigned; one more node loss may lose data. Normal for a few minutes during a rolling restart.',
            threshold: 0,
            unit: "boolean",
            query: `max(elasticsearch_cluster_health_status{${sel},color="yellow"})`,
            comparison: ">",
            for: "30m",
          }),
      },
      "nodes-missing": {
        build: (s) =>
          alert({
            id: "nodes-missing",
            summary: `Elasticsearch ${name} misses more than ${s.threshold} of its ${expectedNodes} nodes`,
            description: `elasticsearch_cluster_health_number_of_nodes below ${expectedNodes - s.threshold} for 10 minutes: more than ${s.threshold} of the ${expectedNodes} nodes the spec deploys (masters and data) have left the cluster.`,
            threshold: expectedNodes - s.threshold,
            unit: "nodes",
            query: `min(elasticsearch_cluster_health_number_of_nodes{${sel}})`,
            comparison: "<",
            for: "10m",
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Elasticsearch ${name} data volumes are nearly full`,
            description: `Lowest free share of the data nodes' elasticsearch-data volumes (kubelet_volume_stats) below ${s.threshold} % for 15 minutes. Elasticsearch stops allocating shards to a node at 15 % free (low watermark) and blocks writes to its indices at 5 % (flood stage).`,
            threshold: s.threshold,
            unit: "%",
            query: pvcFreePercentQuery(namespace, `elasticsearch-data-${name}-es-${dataNodeSet}-[0-9]+`),
            comparison: "<",
            for: "15m",
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `Elasticsearch ${name} has a data node above ${s.threshold} % of its CPU`,
            description: `CPU of the busiest data node's elasticsearch container above ${s.threshold} % of the CPU it requests for 15 minutes. Data nodes have no CPU limit, so their request is the CPU reserved for them and the share can pass 100 %. (elasticsearch_process_cpu_percent would be a share of the whole Kubernetes node's CPUs, which the JVM sees without a limit.)`,
            threshold: s.threshold,
            unit: "%",
            query: containerCpuPercentQuery(namespace, `${name}-es-${dataNodeSet}-[0-9]+`, "elasticsearch"),
            comparison: ">",
            for: "15m",
          }),
      },
      "jvm-memory-high": {
        build: (s) =>
          alert({
            id: "jvm-memory-high",
            summary: `Elasticsearch ${name} has a data node with its heap above ${s.threshold} %`,
            description: `Largest share of JVM heap in use on a data node (elasticsearch_jvm_memory_used_bytes / max, area="heap") above ${s.threshold} % for 15 minutes: the node is close to out-of-memory; circuit breakers reject requests and GC pauses grow.`,
            threshold: s.threshold,
            unit: "%",
            query: `max(elasticsearch_jvm_memory_used_bytes{${dataSel},area="heap"} / elasticsearch_jvm_memory_max_bytes{${dataSel},area="heap"}) * 100`,
            comparison: ">",
            for: "15m",
          }),
      },
      "write-queue-high": queue("write-queue-high", "write"),
      "search-queue-high": queue("search-queue-high", "search"),
    },
  };
}

/**
 * Elasticsearch + Kibana on ECK: HTTP TLS on (ECK's self-signed CA),
 * dedicated master nodes where the profile is highly available, data nodes
 * with persistent volumes, Kibana connected by `elasticsearchRef`, the
 * elasticsearch_exporter (reading through HTTPS with the elastic user's
 * Secret that ECK creates) with a ServiceMonitor, and the default alerts.
 */
export function eckElasticsearch(ctx: InClusterContext, scope: IConstruct, service: string, props: SearchProps): { handle: SearchHandle; problems: string[] } {
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
  const nodes = nodeSets.reduce((sum, n) => sum + n.count, 0);
  const nodesMissing = props.alerts?.["nodes-missing"]?.threshold;
  if (typeof nodesMissing === "number" && nodesMissing >= nodes) {
    problems.push(`\`search.alerts.nodes-missing.threshold\` is ${nodesMissing}, but the cluster has ${nodes} node(s): more than ${nodesMissing} can never be missing, so the alert would never fire; use ${nodes > 1 ? `0 to ${nodes - 1}` : "0"}, or \`enabled: false\``);
  }
  const observed = observeComponent(ctx.chart, scope, {
    routing: ctx.routing,
    description: "Elasticsearch cluster run by ECK",
    stateful: true,
    service,
    component: ECK_COMPONENT,
    prop: "search",
    name,
    namespace: ns,
    bindings: eckAlertBindings(name, ns, nodeSets[nodeSets.length - 1].name, nodes, ctx.routing.runbookBaseUrl),
    panels: eckPanels(name, ns, nodeSets[nodeSets.length - 1].name),
    overrides: props,
  });
  problems.push(...observed.problems);
  return {
    handle: {
      kind: "search",
      component: ECK_COMPONENT,
      name,
      alerts: observed.alerts,
      unavailableAlerts: observed.unavailable,
      dashboardName: observed.dashboardName,
      endpoint: `https://${name}-es-http.${ns}.svc:9200`,
    },
    problems,
  };
}
