import { MIN_PROD_LOG_ARCHIVE_DAYS, Profile } from "../../core/environment";
import type { EntryPointRecord } from "../../core/components/edge";
import { tierOfStack } from "../stack-view";
import type { PolicyContext, PolicyRule, RuleViolation } from "../types";

/** What a prod entry point lacks: TLS 1.2 or later, a blocking WAF, a year of access logs. */
function entryPointProblems(e: EntryPointRecord): string[] {
  const problems: string[] = [];
  const tls = Number(e.tlsMinimumVersion);
  if (!(tls >= 1.2)) problems.push(`accepts TLS ${e.tlsMinimumVersion} (require 1.2 or later)`);
  if (e.waf.mode !== "block") problems.push(`its WAF is in ${e.waf.mode} mode (block in prod)`);
  if (e.waf.managedRules.length === 0) problems.push("its WAF has no managed rule set");
  if (!e.accessLogs) problems.push("it writes no access logs");
  else if (e.accessLogs.retention.totalDays < MIN_PROD_LOG_ARCHIVE_DAYS || !e.accessLogs.retention.immutable) {
    problems.push(`its access logs are kept ${e.accessLogs.retention.totalDays} days${e.accessLogs.retention.immutable ? "" : " in deletable storage"} (keep ${MIN_PROD_LOG_ARCHIVE_DAYS} in a locked archive)`);
  }
  return problems;
}

/** Prod entry points: TLS >= 1.2, a WAF that blocks, access logs kept a year (PCI DSS 4.2.1, 6.4.2, 10.5.1). */
export const edgeEntryPoint: PolicyRule = {
  id: "security/edge-entry-point",
  pack: "security",
  level: "error",
  description: "In prod, every public entry point requires TLS 1.2 or later, has a WAF with managed rules in blocking mode, and keeps access logs >= 365 days in a locked archive.",
  subject: "manifest",
  reads: [],
  tiers: ["prod"],
  evaluate: (ctx: PolicyContext): RuleViolation[] => {
    if ((Profile.tryOf(ctx.stack)?.tier ?? tierOfStack(ctx.stack)) !== "prod") return [];
    return (ctx.manifest.entryPoints ?? [])
      .map((e) => ({ e, problems: entryPointProblems(e) }))
      .filter((x) => x.problems.length > 0)
      .map(({ e, problems }) => ({
        resource: e.path,
        message: `the entry point ${e.hostname} of service "${e.service}" (${e.kind}): ${problems.join("; ")}; keep the edge's defaults in prod (edge.waf.mode "block", the platform's log archive)`,
      }));
  },
};
