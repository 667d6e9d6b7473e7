// The data-protection guard rules check exactly the types whose table entry
// lists the guard: the table decides which types, this pack only how.
import { DataGuard, StatefulType, STATEFUL_TYPES } from "../../core/stateful";
import type { ResourceCheck } from "../resource-rule";

/**
 * The checks of `guard`, one per type of `table` that lists it. Throws when
 * the table lists the guard for a type with no check here, or a check exists
 * for a type that does not list it: the module fails to load, so every test
 * and every synth fails until the two agree.
 */
export function checksForGuard(guard: DataGuard, checks: Readonly<Record<string, ResourceCheck>>, table: Readonly<Record<string, StatefulType>> = STATEFUL_TYPES): Record<string, ResourceCheck> {
  const listed = Object.keys(table).filter((type) => table[type].guards?.includes(guard));
  const unchecked = listed.filter((type) => checks[type] === undefined);
  const unlisted = Object.keys(checks).filter((type) => !listed.includes(type));
  if (unchecked.length > 0 || unlisted.length > 0) {
    throw new Error(
      [
        ...unchecked.map((type) => `STATEFUL_TYPES lists the "${guard}" guard for ${type}, but data-protection/${guard} has no check for it; add one in lib/policy/packs/data-protection.ts`),
        ...unlisted.map((type) => `data-protection/${guard} checks ${type}, but its STATEFUL_TYPES entry does not list the "${guard}" guard; add it to the entry in lib/core/stateful-types.ts`),
      ].join("\n"),
    );
  }
  return Object.fromEntries(listed.map((type) => [type, checks[type]]));
}
