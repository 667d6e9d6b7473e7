import { App, TerraformStack, Testing } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { deriveProfile, ENVIRONMENT_PROFILES, EnvironmentProfile } from "../../lib";
import { Profile } from "../../lib/core/environment";
import { evaluatePolicies } from "../../lib/policy/evaluate";
import { RawResource } from "./support";
import type { EnvironmentTier } from "../../lib/core/environment";
import { targetStack } from "../harness";

/** An RDS instance as each environment would size it; `overrides` make it drift. */
function database(stack: TerraformStack, overrides: Partial<ConstructorParameters<typeof DbInstance>[2]> = {}) {
  return new DbInstance(stack, "db", {
    instanceClass: stack.node.id.startsWith("prod") ? "db.m7g.xlarge" : "db.m7g.large",
    backupRetentionPeriod: stack.node.id.startsWith("prod") ? 35 : 7,
    engine: "postgres",
    engineVersion: "17",
    multiAz: true,
    storageEncrypted: true,
    deletionProtection: true,
    finalSnapshotIdentifier: "orders-final",
    enabledCloudwatchLogsExports: ["postgresql"],
    lifecycle: { preventDestroy: stack.node.id.startsWith("prod") },
    ...overrides,
  });
}

/** An app with `<env>-aws-infra` stacks, each with the tier's profile attached. */
function environments(...envs: Array<"dev" | "staging" | "prod">): Record<string, TerraformStack> {
  const app = Testing.app();
  return Object.fromEntries(
    envs.map((env) => {
      const stack = new TerraformStack(app, `${env}-aws-infra`);
      Profile.attach(stack, ENVIRONMENT_PROFILES[env]);
      return [env, stack];
    }),
  );
}

const parityFindings = (stack: TerraformStack, rule: string) => evaluatePolicies(stack, { packs: ["parity"] }).filter((f) => f.rule === rule);

describe("environment parity", () => {
  test("staging differing from prod only in size and retention passes every parity rule", () => {
    const { staging, prod } = environments("staging", "prod");
    database(staging);
    database(prod);
    expect(evaluatePolicies(staging, { packs: ["parity"] })).toEqual([]);
  });

  test("another engine version in staging is an error naming the attribute and both values", () => {
    const { staging, prod } = environments("staging", "prod");
    database(staging, { engineVersion: "16" });
    database(prod);
    const found = parityFindings(staging, "parity/engine-versions");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "staging-aws-infra/db" })]);
    expect(found[0].message).toContain('engine_version is "16" in staging-aws-infra but "17" in prod-aws-infra');
  });

  test("single-AZ staging against Multi-AZ prod is a topology error", () => {
    const { staging, prod } = environments("staging", "prod");
    database(staging, { multiAz: false });
    database(prod);
    const found = parityFindings(staging, "parity/topology");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("multi_az is false in staging-aws-infra but true in prod-aws-infra");
  });

  test("the environment's own name in a value is not a difference; a presence-only attribute compares only whether it is set", () => {
    const { staging, prod } = environments("staging", "prod");
    const cluster = (stack: TerraformStack, pool: string | undefined, datapath: string) =>
      new ContainerCluster(stack, "cluster", { name: "shop", location: "europe-west1", datapathProvider: datapath, workloadIdentityConfig: pool ? { workloadPool: pool } : undefined });
    cluster(staging, "shop-staging-1.svc.id.goog", "ADVANCED_DATAPATH");
    cluster(prod, "shop-prod-1.svc.id.goog", "ADVANCED_DATAPATH");
    expect(parityFindings(staging, "parity/topology")).toEqual([]);

    const other = environments("staging", "prod");
    cluster(other.staging, undefined, "LEGACY_DATAPATH");
    cluster(other.prod, "an-unrelated-project.svc.id.goog", "ADVANCED_DATAPATH");
    expect(parityFindings(other.staging, "parity/topology").map((f) => f.message.split(": ")[1].split(" is ")[0])).toEqual(["topology setting workload_identity_config", "topology setting datapath_provider"]);
  });

  test("the environment's name counts only as a token: `product` in both is no difference, `vigil-staging` vs `vigil-prod` is none either", () => {
    const { staging, prod } = environments("staging", "prod");
    for (const [stack, env] of [[staging, "staging"], [prod, "prod"]] as const) {
      new RawResource(stack, "catalog", "helm_release", { name: "catalog", chart: "oci://charts.example.com/product-catalog" });
      new RawResource(stack, "data", "helm_release", { name: "data", chart: `./assets/vigil-${env}` });
    }
    expect(parityFindings(staging, "parity/engine-versions")).toEqual([]);
    const other = environments("staging", "prod");
    new RawResource(other.staging, "catalog", "helm_release", { name: "catalog", chart: "oci://charts.example.com/reproduce" });
    new RawResource(other.prod, "catalog", "helm_release", { name: "catalog", chart: "oci://charts.example.com/re-prod-uce" });
    expect(parityFindings(other.staging, "parity/engine-versions")).toHaveLength(1);
  });

  test("a resource type prod has more of is a count error; routing resources may differ", () => {
    const { staging, prod } = environments("staging", "prod");
    database(staging);
    database(prod);
    new RawResource(prod, "replica-key", "aws_kms_key", { description: "replica" });
    new RawResource(prod, "pager", "aws_sns_topic_subscription", { protocol: "https", endpoint: "https://events.pagerduty.com/x" });
    const found = parityFindings(staging, "parity/resource-counts");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("aws_kms_key: 0 in staging-aws-infra but 1 in prod-aws-infra (-replica-key)");
    expect(parityFindings(staging, "parity/resource-counts").some((f) => f.message.includes("aws_sns_topic_subscription"))).toBe(false);
  });

  test("dev is never compared, and prod is not compared with itself", () => {
    const { dev, prod } = environments("dev", "prod");
    database(dev, { engineVersion: "16", multiAz: false });
    database(prod);
    expect(evaluatePolicies(dev, { packs: ["parity"] })).toEqual([]);
    expect(evaluatePolicies(prod, { packs: ["parity"] })).toEqual([]);
  });

  test("explicit pairs compare stacks named otherwise", () => {
    const app = Testing.app();
    const perf = new TerraformStack(app, "perf-orders");
    const live = new TerraformStack(app, "live-orders");
    database(perf, { engineVersion: "16" });
    database(live);
    expect(evaluatePolicies(perf, { packs: ["parity"], parityPairs: [{ staging: "perf-orders", prod: "live-orders" }] }).map((f) => f.rule)).toEqual(["parity/engine-versions"]);
  });

  test("the profile difference is seen through the synthesized attributes: a staging profile without HA fails parity", () => {
    const app = new App({ outdir: "/tmp/vigil-test-aws" });
    const build = (env: EnvironmentTier, environment: EnvironmentProfile) =>
      targetStack("aws", { app, environment: env, stackId: `${env}-aws-infra`, platform: { environment, owner: "team" }, service: { postgres: {} } }).stack;
    const staging = build("staging", deriveProfile("staging", { highAvailability: false }));
    build("prod", ENVIRONMENT_PROFILES.prod);
    const messages = evaluatePolicies(staging, { packs: ["parity"] }).map((f) => `${f.rule} ${f.message}`);
    expect(messages.some((m) => m.startsWith("parity/topology") && m.includes("multi_az is false in staging-aws-infra but true in prod-aws-infra"))).toBe(true);
    // Sizes, retention and routing differ between the built-in profiles and are not reported.
    expect(messages.some((m) => /instance_class|backup_retention_period|retention_in_days|scaling_config/.test(m))).toBe(false);
  });

  test("AKS staging without KMS or host encryption, or with a NAT gateway outside the zones, is a topology error", () => {
    const { staging, prod } = environments("staging", "prod");
    for (const [stack, kms, hostEncryption, natZones] of [[staging, undefined, false, undefined], [prod, { key_vault_key_id: "${azurerm_key_vault_key.k.id}" }, true, ["1"]]] as const) {
      new RawResource(stack, "aks", "azurerm_kubernetes_cluster", { name: "aks", key_management_service: kms, default_node_pool: { name: "system", host_encryption_enabled: hostEncryption } });
      new RawResource(stack, "nat", "azurerm_nat_gateway", { name: "nat", zones: natZones });
    }
    const messages = parityFindings(staging, "parity/topology").map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("key_management_service"),
        expect.stringContaining("default_node_pool.host_encryption_enabled is false in staging-aws-infra but true in prod-aws-infra"),
        expect.stringContaining("zones"),
      ]),
    );
  });
});
