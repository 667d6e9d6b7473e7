import { IConstruct } from "constructs";
import { stringify } from "yaml";
import { KafkaHandle, KafkaProps, resolveKafka } from "../core/components/kafka";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import { InClusterContext } from "./context";
import { observeComponent } from "./observe";
import { canonicalPromAlert, containerCpuPercentQuery, PromAlertSpec, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { strimziKafkaUsers } from "./kafka-users";
import { DEFAULT_KAFKA_VERSION, STRIMZI_API } from "./versions";
import { strimziKafkaPanels } from "./dashboard-panels";

/** Component name of Strimzi Kafka alerts (runbook folder). */
const STRIMZI_KAFKA_COMPONENT = "kafka-strimzi";
const METRICS_KEY = "kafka-metrics-config.yml";

/**
 * JMX Prometheus exporter rules for the brokers and controllers, the generic
 * gauge/counter rules of Strimzi's `packaging/examples/metrics/kafka-metrics.yaml`.
 * They yield `kafka_server_replicamanager_underreplicatedpartitions`,
 * `kafka_controller_kafkacontroller_offlinepartitionscount`,
 * `kafka_controller_kafkacontroller_activecontrollercount` and
 * `kafka_cluster_partition_underminisr` used by the alerts below. The JVM
 * metrics (`jvm_*`) need no rule: the exporter agent's own collectors publish
 * them next to the MBeans the rules match.
 */
const JMX_EXPORTER_RULES = {
  lowercaseOutputName: true,
  rules: [
    { pattern: "kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>MeanRate", name: "kafka_$1_$2_$3_percent", type: "GAUGE" },
    { pattern: "kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>Value", name: "kafka_$1_$2_$3_percent", type: "GAUGE" },
    { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)PerSec\\w*, (.+)=(.+)><>Count", name: "kafka_$1_$2_$3_total", type: "COUNTER", labels: { $4: "$5" } },
    { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)PerSec\\w*><>Count", name: "kafka_$1_$2_$3_total", type: "COUNTER" },
    { pattern: "kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+), (.+)=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE", labels: { $4: "$5", $6: "$7" } },
    { pattern: "kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE", labels: { $4: "$5" } },
    { pattern: "kafka.(\\w+)<type=(.+), name=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE" },
    { pattern: "kafka.server<type=raft-metrics><>(.+-total|.+-max):", name: "kafka_server_raftmetrics_$1", type: "COUNTER" },
    { pattern: "kafka.server<type=raft-metrics><>(.+):", name: "kafka_server_raftmetrics_$1", type: "GAUGE" },
  ],
};

/** Old generation of the G1 collector, which Kafka's start scripts select (`-XX:+UseG1GC`): its use after a collection is the heap still live. */
const G1_OLD_GEN = "G1 Old Gen";

/**
 * A Strimzi Kafka cluster's alerts. Broker and controller metrics come from
 * the JMX exporter with the rules above (names as Strimzi's example rules,
 * `packaging/examples/metrics/prometheus-install/prometheus-rules/prometheus-kafka-rules.yaml`,
 * use them), and the exporter agent's JVM collectors
 * (`jvm_memory_pool_collection_used_bytes` / `_max_bytes{pool}`, the same
 * names in client_java 0.x and 1.x); consumer lag from Kafka Exporter
 * (`kafka_consumergroup_lag`, labels consumergroup, topic, partition); disk
 * from the kubelet's volume stats; CPU from cAdvisor and kube-state-metrics.
 * Every canonical id is bound; Strimzi has no alert of its own beyond them.
 */
function strimziKafkaAlertBindings(name: string, namespace: string, runbookBaseUrl: string): ComponentAlertBindings<"kafka"> {
  const sel = `namespace="${namespace}",pod=~"${name}-.*"`;
  // Pods of the dual-role node pool: <cluster>-<pool>-<node id>.
  const brokers = `${name}-dual-role-[0-9]+`;
  const brokerSel = `namespace="${namespace}",pod=~"${brokers}"`;
  const alert = (spec: Omit<PromAlertSpec, "severity">) => canonicalPromAlert(STRIMZI_KAFKA_COMPONENT, runbookBaseUrl, spec);
  return {
    kind: "kafka",
    canonical: {
      "offline-partitions": {
        build: (s) =>
          alert({
            id: "offline-partitions",
            summary: `Kafka ${name} has partitions without a leader`,
            description: `kafka_controller_kafkacontroller_offlinepartitionscount counts partitions with no live leader; more than ${s.threshold} for 2 minutes: producers and consumers of those partitions are down. Absent series (controller not scraped) do not fire this alert; the scrape-target alerts of kube-prometheus-stack do.`,
            threshold: s.threshold,
            unit: "partitions",
            query: `sum(kafka_controller_kafkacontroller_offlinepartitionscount{${sel}})`,
            comparison: ">",
            for: "2m",
          }),
      },
      "under-min-isr": {
        build: (s) =>
          alert({
            id: "under-min-isr",
            summary: `Kafka ${name} has partitions below min.insync.replicas`,
            description: `kafka_cluster_partition_underminisr is 1 for a partition with fewer in-sync replicas than min.insync.replicas; more than ${s.threshold} such partitions for 5 minutes: writes with acks=all to them fail.`,
            threshold: s.threshold,
            unit: "partitions",
            query: `sum(kafka_cluster_partition_underminisr{${sel}})`,
            comparison: ">",
            for: "5m",
          }),
      },
      "under-replicated-partitions": {
        build: (s) =>
          alert({
            id: "under-replicated-partitions",
            summary: `Kafka ${name} has under-replicated partitions`,
            description: `kafka_server_replicamanager_underreplicatedpartitions counts partitions led by a broker whose followers lag; more than ${s.threshold} for 10 minutes: one more broker loss could lose writes. Usual causes: a broker restarting, a full disk, network trouble.`,
            threshold: s.threshold,
            unit: "partitions",
            query: `sum(kafka_server_replicamanager_underreplicatedpartitions{${sel}})`,
            comparison: ">",
            for: "10m",
          }),
      },
      "no-active-controller": {
        // A state: no threshold. The sum over the KRaft controllers must be exactly 1.
        build: () =>
          alert({
            id: "no-active-controller",
            summary: `Kafka ${name} does not have exactly one active controller`,
            description: "The sum of kafka_controller_kafkacontroller_activecontrollercount over the KRaft controllers must be 1; 0 means no metadata changes are possible, more than 1 a split quorum. The query is |count - 1|.",
            threshold: 0,
            unit: "controllers",
            query: `abs(sum(kafka_controller_kafkacontroller_activecontrollercount{${sel}}) - 1)`,
            comparison: ">",
            for: "5m",
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Kafka ${name} data volumes are nearly full`,
            description: `Lowest free share of the brokers' data volumes (kubelet_volume_stats) below ${s.threshold} % for 15 minutes. A full log directory takes a broker offline; expand the PVCs (kafka.storageGiB) or lower retention.`,
            threshold: s.threshold,
            unit: "%",
            query: pvcFreePercentQuery(namespace, `data-([0-9]+-)?${name}-.*`),
            comparison: "<",
            for: "15m",
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `Kafka ${name} has a broker above ${s.threshold} % of its CPU`,
            description: `CPU of the busiest broker's kafka container above ${s.threshold} % of the CPU it requests for 15 minutes. Brokers have no CPU limit (no throttling), so their request is the CPU reserved for them and the share can pass 100 %. Keep brokers below 60 % so the others can take over a failed broker's partitions.`,
            threshold: s.threshold,
            unit: "%",
            query: containerCpuPercentQuery(namespace, brokers, "kafka"),
            comparison: ">",
            for: "15m",
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Kafka ${name} has a broker whose heap stays above ${s.threshold} % after garbage collection`,
            description: `JVM heap still used after the last collection of the old generation (jvm_memory_pool_collection_used_bytes over _max_bytes, pool "${G1_OLD_GEN}", the busiest broker) above ${s.threshold} % for 15 minutes: live data fills the heap and the broker heads for long pauses and OutOfMemoryError. The container's memory is mostly page cache, which Kafka relies on and the kernel reclaims, so it is not the measure.`,
            threshold: s.threshold,
            unit: "%",
            query: `max(jvm_memory_pool_collection_used_bytes{${brokerSel},pool="${G1_OLD_GEN}"} / jvm_memory_pool_collection_max_bytes{${brokerSel},pool="${G1_OLD_GEN}"}) * 100`,
            comparison: ">",
            for: "15m",
          }),
      },
      "consumer-lag-high": {
        build: (s) =>
          alert({
            id: "consumer-lag-high",
            summary: `A consumer group of Kafka ${name} lags`,
            description: `kafka_consumergroup_lag (Kafka Exporter) is the number of messages a group is behind per partition; the alert sums it per group and topic and fires above ${s.threshold} messages for 15 minutes (labels consumergroup, topic). Raise the threshold per service where large batches are normal.`,
            threshold: s.threshold,
            unit: "messages",
            query: `sum by (consumergroup, topic) (kafka_consumergroup_lag{${sel}})`,
            comparison: ">",
            for: "15m",
          }),
      },
    },
  };
}

/**
 * Kafka on Strimzi: a KRaft cluster with one dual-role KafkaNodePool (a
 * controller quorum of the broker count), a TLS-only internal listener with
 * mutual TLS, simple authorization (Kafka's ACLs: a client without ACLs can
 * do nothing), the JMX exporter and Kafka Exporter on, a PodMonitor, the
 * topics as KafkaTopic resources, one KafkaUser per consumer group and per
 * producer the topics name ({@link strimziKafkaUsers}), and the default
 * alerts as a PrometheusRule.
 */
export function strimziKafka(ctx: InClusterContext, scope: IConstruct, service: string, props: KafkaProps): { handle: KafkaHandle; problems: string[] } {
  const { kafka, problems } = resolveKafka(props, ctx.profile);
  const name = props.name ?? `${service}-kafka`;
  const ns = ctx.namespace;
  const cluster = { "strimzi.io/cluster": name };
  const metricsConfigMap = `${name}-metrics`;
  ctx.chart.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: metricsConfigMap, namespace: ns }, data: { [METRICS_KEY]: stringify(JMX_EXPORTER_RULES) } });
  ctx.chart.add({
    apiVersion: STRIMZI_API,
    kind: "KafkaNodePool",
    metadata: { name: "dual-role", namespace: ns, labels: cluster },
    spec: {
      replicas: kafka.brokers,
      roles: ["controller", "broker"],
      storage: {
        type: "jbod",
        volumes: [
          { id: 0, type: "persistent-claim", size: `${kafka.storageGiB}Gi`, deleteClaim: false, kraftMetadata: "shared", ...(ctx.storageClassName ? { class: ctx.storageClassName } : {}) },
        ],
      },
      resources: podResources(props.size ?? ctx.profile.nodes.size),
    },
  });
  ctx.chart.add({
    apiVersion: STRIMZI_API,
    kind: "Kafka",
    metadata: { name, namespace: ns },
    spec: {
      kafka: {
        version: props.version ?? DEFAULT_KAFKA_VERSION,
        listeners: [{ name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } }],
        // Kafka's ACLs decide what each client may do. No superUsers: Strimzi adds its own components
        // (brokers, Topic and User Operators, Kafka Exporter, Cruise Control, Cluster Operator) to
        // super.users itself (KafkaBrokerConfigurationBuilder; Strimzi's "Kafka authorization").
        authorization: { type: "simple" },
        config: {
          "default.replication.factor": kafka.replicationFactor,
          "min.insync.replicas": kafka.minInsyncReplicas,
          "offsets.topic.replication.factor": kafka.replicationFactor,
          "transaction.state.log.replication.factor": kafka.replicationFactor,
          "transaction.state.log.min.isr": kafka.minInsyncReplicas,
          "auto.create.topics.enable": false,
        },
        metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: metricsConfigMap, key: METRICS_KEY } } },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
      kafkaExporter: { topicRegex: ".*", groupRegex: ".*" },
    },
  });
  for (const [topic, t] of Object.entries(kafka.topics)) {
    ctx.chart.add({
      apiVersion: STRIMZI_API,
      kind: "KafkaTopic",
      // A Kubernetes name cannot hold "_" or upper case; spec.topicName keeps the real one.
      metadata: { name: `${name}-${topic.toLowerCase().replace(/[^a-z0-9.-]/g, "-")}`.slice(0, 253), namespace: ns, labels: cluster },
      spec: { topicName: topic, partitions: t.partitions, replicas: t.replicationFactor, config: { "retention.ms": t.retentionHours * 3600000, "min.insync.replicas": kafka.minInsyncReplicas } },
    });
  }
  const users = strimziKafkaUsers(name, ns, kafka.topics);
  for (const user of users.users) ctx.chart.add(user);
  problems.push(...users.problems);
  // Brokers/controllers and the Kafka Exporter pod all carry strimzi.io/cluster and expose port tcp-prometheus.
  ctx.chart.add({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: `${name}-metrics`, namespace: ns },
    spec: { selector: { matchLabels: cluster }, namespaceSelector: { matchNames: [ns] }, podMetricsEndpoints: [{ port: "tcp-prometheus", path: "/metrics" }] },
  });
  const observed = observeComponent(ctx.chart, scope, {
    routing: ctx.routing,
    description: "Kafka cluster run by Strimzi (KRaft)",
    stateful: true,
    service,
    component: STRIMZI_KAFKA_COMPONENT,
    prop: "kafka",
    name,
    namespace: ns,
    bindings: strimziKafkaAlertBindings(name, ns, ctx.routing.runbookBaseUrl),
    panels: strimziKafkaPanels(name, ns),
    overrides: props,
  });
  problems.push(...observed.problems);
  return {
    handle: {
      kind: "kafka",
      component: STRIMZI_KAFKA_COMPONENT,
      name,
      alerts: observed.alerts,
      unavailableAlerts: observed.unavailable,
      dashboardName: observed.dashboardName,
      bootstrapServers: `${name}-kafka-bootstrap.${ns}.svc:9093`,
    },
    problems,
  };
}
