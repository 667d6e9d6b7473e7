// Writes docs/alerts.md from the canonical catalog and what each target
// synthesizes (test/conformance/alerts-doc.ts); test/conformance/alerts-doc.test.ts
// fails when the committed page is stale. Run: npm run docs:alerts
import { writeFileSync } from "fs";
import { join } from "path";
import { renderAlertsDoc } from "../test/conformance/alerts-doc";

const file = join(__dirname, "..", "docs", "alerts.md");
writeFileSync(file, renderAlertsDoc());
console.log(`wrote ${file}`);
