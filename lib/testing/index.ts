/**
 * Helpers for tests of stacks built with Vigil (`cdktf-vigil/testing`):
 * synthesize with validation on, find resources by type or construct path,
 * find alerts and assert their routing, run promtool/amtool over a stack's
 * rules, read policy findings, collect validation messages, and normalise a
 * stack for snapshots. See docs/testing.md.
 */
export * from "./synth";
export * from "./promtool";
export * from "./observability-configs";
export * from "./queries";
export * from "./snapshot";
export * from "./stack-rules";
