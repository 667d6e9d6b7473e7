// The `vigil` bin as packaged: package.json points at the compiled entry, the
// entry is a node script, and it loads neither cdktf nor a provider (tsx and
// esbuild, which compile the TypeScript here, are not counted).
import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { ROOT, vigil } from "./support";

describe("the vigil bin", () => {
  test("package.json names dist/cli/main.js, built from lib/cli/main.ts, which starts with a node shebang", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ vigil: "dist/cli/main.js" });
    expect(pkg.files).toContain("dist/**/*.js");
    expect(readFileSync(join(ROOT, "lib/cli/main.ts"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  test("it loads Node's built-ins, lib/cli and a few plain modules of lib/core and lib/observability only: no cdktf, constructs or provider package", () => {
    const script = `require("tsx/cjs"); require(${JSON.stringify(join(ROOT, "lib/cli/main.ts"))});
      console.log(JSON.stringify(Object.keys(require.cache).filter((k) => !["/node_modules/tsx/", "/node_modules/esbuild/"].some((m) => k.includes(m)))));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
    expect(loaded.filter((k) => !k.startsWith(join(ROOT, "lib/cli/"))).sort()).toEqual(
      ["core/manifest-read.ts", "core/stack-environments.ts", "core/stateful-coverage.ts", "core/stateful-types.ts", "core/stateful.ts", "core/stateless-types.ts", "core/synth-status.ts", "observability/alert-catalog/types.ts"].map((f) => join(ROOT, "lib", f)),
    );
  });

  test("--help describes the four commands and their exit codes; no command or an unknown one is a usage error", () => {
    const help = vigil(["--help"]);
    expect(help.status).toBe(0);
    for (const usage of ["vigil report [DIR]", "vigil diff BASE HEAD", "vigil runbooks [DIR]", "vigil addresses [DIR]"]) expect(help.stdout).toContain(usage);
    expect(help.stdout).toContain("a stateful address changed (addresses)");
    expect(vigil([]).status).toBe(2);
    const unknown = vigil(["deploy"]);
    expect([unknown.status, unknown.stderr]).toEqual([2, 'vigil: unknown command "deploy"; one of report, diff, runbooks, addresses (vigil --help)\n']);
  });
});
