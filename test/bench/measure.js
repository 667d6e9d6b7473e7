// Shared by the benchmarks: runs an app in a fresh process, the way cdktf
// runs it, and reports wall time (measured here), and peak RSS and CPU time
// (the child's getrusage, written on exit by usage.cjs).
const { spawnSync } = require("child_process");
const { existsSync, mkdtempSync, readFileSync, rmSync } = require("fs");
const { tmpdir, cpus, totalmem } = require("os");
const { join } = require("path");

const ROOT = join(__dirname, "../..");

/** `--runs N` from the command line, or the default. */
function runsOption(defaultRuns) {
  const i = process.argv.indexOf("--runs");
  const runs = i > 0 ? Number(process.argv[i + 1]) : defaultRuns;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${process.argv[i + 1]}`);
  return runs;
}

/**
 * Runs `node <args>` once in the repository root with a fresh CDKTF_OUTDIR;
 * `inspect(outdir)` may read the output before it is deleted.
 */
function runOnce(args, { env = {}, inspect } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-bench-out-"));
  const usageFile = join(outdir, "usage.json");
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["-r", join(__dirname, "usage.cjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env, CDKTF_OUTDIR: outdir, VIGIL_BENCH_USAGE_FILE: usageFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  try {
    if (result.status !== 0 || !existsSync(usageFile)) {
      process.stderr.write(result.stderr);
      throw new Error(`node ${args.join(" ")} failed with exit code ${result.status}`);
    }
    const usage = JSON.parse(readFileSync(usageFile, "utf8"));
    return { wallMs, cpuMs: usage.cpuMs, rssMiB: usage.maxRssKiB / 1024, ...(inspect ? inspect(outdir) : {}) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median, minimum and maximum of `key` over the runs. */
function stats(runs, key) {
  const xs = runs.map((r) => r[key]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** "812 (735–893)": median, then the spread. */
function spread(s, digits = 0) {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** One warm-up run (OS file cache, tsx's transform cache), then `runs` measured ones, each printed. */
function measure(label, args, runs, options) {
  console.log(`\n${label}\n  node ${args.join(" ")}`);
  runOnce(args, options);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(args, options);
    results.push(r);
    console.log(`  run ${i + 1}: wall ${r.wallMs.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  }
  const wall = stats(results, "wallMs");
  const cpu = stats(results, "cpuMs");
  const rss = stats(results, "rssMiB");
  console.log(`  wall ${spread(wall)} ms, CPU ${spread(cpu)} ms, peak RSS ${spread(rss)} MiB (median (min–max) of ${runs})`);
  return { wall, cpu, rss, runs: results };
}

/** The machine, for the record. */
function machine() {
  return `${cpus().length} cores (${cpus()[0].model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}`;
}

/** Resource and data source counts by type (sorted), over every stack of a cdktf output directory. */
function resourceCounts(outdir) {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const counts = {};
  for (const stack of Object.values(manifest.stacks)) {
    const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
    for (const [prefix, block] of [["", json.resource], ["data.", json.data]]) {
      for (const [type, items] of Object.entries(block ?? {})) counts[prefix + type] = (counts[prefix + type] ?? 0) + Object.keys(items).length;
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

module.exports = { ROOT, machine, measure, median, resourceCounts, runOnce, runsOption, spread, stats };
