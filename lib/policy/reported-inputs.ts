import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { builtOnPath } from "../core/built-on";

/**
 * Construct paths whose props were already reported at synth (a Vigil
 * construct's own validation messages), anywhere in the app, and the
 * services and workloads built on a platform so reported. Stacks are left
 * out: their validations are the policy packs themselves.
 */
export function reportedInputPaths(scope: IConstruct): string[] {
  // Asked by every stack's packs at synth, when every construct is built: walk the app once.
  const root = scope.node.root;
  let paths = cache.get(root);
  if (!paths) {
    paths = collect(root);
    cache.set(root, paths);
  }
  return paths;
}

const cache = new WeakMap<IConstruct, string[]>();

function collect(root: IConstruct): string[] {
  const all = root.node.findAll();
  const reported = all.filter((c) => !TerraformStack.isStack(c) && c.node.validate().length > 0).map((c) => c.node.path);
  const onReportedPlatform = all.filter((c) => {
    const platform = builtOnPath(c);
    return platform !== undefined && reported.includes(platform);
  });
  return [...reported, ...onReportedPlatform.map((c) => c.node.path)];
}

/**
 * True when a finding on the resource at `path` follows from a reported
 * input: the resource is (or is built by, or builds) a construct whose props
 * were reported. A bad `runbookBaseUrl` is reported once at the platform, not
 * again by a policy per alert; a bad broker count once at the Kafka
 * component, not again as missing default alerts. One mistake, one message:
 * the packs judge the resources once their input is valid.
 */
export function followsFromReportedInput(path: string, reported: readonly string[]): boolean {
  return reported.some((r) => path === r || path.startsWith(`${r}/`) || r.startsWith(`${path}/`));
}
