import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { AlertRecord, manifestOf, PolicyFindingRecord, VigilManifestDocument } from "../core/manifest";
import type { Severity } from "../observability/severity";
import { evaluatePolicies, PolicyPacksOptions } from "../policy/evaluate";
import type { SynthesizedStack } from "./synth";

/** A resource found in a synthesized stack. */
export interface FoundResource {
  /** Terraform resource type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Terraform name (derived from the construct path). */
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Construct path, e.g. `prod-aws-infra/checkout/postgres/instance`. */
  readonly path: string;
  /** The resource's synthesized body. */
  readonly body: Record<string, unknown>;
}

/**
 * The resources at and under a construct path (`stack/service/postgres`, or
 * relative to the stack: `service/postgres`), with their synthesized bodies.
 * Finds what a component made without knowing Terraform names.
 */
export function resourcesAt(stack: TerraformStack, path: string, synth: SynthesizedStack): FoundResource[] {
  const full = path.startsWith(`${stack.node.path}/`) || path === stack.node.path ? path : `${stack.node.path}/${path}`;
  return stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .filter((r) => r.node.path === full || r.node.path.startsWith(`${full}/`))
    .map((r) => {
      const type = r.terraformResourceType;
      const name = r.friendlyUniqueId;
      const body = synth.resource?.[type]?.[name];
      if (!body) throw new Error(`${r.node.path}: ${type}.${name} is not in the synthesized stack; synthesize the same stack you query`);
      return { type, name, address: `${type}.${name}`, path: r.node.path, body };
    });
}

function manifest(synth: SynthesizedStack): VigilManifestDocument {
  const doc = manifestOf(synth);
  if (!doc) throw new Error("the stack has no Vigil manifest: synthesize it with synthStack() and build it with Vigil constructs");
  return doc;
}

/** Every alert with `id` (one per monitored resource), from the stack's Vigil manifest. */
export function alertsWithId(synth: SynthesizedStack, id: string): AlertRecord[] {
  return manifest(synth).alerts.filter((a) => a.id === id);
}

/** What {@link expectRouting} expects of an alert. */
export interface ExpectedRouting {
  /** The severity it must be delivered as. @default - not checked */
  readonly deliveredAs?: Severity;
  /** Channels it must reach (others may too). */
  readonly reaches?: readonly string[];
  /** Channels it must not reach. @default - none */
  readonly notReaches?: readonly string[];
  /** Only the alert on this resource (name). @default - every resource with the id */
  readonly resource?: string;
}

/**
 * Asserts how an alert is routed: the severity it is delivered as and the
 * channels it reaches. Throws an Error naming the alert, the resource and
 * the actual route when it differs; works with any test framework.
 */
export function expectRouting(synth: SynthesizedStack, alertId: string, expected: ExpectedRouting): void {
  const alerts = alertsWithId(synth, alertId).filter((a) => expected.resource === undefined || a.resource === expected.resource);
  if (alerts.length === 0) {
    const known = [...new Set(manifest(synth).alerts.map((a) => a.id))].sort();
    throw new Error(`no alert "${alertId}"${expected.resource ? ` on ${expected.resource}` : ""}; the stack's alert ids: ${known.join(", ")}`);
  }
  const problems: string[] = [];
  for (const a of alerts) {
    const where = `alert "${a.id}" on ${a.resource} (${a.path})`;
    if (expected.deliveredAs && a.deliveredAs !== expected.deliveredAs) problems.push(`${where} is delivered as ${a.deliveredAs}, expected ${expected.deliveredAs}`);
    for (const c of expected.reaches ?? []) if (!a.routes.includes(c)) problems.push(`${where} does not reach "${c}"; it reaches ${a.routes.join(", ") || "nobody"}`);
    for (const c of expected.notReaches ?? []) if (a.routes.includes(c)) problems.push(`${where} reaches "${c}", which it must not`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/** Policy findings of the stack (suppressed ones included), optionally of one level or rule. */
export function policyFindings(synth: SynthesizedStack, filter: { readonly level?: "error" | "warning"; readonly rule?: string; readonly suppressed?: boolean } = {}): PolicyFindingRecord[] {
  return manifest(synth).findings.filter(
    (f) =>
      (filter.level === undefined || f.level === filter.level) &&
      (filter.rule === undefined || f.rule === filter.rule) &&
      (filter.suppressed === undefined || (f.suppressedBecause !== undefined) === filter.suppressed),
  );
}

/**
 * Runs the policy packs over `stack` (`evaluatePolicies`, all four packs
 * unless `options.packs` says otherwise) and throws, listing them, when any
 * error is not suppressed. It does not read a synthesized stack: `synthStack`
 * already throws on an unsuppressed error when the packs were applied, and
 * passes when they were not, so only running the packs here can fail.
 * Pass the app's `applyPolicyPacks` options (suppressions, parity pairs,
 * your own rules) to check what `cdktf synth` will check.
 */
export function expectNoPolicyErrors(stack: TerraformStack, options: PolicyPacksOptions = {}): void {
  if (options.packs !== undefined && options.packs.length === 0 && (options.additionalRules ?? []).length === 0) {
    throw new Error("expectNoPolicyErrors: options.packs is empty and there are no additionalRules, so no rule would run; leave packs unset to run all four");
  }
  const errors = evaluatePolicies(stack, options).filter((f) => f.level === "error" && f.suppressedBecause === undefined);
  if (errors.length > 0) throw new Error(`policy errors in ${stack.node.id}:\n${errors.map((f) => `  ${f.rule} at ${f.resource}: ${f.message}`).join("\n")}`);
}

/** Constructs of a scope that hold in-cluster manifests (Vigil's generated Helm charts), without loading the Kubernetes target. */
export function chartManifests(scope: IConstruct): Record<string, unknown>[] {
  return scope.node
    .findAll()
    .flatMap((c) => {
      const manifests = (c as { manifests?: unknown }).manifests;
      return typeof (c as { manifestsOfKind?: unknown }).manifestsOfKind === "function" && Array.isArray(manifests) ? (manifests as Record<string, unknown>[]) : [];
    });
}
