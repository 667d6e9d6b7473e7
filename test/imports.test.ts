import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
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

  test("the benchmark's naive baseline, generated only while it is measured, does use the barrel", () => {
    // A one-resource stack as (b) would synthesize it, turned into the baseline app.
    const dir = mkdtempSync(join(tmpdir(), "vigil-baseline-"));
    const stack = {
      "//": { metadata: { stackName: "prod-aws-infra" } },
      terraform: { backend: { s3: { bucket: "state", key: "k", region: "eu-west-1", use_lockfile: true } } },
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: { aws_vpc: { network: { cidr_block: "10.0.0.0/16", tags: { Name: "x" } } } },
    };
    writeFileSync(join(dir, "stack.json"), JSON.stringify(stack));
    execFileSync(process.execPath, [join(ROOT, "test/bench/baseline/generate.js"), join(dir, "stack.json"), join(dir, "app.ts")]);
    const app = readFileSync(join(dir, "app.ts"), "utf8");
    rmSync(dir, { recursive: true, force: true });
    expect(BARREL_IMPORT.test(app)).toBe(true);
    expect(app).toContain('new aws.vpc.Vpc(stack, "aws_vpc-network", { "cidrBlock": "10.0.0.0/16", "tags": { "Name": "x" } }).overrideLogicalId("network");');
  });

  test("the barrel pattern catches the forms it must", () => {
    // Built from parts so that this file holds no import the scan above would flag.
    const pkg = ["@cdktf", "provider-aws"].join("/");
    expect(BARREL_IMPORT.test(`import { EksCluster } from "${pkg}";`)).toBe(true);
    expect(BARREL_IMPORT.test(`const aws = require('${pkg}/lib');`)).toBe(true);
    expect(BARREL_IMPORT.test(`import("${pkg}/lib/index.js")`)).toBe(true);
    expect(BARREL_IMPORT.test(`import { EksCluster } from "${pkg}/lib/eks-cluster";`)).toBe(false);
  });

});

/** The package's entry points (subpath exports) as folders of lib/: "" is the core. */
const ENTRY_POINTS = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports)
  .filter((key) => key !== "./package.json")
  .map((key) => (key === "." ? "" : key.slice(2)));

/** The provider packages an entry point declares it needs (its assertProviderInstalled calls). */
function declaredProviders(entry: string): string[] {
  const index = readFileSync(join(ROOT, "lib", entry, "index.ts"), "utf8");
  return [...index.matchAll(/assertProviderInstalled\(\s*"(@cdktf\/provider-[a-z]+)"/g)].map((m) => m[1]);
}

/** Every provider module some file of lib/ imports by deep path, as "<package>/lib/<module>". */
function deepImportsInLib(): Set<string> {
  const imports = sourceFiles(join(ROOT, "lib")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/["'](@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+)["']/g)].map((m) => m[1]));
  return new Set(imports);
}

/** The provider modules that requiring lib/<entry> loads, in a fresh process, as "<package>/lib/<module>". */
function providerModulesLoadedBy(entry: string): string[] {
  const script = `
    require("tsx/cjs");
    require(${JSON.stringify(join(ROOT, "lib", entry, "index.ts"))});
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("@cdktf/provider-"))));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
  // A resource module loads its own struct files (deployment-v1/index-structs/...): count them as that module.
  const modules = loaded.map((k) => {
    const m = /node_modules\/(@cdktf\/provider-[a-z]+)\/(.*?)(\/index)?\.js$/.exec(k);
    return m ? `${m[1]}/${m[2].split("/").slice(0, 2).join("/")}` : k;
  });
  return [...new Set(modules)];
}

describe("what each entry point loads (require.cache of a fresh process)", () => {
  test("the entry points include the core and the AWS target", () => {
    expect(ENTRY_POINTS).toEqual(expect.arrayContaining(["", "aws", "testing"]));
  });

  test("cdktf-vigil (the core) and cdktf-vigil/testing load no provider package", () => {
    expect(providerModulesLoadedBy("")).toEqual([]);
    expect(providerModulesLoadedBy("testing")).toEqual([]);
  });

  test("cdktf-vigil/aws loads its resource modules one by one, never the barrel", () => {
    const loaded = providerModulesLoadedBy("aws");
    expect(loaded).toEqual(expect.arrayContaining(["@cdktf/provider-aws/lib/provider", "@cdktf/provider-aws/lib/eks-cluster"]));
    expect(loaded).not.toContain("@cdktf/provider-aws/lib");
  });

  test.each(ENTRY_POINTS.filter((e) => e !== "" && e !== "testing"))("cdktf-vigil/%s loads only the providers it declares, module by module", (entry) => {
    const declared = declaredProviders(entry);
    const used = deepImportsInLib();
    expect(declared.length).toBeGreaterThan(0);
    const loaded = providerModulesLoadedBy(entry);
    expect(loaded.filter((m) => !declared.some((p) => m.startsWith(`${p}/lib/`)))).toEqual([]);
    expect(loaded.filter((m) => !used.has(m))).toEqual([]);
  });
});
