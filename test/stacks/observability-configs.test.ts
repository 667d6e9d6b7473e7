// Every Prometheus rule file and Alertmanager configuration the reference
// deployment emits, wherever it lands (an AMP rule namespace, an AMP
// Alertmanager definition, a PrometheusRule in the generated chart, the
// kube-prometheus-stack values), checked with the real tools.
import { stringify } from "yaml";
import { sharedSynth } from "../shared-synth";
import { checkConfigWithAmtool, checkRulesWithPromtool, findObservabilityConfigs } from "../../lib/testing";

describe("reference deployment: rule files and Alertmanager configurations", () => {
  const outdir = sharedSynth("reference");
  const found = findObservabilityConfigs(outdir);
  const stackOf = (c: { source: string }) => c.source.split("/")[1];
  const where = (c: { source: string }) => `${stackOf(c)}: ${c.source.replace(/^.*manifests\//, "").replace(/^stacks\/[^/]+\/cdk\.tf\.json\.resource\./, "")}`;

  test("are found where each target puts them", () => {
    expect(found.ruleFiles.map(where).sort()).toEqual([
      "dev-aws-infra: aws_prometheus_rule_group_namespace.platform_prometheus_rules-checkout_1D647904.data (YAML)",
      "dev-azure-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "dev-gcp-platform: checkout-data-prometheusrule-checkout-cassandra-alerts.yaml#0.spec",
      "dev-gcp-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "dev-gcp-platform: cluster-clusterrules-checkout-slo-recording.yaml#0.spec",
      "local-kubernetes-platform: checkout-data-prometheusrule-checkout-cassandra-alerts.yaml#0.spec",
      "local-kubernetes-platform: checkout-data-prometheusrule-checkout-kafka-alerts.yaml#0.spec",
      "local-kubernetes-platform: checkout-data-prometheusrule-checkout-postgres-alerts.yaml#0.spec",
      "local-kubernetes-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "local-kubernetes-platform: checkout-prometheusrule-checkout-api-slos.yaml#0.spec",
      "local-kubernetes-platform: vigil-system-prometheusrule-checkout-cluster-alerts.yaml#0.spec",
      "local-kubernetes-platform: vigil-system-prometheusrule-checkout-edge-alerts.yaml#0.spec",
      "local-kubernetes-platform: vigil-system-prometheusrule-checkout-log-pipeline-alerts.yaml#0.spec",
      "local-kubernetes-platform: vigil-system-prometheusrule-checkout-logs-alerts.yaml#0.spec",
      "local-kubernetes-platform: vigil-system-prometheusrule-checkout-slos.yaml#0.spec",
      "prod-aws-infra: aws_prometheus_rule_group_namespace.platform_prometheus_rules-checkout_1D647904.data (YAML)",
      "prod-azure-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "prod-gcp-platform: checkout-data-prometheusrule-checkout-cassandra-alerts.yaml#0.spec",
      "prod-gcp-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "prod-gcp-platform: cluster-clusterrules-checkout-slo-recording.yaml#0.spec",
      "staging-aws-infra: aws_prometheus_rule_group_namespace.platform_prometheus_rules-checkout_1D647904.data (YAML)",
      "staging-azure-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "staging-gcp-platform: checkout-data-prometheusrule-checkout-cassandra-alerts.yaml#0.spec",
      "staging-gcp-platform: checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "staging-gcp-platform: cluster-clusterrules-checkout-slo-recording.yaml#0.spec",
    ]);
    expect(found.alertmanagerConfigs.map(stackOf).sort()).toEqual(["dev-aws-infra", "dev-azure-platform", "dev-gcp-platform", "local-kubernetes-operators", "prod-aws-infra", "prod-azure-platform", "prod-gcp-platform", "staging-aws-infra", "staging-azure-platform", "staging-gcp-platform"]);
  });

  test("every rule file passes promtool check rules and carries the SLO alerts", () => {
    for (const file of found.ruleFiles) {
      const result = checkRulesWithPromtool(stringify(file.document));
      expect(result).toMatchObject({ skipped: false, output: expect.stringMatching(/SUCCESS: \d+ rules found/) });
    }
    const sloFiles = found.ruleFiles.filter((f) => JSON.stringify(f.document).includes("SloErrorBudgetBurn"));
    expect(sloFiles.map(stackOf).sort()).toEqual(["dev-aws-infra", "local-kubernetes-platform", "local-kubernetes-platform", "prod-aws-infra", "staging-aws-infra"]);
  });

  test("every Alertmanager configuration passes amtool check-config", () => {
    for (const config of found.alertmanagerConfigs) {
      const result = checkConfigWithAmtool(stringify(config.document));
      expect(result).toMatchObject({ skipped: false, output: expect.stringContaining("SUCCESS") });
    }
  });
});
