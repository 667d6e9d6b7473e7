// vigil report: Markdown for a pull request and one self-contained HTML page,
// from the reference deployment and from a hand-made output with policy
// findings and hostile text. The HTML page is checked in headless Chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { sharedSynth } from "../shared-synth";
import type { AlertRecord } from "../../lib/core/manifest";
import { readSynth } from "../../lib/cli/read-synth";
import { renderHtmlReport } from "../../lib/cli/report-html";
import { renderMarkdownReport } from "../../lib/cli/report-markdown";
import { neutralizeEnvironment, prodTwinId } from "../../lib/core/stack-environments";
import { HeadlessPage, requireChromium } from "./chromium";
import { alertRecord, resourceAt, vigil, writeSynthDir } from "./support";

const HOSTILE = `<script>window.pwned=1</script> {{ $labels.instance }} "quoted" 'single' a|b`;

/** An output with findings (one suppressed), an SLO and an alert whose text tries to break out of the page. */
function fixture(): string {
  return writeSynthDir({
    "prod-shop": {
      resource: { aws_db_instance: { db: resourceAt("prod-shop/shop/postgres/instance", { identifier: "shop-prod" }) }, aws_s3_bucket: { a: {}, b: {} } },
      vigil: {
        alerts: [alertRecord(), alertRecord({ id: "replica-lag", severity: "ticket", deliveredAs: "ticket", summary: HOSTILE, threshold: "> 30 s", routes: [] })],
        slos: [{ service: "shop", name: "availability", objective: 99.9, period: "30d", indicator: "99.9 % of requests succeed", alerts: ["availability-burn-page"], path: "prod-shop/shop" }],
        findings: [
          { rule: "data-protection/prevent-destroy", level: "error", message: "aws_s3_bucket.b has no prevent_destroy in prod", resource: "prod-shop/shop/b" },
          { rule: "security/public-endpoint", level: "warning", message: "the API endpoint is public", resource: "prod-shop/cluster", suppressedBecause: `needed by the ${HOSTILE} CI runner until 2027-01` },
        ],
      },
    },
    "dev-shop": { vigil: { alerts: [alertRecord({ resource: "shop-dev", severity: "page", deliveredAs: "ticket", routes: ["tickets"] })] } },
  });
}

describe("vigil report: each service's logs one click away", () => {
  const serviceLogs = {
    service: "shop",
    namespaces: ["shop", "shop-jobs"],
    store: "CloudWatch Logs",
    location: "/vigil/shop-prod/shop",
    query: "fields @timestamp, @message | sort @timestamp desc",
    queryLanguage: "CloudWatch Logs Insights",
    url: "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-3600)|x y",
    retention: { searchableDays: 90, totalDays: 365, archive: "S3 Glacier Deep Archive", immutable: true },
    collector: "Fluent Bit",
    path: "prod-shop/shop",
  };
  const pipeline = { target: "aws" as const, collector: "Fluent Bit 3.2", store: "CloudWatch Logs", namespaces: "all" as const, systemLogs: true, retention: serviceLogs.retention, encryption: "KMS", path: "prod-shop/platform/logs" };
  const dir = () => writeSynthDir({ "prod-shop": { vigil: { serviceLogs: [serviceLogs], logPipelines: [pipeline] } } });

  test("Markdown: a row per service with its namespaces, store, retention and a link whose URL keeps its parentheses and bars", () => {
    const md = renderMarkdownReport(readSynth(dir()));
    const section = md.slice(md.indexOf("### Logs"), md.indexOf("### Policy findings"));
    expect(section).toContain("| shop | `shop`, `shop-jobs` | CloudWatch Logs: `/vigil/shop-prod/shop` | 90 days searchable, 365 in all (S3 Glacier Deep Archive, locked) |");
    expect(section).toContain("(<https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-3600)%7Cx%20y>)");
    expect(section).toContain("- Pipeline: Fluent Bit 3.2 → CloudWatch Logs, namespaces all and node logs;");
  });

  test("HTML: the link opens the store with the query, and the query is shown", () => {
    const page = renderHtmlReport(readSynth(dir()));
    expect(page).toContain(`<a href="${serviceLogs.url.replace(/&/g, "&amp;")}">Open in CloudWatch Logs Insights</a>`);
    expect(page).toContain("<code>fields @timestamp, @message | sort @timestamp desc</code>");
  });
});

describe("vigil report (Markdown)", () => {
  test("every stack lists resources by type, its alerts with severity, threshold, route and runbook, SLOs and findings with suppressions", () => {
    const md = renderMarkdownReport(readSynth(fixture()));
    expect(md).toContain("2 stacks · 3 resources · 3 alerts (1 page) · 1 SLOs · 1 open policy findings · 1 suppressed");
    const prod = md.slice(md.indexOf("## Stack `prod-shop`"));
    expect(prod).toContain("`aws_s3_bucket` 2");
    // Each severity reaches one set of channels, so the routing table says where an alert goes and the rows do not repeat it.
    expect(prod).toContain("| page | page | oncall |\n| ticket | ticket | _dashboards only_ |");
    // The runbook base is said once; a row names its page only where it is not the alert's own.
    expect(prod).toContain("Runbooks: `https://runbooks.example.com/<component>/<alert>.md`");
    expect(prod).toContain("| `cpu-high` | rds-postgres | shop-prod | page | &gt; 80 % |  |\n");
    expect(prod).toContain("| shop | availability | 99.9 % | 30d | 99.9 % of requests succeed | `availability-burn-page` |");
    expect(prod).toContain("| **error** | `data-protection/prevent-destroy` | `prod-shop/shop/b` | aws\\_s3\\_bucket.b has no prevent\\_destroy in prod |  |");
    expect(prod).toMatch(/\| warning \(suppressed\) \| `security\/public-endpoint` \| .* \| needed by the &lt;script&gt;/);
    // Dev delivers pages as tickets: its routing table says so; it is shown as its differences from prod.
    const dev = md.slice(md.indexOf("## Stack `dev-shop`")).split("\n## Stack")[0];
    expect(dev).toMatch(/\| page \| ticket \| /);
    expect(dev).toContain("Shown as its differences from `prod-shop`");
  });

  test("the environment's name is neutral only as a token: a `product` resource is the same alert in staging and prod", () => {
    const alert = (env: string) => alertRecord({ resource: `product-${env}`, runbookUrl: "https://runbooks.example.com/rds-postgres/cpu-high.md", path: `${env}-shop/product/postgres/alarm-cpu-high/alarm` });
    const md = renderMarkdownReport(readSynth(writeSynthDir({ "prod-shop": { vigil: { alerts: [alert("prod")] } }, "staging-shop": { vigil: { alerts: [alert("staging")] } } })));
    const staging = md.slice(md.indexOf("## Stack `staging-shop`")).split("\n## Stack")[0];
    expect(staging).toContain("1 alerts as in `prod-shop`; 0 differ or are its own:");
    expect(neutralizeEnvironment("product-prod.example.com/prod", "prod")).toBe("product-<env>.example.com/<env>");
    expect(neutralizeEnvironment("reproduce prodprod prod_1", "prod")).toBe("reproduce prodprod <env>_1");
  });

  test("the prod twin of a stack is the same lookup parity uses", () => {
    expect(["staging-aws-infra", "dev-gcp-platform", "prod-aws-infra", "local"].map((id) => prodTwinId(id))).toEqual(["prod-aws-infra", "prod-gcp-platform", undefined, undefined]);
    expect(prodTwinId("staging-eu", [{ staging: "staging-eu", prod: "prod-eu-west" }])).toBe("prod-eu-west");
    expect(prodTwinId("staging-aws-infra", [{ staging: "staging-eu", prod: "prod-eu-west" }])).toBeUndefined();
  });

  test("a stack the policy packs did not check says so, instead of showing an empty findings list", () => {
    const md = renderMarkdownReport(readSynth(writeSynthDir({ "prod-shop": { vigil: { alerts: [] } }, "prod-checked": { vigil: { alerts: [], policyPacks: ["security"] } } })));
    const section = (id: string) => md.slice(md.indexOf(`## Stack \`${id}\``)).split("\n## Stack")[0];
    expect(section("prod-shop")).toContain("**The policy packs did not run on this stack**");
    expect(section("prod-checked")).toContain("No findings (packs: security).");
  });

  test("alert text cannot inject HTML or break the table", () => {
    const md = renderMarkdownReport(readSynth(fixture()));
    expect(md).not.toContain("<script>");
    const row = md.split("\n").find((l) => l.startsWith("| `replica-lag`"))!;
    // The summary is not a column of the Markdown table, but the row keeps its 6 cells; its runbook is cpu-high's page.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(row.endsWith("| `cpu-high` |")).toBe(true);
  });

  test("where one severity reaches different channels, each row says its route; a runbook outside the base is a link", () => {
    const md = renderMarkdownReport(
      readSynth(
        writeSynthDir({
          "prod-shop": {
            vigil: {
              alerts: [
                alertRecord(),
                alertRecord({ id: "storage-low", routes: ["oncall", "dba"], runbookUrl: "https://wiki.example.com/pages/Storage (RDS)" }),
              ],
            },
          },
        }),
      ),
    );
    expect(md).toContain("| Alert | Component | Resource | Severity | Threshold | Route | Runbook |");
    expect(md).toContain("| `cpu-high` | rds-postgres | shop-prod | page | &gt; 80 % | oncall | [runbook](<https://runbooks.example.com/rds-postgres/cpu-high.md>) |");
    expect(md).toContain("| `storage-low` | rds-postgres | shop-prod | page | &gt; 80 % | oncall, dba | [runbook](<https://wiki.example.com/pages/Storage%20(RDS)>) |");
    expect(md).not.toContain("Runbooks: `");
  });
});

describe("vigil report on the reference deployment", () => {
  const synth = sharedSynth("reference");
  const out = mkdtempSync(join(tmpdir(), "vigil-report-"));
  const alerts = readSynth(synth).stacks.flatMap((s) => s.manifest.alerts.map((a) => ({ stack: s.id, ...a })));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("the bin writes report.md and report.html; the Markdown accounts for every alert of every stack", () => {
    const run = vigil(["report", synth, "--out", out]);
    expect(run.status).toBe(0);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(alerts.length).toBeGreaterThan(200);
    const section = (stack: string) => md.slice(md.indexOf(`## Stack \`${stack}\``)).split("\n## Stack")[0];
    const alertLines = (stack: string) => section(stack).split("\n").filter((l) => /^\| `[a-z0-9-]+`( ×\d+)? \| [a-z0-9-]+ \| .* \|$/.test(l));
    // A row stands for one alert, or for `n` member alerts (`under-min-isr` ×3: one per broker).
    const alertRows = (stack: string) => alertLines(stack).flatMap((l) => Array<string>(Number(/^\| `[a-z0-9-]+` ×(\d+)/.exec(l)?.[1] ?? 1)).fill(l));
    // Prod, and stacks without a prod twin: a row per alert.
    for (const stack of ["prod-aws-infra", "prod-gcp-infra", "local-kubernetes-platform"]) {
      expect({ stack, rows: alertRows(stack).length }).toEqual({ stack, rows: alerts.filter((a) => a.stack === stack).length });
    }
    // Staging is written as its differences from prod: the RDS thresholds derived from the smaller
    // instance class are rows (with staging's values), and an alert identical in prod is not a row.
    const staging = section("staging-aws-infra");
    expect(staging).toContain("Shown as its differences from `prod-aws-infra`");
    const stagingRows = alertLines("staging-aws-infra");
    const row = (id: string) => stagingRows.find((l) => l.startsWith(`| \`${id}\` | rds-postgres | checkout-staging |`));
    const prodThreshold = (id: string) => alertLines("prod-aws-infra").find((l) => l.startsWith(`| \`${id}\` | rds-postgres | checkout-prod |`))?.split(" | ")[4];
    for (const id of ["connections-high", "db-load-high", "memory-high"]) {
      expect(row(id)).toBeDefined();
      expect(row(id)!.split(" | ")[4]).not.toBe(prodThreshold(id));
    }
    // The threshold in the user's unit (the catalog's percent), then what the target enforces.
    expect(row("memory-high")).toContain("| 90 % · native: &lt; 858993459 bytes |");
    // cpu-high (> 90 %) and read-latency-high are the same in both: counted, not listed.
    expect(alertLines("prod-aws-infra").some((l) => l.startsWith("| `cpu-high` | rds-postgres | checkout-prod | ticket | &gt; 90 % |"))).toBe(true);
    expect(row("cpu-high")).toBeUndefined();
    expect(row("read-latency-high")).toBeUndefined();
    expect(section("dev-gcp-infra")).toContain("Shown as its differences from `prod-gcp-infra`");
    expect(alertLines("prod-aws-infra")).toEqual(expect.arrayContaining([expect.stringMatching(/^\| `under-min-isr` ×3 \| msk \| checkout-prod \| page \|/)]));
    // Routing per stack: dev delivers pages as tickets.
    expect(section("dev-aws-infra")).toContain("| page | ticket | tickets, team-email |");
    expect(section("prod-aws-infra")).toContain("| `apiserver-5xx` | eks-cluster | checkout-prod | page | &gt; 50 requests per 5 minutes |  |\n");
    expect(section("prod-aws-infra")).toContain("Runbooks: `https://github.com/example-org/checkout-platform/blob/main/docs/runbooks/generated/<component>/<alert>.md`");
    // SLO burn alerts share one page, named in their rows.
    expect(section("prod-aws-infra")).toContain("| `availability-burn-page` | slo | checkout | page | as in the condition | `error-budget-burn` |");
    expect(vigil(["report", synth, "--stdout"]).stdout).toBe(md);
    // It fits in one pull-request comment (GitHub's limit is 65,536 characters).
    expect(md.length).toBeLessThan(65536);
    expect(run.stderr).not.toContain("more than a GitHub comment takes");
  });

  test("a missing folder is a usage error naming it", () => {
    const run = vigil(["report", join(out, "nope")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(out, "nope")}: no such folder`);
  });

  test("the HTML page is self-contained: inline style and script, nothing loaded, links only to runbooks and the services' logs", () => {
    const output = readSynth(synth);
    const page = renderHtmlReport(output);
    expect(page).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(/i);
    const links = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
    const logUrls = output.stacks.flatMap((s) => (s.manifest.serviceLogs ?? []).map((l) => l.url));
    expect(logUrls.length).toBeGreaterThanOrEqual(7);
    expect(links.length).toBe(alerts.length + logUrls.length);
    expect(links.filter((u) => !u.startsWith("https://github.com/example-org/checkout-platform/blob/main/docs/runbooks/"))).toEqual(logUrls);
  });

  (requireChromium() ? describe : describe.skip)("in headless Chromium", () => {
    let page: HeadlessPage;
    const select = (id: string, value: string) =>
      `(() => { const s = document.getElementById(${JSON.stringify(id)}); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change")); })()`;
    const visible = `[...document.querySelectorAll("tr.alert")].filter((tr) => tr.offsetParent !== null).map((tr) => [tr.dataset.stack, tr.dataset.severity, tr.cells[0].textContent])`;

    beforeAll(async () => {
      if (!requireChromium()) return;
      vigil(["report", synth, "--out", out]);
      page = await HeadlessPage.open(`file://${join(out, "report.html")}`);
    });
    afterAll(async () => page?.close());

    test("the page renders with one table row per alert, all shown", async () => {
      expect(await page.evaluate("document.title")).toBe("Vigil review report");
      const rows = await page.evaluate<string[][]>(visible);
      expect(rows.length).toBe(alerts.length);
      expect(rows).toEqual(expect.arrayContaining([["prod-aws-infra", "page", "apiserver-5xx"], ["local-kubernetes-platform", "ticket", "storage-low"]]));
      expect(await page.evaluate("document.getElementById('alert-count').textContent")).toBe(String(alerts.length));
    });

    test("the severity filter shows only alerts delivered at that severity; the stack filter narrows further", async () => {
      await page.evaluate(select("filter-severity", "page"));
      const pages = await page.evaluate<string[][]>(visible);
      expect(pages.length).toBe(alerts.filter((a) => a.deliveredAs === "page").length);
      expect(new Set(pages.map((r) => r[1]))).toEqual(new Set(["page"]));
      // Dev never pages.
      expect(pages.filter((r) => r[0] === "dev-aws-infra")).toEqual([]);
      await page.evaluate(select("filter-stack", "prod-aws-infra"));
      const prodPages = await page.evaluate<string[][]>(visible);
      expect(prodPages.length).toBe(alerts.filter((a: AlertRecord & { stack: string }) => a.stack === "prod-aws-infra" && a.deliveredAs === "page").length);
      expect(await page.evaluate("[...document.querySelectorAll('section.stack')].filter((s) => !s.hidden).map((s) => s.dataset.stack)")).toEqual(["prod-aws-infra"]);
      await page.evaluate(select("filter-severity", ""));
      await page.evaluate(select("filter-stack", ""));
      expect((await page.evaluate<string[][]>(visible)).length).toBe(alerts.length);
    });

    test("the finding level filter and 'open findings only' hide the other findings", async () => {
      // The hand-made output has both levels, suppressed and open: the reference deployment may have no warning left.
      const dir = mkdtempSync(join(tmpdir(), "vigil-report-findings-"));
      const source = fixture();
      expect(vigil(["report", source, "--out", dir]).status).toBe(0);
      const findingsPage = await HeadlessPage.open(`file://${join(dir, "report.html")}`);
      try {
        const findings = readSynth(source).stacks.flatMap((st) => st.manifest.findings.map((f) => ({ stack: st.id, ...f })));
        const shownFindings = `[...document.querySelectorAll("tr.finding")].filter((tr) => tr.offsetParent !== null).map((tr) => [tr.dataset.stack, tr.dataset.level, tr.dataset.suppressed])`;
        expect((await findingsPage.evaluate<string[][]>(shownFindings)).length).toBe(findings.length);
        expect(new Set(findings.map((f) => f.level))).toEqual(new Set(["error", "warning"]));
        await findingsPage.evaluate(select("filter-level", "warning"));
        const warnings = await findingsPage.evaluate<string[][]>(shownFindings);
        expect(warnings.length).toBe(findings.filter((f) => f.level === "warning").length);
        expect(new Set(warnings.map((r) => r[1]))).toEqual(new Set(["warning"]));
        expect(await findingsPage.evaluate("document.getElementById('finding-count').textContent")).toBe(String(warnings.length));
        await findingsPage.evaluate(select("filter-level", "error"));
        expect((await findingsPage.evaluate<string[][]>(shownFindings)).length).toBe(findings.filter((f) => f.level === "error").length);
        await findingsPage.evaluate(`(() => { const c = document.getElementById("filter-open"); c.checked = true; c.dispatchEvent(new Event("change")); })()`);
        expect(await findingsPage.evaluate<string[][]>(shownFindings)).toEqual(findings.filter((f) => f.level === "error" && f.suppressedBecause === undefined).map((f) => [f.stack, "error", "no"]));
        // Alerts are not affected by the finding filters.
        expect((await findingsPage.evaluate<number>(`[...document.querySelectorAll("tr.alert")].filter((tr) => tr.offsetParent !== null).length`))).toBe(readSynth(source).stacks.flatMap((st) => st.manifest.alerts).length);
        await findingsPage.evaluate(`(() => { const c = document.getElementById("filter-open"); c.checked = false; c.dispatchEvent(new Event("change")); })()`);
        await findingsPage.evaluate(select("filter-level", ""));
        expect((await findingsPage.evaluate<string[][]>(shownFindings)).length).toBe(findings.length);
      } finally {
        await findingsPage.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("hostile alert text shows as text and runs nothing", async () => {
      const dir = mkdtempSync(join(tmpdir(), "vigil-report-hostile-"));
      expect(vigil(["report", fixture(), "--out", dir]).status).toBe(0);
      const hostile = await HeadlessPage.open(`file://${join(dir, "report.html")}`);
      try {
        expect(await hostile.evaluate("typeof window.pwned")).toBe("undefined");
        expect(await hostile.evaluate("document.querySelector('tr.alert td.summary') && [...document.querySelectorAll('td.summary')].map((td) => td.textContent)")).toContain(HOSTILE);
        expect(await hostile.evaluate("[...document.querySelectorAll('tr.finding.suppressed td')].map((td) => td.textContent).join(' | ')")).toContain(`needed by the ${HOSTILE} CI runner`);
      } finally {
        await hostile.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
