import { readdirSync } from "fs";
import { join, relative } from "path";

const TEST_ROOT = join(__dirname, "..");

/**
 * Registers every `*.test.ts` file of `dir` (relative to test/), each under a
 * `describe` named by its path. The files of a suite share one module registry,
 * so cdktf and the provider bindings load once per suite rather than once per
 * file (about 1.7 s of a worker per file; see docs/performance.md).
 */
export function runTestFiles(dir: string): void {
  const folder = join(TEST_ROOT, dir);
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".test.ts")).sort()) {
    const path = join(folder, file);
    describe(`${relative(TEST_ROOT, path)}`, () => {
      // The file registers its tests when loaded; a static import would hoist them out of this describe.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path);
    });
  }
}
