import { IConstruct } from "constructs";

/**
 * Registers validation messages on a construct through the constructs
 * validation mechanism, so `cdktf synth` fails with every message of every
 * construct at once (each prefixed with its construct path), not the first.
 * A message says which property, which value, and what to do instead, e.g.
 * "`minNodes` is 5 but `maxNodes` is 2; set minNodes <= maxNodes".
 *
 * @returns the messages registered (none when `problems` is empty).
 */
export function addValidationErrors(scope: IConstruct, problems: readonly string[]): string[] {
  const messages = [...problems];
  if (messages.length > 0) {
    scope.node.addValidation({ validate: () => messages });
  }
  return messages;
}
