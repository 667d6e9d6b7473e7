// Helpers of the packaging test: pack the library once, install the tarball
// into fresh consumer projects (as a user would, from the npm registry), and
// compile and run an app there the way the default cdktf TypeScript template does.
import { execFileSync } from "child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { SynthesizedStack } from "../../lib/testing";

export const ROOT = join(__dirname, "../..");

/** The tsc of this checkout: consumers install no TypeScript of their own, to keep installs small. */
const TSC = require.resolve("typescript/bin/tsc");

/**
 * The cdktf TypeScript template's compiler options (cdktf-cli
 * `templates/typescript/tsconfig.json`): CommonJS with the default (node10)
 * module resolution, which ignores package.json "exports", so the subpath
 * types must resolve through "typesVersions".
 */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    resolveJsonModule: true,
    strict: true,
    target: "ES2018",
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/**
 * What `npm test` sets about this checkout (npm_config_local_prefix would make
 * a consumer's `npm install` install into it), and what would let a consumer
 * find packages it did not install. Registry, cache and certificate settings stay.
 */
const CHECKOUT_ENV = /^(npm_config_local_prefix|npm_config_call|npm_command|npm_package_.*|npm_lifecycle_.*|INIT_CWD|NODE_PATH|NODE_OPTIONS)$/i;

/** The environment of a child process in a consumer project. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { CHECKPOINT_DISABLE: "1" };
  for (const [key, value] of Object.entries(process.env)) {
    if (!CHECKOUT_ENV.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): string {
  try {
    return execFileSync(command, [...args], { cwd, env, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

/** The version of a package that this checkout's package-lock.json pins. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in package-lock.json`);
  return entry.version;
}

/** A packed tarball and the paths it holds. */
export interface PackedLibrary {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** Paths inside the package, e.g. "dist/index.js". */
  readonly files: string[];
}

/**
 * A copy of what `npm pack` reads from this checkout: the manifest, the sources
 * and build configuration, and every top-level entry `files` ships. Packing the
 * copy lets two test files pack at once: prepack empties and rebuilds dist/,
 * which would race in one checkout.
 */
function stageCheckout(): string {
  const stage = mkdtempSync(join(tmpdir(), "vigil-stage-"));
  const { files } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
  const shipped = files.filter((f) => !f.startsWith("!")).map((f) => f.split("/")[0]).filter((top) => top !== "dist");
  for (const entry of new Set(["package.json", "tsconfig.json", "tsconfig.build.json", "lib", ...shipped])) {
    cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(stage, "node_modules"), "dir");
  return stage;
}

/** Runs `npm pack` on a copy of this checkout (its prepack script builds dist/ afresh). */
export function packLibrary(): PackedLibrary {
  const dest = mkdtempSync(join(tmpdir(), "vigil-pack-"));
  const stage = stageCheckout();
  try {
    const out = run("npm", ["pack", "--json", "--pack-destination", dest], stage);
    // prepack's output comes before the JSON report on stdout.
    const [report] = JSON.parse(out.slice(out.indexOf("\n[") + 1)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    return { tarball: join(dest, report.filename), files: report.files.map((f) => f.path).sort() };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** A consumer project with the library and the given packages installed. */
export class Consumer {
  /** The project directory. */
  public readonly dir: string;

  /** Creates the project and installs `packages` (pinned to package-lock.json) next to the tarball. */
  constructor(tarball: string, packages: readonly string[]) {
    this.dir = mkdtempSync(join(tmpdir(), "vigil-consumer-"));
    const dependencies: Record<string, string> = { "cdktf-vigil": `file:${tarball}` };
    for (const name of ["cdktf", "constructs", ...packages]) dependencies[name] = lockedVersion(name);
    writeFileSync(join(this.dir, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies }, null, 2));
    writeFileSync(join(this.dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], this.dir);
  }

  /**
   * Copies an app of this checkout in as main.ts, type-checks and compiles it
   * with the template's options, runs it with node, and returns each
   * synthesized stack's JSON by stack name.
   */
  public synth(appFile: string): Record<string, SynthesizedStack> {
    copyFileSync(join(ROOT, appFile), join(this.dir, "main.ts"));
    run(process.execPath, [TSC, "-p", "."], this.dir);
    const outdir = join(this.dir, "cdktf.out");
    run(process.execPath, ["main.js"], this.dir, childEnv({ CDKTF_OUTDIR: outdir }));
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    return Object.fromEntries(
      Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as SynthesizedStack]),
    );
  }

  /** Deletes the project (its node_modules holds hundreds of MB of provider bindings). */
  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs a CommonJS snippet in the project; returns its exit status and output. */
  public node(script: string): { status: number; output: string } {
    try {
      const stdout = execFileSync(process.execPath, ["-e", script], { cwd: this.dir, env: childEnv(), encoding: "utf8", stdio: "pipe" });
      return { status: 0, output: stdout };
    } catch (e) {
      const err = e as { status: number; stdout?: string; stderr?: string };
      return { status: err.status, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
    }
  }
}
