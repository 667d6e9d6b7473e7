// Which resources of a synthesized stack hold data, and which argument changes
// replace them: both read from the one table of lib/core/stateful-types.ts.
import { replacingArgumentsOf, statefulReason as sharedStatefulReason } from "../core/stateful";
import { CoverageProblem, statefulCoverageProblems } from "../core/stateful-coverage";
import type { SynthResource, SynthStack } from "./read-synth";

/** A resource of the bin as the shared table's functions read it. */
function candidate(resource: SynthResource): { type: string; path: string; attributes: Readonly<Record<string, unknown>> } {
  return { type: resource.type, path: resource.path, attributes: resource.body };
}

/**
 * Why `resource` holds data, or undefined: the table of `lib/core/stateful-types.ts`
 * (shared with the data-protection policy pack), a Helm release matched to the
 * stateful components recorded under its chart.
 */
export function statefulReason(resource: SynthResource, stack: SynthStack): string | undefined {
  return sharedStatefulReason(candidate(resource), stack.manifest.components);
}

/** The arguments of `type` whose change replaces the resource (its table entry's `replacingArguments`). */
export function replacingArguments(type: string): readonly string[] {
  return replacingArgumentsOf(type);
}

/** The stack's stateful components whose data no table entry covers (`data-protection/stateful-component`, read from the synth output). */
export function uncoveredComponents(stack: SynthStack): CoverageProblem[] {
  return statefulCoverageProblems(stack.resources.map(candidate), stack.manifest.components);
}
