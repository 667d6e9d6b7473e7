// docs/alerts.md is generated from the catalog and the four targets' synth output; it must be current.
import { readFileSync } from "fs";
import { join } from "path";
import { ALERT_CATALOGS } from "../../lib/observability/alert-catalog";
import { renderAlertsDoc } from "./alerts-doc";

describe("docs/alerts.md", () => {
  const committed = readFileSync(join(__dirname, "../../docs/alerts.md"), "utf8");

  test("is current: regenerate with `npm run docs:alerts` when this fails", () => {
    expect(committed).toBe(renderAlertsDoc());
  });

  test("has a section per component kind and a row per canonical id, and says what each target cannot provide and why", () => {
    for (const [kind, catalog] of Object.entries(ALERT_CATALOGS)) {
      const section = committed.slice(committed.indexOf(`\n## ${kind}\n`)).split("\n## ")[1];
      for (const id of Object.keys(catalog)) expect({ kind, id, rows: section.split("\n").filter((l) => l.startsWith(`| \`${id}\` |`)).length }).toEqual({ kind, id, rows: 5 });
    }
    // e.g. Amazon Keyspaces has no node CPU.
    expect(committed).toMatch(/\| `cpu-high` \| _unavailable_: Amazon Keyspaces is serverless/);
  });
});
