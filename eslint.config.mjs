// ESLint (flat config), run by `npm run lint` and `npm test`.
//
// typescript-eslint's `recommended` (syntactic rules only: the type-checked
// configs would type-check the project a second time, and `npm run typecheck`
// already does) over lib/, stacks/, examples/, scripts/ and test/;
// eslint-plugin-jest's `recommended` over the tests; and the package's import
// boundaries as `no-restricted-imports` patterns, one block per folder of lib/.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import jest from "eslint-plugin-jest";
import tseslint from "typescript-eslint";

const TARGETS = ["aws", "gcp", "azure", "kubernetes"];

// Restrictions on import specifiers. ESLint does not merge the options of a
// rule set in two blocks (the later block replaces them), so each folder's
// block lists every restriction that applies to it, built from these.
// The rule sees `import` and `export ... from`, not `require()` or `import()`:
// test/imports.test.ts scans those for barrels.

/** Everywhere: a provider's barrel loads every resource binding of the provider. */
const PROVIDER_BARREL = {
  regex: "^@cdktf/provider-[a-z]+(/lib)?(/index(\\.js)?)?$",
  message:
    "Import a provider's resource module (`@cdktf/provider-aws/lib/<resource>`), never its barrel (`@cdktf/provider-aws`, `.../lib`, `.../lib/index`): the barrel loads every binding of the provider, seconds and hundreds of MB at synth.",
};

/** lib/core and lib/observability: the core is cloud-neutral. */
const CORE_NO_TARGET = {
  regex: `^(\\.\\./)+(${TARGETS.join("|")})(/.*)?$`,
  message:
    "lib/core and lib/observability import no target (aws, gcp, azure, kubernetes): the core is cloud-neutral and loads without any provider. Move the shared code into the core, or make the target call the core (an interface or a callback the target implements).",
};
const CORE_NO_PROVIDER = {
  regex: "^@cdktf/provider-",
  message:
    "lib/core and lib/observability import no provider package (`@cdktf/provider-*`): `cdktf-vigil` must load without any provider installed. Put resource code in a target (lib/aws, lib/gcp, lib/azure, lib/kubernetes).",
};

/** lib/<target>: another target only through its public entry point. */
function otherTargetInternals(target) {
  const others = TARGETS.filter((t) => t !== target);
  return {
    // lib/kubernetes/for-clouds.ts is the in-cluster target's entry for the clouds: its
    // index.ts checks for the Kubernetes and Helm providers on import, which a
    // cloud-only app must not need.
    regex: `^(\\.\\./)+(${others.join("|")})/(?!for-clouds$).+$`,
    message:
      "A target imports another target only through its public entry point (`../kubernetes`, or `../../kubernetes` from private/) or, for the clouds' in-cluster placement, `../kubernetes/for-clouds` (provider-free) — never another file inside it (`../kubernetes/<file>`). Export what is needed from that entry.",
  };
}

/** lib/aws: the policy packs check the AWS target's output, so the target does not depend on them. */
const AWS_NO_POLICY = {
  regex: "^(\\.\\./)+policy(/.*)?$",
  message:
    "lib/aws does not import lib/policy: the policy packs check what the target synthesizes, so the target must not depend on them. Move what both need (e.g. a control list, the suppression helper) into lib/core, and import it from there.",
};

const restrict = (...patterns) => ["error", { patterns }];

/** The Node.js globals the plain-JavaScript scripts use (the `globals` package is not a dependency here). */
const NODE_GLOBALS = Object.fromEntries(
  ["process", "console", "Buffer", "__dirname", "__filename", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "URL", "performance"].map((name) => [name, "readonly"]),
);

export default defineConfig(
  globalIgnores([
    "dist/",
    "cdktf.out/",
    "**/node_modules/",
    ".gen/",
    "coverage/",
    ".scratch/",
    // Declarations emitted by `npm run typecheck` for the API report.
    ".api/",
    "docs/api/",
    // Written by test/bench/baseline/generate.js while the bench runs (git-ignored).
    "test/bench/baseline/generated.ts",
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { omitted: _omitted, ...rest } = x` is how the code drops a key (tsc's noUnusedLocals allows it too).
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },

  // Plain JavaScript: the bench (test/bench) and the scripts, CommonJS under Node.js.
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: NODE_GLOBALS },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: NODE_GLOBALS },
  },

  // Import boundaries.
  {
    files: ["**/*.ts", "**/*.js", "**/*.cjs", "**/*.mjs"],
    rules: { "no-restricted-imports": restrict(PROVIDER_BARREL) },
  },
  {
    files: ["lib/core/**/*.ts", "lib/observability/**/*.ts"],
    // CORE_NO_PROVIDER covers the barrels too.
    rules: { "no-restricted-imports": restrict(CORE_NO_TARGET, CORE_NO_PROVIDER) },
  },
  TARGETS.map((target) => ({
    files: [`lib/${target}/**/*.ts`],
    rules: {
      "no-restricted-imports": restrict(PROVIDER_BARREL, otherTargetInternals(target), ...(target === "aws" ? [AWS_NO_POLICY] : [])),
    },
  })),

  // Tests. eslint-plugin-jest knows a test block only by Jest's own names: a test that
  // needs a tool is gated with `(installed ? describe : describe.skip)("...", () => { test(...) })`,
  // not with a `installed ? test : test.skip` alias, whose body the rules would not check.
  // Known false positive (eslint-plugin-jest 29.17): no-standalone-expect reports the expects
  // of an arrow function that is an object's property once an arrow nested in it has closed;
  // the two such helpers (test/channel-delivery.test.ts, test/packaging/consumers.test.ts)
  // disable it around those lines.
  {
    files: ["test/**/*.ts"],
    ...jest.configs["flat/recommended"],
    rules: {
      ...jest.configs["flat/recommended"].rules,
      "jest/no-conditional-expect": "error",
      "jest/valid-expect": "error",
      "jest/no-disabled-tests": "error",
      "jest/no-focused-tests": "error",
      // expectRouting and expectNoPolicyErrors (cdktf-vigil/testing), each test file's own expect*
      // helpers and a test case's `c.expect*` function assert. The promtool/amtool runners do not
      // count: a test asserts `{ skipped: false }` on what they return.
      "jest/expect-expect": ["error", { assertFunctionNames: ["expect*", "**.expect*"] }],
    },
  },
  {
    // A shared module that defines tests for several files (test/corpus/corpus.ts's describeCorpus)
    // exports them; only a *.test.ts file must not export (its importer would run its tests again).
    files: ["test/**/*.ts"],
    ignores: ["test/**/*.test.ts"],
    rules: { "jest/no-export": "off" },
  },
);
