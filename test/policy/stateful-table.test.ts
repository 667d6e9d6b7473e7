// The shape of the one stateful table: every entry says what replaces it, each
// replacing argument is an argument of the provider's schema (the binding
// .d.ts is the schema), and `vigil diff` reads the entry.
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { diffSynth } from "../../lib/cli/diff";
import { readSynth } from "../../lib/cli/read-synth";
import { ONLY_ITS_ADDRESS, STATEFUL_TYPES } from "../../lib/core/stateful";
import { STATELESS_TYPES } from "../../lib/core/stateless-types";
import { resourceAt, ROOT, writeSynthDir } from "../cli/support";

/** The binding of a Terraform type: `aws_db_instance` → `@cdktf/provider-aws/lib/db-instance/index.d.ts`. */
function binding(type: string): string | undefined {
  const [provider, ...rest] = type.split("_");
  const file = join(ROOT, "node_modules/@cdktf", `provider-${provider}`, "lib", rest.join("-"), "index.d.ts");
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function interfaceBody(dts: string, name: string): string | undefined {
  return new RegExp(`export interface ${name}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1];
}

/**
 * Whether the dotted argument path exists in the binding: each segment a
 * property of the block the previous one names; a free-form map
 * (`kubernetes_manifest.manifest`) accepts any path below it.
 */
function argumentExists(dts: string, path: string): boolean {
  let body = interfaceBody(dts, /export interface (\w+Config) extends cdktf\.TerraformMetaArguments/.exec(dts)?.[1] ?? "");
  for (const segment of path.split(".")) {
    if (body === undefined) return false;
    const declared = new RegExp(`readonly ${camel(segment)}\\??: ([^;]+);`).exec(body)?.[1].trim();
    if (declared === undefined) return false;
    if (declared.startsWith("{")) return true;
    const block = /^([A-Z]\w*)/.exec(declared)?.[1];
    body = block === undefined ? undefined : interfaceBody(dts, block);
  }
  return true;
}

const entries = Object.entries(STATEFUL_TYPES);

describe("the stateful table", () => {
  test.each(entries)("%s says which arguments replace it (a non-empty list, or only its address)", (_type, spec) => {
    const args = spec.replacingArguments;
    expect(args === ONLY_ITS_ADDRESS || (Array.isArray(args) && args.length > 0 && args.every((a) => typeof a === "string" && a.length > 0))).toBe(true);
    expect(spec.holds.length).toBeGreaterThan(0);
  });

  test.each(entries)("%s is a provider resource whose binding has every replacing argument", (type, spec) => {
    const dts = binding(type);
    expect(dts).toContain(`tfResourceType = "${type}"`);
    const args = spec.replacingArguments === ONLY_ITS_ADDRESS ? [] : spec.replacingArguments;
    expect(args.filter((a) => !argumentExists(dts ?? "", a))).toEqual([]);
  });

  test("the schema check rejects an argument the provider does not have, and a path through a plain value", () => {
    const dts = binding("aws_msk_cluster") ?? "";
    expect(argumentExists(dts, "broker_node_group_info.client_subnets")).toBe(true);
    expect(argumentExists(dts, "broker_node_group_info.no_such_argument")).toBe(false);
    expect(argumentExists(dts, "cluster_name.first")).toBe(false);
    expect(argumentExists(binding("kubernetes_manifest") ?? "", "manifest.metadata.name")).toBe(true);
  });

  test("no type is both stateful and stateless", () => {
    expect(Object.keys(STATELESS_TYPES).filter((t) => STATEFUL_TYPES[t] !== undefined)).toEqual([]);
  });
});

describe("vigil diff reads the replacing arguments from the table entry", () => {
  const diffOf = (type: string, before: Record<string, unknown>, after: Record<string, unknown>, path = "prod/shop/store/data") => {
    const base = writeSynthDir({ prod: { resource: { [type]: { data: resourceAt(path, before) } } } });
    const head = writeSynthDir({ prod: { resource: { [type]: { data: resourceAt(path, after) } } } });
    return diffSynth(readSynth(base), readSynth(head)).flags;
  };

  test("a changed replacing argument of a type the old hand-kept list missed is a replacement", () => {
    const [flag] = diffOf("aws_efs_file_system", { creation_token: "shop", encrypted: true }, { creation_token: "shop", encrypted: false });
    expect(flag).toMatchObject({ kind: "replacement", address: "aws_efs_file_system.data" });
    expect(flag.reason).toContain("encrypted cannot change in place");
  });

  test("a nested replacing argument is matched by its dotted path; another argument changes in place", () => {
    const msk = (subnets: string[], instance: string) => ({ cluster_name: "shop", broker_node_group_info: { client_subnets: subnets, instance_type: instance } });
    expect(diffOf("aws_msk_cluster", msk(["a", "b"], "kafka.m7g.large"), msk(["a", "c"], "kafka.m7g.large")).map((f) => f.reason)).toEqual([expect.stringContaining("broker_node_group_info.client_subnets[1] cannot change in place")]);
    expect(diffOf("aws_msk_cluster", msk(["a", "b"], "kafka.m7g.large"), msk(["a", "b"], "kafka.m7g.xlarge"))).toEqual([]);
  });

  test("renaming a data namespace replaces it; a team namespace is not stateful", () => {
    const ns = (name: string, role: string) => ({ metadata: { name, labels: { "vigil.dev/role": role } } });
    expect(diffOf("kubernetes_namespace_v1", ns("shop-data", "data"), ns("orders-data", "data")).map((f) => [f.kind, f.reason])).toEqual([["replacement", expect.stringContaining("metadata.name cannot change in place")]]);
    expect(diffOf("kubernetes_namespace_v1", ns("shop", "workloads"), ns("orders", "workloads"))).toEqual([]);
  });
});
