import type { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { EnvironmentTier } from "../core/environment";
import type { VigilManifestDocument } from "../core/manifest";

/** How a finding is treated: an error fails `cdktf synth`, a warning is printed. */
export type PolicyLevel = "error" | "warning";

/** The policy packs Vigil ships. */
export type PolicyPackName = "security" | "data-protection" | "observability" | "parity";

/** Every pack, in the order they run. */
export const POLICY_PACK_NAMES: readonly PolicyPackName[] = ["security", "data-protection", "observability", "parity"];

/** Where a rule looks: at Terraform resources of given types, at the Vigil manifest, or at a staging/prod pair. */
export type RuleSubject = "resources" | "manifest" | "stack-pair";

/** One resource as Terraform receives it: its type, address, resolved snake_case attributes and lifecycle. */
export interface SynthesizedResource {
  /** Terraform resource type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Terraform address, e.g. `aws_db_instance.checkout_postgres_instance_ECA23F7E` (data sources: `data.<type>.<name>`). */
  readonly address: string;
  /** Construct path, e.g. `prod-aws-infra/checkout/postgres/instance`. */
  readonly path: string;
  /** Attributes as synthesized (tokens resolved to `${...}` references), `lifecycle` included. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Tier of the environment profile governing it (else read from the stack id). @default - unknown */
  readonly tier?: EnvironmentTier;
  /** The construct, when found in the tree. @default - none (a resource added by an override) */
  readonly construct?: IConstruct;
}

/** One stack as the rules see it. */
export interface StackView {
  /** The cdktf `TerraformStack` construct under review; rules read the environment profile attached to it (`Profile.tryOf`). */
  readonly stack: TerraformStack;
  /** Stack id, e.g. `prod-aws-infra`. */
  readonly id: string;
  /** Managed resources, in synthesized order. */
  readonly resources: readonly SynthesizedResource[];
  /** Resources and data sources by Terraform address. */
  readonly byAddress: ReadonlyMap<string, SynthesizedResource>;
  /** The stack's Vigil manifest (components, alerts, SLOs). */
  readonly manifest: VigilManifestDocument;
  /** Names of the `MonitoredService`s built in the stack, with their construct paths. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly path: string }>;
}

/** What a rule is given: the stack under review and, for parity, the prod stack it must mirror. */
export interface PolicyContext extends StackView {
  /** The prod stack this (staging) stack is compared with. @default - none: parity rules do not apply */
  readonly parityReference?: StackView;
}

/** A rule's verdict on one resource (or manifest entry): what is wrong and what to change. */
export interface RuleViolation {
  /** Construct path of the offending resource (the stack id for a stack-wide finding). */
  readonly resource: string;
  /** Terraform address of the resource. @default - none (a manifest entry or a stack) */
  readonly address?: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/** One policy rule. */
export interface PolicyRule {
  /** Id, `<pack>/<name>`, e.g. `security/encryption-at-rest`. */
  readonly id: string;
  /** Pack it belongs to. */
  readonly pack: PolicyPackName;
  /** Level of its findings. */
  readonly level: PolicyLevel;
  /** What it asks for, in one sentence (docs and the report). */
  readonly description: string;
  /** What it looks at. */
  readonly subject: RuleSubject;
  /** Terraform resource types checked (for `resources` rules), by cloud. @default - none (manifest and pair rules) */
  readonly appliesTo?: Readonly<Record<string, readonly string[]>>;
  /**
   * Terraform types whose attributes it reads (data sources as `data.<type>`); only those are
   * resolved, which keeps the packs cheap on stacks of hundreds of alarms. Other resources are
   * seen with their type, address and path but empty attributes.
   * @default - every type (the whole stack is resolved)
   */
  readonly reads?: readonly string[];
  /** Environment tiers it applies in; a resource of unknown tier is checked unless the rule is prod-only. @default - every tier */
  readonly tiers?: readonly EnvironmentTier[];
  /** Every violation in the context (empty when compliant or not applicable). */
  evaluate(context: PolicyContext): RuleViolation[];
}
