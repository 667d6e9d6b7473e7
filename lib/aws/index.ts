import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-aws", "aws");

export * from "./platform";
export * from "./network";
export * from "./cluster";
export * from "./cluster-alerts";
export * from "./alerting";
export * from "./alarm";
export * from "./dashboard";
export * from "./regions";
export * from "./sizes";
