// Which Terraform resources hold data that a destroy would lose, and what
// guards each: the one table behind the data-protection policy pack and the
// review commands (`vigil diff`, `vigil addresses`). Plain data and
// functions, no cdktf: the `vigil` bin loads this file.
import type { ComponentRecord } from "./manifest";
import { DATA_NAMESPACE_LABEL, STATEFUL_KINDS, STATEFUL_TYPES, StatefulType } from "./stateful-types";

export * from "./stateful-types";

/** Whether a Kubernetes object (`apiVersion`, `kind`) is one of {@link STATEFUL_KINDS}. */
export function isStatefulKind(apiVersion: unknown, kind: unknown): boolean {
  return STATEFUL_KINDS.includes(`${String(apiVersion ?? "").split("/")[0]}/${String(kind)}`);
}

/** A resource as both readers see it: the policy packs (resolved attributes) and the bin (`cdk.tf.json` body). */
export interface StatefulCandidate {
  /** Terraform resource type. */
  readonly type: string;
  /** Construct path (empty when unknown). */
  readonly path: string;
  /** Arguments as synthesized, `lifecycle` included. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** `lifecycle.prevent_destroy` is on. */
export function keptFromDestroy(attributes: Readonly<Record<string, unknown>>): boolean {
  const p = record(attributes.lifecycle)?.prevent_destroy;
  return p === true || p === "true";
}

/** Whether the chart of a `helm_release` at `releasePath` (its parent construct, as `ResourceChart` builds it) holds `component`. */
export function releaseDeploys(releasePath: string, component: ComponentRecord): boolean {
  const segments = releasePath.split("/");
  // A release directly under a stack has no chart construct and deploys none of the recorded components.
  if (segments.length < 3) return false;
  return component.path.startsWith(`${segments.slice(0, -1).join("/")}/`);
}

/** The stateful component a `helm_release` deploys: one the manifest records below the release's chart, or undefined. */
function componentDeployedBy(releasePath: string, components: readonly ComponentRecord[]): ComponentRecord | undefined {
  return components.find((c) => c.stateful && releaseDeploys(releasePath, c));
}

/** Why a resource of a conditionally stateful type holds data in this use, or undefined when it holds none. */
function conditionMet(resource: StatefulCandidate, spec: StatefulType, components: readonly ComponentRecord[]): string | undefined {
  switch (spec.when) {
    case undefined:
      return `${resource.type} holds data: ${spec.holds}`;
    case "kept":
      return keptFromDestroy(resource.attributes) ? spec.holds : undefined;
    case "data-kind": {
      const m = record(resource.attributes.manifest);
      return m && isStatefulKind(m.apiVersion, m.kind) ? `it deploys ${String(m.kind)} ${JSON.stringify(record(m.metadata)?.name ?? "")}, an operator's data custom resource` : undefined;
    }
    case "stateful-chart": {
      const component = componentDeployedBy(resource.path, components);
      return component ? `it deploys the stateful ${component.component} component (${component.path})` : undefined;
    }
    case "data-namespace": {
      const metadata = record(resource.attributes.metadata);
      const labelled = record(metadata?.labels)?.[DATA_NAMESPACE_LABEL.key] === DATA_NAMESPACE_LABEL.value;
      return labelled ? `namespace ${JSON.stringify(metadata?.name ?? "")} is labelled ${DATA_NAMESPACE_LABEL.key}=${DATA_NAMESPACE_LABEL.value}: its destroy deletes the data custom resources and volume claims in it` : undefined;
    }
  }
}

/** The table entry of a resource that holds data, with why (for messages), or undefined. `table` is for tests. */
export function statefulEntry(
  resource: StatefulCandidate,
  components: readonly ComponentRecord[],
  table: Readonly<Record<string, StatefulType>> = STATEFUL_TYPES,
): { readonly spec: StatefulType; readonly reason: string } | undefined {
  const spec = table[resource.type];
  const reason = spec && conditionMet(resource, spec, components);
  return spec && reason ? { spec, reason } : undefined;
}

/** Why `resource` holds data, or undefined when it holds none. */
export function statefulReason(resource: StatefulCandidate, components: readonly ComponentRecord[]): string | undefined {
  return statefulEntry(resource, components)?.reason;
}
