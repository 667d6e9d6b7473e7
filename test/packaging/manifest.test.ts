// The package manifest, checked without building: every entry point resolves
// for TypeScript under both module resolutions users have, the license file
// matches the declared license, and the docs and examples the README links to
// ship in the package. (consumers.test.ts installs the real tarball.)
import { execFileSync } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { inPackage, relativeLinks } from "./links";

const ROOT = join(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  license: string;
  types: string;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  files: string[];
  bin?: Record<string, string>;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
};

const subpaths = Object.entries(pkg.exports).filter(([key]) => key !== "./package.json") as Array<[string, { types: string; default: string }]>;

describe("package.json", () => {
  test.each(subpaths)("export %s has types and code built from lib/", (key, target) => {
    const folder = key === "." ? "" : `${key.slice(2)}/`;
    expect(target).toEqual({ types: `./dist/${folder}index.d.ts`, default: `./dist/${folder}index.js` });
    expect(existsSync(join(ROOT, "lib", folder, "index.ts"))).toBe(true);
  });

  test("typesVersions mirrors every subpath export, for the node10 resolution of the cdktf template's tsconfig", () => {
    const expected = Object.fromEntries(subpaths.filter(([key]) => key !== ".").map(([key, t]) => [key.slice(2), [t.types.slice(2)]]));
    expect(pkg.typesVersions).toEqual({ "*": expected });
    expect(`./${pkg.types}`).toBe(subpaths.find(([key]) => key === ".")?.[1].types);
  });

  test("every index.ts under lib/ is an entry point: a subpath export (internal folders have no index.ts barrel)", () => {
    const folders = readdirSync(join(ROOT, "lib")).filter((f) => existsSync(join(ROOT, "lib", f, "index.ts")));
    expect(folders.sort()).toEqual(subpaths.filter(([key]) => key !== "." && key !== "./package.json").map(([key]) => key.slice(2)).sort());
  });

  test("repository, homepage and bugs name one GitHub repository", () => {
    const [, repo] = /^git\+https:\/\/github\.com\/([\w.-]+\/cdktf-vigil)\.git$/.exec(pkg.repository.url) ?? [];
    expect({ type: pkg.repository.type, repo }).toEqual({ type: "git", repo: expect.stringMatching(/\/cdktf-vigil$/) });
    expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${repo}/issues`);
  });

  test("LICENSE holds the Apache License 2.0 text that package.json declares", () => {
    const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});

describe("what the package ships (npm pack --dry-run, without building)", () => {
  // dist/ is built by prepack; consumers.test.ts checks it in the real tarball.
  let files: Set<string>;
  beforeAll(() => {
    const [report] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as Array<{ files: Array<{ path: string }> }>;
    files = new Set(report.files.map((f) => f.path).filter((f) => !f.startsWith("dist/")));
  });

  test("the docs, the API reference, the examples and the reference app the README links to; not the reference deployment's generated runbooks", () => {
    expect([...files]).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "docs/testing.md", "docs/alerts.md", "docs/api/README.md", "docs/runbooks/README.md", "examples/aws-minimal/main.ts", "examples/ci/github-actions.yml", "stacks/config.ts", "stacks/migrations.ts"]));
    expect([...files].filter((f) => !/^(docs|examples|stacks)\//.test(f)).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    // The reference app's sources, not its synth output or tests.
    expect([...files].filter((f) => f.startsWith("stacks/") && !/\.(ts|json)$/.test(f))).toEqual([]);
    expect([...files].filter((f) => f.startsWith("docs/runbooks/generated/"))).toEqual([]);
  });

  test("every relative link of the shipped Markdown into docs/, examples/ or stacks/ (the reference app) resolves inside the package", () => {
    const links = [...files].filter((f) => f.endsWith(".md")).flatMap((f) => relativeLinks(f, readFileSync(join(ROOT, f), "utf8")));
    expect(links.filter((l) => l.from === "README.md" && l.resolved.startsWith("examples/")).length).toBeGreaterThan(2);
    expect(links.filter((l) => /^(docs|examples|stacks)\//.test(l.resolved) && !inPackage(l.resolved, files))).toEqual([]);
    // Links to sources the package does not ship resolve on GitHub (and on npmjs.com, through `repository`).
    expect(links.filter((l) => !inPackage(l.resolved, files) && !existsSync(join(ROOT, l.resolved)))).toEqual([]);
  });
});
