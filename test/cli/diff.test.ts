// vigil diff: the reference deployment against a copy whose database
// construct was renamed, and hand-made outputs for each kind of change.
import { join } from "path";
import { diffSynth, flatten, ResourcePresence, withMovedReferences } from "../../lib/cli/diff";
import { changeWindow, renderDiffMarkdown } from "../../lib/cli/diff-markdown";
import { readSynth } from "../../lib/cli/read-synth";
import { sharedSynth } from "../shared-synth";
import { FixtureStack, resourceAt, ROOT, vigil, writeSynthDir } from "./support";
import { messageSaying } from "../harness";

describe("vigil diff on the reference deployment", () => {
  // Synthesized in beforeAll, so that a reference that does not synthesize fails these tests only.
  let base: string;
  let renamed: string;
  beforeAll(() => {
    base = sharedSynth("reference");
    renamed = sharedSynth("renamedDb");
  });

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
    expect(renamed.advice).toContain('add a moved block: on the new resource, .moveFromId("aws_s3_bucket.archive")');
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
    expect(missing.stderr).toMatch(messageSaying("/nonexistent/base: no such folder", "run `npx cdktf synth` first"));
    expect(vigil(["diff", ROOT]).stderr).toMatch(messageSaying("diff takes two synth folders, BASE and HEAD", "got 1"));
    const notSynth = vigil(["diff", join(ROOT, "docs"), join(ROOT, "docs")]);
    expect([notSynth.status, notSynth.stderr]).toEqual([2, expect.stringContaining("not a cdktf synth output (no manifest.json)")]);
    expect(vigil(["diff", "a", "b", "--force"]).status).toBe(2);
  });
});

describe("what vigil diff says Terraform does (semantics measured with Terraform 1.11, docs/review-tools.md)", () => {
  const kept = { lifecycle: { prevent_destroy: true } };
  const db = (extra: Record<string, unknown> = {}, path = "prod/shop/db/instance") => resourceAt(path, { identifier: "shop", engine: "postgres", engine_version: "17", storage_encrypted: true, ...kept, ...extra });
  const compare = (base: FixtureStack, head: FixtureStack) => diffSynth(readSynth(writeSynthDir({ prod: base })), readSynth(writeSynthDir({ prod: head })));
  const APPLY_FAILS = "prevent_destroy makes terraform apply fail";

  test("a removed block under prevent_destroy is destroyed: no claim that apply fails, and the moved and removed-block advice", () => {
    const diff = compare({ resource: { aws_db_instance: { db: db() } } }, { resource: {} });
    expect(diff.flags).toHaveLength(1);
    const [flag] = diff.flags;
    expect(flag).toMatchObject({ kind: "destroy", address: "aws_db_instance.db" });
    expect(flag.reason).not.toContain(APPLY_FAILS);
    expect(flag.reason).toContain("Terraform destroys it: its prevent_destroy does not stop that, because the setting goes with the resource block");
    expect(flag.advice).toContain('.moveFromId("aws_db_instance.db")');
    expect(flag.advice).toContain('removed block with lifecycle { destroy = false } (Terraform 1.7+; in cdktf: stack.addOverride("removed", [{ from: "aws_db_instance.db", lifecycle: { destroy: false } }]))');
    expect(renderDiffMarkdown(diff)).not.toContain("apply fail");
  });

  test("a renamed construct under prevent_destroy is destroyed and created empty: no claim that apply fails, and the moved-block advice", () => {
    const diff = compare({ resource: { aws_db_instance: { db: db() } } }, { resource: { aws_db_instance: { orders: db({}, "prod/shop/orders-db/instance") } } });
    const [flag] = diff.flags;
    expect(flag).toMatchObject({ kind: "replacement", address: "aws_db_instance.db", to: "aws_db_instance.orders" });
    expect(flag.reason).not.toContain(APPLY_FAILS);
    expect(flag.reason).toContain("its prevent_destroy does not stop that");
    expect(flag.reason).toContain("; it creates aws_db_instance.orders in its place, empty");
    expect(flag.advice).toBe(
      'Keep the construct id, or add a moved block: on the new resource, .moveFromId("aws_db_instance.db") (or .moveTo on the old one), which writes moved { from = aws_db_instance.db, to = aws_db_instance.orders }',
    );
  });

  test("an argument that forces a replacement of a block that keeps prevent_destroy makes apply fail; without it in HEAD the data goes", () => {
    const guarded = compare({ resource: { aws_db_instance: { db: db() } } }, { resource: { aws_db_instance: { db: db({ storage_encrypted: false }) } } });
    expect(guarded.flags.map((f) => f.kind)).toEqual(["replacement"]);
    expect(guarded.flags[0].reason).toContain(`storage_encrypted cannot change in place, so Terraform must destroy it and create it anew, and its ${APPLY_FAILS}`);
    expect(guarded.flags[0].advice).toContain("Revert storage_encrypted");

    const unguarded = compare({ resource: { aws_db_instance: { db: db() } } }, { resource: { aws_db_instance: { db: db({ storage_encrypted: false, lifecycle: undefined }) } } });
    expect(unguarded.flags[0].reason).toContain("Terraform destroys it and creates an empty one (HEAD also switches its prevent_destroy off)");
    expect(unguarded.flags[0].reason).not.toContain(APPLY_FAILS);
  });

  test("a removed block with destroy = false forgets the resource without a flag; one that leaves destroy at its default is a destroy", () => {
    const base = { resource: { aws_db_instance: { db: db() } } };
    const forget = compare(base, { resource: {}, removed: [{ from: "aws_db_instance.db", lifecycle: { destroy: false } }] });
    expect(forget.flags).toEqual([]);
    expect(forget.forgotten).toEqual([{ stack: "prod", address: "aws_db_instance.db" }]);
    expect(renderDiffMarkdown(forget)).toContain("## Removed from Terraform, not destroyed\n\n- `prod`: `aws_db_instance.db`");

    const destroys = compare(base, { resource: {}, removed: [{ from: "aws_db_instance.db" }] });
    expect(destroys.forgotten).toEqual([]);
    expect(destroys.flags[0]).toMatchObject({ kind: "destroy", address: "aws_db_instance.db" });
    expect(destroys.flags[0].reason).toContain("HEAD's removed block for it leaves lifecycle.destroy at true (the default)");
  });

  test("RDS engine_version 17 → 16 is a change RDS refuses (apply fails), flagged with the advice; 16 → 17 is not flagged", () => {
    const down = compare({ resource: { aws_db_instance: { db: db() } } }, { resource: { aws_db_instance: { db: db({ engine_version: "16" }) } } });
    expect(down.flags.map((f) => [f.kind, f.address])).toEqual([["refused", "aws_db_instance.db"]]);
    expect(down.flags[0].reason).toContain('RDS does not downgrade an instance (ModifyDBInstance answers "InvalidParameterCombination: Cannot upgrade postgres from 17 to 16")');
    expect(down.flags[0].advice).toMatch(/^Keep engine_version 17\. A database on the lower version is a new database/);
    expect(renderDiffMarkdown(down)).toMatch(/## Changes the database refuses\n\n\| Stack \| Kind \| Resource \| What happens \| What to do \|\n.*\n\| `prod` \| \*\*refused\*\* \| `aws_db_instance\.db` \|/);

    const up = compare({ resource: { aws_db_instance: { db: db({ engine_version: "16" }) } } }, { resource: { aws_db_instance: { db: db() } } });
    expect(up.flags).toEqual([]);
    expect(up.changed[0].changes).toEqual([{ path: "engine_version", before: "16", after: "17" }]);
  });

  test("Cloud SQL POSTGRES_17 → POSTGRES_16 is refused: an in-place update the Cloud SQL Admin API rejects", () => {
    const sql = (version: string) => resourceAt("prod/shop/db/instance", { name: "shop", database_version: version, deletion_protection: true, ...kept });
    const diff = compare({ resource: { google_sql_database_instance: { db: sql("POSTGRES_17") } } }, { resource: { google_sql_database_instance: { db: sql("POSTGRES_16") } } });
    expect(diff.flags.map((f) => f.kind)).toEqual(["refused"]);
    expect(diff.flags[0].reason).toContain("database_version goes down from POSTGRES_17 to POSTGRES_16: Cloud SQL changes a major version in place only upwards");
    expect(diff.flags[0].advice).toContain("Keep POSTGRES_17");
  });

  test("Azure flexible server version 17 → 16 replaces the server: under prevent_destroy, apply fails", () => {
    const server = (version: string) => resourceAt("prod/shop/db/server", { name: "shop-prod", version, ...kept });
    const diff = compare({ resource: { azurerm_postgresql_flexible_server: { db: server("17") } } }, { resource: { azurerm_postgresql_flexible_server: { db: server("16") } } });
    expect(diff.flags.map((f) => f.kind)).toEqual(["replacement"]);
    expect(diff.flags[0].reason).toContain('the azurerm provider replaces it instead ("Downgrading version isn\'t supported and will force a new PostgreSQL Flexible Server to be created")');
    expect(diff.flags[0].reason).toContain(APPLY_FAILS);
    expect(diff.flags[0].advice).toContain("Keep version 17");
  });

  describe("a chart Vigil generated (CloudNativePG in-cluster)", () => {
    const chartDir = "assets/platform_resources_chart_C1F6D4B5/vigil-shop";
    const cluster = (image: string) => `apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: shop-postgres\n  namespace: shop-data\nspec:\n  instances: 3\n  imageName: ${image}\n`;
    const stack = (files: Record<string, string>): FixtureStack => ({
      resource: { helm_release: { release: resourceAt("prod/platform/resources/release", { chart: `./${chartDir}`, name: "vigil-shop", namespace: "vigil-system", ...kept }) } },
      vigil: { components: [{ component: "postgres-cnpg", name: "shop-postgres", target: "kubernetes", stateful: true, description: "CloudNativePG", defaultAlertIds: [], disabledAlertIds: [], path: "prod/platform/resources/shop-data/shop-postgres-alerts" }] },
      files: Object.fromEntries(Object.entries(files).map(([f, c]) => [`${chartDir}/manifests/${f}`, c])),
    });
    const pg = (image: string) => stack({ "shop-data-cluster-shop-postgres.yaml": cluster(`ghcr.io/cloudnative-pg/postgresql:${image}`) });

    test("imageName 17 → 16 is refused by the operator and flagged; the changed field is listed although the release's arguments did not change", () => {
      const diff = compare(pg("17"), pg("16"));
      expect(diff.flags.map((f) => [f.kind, f.address])).toEqual([["refused", "helm_release.release"]]);
      expect(diff.flags[0].reason).toContain('the operator does not downgrade ("cannot downgrade the PostgreSQL major version from 17 to 16") and keeps running 17');
      expect(diff.changed[0].changes).toEqual([{ path: "chart[Cluster/shop-data/shop-postgres].spec.imageName", before: "ghcr.io/cloudnative-pg/postgresql:17", after: "ghcr.io/cloudnative-pg/postgresql:16" }]);
      // A minor version goes either way in place (a rolling update): no flag.
      expect(compare(pg("17.4"), pg("17.2")).flags).toEqual([]);
    });

    test("a data custom resource dropped from the chart is a destroy that the release's prevent_destroy does not stop", () => {
      const diff = compare(pg("17"), stack({ "shop-data-configmap-dashboard.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboard\n  namespace: shop-data\n" }));
      expect(diff.flags.map((f) => [f.kind, f.address])).toEqual([["destroy", "helm_release.release"]]);
      expect(diff.flags[0].reason).toContain("HEAD's chart no longer has Cluster/shop-data/shop-postgres, so helm upgrade deletes it");
    });
  });

  test("a long string changed near its end shows the differing part on both sides, cut to the same window", () => {
    const rules = (objective: string) => `groups:\n- name: shop-slo\n  rules:\n${"  - record: shop:requests:rate5m\n    expr: sum(rate(http_requests_total[5m]))\n".repeat(4)}  - alert: ShopBurn\n    expr: error_ratio > ${objective}\n`;
    const ns = (objective: string) => resourceAt("prod/shop/rules/namespace", { name: "shop", data: rules(objective) });
    const diff = compare({ resource: { aws_prometheus_rule_group_namespace: { rules: ns("0.001") } } }, { resource: { aws_prometheus_rule_group_namespace: { rules: ns("0.005") } } });
    const [before, after] = changeWindow(diff.changed[0].changes[0].before, diff.changed[0].changes[0].after);
    expect(before).toMatch(/^….*error_ratio > 0\.001/);
    expect(after).toMatch(/^….*error_ratio > 0\.005/);
    expect(before!.length).toBeLessThanOrEqual(122);
    const line = renderDiffMarkdown(diff).split("\n").find((l) => l.includes("`data`"))!;
    expect(line).toContain("error_ratio > 0.001");
    expect(line).toContain("error_ratio > 0.005");
    // Short values are shown whole.
    expect(changeWindow("a", "b")).toEqual(['"a"', '"b"']);
  });

  test("the bin exits 1 on a refused change, names its kind, and 0 with --allow-destroy", () => {
    const base = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db() } } } });
    const head = writeSynthDir({ prod: { resource: { aws_db_instance: { db: db({ engine_version: "16" }) } } } });
    const run = vigil(["diff", base, head]);
    expect([run.status, run.stderr]).toEqual([1, "1 stateful resource(s) destroyed, replaced or changed in a way the database refuses: prod/aws_db_instance.db (refused); pass --allow-destroy if this is intended\n"]);
    expect(run.stdout).toContain("**0 stateful destroys or replacements** · **1 change the database refuses**");
    expect(vigil(["diff", base, head, "--allow-destroy"]).status).toBe(0);
  });
});
