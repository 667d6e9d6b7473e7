import { IConstruct } from "constructs";

/**
 * An input error that cannot wait for synth-time validation (for example a
 * value needed to compute other values). The message names the construct
 * path, the bad value and the fix.
 */
export class ValidationError extends Error {
  /** Construct path the error belongs to. */
  public readonly constructPath: string;

  constructor(message: string, scope: IConstruct) {
    super(`[${scope.node.path}] ${message}`);
    this.name = "ValidationError";
    this.constructPath = scope.node.path;
  }
}

/**
 * One validation rule: when `failed` is true, `message` is reported.
 * A message says which property, which value, and what to do instead.
 */
export interface ValidationRule {
  /** True when the input breaks the rule. */
  readonly failed: boolean;
  /** Prop + bad value + fix, e.g. "`minNodes` is 5 but `maxNodes` is 2; set minNodes <= maxNodes". */
  readonly message: string;
}

/**
 * Registers validation messages on a construct through the constructs
 * validation mechanism, so `cdktf synth` fails with every message of every
 * construct at once (each prefixed with its construct path), not the first.
 *
 * Accepts plain messages or a `{ failed, message }` rule table.
 */
export function addValidationErrors(scope: IConstruct, problems: ReadonlyArray<string | ValidationRule>): string[] {
  const messages = problems
    .map((p) => (typeof p === "string" ? p : p.failed ? p.message : undefined))
    .filter((m): m is string => m !== undefined);
  if (messages.length > 0) {
    scope.node.addValidation({ validate: () => messages });
  }
  return messages;
}

/** Formats a value for an error message: strings quoted, the rest as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  return JSON.stringify(value);
}
