import type { PostgresAlertId } from "../../observability/alert-catalog";
import type { EnvironmentProfile } from "../environment";
import type { ComponentBaseProps, ComponentHandle } from "./common";

/** Cloud-neutral PostgreSQL props (RDS, Cloud SQL, Flexible Server, CloudNativePG). */
export interface PostgresProps extends ComponentBaseProps<PostgresAlertId> {
  /** Major version. @default "17" */
  readonly version?: string;
  /** Exact instance / machine type, overriding `size`; validated against the engine family. @default - the target's type for `size` */
  readonly instanceType?: string;
  /** Allocated storage in GiB (storage autoscaling may grow it). @default 20 in dev, 100 otherwise */
  readonly storageGiB?: number;
  /** Name of the database created with the server. @default - the service name with "-" replaced by "_" */
  readonly databaseName?: string;
  /** Standby in another zone. Cannot be turned off where the profile is highly available. @default - profile.highAvailability */
  readonly highAvailability?: boolean;
  /** Days of backups / point-in-time recovery; not below the profile's. @default - profile.backupRetentionDays (dev 1, staging 7, prod 35) */
  readonly backupRetentionDays?: number;
}

/** A built PostgreSQL server. */
export interface PostgresHandle extends ComponentHandle {
  /** Host name clients connect to (TLS required). */
  readonly endpoint: string;
  /** Reference to the managed secret holding the master credentials (never the value). */
  readonly credentialsSecret: string;
}

/** PostgreSQL settings after defaults. */
export interface ResolvedPostgres {
  /** Major version. */
  readonly version: string;
  /** Allocated storage in GiB. */
  readonly storageGiB: number;
  /** Name of the database created with the server: `databaseName`, else the service name with `-` replaced by `_`. */
  readonly databaseName: string;
  /** Standby in another zone. */
  readonly highAvailability: boolean;
  /** Days of backups / point-in-time recovery: `backupRetentionDays`, else the profile's `backupRetentionDays`. */
  readonly backupRetentionDays: number;
}

/**
 * PostgreSQL majors every target offers with community support: 14 to 18
 * (13 reached its community end of life in November 2025; RDS sells
 * extended support for it, CloudNativePG and Cloud SQL have moved on).
 */
const POSTGRES_MAJOR_VERSIONS: readonly string[] = ["14", "15", "16", "17", "18"];

/** Storage every target accepts (RDS gp3 and Cloud SQL: up to 64 TiB); a target that holds less says so in {@link PostgresLimits}. */
const POSTGRES_STORAGE_GIB = { min: 20, max: 65536 } as const;

/** What a target's PostgreSQL holds at most, when less than {@link POSTGRES_STORAGE_GIB}: one rule per field on each target. */
export interface PostgresLimits {
  /** Most storage in GiB, and the service it is the limit of (for the message). */
  readonly maxStorageGiB: { readonly limit: number; readonly source: string };
}

/** Applies the defaults and checks them against the profile and the target's `limits`. */
export function resolvePostgres(props: PostgresProps, service: string, profile: EnvironmentProfile, limits?: PostgresLimits): { postgres: ResolvedPostgres; problems: string[] } {
  const problems: string[] = [];
  const version = props.version ?? "17";
  const storageGiB = props.storageGiB ?? (profile.tier === "dev" ? 20 : 100);
  const databaseName = props.databaseName ?? service.replace(/-/g, "_");
  const highAvailability = props.highAvailability ?? profile.highAvailability;
  const backupRetentionDays = props.backupRetentionDays ?? profile.backupRetentionDays;
  if (!POSTGRES_MAJOR_VERSIONS.includes(version)) problems.push(`\`postgres.version\` is ${JSON.stringify(version)}; use a supported major version: ${POSTGRES_MAJOR_VERSIONS.join(", ")}`);
  const maxStorage = limits?.maxStorageGiB.limit ?? POSTGRES_STORAGE_GIB.max;
  if (!Number.isInteger(storageGiB) || storageGiB < POSTGRES_STORAGE_GIB.min || storageGiB > maxStorage) {
    problems.push(`\`postgres.storageGiB\` is ${storageGiB}; use ${POSTGRES_STORAGE_GIB.min} to ${maxStorage}${limits ? ` (${limits.maxStorageGiB.source} holds at most ${maxStorage} GiB)` : ""}`);
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseName)) problems.push(`\`postgres.databaseName\` ${JSON.stringify(databaseName)} must be 1-63 lowercase letters, digits or "_", not starting with a digit`);
  if (profile.highAvailability && !highAvailability) {
    problems.push(`\`postgres.highAvailability\` is false in "${profile.name}", which runs highly available; remove the override (a zone outage would take the database down)`);
  }
  if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < profile.backupRetentionDays || backupRetentionDays > 35) {
    problems.push(`\`postgres.backupRetentionDays\` is ${backupRetentionDays}; "${profile.name}" keeps at least ${profile.backupRetentionDays} day${profile.backupRetentionDays === 1 ? "" : "s"} (at most 35)`);
  }
  return { postgres: { version, storageGiB, databaseName, highAvailability, backupRetentionDays }, problems };
}
