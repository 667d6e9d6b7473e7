import type { SizeClass } from "../core/environment";

/**
 * EC2 instance types per size class for EKS nodes: general purpose, Nitro,
 * available in every commercial Region, with a second type of the same
 * shape so a capacity shortage of one does not block scaling.
 */
export const AWS_NODE_INSTANCE_TYPES: Readonly<Record<SizeClass, readonly string[]>> = {
  small: ["m6i.large", "m5.large"],
  medium: ["m6i.xlarge", "m5.xlarge"],
  large: ["m6i.2xlarge", "m5.2xlarge"],
  xlarge: ["m6i.4xlarge", "m5.4xlarge"],
};

/** Values CloudWatch Logs accepts for `retention_in_days` (PutRetentionPolicy). */
const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The smallest allowed CloudWatch retention that keeps logs at least `days`
 * (so a profile's 35 days becomes 60, never 30).
 */
export function cloudWatchRetention(days: number): number {
  return CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}

/**
 * MSK broker instance types per size class: Graviton3 `kafka.m7g`, available
 * for Standard brokers in every commercial Region (MSK Developer Guide,
 * "Broker instance types").
 */
export const AWS_MSK_BROKER_TYPES: Readonly<Record<SizeClass, string>> = {
  small: "kafka.m7g.large",
  medium: "kafka.m7g.xlarge",
  large: "kafka.m7g.2xlarge",
  xlarge: "kafka.m7g.4xlarge",
};

/**
 * OpenSearch Service data node types per size class: general purpose for
 * the smallest, memory optimized (search is heap- and cache-bound) above
 * (OpenSearch Service Developer Guide, "Supported instance types").
 */
export const AWS_OPENSEARCH_DATA_NODE_TYPES: Readonly<Record<SizeClass, string>> = {
  small: "m7g.large.search",
  medium: "r7g.large.search",
  large: "r7g.xlarge.search",
  xlarge: "r7g.2xlarge.search",
};

/**
 * Dedicated master (cluster manager) node type: AWS sizes masters by data
 * node count, and m7g.large.search covers up to 30 data nodes
 * (OpenSearch Service Developer Guide, "Dedicated master nodes").
 */
export const AWS_OPENSEARCH_MASTER_NODE_TYPE = "m7g.large.search";

/** RDS DB instance class for each size class (PostgreSQL). */
export const AWS_RDS_POSTGRES_CLASSES: Readonly<Record<SizeClass, string>> = {
  small: "db.t4g.medium",
  medium: "db.m7g.large",
  large: "db.m7g.xlarge",
  xlarge: "db.m7g.2xlarge",
};

/** vCPUs and memory of a DB instance class. */
export interface DbInstanceClassSpec {
  /** Virtual CPUs. */
  readonly vcpu: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
}

const T_SIZES: Record<string, DbInstanceClassSpec> = {
  micro: { vcpu: 2, memoryGiB: 1 }, small: { vcpu: 2, memoryGiB: 2 }, medium: { vcpu: 2, memoryGiB: 4 },
  large: { vcpu: 2, memoryGiB: 8 }, xlarge: { vcpu: 4, memoryGiB: 16 }, "2xlarge": { vcpu: 8, memoryGiB: 32 },
};
/** General purpose sizes: 4 GiB per vCPU; memory optimized doubles the memory. */
const M_VCPU: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64, "24xlarge": 96, "32xlarge": 128 };
const upTo = (largest: string) => Object.fromEntries(Object.entries(M_VCPU).slice(0, Object.keys(M_VCPU).indexOf(largest) + 1));

function family(prefix: string, sizes: Record<string, number | DbInstanceClassSpec>, gibPerVcpu = 4): Record<string, DbInstanceClassSpec> {
  return Object.fromEntries(
    Object.entries(sizes).map(([size, s]) => [`db.${prefix}.${size}`, typeof s === "number" ? { vcpu: s, memoryGiB: s * gibPerVcpu } : s]),
  );
}

/**
 * DB instance classes RDS offers for PostgreSQL, with their vCPUs and memory
 * (alarm thresholds such as connections and freeable memory derive from
 * them). Sources: RDS User Guide, "Supported DB engines for DB instance
 * classes" (PostgreSQL column) and "Hardware specifications for DB instance
 * classes". Previous generations (m4, r4, t2) are left out: they no longer
 * run current PostgreSQL majors.
 */
export const AWS_RDS_POSTGRES_INSTANCE_CLASSES: Readonly<Record<string, DbInstanceClassSpec>> = {
  ...family("t3", T_SIZES),
  ...family("t4g", T_SIZES),
  ...family("m5", upTo("24xlarge")),
  ...family("m6g", upTo("16xlarge")),
  ...family("m6i", upTo("32xlarge")),
  ...family("m7g", upTo("16xlarge")),
  ...family("r5", upTo("24xlarge"), 8),
  ...family("r6g", upTo("16xlarge"), 8),
  ...family("r6i", upTo("32xlarge"), 8),
  ...family("r7g", upTo("16xlarge"), 8),
};
