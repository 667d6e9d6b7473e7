// Policy packs: the public API. Attribute helpers, glob matching and the stack view stay internal.
export * from "./types";
export * from "./cis-aws-monitoring";
export { resourceRule } from "./resource-rule";
export type { ResourceCheck, ResourceRuleSpec } from "./resource-rule";
export { suppress, suppressionsOn } from "./suppressions";
export type { ConstructSuppression, PolicySuppression } from "./suppressions";
export * from "./evaluate";
export * from "./apply";
export * from "./packs/security";
export * from "./packs/data-protection";
export * from "./packs/observability";
export * from "./packs/parity";
