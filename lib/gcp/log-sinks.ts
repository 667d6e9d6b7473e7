import { Construct } from "constructs";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import type { EnvironmentProfile } from "../core/environment";

/** Filter of the audit log sink: every Cloud Audit Logs stream (Admin Activity, Data Access, System Event, Policy Denied). */
const AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"';

/** Props of {@link GcpLogSinks}. */
export interface GcpLogSinksProps {
  /** Project id. */
  readonly project: string;
  /** Prefix of names: `<service>-<environment>`. */
  readonly namePrefix: string;
  /** Environment profile (retention). */
  readonly profile: EnvironmentProfile;
}

/**
 * Log retention on Cloud Logging: the project's `_Default` bucket keeps
 * operational logs for the profile's `logRetentionDays`, and a sink routes
 * Cloud Audit Logs to a dedicated bucket kept for `auditLogRetentionDays`
 * (365 in prod, PCI DSS 10.5.1).
 */
export class GcpLogSinks extends Construct {
  /** The audit log bucket. */
  public readonly auditBucket: LoggingProjectBucketConfig;
  /** The `_Default` bucket's retention. */
  public readonly defaultBucket: LoggingProjectBucketConfig;
  /** The audit log sink. */
  public readonly auditSink: LoggingProjectSink;

  constructor(scope: Construct, id: string, props: GcpLogSinksProps) {
    super(scope, id);
    const { project, profile } = props;
    this.defaultBucket = new LoggingProjectBucketConfig(this, "default-bucket", { project, location: "global", bucketId: "_Default", retentionDays: profile.logRetentionDays });
    const bucketId = `${props.namePrefix}-audit`;
    this.auditBucket = new LoggingProjectBucketConfig(this, "audit-bucket", {
      project,
      location: "global",
      bucketId,
      retentionDays: profile.auditLogRetentionDays,
      description: `Cloud Audit Logs of ${props.namePrefix}, kept ${profile.auditLogRetentionDays} days`,
    });
    this.auditSink = new LoggingProjectSink(this, "audit-sink", {
      name: `${props.namePrefix}-audit`,
      project,
      destination: `logging.googleapis.com/projects/${project}/locations/global/buckets/${bucketId}`,
      filter: AUDIT_LOG_FILTER,
      uniqueWriterIdentity: true,
      dependsOn: [this.auditBucket],
    });
  }
}
