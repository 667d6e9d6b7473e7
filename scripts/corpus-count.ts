// Counts the bad-input corpus (test/corpus) by target and outcome; with
// --run, also synthesizes every case and counts how each came out (ok, silent,
// several messages, unclear, crash, secret leaked). Usage:
//   node --import tsx scripts/corpus-count.ts [--run] [--verbose] [target...]
import { CORPUS } from "../test/corpus/all";
import { CaseVerdict, CorpusTarget, countCases, runCase, verdict } from "../test/corpus/corpus";

const args = process.argv.slice(2);
const run = args.includes("--run");
const verbose = args.includes("--verbose");
const only = args.filter((a) => !a.startsWith("--")) as CorpusTarget[];
const targets = (Object.keys(CORPUS) as CorpusTarget[]).filter((t) => only.length === 0 || only.includes(t));

const count = countCases(CORPUS);
console.log("| target | error | warning | total |\n|---|---|---|---|");
let total = { error: 0, warning: 0 };
for (const t of Object.keys(CORPUS) as CorpusTarget[]) {
  console.log(`| ${t} | ${count[t].error} | ${count[t].warning} | ${count[t].error + count[t].warning} |`);
  total = { error: total.error + count[t].error, warning: total.warning + count[t].warning };
}
console.log(`| all | ${total.error} | ${total.warning} | ${total.error + total.warning} |`);

if (run) {
  const verdicts: CaseVerdict[] = ["ok", "silent", "several", "unclear", "crash", "secret-leaked"];
  console.log(`\n| target | outcome | ${verdicts.join(" | ")} |\n|---|---|${verdicts.map(() => "---").join("|")}|`);
  for (const t of targets) {
    for (const outcome of ["error", "warning"] as const) {
      const tally = Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<CaseVerdict, number>;
      for (const c of CORPUS[t].filter((k) => k.outcome === outcome)) {
        const v = verdict(c, runCase(c));
        tally[v.verdict]++;
        if (verbose && v.verdict !== "ok") console.error(`\n${t} · ${c.name}: ${v.verdict}\n  ${v.detail.split("\n").join("\n  ")}`);
      }
      console.log(`| ${t} | ${outcome} | ${verdicts.map((v) => tally[v]).join(" | ")} |`);
    }
  }
}
