// Database version downgrades: Terraform shows most of them as an in-place
// update, but no engine goes back a version in place. Each entry says what
// the engine or the provider really does, from their own words.
import type { ChartObject } from "./read-chart";

/** A version argument of a stateful resource that goes down. */
interface Downgrade {
  /** The argument (for a chart object: `chart[<key>].spec.imageName`). */
  readonly path: string;
  /** `refused`: the engine refuses it (apply fails, or the operator ignores it); `replaced`: the provider replaces the database. */
  readonly effect: "refused" | "replaced";
  /** What happens, and who says so. */
  readonly reason: string;
  /** What to do instead. */
  readonly advice: string;
}

/** The numbers of a version: `17.2` → [17, 2], `POSTGRES_17` → [17], `MYSQL_8_0` → [8, 0]. */
function numbers(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

/** `after` is lower than `before`, comparing the parts both name (`16` and `16.4` are equal); only the first part when `majorOnly`. */
function isLower(before: string, after: string, majorOnly = false): boolean {
  const [a, b] = [numbers(before), numbers(after)];
  const length = majorOnly ? 1 : Math.min(a.length, b.length);
  for (let i = 0; i < length && i < a.length && i < b.length; i++) if (a[i] !== b[i]) return b[i] < a[i];
  return false;
}

const newDatabase = (keep: string) =>
  `Keep ${keep}. A database on the lower version is a new database, not a change of this one: create it under another construct id and move the data into it (a dump taken from the newer server is not guaranteed to load into an older one unedited), then retire this one`;

type Check = (before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>) => Downgrade | undefined;

const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);

/**
 * Per resource type, the version argument and what a lower value does.
 * RDS: ModifyDBInstance refuses any lower engine version ("InvalidParameterCombination:
 * Cannot upgrade postgres from 15.7 to 15.5", e.g. hashicorp/terraform#22462).
 * Cloud SQL: the google provider updates `database_version` in place (no ForceNew,
 * terraform-provider-google resource_sql_database_instance.go), and Cloud SQL upgrades a
 * major version in place only to one of the instance's `upgradableDatabaseVersions`
 * (cloud.google.com/sql/docs/postgres/upgrade-major-db-version-inplace).
 * Azure: "Downgrading `version` isn't supported and will force a new PostgreSQL Flexible
 * Server to be created" (terraform-provider-azurerm, postgresql_flexible_server docs).
 */
const CHECKS: Readonly<Record<string, Check>> = {
  aws_db_instance: (before, after) => {
    const [from, to, engine] = [text(before.engine_version), text(after.engine_version), text(after.engine) ?? "the engine"];
    if (!from || !to || !isLower(from, to)) return undefined;
    return {
      path: "engine_version",
      effect: "refused",
      reason: `engine_version goes down from ${from} to ${to}: RDS does not downgrade an instance (ModifyDBInstance answers "InvalidParameterCombination: Cannot upgrade ${engine} from ${from} to ${to}"), so terraform plan shows an in-place update and terraform apply fails`,
      advice: newDatabase(`engine_version ${from}`),
    };
  },
  google_sql_database_instance: (before, after) => {
    const [from, to] = [text(before.database_version), text(after.database_version)];
    if (!from || !to || from.split("_")[0] !== to.split("_")[0] || !isLower(from, to, true)) return undefined;
    return {
      path: "database_version",
      effect: "refused",
      reason: `database_version goes down from ${from} to ${to}: Cloud SQL changes a major version in place only upwards (to one of the instance's upgradableDatabaseVersions), and the google provider sends database_version as an in-place update, so terraform plan shows an in-place change that the Cloud SQL Admin API refuses at apply`,
      advice: `${newDatabase(from)} (gcloud sql export, then import into the new instance)`,
    };
  },
  azurerm_postgresql_flexible_server: (before, after) => {
    const [from, to] = [text(before.version), text(after.version)];
    if (!from || !to || !isLower(from, to, true)) return undefined;
    return {
      path: "version",
      effect: "replaced",
      reason: `version goes down from ${from} to ${to}: a flexible server cannot be downgraded, and the azurerm provider replaces it instead ("Downgrading version isn't supported and will force a new PostgreSQL Flexible Server to be created")`,
      advice: newDatabase(`version ${from}`),
    };
  },
};

/** The version downgrades between two bodies of a resource of `type`. */
export function resourceDowngrades(type: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Downgrade[] {
  const found = CHECKS[type]?.(before, after);
  return found ? [found] : [];
}

/** The tag of an image reference (`ghcr.io/cloudnative-pg/postgresql:17` → `17`), if it has one. */
function imageTag(image: string): string | undefined {
  const colon = image.lastIndexOf(":");
  return colon > image.lastIndexOf("/") ? image.slice(colon + 1) : undefined;
}

/**
 * CloudNativePG Clusters of a generated chart whose image goes to a lower
 * PostgreSQL major version. The operator refuses it and keeps the running
 * image ("cannot downgrade the PostgreSQL major version from %d to %d",
 * cloudnative-pg internal/controller/cluster_image.go), while Helm and
 * Terraform report success.
 */
export function chartDowngrades(before: readonly ChartObject[], after: readonly ChartObject[]): Downgrade[] {
  const found: Downgrade[] = [];
  for (const b of before) {
    if (b.apiVersion.split("/")[0] !== "postgresql.cnpg.io" || b.kind !== "Cluster") continue;
    const a = after.find((o) => o.key === b.key);
    const image = (o: ChartObject) => text((o.manifest.spec as { imageName?: unknown } | undefined)?.imageName);
    const [from, to] = [b, a].map((o) => (o ? image(o) : undefined));
    const [fromTag, toTag] = [from && imageTag(from), to && imageTag(to)];
    if (!fromTag || !toTag || !isLower(fromTag, toTag, true)) continue;
    const [fromMajor, toMajor] = [numbers(fromTag)[0], numbers(toTag)[0]];
    found.push({
      path: `chart[${b.key}].spec.imageName`,
      effect: "refused",
      reason: `the CloudNativePG Cluster ${b.key.split("/").slice(1).join("/")} goes from PostgreSQL ${fromMajor} to ${toMajor} (imageName ${from} → ${to}): the operator does not downgrade ("cannot downgrade the PostgreSQL major version from ${fromMajor} to ${toMajor}") and keeps running ${fromMajor}, while helm upgrade and terraform apply report success`,
      advice: newDatabase(`imageName ${from}`),
    });
  }
  return found;
}
