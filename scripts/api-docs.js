#!/usr/bin/env node
// Generates the API reference (Markdown) from the TSDoc of the package's
// entry points — its subpath exports in package.json, so a new entry point is
// documented without touching this script.
//
//   npm run docs:api              writes docs/api/
//   node scripts/api-docs.js DIR  writes DIR instead (test/api-docs.test.ts compares the two)
//
// The output is deterministic: no source links (they would carry a git
// revision), no generator footer, no timestamps, members sorted by kind then name.
const { readFileSync } = require("fs");
const { join, resolve } = require("path");

const ROOT = join(__dirname, "..");

/** The subpath exports: import specifier, lib/ index file and typedoc's module name. */
function entryPoints() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  return Object.keys(pkg.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => {
      const folder = key === "." ? "" : key.slice(2);
      return {
        specifier: folder ? `${pkg.name}/${folder}` : pkg.name,
        file: join(ROOT, "lib", folder, "index.ts"),
        // typedoc's own name for the module: the path below the entry points' common folder.
        moduleName: folder || "index",
      };
    });
}

async function generate(out) {
  // typedoc 0.28 is an ES module.
  const { Application, LogLevel } = await import("typedoc");
  const entries = entryPoints();
  const app = await Application.bootstrapWithPlugins({
    name: "cdktf-vigil",
    entryPoints: entries.map((e) => e.file),
    entryPointStrategy: "resolve",
    tsconfig: join(ROOT, "tsconfig.build.json"),
    plugin: ["typedoc-plugin-markdown"],
    out,
    readme: "none",
    cleanOutputDir: true,
    disableSources: true,
    disableGit: true,
    githubPages: false,
    hideGenerator: true,
    excludePrivate: true,
    excludeInternal: true,
    // `npm test` type-checks lib/; a second check here would double the time.
    skipErrorChecking: true,
    sort: ["kind", "alphabetical"],
    logLevel: LogLevel.Warn,
    // typedoc-plugin-markdown: one page per module and per exported symbol.
    outputFileStrategy: "members",
    hidePageHeader: true,
    hideBreadcrumbs: true,
  });
  const project = await app.convert();
  if (!project) throw new Error("typedoc could not convert the entry points");
  // typedoc names a module after its file's folder ("index" for the core);
  // name each after the specifier users import instead.
  for (const module of project.children ?? []) {
    const entry = entries.find((e) => e.moduleName === module.name);
    if (!entry) throw new Error(`typedoc made a module "${module.name}" that is no entry point`);
    module.name = entry.specifier;
  }
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error("typedoc reported errors");
}

generate(resolve(process.argv[2] ?? join(ROOT, "docs/api"))).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
