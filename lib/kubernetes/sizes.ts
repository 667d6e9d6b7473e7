import type { SizeClass } from "../core/environment";
import type { ResourceRequirements } from "./resources";

/**
 * CPU and memory of one data-service pod (a broker, a Cassandra node, an
 * Elasticsearch data node, a PostgreSQL instance) per size class. Memory
 * limit = request (predictable eviction); no CPU limit (no throttling).
 * `small` fits a laptop's kind cluster.
 */
const IN_CLUSTER_POD_SIZES: Readonly<Record<SizeClass, { readonly cpu: string; readonly memoryGiB: number }>> = {
  small: { cpu: "250m", memoryGiB: 1 },
  medium: { cpu: "1", memoryGiB: 4 },
  large: { cpu: "2", memoryGiB: 8 },
  xlarge: { cpu: "4", memoryGiB: 16 },
};

/** The `resources` of a data-service pod of `size`, with `memoryShare` of its memory (e.g. 0.5 for dedicated masters). */
export function podResources(size: SizeClass, memoryShare = 1): ResourceRequirements {
  const s = IN_CLUSTER_POD_SIZES[size];
  const memory = `${Math.max(512, Math.round(s.memoryGiB * 1024 * memoryShare))}Mi`;
  return { requests: { cpu: s.cpu, memory }, limits: { memory } };
}
