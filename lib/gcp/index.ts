/**
 * GCP target (`cdktf-vigil/gcp`): the GCP platform (VPC, GKE, Cloud SQL,
 * Managed Service for Apache Kafka, Cloud Monitoring) and its naming and
 * labelling rules. Loads `@cdktf/provider-google` alone.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-google", "gcp");

// Every name here is a decision recorded in api/cdktf-vigil-gcp.api.md (`npm run api:update`).
export { GcpPlatform } from "./platform";
export type { GcpPlatformProps, GcpRecordingRules } from "./platform";
export type { GcpChannelDelivery, GcpSlackDelivery, GcpTelegramDelivery, GcpWebhookDelivery } from "./channel-delivery";
export type { GcpEdgePlatformProps } from "./edge";
export type { GcpNetwork, GcpNetworkConstructProps, GcpNetworkLayout, GcpNetworkProps } from "./network";
export type { GcpPlatformLogsProps, GcpWorkloadLogs, GcpWorkloadLogsProps } from "./workload-logs";
export type { GkeBinaryAuthorization, GkeBinaryAuthorizationPolicyProps, GkeBinaryAuthorizationProps } from "./binary-authorization";
export type { InClusterBackups, InClusterOptions, ObjectStoreBackup, ObjectStoreProvider } from "../kubernetes/for-clouds";

// Types the platform's props and members name: exported so users can name them;
// the construct classes among them are built by the platform, not for `new`.
export type { GcpAlerting, GcpAlertingProps } from "./alerting";
export type { GcpDataAccessAudit, GcpDataAccessAuditProps } from "./data-access-audit";
export type { GcpGkeCluster, GcpGkeClusterProps } from "./cluster";
export type { GcpLogSinks, GcpLogSinksProps } from "./log-sinks";
export type { GcpManualChangeAlert, GcpManualChangeAlertProps } from "./manual-change-alert";
export type { GcpAlertDefinition, GcpAlertPolicy, GcpAlertPolicyProps, GcpCrossSeries } from "./alert-policy";
export type { GcpLogArchive, GcpLogArchiveProps } from "./log-archive";
export type { GcpComponentContext } from "./private/context";
