// The package as a user gets it: `npm pack`, then the tarball installed from
// the registry into fresh projects that each hold one cloud's provider only.
//
// Installing providers takes tens of seconds, so this file runs in CI
// (CI=true, as .ci/run sets) and with `npm run test:packaging`; a plain local
// `npm test` skips it. Consumers run one after another on one shared tarball.
import { readdirSync, readFileSync, rmSync } from "fs";
import { dirname, join } from "path";
import { Consumer, PackedLibrary, ROOT, packLibrary } from "./consumer";
import type { SynthesizedStack } from "../../lib/testing";

const ENABLED = /^(1|true)$/i.test(process.env.CI ?? "") || process.env.VIGIL_PACKAGING_TEST === "1";

// Build, pack and four installs of up to ~400 MB of provider bindings each.
jest.setTimeout(10 * 60 * 1000);

interface ConsumerCase {
  /** Entry point under test (`cdktf-vigil/<target>`). */
  readonly target: string;
  /** The only provider packages the consumer installs. */
  readonly providers: readonly string[];
  /** The app, relative to the repository root. */
  readonly app: string;
  /** Expectations on the synthesized stacks (and the output folder, for assets). */
  readonly expectStacks: (stacks: Record<string, SynthesizedStack>, outdir: string) => void;
  /** An entry point whose provider this consumer lacks, and the package the error must name. */
  readonly missing: { readonly target: string; readonly package: string };
}

const CASES: readonly ConsumerCase[] = [
  {
    target: "aws",
    providers: ["@cdktf/provider-aws"],
    app: "examples/aws-minimal/main.ts",
    expectStacks: (stacks) => {
      const stack = stacks["dev-aws-infra"];
      expect(Object.keys(stack.resource ?? {})).toEqual(expect.arrayContaining(["aws_vpc", "aws_eks_cluster", "aws_eks_node_group", "aws_sns_topic", "aws_cloudwatch_metric_alarm"]));
      const cluster = Object.values(stack.resource?.aws_eks_cluster ?? {})[0];
      expect(cluster.name).toBe("invoicing-dev");
      expect(stack.provider?.aws[0].default_tags).toEqual([{ tags: expect.objectContaining({ service: "invoicing", environment: "dev", "managed-by": "vigil" }) }]);
    },
    missing: { target: "gcp", package: "@cdktf/provider-google" },
  },
  {
    target: "gcp",
    // The SLO recording rules run in the GKE cluster: the in-cluster stack needs the Kubernetes and Helm providers.
    providers: ["@cdktf/provider-google", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"],
    app: "examples/gcp-minimal/main.ts",
    expectStacks: (stacks) => {
      const stack = stacks["dev-gcp-infra"];
      expect(Object.keys(stack.resource ?? {})).toEqual(
        expect.arrayContaining(["google_compute_network", "google_container_cluster", "google_sql_database_instance", "google_managed_kafka_cluster", "google_monitoring_alert_policy"]),
      );
      expect(Object.values(stack.resource?.google_container_cluster ?? {})[0].name).toBe("invoicing-dev");
      expect(stack.provider?.google[0].default_labels).toEqual(expect.objectContaining({ service: "invoicing", environment: "dev", owner: "team-invoicing", managed_by: "vigil" }));
      // The in-cluster stack: kube-prometheus-stack and the chart holding the SLO recording rules.
      expect(Object.values(stacks["dev-gcp-platform"].resource?.helm_release ?? {}).map((r) => r.name).sort()).toEqual(["kube-prometheus-stack", "vigil-invoicing"]);
    },
    missing: { target: "azure", package: "@cdktf/provider-azurerm" },
  },
  {
    target: "azure",
    providers: ["@cdktf/provider-azurerm"],
    app: "examples/azure-minimal/main.ts",
    expectStacks: (stacks) => {
      const stack = stacks["dev-azure-infra"];
      expect(Object.keys(stack.resource ?? {})).toEqual(
        expect.arrayContaining(["azurerm_resource_group", "azurerm_virtual_network", "azurerm_kubernetes_cluster", "azurerm_postgresql_flexible_server", "azurerm_monitor_action_group", "azurerm_monitor_metric_alert", "azurerm_monitor_diagnostic_setting"]),
      );
      expect(Object.values(stack.resource?.azurerm_resource_group ?? {})).toEqual([
        expect.objectContaining({ name: "rg-invoicing-dev-westeurope", tags: expect.objectContaining({ environment: "dev", owner: "team-invoicing", "managed-by": "vigil" }) }),
      ]);
      expect(stack.terraform?.backend).toEqual({ local: expect.objectContaining({ path: expect.stringMatching(/terraform\.dev-azure-infra\.tfstate$/) }) });
    },
    missing: { target: "kubernetes", package: "@cdktf/provider-kubernetes" },
  },
  {
    target: "kubernetes",
    providers: ["@cdktf/provider-kubernetes", "@cdktf/provider-helm"],
    app: "examples/local-kind/main.ts",
    expectStacks: (stacks, outdir) => {
      /* eslint-disable jest/no-standalone-expect -- a helper's expects: eslint-plugin-jest 29 loses track of this arrow once a nested one closes (see eslint.config.mjs) */
      const operators = stacks["local-kubernetes-operators"];
      expect(Object.values(operators.resource?.helm_release ?? {}).map((r) => r.name).sort()).toEqual(["blackbox-exporter", "cnpg", "elastic-operator", "kube-prometheus-stack", "strimzi"]);
      const stack = stacks["local-kubernetes-platform"];
      expect(Object.values(stack.resource?.kubernetes_namespace_v1 ?? {}).map((n) => (n.metadata as { name: string }).name).sort()).toEqual(["invoicing", "invoicing-data", "logging"]);
      // The log pipeline's collector, and the generated chart: a helm_release installing it from the stack's assets, and its files there.
      const releases = Object.values(stack.resource?.helm_release ?? {});
      expect(releases.map((r) => r.name).sort()).toEqual(["fluent-bit", "vigil-invoicing"]);
      const release = releases.find((r) => r.name === "vigil-invoicing")!;
      expect(release).toMatchObject({ name: "vigil-invoicing", namespace: "vigil-system", chart: expect.stringMatching(/^\.\/assets\/.+\/vigil-invoicing$/) });
      const chartDir = join(outdir, "stacks", "local-kubernetes-platform", release.chart as string);
      expect(readFileSync(join(chartDir, "Chart.yaml"), "utf8")).toMatch(/^name: vigil-invoicing$/m);
      expect(readFileSync(join(chartDir, "templates/resources.yaml"), "utf8")).toContain('.Files.Glob "manifests/*.yaml"');
      expect(readdirSync(join(chartDir, "manifests"))).toEqual(
        expect.arrayContaining(["invoicing-data-cluster-invoicing-postgres.yaml", "invoicing-data-kafka-invoicing-kafka.yaml", "invoicing-data-prometheusrule-invoicing-postgres-alerts.yaml"]),
      );
      expect(Object.keys(stack.provider ?? {}).sort()).toEqual(["helm", "kubernetes"]);
      /* eslint-enable jest/no-standalone-expect */
    },
    missing: { target: "aws", package: "@cdktf/provider-aws" },
  },
];

function exportsOf(): Record<string, string | { types: string; default: string }> {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, string | { types: string; default: string }> }).exports;
}

(ENABLED ? describe : describe.skip)("the packed library in a consumer project", () => {
  let packed: PackedLibrary;

  beforeAll(() => {
    packed = packLibrary();
  });
  afterAll(() => rmSync(dirname(packed.tarball), { recursive: true, force: true }));

  test("the tarball holds dist/ (JavaScript and types), the docs, the examples and the reference app, README and LICENSE, and nothing else", () => {
    const outside = packed.files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !/^(docs\/.+\.md|examples\/.+|stacks\/[^/]+\.(ts|json))$/.test(f));
    expect(outside).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(packed.files).toEqual(expect.arrayContaining(["docs/testing.md", "examples/aws-minimal/main.ts", "stacks/main.ts"]));
    const exported = Object.values(exportsOf()).flatMap((target) => (typeof target === "string" ? [target] : [target.types, target.default]));
    expect(exported.length).toBeGreaterThan(10);
    expect(exported.map((path) => path.slice(2)).filter((path) => !packed.files.includes(path))).toEqual([]);
  });

  describe.each(CASES)("the $target-only consumer", (c) => {
    let consumer: Consumer;

    beforeAll(() => {
      consumer = new Consumer(packed.tarball, c.providers);
    });
    afterAll(() => consumer?.remove());

    test(`type-checks with the cdktf template's tsconfig and synthesizes ${c.app}`, () => {
      c.expectStacks(consumer.synth(c.app), join(consumer.dir, "cdktf.out"));
    });

    test("the installed vigil bin reports on what the consumer synthesized", () => {
      const report = consumer.node(`process.stdout.write(require("child_process").execFileSync("node_modules/.bin/vigil", ["report", "cdktf.out", "--stdout"], { encoding: "utf8" }))`);
      expect(report.status).toBe(0);
      expect(report.output).toMatch(/^# Vigil review report\n/);
      expect(report.output).toMatch(/## Stack `/);
    });

    test("holds no provider package but its own, and the core loads none of them", () => {
      const installed = consumer.node(`console.log(JSON.stringify(require("fs").readdirSync("node_modules/@cdktf").sort()))`);
      expect(JSON.parse(installed.output)).toEqual(c.providers.map((p) => p.replace("@cdktf/", "")).sort());
      const loaded = consumer.node(`require("cdktf-vigil"); console.log(Object.keys(require.cache).filter((k) => k.includes("@cdktf/provider-")).length)`);
      expect(loaded).toEqual({ status: 0, output: "0\n" });
    });

    test(`importing cdktf-vigil/${c.missing.target} fails with the package to install`, () => {
      const missing = consumer.node(`require("cdktf-vigil/${c.missing.target}")`);
      expect(missing.status).not.toBe(0);
      expect(missing.output).toContain(`cdktf-vigil/${c.missing.target} needs the optional peer dependency ${c.missing.package}, which is not installed. Run: npm install ${c.missing.package}`);
    });
  });
});
