// The cdktf app of the reference deployment (cdktf.json runs it with tsx:
// no type-check at synth; `npm test` type-checks).

// cdktf captures a full stack trace for every token it creates; with tsx's
// source maps on, each one is mapped back to TypeScript, which cost a third of
// the synth (3.5 s → 2.9 s, 380 → 275 MiB on the reference). Validation
// errors name construct paths, not stack frames, so nothing is lost. Turned
// off before cdktf, the providers and the app load (hence `require` below:
// `import`s would be hoisted above this line).
process.setSourceMapsEnabled(false);
// tsx turns source maps back on as it loads modules lazily, and cdktf formats
// every token's creation stack (an object, never an Error) eagerly; none of it
// is read unless cdktf reports a token error. Give those captures an empty
// stack and real errors (bugs) their usual one.
Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): string =>
  target instanceof Error ? [String(target), ...frames.map((f) => `    at ${f}`)].join("\n") : "";

/* eslint-disable @typescript-eslint/no-require-imports -- these must load after the lines above: `import`s would be hoisted before them */
const { App } = require("cdktf") as typeof import("cdktf");
const { synthOrExit } = require("cdktf-vigil") as typeof import("cdktf-vigil");
const { buildReferenceApp } = require("./app") as typeof import("./app");
/* eslint-enable @typescript-eslint/no-require-imports */

const app = new App();
buildReferenceApp(app);
// Bad input: each problem once, no stack trace, exit 1 (and vigil report/diff refuse the stale output).
synthOrExit(app);
