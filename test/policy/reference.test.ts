import { mkdtempSync, readdirSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { buildReferenceApp } from "../../stacks/app";
import { PolicyFindingRecord } from "../../lib/core/manifest";
import { manifestOf } from "../../lib/core/manifest-read";

describe("the reference deployment under the policy packs", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "vigil-policy-ref-")) });
  buildReferenceApp(app);
  // Throws on any unsuppressed error.
  app.synth();
  const findings: Record<string, readonly PolicyFindingRecord[]> = Object.fromEntries(
    readdirSync(join(app.outdir, "stacks")).map((id) => [id, manifestOf(JSON.parse(readFileSync(join(app.outdir, "stacks", id, "cdk.tf.json"), "utf8")))?.findings ?? []]),
  );
  const all = Object.values(findings).flat();

  test("synthesizes with zero unsuppressed errors", () => {
    expect(all.filter((f) => f.level === "error" && !f.suppressedBecause)).toEqual([]);
  });

  test("every suppression carries a reason, and they are the known ones", () => {
    const suppressed = all.filter((f) => f.suppressedBecause !== undefined);
    for (const f of suppressed) expect(f.suppressedBecause!.trim().length).toBeGreaterThan(20);
    expect(suppressed.map((f) => `${f.rule} ${f.resource}`).sort()).toEqual([
      "data-protection/prevent-destroy prod-aws-infra/checkout/observability-canary/artifacts/bucket",
    ]);
  });

  test("staging passes parity with prod, and prod has no data-protection error", () => {
    expect(findings["staging-aws-infra"].filter((f) => f.rule.startsWith("parity/"))).toEqual([]);
    expect(findings["prod-aws-infra"].filter((f) => f.rule.startsWith("data-protection/") && !f.suppressedBecause)).toEqual([]);
  });
});
