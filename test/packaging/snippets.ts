// The code blocks that README.md and docs/testing.md mark for the README-literal
// test: `<!-- snippet: file <path> -->` (write the block to that file) or
// `<!-- snippet: run -->` (run the block in the project), right above the fence.
// The markers are HTML comments, so readers on GitHub and npm do not see them.
import { readFileSync } from "fs";
import { join } from "path";
import { ROOT } from "./consumer";

/** One marked code block. */
export type Snippet =
  | { readonly kind: "file"; readonly path: string; readonly content: string; readonly source: string }
  | { readonly kind: "run"; readonly content: string; readonly source: string };

const MARKER = /^<!-- snippet: (file (\S+)|run) -->$/;
const FENCE = /^```/;

/** The marked blocks of a Markdown file of this checkout, in order; a marker not followed by a fence throws. */
export function snippetsOf(markdownFile: string): Snippet[] {
  const lines = readFileSync(join(ROOT, markdownFile), "utf8").split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const source = `${markdownFile}:${i + 1}`;
    if (!FENCE.test(lines[i + 1] ?? "")) throw new Error(`${source}: a snippet marker must sit right above a code fence`);
    const end = lines.findIndex((line, j) => j > i + 1 && FENCE.test(line));
    if (end < 0) throw new Error(`${source}: the code block is not closed`);
    const content = `${lines.slice(i + 2, end).join("\n")}\n`;
    snippets.push(marker[2] ? { kind: "file", path: marker[2], content, source } : { kind: "run", content, source });
    i = end;
  }
  return snippets;
}

/** Package names an `npm install` line of a run snippet installs (versions and flags dropped). */
export function installedPackages(snippets: readonly Snippet[]): string[] {
  const names: string[] = [];
  for (const s of snippets) {
    if (s.kind !== "run") continue;
    for (const line of s.content.split("\n")) {
      const words = line.replace(/#.*/, "").trim().split(/\s+/);
      if (words[0] !== "npm" || (words[1] !== "install" && words[1] !== "i")) continue;
      for (const word of words.slice(2).filter((w) => !w.startsWith("-"))) names.push(word.replace(/(.)@.*$/, "$1"));
    }
  }
  return names;
}

/** The packages a TypeScript or JavaScript file imports or requires by bare name (`cdktf-vigil/aws` is `cdktf-vigil`). */
export function importedPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/(?:from\s+|require\(\s*|import\(\s*)"([^".][^"]*)"/g)].map((m) => m[1]);
  return [...new Set(specifiers.map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0])))];
}
