import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { MonitoredService } from "../core/components/service";
import { ENVIRONMENT_NAMES, EnvironmentTier, Profile } from "../core/environment";
import { VIGIL_MANIFEST_ID, VigilManifest, VigilManifestDocument } from "../core/manifest";
import type { StackView, SynthesizedResource } from "./types";

const EMPTY_MANIFEST: VigilManifestDocument = { version: 1, components: [], alerts: [], slos: [], findings: [] };

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** The tier named by a stack id `<env>-<target>-<layer>`, when `<env>` is a built-in environment. */
function tierOfStackId(id: string): EnvironmentTier | undefined {
  const env = id.split("-")[0] as EnvironmentTier;
  return ENVIRONMENT_NAMES.includes(env) ? env : undefined;
}

/**
 * The stack as Terraform will receive it: `stack.toTerraform()` resolves
 * every token (references stay `${...}` expressions) and applies overrides,
 * so rules read what is deployed, whichever construct wrote it.
 */
export function stackView(stack: TerraformStack): StackView {
  const constructs = new Map<string, IConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
  const fallbackTier = tierOfStackId(stack.node.id);
  const json = stack.toTerraform() as { resource?: Blocks; data?: Blocks };
  const byAddress = new Map<string, SynthesizedResource>();
  const resources: SynthesizedResource[] = [];
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const path = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${stack.node.path}/${name}`;
        const construct = constructs.get(path);
        const { ["//"]: _metadata, ...attributes } = body;
        const resource: SynthesizedResource = { type, address: `${prefix}${type}.${name}`, path, attributes, construct, tier: (construct && Profile.tryOf(construct)?.tier) ?? fallbackTier };
        byAddress.set(resource.address, resource);
        if (kind === "resource") resources.push(resource);
      }
    }
  }
  const manifest = stack.node.tryFindChild(VIGIL_MANIFEST_ID) as VigilManifest | undefined;
  const services = [...constructs.values()].filter((c): c is MonitoredService => c instanceof MonitoredService).map((s) => ({ name: s.name, path: s.node.path }));
  return { stack, id: stack.node.id, resources, byAddress, manifest: manifest?.document() ?? EMPTY_MANIFEST, services };
}
