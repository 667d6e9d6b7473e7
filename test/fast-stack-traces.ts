// cdktf records a stack trace for every token it creates, to say where an
// unresolved token came from, at unlimited depth. Under Jest each of those traces
// went through source-map-support, which was most of the suite's synth time.
// Traces captured on plain objects (cdktf's; never an Error) keep their first
// frames, unmapped; real errors keep their source-mapped traces.
const TOKEN_TRACE_FRAMES = 10;
const formatWithSourceMaps = Error.prepareStackTrace;
Error.prepareStackTrace = (error: unknown, callSites: NodeJS.CallSite[]) => {
  if (error instanceof Error || !formatWithSourceMaps) return formatWithSourceMaps ? formatWithSourceMaps(error as Error, callSites) : String(error);
  return `\n${callSites.slice(0, TOKEN_TRACE_FRAMES).map((site) => `    at ${site}`).join("\n")}`;
};
