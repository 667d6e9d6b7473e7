import { NotificationRouting } from "../../lib/observability/routing";
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { parse } from "yaml";
import { checkRulesWithPromtool, onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { ENVIRONMENT_PROFILES, EnvironmentTier } from "../../lib/core/environment";
import { KubernetesManifest, KubernetesPlatform } from "../../lib/kubernetes";
import { ResourceChart } from "../../lib/kubernetes/chart";
import { k8ssandraCluster } from "../../lib/kubernetes/cassandra";
import { configureKubernetesProviders } from "../../lib/kubernetes/connection";
import { eckElasticsearch } from "../../lib/kubernetes/search";
import { teamWorkload } from "./support";
import { targetStack, testService } from "../harness";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const built = new Map<string, KubernetesPlatform>();
/** The platform of `env` with a full service and a workload (memoized). */
function platformIn(env: EnvironmentTier): KubernetesPlatform {
  if (!built.has(env)) built.set(env, targetStack("kubernetes", { environment: env, service: true, build: (p, s) => void teamWorkload(p, s) }).platform);
  return built.get(env)!;
}
const one = (p: KubernetesPlatform, kind: string, name?: string): Spec => {
  const found = p.chart.manifestsOfKind(kind).filter((m) => name === undefined || m.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ""}, found ${found.length}`);
  return found[0] as Spec;
};

describe("Strimzi Kafka", () => {
  test.each([
    ["dev", 2, 1],
    ["prod", 3, 2],
  ] as const)("%s: KRaft dual-role node pool of %i with min ISR %i, TLS-only listener, exporters on", (env, brokers, minIsr) => {
    const p = platformIn(env);
    const pool = one(p, "KafkaNodePool");
    expect(pool.apiVersion).toBe("kafka.strimzi.io/v1");
    expect(pool.metadata.labels["strimzi.io/cluster"]).toBe("checkout-kafka");
    expect(pool.spec).toMatchObject({ replicas: brokers, roles: ["controller", "broker"], storage: { type: "jbod", volumes: [{ type: "persistent-claim", kraftMetadata: "shared", deleteClaim: false }] } });
    const kafka = one(p, "Kafka").spec;
    expect(kafka.zookeeper).toBeUndefined();
    expect(kafka.kafka.listeners).toEqual([{ name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } }]);
    expect(kafka.kafka.config).toMatchObject({ "min.insync.replicas": minIsr, "auto.create.topics.enable": false });
    expect(kafka.kafka.metricsConfig).toEqual({ type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "checkout-kafka-metrics", key: "kafka-metrics-config.yml" } } });
    expect(kafka.kafkaExporter).toEqual({ topicRegex: ".*", groupRegex: ".*" });
    expect(one(p, "PodMonitor", "checkout-kafka-metrics").spec.podMetricsEndpoints).toEqual([{ port: "tcp-prometheus", path: "/metrics" }]);
  });

  test("topics keep their Kafka name when it is not a Kubernetes name", () => {
    const topic = one(platformIn("prod"), "KafkaTopic", "checkout-kafka-payment-events");
    expect(topic.spec).toMatchObject({ topicName: "payment_events", partitions: 6, replicas: 3, config: { "retention.ms": 604800000 } });
  });

  test("the JMX exporter rules turn the brokers' MBeans into the metric names the alerts query", () => {
    const config = parse(one(platformIn("prod"), "ConfigMap", "checkout-kafka-metrics").data["kafka-metrics-config.yml"]);
    // The JMX exporter matches each rule, first match wins, against "<domain><<properties>><>attribute: value",
    // wrapping the pattern as ^.*(?:pattern).*$; the name is the rule's with $n substituted,
    // lower-cased (lowercaseOutputName) and with characters outside [a-zA-Z0-9:_] made "_".
    const exported = (mbean: string): { name: string; labels: Record<string, string> } | undefined => {
      for (const rule of config.rules as Spec[]) {
        const re = new RegExp(`^.*(?:${rule.pattern}).*$`);
        const line = `${mbean}: 1`;
        if (!re.test(line)) continue;
        const sub = (t: string) => line.replace(re, t);
        const name = sub(rule.name);
        return {
          name: (config.lowercaseOutputName ? name.toLowerCase() : name).replace(/[^a-zA-Z0-9:_]/g, "_"),
          labels: Object.fromEntries(Object.entries((rule.labels ?? {}) as Record<string, string>).map(([k, v]) => [sub(k), sub(v)])),
        };
      }
      return undefined;
    };
    // MBeans as Kafka 4.x brokers and KRaft controllers register them.
    const produced = [
      "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value",
      "kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value",
      "kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value",
      "kafka.cluster<type=Partition, name=UnderMinIsr, topic=orders, partition=3><>Value",
    ].map(exported);
    expect(produced).toEqual([
      { name: "kafka_server_replicamanager_underreplicatedpartitions", labels: {} },
      { name: "kafka_controller_kafkacontroller_offlinepartitionscount", labels: {} },
      { name: "kafka_controller_kafkacontroller_activecontrollercount", labels: {} },
      { name: "kafka_cluster_partition_underminisr", labels: { topic: "orders", partition: "3" } },
    ]);
    // Every JMX metric an alert queries is one of them (kafka_consumergroup_* come from Kafka Exporter).
    const rule = platformIn("prod").chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === "checkout-kafka-alerts")! as Spec;
    const queried = new Set<string>(rule.spec.groups.flatMap((g: Spec) => g.rules.flatMap((r: Spec) => r.expr.match(/\bkafka_[a-z_]+(?=\{)/g) ?? [])));
    const jmx = [...queried].filter((m) => !m.startsWith("kafka_consumergroup_"));
    expect(jmx.length).toBe(4);
    expect(jmx.filter((m) => !produced.some((p) => p?.name === m))).toEqual([]);
  });
});

describe("K8ssandraCluster", () => {
  test("datacenters, the Management API's metrics endpoint (MCAC off) and the operator's ServiceMonitor; hard anti-affinity in prod", () => {
    const spec = one(platformIn("prod"), "K8ssandraCluster").spec;
    expect(spec.cassandra.telemetry).toEqual({ mcac: { enabled: false }, prometheus: { enabled: true } });
    expect(spec.cassandra.datacenters).toEqual([
      expect.objectContaining({ metadata: { name: "dc1" }, size: 3, softPodAntiAffinity: false, storageConfig: { cassandraDataVolumeClaimSpec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } } } }),
    ]);
    expect(spec.medusa).toBeUndefined();
    expect(one(platformIn("dev"), "K8ssandraCluster").spec.cassandra.datacenters[0].softPodAntiAffinity).toBe(true);
  });

  test("the alerts query the names the Management API's metrics endpoint gives Cassandra's metrics", () => {
    // CassandraMetricNameParser.clean of management-api-for-apache-cassandra: camelCase to
    // snake_case, lower case, then "." to "_"; and the relabels of its default-metric-settings.yaml
    // that matter here (ClientRequest.<metric>.<type> -> client_request_<metric>{request_type}).
    const clean = (name: string) =>
      name
        .split(/(?<!(^|[A-Z]))(?=[A-Z])|(?<!^)(?=[A-Z][a-z])/)
        .filter((part) => part !== undefined && part !== "")
        .join("_")
        .replace(/\._/g, ".")
        .replace(/_+/g, "_")
        .toLowerCase();
    const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9:_]/g, "_").replace(/_+/g, "_");
    const exported = (dropwizard: string, suffix = ""): { name: string; labels: Record<string, string> } => {
      const request = /^org\.apache\.cassandra\.metrics\.ClientRequest\.(\w+)\.(\w+)$/.exec(dropwizard);
      if (request) return { name: sanitize(clean(`org_apache_cassandra_metrics_client_request_${request[1]}`) + suffix), labels: { request_type: request[2] } };
      const dropped = /^org\.apache\.cassandra\.metrics\.DroppedMessage\.(\w+)\.(\w+)$/.exec(dropwizard);
      if (dropped) return { name: sanitize(clean(`org_apache_cassandra_metrics_dropped_message_${dropped[1]}`) + suffix), labels: { message_type: dropped[2] } };
      return { name: sanitize(clean(dropwizard) + suffix), labels: {} };
    };
    const produced = [
      exported("org.apache.cassandra.metrics.ClientRequest.Latency.Read", "_bucket"), // a Timer: _bucket, _sum, _count
      exported("org.apache.cassandra.metrics.ClientRequest.Latency.Write", "_bucket"),
      exported("org.apache.cassandra.metrics.Compaction.PendingTasks"),
      exported("org.apache.cassandra.metrics.DroppedMessage.Dropped.MUTATION", "_total"), // a Meter: a counter with _total
    ];
    expect(produced).toEqual([
      { name: "org_apache_cassandra_metrics_client_request_latency_bucket", labels: { request_type: "Read" } },
      { name: "org_apache_cassandra_metrics_client_request_latency_bucket", labels: { request_type: "Write" } },
      { name: "org_apache_cassandra_metrics_compaction_pending_tasks", labels: {} },
      { name: "org_apache_cassandra_metrics_dropped_message_dropped_total", labels: { message_type: "MUTATION" } },
    ]);
    const rule = one(platformIn("prod"), "PrometheusRule", "checkout-cassandra-alerts");
    const exprs = Object.fromEntries(rule.spec.groups.flatMap((g: Spec) => g.rules).map((r: Spec) => [r.labels.alert_id, r.expr as string]));
    expect(exprs["read-latency-high"]).toContain('org_apache_cassandra_metrics_client_request_latency_bucket{namespace="checkout-data",pod=~"checkout-cassandra-.*",request_type="Read"}');
    expect(exprs["write-latency-high"]).toContain('request_type="Write"');
    expect(exprs["pending-compactions-high"]).toContain(`${produced[2].name}{`);
    expect(exprs["dropped-messages"]).toContain(`rate(${produced[3].name}{`);
    expect(JSON.stringify(rule.spec)).not.toMatch(/mcac_/);
  });

  test("Medusa backups and a daily schedule per datacenter when a destination is configured", () => {
    const { platform } = targetStack("kubernetes", { platform: { backups: { cassandra: { destination: "shop-cassandra-backups", credentialsSecret: "medusa-s3", region: "eu-west-1" } } }, service: true });
    expect(one(platform, "K8ssandraCluster").spec.medusa).toEqual({
      storageProperties: { storageProvider: "s3", bucketName: "shop-cassandra-backups", prefix: "checkout-cassandra", storageSecretRef: { name: "medusa-s3" }, region: "eu-west-1" },
    });
    expect(one(platform, "MedusaBackupSchedule").spec).toEqual({ cronSchedule: "0 2 * * *", backupSpec: { cassandraDatacenter: "dc1", backupType: "differential" } });
  });

  test.each([
    ["gcs", "google_storage"],
    ["azure_blobs", "azure_blobs"],
    ["s3_compatible", "s3_compatible"],
  ] as const)("a %s store is Medusa's storageProvider %s (a value the CRD's enum accepts)", (provider, storageProvider) => {
    const { platform } = targetStack("kubernetes", { platform: { backups: { cassandra: { destination: "shop-cassandra-backups", credentialsSecret: "medusa-key", provider } } }, service: true });
    expect(one(platform, "K8ssandraCluster").spec.medusa.storageProperties.storageProvider).toBe(storageProvider);
  });
});

describe("ECK Elasticsearch and Kibana", () => {
  test("prod: dedicated masters, data nodes on PVCs, TLS on, Kibana bound to the cluster", () => {
    const p = platformIn("prod");
    const es = one(p, "Elasticsearch", "checkout-search").spec;
    expect(es.http.tls.selfSignedCertificate.disabled).toBe(false);
    expect(es.nodeSets.map((n: Spec) => [n.name, n.count, n.config["node.roles"]])).toEqual([
      ["master", 3, ["master"]],
      ["data", 3, ["data", "ingest"]],
    ]);
    expect(es.nodeSets[1].volumeClaimTemplates[0]).toEqual({ metadata: { name: "elasticsearch-data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } } });
    expect(one(p, "Kibana", "checkout-search").spec).toMatchObject({ elasticsearchRef: { name: "checkout-search" }, count: 2 });
  });

  test("dev: one node with every role", () => {
    expect(one(platformIn("dev"), "Elasticsearch", "checkout-search").spec.nodeSets.map((n: Spec) => [n.count, n.config["node.roles"]])).toEqual([[1, ["master", "data", "ingest"]]]);
  });

  test("the exporter reads over HTTPS with ECK's CA and the elastic user's Secret, scraped by a ServiceMonitor", () => {
    const p = platformIn("prod");
    const container = one(p, "Deployment", "checkout-search-es-exporter").spec.template.spec.containers[0];
    expect(container.args).toContain("--es.uri=https://checkout-search-es-http.checkout-data.svc:9200");
    expect(container.env[1]).toEqual({ name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "checkout-search-es-elastic-user", key: "elastic" } } });
    expect(one(p, "ServiceMonitor", "checkout-search-es-exporter").spec.endpoints).toEqual([{ port: "metrics", interval: "30s" }]);
  });
});

describe("CloudNativePG", () => {
  test.each([
    ["dev", 1],
    ["prod", 3],
  ] as const)("%s: %i instances, TLS-only client connections, PodMonitor", (env, instances) => {
    const p = platformIn(env);
    const spec = one(p, "Cluster").spec;
    expect(spec).toMatchObject({ instances, imageName: "ghcr.io/cloudnative-pg/postgresql:17", bootstrap: { initdb: { database: "checkout", owner: "checkout" } } });
    expect(spec.postgresql.pg_hba).toEqual(["hostssl all all all scram-sha-256", "host all all all reject"]);
    expect(spec.backup).toBeUndefined();
    expect(one(p, "PodMonitor", "checkout-postgres-metrics").spec.selector).toEqual({ matchLabels: { "cnpg.io/cluster": "checkout-postgres" } });
  });

  test("backups: barman WAL archive with the profile's retention, a daily ScheduledBackup and their alerts", () => {
    const { platform } = targetStack("kubernetes", { platform: { backups: { postgres: { destination: "s3://shop-backups/postgres", credentialsSecret: "pg-backup-s3" } } }, service: true });
    expect(one(platform, "Cluster").spec.backup).toEqual({
      retentionPolicy: "35d",
      barmanObjectStore: { destinationPath: "s3://shop-backups/postgres", s3Credentials: { accessKeyId: { name: "pg-backup-s3", key: "access-key-id" }, secretAccessKey: { name: "pg-backup-s3", key: "secret-access-key" } } },
    });
    expect(one(platform, "ScheduledBackup").spec).toEqual({ schedule: "0 0 2 * * *", backupOwnerReference: "self", cluster: { name: "checkout-postgres" } });
    const rules = JSON.stringify(one(platform, "PrometheusRule", "checkout-postgres-alerts").spec);
    expect(rules).toContain("cnpg_pg_stat_archiver_last_failed_time");
    expect(rules).toContain("cnpg_collector_last_available_backup_timestamp");
  });

  test("no backups outside dev is a warning", () => {
    const { stack } = targetStack("kubernetes", { service: true });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type.includes("warn")).map((m) => m.data as string));
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining("[vigil:postgresNoBackups]"), expect.stringContaining("[vigil:cassandraNoBackups]")]));
  });
});

describe("sizes", () => {
  test.each([
    ["dev", { cpu: "250m", memory: "1024Mi" }],
    ["prod", { cpu: "2", memory: "8192Mi" }],
  ] as const)("%s: data pods sized by the profile's node size, memory limit = request", (env, requests) => {
    const p = platformIn(env);
    const expected = { requests, limits: { memory: requests.memory } };
    expect(one(p, "KafkaNodePool").spec.resources).toEqual(expected);
    expect(one(p, "K8ssandraCluster").spec.cassandra.datacenters[0].resources).toEqual(expected);
    expect(one(p, "Cluster").spec.resources).toEqual(expected);
    const nodeSets = one(p, "Elasticsearch", "checkout-search").spec.nodeSets as Spec[];
    expect(nodeSets[nodeSets.length - 1].podTemplate.spec.containers[0].resources).toEqual(expected);
  });

  test("a component's size overrides the profile's", () => {
    const { platform } = targetStack("kubernetes", { service: testService("kubernetes", { postgres: { size: "xlarge" } }) });
    expect(one(platform, "Cluster").spec.resources.requests).toEqual({ cpu: "4", memory: "16384Mi" });
  });

  test("dev Elasticsearch does not need vm.max_map_count (no mmap); prod keeps mmap", () => {
    expect(one(platformIn("dev"), "Elasticsearch", "checkout-search").spec.nodeSets[0].config["node.store.allow_mmap"]).toBe(false);
    expect(one(platformIn("prod"), "Elasticsearch", "checkout-search").spec.nodeSets[0].config["node.store.allow_mmap"]).toBeUndefined();
  });
});

describe("alert rules", () => {
  const rules = (p: KubernetesPlatform) => p.chart.manifestsOfKind("PrometheusRule");

  test.each(["dev", "prod"] as const)("%s: every PrometheusRule passes promtool check rules", (env) => {
    const all = rules(platformIn(env));
    expect(all.map((r) => r.metadata.name).sort()).toEqual([
      "checkout-api-slos",
      "checkout-cassandra-alerts",
      "checkout-kafka-alerts",
      "checkout-logs-alerts",
      "checkout-postgres-alerts",
      "checkout-search-alerts",
      "checkout-slos",
      "shop-cluster-alerts",
      "shop-log-pipeline-alerts",
    ]);
    for (const rule of all) {
      checkRulesWithPromtool(renderRuleGroups((rule.spec as { groups: never[] }).groups));
    }
  });

  test("each component's alerts carry severity, runbook and the component label", () => {
    const kafka = platformIn("prod").chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === "checkout-kafka-alerts") as KubernetesManifest & Spec;
    const alerts = kafka.spec.groups.flatMap((g: Spec) => g.rules);
    expect(alerts.map((a: Spec) => a.labels.alert_id).sort()).toEqual(["consumer-lag-high", "cpu-high", "memory-high", "no-active-controller", "offline-partitions", "storage-low", "under-min-isr", "under-replicated-partitions"]);
    for (const a of alerts) {
      expect(a.labels).toMatchObject({ service: "checkout", component: "kafka-strimzi", severity: expect.stringMatching(/^(page|ticket|info)$/) });
      expect(a.annotations.runbook_url).toBe(`https://runbooks.example.com/vigil/kafka-strimzi/${a.labels.alert_id}.md`);
    }
  });

  test("every default alert has a runbook page in docs/runbooks", () => {
    const ids = [...built.values()].flatMap((p) => rules(p).flatMap((r) => (r.spec as Spec).groups.flatMap((g: Spec) => g.rules)).filter((r: Spec) => r.alert && !r.labels.slo).map((r: Spec) => `${r.labels.component}/${r.labels.alert_id}`));
    const missing = [...new Set(ids)].filter((id) => !existsSync(join(__dirname, "../../docs/runbooks", `${id}.md`)));
    expect(ids.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  test("an override changes a threshold; an unknown id fails synth", () => {
    const { platform } = targetStack("kubernetes", { service: testService("kubernetes", { kafka: { alerts: { "consumer-lag-high": { threshold: 50000 } } } }) });
    expect(JSON.stringify(one(platform, "PrometheusRule", "checkout-kafka-alerts").spec)).toContain("> 50000");
    const bad = targetStack("kubernetes", { service: testService("kubernetes", { kafka: { alerts: { lag: { threshold: 1 } } as never } }) });
    expect(validationMessages(bad.stack)[0]).toMatch(/^\[platform\/checkout\/kafka\] `kafka.alerts.lag` is not one of the kafka alerts, which are offline-partitions, /);
  });

  test("dashboards are ConfigMaps the Grafana sidecar loads", () => {
    const dashboards = platformIn("prod").chart.manifestsOfKind("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1");
    expect(dashboards.map((d) => d.metadata.name).sort()).toEqual([
      "checkout-cassandra-k8ssandra-dashboard",
      "checkout-kafka-strimzi-dashboard",
      "checkout-logs-fluent-bit-dashboard",
      "checkout-postgres-cnpg-dashboard",
      "checkout-search-eck-dashboard",
      "checkout-service-dashboard",
      "shop-kubernetes-cluster-dashboard",
      "shop-log-pipeline-fluent-bit-dashboard",
    ]);
    const model = JSON.parse(Object.values(dashboards[0].data as Record<string, string>)[0]);
    expect(model.panels.length).toBeGreaterThan(3);
  });
});

describe("engines outside KubernetesPlatform (the GCP/Azure in-cluster fallback)", () => {
  test("given providers, a chart and a profile, an engine builds its resources and alerts", () => {
    const stack = new TerraformStack(new App({ outdir: "/tmp/vigil-test-out" }), "gke-platform");
    configureKubernetesProviders(stack, { kind: "endpoint", host: "https://gke.example.com", clusterCaCertificateBase64: "Q0E=", exec: { command: "gke-gcloud-auth-plugin" } });
    const chart = new ResourceChart(stack, "resources", { name: "vigil-in-cluster", namespace: "vigil-system" });
    const routing = new NotificationRouting({ channels: { mail: { kind: "email", address: "oncall@example.com" } }, routes: { page: ["mail"], ticket: ["mail"] }, runbookBaseUrl: "https://runbooks.example.com" }, "page");
    const ctx = { profile: ENVIRONMENT_PROFILES.prod, chart, routing, namespace: "shop-data", storageClassName: "premium-rwo" };
    const cassandra = k8ssandraCluster(ctx, stack, "shop", { datacenters: { "europe-west1": { nodes: 3 } } });
    const search = eckElasticsearch(ctx, stack, "shop", {});
    expect([...cassandra.problems, ...search.problems]).toEqual([]);
    expect(cassandra.handle).toMatchObject({ kind: "cassandra", component: "cassandra-k8ssandra", unavailableAlerts: [], endpoint: "shop-cassandra-europe-west1-service.shop-data.svc" });
    expect(search.handle).toMatchObject({ kind: "search", component: "search-eck", unavailableAlerts: [] });
    expect((chart.manifestsOfKind("K8ssandraCluster")[0] as Spec).spec.cassandra.datacenters[0].storageConfig.cassandraDataVolumeClaimSpec.storageClassName).toBe("premium-rwo");
    expect(chart.manifestsOfKind("PrometheusRule").map((r) => r.metadata.name)).toEqual(["shop-cassandra-alerts", "shop-search-alerts"]);
    expect(onlyResource(synthStack(stack), "helm_release")).toMatchObject({ name: "vigil-in-cluster" });
  });
});

describe("delivery as a generated chart", () => {
  test("one helm_release installs the chart from the stack's assets after the namespaces exist", () => {
    const { stack } = targetStack("kubernetes", { service: true, build: (p, s) => void teamWorkload(p, s) });
    // The other release is the log collector's (test/kubernetes/logs.test.ts).
    const release = resourceBodies(synthStack(stack), "helm_release").find((r) => r.name === "vigil-shop")!;
    expect(release).toMatchObject({ name: "vigil-shop", namespace: "vigil-system", create_namespace: true, chart: expect.stringMatching(/^\.\/assets\/.+\/vigil-shop$/) });
    expect(release.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_namespace_v1\.platform_logs_namespace_/),
      expect.stringMatching(/^kubernetes_namespace_v1\.platform_ns-checkout-data_/),
      expect.stringMatching(/^kubernetes_namespace_v1\.team_namespace_/),
    ]);
  });

  test("synth writes Chart.yaml, the template and one manifest per object; the version follows the content", () => {
    const outdir = `/tmp/vigil-k8s-chart-${process.pid}`;
    const app = new App({ outdir });
    const { platform } = targetStack("kubernetes", { app, environment: "dev", stackId: "local-kubernetes-platform", platform: { connection: { kind: "kubeconfig" }, logs: undefined }, service: true });
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, "stacks/local-kubernetes-platform/cdk.tf.json"), "utf8"));
    const chartDir = join(outdir, "stacks/local-kubernetes-platform", (Object.values(json.resource.helm_release) as { name: string; chart: string }[]).find((r) => r.name === "vigil-shop")!.chart);
    const chart = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8"));
    expect(chart).toMatchObject({ apiVersion: "v2", name: "vigil-shop", version: expect.stringMatching(/^1\.0\.0-h[0-9a-f]{12}$/) });
    expect(readFileSync(join(chartDir, "templates/resources.yaml"), "utf8")).toContain('.Files.Glob "manifests/*.yaml"');
    const kafka = parse(readFileSync(join(chartDir, "manifests/checkout-data-kafka-checkout-kafka.yaml"), "utf8"));
    expect(kafka).toMatchObject({ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { namespace: "checkout-data", labels: { "app.kubernetes.io/part-of": "vigil" } } });
    expect(Object.keys(platform.chart.files()).filter((f) => f.startsWith("manifests/"))).toHaveLength(platform.chart.manifests.length);
  });

  test("synth leaves nothing behind in the temporary folder (and clears what killed processes left), and the chart is in the output", () => {
    const work = mkdtempSync(join(tmpdir(), "vigil-chart-leak-"));
    const [tmp, outdir] = [join(work, "tmp"), join(work, "out")];
    try {
      // The staging folder of a process that is gone, as a killed test worker leaves it.
      const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
      mkdirSync(join(tmp, `vigil-charts-${deadPid}`, "chart-x"), { recursive: true });
      const script = `
        const { App } = require("cdktf");
        const { targetStack } = require("./test/harness");
        const app = new App({ outdir: ${JSON.stringify(outdir)} });
        targetStack("kubernetes", { app, environment: "dev", stackId: "local-kubernetes-platform", platform: { connection: { kind: "kubeconfig" }, logs: undefined }, service: true });
        app.synth();
        app.synth();`;
      execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: join(__dirname, "../.."), env: { ...process.env, TMPDIR: tmp }, stdio: "pipe" });
      // tsx keeps its compile cache there (tsx-<uid>); Vigil leaves nothing.
      expect(readdirSync(tmp).filter((f) => !f.startsWith("tsx-"))).toEqual([]);
      const assets = join(outdir, "stacks/local-kubernetes-platform/assets");
      const [assetId] = readdirSync(assets);
      expect(readdirSync(join(assets, assetId, "vigil-shop")).sort()).toEqual(["Chart.yaml", "manifests", "templates"]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test("the providers and synth need no cluster: nothing reads a kubeconfig at synth", () => {
    const { stack } = targetStack("kubernetes", { platform: { connection: { kind: "kubeconfig", path: "/nonexistent/kubeconfig", context: "nowhere" } }, service: true });
    expect(synthStack(stack).provider?.kubernetes[0]).toMatchObject({ config_path: "/nonexistent/kubeconfig", config_context: "nowhere" });
  });
});
