// Logs on GCP (issue 16): GKE's workload and node logs routed to a CMEK log bucket of the
// platform, kept out of _Default, archived to a locked Archive-class bucket in prod; the
// canonical log alerts; the service's view and dashboard panels; the target-only checks.
import { ERROR_LOG_LEVELS } from "../../lib/core/components/logs";
import { manifestOf } from "../../lib/core/manifest";
import { gcsBucketNameProblem } from "../../lib/gcp/log-archive";
import { onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ResourceBody, targetStack } from "../harness";


const built = { dev: targetStack("gcp", { environment: "dev", service: true }), staging: targetStack("gcp", { environment: "staging", service: true }), prod: targetStack("gcp", { service: true }) };
const synths = Object.fromEntries(Object.entries(built).map(([env, b]) => [env, synthStack(b.stack)])) as Record<keyof typeof built, SynthesizedStack>;
const PROJECT = (env: string) => `checkout-${env}-123456`;

/** Resources of `type` keyed by their Terraform name. */
const named = (synth: SynthesizedStack, type: string): Record<string, ResourceBody> => ((synth.resource as Record<string, Record<string, ResourceBody>>)[type] ?? {});
const sinkNamed = (synth: SynthesizedStack, name: string) => resourceBodies(synth, "google_logging_project_sink").find((s) => s.name === name);
const policy = (synth: SynthesizedStack, id: string, component: string): ResourceBody => resourceBodies(synth, "google_monitoring_alert_policy").find((p) => p.user_labels.alert_id === id && p.user_labels.component === component)!;

describe("collection and the log bucket", () => {
  test.each(["dev", "prod"] as const)("%s: GKE logs system components and workloads; the cluster's container, pod and node entries go to a regional CMEK bucket kept the profile's days, and not to _Default", (env) => {
    const synth = synths[env];
    expect(onlyResource(synth, "google_container_cluster").logging_config.enable_components).toEqual(expect.arrayContaining(["SYSTEM_COMPONENTS", "WORKLOADS"]));
    const bucket = resourceBodies(synth, "google_logging_project_bucket_config").find((b) => b.bucket_id === `checkout-${env}-workloads`)!;
    expect(bucket).toMatchObject({ location: "europe-west1", retention_days: env === "prod" ? 90 : 7, lifecycle: { prevent_destroy: env === "prod" } });
    // The key is the one of the logs key ring, in the bucket's region (Cloud Logging requires the key in the bucket's location).
    const [keyName, key] = Object.entries(named(synth, "google_kms_crypto_key")).find(([, k]) => k.name === "workload-logs")!;
    expect(bucket.cmek_settings).toEqual({ kms_key_name: `\${google_kms_crypto_key.${keyName}.id}` });
    const ring = Object.entries(named(synth, "google_kms_key_ring")).find(([n]) => key.key_ring === `\${google_kms_key_ring.${n}.id}`)![1];
    expect(ring).toMatchObject({ location: "europe-west1", name: `checkout-${env}-logs` });
    expect(key).toMatchObject({ rotation_period: "7776000s", lifecycle: { prevent_destroy: env === "prod" } });
    // Cloud Logging's service account may use the key, before the bucket is created.
    const grant = resourceBodies(synth, "google_kms_crypto_key_iam_member").find((g) => g.crypto_key_id === `\${google_kms_crypto_key.${keyName}.id}` && /logging_project_cmek_settings/.test(g.member))!;
    expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    expect(bucket.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]);

    const sink = sinkNamed(synth, `checkout-${env}-workloads`)!;
    const filter = `resource.type=("k8s_container" OR "k8s_pod" OR "k8s_node")\nresource.labels.cluster_name="checkout-${env}"`;
    expect(sink).toMatchObject({ destination: `logging.googleapis.com/projects/${PROJECT(env)}/locations/europe-west1/buckets/checkout-${env}-workloads`, filter });
    // The same entries are excluded from _Default, once routed.
    const exclusion = onlyResource(synth, "google_logging_project_exclusion");
    expect(exclusion.filter).toBe(filter);
    expect(exclusion.depends_on).toEqual([expect.stringMatching(/^google_logging_project_sink\./)]);
  });
});

describe("archive", () => {
  test("prod: a second sink archives the same entries to an ARCHIVE-class bucket with a locked 365-day retention policy, CMEK, no public access, deleted at 365 days", () => {
    const synth = synths.prod;
    const bucket = onlyResource(synth, "google_storage_bucket");
    const [keyName] = Object.entries(named(synth, "google_kms_crypto_key")).find(([, k]) => k.name === "workload-logs")!;
    expect(bucket).toMatchObject({
      name: "checkout-prod-logs-checkout-prod-123456",
      location: "EUROPE-WEST1",
      storage_class: "ARCHIVE",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      encryption: { default_kms_key_name: `\${google_kms_crypto_key.${keyName}.id}` },
      retention_policy: { retention_period: 365 * 86400, is_locked: true },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { age: 365 } }],
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    const sink = sinkNamed(synth, "checkout-prod-workloads-archive")!;
    expect(sink.destination).toMatch(/^storage\.googleapis\.com\/\$\{google_storage_bucket\./);
    expect(sink.filter).toBe(sinkNamed(synth, "checkout-prod-workloads")!.filter);
    // The sink's own identity may create objects, in this bucket only.
    const [sinkName] = Object.entries(named(synth, "google_logging_project_sink")).find(([, s]) => s.name === "checkout-prod-workloads-archive")!;
    expect(onlyResource(synth, "google_storage_bucket_iam_member")).toMatchObject({ role: "roles/storage.objectCreator", member: `\${google_logging_project_sink.${sinkName}.writer_identity}` });
  });

  test("dev: no archive (logArchiveDays 0)", () => {
    expect(resourceBodies(synths.dev, "google_storage_bucket")).toEqual([]);
    expect(sinkNamed(synths.dev, "checkout-dev-workloads-archive")).toBeUndefined();
  });

  test("staging: prod's archive for 90 days, its retention policy unlocked and nothing under prevent_destroy", () => {
    expect(resourceBodies(synths.staging, "google_storage_bucket")).toEqual([
      expect.objectContaining({ storage_class: "ARCHIVE", retention_policy: { retention_period: 90 * 86400, is_locked: false }, lifecycle_rule: [{ action: { type: "Delete" }, condition: { age: 90 } }], lifecycle: { prevent_destroy: false } }),
    ]);
    expect(sinkNamed(synths.staging, "checkout-staging-workloads-archive")).toBeDefined();
  });

  test("the pipeline is recorded: GKE's agent, all namespaces and system logs, retention with the immutable archive in prod only", () => {
    const prod = manifestOf(synths.prod as ResourceBody)!.logPipelines!;
    expect(prod).toHaveLength(1);
    expect(prod[0]).toMatchObject({ target: "gcp", namespaces: "all", systemLogs: true, retention: { searchableDays: 90, totalDays: 365, immutable: true } });
    expect(prod[0].collector).toMatch(/fluentbit-gke/);
    expect(prod[0].encryption).toMatch(/^Cloud KMS key checkout-prod-logs\/workload-logs \(europe-west1/);
    expect(manifestOf(synths.staging as ResourceBody)!.logPipelines![0].retention).toEqual({ searchableDays: 30, totalDays: 90, archive: "Cloud Storage ARCHIVE class (unlocked retention policy, 90 days)", immutable: false });
  });
});

describe("log alerts", () => {
  test("error-logs-high: the service's error-line counter, ALIGN_RATE over 300 s summed over its containers, above the per-second threshold as written", () => {
    const c = policy(synths.prod, "error-logs-high", "cloud-logging").conditions[0].condition_threshold;
    expect(c).toMatchObject({
      filter: 'resource.type = "k8s_container" AND metric.type = "logging.googleapis.com/user/checkout-prod-error-log-lines"',
      comparison: "COMPARISON_GT",
      threshold_value: 1,
      aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_RATE", cross_series_reducer: "REDUCE_SUM", group_by_fields: [] }],
    });
    const metric = resourceBodies(synths.prod, "google_logging_metric").find((m) => m.name === "checkout-prod-error-log-lines")!;
    expect(metric.metric_descriptor).toMatchObject({ metric_kind: "DELTA", value_type: "INT64" });
    expect(metric.filter).toContain('resource.labels.namespace_name="checkout"');
    // Both JSON level fields against the shared list (RE2, any case), or the severity the agent parsed from a JSON line without `level`.
    const levels = `"(?i)^(${ERROR_LOG_LEVELS.join("|")})$"`;
    expect(metric.filter).toContain(`(jsonPayload.level=~${levels} OR jsonPayload.severity=~${levels} OR (jsonPayload:* AND NOT jsonPayload.level:* AND severity>=ERROR))`);
  });

  test("logs-missing: a metric-absence condition of the threshold's seconds on the line counter summed over the containers; the policy waits for the metric", () => {
    const p = policy(synths.prod, "logs-missing", "cloud-logging");
    expect(p.conditions[0].condition_absent).toMatchObject({
      filter: 'resource.type = "k8s_container" AND metric.type = "logging.googleapis.com/user/checkout-prod-log-lines"',
      duration: "900s",
      aggregations: [{ cross_series_reducer: "REDUCE_SUM", group_by_fields: [] }],
    });
    expect(p.conditions[0].condition_threshold).toBeUndefined();
    expect(p.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_logging_metric\./)]));
  });

  test("collector-down: nodes of the cluster less the running fluentbit-gke pods, above 0 for 10 minutes", () => {
    const q = policy(synths.prod, "collector-down", "gke-logging").conditions[0].condition_prometheus_query_language;
    expect(q.duration).toBe("600s");
    expect(q.query).toBe(
      '(count(max by (node_name) (kubernetes_io:node_cpu_allocatable_utilization{monitored_resource="k8s_node", cluster_name="checkout-prod"})) - (count(max by (pod_name) (kubernetes_io:container_uptime{monitored_resource="k8s_container", cluster_name="checkout-prod", namespace_name="kube-system", container_name="fluentbit-gke"})) or vector(0))) > 0',
    );
  });

  test("overrides: collector-down under the platform's logs.alerts, the service's under its logs.alerts", () => {
    const b = targetStack("gcp", { platform: { logs: { alerts: { "collector-down": { threshold: 2, severity: "page" } } } }, service: { logs: { namespaces: ["shop", "cart"], alerts: { "error-logs-high": { threshold: 0.5 }, "logs-missing": { threshold: 1800 } } } } });
    const synth = synthStack(b.stack);
    expect(policy(synth, "collector-down", "gke-logging")).toMatchObject({ severity: "CRITICAL" });
    expect(policy(synth, "collector-down", "gke-logging").conditions[0].condition_prometheus_query_language.query).toMatch(/\) > 2$/);
    expect(policy(synth, "error-logs-high", "cloud-logging").conditions[0].condition_threshold.threshold_value).toBe(0.5);
    expect(policy(synth, "logs-missing", "cloud-logging").conditions[0].condition_absent.duration).toBe("1800s");
    expect(resourceBodies(synth, "google_logging_metric").find((m) => m.name === "checkout-prod-log-lines")!.filter).toContain('resource.labels.namespace_name=("shop" OR "cart")');
  });
});

describe("finding the logs", () => {
  test("observeService returns the Logging query and a Logs Explorer link on the platform's bucket view; the manifest records them", () => {
    const view = built.prod.service!.observability.logs!;
    const query = 'resource.type="k8s_container"\nresource.labels.cluster_name="checkout-prod"\nresource.labels.namespace_name="checkout"';
    expect(view).toMatchObject({ store: "Cloud Logging", queryLanguage: "Logging query language", query, retention: { searchableDays: 90, totalDays: 365, immutable: true } });
    const url = new URL(view.url);
    expect(`${url.origin}${url.pathname.split(";")[0]}`).toBe("https://console.cloud.google.com/logs/query");
    expect(url.searchParams.get("project")).toBe(PROJECT("prod"));
    const params = Object.fromEntries(url.pathname.split(";").slice(1).map((p) => [p.slice(0, p.indexOf("=")), decodeURIComponent(p.slice(p.indexOf("=") + 1))]));
    expect(params).toEqual({ query, storageScope: `storage,projects/${PROJECT("prod")}/locations/europe-west1/buckets/checkout-prod-workloads/views/_AllLogs`, duration: "PT1H" });
    expect(manifestOf(synths.prod as ResourceBody)!.serviceLogs).toEqual([expect.objectContaining({ service: "checkout", namespaces: ["checkout"], url: view.url })]);
  });

  test("the service dashboard shows the log lines and error lines per second from the two counters", () => {
    const dashboard = resourceBodies(synths.prod, "google_monitoring_dashboard").map((d) => JSON.parse(d.dashboard_json)).find((d) => d.displayName === "checkout-prod service")!;
    const charts = (dashboard.mosaicLayout.tiles as ResourceBody[]).filter((t) => t.widget.xyChart).map((t) => [t.widget.title, t.widget.xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilter?.filter]);
    expect(charts).toEqual(
      expect.arrayContaining([
        ["logs: Log lines", 'resource.type = "k8s_container" AND metric.type = "logging.googleapis.com/user/checkout-prod-log-lines"'],
        ["logs: Error log lines", 'resource.type = "k8s_container" AND metric.type = "logging.googleapis.com/user/checkout-prod-error-log-lines"'],
      ]),
    );
  });
});

describe("bad input", () => {
  test.each([
    ["Checkout-Logs", /not a valid Cloud Storage bucket name/],
    ["logs.example.com", /verified domain; use '-' instead, e\.g\. "logs-example-com"/],
    ["my-google-logs", /"google"/],
    ["ab", /3 to 63/],
  ])("archiveBucketName %s: one message with the value and the fix", (name, fix) => {
    const b = targetStack("gcp", { platform: { logs: { archiveBucketName: name } } });
    const messages = validationMessages(b.stack).filter((m) => m.includes("archiveBucketName"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(JSON.stringify(name));
    expect(messages[0]).toMatch(fix);
    // Reported where the user wrote it: the platform's props.
    expect(messages[0]).toMatch(/^\[prod-gcp-infra\/platform\] `logs\.archiveBucketName`/);
  });

  test("a valid name passes", () => {
    expect(gcsBucketNameProblem("checkout-prod-logs_2026", "logs.archiveBucketName")).toBeUndefined();
  });

  test("logs-missing in seconds that are not whole minutes: one message, the catalog's", () => {
    const b = targetStack("gcp", { service: { logs: { alerts: { "logs-missing": { threshold: 610 } } } } });
    const messages = validationMessages(b.stack).filter((m) => m.includes("logs-missing"));
    expect(messages).toEqual([expect.stringMatching(/`logs.alerts.logs-missing.threshold` is 610; logs-missing takes seconds, from 300 to 84600, a multiple of 60/)]);
  });
});
