// Benchmark app for scale: VIGIL_BENCH_SERVICES services (default 1) in one
// environment (prod), each the reference deployment's AWS stack with its own
// name and address space. Writes the time spent loading, constructing and
// synthesizing (wall, and CPU for construct + synth), in ms, as JSON to the
// file named by VIGIL_BENCH_TIMINGS.
import { writeFileSync } from "fs";
import { performance } from "perf_hooks";
import { App } from "cdktf";
import { AwsInfraStack } from "../../../stacks/aws-infra-stack";
import { referenceConfig } from "../../../stacks/config";

const loaded = performance.now();
const cpuAtStart = process.cpuUsage();
const services = Number(process.env.VIGIL_BENCH_SERVICES ?? "1");
if (!Number.isInteger(services) || services < 1 || services > 250) throw new Error(`VIGIL_BENCH_SERVICES must be 1-250, got ${process.env.VIGIL_BENCH_SERVICES}`);

const app = new App();
for (let i = 0; i < services; i++) {
  const service = `svc${String(i).padStart(3, "0")}`;
  const prod = { ...referenceConfig.environments.prod, networkCidr: `10.${i}.0.0/16` };
  new AwsInfraStack(app, `${service}-prod-aws-infra`, "prod", { ...referenceConfig, service, environments: { ...referenceConfig.environments, prod } });
}
const constructed = performance.now();
app.synth();
const synthesized = performance.now();
const cpu = process.cpuUsage(cpuAtStart);

if (process.env.VIGIL_BENCH_TIMINGS) {
  const timings = {
    loadMs: loaded,
    constructMs: constructed - loaded,
    synthMs: synthesized - constructed,
    workCpuMs: (cpu.user + cpu.system) / 1000,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
  writeFileSync(process.env.VIGIL_BENCH_TIMINGS, JSON.stringify(timings));
}
