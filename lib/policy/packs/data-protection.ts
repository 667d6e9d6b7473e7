import { MIN_PROD_BACKUP_DAYS } from "../../core/environment";
import { PreventDestroyPolicy, STATEFUL_TYPES, statefulEntry } from "../../core/stateful";
import { statefulCoverageProblems } from "../../core/stateful-coverage";
import { attr, isFalse, isTrue, preventsDestroy, refersTo, shown } from "../attributes";
import { ResourceCheck, resourceRule } from "../resource-rule";
import type { PolicyContext, PolicyRule, RuleViolation } from "../types";
import { checksForGuard } from "./guard-checks";

/** Fewest days of backups in prod: the profile's rule (`lib/core/environment.ts`), checked again on the resources. */
export { MIN_PROD_BACKUP_DAYS };

/** An Azure resource is protected from deletion by a CanNotDelete or ReadOnly management lock scoped to it. */
const azureLock: ResourceCheck = (r, ctx) =>
  ctx.resources.some((l) => l.type === "azurerm_management_lock" && refersTo(l.attributes.scope, r.address) && ["CanNotDelete", "ReadOnly"].includes(String(l.attributes.lock_level)))
    ? undefined
    : `no azurerm_management_lock with lock_level "CanNotDelete" has scope = ${r.address}.id; add one`;

const backupDays = (path: string, label: string): ResourceCheck => (r) => {
  const days = Number(attr(r.attributes, path) ?? 0);
  return days >= MIN_PROD_BACKUP_DAYS ? undefined : `${path} is ${shown(attr(r.attributes, path))}; keep ${label} for at least ${MIN_PROD_BACKUP_DAYS} days in prod (profile backupRetentionDays)`;
};

const finalSnapshot: ResourceCheck = (r) => [
  ...(isTrue(r.attributes.skip_final_snapshot) ? ["skip_final_snapshot is true; set it to false"] : []),
  ...(r.attributes.final_snapshot_identifier ? [] : ["final_snapshot_identifier is unset; name the final snapshot (e.g. <identifier>-final)"]),
];

const deletionProtection = resourceRule("data-protection", {
  id: "data-protection/deletion-protection",
  level: "error",
  description: "In prod, stateful services refuse deletion through the cloud API.",
  tiers: ["prod"],
  alsoReads: ["azurerm_management_lock"],
  checks: checksForGuard("deletion-protection", {
    aws_db_instance: (r) => (isTrue(r.attributes.deletion_protection) ? undefined : `deletion_protection is ${shown(r.attributes.deletion_protection)}; set it to true`),
    aws_rds_cluster: (r) => (isTrue(r.attributes.deletion_protection) ? undefined : `deletion_protection is ${shown(r.attributes.deletion_protection)}; set it to true`),
    aws_dynamodb_table: (r) => (isTrue(r.attributes.deletion_protection_enabled) ? undefined : "deletion_protection_enabled is not true; set it to true"),
    google_sql_database_instance: (r) => [
      ...(isTrue(attr(r.attributes, "settings.deletion_protection_enabled")) ? [] : ["settings.deletion_protection_enabled is not true; set it to true (it guards the instance in the Cloud SQL API too)"]),
      ...(isFalse(r.attributes.deletion_protection) ? ["deletion_protection is false; remove it (default true)"] : []),
    ],
    azurerm_postgresql_flexible_server: azureLock,
    azurerm_eventhub_namespace: azureLock,
    azurerm_cosmosdb_cassandra_cluster: azureLock,
  }),
});

const backups = resourceRule("data-protection", {
  id: "data-protection/backups",
  level: "error",
  description: `In prod, databases keep automated backups with point-in-time recovery for at least ${MIN_PROD_BACKUP_DAYS} days.`,
  tiers: ["prod"],
  checks: checksForGuard("backups", {
    aws_db_instance: backupDays("backup_retention_period", "automated backups"),
    aws_rds_cluster: backupDays("backup_retention_period", "automated backups"),
    aws_keyspaces_table: (r) => (attr(r.attributes, "point_in_time_recovery.status") === "ENABLED" ? undefined : `point_in_time_recovery.status is ${shown(attr(r.attributes, "point_in_time_recovery.status"))}; set it to "ENABLED"`),
    aws_dynamodb_table: (r) => (isTrue(attr(r.attributes, "point_in_time_recovery.enabled")) ? undefined : "point_in_time_recovery.enabled is not true; set it to true"),
    google_sql_database_instance: (r) => [
      ...(isTrue(attr(r.attributes, "settings.backup_configuration.enabled")) ? [] : ["settings.backup_configuration.enabled is not true; set it to true"]),
      ...(isTrue(attr(r.attributes, "settings.backup_configuration.point_in_time_recovery_enabled")) ? [] : ["settings.backup_configuration.point_in_time_recovery_enabled is not true; set it to true"]),
    ],
    azurerm_postgresql_flexible_server: (r) =>
      r.attributes.backup_retention_days === undefined || Number(r.attributes.backup_retention_days) >= MIN_PROD_BACKUP_DAYS
        ? undefined
        : `backup_retention_days is ${shown(r.attributes.backup_retention_days)}; keep at least ${MIN_PROD_BACKUP_DAYS}`,
  }),
});

const finalSnapshots = resourceRule("data-protection", {
  id: "data-protection/final-snapshot",
  level: "error",
  description: "In prod, deleting a database leaves a final snapshot (or keeps its backups).",
  tiers: ["prod"],
  checks: checksForGuard("final-snapshot", {
    aws_db_instance: finalSnapshot,
    aws_rds_cluster: finalSnapshot,
    google_sql_database_instance: (r) => (isTrue(attr(r.attributes, "settings.retain_backups_on_delete")) ? undefined : "settings.retain_backups_on_delete is not true; set it to true so backups outlive the instance"),
  }),
});

/** A prevent_destroy check for the types whose table entry asks for it with `policy`. */
function preventDestroyChecks(policy: PreventDestroyPolicy): Record<string, ResourceCheck> {
  const check: ResourceCheck = (r, ctx) =>
    statefulEntry(r, ctx.manifest.components) === undefined || preventsDestroy(r.attributes) ? undefined : "lifecycle.prevent_destroy is not true; set it (profile preventDestroy) so Terraform refuses to destroy or replace it";
  // A log group counts only once it carries prevent_destroy: nothing to ask of it.
  return Object.fromEntries(Object.entries(STATEFUL_TYPES).filter(([, t]) => t.preventDestroy === policy && t.when !== "kept").map(([type]) => [type, check]));
}

const preventDestroy = resourceRule("data-protection", {
  id: "data-protection/prevent-destroy",
  level: "error",
  description: "In prod, every stateful resource has lifecycle.prevent_destroy, so a refactor that would replace it fails the plan.",
  tiers: ["prod"],
  checks: preventDestroyChecks("required"),
});

const preventDestroyRecommended = resourceRule("data-protection", {
  id: "data-protection/prevent-destroy-recommended",
  level: "warning",
  description: "In prod, Kubernetes clusters, log workspaces and data namespaces keep lifecycle.prevent_destroy: they can be rebuilt, but lose their workloads' state, their logs or the data custom resources in them.",
  tiers: ["prod"],
  checks: preventDestroyChecks("recommended"),
});

/**
 * Every component that records itself stateful holds a resource of a type in
 * the stateful table, and only types the two lists classify: a component whose
 * data type was forgotten fails synth instead of going unguarded (every tier:
 * it is a gap in the code, not in an environment's settings).
 */
const statefulComponent: PolicyRule = {
  id: "data-protection/stateful-component",
  pack: "data-protection",
  level: "error",
  description: "Every component recorded as stateful holds a resource of a type in STATEFUL_TYPES, and every type under it is classified stateful or stateless.",
  subject: "manifest",
  // The conditions of the table read these attributes (lifecycle, manifest kind, namespace labels); paths and types are always there.
  reads: Object.keys(STATEFUL_TYPES),
  evaluate(context: PolicyContext): RuleViolation[] {
    return statefulCoverageProblems(context.resources, context.manifest.components).map((p) => ({ resource: p.component.path, message: p.message }));
  },
};

/** The data protection pack. */
export const DATA_PROTECTION_RULES: readonly PolicyRule[] = [deletionProtection, backups, finalSnapshots, preventDestroy, preventDestroyRecommended, statefulComponent];

