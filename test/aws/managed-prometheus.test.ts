import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { sharedSynth } from "../shared-synth";
import { deriveProfile, PrometheusRuleGroup } from "../../lib";
import { defaultSlos, Slo } from "../../lib/observability/slo";
import { checkConfigWithAmtool, checkRulesWithPromtool, findObservabilityConfigs, onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { eksScrapeConfiguration, renderScrapeConfiguration } from "../../lib/aws/private/scrape-config";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { allStatements } from "./policy-statements";
import { messageAt, targetStack, targetSynth } from "../harness";
import { describeWithTool } from "../tools";

type ScrapeJob = { job_name: string; kubernetes_sd_configs: Array<{ role: string }>; metrics_path?: string; authorization?: { type: string; credentials_file: string } };

const workspaceRef = (synth: SynthesizedStack) => `\${aws_prometheus_workspace.${Object.keys(synth.resource!.aws_prometheus_workspace)[0]}`;

describe("AWS Managed Prometheus", () => {
  test.each([
    ["dev", 7],
    ["staging", 30],
    ["prod", 90],
  ] as const)("%s: the workspace logs to a KMS-encrypted log group kept %d days", (env, days) => {
    const synth = targetSynth("aws", env);
    const workspace = onlyResource(synth, "aws_prometheus_workspace");
    expect(workspace.alias).toBe(`checkout-${env}`);
    const logGroupArn = String((workspace.logging_configuration as Record<string, unknown>).log_group_arn);
    const [, logGroupName] = /^\$\{aws_cloudwatch_log_group\.([^.]+)\.arn\}:\*$/.exec(logGroupArn)!;
    const group = synth.resource!.aws_cloudwatch_log_group[logGroupName];
    expect(group).toMatchObject({ name: `/aws/vendedlogs/prometheus/checkout-${env}`, retention_in_days: days });
    expect(String(group.kms_key_id)).toMatch(/^\$\{aws_kms_key\.platform_logs-key_[^.]+\.arn\}$/);
  });

  test.each(ENVIRONMENTS)("%s: a managed scraper collects the EKS cluster into the workspace from the private subnets", (env) => {
    const synth = targetSynth("aws", env);
    const scraper = onlyResource(synth, "aws_prometheus_scraper");
    const cluster = Object.keys(synth.resource!.aws_eks_cluster)[0];
    const [eks] = (scraper.source as Array<{ eks: Array<Record<string, unknown>> }>)[0].eks;
    expect(eks.cluster_arn).toBe(`\${aws_eks_cluster.${cluster}.arn}`);
    expect(eks.security_group_ids).toEqual([`\${aws_eks_cluster.${cluster}.vpc_config[0].cluster_security_group_id}`]);
    expect(eks.subnet_ids).toEqual(onlyResource(synth, "aws_eks_cluster").vpc_config && (onlyResource(synth, "aws_eks_cluster").vpc_config as Record<string, unknown>).subnet_ids);
    expect((eks.subnet_ids as string[]).length).toBeGreaterThanOrEqual(2);
    expect(scraper.destination).toEqual([{ amp: [{ workspace_arn: `${workspaceRef(synth)}.arn}` }] }]);
    expect(scraper.alias).toBe(`checkout-${env}-eks`);
    // The scraper has no tags_all, so it carries the standard tags itself.
    expect(scraper.tags).toMatchObject({ service: "checkout", environment: env, owner: "team-checkout", "managed-by": "vigil" });
  });

  test("the cluster authenticates through access entries, which AMP needs to create the scraper's access itself", () => {
    expect((onlyResource(targetSynth("aws"), "aws_eks_cluster").access_config as Record<string, unknown>).authentication_mode).toBe("API");
  });

  describe("scrape configuration", () => {
    const config = parse(String(onlyResource(targetSynth("aws"), "aws_prometheus_scraper").scrape_configuration)) as { global: Record<string, unknown>; scrape_configs: ScrapeJob[] };
    const jobs = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j]));

    test("scrapes the control plane, kubelets, cAdvisor, kube-proxy and annotated pods with Kubernetes discovery, every 30 s", () => {
      expect(config.global).toEqual({ scrape_interval: "30s", external_labels: { cluster: "checkout-prod" } });
      expect(Object.keys(jobs).sort()).toEqual(["kube-controller-manager", "kube-proxy", "kube-scheduler", "kubernetes-apiservers", "kubernetes-cadvisor", "kubernetes-nodes", "kubernetes-pods"]);
      expect(jobs["kubernetes-apiservers"].kubernetes_sd_configs).toEqual([{ role: "endpoints" }]);
      expect(jobs["kubernetes-cadvisor"].kubernetes_sd_configs).toEqual([{ role: "node" }]);
      expect(jobs["kubernetes-pods"].kubernetes_sd_configs).toEqual([{ role: "pod" }]);
      expect(jobs["kube-scheduler"].metrics_path).toBe("/apis/metrics.eks.amazonaws.com/v1/ksh/container/metrics");
      expect(jobs["kube-controller-manager"].metrics_path).toBe("/apis/metrics.eks.amazonaws.com/v1/kcm/container/metrics");
    });

    test("authenticates only with the service-account token file, the one AMP accepts, and uses no YAML aliases", () => {
      for (const job of Object.values(jobs).filter((j) => j.authorization)) {
        expect(job.authorization).toEqual({ type: "Bearer", credentials_file: "/var/run/secrets/kubernetes.io/serviceaccount/token" });
      }
      expect(String(onlyResource(targetSynth("aws"), "aws_prometheus_scraper").scrape_configuration)).not.toMatch(/[&*]a\d/);
    });

    test("pods opt in with the prometheus.io/scrape annotation", () => {
      const pods = config.scrape_configs.find((j) => j.job_name === "kubernetes-pods") as unknown as { relabel_configs: Array<Record<string, unknown>> };
      expect(pods.relabel_configs[0]).toEqual({ source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], regex: "true", action: "keep" });
    });

    test("is a configuration Prometheus accepts: relabelling, regexes, authorization (promtool check config)", () => {
      // Debian's promtool is built without Kubernetes discovery, so discovery is swapped for a
      // static target; everything else is checked as the scraper gets it. promtool opens
      // credential files: the token points at a real file for the check.
      const dir = mkdtempSync(join(tmpdir(), "vigil-scrape-"));
      writeFileSync(join(dir, "token"), "test");
      const checked = eksScrapeConfiguration("checkout-prod") as { scrape_configs: Array<Record<string, unknown>> };
      for (const job of checked.scrape_configs) {
        expect(job.kubernetes_sd_configs).toBeDefined();
        delete job.kubernetes_sd_configs;
        job.static_configs = [{ targets: ["127.0.0.1:9090"] }];
      }
      const yaml = renderScrapeConfiguration(checked).split("/var/run/secrets/kubernetes.io/serviceaccount/token").join(join(dir, "token"));
      writeFileSync(join(dir, "prometheus.yml"), yaml);
      let output: string;
      try {
        output = execFileSync("promtool", ["check", "config", join(dir, "prometheus.yml")], { encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
        if (err.code === "ENOENT" && process.env.CI !== "true") return console.warn("promtool not installed; skipped");
        throw new Error(`promtool check config failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
      }
      expect(output).toMatch(/SUCCESS/);
    });
  });

  test("a scrape interval under AMP's 30 s minimum fails synth", () => {
    expect(validationMessages(targetStack("aws", { platform: { metrics: { scrapeIntervalSeconds: 10 } } }).stack)).toContainEqual(
      messageAt("test/platform/prometheus", "`metrics.scrapeIntervalSeconds` is 10", "whole seconds >= 30"),
    );
    const slower = synthStack(targetStack("aws", { platform: { metrics: { scrapeIntervalSeconds: 60 } } }).stack);
    expect(parse(String(onlyResource(slower, "aws_prometheus_scraper").scrape_configuration)).global.scrape_interval).toBe("60s");
  });

  test("a single-zone profile fails synth: the scraper needs subnets in two zones", () => {
    const stack = targetStack("aws", { platform: { environment: deriveProfile("dev", { name: "tiny", zones: 1 }) } }).stack;
    expect(validationMessages(stack)).toContainEqual(messageAt("test/platform/prometheus", "the tiny profile has `zones` 1", "at least two Availability Zones", "derive the profile with zones >= 2"));
  });

  test("every alert topic, and the key encrypting them, let AMP workspaces of this account publish", () => {
    const synth = targetSynth("aws");
    const statements = allStatements(synth);
    const amp = statements.filter((s) => s.sid === "ManagedPrometheusPublish");
    const topicStatements = amp.filter((s) => s.actions.includes("sns:Publish"));
    expect(topicStatements).toHaveLength(resourceBodies(synth, "aws_sns_topic").length);
    const keyStatement = amp.find((s) => s.actions.includes("kms:GenerateDataKey*"))!;
    for (const s of [...topicStatements, keyStatement]) {
      expect(s.principals).toEqual([{ type: "Service", identifiers: ["aps.amazonaws.com"] }]);
      expect(s.condition!.find((c) => c.variable === "aws:SourceAccount")!.values).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\./)]);
      expect(s.condition!.find((c) => c.variable === "aws:SourceArn")!.values[0]).toMatch(/:aps:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:workspace\/\*$/);
    }
    expect(topicStatements[0].actions).toEqual(["sns:Publish", "sns:GetTopicAttributes"]);
  });

  describe("Alertmanager definition", () => {
    const definitionOf = (env: EnvironmentTier) => String(onlyResource(targetSynth("aws", env), "aws_prometheus_alert_manager_definition").definition);
    const configOf = (env: EnvironmentTier) => parse(parse(definitionOf(env)).alertmanager_config) as {
      route: { receiver: string; routes: Array<{ receiver: string; matchers: string[] }> };
      receivers: Array<{ name: string; sns_configs: Array<Record<string, unknown>> }>;
    };
    const topicArns = (env: EnvironmentTier) =>
      Object.fromEntries(Object.entries(targetSynth("aws", env).resource!.aws_sns_topic).map(([n, t]) => [String(t.name).split("-alerts-")[1], `\${aws_sns_topic.${n}.arn}`]));

    test("is AMP's format: alertmanager.yml text as a YAML block under alertmanager_config", () => {
      expect(definitionOf("prod")).toMatch(/^alertmanager_config: \|\n {2}global:\n/);
      const definition = onlyResource(targetSynth("aws"), "aws_prometheus_alert_manager_definition");
      expect(definition.workspace_id).toBe(`${workspaceRef(targetSynth("aws"))}.id}`);
    });

    test.each([
      ["dev", { page: "ticket", ticket: "ticket", info: "info" }],
      ["prod", { page: "page", ticket: "ticket", info: "info" }],
    ] as const)("%s: routes each severity to the SNS topic it is delivered to, signed for the workspace's Region", (env, deliveredAs) => {
      const config = configOf(env);
      const routeOf = Object.fromEntries(config.route.routes.map((r) => [r.matchers[0], r.receiver]));
      expect(routeOf).toEqual({ 'severity="page"': deliveredAs.page, 'severity="ticket"': deliveredAs.ticket, 'severity="info"': deliveredAs.info });
      const topics = topicArns(env);
      expect(config.receivers.map((r) => r.name).sort()).toEqual(Object.keys(topics).sort());
      for (const receiver of config.receivers) {
        expect(Object.keys(receiver).sort()).toEqual(["name", "sns_configs"]);
        expect(receiver.sns_configs).toEqual([expect.objectContaining({ topic_arn: topics[receiver.name], sigv4: { region: "eu-west-1" } })]);
      }
    });

    test("the reference deployment's definitions are found in cdktf.out by the config scanner, one per environment, and pass amtool", () => {
      const outdir = sharedSynth("reference");
      const configs = findObservabilityConfigs(outdir).alertmanagerConfigs.filter((c) => c.source.includes("aws_prometheus_alert_manager_definition"));
      expect(configs.map((c) => c.source.split("/")[1]).sort()).toEqual(["dev-aws-infra", "prod-aws-infra", "staging-aws-infra"]);
    });

    describeWithTool("amtool")("with amtool", () => {
      test.each(ENVIRONMENTS)("%s: passes amtool check-config, as found in cdktf.out and as synthesized", (env) => {
        const found = findObservabilityConfigs(sharedSynth("reference")).alertmanagerConfigs.find((c) => c.source.includes("aws_prometheus_alert_manager_definition") && c.source.split("/")[1] === `${env}-aws-infra`)!;
        expect(checkConfigWithAmtool(stringify(found.document))).toMatchObject({ skipped: false, output: expect.stringMatching(/SUCCESS/) });
        expect(checkConfigWithAmtool(parse(definitionOf(env)).alertmanager_config)).toMatchObject({ skipped: false, output: expect.stringMatching(/SUCCESS/) });
      });
    });
  });

  describe("rule groups", () => {
    const sloGroups = (): PrometheusRuleGroup[] => defaultSlos("checkout").flatMap((p) => new Slo(p).ruleGroups("https://runbooks.example.com/vigil"));

    test("addRuleGroups deploys the groups, as promtool-valid rule-file YAML, in a namespace of the workspace", () => {
      const { stack, platform } = targetStack("aws", { platform: { grafana: false } });
      const groups = sloGroups();
      platform.prometheus.addRuleGroups("checkout-slos", groups);
      const synth = synthStack(stack);
      const namespace = onlyResource(synth, "aws_prometheus_rule_group_namespace");
      expect(namespace.name).toBe("checkout-slos");
      expect(namespace.workspace_id).toBe(`${workspaceRef(synth)}.id}`);
      const document = parse(String(namespace.data)) as { groups: Array<{ name: string; rules: unknown[] }> };
      expect(document.groups.map((g) => g.name)).toEqual(groups.map((g) => g.name));
      expect(document.groups.every((g) => g.rules.length > 0)).toBe(true);
      expect(platform.prometheus.ruleNamespaces).toEqual(["checkout-slos"]);
    });

    describeWithTool("promtool")("with promtool", () => {
      test("the deployed rule-file YAML passes promtool check rules", () => {
        const { stack, platform } = targetStack("aws", { platform: { grafana: false } });
        platform.prometheus.addRuleGroups("checkout-slos", sloGroups());
        const namespace = onlyResource(synthStack(stack), "aws_prometheus_rule_group_namespace");
        expect(checkRulesWithPromtool(String(namespace.data))).toMatchObject({ skipped: false, output: expect.stringMatching(/SUCCESS/) });
      });
    });

    test("rules that would not load fail synth, naming the namespace, group and rule", () => {
      const { stack, platform } = targetStack("aws", { platform: { grafana: false } });
      const broken: PrometheusRuleGroup = {
        name: "checkout-broken",
        rules: [{ alert: "CheckoutDown", expr: "sum(rate(http_requests_total[5m]) >", labels: { severity: "page", service: "checkout" }, annotations: { summary: "s", description: "d", runbook_url: "https://runbooks.example.com/x.md" } }],
      };
      platform.prometheus.addRuleGroups("checkout_bad", [broken]);
      platform.prometheus.addRuleGroups("checkout_bad", sloGroups());
      platform.prometheus.addRuleGroups("-bad-name", sloGroups());
      platform.prometheus.addRuleGroups("empty", []);
      const messages = validationMessages(stack);
      expect(messages.some((m) => m.startsWith('[test/platform/prometheus] rule groups namespace "checkout_bad": rule group "checkout-broken", alert "CheckoutDown"'))).toBe(true);
      expect(messages).toContainEqual(messageAt("test/platform/prometheus", 'rule groups namespace "checkout_bad" is added twice', "put all its groups in one addRuleGroups call"));
      expect(messages).toContainEqual(messageAt("test/platform/prometheus", 'rule groups namespace name "-bad-name"', "1-64 letters, digits"));
      expect(messages).toContainEqual(messageAt("test/platform/prometheus", 'rule groups namespace "empty" has no groups', "pass at least one"));
    });
  });
});
