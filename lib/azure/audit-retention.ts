import { Construct } from "constructs";
import { LogAnalyticsWorkspaceTable } from "@cdktf/provider-azurerm/lib/log-analytics-workspace-table";

/**
 * Log Analytics tables holding audit and access logs: the activity log
 * (`AzureActivity`), the Kubernetes audit log (`AKSAudit`, `AKSAuditAdmin`),
 * the PostgreSQL server log (`PGSQLServerLogs`, connections and statements),
 * the Event Hubs data-plane access log (`AZMSRunTimeAuditLogs`: sends and
 * receives with the caller's identity; Premium namespaces only) and the
 * Managed Cassandra audit log (`CassandraAudit`: CQL operations and logins).
 * The last four are the resource-specific tables of the diagnostic settings.
 * Source: Microsoft Learn, "Azure Monitor Logs reference" (tables
 * AZMSRunTimeAuditLogs, CassandraAudit: category Audit). A table exists in
 * every workspace's schema, so its retention can be set before data arrives.
 */
const AZURE_AUDIT_TABLES: readonly string[] = ["AzureActivity", "AKSAudit", "AKSAuditAdmin", "PGSQLServerLogs", "AZMSRunTimeAuditLogs", "CassandraAudit"];

/** Props of {@link AzureAuditRetention}. */
interface AzureAuditRetentionProps {
  /** Log Analytics workspace id. */
  readonly workspaceId: string;
  /** Days the logs stay queryable (the workspace's retention). */
  readonly interactiveDays: number;
  /** Days the audit logs are kept in total (the profile's `auditLogRetentionDays`). */
  readonly totalDays: number;
}

/**
 * Keeps audit and access logs for the profile's audit retention: the
 * workspace's interactive retention, then the long-term (archive) tier up
 * to `totalDays` — in prod 90 days at hand and 365 in total, as PCI DSS 10.5.1
 * asks.
 */
export class AzureAuditRetention extends Construct {
  constructor(scope: Construct, id: string, props: AzureAuditRetentionProps) {
    super(scope, id);
    for (const name of AZURE_AUDIT_TABLES) {
      new LogAnalyticsWorkspaceTable(this, name, {
        name,
        workspaceId: props.workspaceId,
        retentionInDays: props.interactiveDays,
        totalRetentionInDays: Math.max(props.interactiveDays, props.totalDays),
      });
    }
  }
}
