// Reading the Vigil manifest back from a synthesized stack. Plain functions,
// no cdktf: the `vigil` bin loads this file.
import type { VigilManifestDocument } from "./manifest";

/** A manifest with nothing recorded: the document of a stack without one. */
export const EMPTY_MANIFEST: VigilManifestDocument = Object.freeze({ version: 1, components: [], alerts: [], slos: [], findings: [] });

/** Reads the manifest from a synthesized stack's JSON (`cdk.tf.json`); undefined when the stack has none. */
export function manifestOf(stackJson: object): VigilManifestDocument | undefined {
  return (stackJson as { readonly "//"?: { readonly vigil?: VigilManifestDocument } })["//"]?.vigil;
}
