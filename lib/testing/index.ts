/**
 * Helpers for tests of stacks built with Vigil (`cdktf-vigil/testing`):
 * synthesize with validation on, find resources by type or construct path,
 * find alerts and assert their routing, run promtool/amtool over a stack's
 * rules, read policy findings, collect validation messages, and normalise a
 * stack for snapshots. See docs/testing.md.
 */
// Every name here is a decision recorded in api/cdktf-vigil-testing.api.md (`npm run api:update`).
export { onlyResource, resourceBodies, resourcesOfType, synthStack, validationMessages } from "./synth";
export type { SynthesizedStack } from "./synth";
export { checkConfigWithAmtool, checkRulesWithPromtool, testRulesWithPromtool, toolInstalled } from "./promtool";
export type { ToolCheckResult } from "./promtool";
export { findObservabilityConfigs, findObservabilityConfigsIn } from "./observability-configs";
export type { FoundConfig, ObservabilityConfigs } from "./observability-configs";
export { alertsWithId, chartManifests, expectNoPolicyErrors, expectRouting, policyFindings, resourcesAt } from "./queries";
export type { ExpectedRouting, FoundResource } from "./queries";
export { normalizeForSnapshot } from "./snapshot";
export { checkStackWithPromtool, stackObservabilityConfigs } from "./stack-rules";
export type { AlertRecord, PolicyFindingRecord } from "../core/manifest";
