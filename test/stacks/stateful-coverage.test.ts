// Fail closed: every stateful component of the reference deployment and of
// each target's test stacks holds a resource of a type in the stateful table,
// and every Terraform type Vigil imports or synthesizes is classified stateful
// or stateless. A new component or resource type forgotten in the table fails
// here (and at synth, through data-protection/stateful-component).
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { TerraformStack } from "cdktf";
import { readSynth, SynthStack, stackFromJson } from "../../lib/cli/read-synth";
import { STATEFUL_TYPES } from "../../lib/core/stateful";
import { dataHoldersOf, statefulCoverageProblems, TypeClassification } from "../../lib/core/stateful-coverage";
import { STATELESS_TYPES } from "../../lib/core/stateless-types";
import { synthStack } from "../../lib/testing";
import { teamWorkload } from "../kubernetes/support";
import { sharedSynth } from "../shared-synth";
import { targetStack } from "../harness";

const ROOT = join(__dirname, "../..");
const candidates = (stack: SynthStack) => stack.resources.map((r) => ({ type: r.type, path: r.path, attributes: r.body }));
const unclassified = (types: Iterable<string>) => [...new Set(types)].filter((t) => STATEFUL_TYPES[t] === undefined && STATELESS_TYPES[t] === undefined).sort();
const problemsOf = (stacks: readonly SynthStack[], classification?: TypeClassification) =>
  stacks.flatMap((s) => statefulCoverageProblems(candidates(s), s.manifest.components, classification).map((p) => `${s.id}: ${p.message}`));

/** `component kind → types of the resources holding its data`, over the stacks. */
function holders(stacks: readonly SynthStack[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of stacks) {
    for (const c of s.manifest.components.filter((c) => c.stateful)) {
      for (const r of dataHoldersOf(c, candidates(s), s.manifest.components)) (out[c.component] ??= new Set()).add(r.type);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

describe("the reference deployment", () => {
  const stacks = readSynth(sharedSynth("reference")).stacks;

  test("every stateful component holds its data in a resource of a table type, on every target", () => {
    expect(problemsOf(stacks)).toEqual([]);
    const held = holders(stacks);
    expect(held).toMatchObject({
      "rds-postgres": expect.arrayContaining(["aws_db_instance"]),
      msk: expect.arrayContaining(["aws_msk_cluster"]),
      keyspaces: expect.arrayContaining(["aws_keyspaces_keyspace", "aws_keyspaces_table"]),
      opensearch: expect.arrayContaining(["aws_opensearch_domain"]),
      "audit-trail": expect.arrayContaining(["aws_s3_bucket"]),
      "cloud-sql-postgres": ["google_sql_database", "google_sql_database_instance"],
      "managed-kafka": ["google_managed_kafka_cluster", "google_managed_kafka_topic"],
      "postgres-flexible": ["azurerm_postgresql_flexible_server", "azurerm_postgresql_flexible_server_database"],
      "event-hubs": ["azurerm_eventhub", "azurerm_eventhub_namespace"],
      "cassandra-managed-instance": ["azurerm_cosmosdb_cassandra_cluster", "azurerm_cosmosdb_cassandra_datacenter"],
      // In-cluster components, also those GCP and Azure record in their platform stacks: through their chart's release.
      "cassandra-k8ssandra": ["helm_release"],
      "search-eck": ["helm_release"],
      "kafka-strimzi": ["helm_release"],
      "postgres-cnpg": ["helm_release"],
    });
    const inCluster = stacks.filter((s) => /-(gcp|azure)-platform$/.test(s.id)).flatMap((s) => s.manifest.components.filter((c) => c.stateful).map((c) => `${s.id} ${c.component}`));
    expect(inCluster).toEqual(expect.arrayContaining(["prod-gcp-platform cassandra-k8ssandra", "prod-gcp-platform search-eck", "prod-azure-platform search-eck"]));
  });

  test("every resource type it synthesizes is classified stateful or stateless", () => {
    expect(unclassified(stacks.flatMap((s) => s.resources.map((r) => r.type)))).toEqual([]);
  });

  test("with a type taken out of the table, the check names each component that loses its cover and the type", () => {
    const { aws_db_instance: _db, helm_release: _release, ...rest } = STATEFUL_TYPES;
    const problems = problemsOf(stacks, { stateful: rest, stateless: STATELESS_TYPES });
    for (const env of ["dev", "staging", "prod"]) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${env}-aws-infra: the rds-postgres component "checkout-${env}(-\\w+)?" \\(${env}-aws-infra/checkout/postgres\\) .*aws_db_instance`)));
    }
    expect(problems).toContainEqual(expect.stringMatching(/^prod-gcp-platform: the cassandra-k8ssandra component .* records itself stateful, but none of its resources is of a type in STATEFUL_TYPES.*one of helm_release/));
    expect(problems).toContainEqual(expect.stringMatching(/^local-kubernetes-platform: the postgres-cnpg component .*helm_release/));
  });
});

/** The test stacks of every target, synthesized and read as the bin reads them. */
function targetStacks(): SynthStack[] {
  // synthStack validates (and drops cdktf's "//" metadata); toTerraform() then keeps the construct paths.
  const read = (stack: TerraformStack) => (synthStack(stack), stackFromJson(stack.node.id, stack.toTerraform()));
  // AWS in dev too: its dev data services have no customer-managed keys, so the data resource alone must cover them.
  const out: SynthStack[] = (["dev", "prod"] as const).map((env) => ({ ...read(targetStack("aws", { environment: env, service: true }).stack), id: `aws-${env}` }));
  out.push(read(targetStack("gcp", { service: true }).stack));
  out.push(read(targetStack("azure", { stackId: "prod-azure-infra", service: true }).stack));
  // GKE in-cluster engines: recorded in the platform stack that holds the chart.
  const gke = targetStack("gcp", { service: { cassandra: { datacenters: { "europe-west1": { nodes: 3 } } }, search: {} } });
  out.push(read(gke.inClusterStack!));
  // Any cluster: every data component, a team workload, the operators.
  const k8s = targetStack("kubernetes", { operators: true, service: true, build: (p, s) => void teamWorkload(p, s) });
  out.push(read(k8s.stack), read(k8s.operatorsStack));
  return out;
}

describe("the test stacks of every target", () => {
  const stacks = targetStacks();

  test("every stateful component is covered, managed or in-cluster", () => {
    expect(problemsOf(stacks)).toEqual([]);
    expect(Object.keys(holders(stacks)).sort()).toEqual(
      ["audit-trail", "cassandra-k8ssandra", "cassandra-managed-instance", "cloud-sql-postgres", "event-hubs", "kafka-strimzi", "keyspaces", "managed-kafka", "msk", "opensearch", "postgres-cnpg", "postgres-flexible", "rds-postgres", "search-eck", "gke-logging", "fluent-bit", "container-insights"].sort(),
    );
  });

  test("every resource type they synthesize is classified", () => {
    expect(unclassified(stacks.flatMap((s) => s.resources.map((r) => r.type)))).toEqual([]);
  });
});

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? sources(join(dir, f)) : f.endsWith(".ts") ? [join(dir, f)] : []));
}

test("every provider resource Vigil imports anywhere is classified, also the ones no test stack builds", () => {
  const imported = new Set<string>();
  for (const file of sources(join(ROOT, "lib"))) {
    for (const [, provider, dir] of readFileSync(file, "utf8").matchAll(/from "@cdktf\/(provider-[a-z]+)\/lib\/([a-z0-9-]+)"/g)) {
      if (dir === "provider" || dir.startsWith("data-")) continue;
      const type = /tfResourceType = "([a-z0-9_]+)"/.exec(readFileSync(join(ROOT, "node_modules/@cdktf", provider, "lib", dir, "index.d.ts"), "utf8"))?.[1];
      if (type) imported.add(type);
    }
  }
  expect(imported.size).toBeGreaterThan(100);
  expect(unclassified(imported)).toEqual([]);
});
