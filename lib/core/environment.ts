import { IConstruct } from "constructs";
import type { Severity } from "../observability/severity";

/** The behaviour class of an environment; a derived profile keeps its base's tier. */
export type EnvironmentTier = "dev" | "staging" | "prod";

/** The built-in environment names. */
export const ENVIRONMENT_NAMES: readonly EnvironmentTier[] = ["dev", "staging", "prod"];

/**
 * Fewest days of automated backups / point-in-time recovery in prod: a
 * problem noticed after a weekend and a week of triage can still be undone.
 * A prod-tier profile keeping fewer fails where it is derived; the
 * data-protection policy checks the same number on the synthesized resources.
 */
export const MIN_PROD_BACKUP_DAYS = 7;

/** Fewest days workload logs stay searchable in prod (PCI DSS 10.5.1: three months immediately available). */
export const MIN_PROD_LOG_RETENTION_DAYS = 90;

/** Fewest days workload logs are kept in all, archive included, in prod (PCI DSS 10.5.1: twelve months). */
export const MIN_PROD_LOG_ARCHIVE_DAYS = 365;

/**
 * A cloud-neutral size class; each cloud maps it to machine types
 * (e.g. AWS `medium` = `m6i.xlarge`).
 */
export type SizeClass = "small" | "medium" | "large" | "xlarge";

/** Node pool bounds and machine size for an environment. */
export interface NodeScaling {
  /** Fewest nodes the autoscaler may leave. */
  readonly minNodes: number;
  /** Most nodes the autoscaler may add. */
  readonly maxNodes: number;
  /** Nodes at creation; the autoscaler owns the count afterwards. */
  readonly desiredNodes: number;
  /** Machine size class. */
  readonly size: SizeClass;
  /** Root volume size in GiB. */
  readonly diskGiB: number;
}

/** How the Kubernetes API endpoint is reachable. */
export interface ClusterEndpointAccess {
  /** Whether the API endpoint is reachable from the internet (always also private). */
  readonly publicAccess: boolean;
}

/** Where Terraform state lives for stacks of this environment. */
export type StateLocation = "local" | "remote";

/**
 * Everything an environment decides: sizes, HA, retention, protection,
 * routing and state. Components read it with `props.x ?? profile.x`.
 */
export interface EnvironmentProfile {
  /** Name used in resource names, tags and stack ids (DNS-label characters). */
  readonly name: string;
  /** Which built-in behaviour this profile follows (dev never pages, prod protects data, ...). */
  readonly tier: EnvironmentTier;
  /** Availability zones the network and cluster span. */
  readonly zones: number;
  /** Whether stateful services run highly available (Multi-AZ, zone-redundant, regional). */
  readonly highAvailability: boolean;
  /** One NAT gateway for the VPC, or one per zone so a zone outage cuts no egress. */
  readonly natGateways: "single" | "per-zone";
  /** Deletion protection on clusters and data services. */
  readonly deletionProtection: boolean;
  /** Terraform `prevent_destroy` on stateful resources. */
  readonly preventDestroy: boolean;
  /** Days of automated backups / point-in-time recovery kept. */
  readonly backupRetentionDays: number;
  /** Days operational logs (flow logs, service logs) are kept. */
  readonly logRetentionDays: number;
  /** Days audit and access logs (e.g. the Kubernetes audit log) are kept; PCI DSS asks for 365. */
  readonly auditLogRetentionDays: number;
  /**
   * Days the workloads' logs (application and access logs) are kept in all,
   * the last `logArchiveDays - logRetentionDays` of them in archive storage
   * (S3 Glacier, GCS Archive, the Log Analytics archive tier, Elasticsearch
   * snapshots); 0 for no archive (dev). In a prod-tier profile at least 365
   * and the archive cannot be deleted early (PCI DSS 10.5.1: 12 months, 3 at
   * hand); staging keeps the same archive for 90 days, unlocked.
   */
  readonly logArchiveDays: number;
  /** Default node pool scaling. */
  readonly nodes: NodeScaling;
  /** Kubernetes API endpoint access. */
  readonly clusterEndpoint: ClusterEndpointAccess;
  /** Alert routing: the severity a `page` alert is delivered as (dev: `ticket`, so dev never pages). */
  readonly pageRoutesAs: Severity;
  /** Minutes between two synthetic checks of a public endpoint (1-60; prod probes every minute). A cost setting like retention, so staging may differ from prod. */
  readonly syntheticCheckIntervalMinutes: number;
  /** Where Terraform state lives. */
  readonly state: StateLocation;
}

/**
 * The built-in profiles. Staging keeps prod's topology (zones, HA, NAT per
 * zone, private endpoint, protection) at a smaller size and shorter retention.
 */
export const ENVIRONMENT_PROFILES: Readonly<Record<EnvironmentTier, EnvironmentProfile>> = {
  dev: {
    name: "dev",
    tier: "dev",
    zones: 3,
    highAvailability: false,
    natGateways: "single",
    deletionProtection: false,
    preventDestroy: false,
    backupRetentionDays: 1,
    logRetentionDays: 7,
    auditLogRetentionDays: 30,
    logArchiveDays: 0,
    nodes: { minNodes: 1, maxNodes: 3, desiredNodes: 2, size: "small", diskGiB: 50 },
    clusterEndpoint: { publicAccess: true },
    pageRoutesAs: "ticket",
    syntheticCheckIntervalMinutes: 15,
    state: "local",
  },
  staging: {
    name: "staging",
    tier: "staging",
    zones: 3,
    highAvailability: true,
    natGateways: "per-zone",
    deletionProtection: true,
    preventDestroy: false,
    backupRetentionDays: 7,
    logRetentionDays: 30,
    auditLogRetentionDays: 90,
    // Staging keeps prod's log pipeline, archive included, for a shorter time (and without the lock).
    logArchiveDays: 90,
    nodes: { minNodes: 3, maxNodes: 6, desiredNodes: 3, size: "medium", diskGiB: 100 },
    clusterEndpoint: { publicAccess: false },
    pageRoutesAs: "page",
    syntheticCheckIntervalMinutes: 5,
    state: "remote",
  },
  prod: {
    name: "prod",
    tier: "prod",
    zones: 3,
    highAvailability: true,
    natGateways: "per-zone",
    deletionProtection: true,
    preventDestroy: true,
    backupRetentionDays: 35,
    logRetentionDays: 90,
    auditLogRetentionDays: 365,
    logArchiveDays: 365,
    nodes: { minNodes: 3, maxNodes: 12, desiredNodes: 6, size: "large", diskGiB: 100 },
    clusterEndpoint: { publicAccess: false },
    pageRoutesAs: "page",
    syntheticCheckIntervalMinutes: 1,
    state: "remote",
  },
};

/** Changes applied on top of a base profile by {@link deriveProfile}. */
export type ProfileOverrides = Partial<Omit<EnvironmentProfile, "tier" | "nodes" | "clusterEndpoint">> & {
  /** Node scaling fields to change. @default - the base profile's */
  readonly nodes?: Partial<NodeScaling>;
  /** Endpoint access to change. @default - the base profile's */
  readonly clusterEndpoint?: Partial<ClusterEndpointAccess>;
};

/**
 * Derives a profile from a built-in one (or any other), keeping its tier:
 * `deriveProfile("staging", { name: "perf", nodes: { maxNodes: 20 } })`.
 */
export function deriveProfile(base: EnvironmentTier | EnvironmentProfile, overrides: ProfileOverrides): EnvironmentProfile {
  const from = typeof base === "string" ? ENVIRONMENT_PROFILES[base] : base;
  if (!from) {
    throw new Error(`deriveProfile: unknown base environment ${JSON.stringify(base)}; use one of ${ENVIRONMENT_NAMES.join(", ")}`);
  }
  return {
    ...from,
    ...overrides,
    tier: from.tier,
    nodes: { ...from.nodes, ...overrides.nodes },
    clusterEndpoint: { ...from.clusterEndpoint, ...overrides.clusterEndpoint },
  };
}

/** Checks a profile's own consistency; returns messages naming field, value and fix. */
export function validateProfile(profile: EnvironmentProfile): string[] {
  const p = profile;
  const problems: string[] = [];
  const where = `environment profile "${p.name}"`;
  if (!/^[a-z][a-z0-9-]{0,14}$/.test(p.name)) {
    problems.push(`${where}: \`name\` must be 1-15 lowercase letters, digits or "-" starting with a letter (it goes into resource names); got ${JSON.stringify(p.name)}`);
  }
  if (!Number.isInteger(p.zones) || p.zones < 1 || p.zones > 3) {
    problems.push(`${where}: \`zones\` is ${p.zones}; use 1, 2 or 3`);
  }
  if (p.highAvailability && p.zones < 2) {
    problems.push(`${where}: \`highAvailability\` needs at least 2 zones but \`zones\` is ${p.zones}; raise zones or set highAvailability=false`);
  }
  const n = p.nodes;
  if (!Number.isInteger(n.minNodes) || n.minNodes < 0) problems.push(`${where}: \`nodes.minNodes\` is ${n.minNodes}; use a whole number >= 0`);
  if (!Number.isInteger(n.maxNodes) || n.maxNodes < 1) problems.push(`${where}: \`nodes.maxNodes\` is ${n.maxNodes}; use a whole number >= 1`);
  if (n.minNodes > n.maxNodes) problems.push(`${where}: \`nodes.minNodes\` (${n.minNodes}) is greater than \`nodes.maxNodes\` (${n.maxNodes}); set minNodes <= maxNodes`);
  if (n.desiredNodes < n.minNodes || n.desiredNodes > n.maxNodes) {
    problems.push(`${where}: \`nodes.desiredNodes\` (${n.desiredNodes}) is outside [${n.minNodes}, ${n.maxNodes}]; pick a value between minNodes and maxNodes`);
  }
  for (const key of ["backupRetentionDays", "logRetentionDays", "auditLogRetentionDays"] as const) {
    if (!Number.isInteger(p[key]) || p[key] < 1) problems.push(`${where}: \`${key}\` is ${p[key]}; use a whole number of days >= 1`);
  }
  if (!Number.isInteger(p.syntheticCheckIntervalMinutes) || p.syntheticCheckIntervalMinutes < 1 || p.syntheticCheckIntervalMinutes > 60) {
    problems.push(`${where}: \`syntheticCheckIntervalMinutes\` is ${p.syntheticCheckIntervalMinutes}; use a whole number of minutes from 1 to 60 (CloudWatch Synthetics schedules)`);
  }
  if (p.tier === "prod" && Number.isInteger(p.backupRetentionDays) && p.backupRetentionDays >= 1 && p.backupRetentionDays < MIN_PROD_BACKUP_DAYS) {
    problems.push(`${where}: \`backupRetentionDays\` is ${p.backupRetentionDays} in a prod-tier profile; keep at least ${MIN_PROD_BACKUP_DAYS} days of backups and point-in-time recovery in prod`);
  }
  if (p.tier === "prod" && p.auditLogRetentionDays < 365) {
    problems.push(`${where}: \`auditLogRetentionDays\` is ${p.auditLogRetentionDays} in a prod-tier profile; PCI DSS 10.5.1 asks for >= 365`);
  }
  problems.push(...logRetentionProblems(p, where));
  return problems;
}

/**
 * The workload logs' retention: searchable days at least the prod minimum in
 * prod, an archive (when there is one) longer than the searchable part, and
 * a year in all in prod.
 */
function logRetentionProblems(p: EnvironmentProfile, where: string): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(p.logArchiveDays) || p.logArchiveDays < 0) {
    return [`${where}: \`logArchiveDays\` is ${p.logArchiveDays}; use a whole number of days, 0 for no archive`];
  }
  if (p.tier === "prod" && Number.isInteger(p.logRetentionDays) && p.logRetentionDays >= 1 && p.logRetentionDays < MIN_PROD_LOG_RETENTION_DAYS) {
    problems.push(
      `${where}: \`logRetentionDays\` is ${p.logRetentionDays} in a prod-tier profile; keep at least ${MIN_PROD_LOG_RETENTION_DAYS} days of logs searchable in prod (PCI DSS 10.5.1: three months immediately available)`,
    );
  }
  if (p.logArchiveDays > 0 && p.logArchiveDays <= p.logRetentionDays) {
    problems.push(
      `${where}: \`logArchiveDays\` is ${p.logArchiveDays}, not longer than \`logRetentionDays\` (${p.logRetentionDays}); the archive keeps logs after they leave the searchable store, so make it longer (e.g. 365) or 0 for none`,
    );
  }
  if (p.tier === "prod" && p.logArchiveDays < MIN_PROD_LOG_ARCHIVE_DAYS) {
    problems.push(`${where}: \`logArchiveDays\` is ${p.logArchiveDays} in a prod-tier profile; keep application and access logs >= ${MIN_PROD_LOG_ARCHIVE_DAYS} days in prod (PCI DSS 10.5.1)`);
  }
  return problems;
}

const PROFILE_OF = Symbol.for("cdktf-vigil.environment-profile");

/** Reads the environment profile that governs a construct. */
export class Profile {
  /**
   * Attaches a profile to a construct; every construct below it reads it
   * with {@link Profile.of}.
   */
  public static attach(scope: IConstruct, profile: EnvironmentProfile): void {
    (scope as unknown as Record<symbol, EnvironmentProfile>)[PROFILE_OF] = profile;
  }

  /** The profile of the nearest ancestor (or the construct itself) that has one. */
  public static of(scope: IConstruct): EnvironmentProfile {
    const found = Profile.tryOf(scope);
    if (!found) {
      throw new Error(
        `[${scope.node.path}] no environment profile above this construct; create it inside a platform (e.g. AwsPlatform) or call Profile.attach(stack, ENVIRONMENT_PROFILES.dev)`,
      );
    }
    return found;
  }

  /** Like {@link Profile.of} but returns undefined when none is attached. */
  public static tryOf(scope: IConstruct): EnvironmentProfile | undefined {
    for (const c of scope.node.scopes.slice().reverse()) {
      const p = (c as unknown as Record<symbol, EnvironmentProfile | undefined>)[PROFILE_OF];
      if (p) return p;
    }
    return undefined;
  }
}

/**
 * Resolves an environment given by name or by profile. An unknown name is
 * reported as an error message, and `dev` is returned so construction can
 * continue and every other error is reported in the same synth.
 */
export function resolveEnvironment(environment: string | EnvironmentProfile): { profile: EnvironmentProfile; problems: string[] } {
  if (typeof environment !== "string") {
    return { profile: environment, problems: validateProfile(environment) };
  }
  const known = ENVIRONMENT_PROFILES[environment as EnvironmentTier];
  if (known) return { profile: known, problems: [] };
  return {
    profile: ENVIRONMENT_PROFILES.dev,
    problems: [
      `\`environment\` is ${JSON.stringify(environment)}, which is not a known profile; use one of ${ENVIRONMENT_NAMES.join(", ")}, or pass a profile made with deriveProfile("staging", { name: ${JSON.stringify(environment)} })`,
    ],
  };
}
