import { registryPattern } from "../../lib/gcp/binary-authorization";
import { CLOUD_SQL_AUDIT_FLAGS, cloudSqlBackupRetention } from "../../lib/gcp/cloud-sql-settings";
import { platformImageSources } from "../../lib/kubernetes/images";
import { onlyResource, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { messageAt, messageSaying, ResourceBody, targetStack, targetSynth } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";


const synths = Object.fromEntries(ENVIRONMENTS.map((env) => [env, targetSynth("gcp", env, { service: true })])) as Record<(typeof ENVIRONMENTS)[number], SynthesizedStack>;
const flagsOf = (s: SynthesizedStack) => Object.fromEntries(((onlyResource(s, "google_sql_database_instance").settings as ResourceBody).database_flags as ResourceBody[]).map((f) => [f.name, f.value]));

describe("Cloud SQL audit logging", () => {
  test.each(ENVIRONMENTS)("%s: pgAudit on for DDL, role changes and writes; connections, disconnections, checkpoints, lock waits and failing statements logged", (env) => {
    expect(flagsOf(synths[env])).toMatchObject({
      "cloudsql.enable_pgaudit": "on",
      "pgaudit.log": "ddl,role,write",
      log_connections: "on",
      log_disconnections: "on",
      log_checkpoints: "on",
      log_lock_waits: "on",
      log_min_error_statement: "error",
    });
  });

  test("no flag logs bound parameters (they may hold card numbers); the earlier flags stay", () => {
    const flags = flagsOf(synths.prod);
    expect(flags["pgaudit.log_parameter"]).toBeUndefined();
    expect(flags).toMatchObject({ "cloudsql.iam_authentication": "on", log_min_duration_statement: "500", max_connections: "800" });
    expect(Object.keys(flags).length).toBe(3 + Object.keys(CLOUD_SQL_AUDIT_FLAGS).length);
  });
});

describe("Cloud SQL backups", () => {
  test.each([
    ["dev", 2, 1],
    ["staging", 8, 7],
    ["prod", 35, 7],
  ] as const)("%s: %i backups kept, %i days of transaction logs: fewer log days than backups, as the Cloud SQL API requires", (env, backups, logDays) => {
    const backup = (onlyResource(synths[env], "google_sql_database_instance").settings as ResourceBody).backup_configuration as ResourceBody;
    expect(backup.backup_retention_settings).toEqual({ retained_backups: backups, retention_unit: "COUNT" });
    expect(backup.transaction_log_retention_days).toBe(logDays);
    expect(backup.transaction_log_retention_days).toBeLessThan(backup.backup_retention_settings.retained_backups);
  });

  test("an override keeps the rule: 3 days in dev keeps 4 backups and 3 days of logs; 20 in staging keeps 20 and 7", () => {
    const backupOf = (env: EnvironmentTier, days: number) => {
      const { stack } = targetStack("gcp", { environment: env, service: { postgres: { backupRetentionDays: days } } });
      return (onlyResource(synthStack(stack), "google_sql_database_instance").settings as ResourceBody).backup_configuration as ResourceBody;
    };
    expect(backupOf("dev", 3)).toMatchObject({ transaction_log_retention_days: 3, backup_retention_settings: { retained_backups: 4 } });
    expect(backupOf("staging", 20)).toMatchObject({ transaction_log_retention_days: 7, backup_retention_settings: { retained_backups: 20 } });
  });

  test("a bad override fails synth with one message at the prop", () => {
    const { stack } = targetStack("gcp", { environment: "dev", service: { postgres: { backupRetentionDays: 0 } } });
    expect(validationMessages(stack)).toEqual([messageAt("dev-gcp-infra/checkout/postgres", "`postgres.backupRetentionDays` is 0", '"dev" keeps at least 1 day (at most 35)')]);
  });

  test("Cloud SQL's own limits: a value it cannot keep is refused with the range", () => {
    expect(cloudSqlBackupRetention(365).problems).toEqual([messageSaying("`postgres.backupRetentionDays` is 365", "Cloud SQL keeps 1 to 365 daily backups", "use a whole number from 1 to 364")]);
    expect(cloudSqlBackupRetention(0).problems).toHaveLength(1);
    expect(cloudSqlBackupRetention(1.5).problems).toHaveLength(1);
    expect(cloudSqlBackupRetention(364)).toEqual({ retainedBackups: 364, transactionLogRetentionDays: 7, problems: [] });
  });
});

describe("GKE Binary Authorization and intranode visibility", () => {
  test.each([
    ["dev", "DRYRUN_AUDIT_LOG_ONLY"],
    ["staging", "DRYRUN_AUDIT_LOG_ONLY"],
    ["prod", "ENFORCED_BLOCK_AND_AUDIT_LOG"],
  ] as const)("%s: the project policy denies unlisted images (%s), Google's system images through the global policy", (env, enforcement) => {
    const policy = onlyResource(synths[env], "google_binary_authorization_policy");
    expect(policy).toMatchObject({ project: `checkout-${env}-123456`, global_policy_evaluation_mode: "ENABLE", default_admission_rule: { evaluation_mode: "ALWAYS_DENY", enforcement_mode: enforcement } });
    expect(policy.cluster_admission_rules).toBeUndefined();
  });

  test("the allowlist holds the operators' images, the elasticsearch exporter and the project's Artifact Registry", () => {
    const patterns = (onlyResource(synths.prod, "google_binary_authorization_policy").admission_whitelist_patterns as ResourceBody[]).map((p) => p.name_pattern);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "quay.io/strimzi/kafka*",
        "quay.io/strimzi/operator*",
        "quay.io/jetstack/cert-manager-*",
        "docker.io/k8ssandra/*",
        "docker.elastic.co/elasticsearch/elasticsearch*",
        "docker.elastic.co/kibana/kibana*",
        "quay.io/prometheus/prometheus*",
        "docker.io/grafana/grafana*",
        "ghcr.io/cloudnative-pg/postgresql*",
        "quay.io/prometheuscommunity/elasticsearch-exporter*",
        "europe-west1-docker.pkg.dev/checkout-prod-123456/**",
      ]),
    );
    // One pattern per image source, nothing else: no registry is admitted whole.
    expect(patterns.length).toBe(platformImageSources().length + 1);
    for (const p of patterns) expect({ p, wholeRegistry: /^[^/]+\/\*\*?$/.test(p) }).toEqual({ p, wholeRegistry: false });
  });

  test("the user's registries are admitted below their path; a bare registry or a wildcard in the middle is refused", () => {
    const { stack } = targetStack("gcp", { platform: { binaryAuthorization: { allowedImageRegistries: ["europe-docker.pkg.dev/shared-images/apps", "registry.example.com/team/*"] } } });
    const patterns = (onlyResource(synthStack(stack), "google_binary_authorization_policy").admission_whitelist_patterns as ResourceBody[]).map((p) => p.name_pattern);
    expect(patterns).toEqual(expect.arrayContaining(["europe-docker.pkg.dev/shared-images/apps/**", "registry.example.com/team/*"]));
    const bad = targetStack("gcp", { platform: { binaryAuthorization: { allowedImageRegistries: ["docker.io", "gcr.io/*/apps"] } } }).stack;
    const fix = 'write "registry/path" with at least one path segment';
    expect(validationMessages(bad)).toEqual([
      messageAt("prod-gcp-infra/platform/cluster", "`binaryAuthorization.allowedImageRegistries`", '"docker.io"', "names a whole registry", fix),
      messageAt("prod-gcp-infra/platform/cluster", "`binaryAuthorization.allowedImageRegistries`", '"gcr.io/*/apps"', "not an image path Binary Authorization accepts", fix),
    ]);
    expect(registryPattern("gcr.io/my-project/nginx*")).toEqual({ pattern: "gcr.io/my-project/nginx*" });
  });

  test.each(ENVIRONMENTS)("%s: the cluster enforces the project policy, waits for it, and routes same-node Pod traffic through the VPC", (env) => {
    const s = synths[env];
    const cluster = onlyResource(s, "google_container_cluster");
    expect(cluster).toMatchObject({ binary_authorization: { evaluation_mode: "PROJECT_SINGLETON_POLICY_ENFORCE" }, enable_intranode_visibility: true });
    expect((cluster.binary_authorization as ResourceBody).enabled).toBeUndefined();
    const [policyName] = Object.keys(s.resource!.google_binary_authorization_policy);
    expect(cluster.depends_on).toContain(`google_binary_authorization_policy.${policyName}`);
  });
});
