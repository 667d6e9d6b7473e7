import { manifestOf } from "../../lib/core/manifest";
import { resourceBodies, resourcesOfType } from "../../lib/testing";
import { targetSynth } from "../harness";

describe("Vigil manifest in the synthesized stack", () => {
  const synth = targetSynth("aws", "prod", { service: true });
  const manifest = manifestOf(synth)!;

  test("is written under the top-level \"//\" key, which Terraform ignores", () => {
    expect(manifest).toBeDefined();
    expect(manifest.version).toBe(1);
    expect(Object.keys(synth).filter((k) => k !== "//" && k !== "resource" && k !== "data" && k !== "provider" && k !== "terraform" && k !== "locals" && k !== "output")).toEqual([]);
  });

  test("every CloudWatch alarm appears once as an alert, with its name, route and runbook", () => {
    const alarmNames = resourceBodies(synth, "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name as string).sort();
    const recorded = manifest.alerts.filter((a) => a.mechanism === "cloudwatch-alarm").map((a) => a.name).sort();
    expect(recorded).toEqual(alarmNames);
    for (const alert of manifest.alerts) {
      expect(alert.routes.length).toBeGreaterThan(0);
      expect(alert.runbookUrl).toMatch(/^https:\/\/.+\.md$/);
    }
  });

  test("every alerting rule in the AMP rule namespaces appears as an alert with its delivered severity", () => {
    const rules = resourcesOfType(synth, "aws_prometheus_rule_group_namespace").map(([, b]) => b.data as string).join("\n");
    const alertCount = (rules.match(/^\s+- alert: /gm) ?? []).length;
    expect(manifest.alerts.filter((a) => a.mechanism === "prometheus-rule")).toHaveLength(alertCount);
    expect(manifest.alerts.find((a) => a.id === "availability-burn-page")).toMatchObject({ severity: "page", deliveredAs: "page", component: "slo" });
  });

  test("dev records pages as delivered as tickets", () => {
    const dev = manifestOf(targetSynth("aws", "dev", { service: true }))!;
    const page = dev.alerts.find((a) => a.id === "availability-burn-page")!;
    expect(page).toMatchObject({ severity: "page", deliveredAs: "ticket" });
  });

  test("components carry their default alert ids, stateful flag and dashboard; SLOs are listed", () => {
    const byKind = Object.fromEntries(manifest.components.map((c) => [c.component, c]));
    expect(Object.keys(byKind).sort()).toEqual(["audit-trail", "cis-alarms", "cloudwatch-logs", "eks-cluster", "fluent-bit", "keyspaces", "msk", "opensearch", "rds-postgres"]);
    expect(byKind["rds-postgres"]).toMatchObject({ stateful: true, target: "aws" });
    expect(byKind["eks-cluster"].stateful).toBe(false);
    expect(byKind["rds-postgres"].defaultAlertIds.length).toBeGreaterThan(3);
    expect(byKind["rds-postgres"].dashboard).toBeTruthy();
    expect(manifest.slos.map((s) => `${s.service}/${s.name} ${s.objective} ${s.period}`).sort()).toEqual(["checkout/availability 99.9 30d", "checkout/latency 99 30d"]);
  });
});
