import type { SynthesizedStack } from "./synth";

/** Attribute names whose values are content hashes: they change with any byte of an asset, which the asset's own diff shows better. */
const HASH_ATTRIBUTE = /(^|_)(hash|etag|sha256|md5|checksum)$/;
/** cdktf asset paths carry the asset's content hash: `assets/<construct>/<HASH>/archive.zip`. */
const ASSET_HASH = /(assets\/[^/"]+\/)[0-9A-F]{32}(\/)/g;

/**
 * A copy of a synthesized stack for snapshots: without cdktf's `"//"`
 * metadata (construct paths, cdktf version, the Vigil manifest), with asset
 * content hashes and hash attributes replaced by `<hash>`, and with keys in a
 * stable order. A pull request's snapshot diff then shows the resources and
 * settings that changed, not the bookkeeping that moved.
 */
export function normalizeForSnapshot(synth: SynthesizedStack): SynthesizedStack {
  return normalize(synth, "") as SynthesizedStack;
}

function normalize(value: unknown, key: string): unknown {
  if (typeof value === "string") {
    if (HASH_ATTRIBUTE.test(key)) return "<hash>";
    return value.replace(ASSET_HASH, "$1<hash>$2");
  }
  if (Array.isArray(value)) return value.map((v) => normalize(v, key));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== "//")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, normalize(v, k)]),
  );
}
