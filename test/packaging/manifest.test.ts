// The package manifest, checked without building: every entry point resolves
// for TypeScript under both module resolutions users have, and the license
// file matches the declared license. (consumers.test.ts installs the real tarball.)
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";

const ROOT = join(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  license: string;
  types: string;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  files: string[];
  bin?: Record<string, string>;
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

  test("every lib/ folder with an index.ts is reachable: a subpath export, re-exported by the root, or a bin", () => {
    const rootIndex = readFileSync(join(ROOT, "lib/index.ts"), "utf8");
    const bins = Object.values(pkg.bin ?? {}).join(" ");
    const folders = readdirSync(join(ROOT, "lib")).filter((f) => existsSync(join(ROOT, "lib", f, "index.ts")));
    expect(folders).toEqual(expect.arrayContaining(["core", "aws"]));
    for (const folder of folders) {
      const exported = `./${folder}` in pkg.exports || rootIndex.includes(`export * from "./${folder}"`) || bins.includes(`dist/${folder}/`);
      expect({ folder, exported }).toEqual({ folder, exported: true });
    }
  });

  test("the tarball's file list is built output, README and LICENSE", () => {
    expect(pkg.files).toEqual(["dist/**/*.js", "dist/**/*.d.ts", "README.md", "LICENSE"]);
  });

  test("LICENSE holds the Apache License 2.0 text that package.json declares", () => {
    const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});
