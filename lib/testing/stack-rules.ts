import { TerraformStack } from "cdktf";
import { stringify } from "yaml";
import { FoundConfig, findObservabilityConfigsIn } from "./observability-configs";
import { chartManifests } from "./queries";
import { checkConfigWithAmtool, checkRulesWithPromtool, ToolCheckResult } from "./promtool";
import { synthStack, SynthesizedStack } from "./synth";

/**
 * Every Prometheus rule file and Alertmanager configuration a stack deploys:
 * in its Terraform JSON (AMP rule namespaces and Alertmanager definitions,
 * Helm values) and in the manifests of its generated Helm charts
 * (PrometheusRule objects).
 */
export function stackObservabilityConfigs(stack: TerraformStack, synth: SynthesizedStack = synthStack(stack)): { ruleFiles: FoundConfig[]; alertmanagerConfigs: FoundConfig[] } {
  const inJson = findObservabilityConfigsIn(synth, stack.node.id);
  const inCharts = chartManifests(stack).map((m, i) => findObservabilityConfigsIn((m as { spec?: unknown }).spec, `${stack.node.id} chart manifest ${String((m as { metadata?: { name?: string } }).metadata?.name ?? i)}`));
  return {
    ruleFiles: [...inJson.ruleFiles, ...inCharts.flatMap((c) => c.ruleFiles)],
    alertmanagerConfigs: [...inJson.alertmanagerConfigs, ...inCharts.flatMap((c) => c.alertmanagerConfigs)],
  };
}

/**
 * Runs `promtool check rules` on every rule file of a stack and
 * `amtool check-config` on every Alertmanager configuration. Throws with the
 * tool's output and the config's source on the first invalid one; returns
 * one result per config (skipped when the tool is missing outside CI).
 */
export function checkStackWithPromtool(stack: TerraformStack, synth?: SynthesizedStack): Array<ToolCheckResult & { readonly source: string }> {
  const { ruleFiles, alertmanagerConfigs } = stackObservabilityConfigs(stack, synth);
  const run = (c: FoundConfig, check: (yaml: string) => ToolCheckResult) => {
    try {
      return { ...check(stringify(c.document)), source: c.source };
    } catch (e) {
      throw new Error(`${c.source}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return [...ruleFiles.map((c) => run(c, checkRulesWithPromtool)), ...alertmanagerConfigs.map((c) => run(c, checkConfigWithAmtool))];
}
