import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { MonitoredService } from "../core/components/service";
import { ENVIRONMENT_NAMES, EnvironmentTier, Profile } from "../core/environment";
import { VIGIL_MANIFEST_ID, VigilManifest } from "../core/manifest";
import { EMPTY_MANIFEST } from "../core/manifest-read";
import { environmentOf } from "../core/stack-environments";
import type { StackView, SynthesizedResource } from "./types";

/** The resolver cdktf's own synth uses (public API: the same as `stack.toTerraform()` resolves with). */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The tier named by a stack's id `<env>-<target>-<layer>`, when `<env>` is a built-in environment. */
export function tierOfStack(stack: TerraformStack): EnvironmentTier | undefined {
  const id = stack.node.id;
  const env = environmentOf(id) as EnvironmentTier;
  return ENVIRONMENT_NAMES.includes(env) ? env : undefined;
}

/** The one block of an element's `toTerraform()` output: `{ resource: { type: { name: body } } }` → body. */
function onlyBody(json: unknown): Record<string, unknown> {
  const byType = Object.values((json ?? {}) as Record<string, Record<string, Record<string, Record<string, unknown>>>>).find((v) => v && typeof v === "object") ?? {};
  const byName = Object.values(byType)[0] ?? {};
  const { ["//"]: _metadata, ...attributes } = Object.values(byName)[0] ?? {};
  return attributes;
}

/**
 * The stack's resources as Terraform will receive them: each element's
 * `toTerraform()` resolved in the stack (tokens become `${...}` references,
 * resource overrides applied), so rules read what is deployed, whichever
 * construct wrote it. Only the types in `reads` are resolved (all when
 * undefined), each when a rule first reads its attributes; the others keep
 * their type, address and path.
 */
export function stackView(stack: TerraformStack, reads?: ReadonlySet<string>): StackView {
  const fallbackTier = tierOfStack(stack);
  const byAddress = new Map<string, SynthesizedResource>();
  const resources: SynthesizedResource[] = [];
  const services: Array<{ name: string; path: string }> = [];
  for (const construct of stack.node.findAll()) {
    if (construct instanceof MonitoredService) services.push({ name: construct.name, path: construct.node.path });
    const isResource = TerraformResource.isTerraformResource(construct);
    if (!isResource && !TerraformDataSource.isTerraformDataSource(construct)) continue;
    const element = construct as TerraformResource | TerraformDataSource;
    const type = element.terraformResourceType;
    const prefix = isResource ? "" : "data.";
    const readable = !reads || reads.has(`${prefix}${type}`);
    let attributes: Record<string, unknown> | undefined;
    const resource: SynthesizedResource = {
      type,
      address: `${prefix}${type}.${element.friendlyUniqueId}`,
      path: element.node.path,
      // Resolved on first read: a type only a prod rule reads (alarms, for the CIS check) costs nothing elsewhere.
      get attributes() {
        return (attributes ??= readable ? onlyBody(Tokenization.resolve(element.toTerraform(), { scope: stack, resolver: RESOLVER })) : {});
      },
      construct: element,
      tier: Profile.tryOf(element)?.tier ?? fallbackTier,
    };
    byAddress.set(resource.address, resource);
    if (isResource) resources.push(resource);
  }
  const manifest = stack.node.tryFindChild(VIGIL_MANIFEST_ID) as VigilManifest | undefined;
  return { stack, id: stack.node.id, resources, byAddress, manifest: manifest?.document() ?? EMPTY_MANIFEST, services };
}
