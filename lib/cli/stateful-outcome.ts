// What Terraform really does to a stateful resource that a change destroys
// or replaces, and what to do instead; measured with Terraform 1.11 (the
// commands and their output are in docs/review-tools.md).
//
// prevent_destroy lives in the resource block: it guards a resource whose
// block is still in the configuration (a replacement fails the plan), and
// goes away with the block (a removed or renamed block is destroyed).
import { keptFromDestroy } from "../core/stateful";

/** What happens to a resource whose block HEAD no longer has (removed, or renamed without a moved block). */
export function blockGoneOutcome(baseBody: Readonly<Record<string, unknown>>): string {
  return keptFromDestroy(baseBody)
    ? "Terraform destroys it: its prevent_destroy does not stop that, because the setting goes with the resource block (it guards only a resource whose block is still in the configuration)"
    : "Terraform destroys it";
}

/** What to do instead of removing the block of the resource at `address`. */
export function removedAdvice(address: string): string {
  return (
    `To keep it, restore the construct; if it moved to another construct, carry it over with a moved block (on the new resource: .moveFromId("${address}")). ` +
    `To stop managing it without destroying it, add a removed block with lifecycle { destroy = false } (Terraform 1.7+; in cdktf: stack.addOverride("removed", [{ from: "${address}", lifecycle: { destroy: false } }])). ` +
    "If the destroy is intended, say so in the pull request and pass --allow-destroy"
  );
}

/** What to do instead of renaming the resource at `from` to `to`. */
export function renameAdvice(from: string, to: string): string {
  return `Keep the construct id, or add a moved block: on the new resource, .moveFromId("${from}") (or .moveTo on the old one), which writes moved { from = ${from}, to = ${to} }`;
}

/**
 * What happens when an argument change forces Terraform to replace a
 * resource whose block HEAD still has: with prevent_destroy on in HEAD the
 * plan fails and nothing is destroyed; without it, the resource is destroyed
 * and an empty one created.
 */
export function replacementOutcome(baseBody: Readonly<Record<string, unknown>>, headBody: Readonly<Record<string, unknown>>): string {
  if (keptFromDestroy(headBody)) {
    return 'Terraform must destroy it and create it anew, and its prevent_destroy makes terraform apply fail (terraform plan already stops with "Instance cannot be destroyed"): nothing is lost, but nothing else in the stack is applied until this is undone';
  }
  return `Terraform destroys it and creates an empty one${keptFromDestroy(baseBody) ? " (HEAD also switches its prevent_destroy off)" : ""}`;
}

/** What to do instead of changing `paths`, which replace the resource. */
export function replacementAdvice(paths: readonly string[]): string {
  return `Revert ${paths.join(", ")}; to really change it, build the new one beside it under another construct id, move the data, then retire the old one`;
}
