#!/usr/bin/env node
// `npm run bench:scale`: synth cost per service as the number of services in
// one environment grows (1, 10, 50 by default), so that growth is visible:
// each count runs test/bench/apps/scale.ts in fresh processes (medians over
// --runs) and prints wall time, the app's own construct + synth time and peak
// RSS, in total and per service. Per-service cost should stay roughly flat
// from 10 to 50; a rising figure points at something super-linear.
//
//   npm run bench:scale                          1, 10, 50 services, 3 runs each
//   npm run bench:scale -- --services 1,50,150 --runs 5
const { mkdtempSync, readFileSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");
const { machine, measure, median, runsOption } = require("./measure");

const runs = runsOption(3);
const servicesIndex = process.argv.indexOf("--services");
const counts = servicesIndex > 0 ? process.argv[servicesIndex + 1].split(",").map(Number) : [1, 10, 50];
const timingsDir = mkdtempSync(join(tmpdir(), "vigil-bench-scale-"));

console.log(`machine: ${machine()}`);
const rows = [];
for (const services of counts) {
  const timingsFile = join(timingsDir, `${services}.json`);
  const options = {
    env: { VIGIL_BENCH_SERVICES: String(services), VIGIL_BENCH_TIMINGS: timingsFile },
    inspect: () => JSON.parse(readFileSync(timingsFile, "utf8")),
  };
  const r = measure(`${services} service(s), one stack each, prod`, ["--import", "tsx", "test/bench/apps/scale.ts"], runs, options);
  const m = (key) => median(r.runs.map(key));
  rows.push({ services, wall: r.wall.median, work: m((run) => run.constructMs + run.synthMs), workCpu: m((run) => run.workCpuMs), rss: r.rss.median });
}
rmSync(timingsDir, { recursive: true, force: true });

// Memory per service is the growth over the smallest count.
const first = rows[0];
const columns = [
  ["services", (row) => String(row.services)],
  ["wall ms", (row) => row.wall.toFixed(0)],
  ["construct+synth ms", (row) => row.work.toFixed(0)],
  ["per service ms", (row) => (row.work / row.services).toFixed(1)],
  ["per service CPU ms", (row) => (row.workCpu / row.services).toFixed(1)],
  ["peak RSS MiB", (row) => row.rss.toFixed(0)],
  ["extra RSS per service MiB", (row) => (row === first ? "-" : ((row.rss - first.rss) / (row.services - first.services)).toFixed(2))],
];
console.log("\nper service (medians)");
console.log(`  ${columns.map(([name]) => name).join(" | ")}`);
for (const row of rows) console.log(`  ${columns.map(([name, value]) => value(row).padStart(name.length)).join(" | ")}`);
if (rows.length >= 2) {
  const [mid, last] = rows.slice(-2);
  const growth = (key) => (last[key] / last.services / (mid[key] / mid.services)).toFixed(2);
  console.log(`  per-service construct+synth at ${last.services} vs ${mid.services} services: ${growth("work")}x wall, ${growth("workCpu")}x CPU (1.00 = linear)`);
}
