import { readFileSync } from "fs";
import { join } from "path";
import { manifestOf } from "../../lib/core/manifest";
import { GCP_LABEL_KEY, GCP_LABEL_VALUE } from "../../lib/gcp/labels";
import { deriveProfile } from "../../lib";
import { onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { ResourceBody, targetStack, targetSynth } from "../harness";

const synths = Object.fromEntries(ENVIRONMENTS.map((env) => [env, targetSynth("gcp", env, { service: true })])) as Record<(typeof ENVIRONMENTS)[number], SynthesizedStack>;

describe("GcpPlatform is valid in every environment", () => {
  test.each(ENVIRONMENTS)("%s: no validation message", (env) => {
    expect(validationMessages(targetStack("gcp", { environment: env, service: true }).stack)).toEqual([]);
  });
});

describe("platform: provider, network", () => {
  test.each(ENVIRONMENTS)("%s: default labels in GCP form, project and region", (env) => {
    const google = (synths[env].provider as ResourceBody).google[0];
    expect(google).toMatchObject({ project: `checkout-${env}-123456`, region: "europe-west1", default_labels: { service: "checkout", environment: env, owner: "team-checkout", managed_by: "vigil" } });
  });

  test("custom VPC, a subnet in the region with pods and services ranges, flow logs, private Google access", () => {
    const s = synths.prod;
    expect(onlyResource(s, "google_compute_network")).toMatchObject({ auto_create_subnetworks: false });
    expect(onlyResource(s, "google_compute_subnetwork")).toMatchObject({
      region: "europe-west1",
      ip_cidr_range: "10.0.0.0/20",
      private_ip_google_access: true,
      secondary_ip_range: [{ range_name: "pods", ip_cidr_range: "10.0.128.0/17" }, { range_name: "services", ip_cidr_range: "10.0.16.0/20" }],
      log_config: { flow_sampling: 1, metadata: "INCLUDE_ALL_METADATA" },
    });
    expect((onlyResource(synths.dev, "google_compute_subnetwork").log_config as ResourceBody).flow_sampling).toBe(0.5);
  });

  test("Cloud Router with Cloud NAT logging errors, and private service access for managed services", () => {
    const s = synths.prod;
    expect(onlyResource(s, "google_compute_router_nat")).toMatchObject({ nat_ip_allocate_option: "AUTO_ONLY", source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES", log_config: { enable: true, filter: "ERRORS_ONLY" } });
    expect(onlyResource(s, "google_compute_global_address")).toMatchObject({ purpose: "VPC_PEERING", address_type: "INTERNAL", address: "10.0.64.0", prefix_length: 20 });
    expect(onlyResource(s, "google_service_networking_connection")).toMatchObject({ service: "servicenetworking.googleapis.com" });
  });
});

describe("GKE", () => {
  test("staging and prod regional, dev zonal; private nodes, Workload Identity, Dataplane V2, shielded nodes, Managed Prometheus, logging", () => {
    expect(onlyResource(synths.dev, "google_container_cluster").location).toBe("europe-west1-b");
    for (const env of ["staging", "prod"] as const) {
      const c = onlyResource(synths[env], "google_container_cluster");
      expect(c).toMatchObject({
        location: "europe-west1",
        private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true, master_ipv4_cidr_block: "10.0.96.0/28" },
        workload_identity_config: { workload_pool: `checkout-${env}-123456.svc.id.goog` },
        datapath_provider: "ADVANCED_DATAPATH",
        enable_shielded_nodes: true,
        release_channel: { channel: "STABLE" },
        monitoring_config: { managed_prometheus: { enabled: true } },
        deletion_protection: true,
        remove_default_node_pool: true,
      });
      expect((c.logging_config as ResourceBody).enable_components).toEqual(expect.arrayContaining(["SYSTEM_COMPONENTS", "WORKLOADS"]));
    }
    expect(onlyResource(synths.dev, "google_container_cluster")).toMatchObject({ release_channel: { channel: "REGULAR" }, deletion_protection: false, private_cluster_config: { enable_private_endpoint: false } });
  });

  test.each([
    ["dev", 1, 3, "e2-standard-2"],
    ["staging", 3, 6, "n2-standard-4"],
    ["prod", 3, 12, "n2-standard-8"],
  ] as const)("%s: node pool autoscales %i-%i on %s with auto-repair, auto-upgrade and the node service account", (env, min, max, machine) => {
    const pool = onlyResource(synths[env], "google_container_node_pool");
    expect(pool).toMatchObject({
      autoscaling: { total_min_node_count: min, total_max_node_count: max },
      management: { auto_repair: true, auto_upgrade: true },
      node_config: { machine_type: machine, workload_metadata_config: { mode: "GKE_METADATA" }, shielded_instance_config: { enable_secure_boot: true } },
    });
    expect(String((pool.node_config as ResourceBody).service_account)).toMatch(/google_service_account\.platform_cluster_node-sa_.*\.email/);
  });

  test.each([
    ["staging", 3, 1],
    ["prod", 3, 2],
  ] as const)("%s: the regional pool runs in exactly the profile's %i zones of the region, %i node(s) per zone initially", (env, zones, perZone) => {
    const s = synths[env];
    const pool = onlyResource(s, "google_container_node_pool");
    const data = (s.data as ResourceBody).google_compute_zones as Record<string, ResourceBody>;
    const [zonesId, zonesBody] = Object.entries(data)[0];
    expect(zonesBody).toEqual({ project: `checkout-${env}-123456`, region: "europe-west1" });
    const locations = `\${slice(sort(data.google_compute_zones.${zonesId}.names), 0, ${zones})}`;
    expect(pool.node_locations).toBe(locations);
    expect(onlyResource(s, "google_container_cluster").node_locations).toBe(locations);
    expect((pool.initial_node_count as number) * zones).toBe({ staging: 3, prod: 6 }[env]);
    expect(pool.initial_node_count).toBe(perZone);
  });

  test("a two-zone profile pins two zones and doubles the per-zone count; the zonal dev cluster has no node_locations", () => {
    const { stack } = targetStack("gcp", { platform: { environment: deriveProfile("prod", { name: "prod-2z", zones: 2 }) } });
    const pool = onlyResource(synthStack(stack), "google_container_node_pool");
    expect(String(pool.node_locations)).toMatch(/^\$\{slice\(sort\(data\.google_compute_zones\.[^.]+\.names\), 0, 2\)\}$/);
    expect(pool.initial_node_count).toBe(3);
    expect(onlyResource(synths.dev, "google_container_node_pool").node_locations).toBeUndefined();
    expect((synths.dev.data as ResourceBody | undefined)?.google_compute_zones).toBeUndefined();
  });

  test("the node service account holds only the default node role and image pulls", () => {
    const roles = resourceBodies(synths.prod, "google_project_iam_member").filter((m) => /node-sa/.test(String(m.member))).map((m) => m.role).sort();
    expect(roles).toEqual(["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
  });
});

describe("GKE secrets encryption", () => {
  test.each([
    ["dev", false],
    ["prod", true],
  ] as const)("%s: Kubernetes Secrets are encrypted with a rotated Cloud KMS key the GKE service agent may use; the key under prevent_destroy %s", (env, prevent) => {
    const synth = targetSynth("gcp", env, { service: true });
    // The secrets key (the workload logs have a key of their own, test/gcp/logs.test.ts).
    const [keyName, key] = Object.entries(synth.resource!.google_kms_crypto_key as Record<string, ResourceBody>).find(([, k]) => k.name === "kubernetes-secrets")!;
    expect(onlyResource(synth, "google_container_cluster").database_encryption).toEqual({ state: "ENCRYPTED", key_name: `\${google_kms_crypto_key.${keyName}.id}` });
    expect(key).toMatchObject({ purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s", lifecycle: { prevent_destroy: prevent } });
    const grants = resourceBodies(synth, "google_kms_crypto_key_iam_member").filter((g) => g.crypto_key_id === `\${google_kms_crypto_key.${keyName}.id}`);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      crypto_key_id: `\${google_kms_crypto_key.${keyName}.id}`,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expect.stringMatching(/^serviceAccount:service-\$\{data\.google_project\.[^}]+\.number\}@container-engine-robot\.iam\.gserviceaccount\.com$/),
    });
    // The cluster waits for the grant: GKE checks the key when it creates the cluster.
    expect(onlyResource(synth, "google_container_cluster").depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]));
  });
});

describe("Cloud SQL for PostgreSQL", () => {
  test("REGIONAL outside dev, private IP only, encrypted-only, PITR with the profile's retention, Query Insights, flags, IAM auth", () => {
    // One backup more than the days of transaction logs where the days asked would not be more (hardening.test.ts).
    for (const [env, availability, retained] of [["dev", "ZONAL", 2], ["staging", "REGIONAL", 8], ["prod", "REGIONAL", 35]] as const) {
      const sql = onlyResource(synths[env], "google_sql_database_instance");
      expect(sql).toMatchObject({
        database_version: "POSTGRES_17",
        settings: {
          availability_type: availability,
          ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" },
          backup_configuration: { enabled: true, point_in_time_recovery_enabled: true, backup_retention_settings: { retained_backups: retained } },
          insights_config: { query_insights_enabled: true },
        },
      });
      const flags = Object.fromEntries(((sql.settings as ResourceBody).database_flags as ResourceBody[]).map((f) => [f.name, f.value]));
      expect(flags).toMatchObject({ "cloudsql.iam_authentication": "on", log_min_duration_statement: "500" });
    }
    expect(onlyResource(synths.prod, "google_sql_user")).toMatchObject({ type: "CLOUD_IAM_SERVICE_ACCOUNT" });
  });

  test.each(ENVIRONMENTS)("%s: the IAM database user's service account may log in (instanceUser) and connect (client), on its instance only", (env) => {
    const user = onlyResource(synths[env], "google_sql_user");
    const account = /google_service_account\.([^.]+)\./.exec(String(user.name))![1];
    const grants = resourceBodies(synths[env], "google_project_iam_member").filter((m) => String(m.member) === `serviceAccount:\${google_service_account.${account}.email}`);
    expect(grants.map((g) => g.role).sort()).toEqual(["roles/cloudsql.client", "roles/cloudsql.instanceUser"]);
    for (const g of grants) {
      expect((g.condition as ResourceBody).expression).toBe(`resource.type == "sqladmin.googleapis.com/Instance" && resource.name == "projects/checkout-${env}-123456/instances/checkout-${env}"`);
    }
  });

  test("deletion protection outside dev; prevent_destroy in prod only", () => {
    expect(onlyResource(synths.dev, "google_sql_database_instance")).toMatchObject({ deletion_protection: false });
    expect(onlyResource(synths.staging, "google_sql_database_instance")).toMatchObject({ deletion_protection: true, settings: { deletion_protection_enabled: true } });
    expect(onlyResource(synths.prod, "google_sql_database_instance").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(synths.staging, "google_sql_database_instance").lifecycle).toEqual({ prevent_destroy: false });
  });
});

describe("Managed Service for Apache Kafka", () => {
  test("cluster sized from the profile in the platform's subnet; topics with validated replication and partitions", () => {
    expect(onlyResource(synths.dev, "google_managed_kafka_cluster")).toMatchObject({ capacity_config: { vcpu_count: "3", memory_bytes: String(6 * 1024 ** 3) } });
    const prod = onlyResource(synths.prod, "google_managed_kafka_cluster");
    expect(prod).toMatchObject({ cluster_id: "checkout-prod", location: "europe-west1", capacity_config: { vcpu_count: "12" } });
    expect(String(((prod.gcp_config as ResourceBody).access_config.network_configs as ResourceBody[])[0].subnet)).toMatch(/google_compute_subnetwork\..*\.id/);
    expect(onlyResource(synths.prod, "google_managed_kafka_topic")).toMatchObject({ topic_id: "checkout.orders", partition_count: 12, replication_factor: 3, configs: { "min.insync.replicas": "2" } });
  });

  test("prevent_destroy on the cluster and its topics in prod only", () => {
    for (const type of ["google_managed_kafka_cluster", "google_managed_kafka_topic"]) {
      expect([onlyResource(synths.staging, type).lifecycle, onlyResource(synths.prod, type).lifecycle]).toEqual([{ prevent_destroy: false }, { prevent_destroy: true }]);
    }
  });
});

describe("monitoring", () => {
  test("consumer lag: one policy per consumer group on offset_lag of the group's partitions; all groups when none is named", () => {
    const lag = resourceBodies(synths.prod, "google_monitoring_alert_policy").filter((p) => String((p.user_labels as ResourceBody).alert_id).startsWith("consumer-lag-high"));
    expect(lag.map((p) => (p.conditions as ResourceBody[])[0].condition_threshold.filter).sort()).toEqual([
      'resource.type = "managedkafka.googleapis.com/TopicPartitionConsumerGroup" AND metric.type = "managedkafka.googleapis.com/offset_lag" AND resource.labels.cluster_id = "checkout-prod" AND resource.labels.consumer_group_id = "fulfilment"',
      'resource.type = "managedkafka.googleapis.com/TopicPartitionConsumerGroup" AND metric.type = "managedkafka.googleapis.com/offset_lag" AND resource.labels.cluster_id = "checkout-prod" AND resource.labels.consumer_group_id = "invoicing"',
    ]);
    const { platform, stack } = targetStack("gcp", { service: { kafka: {} } });
    expect(validationMessages(stack)).toEqual([]);
    expect(platform.alerting.alerts.filter((a) => a.component === "managed-kafka").map((a) => a.id).sort()).toEqual(["consumer-lag-high", "cpu-high", "memory-high", "offline-partitions"]);
  });

  test("one notification channel per channel, secrets read from Secret Manager", () => {
    const channels = resourceBodies(synths.prod, "google_monitoring_notification_channel");
    expect(channels.map((c) => c.type).sort()).toEqual(["email", "pagerduty", "slack", "webhook_tokenauth"]);
    const pd = channels.find((c) => c.type === "pagerduty")!;
    expect(String((pd.sensitive_labels as ResourceBody).service_key)).toMatch(/^\$\{data\.google_secret_manager_secret_version\..+\.secret_data\}$/);
    // Slack posts with the Slack app's OAuth token (`delivery.slack.authToken`), to the channel the channel names.
    expect(channels.find((c) => c.type === "slack")!.labels).toEqual({ channel_name: "#checkout-alerts" });
    const slackToken = String((channels.find((c) => c.type === "slack")!.sensitive_labels as ResourceBody).auth_token);
    const version = /^\$\{data\.google_secret_manager_secret_version\.([^.]+)\.secret_data\}$/.exec(slackToken)![1];
    expect((synths.prod.data as ResourceBody).google_secret_manager_secret_version[version].secret).toBe("vigil-checkout-slack-app-token");
  });

  test("every policy documents summary, description and runbook, and notifies its severity's channels", () => {
    for (const p of resourceBodies(synths.prod, "google_monitoring_alert_policy")) {
      expect((p.documentation as ResourceBody).mime_type).toBe("text/markdown");
      expect((p.documentation as ResourceBody).content).toMatch(/Runbook: https:\/\/.+\.md$/);
      expect((p.notification_channels as string[]).length).toBeGreaterThan(0);
    }
  });

  test("dev never pages: page alerts are ticket policies reaching the ticket channels", () => {
    const dev = manifestOf(synths.dev as ResourceBody)!.alerts.filter((a) => a.severity === "page");
    expect(dev.length).toBeGreaterThan(0);
    for (const a of dev) expect({ id: a.id, deliveredAs: a.deliveredAs, routes: a.routes }).toEqual({ id: a.id, deliveredAs: "ticket", routes: ["hooks", "chat"] });
    const down = resourceBodies(synths.dev, "google_monitoring_alert_policy").find((p) => (p.display_name as string).endsWith("cloud-sql-postgres down"))!;
    expect(down.severity).toBe("ERROR");
    expect(resourceBodies(synths.prod, "google_monitoring_alert_policy").find((p) => (p.display_name as string).endsWith("cloud-sql-postgres down"))!.severity).toBe("CRITICAL");
  });

  test("SLO burn-rate alerts are PromQL policies; their recording rules are collected for the cluster", () => {
    const { platform } = targetStack("gcp", { service: true });
    expect(platform.recordingRules.map((r) => r.service)).toEqual(["checkout"]);
    const promql = resourceBodies(synths.prod, "google_monitoring_alert_policy").filter((p) => (p.conditions as ResourceBody[])[0].condition_prometheus_query_language);
    expect(promql.map((p) => (p.user_labels as ResourceBody).alert_id).sort()).toEqual(expect.arrayContaining(["availability-burn-page", "latency-burn-ticket"]));
  });

  test("uptime check of the endpoint on the profile's schedule, and a dashboard per component and service", () => {
    expect(onlyResource(synths.prod, "google_monitoring_uptime_check_config")).toMatchObject({ period: "60s", http_check: { use_ssl: true, validate_ssl: true, path: "/healthz" }, monitored_resource: { type: "uptime_url", labels: { host: "checkout.example.com" } } });
    expect(onlyResource(synths.staging, "google_monitoring_uptime_check_config").period).toBe("300s");
    const names = resourceBodies(synths.prod, "google_monitoring_dashboard").map((d) => JSON.parse(d.dashboard_json as string).displayName).sort();
    expect(names).toEqual(["checkout-prod cloud-sql-postgres", "checkout-prod gke-cluster", "checkout-prod gke-logging", "checkout-prod managed-kafka", "checkout-prod service"]);
    // The uptime check is charted on its service's dashboard, which its alert records.
    expect(manifestOf(synths.prod as ResourceBody)!.alerts.find((a) => a.id === "checks-failing")!.dashboard).toBe("checkout-prod service");
  });

  test("log retention: _Default for the profile's days, audit logs 365 days in prod", () => {
    const buckets = (env: keyof typeof synths) => Object.fromEntries(resourceBodies(synths[env], "google_logging_project_bucket_config").map((b) => [b.bucket_id, b.retention_days]));
    expect(buckets("prod")).toEqual({ _Default: 90, "checkout-prod-audit": 365, "checkout-prod-workloads": 90 });
    expect(buckets("dev")).toEqual({ _Default: 7, "checkout-dev-audit": 30, "checkout-dev-workloads": 7 });
    expect(auditSink("prod")).toMatchObject({ filter: 'logName:"cloudaudit.googleapis.com"', destination: "logging.googleapis.com/projects/checkout-prod-123456/locations/global/buckets/checkout-prod-audit" });
  });

  test.each([
    ["dev", ["ADMIN_READ", "DATA_WRITE"]],
    ["staging", ["ADMIN_READ", "DATA_WRITE"]],
    ["prod", ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]],
  ] as const)("%s: Data Access audit logs on for Cloud SQL, GKE and Managed Kafka (%j), routed by the audit sink", (env, types) => {
    const configs = resourceBodies(synths[env], "google_project_iam_audit_config");
    expect(configs.map((c) => c.service).sort()).toEqual(["cloudsql.googleapis.com", "container.googleapis.com", "managedkafka.googleapis.com"]);
    for (const c of configs) {
      expect(c.project).toBe(`checkout-${env}-123456`);
      expect((c.audit_log_config as ResourceBody[]).map((l) => l.log_type)).toEqual(types);
      expect((c.audit_log_config as ResourceBody[]).every((l) => l.exempted_members === undefined)).toBe(true);
    }
    // Data Access entries are written to cloudaudit.googleapis.com%2Fdata_access, which the sink's filter matches.
    expect(auditSink(env).filter).toBe('logName:"cloudaudit.googleapis.com"');
  });

  test("every alert is in the manifest with a runbook page in docs/runbooks, and every component with target gcp", () => {
    const manifest = manifestOf(synths.prod as ResourceBody)!;
    const base = "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks/";
    expect(manifest.alerts.length).toBe(resourceBodies(synths.prod, "google_monitoring_alert_policy").length);
    for (const a of manifest.alerts) {
      expect(a.mechanism).toBe("cloud-monitoring-policy");
      expect(readFileSync(join(__dirname, "../../docs/runbooks", a.runbookUrl.slice(base.length)), "utf8")).toContain("#");
    }
    expect(manifest.components.map((c) => `${c.component}:${c.kind}:${c.target}`).sort()).toEqual([
      "admin-activity:platform:gcp",
      "cloud-logging:logs:gcp",
      "cloud-sql-postgres:postgres:gcp",
      "gke-cluster:cluster:gcp",
      "gke-logging:log-pipeline:gcp",
      "managed-kafka:kafka:gcp",
      "uptime-check:endpoint:gcp",
    ]);
  });
});

/** The audit log sink (the workload logs have sinks of their own). */
function auditSink(env: keyof typeof synths): ResourceBody {
  const sinks = resourceBodies(synths[env], "google_logging_project_sink").filter((s) => String(s.name).endsWith("-audit"));
  expect(sinks).toHaveLength(1);
  return sinks[0];
}

describe("labels", () => {
  test.each(ENVIRONMENTS)("%s: every label key and value in the synthesized JSON satisfies GCP's label rules", (env) => {
    const s = synths[env];
    const maps: Array<[string, Record<string, string>]> = [["provider.default_labels", (s.provider as ResourceBody).google[0].default_labels]];
    for (const [type, byName] of Object.entries(s.resource as Record<string, Record<string, ResourceBody>>)) {
      for (const [name, body] of Object.entries(byName)) {
        for (const field of ["labels", "user_labels", "resource_labels"]) {
          // Notification channels' `labels` are type parameters (email_address, url), not resource labels.
          if (body[field] && !(type === "google_monitoring_notification_channel" && field === "labels")) maps.push([`${type}.${name}.${field}`, body[field]]);
        }
        if (body.node_config?.resource_labels) maps.push([`${type}.${name}.node_config.resource_labels`, body.node_config.resource_labels]);
        if (body.settings?.user_labels) maps.push([`${type}.${name}.settings.user_labels`, body.settings.user_labels]);
      }
    }
    expect(maps.length).toBeGreaterThan(20);
    for (const [where, labels] of maps) {
      for (const [k, v] of Object.entries(labels)) {
        expect({ where, k, ok: GCP_LABEL_KEY.test(k) && GCP_LABEL_VALUE.test(v) }).toEqual({ where, k, ok: true });
      }
    }
  });
});

describe("no secret in the output", () => {
  const SECRET_REF = /^\$\{data\.google_secret_manager_secret_version\.([^.}]+)\.secret_data\}$/;

  test.each(ENVIRONMENTS)("%s: every sensitive label and URL label of a notification channel is read from Secret Manager at plan time", (env) => {
    const s = synths[env];
    const versions = (s.data as ResourceBody).google_secret_manager_secret_version as Record<string, ResourceBody>;
    const values: Array<[string, string]> = [];
    for (const c of resourceBodies(s, "google_monitoring_notification_channel")) {
      for (const [k, v] of Object.entries((c.sensitive_labels ?? {}) as Record<string, string>)) values.push([`${c.type}.sensitive_labels.${k}`, v]);
      for (const [k, v] of Object.entries((c.labels ?? {}) as Record<string, string>)) if (/url/.test(k)) values.push([`${c.type}.labels.${k}`, v]);
    }
    // PagerDuty and Slack keys, the webhook URL: at least three secrets reach the channels.
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const [where, value] of values) {
      const ref = SECRET_REF.exec(value);
      expect({ where, secretRef: !!ref }).toEqual({ where, secretRef: true });
      expect(versions[ref![1]].secret).toMatch(/^vigil-checkout-/);
    }
  });

  test.each(ENVIRONMENTS)("%s: no literal password, token or key in the synthesized JSON", (env) => {
    const json = JSON.stringify(synths[env]);
    const found = (re: RegExp) => re.exec(json)?.[0];
    expect(found(/"password"|root_password/)).toBeUndefined();
    expect(found(/xox[abpr]-/)).toBeUndefined(); // Slack tokens
    expect(found(/hooks\.slack\.com|hooks\.example\.com/)).toBeUndefined(); // webhook URLs carrying tokens
    // No channel secret in clear anywhere in the notification channels.
    expect(/"(service_key|auth_token|url)":"(?!\$\{)/.exec(JSON.stringify(resourceBodies(synths[env], "google_monitoring_notification_channel")))?.[0]).toBeUndefined();
  });
});
