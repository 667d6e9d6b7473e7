// vigil runbooks: a page for every alert of the reference deployment, at the
// path its runbook URL names under the configured base URL.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { sharedSynth } from "../shared-synth";
import { readSynth } from "../../lib/cli/read-synth";
import { markdownSection, planRunbooks } from "../../lib/cli/runbooks";
import { referenceConfig } from "../../stacks/config";
import { alertRecord, ROOT, vigil, writeSynthDir } from "./support";

describe("vigil runbooks on the reference deployment", () => {
  const synth = sharedSynth("reference");
  const out = mkdtempSync(join(tmpdir(), "vigil-runbooks-"));
  const base = referenceConfig.notifications.runbookBaseUrl!;
  const alerts = readSynth(synth).stacks.flatMap((s) => s.manifest.alerts.map((a) => ({ stack: s.id, ...a })));
  let run: ReturnType<typeof vigil>;
  beforeAll(() => {
    run = vigil(["runbooks", synth, "--out", out, "--base-url", base, "--hand-written", join(ROOT, "docs/runbooks")]);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("every alert has a page: its runbook URL minus the base URL is a generated file that names the alert", () => {
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain("no page");
    expect(alerts.length).toBeGreaterThan(200);
    const missing = alerts.filter((a) => {
      const page = join(out, a.runbookUrl.slice(base.length + 1));
      return !a.runbookUrl.startsWith(`${base}/${a.component}/`) || !existsSync(page) || !readFileSync(page, "utf8").includes(`| \`${a.stack}\` | \`${a.id}\` |`);
    });
    expect(missing.map((a) => `${a.stack} ${a.component}/${a.id} ${a.runbookUrl}`)).toEqual([]);
  });

  test("the runbook URLs are <base>/<component>/<id>.md, the id being the alert's (or its template's, for alerts repeated per broker, table or SLO)", () => {
    for (const a of alerts) expect(a.runbookUrl).toMatch(new RegExp(`^${base.replace(/[.]/g, "\\.")}/${a.component}/[a-z0-9-]+\\.md$`));
    const exact = alerts.filter((a) => a.runbookUrl === `${base}/${a.component}/${a.id}.md`);
    expect(exact.map((a) => `${a.component}/${a.id}`)).toEqual(expect.arrayContaining(["rds-postgres/cpu-high", "eks-cluster/apiserver-5xx", "postgres-cnpg/storage-low"]));
    const page = readFileSync(join(out, "msk/under-min-isr.md"), "utf8");
    expect(page).toContain("| `prod-aws-infra` | `under-min-isr-broker-3` |");
  });

  test("a page says what the resource is, what the alert means, threshold and severity, dashboard, first checks and escalation", () => {
    const page = readFileSync(join(out, "rds-postgres/cpu-high.md"), "utf8");
    expect(page).toContain("# cpu-high (rds-postgres)");
    expect(markdownSection(page, "What the resource is")).toMatch(/PostgreSQL.*`checkout-prod` \(aws, holds data\)/);
    expect(markdownSection(page, "Threshold and severity")).toContain("- ticket, &gt; 90 % (`prod-aws-infra`)");
    expect(markdownSection(page, "Dashboard")).toContain("`checkout-prod-rds-postgres`");
    // The hand-written runbook's first checks, word for word.
    const handWritten = markdownSection(readFileSync(join(ROOT, "docs/runbooks/rds-postgres/cpu-high.md"), "utf8"), "First checks");
    expect(markdownSection(page, "First checks")).toBe(handWritten);
    expect(markdownSection(page, "Escalation")).toContain("`prod-aws-infra`: delivered as **ticket** → `tickets`, `team-email`");
    // A page alert: dev delivers it as a ticket.
    const paging = readFileSync(join(out, "eks-cluster/apiserver-5xx.md"), "utf8");
    expect(markdownSection(paging, "Threshold and severity")).toContain("page (as ticket)");
    expect(markdownSection(paging, "Escalation")).toContain("`prod-aws-infra`: delivered as **page** → `oncall`, `team-email`");
    expect(markdownSection(paging, "Escalation")).toContain("`dev-aws-infra`: delivered as **ticket** → `tickets`, `team-email`");
    expect(readFileSync(join(out, "README.md"), "utf8")).toContain("| [rds-postgres/cpu-high.md](rds-postgres/cpu-high.md) |");
  });
});

describe("the reference deployment's published runbooks (docs/runbooks/generated)", () => {
  const PUBLISHED = join(ROOT, "docs/runbooks/generated");
  const base = referenceConfig.notifications.runbookBaseUrl!;
  const synth = readSynth(sharedSynth("reference"));
  const plan = planRunbooks(synth, { handWritten: join(ROOT, "docs/runbooks"), outDir: PUBLISHED });

  test("the reference alerts' runbook URLs point under the published folder, and every one resolves to a committed page naming the alert", () => {
    expect(base).toBe("https://github.com/example-org/checkout-platform/blob/main/docs/runbooks/generated");
    const unresolved = synth.stacks.flatMap((s) =>
      s.manifest.alerts
        .filter((a) => {
          const page = join(PUBLISHED, a.runbookUrl.slice(base.length + 1));
          return !a.runbookUrl.startsWith(`${base}/`) || !existsSync(page) || !readFileSync(page, "utf8").includes(`| \`${s.id}\` | \`${a.id}\` |`);
        })
        .map((a) => `${s.id} ${a.component}/${a.id} → ${a.runbookUrl}`),
    );
    expect(unresolved).toEqual([]);
  });

  test("the committed pages are current: regenerate with `npm run runbooks` when this fails", () => {
    const stale = plan.pages.filter((p) => !existsSync(join(PUBLISHED, p.file)) || readFileSync(join(PUBLISHED, p.file), "utf8") !== p.markdown).map((p) => p.file);
    expect(stale).toEqual([]);
    const committed = readdirSync(PUBLISHED, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== "README.md")
      .map((e) => relative(PUBLISHED, join(e.parentPath ?? e.path, e.name)));
    expect(committed.sort()).toEqual(plan.pages.map((p) => p.file).sort());
  });

  test("a generated page links to its hand-written runbook, which exists", () => {
    const page = readFileSync(join(PUBLISHED, "rds-postgres/cpu-high.md"), "utf8");
    const link = /\[rds-postgres\/cpu-high\.md\]\(([^)]+)\)/.exec(page)![1];
    expect(link).toBe("../../rds-postgres/cpu-high.md");
    expect(existsSync(join(PUBLISHED, "rds-postgres", link))).toBe(true);
  });
});

describe("vigil runbooks on hand-made outputs", () => {
  test("with no hand-written page, first checks come from the alert's mechanism", () => {
    const synth = readSynth(writeSynthDir({ prod: { vigil: { alerts: [alertRecord({ dashboard: "shop-prod-rds" })] } } }));
    const [page] = planRunbooks(synth, { handWritten: join(tmpdir(), "no-runbooks-here") }).pages;
    expect(page.file).toBe("rds-postgres/cpu-high.md");
    expect(markdownSection(page.markdown, "First checks")).toContain("`aws cloudwatch describe-alarms --alarm-names shop-prod-rds-postgres-cpu-high`");
    expect(markdownSection(page.markdown, "First checks")).toContain("Open the dashboard `shop-prod-rds`");
  });

  test("an alert whose runbook URL lies outside the base URL has no page and makes the command exit 1", () => {
    const dir = writeSynthDir({ prod: { vigil: { alerts: [alertRecord(), alertRecord({ id: "lost", runbookUrl: "https://wiki.example.com/lost" })] } } });
    const out = mkdtempSync(join(tmpdir(), "vigil-runbooks-"));
    const run = vigil(["runbooks", dir, "--out", out, "--base-url", "https://runbooks.example.com/"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no page: prod: alert rds-postgres/lost (shop-prod-rds-postgres-cpu-high) links to "https://wiki.example.com/lost", not https://runbooks.example.com/rds-postgres/<id>.md');
    expect(existsSync(join(out, "rds-postgres/cpu-high.md"))).toBe(true);
    expect(vigil(["runbooks", dir, "--base-url", "runbooks"]).status).toBe(2);
    rmSync(out, { recursive: true, force: true });
  });

  test("markdownSection reads one ## section up to the next heading of level 1 or 2", () => {
    const md = "# t\n\n## First checks\n\n1. a\n### sub\n2. b\n\n## Mitigation\n\nx";
    expect(markdownSection(md, "First checks")).toBe("1. a\n### sub\n2. b");
    expect(markdownSection(md, "Escalation")).toBeUndefined();
  });
});

describe("vigil runbooks: the logs to read first", () => {
  const logs = (service: string, path: string) => ({
    service,
    namespaces: [service],
    store: "Elasticsearch",
    location: `logs-${service}-*`,
    query: `kubernetes.namespace_name : "${service}"`,
    queryLanguage: "Kibana KQL",
    url: `https://kibana.example.com/app/discover#/?_a=(query:(language:kuery,query:'${service}'))`,
    retention: { searchableDays: 90, totalDays: 365, archive: "snapshots", immutable: true },
    collector: "Fluent Bit",
    path,
  });

  test("an alert built inside a service links that service's logs; a platform alert links every service's of its environment and target", () => {
    const synth = readSynth(
      writeSynthDir({
        "prod-kubernetes-platform": { vigil: { alerts: [alertRecord({ path: "prod-kubernetes-platform/shop/postgres/alarm" })], serviceLogs: [logs("shop", "prod-kubernetes-platform/shop"), logs("cart", "prod-kubernetes-platform/cart")] } },
        "prod-kubernetes-operators": { vigil: { alerts: [alertRecord({ id: "nodes-not-ready", component: "cluster", runbookUrl: "https://runbooks.example.com/cluster/nodes-not-ready.md", path: "prod-kubernetes-operators/cluster" })] } },
      }),
    );
    const pages = Object.fromEntries(planRunbooks(synth).pages.map((p) => [p.file, markdownSection(p.markdown, "Logs") ?? ""]));
    expect(pages["rds-postgres/cpu-high.md"]).toContain("shop: [Elasticsearch, Kibana KQL](<https://kibana.example.com/app/discover#/?_a=(query:(language:kuery,query:'shop'))>)");
    expect(pages["rds-postgres/cpu-high.md"]).not.toContain("cart");
    expect(pages["cluster/nodes-not-ready.md"]).toMatch(/`prod-kubernetes-operators` shop: .*\n- `prod-kubernetes-operators` cart: /);
  });
});
