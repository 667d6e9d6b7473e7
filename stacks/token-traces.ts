// Imported first by the apps that synthesize the reference deployment
// (stacks/main.ts, and the renamed variants vigil diff's tests compare it to),
// before cdktf, the providers and the app load.
//
// cdktf captures a full stack trace for every token it creates; with tsx's
// source maps on, each one is mapped back to TypeScript, which cost a third of
// the synth (3.5 s → 2.9 s, 380 → 275 MiB on the reference). Validation
// errors name construct paths, not stack frames, so nothing is lost.
process.setSourceMapsEnabled(false);
// tsx turns source maps back on as it loads modules lazily, and cdktf formats
// every token's creation stack (an object, never an Error) eagerly; none of it
// is read unless cdktf reports a token error. Give those captures an empty
// stack and real errors (bugs) their usual one.
Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): string =>
  target instanceof Error ? [String(target), ...frames.map((f) => `    at ${f}`)].join("\n") : "";

export {};
