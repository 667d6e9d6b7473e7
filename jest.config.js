/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The reference deployment and its variants, synthesized once per run for the files that read them.
  setupFilesAfterEnv: ["<rootDir>/test/fast-stack-traces.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  // Examples and stacks import the package by name, as users do (tsconfig "paths" does the same for tsc and tsx).
  moduleNameMapper: { "^cdktf-vigil$": "<rootDir>/lib/index.ts", "^cdktf-vigil/(.*)$": "<rootDir>/lib/$1/index.ts" },
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  // Synthesizing with the AWS provider bindings is memory-hungry; two workers fit two cores.
  maxWorkers: 2,
  testTimeout: 60000,
};
