/**
 * GCP target (`cdktf-vigil/gcp`): the GCP platform (VPC, GKE, Cloud SQL,
 * Managed Service for Apache Kafka, Cloud Monitoring) and its naming and
 * labelling rules. Loads `@cdktf/provider-google` alone.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-google", "gcp");

export { NAMING_RULES, checkName, fitName, toGcpLabels } from "../core";
export * from "./regions";
export * from "./labels";
export * from "./sizes";
export * from "./metric-catalog";
export * from "./alert-policy";
export * from "./alerting";
export * from "./channel-delivery";
export * from "./dashboard";
export * from "./dashboard-panels";
export * from "./network";
export * from "./binary-authorization";
export * from "./cluster-alerts";
export * from "./cluster";
export * from "./cloud-sql-alerts";
export * from "./cloud-sql-settings";
export * from "./cloud-sql-postgres";
export * from "./managed-kafka-alerts";
export * from "./managed-kafka";
export * from "./log-sinks";
export * from "./log-queries";
export * from "./log-alerts";
export * from "./log-archive";
export * from "./workload-logs";
export * from "./service-logs";
export * from "./data-access-audit";
export * from "./uptime-check";
export * from "./manual-change-alert";
export * from "./cloud-armor";
export * from "./gateway";
export * from "./edge-alerts";
export * from "./edge";
export * from "./edge-slo";
export * from "./service-dashboard";
export * from "./platform";
export type { GcpDashboardBindings } from "./private/component-alerts";
