import { Construct } from "constructs";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import type { EnvironmentProfile } from "../core/environment";

/**
 * Services whose Data Access audit logs Vigil turns on: Cloud SQL, GKE (the
 * GKE API and, through it, the Kubernetes API's `k8s.io` entries) and
 * Managed Service for Apache Kafka. Service names from each service's
 * "Audit logging" page (`protoPayload.serviceName`).
 */
const DATA_ACCESS_AUDIT_SERVICES: readonly string[] = ["cloudsql.googleapis.com", "container.googleapis.com", "managedkafka.googleapis.com"];

/**
 * Data Access log types per environment. Admin Activity and System Event
 * logs are always on; Data Access logs are off by default ("Enable Data
 * Access audit logs"). Everywhere: ADMIN_READ (reads of configuration and
 * metadata, e.g. listing instances or Pods) and DATA_WRITE (writes of user
 * data). In prod, DATA_READ too (reads of user data, e.g. a Pod's logs), the
 * most voluminous type, kept where audit evidence is required.
 */
function dataAccessLogTypes(profile: EnvironmentProfile): string[] {
  return profile.tier === "prod" ? ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] : ["ADMIN_READ", "DATA_WRITE"];
}

/** Props of {@link GcpDataAccessAudit}. */
export interface GcpDataAccessAuditProps {
  /** Project id. */
  readonly project: string;
  /** Environment profile (which log types). */
  readonly profile: EnvironmentProfile;
}

/**
 * Turns on Data Access audit logs for the services Vigil builds on
 * ({@link DATA_ACCESS_AUDIT_SERVICES}), so the audit sink receives them with
 * the Admin Activity logs. `google_project_iam_audit_config` is
 * authoritative for its service in the project: it replaces an audit config
 * set on that service by other means (configs on folders and the
 * organization still add to it).
 */
export class GcpDataAccessAudit extends Construct {
  /** The audit configs, one per service. */
  public readonly configs: readonly ProjectIamAuditConfig[];

  constructor(scope: Construct, id: string, props: GcpDataAccessAuditProps) {
    super(scope, id);
    const auditLogConfig = dataAccessLogTypes(props.profile).map((logType) => ({ logType }));
    this.configs = DATA_ACCESS_AUDIT_SERVICES.map((service) => new ProjectIamAuditConfig(this, service.split(".")[0], { project: props.project, service, auditLogConfig }));
  }
}
