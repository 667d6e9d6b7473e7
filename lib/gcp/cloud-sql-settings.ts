/**
 * Database flags and backup retention of Vigil's Cloud SQL for PostgreSQL
 * instances, as small tested functions.
 */

/** Statements slower than this are logged (`log_min_duration_statement`, milliseconds). */
const CLOUD_SQL_SLOW_STATEMENT_MS = 500;

/**
 * Statement classes pgAudit logs (`pgaudit.log`), chosen for PCI DSS 10.2:
 * `ddl` (creation and deletion of system-level objects, 10.2.1.7), `role`
 * (GRANT, REVOKE, CREATE/ALTER/DROP ROLE: accounts and privileges,
 * 10.2.1.2 and 10.2.1.5) and `write` (INSERT, UPDATE, DELETE, TRUNCATE and
 * COPY into tables, where card data is written). `read` is left out: every
 * SELECT of a checkout database would be logged; audit reads of the card
 * data tables alone with pgAudit's object logging (`pgaudit.role`, see
 * docs/gcp.md). Class names from pgAudit's README and Cloud SQL's
 * "Configure database flags" (`pgaudit.log`: read, write, function, role,
 * ddl, misc, misc_set, all, none).
 */
const PGAUDIT_LOG_CLASSES: readonly string[] = ["ddl", "role", "write"];

/**
 * Flags that record who connected, what they changed and what failed, each
 * in the values Cloud SQL's flag list allows: `cloudsql.enable_pgaudit`
 * (on | off; restarts the instance when changed) with {@link PGAUDIT_LOG_CLASSES};
 * connections and disconnections (on | off); checkpoints (on | off); lock
 * waits longer than `deadlock_timeout` (on | off); and the statement text of
 * every statement that fails with ERROR or worse (`log_min_error_statement`,
 * debug5 … panic). `pgaudit.log_parameter` stays off (its default): bound
 * parameters may hold card numbers, which must not reach the logs.
 */
export const CLOUD_SQL_AUDIT_FLAGS: Readonly<Record<string, string>> = {
  "cloudsql.enable_pgaudit": "on",
  "pgaudit.log": PGAUDIT_LOG_CLASSES.join(","),
  log_connections: "on",
  log_disconnections: "on",
  log_checkpoints: "on",
  log_lock_waits: "on",
  log_min_error_statement: "error",
};

/** Every database flag of an instance whose tier allows `maxConnections`, as `{ name, value }` in name order. */
export function cloudSqlDatabaseFlags(maxConnections: number): Array<{ name: string; value: string }> {
  const flags: Record<string, string> = {
    "cloudsql.iam_authentication": "on",
    log_min_duration_statement: String(CLOUD_SQL_SLOW_STATEMENT_MS),
    max_connections: String(maxConnections),
    ...CLOUD_SQL_AUDIT_FLAGS,
  };
  return Object.keys(flags)
    .sort()
    .map((name) => ({ name, value: flags[name] }));
}

/**
 * Cloud SQL's limits on automated backups (Cloud SQL "About Cloud SQL
 * backups" and the Admin API's `BackupConfiguration`): 1 to 365 retained
 * backups; transaction logs for point-in-time recovery kept 1 to 7 days on
 * Enterprise edition (35 on Enterprise Plus); and the API refuses a log
 * retention that is not below the retained backups ("Invalid request: backup
 * retention should be > transaction log retention").
 */
const CLOUD_SQL_BACKUP_LIMITS = { minRetainedBackups: 1, maxRetainedBackups: 365, minLogDays: 1, maxLogDaysEnterprise: 7 } as const;

/** What {@link cloudSqlBackupRetention} chose, and the problems found. */
interface CloudSqlBackupRetention {
  /** Daily automated backups kept (`backup_retention_settings.retained_backups`). */
  readonly retainedBackups: number;
  /** Days of transaction logs for point-in-time recovery (`transaction_log_retention_days`). */
  readonly transactionLogRetentionDays: number;
  /** Messages for values Cloud SQL would refuse (empty when valid). */
  readonly problems: string[];
}

/**
 * Turns `postgres.backupRetentionDays` (days of backups and of
 * point-in-time recovery) into Cloud SQL's two numbers: transaction logs
 * for the days asked, at most 7 (Enterprise edition), and one daily backup
 * more than the log days whenever the days asked would not be more — a
 * point in time can only be restored from a backup taken before it, and the
 * API requires it. Dev's 1 day keeps 2 backups, staging's 7 keeps 8, prod's
 * 35 keeps 35 with 7 days of logs.
 */
export function cloudSqlBackupRetention(days: number): CloudSqlBackupRetention {
  const L = CLOUD_SQL_BACKUP_LIMITS;
  const problems: string[] = [];
  if (!Number.isInteger(days) || days < L.minLogDays || days >= L.maxRetainedBackups) {
    problems.push(
      `\`postgres.backupRetentionDays\` is ${days}; Cloud SQL keeps ${L.minRetainedBackups} to ${L.maxRetainedBackups} daily backups and needs one more backup than days of point-in-time recovery, so use a whole number from ${L.minLogDays} to ${L.maxRetainedBackups - 1}`,
    );
  }
  const transactionLogRetentionDays = Math.min(Math.max(Math.trunc(days), L.minLogDays), L.maxLogDaysEnterprise);
  const retainedBackups = Math.max(Math.trunc(days), transactionLogRetentionDays + 1);
  return { retainedBackups, transactionLogRetentionDays, problems };
}
