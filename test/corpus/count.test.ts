import { CORPUS } from "./all";
import { countCases, CorpusTarget } from "./corpus";

// The count the closing note of issue 15 quotes (scripts/corpus-count.ts prints it as a table).
describe("bad-input corpus: size and spread", () => {
  const count = countCases(CORPUS);

  test("at least 100 mistakes over the four targets, each target with errors and warnings", () => {
    const total = Object.values(count).reduce((n, c) => n + c.error + c.warning, 0);
    expect(total).toBeGreaterThanOrEqual(100);
    for (const target of Object.keys(CORPUS) as CorpusTarget[]) {
      expect({ target, errors: count[target].error >= 15, warnings: count[target].warning >= 1 }).toEqual({ target, errors: true, warnings: true });
    }
  });

  test("case names are unique per target, so a failure names one mistake", () => {
    for (const cases of Object.values(CORPUS)) {
      const names = cases.map((c) => c.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    }
  });
});
