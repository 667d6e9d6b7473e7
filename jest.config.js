/**
 * Whether the command line has a positional argument: a test path pattern
 * (`test/aws/msk.test.ts`, `msk`). Then the files themselves are matched, not the
 * suites. A flag's separate value (`-t inventory`) counts too: slower, still right.
 */
function namedOnCommandLine() {
  return process.argv.slice(2).some((arg) => !arg.startsWith("-"));
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // `npm test` runs the suites of test/suites: one per folder, whose files share a module
  // registry (cdktf and the providers load once per suite, not once per file). A test
  // file or folder named on the command line (`npx jest test/aws/msk.test.ts`, `npx jest msk`) runs alone.
  testMatch: namedOnCommandLine() ? ["**/*.test.ts"] : ["<rootDir>/test/suites/*.suite.ts"],
  // cdktf's per-token creation traces without source maps (see the file).
  setupFilesAfterEnv: ["<rootDir>/test/fast-stack-traces.ts"],
  // The reference deployment and its variants, synthesized once per run for the files that read them.
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  // Examples and stacks import the package by name, as users do (tsconfig "paths" does the same for tsc and tsx).
  moduleNameMapper: { "^cdktf-vigil$": "<rootDir>/lib/index.ts", "^cdktf-vigil/(.*)$": "<rootDir>/lib/$1/index.ts" },
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  // Synthesizing with the AWS provider bindings is memory-hungry; two workers fit two cores.
  maxWorkers: 2,
  testTimeout: 60000,
};
