import { readFileSync } from "fs";
import { join } from "path";
import { POLICY_RULES, SUPPRESSION_REASON_RULE } from "../../lib/policy/evaluate";

describe("docs/policy.md", () => {
  const doc = readFileSync(join(__dirname, "../../docs/policy.md"), "utf8");
  const rows = doc.split("\n").filter((l) => l.startsWith("| `"));

  test.each([...POLICY_RULES.map((r) => [r.id, r.level] as const), [SUPPRESSION_REASON_RULE, "error"] as const])("documents %s with its level (%s)", (id, level) => {
    const row = rows.find((l) => l.startsWith(`| \`${id}\` |`));
    expect(row?.split("|")[2].trim()).toBe(level);
  });

  test("documents every resource type each resource rule applies to", () => {
    const missing = POLICY_RULES.filter((r) => r.subject === "resources" && r.id !== "data-protection/prevent-destroy").flatMap((r) => {
      const row = rows.find((l) => l.startsWith(`| \`${r.id}\` |`)) ?? "";
      return Object.values(r.appliesTo ?? {}).flat().filter((type) => !row.includes(`\`${type}\``));
    });
    expect(missing).toEqual([]);
  });
});
