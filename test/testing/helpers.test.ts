import { PrometheusRuleGroupNamespace } from "@cdktf/provider-aws/lib/prometheus-rule-group-namespace";
import { VigilManifest } from "../../lib/core/manifest";
import {
  alertsWithId,
  checkStackWithPromtool,
  expectNoPolicyErrors,
  expectRouting,
  normalizeForSnapshot,
  policyFindings,
  resourcesAt,
  stackObservabilityConfigs,
  synthStack,
  toolInstalled,
} from "../../lib/testing";
import { targetStack, testService } from "../harness";

describe("cdktf-vigil/testing helpers", () => {
  const { stack, service } = targetStack("aws", { service: true });
  const synth = synthStack(stack);

  test("resourcesAt finds a component's resources by construct path, relative or absolute", () => {
    const postgres = resourcesAt(stack, `${service.node.id}/postgres`, synth);
    const instance = postgres.find((r) => r.type === "aws_db_instance")!;
    expect(instance.address).toBe(`aws_db_instance.${instance.name}`);
    expect(instance.body.storage_encrypted).toBe(true);
    expect(resourcesAt(stack, `${stack.node.id}/${service.node.id}/postgres`, synth).map((r) => r.address)).toEqual(postgres.map((r) => r.address));
    expect(postgres.every((r) => r.path.startsWith(`${stack.node.id}/checkout/postgres`))).toBe(true);
    expect(resourcesAt(stack, "checkout/nothing-here", synth)).toEqual([]);
  });

  test("alertsWithId and expectRouting read the stack's alerts and their routes", () => {
    expect(alertsWithId(synth, "availability-burn-page")).toHaveLength(1);
    expect(() => expectRouting(synth, "availability-burn-page", { deliveredAs: "page", reaches: ["pager", "mail"], notReaches: ["hook"] })).not.toThrow();
    expect(() => expectRouting(synth, "availability-burn-page", { reaches: ["hook"] })).toThrow(/alert "availability-burn-page" on checkout .* does not reach "hook"; it reaches pager, mail/);
    expect(() => expectRouting(synth, "no-such-alert", {})).toThrow(/no alert "no-such-alert"; the stack's alert ids: .*availability-burn-page/);
    const dev = synthStack(targetStack("aws", { environment: "dev", service: true }).stack);
    expect(() => expectRouting(dev, "availability-burn-page", { deliveredAs: "page" })).toThrow(/is delivered as ticket, expected page/);
  });

  test("policyFindings reads the recorded findings, suppressed ones apart", () => {
    const { stack: s } = targetStack("aws");
    const manifest = VigilManifest.of(s);
    manifest.addFinding({ rule: "test/warn", level: "warning", message: "a warning", resource: "test/x" });
    manifest.addFinding({ rule: "test/accepted", level: "error", message: "accepted", resource: "test/y", suppressedBecause: "known, ticket OPS-1" });
    const withWarnings = synthStack(s);
    expect(policyFindings(withWarnings, { suppressed: true }).map((f) => f.rule)).toEqual(["test/accepted"]);
    expect(policyFindings(withWarnings, { level: "warning" }).map((f) => f.rule)).toEqual(["test/warn"]);
  });

  test("expectNoPolicyErrors runs the packs itself: it fails on an unsuppressed error even when synthStack passed, and honours suppressions", () => {
    // The reference-shaped prod stack complies.
    expect(() => expectNoPolicyErrors(stack)).not.toThrow();
    // An unencrypted database: synthStack passes (no packs applied), the helper does not.
    const { stack: s, service: svc } = targetStack("aws", { service: true });
    const instance = resourcesAt(s, `${svc.node.id}/postgres`, synthStack(s)).find((r) => r.type === "aws_db_instance")!;
    const db = s.node.findAll().find((c) => c.node.path === instance.path) as unknown as { addOverride(path: string, value: unknown): void };
    db.addOverride("storage_encrypted", false);
    expect(() => synthStack(s)).not.toThrow();
    expect(() => expectNoPolicyErrors(s)).toThrow(new RegExp(`policy errors in ${s.node.id}:\\n  security/encryption-at-rest at ${instance.path}: ${instance.address.replace(/\./g, "\\.")}: storage_encrypted is false`));
    expect(() => expectNoPolicyErrors(s, { suppressions: [{ rule: "security/encryption-at-rest", resource: instance.address, reason: "synthetic test data only, recreated nightly" }] })).not.toThrow();
    expect(() => expectNoPolicyErrors(s, { packs: ["data-protection"] })).not.toThrow();
    expect(() => expectNoPolicyErrors(s, { packs: [] })).toThrow(/no rule would run/);
  });

  test("normalizeForSnapshot drops metadata and content hashes, and is stable between synths", () => {
    const { stack: withCanary } = targetStack("aws", { service: testService("aws", { endpoint: { url: "https://checkout.example.com/healthz" } }) });
    const raw = synthStack(withCanary);
    const normalized = normalizeForSnapshot(raw);
    const text = JSON.stringify(normalized);
    expect(JSON.stringify(raw)).toMatch(/assets\/[^/"]+\/[0-9A-F]{32}\//);
    expect(text).not.toMatch(/assets\/[^/"]+\/[0-9A-F]{32}\//);
    expect(text).toContain("/<hash>/");
    expect(text).not.toContain('"//"');
    expect(normalizeForSnapshot(synthStack(targetStack("aws", { service: testService("aws", { endpoint: { url: "https://checkout.example.com/healthz" } }) }).stack))).toEqual(normalized);
    // Meaningful values stay.
    expect(text).toContain("checkout-prod");
  });

  test("stackObservabilityConfigs finds the AMP rules and Alertmanager definition, and the in-cluster PrometheusRules", () => {
    const aws = stackObservabilityConfigs(stack, synth);
    expect(aws.ruleFiles.length).toBeGreaterThan(0);
    expect(aws.alertmanagerConfigs).toHaveLength(1);
    const { stack: k8s } = targetStack("kubernetes", { service: true });
    const inCluster = stackObservabilityConfigs(k8s);
    expect(inCluster.ruleFiles.map((f) => f.source).join("\n")).toMatch(/chart manifest checkout-kafka-alerts/);
  });

  (toolInstalled("promtool") ? describe : describe.skip)("with promtool", () => {
    test("checkStackWithPromtool passes the real rules and names the source of a broken one", () => {
      expect(checkStackWithPromtool(stack, synth).every((r) => !r.skipped)).toBe(true);
      const { stack: broken, platform } = targetStack("aws");
      new PrometheusRuleGroupNamespace(broken, "bad", { name: "bad", workspaceId: platform.prometheus.workspace.id, data: "groups:\n  - name: bad\n    rules:\n      - record: not a name\n        expr: up\n" });
      expect(() => checkStackWithPromtool(broken)).toThrow(/test.*resource.*aws_prometheus_rule_group_namespace.*bad/s);
    });
  });
});
