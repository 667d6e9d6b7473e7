// Doc comments are read in editors and in docs/api: one that only restates the
// name (`/** Dashboard name. */` above `dashboardName`) tells the reader nothing.
// This finds one-line doc comments whose words are the next declaration's name.
import { readdirSync, readFileSync } from "fs";
import { join, relative } from "path";

const ROOT = join(__dirname, "..");

const ONE_LINE_DOC = /^\s*\/\*\*\s*(.*?)\s*\*\/\s*$/;
const DECLARATION = /^\s*(?:export\s+)?(?:(?:readonly|public|protected|private|static|abstract|declare|const|let|function|class|interface|type|enum)\s+)*([A-Za-z_$][\w$]*)/;

/** Letters and digits only, lower case: "Dashboard name." and `dashboardName` both become "dashboardname". */
const letters = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Whether `comment` says no more than `name`: the same words, a plural, or a word or two of it. */
function restates(comment: string, name: string): boolean {
  const words = comment.replace(/\.$/, "").replace(/^(the|a|an)\s+/i, "");
  const said = letters(words);
  const named = letters(name);
  return said === named || said === `${named}s` || (words.split(/\s+/).length <= 2 && named.includes(said));
}

/** `file:line: comment` for every one-line doc comment of `source` that restates the declaration below it. */
function restatingComments(file: string, source: string): string[] {
  const lines = source.split("\n");
  const found: string[] = [];
  lines.forEach((line, i) => {
    const doc = ONE_LINE_DOC.exec(line);
    const declaration = doc && DECLARATION.exec(lines[i + 1] ?? "");
    if (doc && declaration && restates(doc[1], declaration[1])) found.push(`${file}:${i + 1}: /** ${doc[1]} */ above ${declaration[1]}`);
  });
  return found;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("doc comments in lib/", () => {
  test("the check finds a comment that restates the name, and passes one that says more", () => {
    const source = [
      "interface Example {",
      "  /** Dashboard name. */",
      "  readonly dashboardName: string;",
      "  /** The cluster. */",
      "  public readonly cluster: EksCluster;",
      "  /** Name of the CloudWatch dashboard, `<name>-msk`. */",
      "  readonly dashboard: string;",
      "}",
    ].join("\n");
    expect(restatingComments("example.ts", source)).toEqual(["example.ts:2: /** Dashboard name. */ above dashboardName", "example.ts:4: /** The cluster. */ above cluster"]);
  });

  test("no one-line doc comment only restates the name of what it documents", () => {
    const found = typeScriptFiles(join(ROOT, "lib")).flatMap((file) => restatingComments(relative(ROOT, file), readFileSync(file, "utf8")));
    // Say what the thing is: its resource type, unit, format, how it is derived or named, its default.
    expect(found).toEqual([]);
  });
});
