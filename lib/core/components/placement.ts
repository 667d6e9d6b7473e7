import type { Placement } from "./common";

/** The data component kinds a service asks its platform for. */
export type DataComponentKind = "kafka" | "cassandra" | "search" | "postgres";

/** Default placement per data component kind, set on a platform. */
export type PlacementDefaults = Readonly<Partial<Record<DataComponentKind, Placement>>>;

/**
 * What a platform can build for a kind: the managed service (with its name,
 * for messages) or nothing, and whether it can run the kind in its cluster.
 */
export interface PlacementSupport {
  /** The cloud's managed service for the kind, e.g. "Amazon MSK"; absent when the cloud has none Vigil builds. */
  readonly managed?: string;
  /** Why there is no managed service, for the message when one is asked for. @default - none */
  readonly noManagedReason?: string;
  /** The platform can run the kind in its cluster (it has an in-cluster stack). */
  readonly inCluster: boolean;
  /** Why it cannot, and which prop to set, for the message. @default - none */
  readonly noInClusterReason?: string;
}

/**
 * The placement a component gets: the one the user wrote, else the
 * platform's default, else the managed service where the cloud has one.
 * Returns it, or the one message saying why the platform cannot build it
 * and what to set instead.
 */
export function resolvePlacement(kind: DataComponentKind, asked: Placement | undefined, defaults: PlacementDefaults | undefined, support: PlacementSupport): { placement: Placement; problem?: string } {
  const from = asked !== undefined ? `\`${kind}.placement\`` : defaults?.[kind] !== undefined ? `the platform's \`placement.${kind}\`` : undefined;
  const placement = asked ?? defaults?.[kind] ?? (support.managed ? "managed" : "in-cluster");
  if (placement !== "managed" && placement !== "in-cluster") {
    return { placement, problem: `${from ?? `\`${kind}.placement\``} is ${JSON.stringify(placement)}; use "managed" or "in-cluster"` };
  }
  if (placement === "managed" && !support.managed) {
    return { placement, problem: `${from} is "managed", but this platform has no managed ${kind} (${support.noManagedReason ?? "the cloud has none Vigil builds"}); use "in-cluster" or leave placement out` };
  }
  if (placement === "in-cluster" && !support.inCluster) {
    const why = from ? `${from} is "in-cluster"` : `${kind} runs in the cluster on this platform (${support.noManagedReason ?? "no managed service"})`;
    return { placement, problem: `${why}, but ${support.noInClusterReason ?? "the platform has no in-cluster stack"}` };
  }
  return { placement };
}

/**
 * Builds a component where {@link resolvePlacement} put it. A platform's
 * `kafka()`, `search()`, ... call it; a placement the platform cannot build
 * throws the same message a service reports at synth (a service checks first
 * and never gets here; only a direct call can).
 */
export function buildPlaced<H>(resolved: { readonly placement: Placement; readonly problem?: string }, build: { readonly managed?: () => H; readonly inCluster?: () => H }): H {
  const builder = resolved.placement === "managed" ? build.managed : build.inCluster;
  if (resolved.problem !== undefined || !builder) throw new Error(resolved.problem ?? `no ${resolved.placement} builder`);
  return builder();
}
