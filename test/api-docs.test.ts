// docs/api is generated from the TSDoc (npm run docs:api); this test
// regenerates it into a temporary folder and fails when the committed copy differs.
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";

const ROOT = join(__dirname, "..");
const COMMITTED = join(ROOT, "docs/api");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [relative(dir, f), readFileSync(f, "utf8")]));
}

describe("API reference (docs/api)", () => {
  let fresh: Record<string, string>;

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), "vigil-api-docs-"));
    try {
      execFileSync(process.execPath, [join(ROOT, "scripts/api-docs.js"), out], { cwd: ROOT, stdio: "pipe" });
      fresh = contents(out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("documents every entry point and the main constructs", () => {
    expect(Object.keys(fresh)).toEqual(
      expect.arrayContaining(["README.md", "cdktf-vigil/README.md", "cdktf-vigil/aws/README.md", "cdktf-vigil/aws/classes/AwsPlatform.md", "cdktf-vigil/testing/README.md"]),
    );
    expect(fresh["cdktf-vigil/aws/classes/AwsPlatform.md"]).toContain("The AWS target for one environment and Region");
  });

  test("is current: regenerate with `npm run docs:api` when this fails", () => {
    const committed = contents(COMMITTED);
    const stale = [...new Set([...Object.keys(fresh), ...Object.keys(committed)])].filter((f) => fresh[f] !== committed[f]).sort();
    expect(stale).toEqual([]);
  });
});
