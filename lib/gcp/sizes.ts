import type { SizeClass } from "../core/environment";

/** GKE node machine types per size class (Compute Engine general-purpose families: E2 for small, N2 above). */
export const GCP_NODE_MACHINE_TYPES: Readonly<Record<SizeClass, string>> = {
  small: "e2-standard-2",
  medium: "n2-standard-4",
  large: "n2-standard-8",
  xlarge: "n2-standard-16",
};

/** A Cloud SQL machine: its tier, vCPUs and memory. */
export interface CloudSqlTier {
  /** Tier name (`db-custom-<vCPU>-<memory MiB>`). */
  readonly tier: string;
  /** Virtual CPUs of the machine, the `<vCPU>` part of the tier name. */
  readonly vcpu: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** `max_connections` Vigil sets (the connection alert is 80 % of it). */
  readonly maxConnections: number;
}

/**
 * Cloud SQL Enterprise edition custom machines per size class (1 to 96
 * vCPUs, 0.9 to 6.5 GiB per vCPU; Cloud SQL "Machine series overview").
 * `max_connections` is set explicitly so the alert threshold is known.
 */
export const CLOUD_SQL_TIERS: Readonly<Record<SizeClass, CloudSqlTier>> = {
  small: { tier: "db-custom-2-7680", vcpu: 2, memoryGiB: 7.5, maxConnections: 200 },
  medium: { tier: "db-custom-4-15360", vcpu: 4, memoryGiB: 15, maxConnections: 400 },
  large: { tier: "db-custom-8-30720", vcpu: 8, memoryGiB: 30, maxConnections: 800 },
  xlarge: { tier: "db-custom-16-61440", vcpu: 16, memoryGiB: 60, maxConnections: 1000 },
};

/** Managed Kafka capacity per size class: vCPUs (at least 3) and memory (1-8 GiB per vCPU). */
export const MANAGED_KAFKA_CAPACITY: Readonly<Record<SizeClass, { readonly vcpu: number; readonly memoryGiB: number }>> = {
  small: { vcpu: 3, memoryGiB: 6 },
  medium: { vcpu: 6, memoryGiB: 24 },
  large: { vcpu: 12, memoryGiB: 48 },
  xlarge: { vcpu: 24, memoryGiB: 96 },
};
