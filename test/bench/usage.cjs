// Preloaded into a benchmarked process: on exit, writes its resource usage
// from getrusage — peak resident set size (KiB) and CPU time (user + system,
// ms) — as JSON to the file named by VIGIL_BENCH_USAGE_FILE. CPU time is what
// other work on a shared machine disturbs least.
const { writeFileSync } = require("fs");
const target = process.env.VIGIL_BENCH_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
