// The README's own examples hold on every target: its service props (alert overrides in the
// catalog's units included) synthesize unchanged on AWS, GCP, Azure and in-cluster, each override
// reaching the native alert or a declared absence, and its example of an out-of-range threshold is
// the message every target gives.
import { readFileSync } from "fs";
import { join } from "path";
import type { AlertOverride, MonitoredServiceProps } from "../../lib";
import { validationMessages } from "../../lib/testing";
import { TARGETS } from "../harness";
import { mergedManifest, PortableProps, synthOnTarget, buildOnTarget } from "./targets";

const README = readFileSync(join(__dirname, "../../README.md"), "utf8");

/** The object literal the README assigns to `const <name> = {...};`, evaluated (it is plain JavaScript). */
function readmeObject(name: string): unknown {
  const start = README.indexOf(`const ${name} = {`);
  expect(start).toBeGreaterThan(-1);
  const end = README.indexOf("\n};", start);
  return new Function(`return ${README.slice(start + `const ${name} = `.length, end + 2)};`)() as unknown;
}

const service = readmeObject("checkout") as Omit<MonitoredServiceProps, "platform">;
// The cluster override of the README's AwsPlatform example.
const clusterAlerts = new Function(`return ${/cluster: \{[^]*?alerts: (\{.*\}),\s*\/\/ percent 0-100/.exec(README)![1]};`)() as PortableProps["clusterAlerts"];

describe.each(TARGETS)("the README's service props on %s", (target) => {
  const synth = synthOnTarget(target, { service, clusterAlerts });
  const { alerts, components } = mergedManifest(synth);

  test("synthesize unchanged, and each override reaches its alert or a declared absence", () => {
    const overrides: Array<[string, string, AlertOverride]> = [
      ...Object.entries(clusterAlerts ?? {}).map(([id, o]) => ["cluster", id, o as AlertOverride] as [string, string, AlertOverride]),
      ...Object.entries(service).flatMap(([kind, props]) => Object.entries((props as { alerts?: Record<string, AlertOverride> }).alerts ?? {}).map(([id, o]) => [kind, id, o] as [string, string, AlertOverride])),
    ];
    expect(overrides.length).toBeGreaterThanOrEqual(5);
    for (const [kind, id, override] of overrides) {
      const recorded = alerts.filter((a) => a.canonical?.kind === kind && a.canonical.id === id).map((a) => a.canonical!.threshold);
      const absent = components.filter((c) => c.kind === kind).flatMap((c) => c.unavailableAlerts ?? []).filter((u) => u.id === id).length;
      // Deployed with the user's value (once per member, e.g. per broker), or declared unavailable: never silently dropped.
      expect({ kind, id, recorded: [...new Set(recorded)], absent }).toEqual({ kind, id, ...(absent ? { recorded: [], absent: 1 } : { recorded: [override.threshold], absent: 0 }) });
    }
  });

  test("its example of an out-of-range threshold is the message this target gives", () => {
    const example = /^\[prod-aws-infra\/checkout\/postgres\] (.*)$/m.exec(README)![1];
    const value = Number(/is (\S+);/.exec(example)![1]);
    const messages = buildOnTarget(target, { service: { postgres: { storageGiB: 100, alerts: { "cpu-high": { threshold: value } } } } }).flatMap((s) => validationMessages(s));
    expect(messages.map((m) => m.replace(/^\[[^\]]+\] /, ""))).toEqual([example]);
  });
});
