import type { CassandraAlertId } from "../../observability/alert-catalog";
import type { ComponentBaseProps, ComponentHandle } from "./common";

/** CQL column types accepted in table definitions. */
const CQL_TYPES: readonly string[] = [
  "ascii", "bigint", "blob", "boolean", "counter", "date", "decimal", "double", "duration", "float", "inet",
  "int", "smallint", "text", "time", "timestamp", "timeuuid", "tinyint", "uuid", "varchar", "varint",
];

/** One table of a keyspace. */
export interface CassandraTableProps {
  /** Columns by name with their CQL type, e.g. `{ order_id: "uuid", total: "decimal" }`. */
  readonly columns: Readonly<Record<string, string>>;
  /** Partition key columns, in order. */
  readonly partitionKey: readonly string[];
  /** Clustering columns, in order. @default - none */
  readonly clusteringKey?: readonly { readonly column: string; readonly order?: "ASC" | "DESC" }[];
  /** Default time to live of rows, seconds. @default - rows do not expire */
  readonly defaultTtlSeconds?: number;
}

/** One keyspace. */
export interface CassandraKeyspaceProps {
  /** Tables by name. @default - none */
  readonly tables?: Readonly<Record<string, CassandraTableProps>>;
}

/** One datacenter of a self-managed or managed-instance cluster (not used by Amazon Keyspaces, which is serverless). */
export interface CassandraDatacenterProps {
  /** Nodes in the datacenter. @default 3 */
  readonly nodes?: number;
  /** Replication factor of the keyspaces in this datacenter. @default - min(3, nodes) */
  readonly replicationFactor?: number;
  /** Storage per node in GiB. @default 100 */
  readonly storageGiB?: number;
}

/** Cloud-neutral Cassandra props (Amazon Keyspaces, Azure Managed Instance, K8ssandra). */
export interface CassandraProps extends ComponentBaseProps<CassandraAlertId> {
  /** Keyspaces by name. @default - none */
  readonly keyspaces?: Readonly<Record<string, CassandraKeyspaceProps>>;
  /** Datacenters by name, where the target runs nodes. @default - `{ dc1: {} }` */
  readonly datacenters?: Readonly<Record<string, CassandraDatacenterProps>>;
}

/** A built Cassandra keyspace set or cluster. */
export interface CassandraHandle extends ComponentHandle {
  /** Contact point clients connect to (host name or service DNS). */
  readonly endpoint: string;
}

const CQL_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;

/** Checks keyspaces, tables and datacenters; messages name the path and the fix. */
export function validateCassandra(props: CassandraProps): string[] {
  const problems: string[] = [];
  for (const [ks, keyspace] of Object.entries(props.keyspaces ?? {})) {
    const where = `\`cassandra.keyspaces.${ks}\``;
    if (!CQL_NAME.test(ks)) problems.push(`${where}: a keyspace name is 1-48 letters, digits or "_", starting with a letter`);
    for (const [tn, table] of Object.entries(keyspace.tables ?? {})) {
      const at = (field = "") => `\`cassandra.keyspaces.${ks}.tables.${tn}${field}\``;
      if (!CQL_NAME.test(tn)) problems.push(`${at()}: a table name is 1-48 letters, digits or "_", starting with a letter`);
      const columns = Object.keys(table.columns ?? {});
      if (columns.length === 0) problems.push(`${at(`.columns`)} is empty; declare at least the key columns`);
      for (const [col, type] of Object.entries(table.columns ?? {})) {
        if (!CQL_NAME.test(col)) problems.push(`${at(`.columns.${col}`)}: a column name is 1-48 letters, digits or "_", starting with a letter`);
        if (!CQL_TYPES.includes(type)) problems.push(`${at(`.columns.${col}`)} has type ${JSON.stringify(type)}; use a CQL type: ${CQL_TYPES.join(", ")}`);
      }
      if (!table.partitionKey?.length) problems.push(`${at(`.partitionKey`)} is empty; name at least one column`);
      for (const key of [...(table.partitionKey ?? []), ...(table.clusteringKey ?? []).map((c) => c.column)]) {
        if (!columns.includes(key)) problems.push(`${at()}: key column "${key}" is not in \`columns\` (${columns.join(", ")})`);
      }
      if (table.defaultTtlSeconds !== undefined && (!Number.isInteger(table.defaultTtlSeconds) || table.defaultTtlSeconds < 0 || table.defaultTtlSeconds > 630720000)) {
        problems.push(`${at(`.defaultTtlSeconds`)} is ${table.defaultTtlSeconds}; use 0 to 630720000 seconds (20 years)`);
      }
    }
  }
  for (const [dc, d] of Object.entries(props.datacenters ?? {})) {
    const where = `\`cassandra.datacenters.${dc}\``;
    const nodes = d.nodes ?? 3;
    const rf = d.replicationFactor ?? Math.min(3, nodes);
    if (!/^[a-z][a-z0-9-]{0,29}$/.test(dc)) problems.push(`${where}: a datacenter name is 1-30 lowercase letters, digits or "-", starting with a letter`);
    if (!Number.isInteger(nodes) || nodes < 1) problems.push(`${where}.nodes is ${nodes}; use a whole number >= 1`);
    // The replication factor is checked against a valid node count only (else "use 1 to 0").
    else if (!Number.isInteger(rf) || rf < 1 || rf > nodes) problems.push(`${where}.replicationFactor is ${rf} but the datacenter has ${nodes} nodes; use 1 to ${nodes} (each replica needs its own node)`);
  }
  return problems;
}
