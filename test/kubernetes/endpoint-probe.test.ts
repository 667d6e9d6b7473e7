import { stringify } from "yaml";
import type { ServiceEndpointProps } from "../../lib/core/components/service";
import { VigilManifest } from "../../lib/core/manifest";
import { isAlertingRule, renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { KubernetesPlatform } from "../../lib/kubernetes";
import { BLACKBOX_EXPORTER_ADDRESS } from "../../lib/kubernetes/versions";
import { checkRulesWithPromtool, testRulesWithPromtool, validationMessages } from "../../lib/testing";
import { messageAt, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";
import { describeWithTool, TOOL_PASSED } from "../tools";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function withEndpoint(environment: EnvironmentTier, url = "https://checkout.example.com/healthz", expectedStatus?: number, alerts?: ServiceEndpointProps["alerts"]) {
  return targetStack("kubernetes", { environment, service: { endpoint: { url, expectedStatus, alerts } } });
}
const manifests = (p: KubernetesPlatform, kind: string) => p.chart.manifestsOfKind(kind) as readonly Spec[];

describe("in-cluster synthetic check: a blackbox-exporter Probe of the service's public endpoint", () => {
  test.each([
    ["dev", "15m"],
    ["prod", "1m"],
  ] as const)("%s: probes the URL over TLS every %s through the blackbox exporter, labelled with the service", (env, interval) => {
    const { platform, service } = withEndpoint(env);
    const [probe] = manifests(platform, "Probe");
    expect(probe).toMatchObject({
      apiVersion: "monitoring.coreos.com/v1",
      metadata: { name: "checkout-endpoint", namespace: "vigil-system" },
      spec: {
        jobName: "checkout-endpoint",
        interval,
        module: "https_2xx",
        prober: { url: BLACKBOX_EXPORTER_ADDRESS },
        targets: { staticConfig: { static: ["https://checkout.example.com/healthz"], labels: { service: "checkout" } } },
      },
    });
    expect(service.observability.syntheticCheckName).toBe("checkout-endpoint");
  });

  const probeAlerts = (platform: KubernetesPlatform) =>
    manifests(platform, "PrometheusRule")
      .find((r) => r.metadata.name === "checkout-slos")!
      .spec.groups.flatMap((g: Spec) => g.rules)
      .filter((r: Spec) => r.labels?.component === "blackbox-probe");

  test("its canonical alert checks-failing pages below 90 % successful probes, with a runbook, and passes promtool", () => {
    const { platform } = withEndpoint("prod");
    expect(probeAlerts(platform)).toEqual([
      expect.objectContaining({
        alert: "BlackboxProbeChecksFailing",
        expr: '((100 * avg_over_time(probe_success{job="checkout-endpoint"}[15m])) unless ((count_over_time(probe_success{job="checkout-endpoint"}[15m]) - sum_over_time(probe_success{job="checkout-endpoint"}[15m])) < 2)) < 90',
        for: "5m",
        labels: { severity: "page", service: "checkout", component: "blackbox-probe", alert_id: "checks-failing" },
        annotations: expect.objectContaining({ runbook_url: expect.stringMatching(/\/blackbox-probe\/checks-failing\.md$/) }),
      }),
    ]);
    const rule = manifests(platform, "PrometheusRule").find((r) => r.metadata.name === "checkout-slos")!;
    checkRulesWithPromtool(renderRuleGroups(rule.spec.groups));
  });

  test("endpoint.alerts overrides it in the catalog's unit (percent of probes passing); the manifest records the component", () => {
    const { platform, stack } = withEndpoint("prod", undefined, undefined, { "checks-failing": { threshold: 95, severity: "ticket" } });
    expect(probeAlerts(platform)).toEqual([expect.objectContaining({ expr: expect.stringMatching(/\) < 95$/), labels: expect.objectContaining({ severity: "ticket" }) })]);
    const manifest = VigilManifest.of(stack).document();
    expect(manifest.components.find((c) => c.component === "blackbox-probe")).toMatchObject({ kind: "endpoint", name: "checkout-endpoint", target: "kubernetes", defaultAlertIds: ["checks-failing"], unavailableAlerts: [] });
    expect(manifest.alerts.find((a) => a.component === "blackbox-probe")).toMatchObject({ id: "checks-failing", canonical: { kind: "endpoint", threshold: 95, unit: "percent" }, dashboard: "checkout-service" });
    expect(probeAlerts(withEndpoint("prod", undefined, undefined, { "checks-failing": { enabled: false } }).platform)).toEqual([]);
  });

  test("a fraction for the percent, or an unknown id, fails synth naming the property", () => {
    expect(validationMessages(withEndpoint("prod", undefined, undefined, { "checks-failing": { threshold: 0.9 } }).stack)[0]).toMatch(
      /^\[platform\/checkout\/observability\] `endpoint\.alerts\.checks-failing\.threshold` is 0\.9; checks-failing takes a percent from 1 to 100 \(default 90 %\): .* — a percent is 0-100, not a fraction: for 90 % write 90$/,
    );
    expect(validationMessages(withEndpoint("prod", undefined, undefined, { "endpoint-failing": {} } as never).stack)[0]).toMatch(/`endpoint\.alerts\.endpoint-failing` is not one of the endpoint alerts/);
  });

  test("no endpoint, no probe", () => {
    const { platform, stack } = targetStack("kubernetes", { service: {} });
    expect(manifests(platform, "Probe")).toEqual([]);
    expect(validationMessages(stack)).toEqual([]);
  });

  test("a plain-HTTP URL or a non-2xx expected status fails synth with the fix", () => {
    expect(validationMessages(withEndpoint("prod", "http://checkout.example.com/healthz").stack)).toContainEqual(
      messageAt("platform/checkout", "`endpoint.url`", '"http://checkout.example.com/healthz"', "not an https URL", "over TLS"),
    );
    expect(validationMessages(withEndpoint("prod", undefined, 301).stack)).toContainEqual(
      messageAt("platform/checkout/observability", "`endpoint.expectedStatus` is 301", "passes on any 2xx answer", "probe a health URL that answers 2xx"),
    );
  });
});

describeWithTool("promtool")("the endpoint alert under promtool test rules (dev: a probe every 15 min, 45 min window, 3 probes)", () => {
  const { platform } = withEndpoint("dev");
  const groups = (manifests(platform, "PrometheusRule").find((r) => r.metadata.name === "checkout-slos")!.spec.groups as Spec[])
    .filter((g) => g.rules.some((r: Spec) => r.alert === "BlackboxProbeChecksFailing"))
    .map((g) => ({ ...g, rules: g.rules.map((r: Spec) => (isAlertingRule(r as never) ? { ...r, annotations: {} } : r)) }));
  const series = 'probe_success{job="checkout-endpoint",instance="https://checkout.example.com/healthz"}';
  const labels = { job: "checkout-endpoint", instance: "https://checkout.example.com/healthz", severity: "page", service: "checkout", component: "blackbox-probe", alert_id: "checks-failing" };
  const run = (probes: string, tests: Array<{ eval_time: string; exp_alerts: unknown[] }>) =>
    testRulesWithPromtool(
      renderRuleGroups(groups as never),
      stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests: [{ interval: "15m", input_series: [{ series, values: probes }], alert_rule_test: tests.map((t) => ({ ...t, alertname: "BlackboxProbeChecksFailing" })) }] }, { lineWidth: 0 }),
    );

  it("one failed probe of three (67 % success) does not page", () => {
    // The probe at 45 min fails; from then until it leaves the window at 90 min, 2 of 3 succeeded.
    expect(
      run("1 1 1 0 1 1 1 1", [
        { eval_time: "55m", exp_alerts: [] },
        { eval_time: "70m", exp_alerts: [] },
        { eval_time: "85m", exp_alerts: [] },
      ]),
    ).toMatchObject(TOOL_PASSED);
  });

  it("two failed probes page after 5 minutes, and resolve once one leaves the window", () => {
    // Probes at 45 and 60 min fail: from 60 min the window holds two failures.
    expect(
      run("1 1 1 0 0 1 1 1", [
        { eval_time: "62m", exp_alerts: [] },
        { eval_time: "70m", exp_alerts: [{ exp_labels: labels }] },
        { eval_time: "100m", exp_alerts: [] },
      ]),
    ).toMatchObject(TOOL_PASSED);
  });
});
