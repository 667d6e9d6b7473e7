// Shape snapshots, small on purpose: one canonical alert (postgres cpu-high,
// overridden to 75 %) as each target deploys it — the whole native resource, so
// a reviewer sees a change of shape (a new argument, another statistic, a
// different evaluation) in the pull request. What matters is asserted beside
// each snapshot: the user's 75 % converted by the target, the comparison (above),
// the routing. Regenerate with `VIGIL_UPDATE_SHAPES=1 npx jest test/conformance/shapes`.
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import type { AlertRecord } from "../../lib/core/manifest";
import { chartManifests, synthStack } from "../../lib/testing";
import { Target, TARGETS } from "../harness";
import { buildOnTarget, PortableProps } from "./targets";

const USER_PERCENT = 75;
const PROPS: PortableProps = { service: { postgres: { alerts: { "cpu-high": { threshold: USER_PERCENT } } } } };
const MAX_SHAPE_BYTES = 8 * 1024;

type Body = Record<string, unknown>;

/** Terraform references and generated ids vary with construct paths; the shape does not. */
function normalized(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\{[^}]+\}/g, "${ref}");
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !["//", "tags", "tags_all", "user_labels", "labels"].includes(key))
        .map(([key, v]) => [key, normalized(v)]),
    );
  }
  return value;
}

/** One build of the props on `target`: its stacks, synthesized once, and the PrometheusRules of its charts. */
function built(target: Target): { alerts: AlertRecord[]; resources: (type: string) => Body[]; rules: Body[] } {
  const stacks = buildOnTarget(target, PROPS);
  const synths = stacks.map((s) => synthStack(s));
  const manifests = synths.map((s) => (s["//"] as { vigil?: { alerts: AlertRecord[] } } | undefined)?.vigil);
  return {
    alerts: manifests.flatMap((m) => m?.alerts ?? []),
    resources: (type) => synths.flatMap((s) => Object.values(((s.resource as Record<string, Record<string, Body>> | undefined) ?? {})[type] ?? {})),
    rules: stacks
      .flatMap((s) => chartManifests(s))
      .flatMap((m) => ((m.spec as { groups?: Array<{ rules: Body[] }> } | undefined)?.groups ?? []).flatMap((g) => g.rules)),
  };
}

/** Where each mechanism's native alert is, and the attribute holding the alert's name. */
const NATIVE: Partial<Record<AlertRecord["mechanism"], { type: string; nameKey: string }>> = {
  "cloudwatch-alarm": { type: "aws_cloudwatch_metric_alarm", nameKey: "alarm_name" },
  "azure-metric-alert": { type: "azurerm_monitor_metric_alert", nameKey: "name" },
  "cloud-monitoring-policy": { type: "google_monitoring_alert_policy", nameKey: "display_name" },
};

/** The deployed resource (or PrometheusRule rule) of a manifest alert record, by its name. */
function nativeResource(build: ReturnType<typeof built>, alert: AlertRecord): Body | undefined {
  if (alert.mechanism === "prometheus-rule") return build.rules.find((r) => r.alert === alert.name);
  const native = NATIVE[alert.mechanism];
  return native ? build.resources(native.type).find((b) => b[native.nameKey] === alert.name) : undefined;
}

/** The threshold the target compares with, in its own unit. */
const nativeThreshold: Record<Target, (body: Body) => number> = {
  aws: (b) => b.threshold as number,
  azure: (b) => (b.criteria as Array<{ threshold: number }>)[0].threshold,
  gcp: (b) => {
    const condition = (b.conditions as Array<Record<string, { threshold_value?: number; query?: string }>>)[0];
    return condition.condition_threshold?.threshold_value ?? Number(/>\s*([\d.]+)\s*$/.exec(condition.condition_prometheus_query_language?.query ?? "")?.[1]);
  },
  kubernetes: (b) => Number(/>\s*([\d.]+)\s*$/.exec(String(b.expr))?.[1]),
};

/** How the target compares with the threshold: every target alerts above it. */
const nativeComparison: Record<Target, (body: Body) => string | undefined> = {
  aws: (b) => b.comparison_operator as string,
  azure: (b) => (b.criteria as Array<{ operator: string }>)[0].operator,
  gcp: (b) => (b.conditions as Array<{ condition_threshold?: { comparison: string } }>)[0].condition_threshold?.comparison,
  kubernetes: (b) => (/\)\s*(>)\s*[\d.]+\s*$/.exec(String(b.expr)) ?? [])[1],
};
const ABOVE: Record<Target, string> = { aws: "GreaterThanThreshold", azure: "GreaterThan", gcp: "COMPARISON_GT", kubernetes: ">" };

/** Where the target sends the alert: its notification targets, or the severity label Alertmanager routes on. */
const nativeRouting: Record<Target, (body: Body) => readonly (string | undefined)[]> = {
  aws: (b) => b.alarm_actions as string[],
  azure: (b) => (b.action as Array<{ action_group_id: string }>).map((a) => a.action_group_id),
  gcp: (b) => b.notification_channels as string[],
  kubernetes: (b) => [(b.labels as Record<string, string> | undefined)?.severity],
};
/** What each routing entry must be: a reference to a notification target, or the ticket severity. */
const ROUTE: Record<Target, RegExp> = { aws: /^\$\{.+\}$/, azure: /^\$\{.+\}$/, gcp: /^\$\{.+\}$/, kubernetes: /^ticket$/ };

/** The user's 75 % in each target's unit: Cloud Monitoring's CPU utilization is a fraction. */
const EXPECTED_NATIVE: Record<Target, number> = { aws: 75, azure: 75, gcp: 0.75, kubernetes: 75 };

describe("shape of postgres cpu-high at 75 % on each target (a snapshot for review, the conversion asserted)", () => {
  test.each(TARGETS)("%s", (target) => {
    const build = built(target);
    const alert = build.alerts.find((a) => a.canonical?.kind === "postgres" && a.canonical.id === "cpu-high")!;
    expect(alert).toMatchObject({ id: "cpu-high", severity: "ticket", canonical: { kind: "postgres", id: "cpu-high", threshold: USER_PERCENT } });
    const body = nativeResource(build, alert)!;
    expect(body).toBeDefined();
    expect(nativeThreshold[target](body)).toBeCloseTo(EXPECTED_NATIVE[target], 6);
    expect(nativeComparison[target](body)).toBe(ABOVE[target]);
    // Routed: notification targets (Terraform references), or the ticket severity in-cluster.
    const routes = nativeRouting[target](body);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((route) => !ROUTE[target].test(String(route)))).toEqual([]);

    const file = join(__dirname, "shapes", `${target}-postgres-cpu-high.json`);
    const actual = `${JSON.stringify(normalized(body), null, 2)}\n`;
    if (process.env.VIGIL_UPDATE_SHAPES === "1") writeFileSync(file, actual);
    expect(actual).toEqual(readFileSync(file, "utf8"));
    expect(Buffer.byteLength(actual)).toBeLessThan(MAX_SHAPE_BYTES);
  });
});
