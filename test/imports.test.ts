import { execFileSync } from "child_process";
import { readdirSync, readFileSync, statSync, existsSync } from "fs";
import { join, relative } from "path";

const ROOT = join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "cdktf.out") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** An import of a provider package's root or `lib` index instead of one resource module. */
const BARREL_IMPORT = /(from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-[a-z]+(\/lib)?(\/index(\.js)?)?["']/;

describe("provider imports", () => {
  const files = ["lib", "stacks", "examples", "test"].flatMap((d) => sourceFiles(join(ROOT, d)));

  test("no file imports a provider package's barrel (it costs seconds and hundreds of MB)", () => {
    const offenders = files.filter((f) => BARREL_IMPORT.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
    expect(files.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  test("the barrel pattern catches the forms it must", () => {
    // Built from parts so that this file holds no import the scan above would flag.
    const pkg = ["@cdktf", "provider-aws"].join("/");
    expect(BARREL_IMPORT.test(`import { EksCluster } from "${pkg}";`)).toBe(true);
    expect(BARREL_IMPORT.test(`const aws = require('${pkg}/lib');`)).toBe(true);
    expect(BARREL_IMPORT.test(`import("${pkg}/lib/index.js")`)).toBe(true);
    expect(BARREL_IMPORT.test(`import { EksCluster } from "${pkg}/lib/eks-cluster";`)).toBe(false);
  });

  test("the core loads no provider package; the AWS entry point loads only AWS modules it uses", () => {
    const script = `
      require("tsx/cjs");
      const before = new Set(Object.keys(require.cache));
      require("./lib/index.ts");
      const core = Object.keys(require.cache).filter((k) => !before.has(k) && k.includes("@cdktf/provider-"));
      require("./lib/aws/index.ts");
      const aws = Object.keys(require.cache).filter((k) => k.includes("@cdktf/provider-"));
      console.log(JSON.stringify({ core, aws }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as { core: string[]; aws: string[] };
    expect(out.core).toEqual([]);
    expect(out.aws.length).toBeGreaterThan(10);
    expect(out.aws.every((k) => k.includes("@cdktf/provider-aws/lib/"))).toBe(true);
    expect(out.aws.some((k) => /@cdktf\/provider-aws\/lib\/index\.js$/.test(k))).toBe(false);
  });
});
