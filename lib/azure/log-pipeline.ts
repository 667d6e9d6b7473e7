import { createHash } from "crypto";
import { Construct } from "constructs";
import { LogAnalyticsWorkspaceTable } from "@cdktf/provider-azurerm/lib/log-analytics-workspace-table";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { deployComponentAlerts, overridePaths } from "../core/components/component-alerts";
import type { LogRetention, PlatformLogsProps } from "../core/components/logs";
import type { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import { checkName, fitName, NAMING_RULES } from "../core/naming";
import { AlertDefinition, PromQlCondition, runbookUrl } from "../observability/alert";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import { alertRuleGroups } from "../observability/prometheus-rules";
import type { AzureAlerting } from "./action-groups";
import { CONTAINER_LOG_TABLE } from "./log-alerts";
import { AzureLogArchive } from "./log-archive";
import { AzurePrometheusRuleGroups } from "./prometheus-rules";

/** The platform's log pipeline on Azure: the shared settings and the archive's storage account name. */
export interface AzurePlatformLogsProps extends PlatformLogsProps {
  /**
   * Name of the storage account holding the immutable archive (built when
   * the profile's `logArchiveDays` is above 0): 3-24 lowercase letters and
   * digits, unique across Azure.
   * @default - `<service><environment>logs` and 6 hex characters of a hash of the subscription and that prefix
   */
  readonly archiveStorageAccountName?: string;
}

/**
 * The Log Analytics tables holding the workloads' logs, kept as the profile
 * says: container stdout/stderr (`ContainerLogV2`), Kubernetes events
 * (`KubeEvents`) and the nodes' syslog (`Syslog`: kubelet, containerd).
 */
export const AZURE_WORKLOAD_LOG_TABLES: readonly string[] = [CONTAINER_LOG_TABLE, "KubeEvents", "Syslog"];

/** The collector: the AKS monitoring add-on, whose agent AKS versions and upgrades itself. */
export const AZURE_LOG_COLLECTOR = "Azure Monitor Agent (AKS monitoring add-on, DaemonSet kube-system/ama-logs; version managed by AKS)";

/** The store of the workloads' logs. */
export const AZURE_LOG_STORE = "Log Analytics";

/** Component of the pipeline's alerts (runbook folder, rule names). */
export const LOG_PIPELINE_COMPONENT = "container-insights";

/** Analytics retention bounds of a Log Analytics table, and its most total retention (Microsoft Learn, Tables - Create Or Update). */
const TABLE_RETENTION = { min: 4, max: 730, maxTotal: 4383 } as const;

/**
 * The searchable and total days of the workloads' logs from the profile:
 * the table's analytics retention is at least 4 days (the API's floor; more
 * is kept, never less), and above 730 (searchable) or 4383 (total) days the
 * API refuses the profile, which is reported.
 */
function azureLogRetention(profile: EnvironmentProfile): { readonly searchableDays: number; readonly totalDays: number; readonly problems: string[] } {
  const problems: string[] = [];
  const searchableDays = Math.min(Math.max(profile.logRetentionDays, TABLE_RETENTION.min), TABLE_RETENTION.max);
  if (profile.logRetentionDays > TABLE_RETENTION.max) {
    problems.push(`\`environment.logRetentionDays\` is ${profile.logRetentionDays}; Log Analytics keeps logs searchable for at most ${TABLE_RETENTION.max} days: lower it and keep the rest in the archive (\`logArchiveDays\`)`);
  }
  if (profile.logArchiveDays > TABLE_RETENTION.maxTotal) {
    problems.push(`\`environment.logArchiveDays\` is ${profile.logArchiveDays}; a Log Analytics table keeps logs at most ${TABLE_RETENTION.maxTotal} days (12 years) in all: lower it to ${TABLE_RETENTION.maxTotal} or less`);
  }
  const totalDays = profile.logArchiveDays > 0 ? Math.min(Math.max(profile.logArchiveDays, searchableDays), TABLE_RETENTION.maxTotal) : searchableDays;
  return { searchableDays, totalDays, problems };
}

/** The default archive account name: the prefix without dashes, `logs`, and a hash that keeps it unique across Azure. */
export function defaultArchiveAccountName(namePrefix: string, subscriptionId: string): string {
  const hash = createHash("sha256").update(`${subscriptionId}/${namePrefix}`).digest("hex").slice(0, 6);
  const stem = fitName([namePrefix, "logs"], NAMING_RULES.azureStorageAccount).slice(0, 24 - hash.length);
  return `${stem}${hash}`;
}

/**
 * `collector-down` on managed Prometheus: kube-state-metrics' desired minus
 * ready pods of the `ama-logs` DaemonSet, i.e. nodes without a ready
 * collector, above the threshold for 10 minutes. The minimal ingestion
 * profile keeps `kube_daemonset_status_desired_number_scheduled` and
 * `kube_daemonset_status_number_ready` but drops
 * `kube_daemonset_status_number_unavailable` (Azure/prometheus-collector,
 * default-targets keep list), hence the difference.
 */
function azureLogPipelineAlertBindings(runbookBaseUrl: string): ComponentAlertBindings<"log-pipeline"> {
  const selector = '{namespace="kube-system", daemonset="ama-logs"}';
  return {
    kind: "log-pipeline",
    canonical: {
      "collector-down": {
        build: (s) => ({
          id: "collector-down",
          component: LOG_PIPELINE_COMPONENT,
          summary: `More than ${s.threshold} AKS nodes have no ready log collector (ama-logs)`,
          description: `kube_daemonset_status_desired_number_scheduled minus kube_daemonset_status_number_ready of DaemonSet kube-system/ama-logs above ${s.threshold} for 10 minutes: the pods on those nodes write logs nobody ships to Log Analytics. No series (managed Prometheus not scraping) does not fire.`,
          severity: "ticket",
          runbookUrl: runbookUrl(runbookBaseUrl, LOG_PIPELINE_COMPONENT, "collector-down"),
          threshold: s.threshold,
          unit: "nodes",
          condition: { kind: "promql", query: `sum(kube_daemonset_status_desired_number_scheduled${selector}) - sum(kube_daemonset_status_number_ready${selector})`, comparison: ">", for: "10m" } satisfies PromQlCondition,
        }),
      },
    },
  };
}

/** Props of {@link AzureLogPipeline}. */
export interface AzureLogPipelineProps {
  /** Service (rule group names). */
  readonly service: string;
  /** Prefix of names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Subscription (the default archive name's hash). */
  readonly subscriptionId: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the archive's storage account and the `collector-down` Prometheus rule groups (the platform's). */
  readonly resourceGroupName: string;
  /** Log Analytics workspace id. */
  readonly workspaceId: string;
  /** The profile in force. */
  readonly profile: EnvironmentProfile;
  /** The user's settings. @default - none */
  readonly logs?: AzurePlatformLogsProps;
  /** Action groups. */
  readonly alerting: AzureAlerting;
  /** Azure Monitor workspace (managed Prometheus) id. */
  readonly prometheusWorkspaceId: string;
  /** The AKS cluster. */
  readonly cluster: { readonly id: string; readonly name: string };
  /** Where the collector's health is charted (the AKS cluster's portal dashboard). */
  readonly dashboard: string;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
  /** Tags on the archive's storage account and the `collector-down` Prometheus rule groups (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The workloads' logs on Azure, owned by Vigil: Container Insights (the
 * data collection rule) ships every namespace's container stdout/stderr
 * to `ContainerLogV2` (JSON lines parsed into `LogMessage`; namespace, pod
 * and container columns), Kubernetes events to `KubeEvents` and the nodes'
 * syslog to `Syslog`. Each table keeps the profile's searchable days, then
 * the Log Analytics long-term (archive) tier up to `logArchiveDays`; with
 * an archive, a data export rule also copies the tables to an immutable
 * storage account ({@link AzureLogArchive}). The workspace lives in the
 * resource group, not the cluster: logs outlive a cluster stop or destroy.
 * `collector-down` watches the agent's DaemonSet through managed Prometheus.
 */
export class AzureLogPipeline extends Construct {
  /** Retention and archive of the workloads' logs. */
  public readonly retention: LogRetention;
  /** The immutable archive; absent without `logArchiveDays`. */
  public readonly archive?: AzureLogArchive;
  /** The collector-down alerts deployed. */
  public readonly alerts: readonly AlertDefinition[];

  constructor(scope: Construct, id: string, props: AzureLogPipelineProps) {
    super(scope, id);
    const { profile } = props;
    const days = azureLogRetention(profile);
    const problems = [...days.problems];
    for (const name of AZURE_WORKLOAD_LOG_TABLES) {
      new LogAnalyticsWorkspaceTable(this, `table-${name}`, { name, workspaceId: props.workspaceId, retentionInDays: days.searchableDays, totalRetentionInDays: days.totalDays });
    }
    const given = props.logs?.archiveStorageAccountName;
    const nameProblem = given === undefined ? undefined : checkName(given, NAMING_RULES.azureStorageAccount, "logs.archiveStorageAccountName");
    if (nameProblem) problems.push(`${nameProblem}; or leave it out for ${JSON.stringify(defaultArchiveAccountName(props.namePrefix, props.subscriptionId))}`);
    if (profile.logArchiveDays > 0) {
      this.archive = new AzureLogArchive(this, "archive", {
        storageAccountName: given !== undefined && !nameProblem ? given : defaultArchiveAccountName(props.namePrefix, props.subscriptionId),
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        workspaceId: props.workspaceId,
        tables: AZURE_WORKLOAD_LOG_TABLES,
        days: days.totalDays,
        profile,
        tags: props.tags,
      });
    }
    const immutable = this.archive !== undefined && profile.tier === "prod";
    this.retention = {
      searchableDays: days.searchableDays,
      totalDays: profile.logArchiveDays > 0 ? days.totalDays : 0,
      ...(this.archive
        ? // The archive's kind only: its days are totalDays, its lock is `immutable` (staging keeps prod's archive for less time, unlocked).
          { archive: "Log Analytics long-term retention, and a data export to Azure Blob Storage (GRS, a time-based retention policy per table's container)" }
        : {}),
      immutable,
    };
    const sink: AlertSink<AlertDefinition> = {
      deploy: (s: Construct, alerts: readonly AlertDefinition[], placement: AlertPlacement) => {
        const groups = alertRuleGroups(alerts, { service: props.service });
        if (groups.length > 0) {
          new AzurePrometheusRuleGroups(s, "rules", {
            groups,
            resourceGroupName: props.resourceGroupName,
            location: props.location,
            workspaceId: props.prometheusWorkspaceId,
            cluster: props.cluster,
            alerting: props.alerting,
            namePrefix: props.namePrefix,
            tags: props.tags,
            alerts,
            dashboard: placement.dashboard,
          });
        }
        return [];
      },
    };
    const deployed = deployComponentAlerts(this, {
      target: "azure",
      component: LOG_PIPELINE_COMPONENT,
      resourceName: props.cluster.name,
      description: "Container Insights log collection (ama-logs) of the AKS cluster",
      // With an archive, its storage account holds the workloads' logs: a destroy would lose them.
      stateful: this.archive !== undefined,
      bindings: azureLogPipelineAlertBindings(props.runbookBaseUrl),
      overrides: { alerts: props.logs?.alerts },
      paths: overridePaths("logs", "azure"),
      sink,
      dashboard: () => props.dashboard,
    });
    this.alerts = deployed.alerts;
    problems.push(...deployed.problems);
    addValidationErrors(this, problems);
    VigilManifest.of(this).addLogPipeline({
      target: "azure",
      collector: AZURE_LOG_COLLECTOR,
      store: `${AZURE_LOG_STORE} (tables ${AZURE_WORKLOAD_LOG_TABLES.join(", ")})`,
      namespaces: "all",
      systemLogs: true,
      retention: this.retention,
      encryption: "Log Analytics: Microsoft-managed keys (AES-256)" + (this.archive ? "; archive: Storage Service Encryption with infrastructure encryption (double AES-256)" : ""),
      path: this.node.path,
    });
  }
}
