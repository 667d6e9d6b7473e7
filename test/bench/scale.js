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
  const work = median(r.runs.map((run) => run.constructMs + run.synthMs));
  const load = median(r.runs.map((run) => run.loadMs));
  rows.push({ services, wall: r.wall.median, load, work, rss: r.rss.median });
}
rmSync(timingsDir, { recursive: true, force: true });

const first = rows[0];
console.log("\nper service (medians)");
console.log("  services | wall ms | load ms | construct+synth ms | per service ms | peak RSS MiB | extra RSS per service MiB");
for (const row of rows) {
  const extraRss = row === first ? "-" : ((row.rss - first.rss) / (row.services - first.services)).toFixed(2);
  const perService = (row.work / row.services).toFixed(1);
  console.log(`  ${String(row.services).padStart(8)} | ${row.wall.toFixed(0).padStart(7)} | ${row.load.toFixed(0).padStart(7)} | ${row.work.toFixed(0).padStart(18)} | ${perService.padStart(14)} | ${row.rss.toFixed(0).padStart(12)} | ${extraRss.padStart(9)}`);
}
const [mid, last] = rows.slice(-2);
if (rows.length >= 2) {
  const growth = last.work / last.services / (mid.work / mid.services);
  console.log(`  per-service construct+synth time at ${last.services} vs ${mid.services} services: ${growth.toFixed(2)}x (1.00 = linear)`);
}
