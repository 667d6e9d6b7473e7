#!/usr/bin/env node
// `npm test`'s checks before Jest: the typecheck and ESLint run side by side
// (each uses one core), then the API report, which reads the declarations the
// typecheck emits. Each step's output is printed when it ends; the first
// failure stops the run with its exit code.
import { spawn } from "node:child_process";

function run(script) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      process.stdout.write(output);
      if (code !== 0) console.error(`static-checks: npm run ${script} failed (exit code ${code})`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([run("typecheck"), run("lint")]);
const failed = codes.find((code) => code !== 0);
if (failed !== undefined) process.exit(failed);
process.exit(await run("api:check"));
