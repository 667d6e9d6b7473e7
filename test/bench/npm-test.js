#!/usr/bin/env node
// `npm run bench:test`: how long `npm test` takes, as the median of several
// runs: its static checks (`npm run checks`: the typecheck and lint side by
// side, then the API report) and Jest, each run as `npm test` runs it.
//
//   npm run bench:test                 3 runs, warm: ESLint's cache and Jest's transform cache kept
//   npm run bench:test -- --cold       each run starts as a fresh clone does: no ESLint cache,
//                                      no type-check state (.api), no Jest cache
//   npm run bench:test -- --runs 5
//
// Run it on a quiet machine: every step is CPU-bound and Jest uses both cores.
const { spawnSync } = require("child_process");
const { readFileSync, rmSync } = require("fs");
const { join } = require("path");
const { ROOT, machine, median, runsOption } = require("./measure");

const runs = runsOption(3);
const cold = process.argv.includes("--cold");
const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
// The steps of `npm test`, in its order; a step added to the script must be added here.
const STEPS = ["checks"];
const expected = [...STEPS.map((s) => `npm run ${s}`), "jest"].join(" && ");
if (scripts.test !== expected) throw new Error(`package.json's test script is "${scripts.test}"; this benchmark times "${expected}". Update STEPS.`);

function timed(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  }
  return seconds;
}

console.log(`machine: ${machine()}`);
console.log(`npm test, ${runs} run(s), ${cold ? "cold (no ESLint cache, type-check state or Jest cache, as on a fresh clone)" : "warm (caches kept)"}`);
const samples = Object.fromEntries([...STEPS, "jest", "total"].map((s) => [s, []]));
for (let run = 1; run <= runs; run++) {
  if (cold) {
    rmSync(join(ROOT, ".eslintcache"), { force: true });
    rmSync(join(ROOT, ".api"), { recursive: true, force: true });
    timed("npx", ["jest", "--clearCache"]);
  }
  let total = 0;
  for (const step of STEPS) {
    const seconds = timed("npm", ["run", "--silent", step]);
    samples[step].push(seconds);
    total += seconds;
  }
  const jest = timed("npx", ["jest"]);
  samples.jest.push(jest);
  samples.total.push(total + jest);
  console.log(`run ${run}: ${[...STEPS, "jest", "total"].map((s) => `${s} ${samples[s][run - 1].toFixed(1)} s`).join(", ")}`);
}
for (const [step, values] of Object.entries(samples)) {
  console.log(`${step.padEnd(10)} median ${median(values).toFixed(1)} s   (${values.map((v) => v.toFixed(1)).join(", ")})`);
}
