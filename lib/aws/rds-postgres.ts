import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { PostgresHandle, PostgresProps, resolvePostgres, ResolvedPostgres } from "../core/components/postgres";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { rdsPostgresPanels } from "./dashboard-panels";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { ServiceRole } from "./private/iam";
import { dataKey } from "./private/kms";
import { encryptedLogGroup } from "./private/log-group";
import { vpcOnlySecurityGroup } from "./private/security-group";
import { rdsPostgresAlertBindings, RDS_POSTGRES_COMPONENT } from "./rds-postgres-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import { AWS_RDS_POSTGRES_CLASSES, AWS_RDS_POSTGRES_INSTANCE_CLASSES } from "./sizes";

/** Statements slower than this are logged (`log_min_duration_statement`, milliseconds). */
const RDS_SLOW_STATEMENT_MS = 500;

/** Log types exported to CloudWatch Logs: the server log and major-version upgrade logs. */
const RDS_POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** Master user name (not a secret; the password is generated and kept by RDS in Secrets Manager). */
const RDS_MASTER_USERNAME = "vigil_admin";

/** Props of {@link AwsRdsPostgres}. */
interface AwsRdsPostgresProps extends PostgresProps {
  /** Service the database belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AwsComponentContext;
}

/**
 * PostgreSQL on Amazon RDS: Multi-AZ where the profile is highly available,
 * in the private subnets behind a VPC-only security group, storage
 * encrypted (a customer-managed key where the profile protects data) with
 * autoscaling, a master password generated and kept by RDS in Secrets
 * Manager (never in the Terraform JSON), IAM database authentication, TLS
 * forced and slow statements logged, Performance Insights and enhanced
 * monitoring, logs exported with retention, backups for the profile's days,
 * deletion protection and a final snapshot where data is protected,
 * `prevent_destroy` in prod, the recommended alarms and a dashboard.
 */
export class AwsRdsPostgres extends Construct implements PostgresHandle {
  /** Canonical component kind. */
  public readonly kind = "postgres" as const;
  /** Implementation (runbook folder). */
  public readonly component = RDS_POSTGRES_COMPONENT;
  /** DB instance identifier. */
  public readonly name: string;
  /** The RDS for PostgreSQL DB instance (`aws_db_instance`), identifier `name`: gp3 storage with autoscaling, IAM authentication, master password kept by RDS in Secrets Manager. */
  public readonly instance: DbInstance;
  /** The DB parameter group (`aws_db_parameter_group`) `<name>-postgres<major>`: TLS forced (`rds.force_ssl`), statements slower than 500 ms logged. */
  public readonly parameterGroup: DbParameterGroup;
  /** Settings after defaults. */
  public readonly settings: ResolvedPostgres;
  /** Instance class in use. */
  public readonly instanceClass: string;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical PostgreSQL alerts RDS cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the instance's CloudWatch dashboard (golden signals and alarm states), `<name>-rds-postgres`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AwsGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AwsRdsPostgresProps) {
    super(scope, id);
    const { context: ctx } = props;
    const { profile, account, network } = ctx;
    const { postgres, problems } = resolvePostgres(props, props.service, profile);
    this.settings = postgres;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.awsRdsInstance, "postgres.name");
    if (nameProblem) problems.push(nameProblem);
    this.instanceClass = props.instanceType ?? AWS_RDS_POSTGRES_CLASSES[props.size ?? profile.nodes.size];
    problems.push(...rdsInstanceClassProblems(this.instanceClass));
    const spec = AWS_RDS_POSTGRES_INSTANCE_CLASSES[this.instanceClass] ?? AWS_RDS_POSTGRES_INSTANCE_CLASSES[AWS_RDS_POSTGRES_CLASSES.medium];
    const major = postgres.version;

    const key = dataKey(this, { account, profile, alias: `${this.name}-rds`, description: `Encrypts the ${this.name} PostgreSQL storage, secret and Performance Insights` });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: this.name,
      description: `Private subnets of ${this.name}`,
      subnetIds: network.privateSubnets.map((s) => s.id),
    });
    const securityGroup = vpcOnlySecurityGroup(this, "security-group", {
      name: `${this.name}-postgres`,
      description: `PostgreSQL from the VPC to ${this.name}`,
      network,
      ports: [{ port: 5432, why: "PostgreSQL over TLS" }],
    });
    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: `${this.name}-postgres${major}`,
      family: `postgres${major}`,
      description: `TLS only, slow statements logged (${this.name})`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_min_duration_statement", value: String(RDS_SLOW_STATEMENT_MS) },
      ],
      // A new family (major upgrade) needs the new group before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new ServiceRole(this, "monitoring-role", {
      account,
      nameParts: [this.name, "rds-monitoring"],
      assumedBy: ["monitoring.rds.amazonaws.com"],
      managedPolicies: ["service-role/AmazonRDSEnhancedMonitoringRole"],
    });
    // Created before the instance so RDS never makes them without retention.
    const logGroups = RDS_POSTGRES_LOG_EXPORTS.map((type) =>
      encryptedLogGroup(this, `${type}-logs`, {
        name: `/aws/rds/instance/${this.name}/${type}`,
        retentionDays: profile.logRetentionDays,
        keyArn: ctx.logsKey.arn,
      }),
    );
    const protectsData = profile.deletionProtection;

    this.instance = new DbInstance(this, "instance", {
      identifier: this.name,
      engine: "postgres",
      engineVersion: major,
      instanceClass: this.instanceClass,
      dbName: postgres.databaseName,
      username: RDS_MASTER_USERNAME,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key?.arn,
      iamDatabaseAuthenticationEnabled: true,
      multiAz: postgres.highAvailability,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      storageType: "gp3",
      allocatedStorage: postgres.storageGiB,
      maxAllocatedStorage: Math.min(postgres.storageGiB * 4, 65536),
      storageEncrypted: true,
      kmsKeyId: key?.arn,
      backupRetentionPeriod: postgres.backupRetentionDays,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:03:30-sun:04:30",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !protectsData,
      deletionProtection: profile.deletionProtection,
      skipFinalSnapshot: !protectsData,
      finalSnapshotIdentifier: protectsData ? `${this.name}-final` : undefined,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key?.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: profile.tier === "dev" ? 60 : 15,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: [...RDS_POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      dependsOn: [...logGroups, ...monitoringRole.attachments],
      lifecycle: { preventDestroy: profile.preventDestroy },
    });

    const observed = deployAwsComponentAlerts(this, ctx, {
      description: "RDS for PostgreSQL instance",
      stateful: true,
      resourceName: this.name,
      component: RDS_POSTGRES_COMPONENT,
      prop: "postgres",
      bindings: rdsPostgresAlertBindings({ identifier: this.name, instanceClass: this.instanceClass, spec, storageGiB: postgres.storageGiB }, ctx.runbookBaseUrl),
      overrides: props,
      panels: rdsPostgresPanels({ identifier: this.name, spec, storageGiB: postgres.storageGiB }),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** Host name clients connect to (TLS required). */
  public get endpoint(): string {
    return this.instance.address;
  }

  /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
  public get credentialsSecret(): string {
    return this.instance.masterUserSecret.get(0).secretArn;
  }
}

/**
 * Checks an instance class against the classes RDS offers for PostgreSQL,
 * and against Performance Insights, which the smallest burstable classes lack.
 */
function rdsInstanceClassProblems(instanceClass: string): string[] {
  if (!AWS_RDS_POSTGRES_INSTANCE_CLASSES[instanceClass]) {
    const families = [...new Set(Object.keys(AWS_RDS_POSTGRES_INSTANCE_CLASSES).map((c) => c.split(".").slice(0, 2).join(".")))];
    return [
      `\`postgres.instanceType\` ${JSON.stringify(instanceClass)} is not a DB instance class RDS offers for PostgreSQL; use a class of ${families.join(", ")} (e.g. "db.m7g.large"), or leave it out to use \`size\``,
    ];
  }
  if (/\.(micro|small)$/.test(instanceClass)) {
    return [`\`postgres.instanceType\` ${JSON.stringify(instanceClass)} does not support Performance Insights, which Vigil turns on; use db.t4g.medium or larger`];
  }
  return [];
}
