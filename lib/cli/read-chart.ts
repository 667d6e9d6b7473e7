// The Kubernetes objects of a chart that Vigil generated into the synth
// output (`ResourceChart`: `assets/<id>/<name>/manifests/*.yaml`, installed
// by one `helm_release`). The release's arguments do not change when the
// chart's content does, so `vigil diff` compares these objects instead.
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";

/** One object of a generated chart. */
export interface ChartObject {
  /** `<kind>/<namespace>/<name>` (`<kind>/<name>` when cluster-scoped), e.g. `Cluster/shop-data/shop-postgres`. */
  readonly key: string;
  /** API group and version, e.g. `postgresql.cnpg.io/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Cluster`. */
  readonly kind: string;
  /** The whole object as the chart holds it. */
  readonly manifest: Readonly<Record<string, unknown>>;
}

/**
 * The objects of the chart a `helm_release` installs, when `chart` is a
 * folder of the synth output (`./assets/...`, relative to the stack's
 * folder) holding `manifests/*.yaml`; undefined for a chart from a
 * repository.
 */
export function readChartObjects(stackDir: string, chart: unknown): ChartObject[] | undefined {
  if (typeof chart !== "string" || !chart.startsWith("./")) return undefined;
  const folder = join(stackDir, chart, "manifests");
  if (!existsSync(folder)) return undefined;
  // Loaded only when a stack has such a chart: the bin starts without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (above); `typeof import` keeps it typed.
  const { parseAllDocuments } = require("yaml") as typeof import("yaml");
  const objects: ChartObject[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
      const m = doc.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
      if (!m || typeof m.kind !== "string" || typeof m.metadata?.name !== "string") continue;
      const namespace = typeof m.metadata.namespace === "string" ? `${m.metadata.namespace}/` : "";
      objects.push({ key: `${m.kind}/${namespace}${m.metadata.name}`, apiVersion: String(m.apiVersion ?? ""), kind: m.kind, manifest: m as Record<string, unknown> });
    }
  }
  return objects;
}
