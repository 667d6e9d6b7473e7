import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import { VIGIL_MANIFEST_ID, VigilManifest, VigilManifestDocument } from "../core/manifest";

/** A synthesized stack: the Terraform JSON as an object. */
export interface SynthesizedStack {
  /** Resources by type, then by name. @default - absent when the stack has none */
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  /** Data sources by type, then by name. @default - absent when the stack has none */
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  /** Providers by type (each a list of configurations). @default - absent when the stack has none */
  readonly provider?: Record<string, Record<string, unknown>[]>;
  /** Terraform block (backend, required providers). @default - absent when empty */
  readonly terraform?: Record<string, unknown>;
  /** Anything else the JSON holds. */
  readonly [key: string]: unknown;
}

/**
 * Synthesizes a stack with validation on (as `cdktf synth` does) and parses
 * the JSON. cdktf's `Testing.synth` drops every `"//"` key; the Vigil
 * manifest (alerts, SLOs, components, policy findings) is put back under
 * `"//".vigil`, where `cdktf synth` writes it.
 */
export function synthStack(stack: TerraformStack): SynthesizedStack {
  const synth = JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
  const manifest = stack.node.tryFindChild(VIGIL_MANIFEST_ID) as VigilManifest | undefined;
  if (!manifest) return synth;
  // References resolved as the app's synth writes them (`${data.aws_caller_identity...}`), not token placeholders.
  const vigil = Tokenization.resolve(manifest.document(), { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }) as VigilManifestDocument;
  return { ...synth, "//": { vigil } };
}

/** Every resource of `type` (e.g. "aws_eks_cluster") as `[name, body]` pairs. */
export function resourcesOfType(synth: SynthesizedStack, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(synth.resource?.[type] ?? {});
}

/**
 * The bodies of every resource of `type`, attributes by their Terraform
 * names. Loosely typed by default, so assertions read nested blocks without
 * casts; give `T` to read them as a narrower shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resourceBodies<T = Record<string, any>>(synth: SynthesizedStack, type: string): T[] {
  return resourcesOfType(synth, type).map(([, body]) => body as T);
}

/** The single resource of `type` (typed as in {@link resourceBodies}); throws when there are none or several. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onlyResource<T = Record<string, any>>(synth: SynthesizedStack, type: string): T {
  const found = resourceBodies<T>(synth, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0];
}

/**
 * The validation messages synth reports for a stack (each `[construct path]
 * message`), or an empty list when it synthesizes cleanly.
 */
export function validationMessages(stack: TerraformStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("["));
  }
}
