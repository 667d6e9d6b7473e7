#!/usr/bin/env node
// `npm run bench`: median and spread of wall time, CPU time and peak RSS over
// several fresh-process runs of
//   (a) the whole reference deployment, run as cdktf.json runs it (the app
//       under its runner, not the cdktf CLI's own start-up);
//   (b) one AWS-only service (test/bench/apps/aws-service.ts), same runner;
//   (c) the naive baseline of that service: the provider's barrel import, run
//       with ts-node as the default cdktf template does. Its app is generated
//       from (b)'s synth output before the runs (test/bench/baseline/generate.js),
//       one construct per resource, so it stays the same service as (b) grows.
// then the ratios of (c) to (b), and whether (b) and (c) synthesize the same
// resources. `npm run bench:scale` measures synth cost per service.
//
//   npm run bench                         5 runs each, after one warm-up run
//   npm run bench -- --runs 9 --only a,b  more runs; a subset of (a) (b) (c), or
//                                         (d): (c) with ts-node --transpile-only
const { execFileSync } = require("child_process");
const { readFileSync, rmSync } = require("fs");
const { join } = require("path");
const { ROOT, machine, measure, resourceCounts, runOnce, runsOption } = require("./measure");

const runs = runsOption(5);
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(",") : ["a", "b", "c"];

const [runner, ...runnerArgs] = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app.split(" ");
if (runner !== "node") throw new Error(`cdktf.json's app must start with "node" to be measured; it is ${runner}`);
const countResources = { inspect: (outdir) => ({ resources: resourceCounts(outdir) }) };

const CASES = {
  a: { label: "(a) reference deployment, all stacks (cdktf.json's app)", args: runnerArgs },
  b: { label: "(b) one AWS service with Vigil, same runner", args: [...runnerArgs.slice(0, -1), "test/bench/apps/aws-service.ts"] },
  c: { label: "(c) the same service by hand: barrel import + ts-node (cdktf template)", args: ["node_modules/ts-node/dist/bin.js", "test/bench/baseline/generated.ts"] },
  // Not the template's default; shows how much of (c) is the barrel rather than the type-check.
  d: { label: "(d) the baseline without its type-check: ts-node --transpile-only", args: ["node_modules/ts-node/dist/bin.js", "--transpile-only", "test/bench/baseline/generated.ts"] },
};
// The runner's arguments end with the app file; (b) swaps in its own.
if (!/\.ts$/.test(runnerArgs[runnerArgs.length - 1])) throw new Error(`cdktf.json's app must end with the app's .ts file; it is ${runnerArgs.join(" ")}`);
const unknown = only.filter((key) => !CASES[key]);
if (unknown.length) throw new Error(`--only takes ${Object.keys(CASES).join(",")}; got ${unknown.join(",")}`);

console.log(`machine: ${machine()}`);
const BASELINE_APP = join(__dirname, "baseline/generated.ts");
const results = {};
try {
  if (only.includes("c") || only.includes("d")) {
    // (b)'s stack, synthesized once, is the source of the baseline app; it exists only while measured.
    runOnce(CASES.b.args, {
      inspect: (outdir) => {
        execFileSync(process.execPath, [join(__dirname, "baseline/generate.js"), join(outdir, "stacks/prod-aws-infra/cdk.tf.json"), BASELINE_APP]);
        return {};
      },
    });
  }
  for (const key of only) results[key] = measure(CASES[key].label, CASES[key].args, runs, countResources);
} finally {
  rmSync(BASELINE_APP, { force: true });
}

const total = (counts) => Object.entries(counts).filter(([t]) => !t.startsWith("data.")).reduce((n, [, c]) => n + c, 0);
console.log("\nsummary");
for (const [key, r] of Object.entries(results)) {
  const counts = r.runs[0].resources;
  console.log(`  ${key}: wall ${r.wall.median.toFixed(0)} ms, CPU ${r.cpu.median.toFixed(0)} ms, peak RSS ${r.rss.median.toFixed(0)} MiB, ${total(counts)} resources`);
}
if (results.a) {
  const met = results.a.wall.median <= 3000 && results.a.rss.median <= 600 * 1e6 / 2 ** 20;
  console.log(`  (a) against the targets (<= 3 s, <= 600 MB): ${met ? "met" : "NOT MET"}`);
}
if (results.b && results.c) {
  const same = JSON.stringify(results.b.runs[0].resources) === JSON.stringify(results.c.runs[0].resources);
  console.log(`  (b) and (c) synthesize the same resource and data source types and counts: ${same ? "yes" : "NO"}`);
}
for (const key of ["c", "d"].filter((k) => results[k] && results.b)) {
  const ratio = (what) => (results[key][what].median / results.b[what].median).toFixed(1);
  console.log(`  (${key}) / (b): ${ratio("wall")}x the wall time, ${ratio("cpu")}x the CPU time, ${ratio("rss")}x the peak RSS${key === "c" ? " (target: >= 5x faster)" : ""}`);
}
