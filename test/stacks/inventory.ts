// A stack as a reviewer reads it in a pull request: every Terraform address (with the lifecycle
// guards that protect data), every object of the chart it generates, and its alert table. Written
// to test/stacks/inventories/<stack>.txt and compared on every run, in place of a whole-stack
// snapshot: a diff of it says what was added, removed or re-routed, and nothing else.
import type { AlertRecord, VigilManifestDocument } from "../../lib/core/manifest";
import type { SynthesizedStack } from "../../lib/testing";

type Body = Record<string, unknown>;

/** One line per resource (`address`, `prevent_destroy` when set), sorted. */
function resourceLines(synth: SynthesizedStack): string[] {
  const resources = (synth.resource ?? {}) as Record<string, Record<string, Body>>;
  return Object.entries(resources)
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => `${type}.${name}${(body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy ? "  prevent_destroy" : ""}`),
    )
    .sort();
}

/** One line per chart object: `Kind namespace/name`, sorted. */
function chartLines(chart: readonly Body[]): string[] {
  return chart
    .map((m) => {
      const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
      return `${String(m.kind)} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "?"}`;
    })
    .sort();
}

/** One line per alert: component/id, resource, severity (as delivered), threshold, mechanism, routes. */
function alertLines(alerts: readonly AlertRecord[]): string[] {
  return alerts
    .map((a) => `${a.component}/${a.id}  ${a.resource}  ${a.severity}${a.deliveredAs === a.severity ? "" : `→${a.deliveredAs}`}  ${a.threshold}  ${a.mechanism}  → ${a.routes.join(",") || "none"}`)
    .sort();
}

/** The inventory of one synthesized stack and the chart it generates. */
export function stackInventory(id: string, synth: SynthesizedStack, chart: readonly Body[]): string {
  const manifest = (synth["//"] as { vigil?: VigilManifestDocument } | undefined)?.vigil;
  const resources = resourceLines(synth);
  const objects = chartLines(chart);
  const alerts = alertLines(manifest?.alerts ?? []);
  return [
    `# ${id}: ${resources.length} resources, ${objects.length} chart objects, ${alerts.length} alerts`,
    "",
    "## Resources",
    ...resources,
    ...(objects.length ? ["", "## Chart objects", ...objects] : []),
    "",
    "## Alerts",
    ...alerts,
    "",
  ].join("\n");
}
