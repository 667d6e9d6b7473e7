import { readdirSync } from "fs";
import { join } from "path";
import { runTestFiles } from "./run-test-files";

// The files at the top of test/: imports, examples, validation, API docs, CI pipelines.
runTestFiles(".");

test("every folder of test/ holding *.test.ts files has its suite here, so npm test runs every file", () => {
  const root = join(__dirname, "..");
  const folders = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "node_modules") walk(join(dir, entry.name));
      else if (entry.name.endsWith(".test.ts")) folders.add(dir === "" ? "package" : dir);
    }
  };
  walk("");
  const suites = readdirSync(__dirname).filter((f) => f.endsWith(".suite.ts")).map((f) => f.replace(/\.suite\.ts$/, ""));
  expect([...folders].sort()).toEqual(suites.sort());
});
