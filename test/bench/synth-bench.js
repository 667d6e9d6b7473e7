#!/usr/bin/env node
// Benchmark: synth of the whole reference deployment, run the way cdktf.json
// runs it (the app under its runner, not the cdktf CLI's own start-up).
// Prints every run, then the median and spread of wall time and peak RSS.
//
//   npm run bench             7 runs (after one warm-up run)
//   npm run bench -- --runs 15
const { spawnSync } = require("child_process");
const { mkdtempSync, readFileSync, rmSync } = require("fs");
const { tmpdir, cpus, totalmem } = require("os");
const { join } = require("path");

const ROOT = join(__dirname, "../..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

const appCommand = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app.split(" ");

function runOnce() {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-bench-out-"));
  const rssFile = join(outdir, "rss");
  const [command, ...args] = appCommand;
  const start = process.hrtime.bigint();
  const result = spawnSync(command, ["-r", join(__dirname, "peak-rss.cjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, VIGIL_BENCH_RSS_FILE: rssFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`synth failed with exit code ${result.status}`);
  }
  const rssMiB = Number(readFileSync(rssFile, "utf8")) / 1024;
  rmSync(outdir, { recursive: true, force: true });
  return { wallMs, rssMiB };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

console.log(`reference deployment synth: ${appCommand.join(" ")}`);
console.log(`machine: ${cpus().length} cores (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
runOnce(); // warm-up: fills the OS file cache and tsx's transform cache
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const r = runOnce();
  runs.push(r);
  console.log(`  run ${i + 1}: ${r.wallMs.toFixed(0)} ms, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
}
const walls = runs.map((r) => r.wallMs);
const rss = runs.map((r) => r.rssMiB);
console.log(`wall time: median ${median(walls).toFixed(0)} ms (min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)}) over ${RUNS} runs`);
console.log(`peak RSS:  median ${median(rss).toFixed(0)} MiB (min ${Math.min(...rss).toFixed(0)}, max ${Math.max(...rss).toFixed(0)})`);
