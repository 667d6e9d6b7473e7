import { App, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ENVIRONMENT_PROFILES } from "../../lib";
import { Profile } from "../../lib/core/environment";
import { suppress } from "../../lib/core/suppressions";
import { applyPolicyPacks } from "../../lib/policy/apply";
import { evaluatePolicies, UNUSED_SUPPRESSION_RULE } from "../../lib/policy/evaluate";
import { synthStack } from "../../lib/testing";
import { policyStack, RawResource } from "./support";

/** A prod EKS cluster with a public endpoint (an error) unless `privateEndpoint`; it never has secrets encryption (a warning). */
function cluster(stack: TerraformStack, privateEndpoint: boolean) {
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return new EksCluster(stack, "cluster", {
    name: "c",
    roleArn: "arn:aws:iam::111122223333:role/c",
    vpcConfig: { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: !privateEndpoint },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    lifecycle: { preventDestroy: true },
  });
}

const vigil = (synth: object) => (synth as { "//": { vigil: { findings: Array<Record<string, unknown>> } } })["//"].vigil;

describe("applying the packs", () => {
  test("an error fails synth with the rule, the construct path and the fix", () => {
    const stack = policyStack("prod");
    cluster(stack, false);
    applyPolicyPacks(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/\[security\/private-cluster-endpoint\] test\/cluster: aws_eks_cluster\.cluster: vpc_config\.endpoint_public_access is true .*set it to false/);
  });

  test("a warning does not fail synth: it is printed and recorded in the manifest", () => {
    const stack = policyStack("prod");
    const eks = cluster(stack, true);
    applyPolicyPacks(stack);
    const synth = synthStack(stack);
    expect(vigil(synth).findings).toEqual([expect.objectContaining({ rule: "security/cluster-secrets-encryption", level: "warning", resource: "test/cluster" })]);
    expect(eks.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data)).toEqual([expect.stringContaining("[security/cluster-secrets-encryption]")]);
  });

  test("findings reach cdk.tf.json under \"//\".vigil.findings through app.synth", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "vigil-policy-")) });
    const stack = new TerraformStack(app, "prod-x-infra");
    Profile.attach(stack, ENVIRONMENT_PROFILES.prod);
    cluster(stack, true);
    applyPolicyPacks(app);
    app.synth();
    const json = JSON.parse(readFileSync(join(app.outdir, "stacks/prod-x-infra/cdk.tf.json"), "utf8"));
    expect(vigil(json).findings.map((f) => f.rule)).toEqual(["security/cluster-secrets-encryption"]);
  });

  test("a suppression on a construct covers it and its children, records the reason and lets synth pass", () => {
    const stack = policyStack("prod");
    const eks = cluster(stack, false);
    suppress(eks, { rule: "security/*", reason: "break-glass cluster reached from the office VPN only (ticket SEC-42)" });
    applyPolicyPacks(stack);
    const findings = vigil(synthStack(stack)).findings;
    expect(findings.map((f) => [f.rule, f.suppressedBecause])).toEqual([
      ["security/private-cluster-endpoint", "break-glass cluster reached from the office VPN only (ticket SEC-42)"],
      ["security/cluster-secrets-encryption", "break-glass cluster reached from the office VPN only (ticket SEC-42)"],
    ]);
  });

  test("an app-level suppression matches a Terraform address glob and names one rule only", () => {
    const stack = policyStack("prod");
    cluster(stack, false);
    const findings = evaluatePolicies(stack, { suppressions: [{ rule: "security/private-cluster-endpoint", resource: "aws_eks_cluster.*", reason: "public API behind an allow-list during the migration (until 2027-01)" }] });
    expect(findings.find((f) => f.rule === "security/private-cluster-endpoint")?.suppressedBecause).toMatch(/migration/);
    expect(findings.find((f) => f.rule === "security/cluster-secrets-encryption")?.suppressedBecause).toBeUndefined();
  });

  test("a suppression that suppresses nothing is a warning; a used one, one for another tier or an address glob is not judged stale", () => {
    const stack = policyStack("prod");
    const eks = cluster(stack, true);
    suppress(eks, { rule: "security/cluster-secrets-encryption", reason: "KMS envelope encryption planned for Q3 (SEC-7)" });
    suppress(eks, { rule: "security/private-cluster-endpoint", reason: "was public during the migration" });
    suppress(eks, { rule: "security/encryption-at-rset", reason: "typo in the rule id" });
    const findings = evaluatePolicies(stack, {
      suppressions: [
        { rule: "security/logging", resource: "test/old-cluster/*", reason: "the old cluster is gone" },
        { rule: "security/logging", resource: "aws_eks_cluster.*", reason: "may match in another stack" },
      ],
    });
    const unused = findings.filter((f) => f.rule === UNUSED_SUPPRESSION_RULE);
    expect(unused.map((f) => [f.level, f.resource, f.message])).toEqual([
      ["warning", "test/cluster", 'the suppression of security/private-cluster-endpoint matched no finding (reason given: "was public during the migration"); remove it, or correct its rule or resource'],
      ["warning", "test/cluster", "the suppression of security/encryption-at-rset names no rule Vigil knows; use a rule id from docs/policy.md, or <pack>/*"],
      ["warning", "test", 'the suppression of security/logging on "test/old-cluster/*" matched no finding (reason given: "the old cluster is gone"); remove it, or correct its rule or resource'],
    ]);
    // The used one suppressed its finding.
    expect(findings.find((f) => f.rule === "security/cluster-secrets-encryption")?.suppressedBecause).toMatch(/SEC-7/);

    // A prod-only rule's suppression is not stale in dev, where the rule does not apply.
    const dev = policyStack("dev");
    suppress(new RawResource(dev, "bucket", "aws_s3_bucket", { bucket: "b" }), { rule: "data-protection/prevent-destroy", reason: "scratch bucket" });
    expect(evaluatePolicies(dev).filter((f) => f.rule === UNUSED_SUPPRESSION_RULE)).toEqual([]);
  });

  test("a suppression without a reason suppresses nothing and is itself an error", () => {
    const stack = policyStack("prod");
    const eks = cluster(stack, false);
    suppress(eks, { rule: "security/private-cluster-endpoint", reason: " " });
    const findings = evaluatePolicies(stack, { suppressions: [{ rule: "security/logging", resource: "test/*", reason: "" }] });
    expect(findings.filter((f) => f.rule === "policy/suppression-reason").map((f) => f.resource)).toEqual(["test/cluster", "test"]);
    expect(findings.find((f) => f.rule === "security/private-cluster-endpoint")?.suppressedBecause).toBeUndefined();
    applyPolicyPacks(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/policy\/suppression-reason/);
  });

  test("a stack created after applyPolicyPacks(app) fails synth saying so", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "vigil-policy-")) });
    applyPolicyPacks(app);
    const late = new TerraformStack(app, "late");
    new AwsProvider(late, "aws", { region: "eu-west-1" });
    new RawResource(late, "r", "aws_sns_topic", { name: "t", kms_master_key_id: "k" });
    expect(() => app.synth()).toThrow(/stack "late" was created after applyPolicyPacks\(\) was called/);
  });
});

describe("findings that follow from a reported input are held back", () => {
  test("a resource built by a construct whose props were reported: one message, the input's", () => {
    const stack = policyStack("prod");
    const eks = cluster(stack, false);
    // The cluster's own input is reported; the pack's finding on it follows from that.
    eks.node.addValidation({ validate: () => ["`cluster.publicAccessCidrs` contains \"0.0.0.0/0\" in \"prod\"; list only your VPN ranges"] });
    applyPolicyPacks(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/cluster.publicAccessCidrs/);
    expect(() => Testing.synth(stack, true)).not.toThrow(/private-cluster-endpoint/);
  });

  test("the same resource with nothing reported still fails the pack", () => {
    const stack = policyStack("prod");
    cluster(stack, false);
    applyPolicyPacks(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/private-cluster-endpoint/);
  });
});
