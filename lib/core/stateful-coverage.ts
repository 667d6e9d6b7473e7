// Fail closed: a component that records itself stateful must hold a resource
// of a type in STATEFUL_TYPES, or its data would get no prevent_destroy check,
// no replacement warning from `vigil diff` and no place in `vigil addresses`.
// Read from the synthesized output alone (resource types and construct paths,
// the manifest's component records), so the policy pack and the bin share it.
import type { ComponentRecord } from "./manifest";
import { releaseDeploys, StatefulCandidate, statefulEntry, StatefulType, STATEFUL_TYPES } from "./stateful";
import { STATELESS_TYPES } from "./stateless-types";

/** The two lists every type is classified by; parameters so that tests can take a type out. */
export interface TypeClassification {
  /** Types that hold data. @default STATEFUL_TYPES */
  readonly stateful: Readonly<Record<string, StatefulType>>;
  /** Types that hold none, with why. @default STATELESS_TYPES */
  readonly stateless: Readonly<Record<string, string>>;
}

const DEFAULT_CLASSIFICATION: TypeClassification = { stateful: STATEFUL_TYPES, stateless: STATELESS_TYPES };

/** A stateful component whose data the table does not cover. */
export interface CoverageProblem {
  /** The component record. */
  readonly component: ComponentRecord;
  /** Types that are in neither list (the likely missing ones). */
  readonly unclassified: readonly string[];
  /** What is wrong and what to do. */
  readonly message: string;
}

/**
 * The resources a component holds: those under its construct path, and the
 * `helm_release` whose chart holds it (an in-cluster component's objects live
 * in the chart, which that release installs).
 */
function resourcesOf<R extends StatefulCandidate>(component: ComponentRecord, resources: readonly R[]): R[] {
  return resources.filter((r) => r.path === component.path || r.path.startsWith(`${component.path}/`) || (r.type === "helm_release" && releaseDeploys(r.path, component)));
}

/** The resources that hold a stateful component's data: its resources whose type is in the stateful table (and whose condition holds). */
export function dataHoldersOf<R extends StatefulCandidate>(component: ComponentRecord, resources: readonly R[], components: readonly ComponentRecord[], classification: TypeClassification = DEFAULT_CLASSIFICATION): R[] {
  return resourcesOf(component, resources).filter((r) => statefulEntry(r, components, classification.stateful) !== undefined);
}

const sorted = (types: Iterable<string>) => [...new Set(types)].sort();

/**
 * Every stateful component of a stack whose data no table entry covers: no
 * resource it holds is of a stateful type (the type that holds its data is
 * missing from STATEFUL_TYPES), or it holds a type neither list classifies.
 */
export function statefulCoverageProblems(resources: readonly StatefulCandidate[], components: readonly ComponentRecord[], classification: TypeClassification = DEFAULT_CLASSIFICATION): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  for (const component of components.filter((c) => c.stateful)) {
    const held = resourcesOf(component, resources);
    const unclassified = sorted(held.map((r) => r.type).filter((t) => classification.stateful[t] === undefined && classification.stateless[t] === undefined));
    const name = `${component.component} component "${component.name}" (${component.path})`;
    const classify = "add a type that holds data to STATEFUL_TYPES (lib/core/stateful-types.ts) with its replacing arguments, and one that holds none to STATELESS_TYPES (lib/core/stateless-types.ts) with the reason";
    if (held.length === 0) {
      problems.push({ component, unclassified, message: `the ${name} records itself stateful, but no resource lies under its construct path and no Helm release's chart holds it; record it at the construct that holds its data` });
    } else if (dataHoldersOf(component, resources, components, classification).length === 0) {
      const candidates = unclassified.length > 0 ? unclassified : sorted(held.map((r) => r.type));
      problems.push({ component, unclassified, message: `the ${name} records itself stateful, but none of its resources is of a type in STATEFUL_TYPES, so nothing guards its data; the type that holds it is missing: one of ${candidates.join(", ")}. ${classify}` });
    } else if (unclassified.length > 0) {
      problems.push({ component, unclassified, message: `the ${name} holds ${unclassified.join(", ")}, which neither STATEFUL_TYPES nor STATELESS_TYPES lists; ${classify}` });
    }
  }
  return problems;
}
