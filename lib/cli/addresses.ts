// The committed list of stateful resource addresses: renaming or moving a
// construct changes its Terraform address, and Terraform then destroys the
// resource and creates an empty one. The list makes such a change fail a
// test unless a `moved` block carries the old address over. A stateful
// component whose data type is missing from the table would be missing from
// the list too, so the check also fails on those.
import type { SynthOutput } from "./read-synth";
import { statefulReason, uncoveredComponents } from "./stateful";

/** Stateful resource addresses per stack, sorted: the committed list's format. */
export type StatefulAddressList = Readonly<Record<string, readonly string[]>>;

/** The stateful resource addresses of a synth output. */
export function statefulAddresses(synth: SynthOutput): StatefulAddressList {
  return Object.fromEntries(
    synth.stacks
      .map((s) => [s.id, s.resources.filter((r) => statefulReason(r, s)).map((r) => r.address).sort()] as const)
      .filter(([, addresses]) => addresses.length > 0),
  );
}

/** What a check of the list against a synth output found. */
interface AddressCheck {
  /** Listed addresses that are gone without a `moved` block from them: each would be destroyed. */
  readonly disappeared: ReadonlyArray<{ readonly stack: string; readonly address: string }>;
  /** Listed addresses carried over by a `moved` block. */
  readonly moved: ReadonlyArray<{ readonly stack: string; readonly from: string; readonly to: string }>;
  /** Listed addresses a `removed` block with `lifecycle { destroy = false }` drops from Terraform without destroying them. */
  readonly forgotten: ReadonlyArray<{ readonly stack: string; readonly address: string }>;
  /** Stateful addresses that are not on the list yet (new resources). */
  readonly unlisted: ReadonlyArray<{ readonly stack: string; readonly address: string }>;
  /** Components recorded as stateful whose data no table entry covers: none of their addresses can be on the list. */
  readonly uncovered: ReadonlyArray<{ readonly stack: string; readonly path: string; readonly message: string }>;
}

/** Checks the committed list against a synth output. */
export function checkStatefulAddresses(list: StatefulAddressList, synth: SynthOutput): AddressCheck {
  const disappeared: Array<{ stack: string; address: string }> = [];
  const moved: Array<{ stack: string; from: string; to: string }> = [];
  const forgotten: Array<{ stack: string; address: string }> = [];
  for (const [stackId, addresses] of Object.entries(list)) {
    const stack = synth.stacks.find((s) => s.id === stackId);
    const present = new Set(stack?.resources.map((r) => r.address) ?? []);
    for (const address of addresses) {
      if (present.has(address)) continue;
      const move = stack?.moves.find((m) => m.from === address);
      if (move) moved.push({ stack: stackId, from: address, to: move.to });
      else if (stack?.removals?.some((r) => r.from === address && !r.destroy)) forgotten.push({ stack: stackId, address });
      else disappeared.push({ stack: stackId, address });
    }
  }
  const current = statefulAddresses(synth);
  const unlisted = Object.entries(current).flatMap(([stack, addresses]) => addresses.filter((a) => !(list[stack] ?? []).includes(a)).map((address) => ({ stack, address })));
  const uncovered = synth.stacks.flatMap((s) => uncoveredComponents(s).map((p) => ({ stack: s.id, path: p.component.path, message: p.message })));
  return { disappeared, moved, forgotten, unlisted, uncovered };
}

/** Whether the check fails: an address gone or unlisted, or a stateful component the table does not cover. */
export function addressCheckFails(check: AddressCheck): boolean {
  return check.disappeared.length + check.unlisted.length + check.uncovered.length > 0;
}

/** The check as text for a person: what is wrong and what to do. */
export function describeAddressCheck(check: AddressCheck, listFile: string): string {
  const lines: string[] = [];
  for (const d of check.disappeared) {
    lines.push(
      `${d.stack}: stateful resource ${d.address} is gone; Terraform would destroy it (its prevent_destroy went with its block). If a construct was renamed or moved, add a moved block (resource.moveFromId("${d.address}")); ` +
        `to stop managing it without destroying it, add a removed block with lifecycle { destroy = false } (stack.addOverride("removed", [{ from: "${d.address}", lifecycle: { destroy: false } }])); ` +
        `if the destroy is intended, remove it from ${listFile} (vigil addresses --update) and say so in the pull request`,
    );
  }
  for (const u of check.unlisted) lines.push(`${u.stack}: new stateful resource ${u.address} is not in ${listFile}; add it with \`vigil addresses --list ${listFile} --update\``);
  for (const c of check.uncovered) lines.push(`${c.stack}: ${c.message}`);
  for (const m of check.moved) lines.push(`${m.stack}: ${m.from} is moved to ${m.to} (a moved block keeps it); update ${listFile} once the move is applied`);
  for (const f of check.forgotten) lines.push(`${f.stack}: ${f.address} leaves Terraform through a removed block with lifecycle { destroy = false } and stays in the cloud; update ${listFile} once that is applied`);
  return lines.join("\n");
}
