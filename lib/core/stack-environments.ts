// Environments of stacks by id (`<env>-<target>-<layer>`), shared by the parity
// policy pack and the review report. Plain functions, no cdktf: the `vigil`
// bin loads this file.

/** The environment a stack id starts with: `staging-gcp-infra` → `staging`. */
export function environmentOf(stackId: string): string {
  return stackId.split("-")[0];
}

/**
 * `text` with the environment's own name as a token replaced by `<env>`:
 * `checkout-staging-123456.svc.id.goog` → `checkout-<env>-123456.svc.id.goog`.
 * A token is the name between the start or end of the text and any
 * character that is not a letter or digit, so `product` stays `product`
 * when the environment is `prod`.
 */
export function neutralizeEnvironment(text: string, environment: string): string {
  if (!environment) return text;
  const escaped = environment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"), "<env>");
}

/** A staging stack and the prod stack it must mirror, by stack id. */
export interface ParityPair {
  /** Staging stack id, e.g. `staging-aws-infra`. */
  readonly staging: string;
  /** Prod stack id, e.g. `prod-aws-infra`. */
  readonly prod: string;
}

/**
 * The id of the prod stack a stack is compared with: the pair naming it when
 * `pairs` are given, else `prod-<target>-<layer>` for any `<env>-<target>-<layer>`
 * that is not prod itself. Undefined for prod stacks and ids without a `-`.
 */
export function prodTwinId(stackId: string, pairs?: readonly ParityPair[]): string | undefined {
  if (pairs) return pairs.find((p) => p.staging === stackId)?.prod;
  const [env, ...rest] = stackId.split("-");
  return env === "prod" || rest.length === 0 ? undefined : ["prod", ...rest].join("-");
}
