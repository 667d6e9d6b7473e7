import { toolInstalled } from "../lib/testing";

/**
 * `describe` where the tool is installed, and always in CI (which installs
 * promtool and amtool, so a missing tool fails there); `describe.skip` elsewhere.
 */
export const describeWithTool = (tool: "promtool" | "amtool") => (toolInstalled(tool) || process.env.CI === "true" ? describe : describe.skip);

/** A promtool or amtool run that ran (not skipped) and passed. */
export const TOOL_PASSED = { skipped: false, output: expect.stringMatching(/SUCCESS/) };
