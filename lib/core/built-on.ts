import type { IConstruct } from "constructs";

/** Metadata type recording the platform a construct was built on. */
const BUILT_ON_METADATA = "vigil:built-on";

/**
 * Records that `construct` (a service, a workload, a team namespace) is
 * built on `platform`: its resources come from the platform's network,
 * cluster, keys and routing, so a mistake reported at the platform is the
 * root cause of what they would report (the policy packs hold those back).
 */
export function recordBuiltOn(construct: IConstruct, platform: IConstruct): void {
  construct.node.addMetadata(BUILT_ON_METADATA, platform.node.path);
}

/** The path of the platform `construct` was built on, if one was recorded. */
export function builtOnPath(construct: IConstruct): string | undefined {
  const entry = construct.node.metadata.find((m) => m.type === BUILT_ON_METADATA);
  return entry === undefined ? undefined : String(entry.data);
}
