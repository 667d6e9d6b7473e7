import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-aws", "aws");

// Every name here is a decision recorded in api/cdktf-vigil-aws.api.md (`npm run api:update`).
export { AwsPlatform } from "./platform";
export type { AwsAuditOptions, AwsPlatformProps } from "./platform";
export type { AwsChannelDelivery, AwsSlackDelivery, AwsTelegramDelivery, AwsWebhookDelivery } from "./channel-delivery";
export type { AwsEdgeOptions } from "./edge";
export type { AwsLogPipeline, AwsLogPipelineProps, AwsPlatformLogsProps } from "./logs";
export type { AwsManagedPrometheus, AwsManagedPrometheusProps, ManagedPrometheusOptions } from "./managed-prometheus";
export type { AwsManagedGrafana, AwsManagedGrafanaProps, GrafanaAuthentication, GrafanaSamlProps, ManagedGrafanaOptions } from "./managed-grafana";
export type { AuditTrailOptions, AwsAuditTrail, AwsAuditTrailProps } from "./audit-trail";
export type { AwsCisAlarms, AwsCisAlarmsProps, CisAlarmsOptions } from "./cis-alarms";
export type { InClusterBackups, InClusterOptions, ObjectStoreBackup, ObjectStoreProvider } from "../kubernetes/for-clouds";

// Types the platform's props and members name: exported so users can name them;
// the construct classes among them are built by the platform, not for `new`.
export type { AwsAccount } from "./private/account";
export type { AwsAlerting, AwsAlertingProps } from "./alerting";
export type { AwsEksCluster, AwsEksClusterProps, ContainerInsightsLogGroup } from "./cluster";
export type { AwsNetwork, AwsNetworkProps } from "./network";
export type { EncryptionKey, EncryptionKeyProps } from "./private/kms";
export type { CisAlertId } from "../observability/cis-aws-monitoring";
export type { CloudWatchAlert, CloudWatchAlertAlarm, CloudWatchAlertAlarmProps, CloudWatchCondition, CloudWatchMetricMath } from "./alarm";
export type { LogArchive, LogArchiveProps } from "./private/log-archive";
export type { ArchiveTransition, BucketObjectLock, SecureBucket, SecureBucketProps } from "./private/bucket";
export type { ServerAccessLogs, ServerAccessLogsProps } from "./private/access-log-bucket";
export type { ServiceRole, ServiceRoleProps } from "./private/iam";
export type { AwsComponentContext } from "./private/context";
export type { NativeAlert } from "./private/component-alerts";
