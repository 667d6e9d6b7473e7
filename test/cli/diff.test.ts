// vigil diff: the reference deployment against a copy whose database
// construct was renamed, and hand-made outputs for each kind of change.
import { join } from "path";
import { diffSynth, flatten, ResourcePresence, withMovedReferences } from "../../lib/cli/diff";
import { readSynth } from "../../lib/cli/read-synth";
import { sharedSynth } from "../shared-synth";
import { resourceAt, ROOT, vigil, writeSynthDir } from "./support";

describe("vigil diff on the reference deployment", () => {
  const base = sharedSynth("reference");
  const renamed = sharedSynth("renamedDb");

  test("renaming the database construct is reported as a replacement of a stateful resource and exits 1", () => {
    const run = vigil(["diff", base, renamed]);
    expect(run.status).toBe(1);
    const flagged = run.stdout.slice(run.stdout.indexOf("## Stateful resources destroyed or replaced"), run.stdout.indexOf("## Added"));
    for (const stack of ["dev-aws-infra", "staging-aws-infra", "prod-aws-infra"]) {
      expect(flagged).toMatch(new RegExp(`\\| \`${stack}\` \\| \\*\\*replacement\\*\\* \\| \`aws_db_instance\\.checkout_postgres_instance_[0-9A-F]+\` → \`aws_db_instance\\.checkout_orders-db_instance_[0-9A-F]+\``));
    }
    // The instance's KMS key moves with it (staging and prod have one): unreadable data if destroyed.
    expect(flagged).toMatch(/\| `prod-aws-infra` \| \*\*replacement\*\* \| `aws_kms_key\.checkout_postgres_data-key_/);
    expect(run.stderr).toContain("pass --allow-destroy if this is intended");
  });

  test("--allow-destroy keeps the report and exits 0", () => {
    const run = vigil(["diff", base, renamed, "--allow-destroy"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("**replacement**");
    expect(run.stderr).toContain("allowed by --allow-destroy");
  });

  test("the rename also lists the moved alarms and the dashboard's changed alarm references, argument by argument", () => {
    const diff = diffSynth(readSynth(base), readSynth(renamed));
    const prod = (xs: readonly ResourcePresence[]) => xs.filter((x) => x.stack === "prod-aws-infra").map((x) => x.resource.address);
    expect(prod(diff.removed)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_metric_alarm\.checkout_postgres_alarm-cpu-high_/)]));
    expect(prod(diff.added)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_metric_alarm\.checkout_orders-db_alarm-cpu-high_/)]));
    expect(prod(diff.added).length).toBe(prod(diff.removed).length);
    const dashboard = diff.changed.find((c) => c.stack === "prod-aws-infra" && c.address.startsWith("aws_cloudwatch_dashboard.checkout_observability_dashboard"));
    expect(dashboard?.changes[0].path).toMatch(/^dashboard_body\.widgets\[\d+\]\.properties\.alarms\[\d+\]$/);
    expect(String(dashboard?.changes[0].after)).toContain("checkout_orders-db_alarm-");
  });

  test("a moved block keeps a renamed instance, but a replaced KMS key behind it still replaces it", () => {
    const moved = sharedSynth("movedDb");
    const diff = diffSynth(readSynth(base), readSynth(moved));
    expect(diff.moved.map((m) => m.stack)).toEqual(["dev-aws-infra", "prod-aws-infra", "staging-aws-infra"]);
    // Dev's instance has no customer key: the moved block is the whole story.
    expect(diff.flags.filter((f) => f.stack === "dev-aws-infra")).toEqual([]);
    // Staging and prod encrypt with a key of the renamed construct: a new key, a new kms_key_id, a new instance.
    const prod = diff.flags.filter((f) => f.stack === "prod-aws-infra");
    expect(prod.map((f) => `${f.kind} ${f.address.split(".")[0]}`).sort()).toEqual(["replacement aws_db_instance", "replacement aws_kms_key"]);
    expect(prod.find((f) => f.address.startsWith("aws_db_instance."))?.reason).toContain("kms_key_id cannot change in place");
    expect(prod.find((f) => f.address.startsWith("aws_db_instance."))?.to).toMatch(/^aws_db_instance\.checkout_orders-db_instance_/);
  });

  test("an output compared with itself has no change and exits 0", () => {
    const run = vigil(["diff", base, base]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("0 added · 0 removed · 0 changed · 0 moved · **0 stateful destroys or replacements**");
  });
});

describe("vigil diff on hand-made outputs", () => {
  const db = (identifier: string, extra: Record<string, unknown> = {}) => resourceAt("prod/shop/db/instance", { identifier, engine: "postgres", storage_encrypted: true, ...extra });
  const bucket = resourceAt("prod/shop/archive/bucket", { bucket: "shop-archive" });
  const topic = resourceAt("prod/shop/alerts/topic", { name: "shop-alerts", tags: { team: "a" } });

  test("a removed bucket is a destroy; a forcing argument is a replacement; other changes are listed by dotted path", () => {
    const base = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db("shop") }, aws_s3_bucket: { archive: bucket }, aws_sns_topic: { topic } } } });
    const head = writeSynthDir({
      prod: { resource: { aws_db_instance: { db: db("shop", { storage_encrypted: false }) }, aws_sns_topic: { topic: { ...topic, tags: { team: "b" } } } } },
    });
    const diff = diffSynth(readSynth(base), readSynth(head));
    expect(diff.flags.map((f) => [f.kind, f.address])).toEqual([
      ["replacement", "aws_db_instance.db"],
      ["destroy", "aws_s3_bucket.archive"],
    ]);
    expect(diff.flags[0].reason).toContain("storage_encrypted cannot change in place");
    expect(diff.changed.find((c) => c.address === "aws_sns_topic.topic")?.changes).toEqual([{ path: "tags.team", before: "a", after: "b" }]);
    expect(vigil(["diff", base, head]).status).toBe(1);
  });

  test("a moved block carries a resource to its new address: no destroy, no flag", () => {
    const base = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db("shop") } } } });
    const head = writeSynthDir({
      prod: { resource: { aws_db_instance: { orders: resourceAt("prod/shop/orders/instance", db("shop")) } }, moved: [{ from: "aws_db_instance.db", to: "aws_db_instance.orders" }] },
    });
    const diff = diffSynth(readSynth(base), readSynth(head));
    expect(diff.flags).toEqual([]);
    expect(diff.moved).toEqual([{ stack: "prod", from: "aws_db_instance.db", to: "aws_db_instance.orders" }]);
    expect([diff.added, diff.removed, diff.changed]).toEqual([[], [], []]);
  });

  test("when the instance and its KMS key both move, the instance's reference to the key is read at the key's new address: nothing flagged", () => {
    const key = (path: string) => resourceAt(path, { description: "shop data", enable_key_rotation: true });
    const base = writeSynthDir({ prod: { resource: { aws_kms_key: { key: key("prod/shop/db/key") }, aws_db_instance: { db: db("shop", { kms_key_id: "${aws_kms_key.key.arn}" }) } } } });
    const head = (moved: ReadonlyArray<{ from: string; to: string }>) =>
      writeSynthDir({
        prod: {
          resource: {
            aws_kms_key: { orders_key: key("prod/shop/orders/key") },
            aws_db_instance: { orders: resourceAt("prod/shop/orders/instance", db("shop", { kms_key_id: "${aws_kms_key.orders_key.arn}" })) },
          },
          moved,
        },
      });
    const instanceMoved = { from: "aws_db_instance.db", to: "aws_db_instance.orders" };
    const both = head([instanceMoved, { from: "aws_kms_key.key", to: "aws_kms_key.orders_key" }]);
    const diff = diffSynth(readSynth(base), readSynth(both));
    expect(diff.flags).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.moved.map((m) => m.to).sort()).toEqual(["aws_db_instance.orders", "aws_kms_key.orders_key"]);
    expect(vigil(["diff", base, both]).status).toBe(0);
    // Without the key's moved block the key is new, and so is the instance.
    const instanceOnly = diffSynth(readSynth(base), readSynth(head([instanceMoved])));
    expect(instanceOnly.flags.find((f) => f.address === "aws_db_instance.db")?.reason).toContain("kms_key_id cannot change in place");
  });

  test("a lone removed and added bucket with unrelated paths and arguments is only possibly a rename; a similar path is a rename", () => {
    const base = writeSynthDir({ prod: { resource: { aws_s3_bucket: { archive: bucket } } } });
    const unrelated = writeSynthDir({ prod: { resource: { aws_s3_bucket: { exports: resourceAt("prod/billing/exports/bucket", { bucket: "billing-exports" }) } } } });
    const [possibly] = diffSynth(readSynth(base), readSynth(unrelated)).flags;
    expect(possibly).toMatchObject({ kind: "destroy", address: "aws_s3_bucket.archive" });
    expect(possibly.to).toBeUndefined();
    expect(possibly.reason).toContain("Possibly renamed to aws_s3_bucket.exports");
    expect(possibly.reason).toContain("if not, this destroys it and creates another");

    const similar = writeSynthDir({ prod: { resource: { aws_s3_bucket: { archive2: resourceAt("prod/shop/archive-v2/bucket", { bucket: "shop-archive-v2" }) } } } });
    const [renamed] = diffSynth(readSynth(base), readSynth(similar)).flags;
    expect(renamed).toMatchObject({ kind: "replacement", address: "aws_s3_bucket.archive", to: "aws_s3_bucket.archive2" });
    expect(renamed.reason).toContain("add a moved block");
  });

  test("withMovedReferences rewrites addresses inside interpolations only", () => {
    const moved = new Map([["aws_kms_key.key", "aws_kms_key.orders_key"]]);
    expect(withMovedReferences({ a: "${aws_kms_key.key.arn}", b: "${element(aws_kms_key.key[*].id, 0)}", c: "aws_kms_key.key.arn", d: "${aws_kms_key.key_2.arn}" }, moved)).toEqual({
      a: "${aws_kms_key.orders_key.arn}",
      b: "${element(aws_kms_key.orders_key[*].id, 0)}",
      c: "aws_kms_key.key.arn",
      d: "${aws_kms_key.key_2.arn}",
    });
  });

  test("a removed stack destroys its stateful resources", () => {
    const base = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db("shop") } } }, old: { resource: { aws_s3_bucket: { archive: bucket } } } });
    const head = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db("shop") } } } });
    const diff = diffSynth(readSynth(base), readSynth(head));
    expect(diff.stacksRemoved).toEqual(["old"]);
    expect(diff.flags.map((f) => `${f.kind} ${f.stack} ${f.address}`)).toEqual(["destroy old aws_s3_bucket.archive"]);
  });

  test("flatten ignores cdktf metadata and reads JSON held in strings", () => {
    expect([...flatten({ "//": { metadata: {} }, a: { b: [1, { c: "x" }] }, policy: '{"Statement":[{"Effect":"Allow"}]}', empty: [] })]).toEqual([
      ["a.b[0]", 1],
      ["a.b[1].c", "x"],
      ["policy.Statement[0].Effect", "Allow"],
      ["empty", []],
    ]);
  });

  test("usage errors exit 2 and name the problem", () => {
    const missing = vigil(["diff", "/nonexistent/base", "/nonexistent/head"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("/nonexistent/base: no such folder; run `npx cdktf synth` first");
    expect(vigil(["diff", ROOT]).stderr).toContain("diff takes two synth folders, BASE and HEAD; got 1");
    const notSynth = vigil(["diff", join(ROOT, "docs"), join(ROOT, "docs")]);
    expect([notSynth.status, notSynth.stderr]).toEqual([2, expect.stringContaining("not a cdktf synth output (no manifest.json)")]);
    expect(vigil(["diff", "a", "b", "--force"]).status).toBe(2);
  });
});
