import { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { PostgresHandle, PostgresProps, resolvePostgres, ResolvedPostgres } from "../core/components/postgres";
import { addValidationErrors } from "../core/errors";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import type { AlertDefinition } from "../observability/alert";
import { cloudSqlPostgresAlertBindings, CLOUD_SQL_POSTGRES_COMPONENT } from "./cloud-sql-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { cloudSqlPostgresPanels } from "./dashboard-panels";
import { deployGcpComponentAlerts } from "./private/component-alerts";
import type { GcpComponentContext } from "./private/context";
import { cloudSqlBackupRetention, cloudSqlDatabaseFlags } from "./cloud-sql-settings";
import { CLOUD_SQL_TIERS, CloudSqlTier } from "./sizes";

/** Roles of the client service account, held on its instance only: IAM database login and connector/proxy connections. */
const CLOUD_SQL_CLIENT_ROLES: readonly string[] = ["roles/cloudsql.instanceUser", "roles/cloudsql.client"];

/** Props of {@link GcpCloudSqlPostgres}. */
interface GcpCloudSqlPostgresProps extends PostgresProps {
  /** Service the database belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: GcpComponentContext;
}

/**
 * PostgreSQL on Cloud SQL (Enterprise edition): REGIONAL availability (a
 * standby in another zone) where the profile is highly available, a private
 * IP only (through the network's private service access), encrypted-only
 * connections, IAM database authentication (no password exists: the
 * service connects as its own service account), automated backups with
 * point-in-time recovery for the profile's days (one backup more than the
 * days of transaction logs, as Cloud SQL requires), Query Insights, slow
 * statements logged, audit logging (pgAudit for DDL, role changes and
 * writes; connections, disconnections, checkpoints, lock waits and failed
 * statements), automatic storage increase, deletion protection where the
 * profile protects data and `prevent_destroy` in prod; with its alert
 * policies and dashboard.
 */
export class GcpCloudSqlPostgres extends Construct implements PostgresHandle {
  /** Component kind. */
  public readonly component = CLOUD_SQL_POSTGRES_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "postgres" as const;
  /** Canonical PostgreSQL alerts Cloud SQL cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Instance name. */
  public readonly name: string;
  /** The Cloud SQL for PostgreSQL instance (`google_sql_database_instance`), Enterprise edition, named `name`, reachable on a private IP only. */
  public readonly instance: SqlDatabaseInstance;
  /** The service's database. */
  public readonly database: SqlDatabase;
  /** Service account the service connects as (IAM database authentication). */
  public readonly clientServiceAccount: ServiceAccount;
  /** The client account's roles ({@link CLOUD_SQL_CLIENT_ROLES}), conditioned on this instance. */
  public readonly clientRoles: readonly ProjectIamMember[];
  /** Settings after defaults. */
  public readonly settings: ResolvedPostgres;
  /** Machine tier in use. */
  public readonly tier: CloudSqlTier;
  /** Alerts deployed. */
  public readonly alerts: readonly AlertDefinition[];
  /** Display name of the instance's Cloud Monitoring dashboard (golden signals and alert policies), `<name> cloud-sql-postgres`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: GcpGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: GcpCloudSqlPostgresProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    const { postgres, problems } = resolvePostgres(props, props.service, profile);
    this.settings = postgres;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.gcpResource, "postgres.name");
    if (nameProblem) problems.push(nameProblem);
    // The core already reported a bad `backupRetentionDays`; Cloud SQL's own limits speak only when it did not.
    const retention = cloudSqlBackupRetention(postgres.backupRetentionDays);
    if (!problems.some((p) => p.startsWith("`postgres.backupRetentionDays`"))) problems.push(...retention.problems);
    this.tier = CLOUD_SQL_TIERS[props.size ?? profile.nodes.size];
    const tierName = props.instanceType ?? this.tier.tier;
    if (!/^db-custom-\d+-\d+$|^db-(n1|n2|perf-optimized-N)-/.test(tierName)) {
      problems.push(`\`postgres.instanceType\` ${JSON.stringify(tierName)} is not a Cloud SQL machine tier; use "db-custom-<vCPUs>-<memory MiB>" (e.g. "db-custom-4-15360"), or leave it out to use \`size\``);
    }

    this.instance = new SqlDatabaseInstance(this, "instance", {
      name: this.name,
      region: ctx.region,
      databaseVersion: `POSTGRES_${postgres.version}`,
      deletionProtection: profile.deletionProtection,
      settings: {
        tier: tierName,
        edition: "ENTERPRISE",
        availabilityType: postgres.highAvailability ? "REGIONAL" : "ZONAL",
        diskType: "PD_SSD",
        diskSize: postgres.storageGiB,
        diskAutoresize: true,
        diskAutoresizeLimit: Math.min(postgres.storageGiB * 4, 65536),
        deletionProtectionEnabled: profile.deletionProtection,
        retainBackupsOnDelete: profile.deletionProtection,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: ctx.network.vpc.id, sslMode: "ENCRYPTED_ONLY", enablePrivatePathForGoogleCloudServices: true },
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          startTime: "02:00",
          // Transaction logs for the days asked (at most 7), always fewer than the backups kept.
          transactionLogRetentionDays: retention.transactionLogRetentionDays,
          backupRetentionSettings: { retainedBackups: retention.retainedBackups, retentionUnit: "COUNT" },
        },
        insightsConfig: { queryInsightsEnabled: true, queryStringLength: 1024, recordApplicationTags: true, recordClientAddress: false },
        // IAM authentication, slow statements, max_connections and the audit flags (pgAudit needs
        // `CREATE EXTENSION pgaudit` in each database as well: docs/gcp.md).
        databaseFlags: cloudSqlDatabaseFlags(this.tier.maxConnections),
        maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
        userLabels: { ...ctx.labels },
      },
      dependsOn: [ctx.network.privateServiceAccess],
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    this.database = new SqlDatabase(this, "database", { name: postgres.databaseName, instance: this.instance.name, lifecycle: { preventDestroy: profile.preventDestroy } });
    this.clientServiceAccount = new ServiceAccount(this, "client-sa", {
      accountId: fitName([this.name, "db"], { ...NAMING_RULES.gcpResource, maxLength: 30 }),
      displayName: `Connects to Cloud SQL ${this.name} with IAM database authentication`,
    });
    // Cloud SQL names an IAM service account user by its email without ".gserviceaccount.com".
    new SqlUser(this, "iam-user", {
      instance: this.instance.name,
      name: `${this.clientServiceAccount.accountId}@${ctx.project}.iam`,
      type: "CLOUD_IAM_SERVICE_ACCOUNT",
    });
    // IAM database login needs cloudsql.instanceUser (instances.login) and the Cloud SQL
    // connectors and Auth Proxy need cloudsql.client (instances.connect, instances.get); both are
    // held for this instance only through an IAM condition on the instance's resource name.
    // Source: Cloud SQL "IAM authentication", "Predefined Cloud SQL IAM roles", and Google's
    // terraform-docs-samples cloud_sql/instance_iam_condition.
    const member = `serviceAccount:${this.clientServiceAccount.email}`;
    const condition = {
      title: `cloudsql-${this.name}`.slice(0, 100),
      description: `Cloud SQL instance ${this.name} only`,
      expression: `resource.type == "sqladmin.googleapis.com/Instance" && resource.name == "projects/${ctx.project}/instances/${this.name}"`,
    };
    this.clientRoles = CLOUD_SQL_CLIENT_ROLES.map((role) => new ProjectIamMember(this, `client-${role.split(".")[1]}`, { project: ctx.project, role, member, condition }));

    const databaseId = `${ctx.project}:${this.name}`;
    const observed = deployGcpComponentAlerts(this, ctx, {
      description: "Cloud SQL for PostgreSQL instance",
      stateful: true,
      resourceName: this.name,
      component: CLOUD_SQL_POSTGRES_COMPONENT,
      prop: "postgres",
      bindings: cloudSqlPostgresAlertBindings(databaseId, this.tier, ctx.alerting.runbookBaseUrl),
      overrides: props,
      panels: cloudSqlPostgresPanels(databaseId),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** Private IP clients connect to (TLS required). */
  public get endpoint(): string {
    return this.instance.privateIpAddress;
  }

  /** No password exists: the email of the service account the service authenticates as (IAM database authentication). */
  public get credentialsSecret(): string {
    return this.clientServiceAccount.email;
  }
}
