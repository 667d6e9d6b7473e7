import { parse } from "yaml";
import { checkRulesWithPromtool, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { ERROR_LOG_LEVELS } from "../../lib/core/components/logs";
import { KubernetesPlatform } from "../../lib/kubernetes";
import { FLUENT_BIT_CHART } from "../../lib/kubernetes/versions";
import type { VigilManifestDocument } from "../../lib/core/manifest";
import { alertRules, TEST_LOG_ARCHIVE } from "./support";
import { targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A platform in `environment` with the service `checkout` logging from two namespaces. */
function build(environment: EnvironmentTier, logs: Any = { archive: TEST_LOG_ARCHIVE }) {
  return targetStack("kubernetes", { environment, platform: { logs }, service: { logs: { namespaces: ["checkout", "checkout-jobs"] } } });
}
const job = (p: KubernetesPlatform) => p.chart.manifestsOfKind("Job").find((j) => j.metadata.namespace === "logging")!;
const bodies = (p: KubernetesPlatform): Record<string, Any> => {
  const cm = p.chart.manifestsOfKind("ConfigMap").find((c) => c.metadata.name === job(p).metadata.name)!;
  return Object.fromEntries(Object.entries(cm.data as Record<string, string>).filter(([k]) => k.endsWith(".json")).map(([k, v]) => [k, JSON.parse(v)]));
};
const collector = (stack: Parameters<typeof synthStack>[0]) => {
  const release = resourceBodies(synthStack(stack), "helm_release").find((r) => r.name === "fluent-bit")!;
  return { release, values: parse((release.values as string[])[0]) as Any };
};

describe("collection: Fluent Bit on every node", () => {
  const { stack } = build("prod");
  const { release, values } = collector(stack);

  test("the pinned fluent-bit chart as a DaemonSet in the logging namespace, with requests and a memory limit", () => {
    expect(release).toMatchObject({ repository: "https://fluent.github.io/helm-charts", chart: "fluent-bit", version: "0.59.0", namespace: "logging" });
    expect(FLUENT_BIT_CHART.version).toBe("0.59.0");
    expect(values.kind).toBe("DaemonSet");
    expect(values.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    expect(values.tolerations).toEqual([{ operator: "Exists" }]);
  });

  test("container logs through the CRI parser, kubelet and containerd from the journal, positions kept on the node", () => {
    const inputs: string = values.config.inputs;
    expect(inputs).toMatch(/Path \/var\/log\/containers\/\*\.log/);
    expect(inputs).toMatch(/multiline\.parser cri/);
    expect(inputs).toMatch(/Name systemd[\s\S]*_SYSTEMD_UNIT=kubelet\.service[\s\S]*_SYSTEMD_UNIT=containerd\.service/);
    expect(inputs).toMatch(/DB \/var\/fluent-bit\/state\/flb_kube\.db/);
    expect(values.extraVolumes).toContainEqual({ name: "state", hostPath: { path: "/var/fluent-bit/state", type: "DirectoryOrCreate" } });
  });

  test("JSON merged, enriched with pod metadata, labels and annotations", () => {
    const filters: string = values.config.filters;
    expect(filters).toMatch(/Name kubernetes[\s\S]*Merge_Log On[\s\S]*Labels On[\s\S]*Annotations On/);
    // level first, then severity (LOG_LEVEL_FIELDS): Copy keeps a log_level already set.
    expect(filters.indexOf("Copy level log_level")).toBeLessThan(filters.indexOf("Copy severity log_level"));
  });

  test("one data stream per namespace over TLS with ECK's CA; the password comes from ECK's Secret, never the values", () => {
    const outputs: string = values.config.outputs;
    expect(outputs).toContain("Target_Index k8s-logs-$kubernetes['namespace_name']");
    expect(outputs).toContain("Index k8s-logs-node.kubelet");
    expect(outputs).toMatch(/tls\.verify On/);
    expect(outputs).toContain("tls.ca_file /es-certs/ca.crt");
    expect(outputs).toContain("HTTP_Passwd ${ELASTIC_PASSWORD}");
    expect(values.env).toEqual([{ name: "ELASTIC_PASSWORD", valueFrom: { secretKeyRef: { name: "logs-es-elastic-user", key: "elastic" } } }]);
    expect(values.extraVolumes).toContainEqual({ name: "es-certs", secret: { secretName: "logs-es-http-certs-public" } });
  });

  test("line and error-line counters by namespace, exported to Prometheus through the ServiceMonitor", () => {
    const filters: string = values.config.filters;
    expect(filters).toMatch(/Name log_to_metrics[\s\S]*Metric_Name log_lines[\s\S]*Add_Label source_namespace \$kubernetes\['namespace_name'\]/);
    expect(filters).toContain(`Regex log_level ^(?i)(${ERROR_LOG_LEVELS.join("|")})$`);
    expect(values.config.outputs).toMatch(/Name prometheus_exporter\n\s+Match vigil\.log_metrics\n\s+Host 0\.0\.0\.0\n\s+Port 2021/);
    expect(values.serviceMonitor).toEqual({ enabled: true, interval: "30s", additionalEndpoints: [{ port: "log-metrics", path: "/metrics", interval: "30s" }] });
  });

  test("the logging namespace admits only its own pods, ECK and Prometheus", () => {
    const policy = resourceBodies(synthStack(stack), "kubernetes_network_policy_v1").find((p) => (p.metadata as Any).name === "allow-logging-only") as Any;
    expect(policy.spec.ingress[0].from.map((f: Any) => f.namespace_selector?.match_labels["kubernetes.io/metadata.name"] ?? "own")).toEqual(["own", "elastic-system", "monitoring"]);
  });
});

describe("the log store: ECK Elasticsearch and Kibana, retention and archive", () => {
  test.each([
    ["dev", 7, 1, 0],
    ["staging", 30, 3, 1],
    ["prod", 90, 3, 1],
  ] as const)("%s: ILM deletes %i days after rollover; %i node(s), %i replica(s)", (env, days, nodes, replicas) => {
    const { platform } = build(env);
    const es = platform.chart.manifestsOfKind("Elasticsearch").find((m) => m.metadata.namespace === "logging")! as Any;
    expect(es.spec.nodeSets[0].count).toBe(nodes);
    expect(es.spec.http.tls.selfSignedCertificate.disabled).toBe(false);
    const b = bodies(platform);
    expect(b["ilm-policy.json"].policy.phases.delete.min_age).toBe(`${days}d`);
    expect(b["index-template.json"]).toMatchObject({ index_patterns: ["k8s-logs-*"], data_stream: {}, template: { settings: { "index.lifecycle.name": "k8s-logs", "index.number_of_replicas": replicas } } });
    expect(platform.chart.manifestsOfKind("Kibana").find((m) => m.metadata.namespace === "logging")).toMatchObject({ spec: { elasticsearchRef: { name: "logs" } } });
  });

  test("prod: daily snapshots to the bucket kept 365 days, credentials into the keystore from the Secret, ILM waits for a snapshot", () => {
    const { platform, stack } = build("prod");
    const es = platform.chart.manifestsOfKind("Elasticsearch").find((m) => m.metadata.namespace === "logging")! as Any;
    expect(es.spec.secureSettings).toEqual([
      {
        secretName: "log-archive-s3",
        entries: [
          { key: "access-key", path: "s3.client.vigil-archive.access_key" },
          { key: "secret-key", path: "s3.client.vigil-archive.secret_key" },
        ],
      },
    ]);
    expect(es.spec.nodeSets[0].config["s3.client.vigil-archive.endpoint"]).toBe("s3.eu-west-1.amazonaws.com");
    const b = bodies(platform);
    expect(b["snapshot-repository.json"]).toEqual({ type: "s3", settings: { bucket: "shop-prod-log-archive", client: "vigil-archive", base_path: "shop-prod" } });
    expect(b["slm-policy.json"]).toMatchObject({ repository: "vigil-archive", config: { indices: ["k8s-logs-*"] }, retention: { expire_after: "365d" } });
    expect(b["ilm-policy.json"].policy.phases.delete.actions.wait_for_snapshot).toEqual({ policy: "k8s-logs-daily" });
    // The setup job runs them in order: the repository before the policy that uses it.
    const script = String((platform.chart.manifestsOfKind("ConfigMap").find((c) => c.metadata.name === job(platform).metadata.name)!.data as Any)["setup.sh"]);
    expect(script.indexOf("_snapshot/vigil-archive")).toBeLessThan(script.indexOf("_slm/policy/k8s-logs-daily"));
    // No secret value in the synthesized JSON: only names of Secrets.
    expect(JSON.stringify(synthStack(stack))).not.toMatch(/"(password|secret_key|access_key)"\s*:\s*"[^$]/i);
    const record = (synthStack(stack)["//"] as { vigil: VigilManifestDocument }).vigil.logPipelines![0];
    expect(record).toMatchObject({ target: "kubernetes", namespaces: "all", systemLogs: true, retention: { searchableDays: 90, totalDays: 365, immutable: true } });
  });

  test("dev keeps no archive: no repository, no SLM, retention 7 days in all", () => {
    const { platform } = build("dev", {});
    const b = bodies(platform);
    expect(Object.keys(b).sort()).toEqual(["data-view.json", "ilm-policy.json", "index-template.json"]);
    expect(platform.logPipeline.retention).toEqual({ searchableDays: 7, totalDays: 7, immutable: false });
  });
});

describe("log alerts and the link to a service's logs", () => {
  const { platform, service } = build("prod");

  test("error-logs-high and logs-missing on the service's namespaces; collector-down on the DaemonSet; promtool accepts them", () => {
    const logs = alertRules(platform, "checkout-logs-alerts");
    expect(logs["error-logs-high"].expr).toBe('(sum(rate(log_metric_counter_error_log_lines{source_namespace=~"checkout|checkout-jobs"}[5m]))) > 1');
    expect(logs["logs-missing"].expr).toBe('((sum(increase(log_metric_counter_log_lines{source_namespace=~"checkout|checkout-jobs"}[900s])) or vector(0))) < 1');
    const pipeline = alertRules(platform, "shop-log-pipeline-alerts");
    expect(pipeline["collector-down"].expr).toBe('(max(kube_daemonset_status_number_unavailable{job="kube-state-metrics",namespace="logging",daemonset="fluent-bit"})) > 0');
    for (const name of ["checkout-logs-alerts", "shop-log-pipeline-alerts"]) {
      checkRulesWithPromtool(renderRuleGroups((platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === name)!.spec as { groups: never[] }).groups));
    }
  });

  test("an override changes the window of logs-missing", () => {
    const { platform: p } = targetStack("kubernetes", { platform: { logs: { archive: TEST_LOG_ARCHIVE } }, service: { logs: { alerts: { "logs-missing": { threshold: 600 } } } } });
    expect(alertRules(p, "checkout-logs-alerts")["logs-missing"].expr).toContain('{source_namespace="checkout"}[600s]');
  });

  test("observeService returns the Kibana Discover link with the KQL query on the service's namespaces", () => {
    const view = service.observability.logs!;
    expect(view).toMatchObject({ store: "Elasticsearch", queryLanguage: "Kibana KQL", query: 'kubernetes.namespace_name : ("checkout" or "checkout-jobs")' });
    expect(view.url.startsWith("https://logs-kb-http.logging.svc:5601/app/discover#/?_g=(time:(from:now-1h,to:now))&_a=")).toBe(true);
    const state = decodeURIComponent(view.url.split("&_a=")[1]);
    expect(state).toBe(`(dataSource:(dataViewId:vigil-logs,type:dataView),query:(language:kuery,query:'kubernetes.namespace_name : ("checkout" or "checkout-jobs")'))`);
    expect(view.retention).toMatchObject({ searchableDays: 90, totalDays: 365, immutable: true });
  });

  test("the service dashboard draws the log panels", () => {
    const cm = platform.chart.manifestsOfKind("ConfigMap").find((c) => c.metadata.name === "checkout-service-dashboard")!;
    const text = Object.values(cm.data as Record<string, string>)[0];
    expect(text).toContain("log_metric_counter_error_log_lines");
    expect(text).toContain("Error log lines");
  });
});

describe("bad input: one message each, at the property", () => {
  const messages = (environment: EnvironmentTier, logs: Any) => validationMessages(targetStack("kubernetes", { environment, platform: { logs } }).stack);

  test("prod without an archive: one error naming logs.archive", () => {
    const found = messages("prod", {}).filter((m) => m.includes("logs.archive"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/`logs\.archive` is not set.*365 days.*Object Lock/);
  });

  test("staging keeps no archive: nothing to ask for", () => {
    expect(messages("staging", {})).toEqual([]);
  });

  test.each([
    [{ archive: TEST_LOG_ARCHIVE, indexPrefix: "Logs" }, /`logs\.indexPrefix` "Logs" is not a valid Elasticsearch index name prefix/],
    [{ archive: TEST_LOG_ARCHIVE, indexPrefix: "_logs" }, /`logs\.indexPrefix` "_logs" is not a valid/],
    [{ archive: { ...TEST_LOG_ARCHIVE, bucket: "My_Bucket" } }, /`logs\.archive\.bucket` "My_Bucket" is not a valid S3 bucket name/],
    [{ archive: { ...TEST_LOG_ARCHIVE, endpoint: "https://s3.example.com" } }, /`logs\.archive\.endpoint` is "https:\/\/s3\.example\.com", not a host name/],
    [{ archive: { ...TEST_LOG_ARCHIVE, credentialsSecret: "S3 Keys" } }, /`logs\.archive\.credentialsSecret` "S3 Keys"/],
    [{ archive: TEST_LOG_ARCHIVE, storageGiB: 0.5 }, /`logs\.storageGiB` is 0\.5/],
  ])("%j", (logs, message) => {
    const all = messages("prod", logs);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(message);
    expect(all[0]).toContain("platform");
  });
});
