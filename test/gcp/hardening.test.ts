import { CLOUD_SQL_AUDIT_FLAGS, cloudSqlBackupRetention } from "../../lib/gcp";
import { onlyResource, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { gcpStack, gcpSynth } from "./support";

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const synths = Object.fromEntries(ENVIRONMENTS.map((env) => [env, gcpSynth(env)])) as Record<(typeof ENVIRONMENTS)[number], SynthesizedStack>;
const flagsOf = (s: SynthesizedStack) => Object.fromEntries(((onlyResource(s, "google_sql_database_instance").settings as Body).database_flags as Body[]).map((f) => [f.name, f.value]));

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
    const backup = (onlyResource(synths[env], "google_sql_database_instance").settings as Body).backup_configuration as Body;
    expect(backup.backup_retention_settings).toEqual({ retained_backups: backups, retention_unit: "COUNT" });
    expect(backup.transaction_log_retention_days).toBe(logDays);
    expect(backup.transaction_log_retention_days).toBeLessThan(backup.backup_retention_settings.retained_backups);
  });

  test("an override keeps the rule: 3 days in dev keeps 4 backups and 3 days of logs; 20 in staging keeps 20 and 7", () => {
    const backupOf = (env: string, days: number) => {
      const { stack } = gcpStack(env, {}, { postgres: { backupRetentionDays: days } });
      return (onlyResource(synthStack(stack), "google_sql_database_instance").settings as Body).backup_configuration as Body;
    };
    expect(backupOf("dev", 3)).toMatchObject({ transaction_log_retention_days: 3, backup_retention_settings: { retained_backups: 4 } });
    expect(backupOf("staging", 20)).toMatchObject({ transaction_log_retention_days: 7, backup_retention_settings: { retained_backups: 20 } });
  });

  test("a bad override fails synth with one message at the prop", () => {
    const { stack } = gcpStack("dev", {}, { postgres: { backupRetentionDays: 0 } });
    expect(validationMessages(stack)).toEqual(['[dev-gcp-infra/checkout/postgres] `postgres.backupRetentionDays` is 0; "dev" keeps at least 1 days (at most 35)']);
  });

  test("Cloud SQL's own limits: a value it cannot keep is refused with the range", () => {
    expect(cloudSqlBackupRetention(365).problems).toEqual([
      "`postgres.backupRetentionDays` is 365; Cloud SQL keeps 1 to 365 daily backups and needs one more backup than days of point-in-time recovery, so use a whole number from 1 to 364",
    ]);
    expect(cloudSqlBackupRetention(0).problems).toHaveLength(1);
    expect(cloudSqlBackupRetention(1.5).problems).toHaveLength(1);
    expect(cloudSqlBackupRetention(364)).toEqual({ retainedBackups: 364, transactionLogRetentionDays: 7, problems: [] });
  });
});
