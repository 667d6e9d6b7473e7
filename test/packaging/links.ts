// Relative links of the Markdown a package ships, resolved against the
// package's own file list: what a reader of node_modules/cdktf-vigil (or of
// the package on a CDN) can follow.
import { posix } from "path";

/** A relative link of a Markdown file, and the package path it points at. */
export interface MarkdownLink {
  /** The Markdown file, e.g. `docs/aws.md`. */
  readonly from: string;
  /** The link as written, e.g. `../examples/aws-minimal/main.ts#L3`. */
  readonly target: string;
  /** The path it resolves to inside the package, without the fragment. */
  readonly resolved: string;
}

/** Relative links of one Markdown text; code blocks and inline code are skipped (their `](` is code). */
export function relativeLinks(from: string, markdown: string): MarkdownLink[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  const links: MarkdownLink[] = [];
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    const path = target.split("#")[0];
    if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path)) continue; // an anchor on the same page, or a URL
    links.push({ from, target, resolved: posix.normalize(posix.join(posix.dirname(from), path)).replace(/\/$/, "") });
  }
  return links;
}

/** Whether a resolved link names a file of the package or a folder holding some. */
export function inPackage(resolved: string, files: ReadonlySet<string>): boolean {
  return files.has(resolved) || [...files].some((f) => f.startsWith(`${resolved}/`));
}
