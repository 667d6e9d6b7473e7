import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { manifestOf } from "../lib/core/manifest";
import { runApp } from "./support";

const ROOT = join(__dirname, "..");
const examples = readdirSync(join(ROOT, "examples")).filter((d) => existsSync(join(ROOT, "examples", d, "main.ts")));

describe("examples", () => {
  test("there is at least one example", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  test.each(examples)("%s synthesizes with validation on and no credentials", (example) => {
    const outdir = runApp(process.execPath, ["--import", "tsx", join("examples", example, "main.ts")]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    const stacks = Object.values(manifest.stacks);
    expect(stacks.length).toBeGreaterThan(0);
    const resourceTypes = new Set<string>();
    for (const s of stacks) {
      const json = JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as { resource?: Record<string, unknown> };
      // Every example applies the policy packs, as a user's app should.
      expect(manifestOf(json)?.policyPacks).toEqual(["security", "data-protection", "observability", "parity"]);
      for (const type of Object.keys(json.resource ?? {})) resourceTypes.add(type);
    }
    // Each example deploys its target's core (in one of its stacks): an EKS, GKE or AKS cluster, Helm releases in-cluster.
    const core: Record<string, string> = { aws: "aws_eks_cluster", gcp: "google_container_cluster", azure: "azurerm_kubernetes_cluster" };
    expect([...resourceTypes]).toContain(core[example.split("-")[0]] ?? "helm_release");
  });
});
