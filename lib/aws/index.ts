import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-aws", "aws");

export * from "./platform";
export * from "./network";
export * from "./cluster";
export * from "./cluster-alerts";
export * from "./alerting";
export * from "./channel-delivery";
export * from "./alarm";
export * from "./dashboard";
export * from "./managed-prometheus";
export * from "./managed-grafana";
export * from "./canary";
export * from "./audit-trail";
export * from "./cis-alarms";
export * from "./regions";
export * from "./sizes";
export * from "./msk";
export * from "./msk-alerts";
export * from "./keyspaces";
export * from "./keyspaces-alerts";
export * from "./opensearch";
export * from "./opensearch-alerts";
export * from "./rds-postgres";
export * from "./rds-postgres-alerts";
export * from "./service-dashboard";
export type { AwsComponentContext } from "./private/context";
