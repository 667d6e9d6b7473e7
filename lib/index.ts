// Cloud-neutral public API (`cdktf-vigil`). Imports no provider package: a user
// who targets one cloud loads that cloud's provider only (through
// cdktf-vigil/<cloud>). Every name here is a decision recorded in
// api/cdktf-vigil.api.md (`npm run api:update`); internals stay unexported.

// A service and the components it asks for.
export { MonitoredService } from "./core/components/service";
export type { MonitoredServiceProps, ServiceEndpointProps } from "./core/components/service";
export type { ComponentBaseProps, ComponentHandle, Placement, TargetComponentOptions } from "./core/components/common";
export type { NetworkHandle, NetworkProps } from "./core/components/network";
export type { KubernetesClusterHandle, KubernetesClusterProps, NodePoolProps, NodeTaint, ResolvedNodePool } from "./core/components/cluster";
export type { KafkaHandle, KafkaProps, KafkaTopicProps } from "./core/components/kafka";
export type { CassandraDatacenterProps, CassandraHandle, CassandraKeyspaceProps, CassandraProps, CassandraTableProps } from "./core/components/cassandra";
export type { SearchHandle, SearchProps } from "./core/components/search";
export type { PostgresHandle, PostgresProps } from "./core/components/postgres";
export type { LogRetention, PlatformLogsProps, ServiceLogsProps, ServiceLogsRequest, ServiceLogsView } from "./core/components/logs";
export type { EdgeBackendProps, EdgeHandle, EdgeRequest, EdgeTargetOptions, EdgeWafProps, EntryPointRecord, ServiceEdgeProps, WafMode } from "./core/components/edge";

// What every target's platform is and takes.
export type { Platform, ServiceObservability, ServiceObservation, TargetName } from "./core/components/platform";
export type { PlatformBase, PlatformBaseProps } from "./core/components/platform-base";
export type { DataComponentKind, PlacementDefaults, PlacementSupport } from "./core/components/placement";

// Environments and Terraform state.
export { deriveProfile, ENVIRONMENT_NAMES, ENVIRONMENT_PROFILES } from "./core/environment";
export type { ClusterEndpointAccess, EnvironmentProfile, EnvironmentTier, NodeScaling, ProfileOverrides, SizeClass, StateLocation } from "./core/environment";
export { configureStateBackend } from "./core/state";
export type { AzurermStateConfig, GcsStateConfig, RemoteStateConfig, S3StateConfig } from "./core/state";

// Alerts: the canonical ids per component kind, overrides and severities.
export type { AlertCondition, AlertDefinition, AlertOverride, CanonicalAlertRef, Comparison, MissingData, NativeMetricCondition, NativeStatistic, PromDuration, PromQlCondition } from "./observability/alert";
export type { UnavailableAlert } from "./observability/alert-binding";
export type { ComponentKind } from "./observability/alert-catalog/catalogs";
export type { ThresholdUnit } from "./observability/alert-catalog/types";
export type { ClusterAlertId } from "./observability/alert-catalog/cluster";
export type { KafkaAlertId } from "./observability/alert-catalog/kafka";
export type { CassandraAlertId } from "./observability/alert-catalog/cassandra";
export type { SearchAlertId } from "./observability/alert-catalog/search";
export type { PostgresAlertId } from "./observability/alert-catalog/postgres";
export type { EndpointAlertId } from "./observability/alert-catalog/endpoint";
export type { EdgeAlertId } from "./observability/alert-catalog/edge";
export type { LogAlertId, LogPipelineAlertId } from "./observability/alert-catalog/logs";
export type { PlatformAlertId } from "./observability/alert-catalog/platform";
export type { Severity } from "./observability/severity";
// The catalog itself: each id's meaning, unit, valid range, default and vendor source (docs/alerts.md).
export { CASSANDRA_ALERTS } from "./observability/alert-catalog/cassandra";
export { ALERT_CATALOGS } from "./observability/alert-catalog/catalogs";
export { CLUSTER_ALERTS } from "./observability/alert-catalog/cluster";
export { EDGE_ALERTS } from "./observability/alert-catalog/edge";
export { ENDPOINT_ALERTS } from "./observability/alert-catalog/endpoint";
export { KAFKA_ALERTS } from "./observability/alert-catalog/kafka";
export { LOG_ALERTS, LOG_PIPELINE_ALERTS } from "./observability/alert-catalog/logs";
export { PLATFORM_ALERTS } from "./observability/alert-catalog/platform";
export { POSTGRES_ALERTS } from "./observability/alert-catalog/postgres";
export { SEARCH_ALERTS } from "./observability/alert-catalog/search";

// Where alerts go.
export { AZURE_ALERT_ROLES, Channel, secret } from "./observability/channels";
export type {
  AzureAlertRole,
  AzureRoleChannel,
  ChannelKind,
  EmailChannel,
  IssueChannel,
  MaybeSecret,
  NotificationChannel,
  PagerDutyChannel,
  SecretReference,
  SlackChannel,
  TelegramChannel,
  WebhookChannel,
} from "./observability/channels";
export type { NotificationRouting, NotificationRoutingProps } from "./observability/routing";
export type { AlertmanagerDelivery, AlertmanagerSlackDelivery, AlertmanagerTelegramDelivery, SmtpSettings } from "./observability/alertmanager-delivery";

// SLOs.
export type { DefaultSloOptions, EdgeSli, EdgeSloProps, EventRatioSli, LatencySli, PrometheusSli, PrometheusSloProps, SloPeriod, SloProps } from "./observability/slo";

// Policy packs and suppressions.
export { applyPolicyPacks } from "./policy/apply";
export type { PolicyPacksOptions } from "./policy/evaluate";
export type { PolicyContext, PolicyLevel, PolicyPackName, PolicyRule, RuleSubject, RuleViolation, StackView, SynthesizedResource } from "./policy/types";
export { suppress } from "./core/suppressions";
export type { ConstructSuppression, PolicySuppression } from "./core/suppressions";

// Synthesis.
export { addValidationErrors } from "./core/errors";
export { synthOrExit } from "./core/synth-or-exit";

// Types the API above names (platform members, manifest records, rule shapes):
// exported so users can name them; the classes among them are not for `new`.
export type { ParityPair } from "./core/stack-environments";
export type { PolicyPacks } from "./policy/apply";
export type { AlertMechanism, AlertRecord, ComponentRecord, LogPipelineRecord, PolicyFindingRecord, ServiceLogsRecord, SloRecord, VigilManifestDocument } from "./core/manifest";
export type { AlertPlacement, AlertSink } from "./core/components/component-alerts";
export type { AlertingRule, PrometheusRule, PrometheusRuleGroup, RecordingRule } from "./observability/prometheus-rules";
