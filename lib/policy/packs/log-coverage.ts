import { MIN_PROD_LOG_ARCHIVE_DAYS, MIN_PROD_LOG_RETENTION_DAYS, Profile } from "../../core/environment";
import type { LogRetention } from "../../core/components/logs";
import { attr } from "../attributes";
import { tierOfStack } from "../stack-view";
import type { PolicyContext, PolicyRule, RuleViolation } from "../types";

/** Label TeamNamespace puts on the namespaces workloads run in. */
const WORKLOAD_NAMESPACE_LABEL = "vigil.dev/role";

/** Whether the stack under review is governed by a prod-tier profile (else named `prod-...`). */
function isProd(ctx: PolicyContext): boolean {
  return (Profile.tryOf(ctx.stack)?.tier ?? tierOfStack(ctx.stack)) === "prod";
}

/** The workload namespaces created in the stack (TeamNamespace), by name, with their construct path. */
function workloadNamespaces(ctx: PolicyContext): Array<{ readonly name: string; readonly path: string; readonly address: string }> {
  return ctx.resources
    // The label's key has dots, so the labels map is read whole.
    .filter((r) => r.type === "kubernetes_namespace_v1" && (attr(r.attributes, "metadata.labels") as Record<string, unknown> | undefined)?.[WORKLOAD_NAMESPACE_LABEL] === "workloads")
    .map((r) => ({ name: String(attr(r.attributes, "metadata.name")), path: r.path, address: r.address }));
}

const logCollection: PolicyRule = {
  id: "observability/log-collection",
  pack: "observability",
  level: "error",
  description: "In prod, every service's logs and every workload namespace's container logs are collected by a log pipeline.",
  subject: "manifest",
  reads: ["kubernetes_namespace_v1"],
  tiers: ["prod"],
  evaluate: (ctx) => {
    if (!isProd(ctx)) return [];
    const logs = ctx.manifest.serviceLogs ?? [];
    const pipelines = ctx.manifest.logPipelines ?? [];
    const services: RuleViolation[] = ctx.services
      .filter((s) => !logs.some((l) => l.service === s.name && l.collector.trim() !== ""))
      .map((s) => ({ resource: s.path, message: `service "${s.name}" has no collected logs; build it on a platform that collects its namespaces' container logs (every Vigil platform does: check the platform's \`logs\` props)` }));
    const collected = (ns: string) => pipelines.some((p) => p.namespaces === "all" || p.namespaces.includes(ns)) || logs.some((l) => l.namespaces.includes(ns));
    const namespaces: RuleViolation[] = workloadNamespaces(ctx)
      .filter((ns) => !collected(ns.name))
      .map((ns) => ({
        resource: ns.path,
        address: ns.address,
        message: `workload namespace "${ns.name}" is collected by no log pipeline of this stack; build it with the platform whose pipeline collects every namespace, or list it in a service's \`logs.namespaces\``,
      }));
    return [...services, ...namespaces];
  },
};

/** What is wrong with a prod retention: too few searchable days, too short in all, no archive, or one that can be deleted early. */
function prodRetentionProblems(r: LogRetention): string[] {
  const problems: string[] = [];
  if (r.searchableDays < MIN_PROD_LOG_RETENTION_DAYS) problems.push(`searchable ${r.searchableDays} days (keep >= ${MIN_PROD_LOG_RETENTION_DAYS})`);
  if (r.totalDays < MIN_PROD_LOG_ARCHIVE_DAYS) problems.push(`kept ${r.totalDays} days in all (keep >= ${MIN_PROD_LOG_ARCHIVE_DAYS})`);
  if (!r.archive) problems.push("no archive");
  else if (!r.immutable) problems.push(`the archive (${r.archive}) can be deleted early (lock it)`);
  return problems;
}

const logArchive: PolicyRule = {
  id: "observability/log-archive",
  pack: "observability",
  level: "error",
  description: `In prod, application logs are kept >= ${MIN_PROD_LOG_ARCHIVE_DAYS} days (>= ${MIN_PROD_LOG_RETENTION_DAYS} searchable), the older part in archive storage that cannot be deleted early (PCI DSS 10.5.1).`,
  subject: "manifest",
  reads: [],
  tiers: ["prod"],
  evaluate: (ctx) => (isProd(ctx) ? archiveViolations(ctx) : []),
};

/** Every prod pipeline and service log record whose retention falls short. */
function archiveViolations(ctx: PolicyContext): RuleViolation[] {
  return [
    ...(ctx.manifest.logPipelines ?? []).map((p) => ({ where: p.path, what: `the ${p.target} log pipeline (${p.collector} → ${p.store})`, problems: prodRetentionProblems(p.retention) })),
    ...(ctx.manifest.serviceLogs ?? []).map((l) => ({ where: l.path, what: `the logs of service "${l.service}" (${l.location})`, problems: prodRetentionProblems(l.retention) })),
  ]
    .filter((x) => x.problems.length > 0)
    .map((x) => ({
      resource: x.where,
      message: `${x.what}: ${x.problems.join("; ")}; use a prod-tier profile's logRetentionDays and logArchiveDays (90 and 365 by default) and keep the platform's archive`,
    }));
}

/** The log rules of the observability pack. */
export const LOG_COVERAGE_RULES: readonly PolicyRule[] = [logCollection, logArchive];
