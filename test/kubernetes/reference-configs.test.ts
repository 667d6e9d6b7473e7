import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { stringify } from "yaml";
import { checkConfigWithAmtool, checkRulesWithPromtool, findObservabilityConfigs } from "../../lib/testing";
import { buildReferenceApp } from "../../stacks/app";

describe("local reference stacks: every rule file and Alertmanager configuration in the synth output", () => {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-local-"));
  const app = new App({ outdir });
  buildReferenceApp(app);
  app.synth();
  const local = (c: { source: string }) => c.source.startsWith("stacks/local-kubernetes-");
  const found = findObservabilityConfigs(outdir);
  const rules = found.ruleFiles.filter(local);
  const alertmanager = found.alertmanagerConfigs.filter(local);

  test("the generated chart's PrometheusRules pass promtool check rules", () => {
    expect(rules.map((r) => r.source.replace(/^.*manifests\//, "")).sort()).toEqual([
      "checkout-data-prometheusrule-checkout-cassandra-alerts.yaml#0.spec",
      "checkout-data-prometheusrule-checkout-kafka-alerts.yaml#0.spec",
      "checkout-data-prometheusrule-checkout-postgres-alerts.yaml#0.spec",
      "checkout-data-prometheusrule-checkout-search-alerts.yaml#0.spec",
      "checkout-prometheusrule-checkout-api-slos.yaml#0.spec",
      "vigil-system-prometheusrule-checkout-slos.yaml#0.spec",
    ]);
    for (const r of rules) checkRulesWithPromtool(stringify(r.document));
  });

  test("the kube-prometheus-stack Alertmanager configuration passes amtool check-config", () => {
    expect(alertmanager).toHaveLength(1);
    expect(alertmanager[0].source).toContain("local-kubernetes-operators/cdk.tf.json.resource.helm_release.operators_kubePrometheusStack");
    checkConfigWithAmtool(stringify(alertmanager[0].document));
  });
});
