import type { AlertOverride } from "../../observability/alert";
import type { LogAlertId, LogPipelineAlertId } from "../../observability/alert-catalog";
import { checkName, NAMING_RULES } from "../naming";

/**
 * A service's logs: the Kubernetes namespaces its containers run in, and
 * overrides of its log alerts. Collection, retention and archive are the
 * platform's (from the environment profile); every service's logs are
 * collected whether or not this is set.
 */
export interface ServiceLogsProps {
  /**
   * Namespaces whose containers are the service's: their logs are the
   * service's logs (alerts, links, the dashboard's log panels).
   * @default - one namespace named after the service
   */
  readonly namespaces?: readonly string[];
  /**
   * Overrides of the canonical log alerts (`error-logs-high` in error lines
   * per second, `logs-missing` in seconds), the same on every target.
   * @default - a ticket above 1 error line per second over 5 minutes, and after 15 minutes without a log line
   */
  readonly alerts?: Readonly<Partial<Record<LogAlertId, AlertOverride>>>;
}

/**
 * A platform's log pipeline: the collector on every node, the store, the
 * retention and archive of the environment profile. Each target's platform
 * props extend this with what only it has.
 */
export interface PlatformLogsProps {
  /**
   * Overrides of the pipeline's canonical alerts (`collector-down`, nodes
   * without a ready collector), the same on every target.
   * @default - a ticket as soon as one node has no ready collector
   */
  readonly alerts?: Readonly<Partial<Record<LogPipelineAlertId, AlertOverride>>>;
}

/** What a service asks its platform for its logs: the props resolved. */
export interface ServiceLogsRequest {
  /** Namespaces whose containers are the service's. */
  readonly namespaces: readonly string[];
  /** The user's overrides of the canonical log alerts. @default - none */
  readonly alerts?: Readonly<Partial<Record<LogAlertId, AlertOverride>>>;
}

/**
 * Levels that make a log line an error line, lowercase: the value of the
 * line's `level` or `severity` field when it is JSON (Go's zap and slog,
 * Java's Logback and Log4j JSON layouts, Python's structlog, Pino's names),
 * or `severity` as the cloud's agent parsed it. Every target's error
 * filter is built from this one list, so `error-logs-high` counts the same
 * lines everywhere.
 */
export const ERROR_LOG_LEVELS: readonly string[] = ["error", "err", "fatal", "critical", "crit", "panic", "alert", "emergency", "emerg"];

/** Fields of a JSON log line that carry its level, in the order they are read. */
export const LOG_LEVEL_FIELDS: readonly string[] = ["level", "severity"];

/** How long a platform keeps the workloads' logs, and where the older part goes. */
export interface LogRetention {
  /** Days logs stay searchable in the log store. */
  readonly searchableDays: number;
  /** Days logs are kept in all, archive included; 0 when there is no archive. */
  readonly totalDays: number;
  /** The archive storage, e.g. `S3 Glacier Deep Archive (Object Lock, compliance mode)`. @default - none: no archive */
  readonly archive?: string;
  /** The archive cannot be deleted or shortened before `totalDays` (Object Lock compliance mode, a locked bucket retention policy, an immutability policy). */
  readonly immutable: boolean;
}

/** Where a service's logs are and how to open them, as the platform built it. */
export interface ServiceLogsView {
  /** The log store, e.g. `CloudWatch Logs`, `Cloud Logging`, `Log Analytics`, `Elasticsearch`. */
  readonly store: string;
  /** Where in the store: the log group, the log bucket, the table, the index pattern. */
  readonly location: string;
  /** The query that selects the service's logs, in the store's language. */
  readonly query: string;
  /** The query language: `CloudWatch Logs Insights`, `Logging query language`, `KQL`, `Kibana KQL`. */
  readonly queryLanguage: string;
  /**
   * A URL that opens the service's logs with the query applied (Logs
   * Insights, Logs Explorer, Log Analytics, Kibana Discover). On a cluster
   * without a public Kibana it is the in-cluster address.
   */
  readonly url: string;
  /** Retention and archive of these logs. */
  readonly retention: LogRetention;
  /** The collector that ships them, with its version, e.g. `Fluent Bit 3.2 (aws-for-fluent-bit chart 0.1.34)`. */
  readonly collector: string;
}

/** Props of {@link logsRequestOf}. */
interface LogsRequestInput {
  readonly service: string;
  readonly props: ServiceLogsProps | undefined;
}

/**
 * The service's logs request, or the problems with the props (each once, at
 * the property the user wrote): namespaces must be DNS labels, given at most
 * once, and at least one.
 */
export function logsRequestOf({ service, props }: LogsRequestInput): { readonly request?: ServiceLogsRequest; readonly problems: string[] } {
  const namespaces = props?.namespaces ?? [service];
  const problems: string[] = [];
  if (props?.namespaces !== undefined && namespaces.length === 0) {
    problems.push("`logs.namespaces` is []; name at least one namespace whose containers are the service's, or leave it out for the namespace named after the service");
  }
  namespaces.forEach((ns, i) => {
    const problem = checkName(ns, NAMING_RULES.kubernetesDnsLabel, `logs.namespaces[${i}]`);
    if (problem) problems.push(problem);
    else if (namespaces.indexOf(ns) !== i) problems.push(`\`logs.namespaces[${i}]\` is ${JSON.stringify(ns)}, already \`logs.namespaces[${namespaces.indexOf(ns)}]\`; name each namespace once`);
  });
  if (problems.length > 0) return { problems };
  return { request: { namespaces, alerts: props?.alerts }, problems };
}
