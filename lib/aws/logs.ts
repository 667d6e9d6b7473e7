import { Construct } from "constructs";
import { deployComponentAlerts } from "../core/components/component-alerts";
import type { LogRetention, PlatformLogsProps } from "../core/components/logs";
import { addValidationErrors } from "../core/errors";
import { VigilManifest } from "../core/manifest";
import { NAMING_RULES } from "../core/naming";
import { componentDashboard } from "../observability/dashboard-binding";
import type { UnavailableAlert } from "../observability/alert-binding";
import { AwsEksCluster, containerInsightsApplicationGroup } from "./cluster";
import { CloudWatchGoldenSignalDashboard } from "./dashboard";
import { LOG_PIPELINE_COMPONENT, logPipelineAlertBindings, logPipelinePanels } from "./logs-alerts";
import type { NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { applicationLogConfig, NamespaceRoute } from "./private/fluent-bit-config";
import { LogArchive } from "./private/log-archive";
import { cloudWatchRetention } from "./sizes";

/**
 * Resources of each node's Fluent Bit pod. Requests above the add-on's
 * (50m CPU, 25Mi): Vigil's configuration parses JSON lines and re-emits the
 * routed namespaces' records, buffering up to 50 MB per input in memory
 * before spilling to the node's disk (`storage.type filesystem`); the limits
 * stay the add-on's CPU limit and twice its memory limit, so a burst is
 * throttled or spilled rather than OOM-killed.
 */
const FLUENT_BIT_RESOURCES = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "500Mi" },
} as const;

/** What collects the logs, as recorded in the manifest and the report. */
export const AWS_LOG_COLLECTOR = "Fluent Bit (aws-for-fluent-bit image of the amazon-cloudwatch-observability EKS add-on)";

/** AWS settings of the log pipeline. */
export interface AwsPlatformLogsProps extends PlatformLogsProps {
  /**
   * Start of each service namespace's log group name: a namespace's
   * containers write to `<logGroupPrefix>/<namespace>`. Other namespaces'
   * containers go to Container Insights' `/aws/containerinsights/<cluster>/application`.
   * @default - `/eks/<cluster name>/namespaces`
   */
  readonly logGroupPrefix?: string;
}

/** Props of {@link AwsLogPipeline}. */
export interface AwsLogPipelineProps extends AwsPlatformLogsProps {
  /** Account, profile, alerting, logs key. */
  readonly context: AwsComponentContext;
  /** `<service>-<environment>`: names of the archive's resources. */
  readonly namePrefix: string;
  /** The cluster whose add-on runs Fluent Bit. */
  readonly cluster: AwsEksCluster;
}

/** Longest namespace (a DNS label) that goes after the prefix, with its `/`. */
const NAMESPACE_SUFFIX_LENGTH = 64;

/**
 * The workloads' log pipeline on EKS: Fluent Bit of the CloudWatch
 * Observability add-on on every node, configured by Vigil (JSON lines
 * parsed, records enriched with namespace, pod, container, labels and
 * service, one KMS-encrypted log group per service namespace kept for the
 * profile's `logRetentionDays`, the rest in Container Insights' groups);
 * with `logArchiveDays > 0` an archive in S3 (Firehose, Object Lock in
 * compliance mode in prod, Glacier); the `collector-down` alarm.
 */
export class AwsLogPipeline extends Construct {
  /** Start of the service namespaces' log group names. */
  public readonly logGroupPrefix: string;
  /** Retention of the workloads' logs. */
  public readonly retention: LogRetention;
  /** The archive, when the profile keeps logs past the searchable days. */
  public readonly archive?: LogArchive;
  /** The `collector-down` alarm's alert (absent when disabled). */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical pipeline alerts AWS cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** The pipeline's dashboard. */
  public readonly dashboardName: string;
  private readonly routes: (NamespaceRoute & { readonly path: string })[] = [];
  private readonly cluster: AwsEksCluster;

  constructor(scope: Construct, id: string, props: AwsLogPipelineProps) {
    super(scope, id);
    const { context, cluster } = props;
    const { profile, account } = context;
    this.cluster = cluster;
    const problems: string[] = [];
    this.logGroupPrefix = props.logGroupPrefix ?? `/eks/${cluster.name}/namespaces`;
    if (props.logGroupPrefix !== undefined) problems.push(...logGroupPrefixProblems(props.logGroupPrefix));

    const searchableDays = cloudWatchRetention(profile.logRetentionDays);
    const immutable = profile.tier === "prod";
    if (profile.logArchiveDays > 0) {
      this.archive = new LogArchive(this, "archive", {
        account,
        namePrefix: props.namePrefix,
        searchableDays,
        totalDays: profile.logArchiveDays,
        lockMode: immutable ? "COMPLIANCE" : "GOVERNANCE",
        preventDestroy: profile.preventDestroy,
        key: context.logsKey,
      });
      // Containers of namespaces no service claims are application logs too.
      this.archive.subscribe(this, "archive-catch-all", cluster.containerInsightsLogGroups.application);
    }
    const storage = this.archive?.storageClass === "DEEP_ARCHIVE" ? "S3 Glacier Deep Archive" : "S3 Glacier Flexible Retrieval";
    this.retention = {
      searchableDays,
      totalDays: profile.logArchiveDays,
      ...(this.archive ? { archive: `${storage} (Object Lock, ${immutable ? "compliance" : "governance"} mode)` } : {}),
      immutable: this.archive !== undefined && immutable,
    };

    const observed = deployComponentAlerts(this, {
      target: "aws",
      component: LOG_PIPELINE_COMPONENT,
      resourceName: cluster.name,
      description: `Fluent Bit DaemonSet of the amazon-cloudwatch-observability add-on on ${cluster.name}`,
      // With an archive, its bucket holds the workloads' logs: a destroy would lose them.
      stateful: this.archive !== undefined,
      bindings: logPipelineAlertBindings(cluster.name, context.runbookBaseUrl),
      overrides: { alerts: props.alerts },
      paths: { canonical: "logs.alerts", targetOnly: "logs.aws.alerts" },
      sink: context.alerting,
      dashboard: (alerts) =>
        new CloudWatchGoldenSignalDashboard(this, "dashboard", {
          nameParts: [cluster.name, LOG_PIPELINE_COMPONENT],
          region: account.region,
          model: componentDashboard(`${cluster.name} ${LOG_PIPELINE_COMPONENT}`, logPipelinePanels(cluster.name), alerts),
          alarmArns: () => alerts.flatMap((a) => context.alerting.alarmOf(a)?.alarm.arn ?? []),
        }).name,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    problems.push(...observed.problems);

    VigilManifest.of(this).addLogPipeline({
      target: "aws",
      collector: AWS_LOG_COLLECTOR,
      store: "CloudWatch Logs",
      namespaces: "all",
      systemLogs: true,
      retention: this.retention,
      encryption: `KMS key alias/${props.namePrefix}-logs`,
      path: this.node.path,
    });
    addValidationErrors(this, problems);
  }

  /** Log group of a namespace's containers. */
  public logGroupName(namespace: string): string {
    return `${this.logGroupPrefix}/${namespace}`;
  }

  /**
   * Routes `namespaces` to their own log groups, named for `service`; a
   * namespace another service already routed is a problem (one log group,
   * one owner), returned for the caller to report at its prop.
   */
  public route(service: string, namespaces: readonly string[], path: string): string[] {
    const problems: string[] = [];
    namespaces.forEach((namespace, i) => {
      const owner = this.routes.find((r) => r.namespace === namespace);
      if (owner) {
        problems.push(`\`logs.namespaces[${i}]\` is ${JSON.stringify(namespace)}, whose logs are already the service ${JSON.stringify(owner.service)}'s (${owner.path}); each namespace's log group belongs to one service, so move one service to its own namespace`);
      } else {
        this.routes.push({ namespace, service, path });
      }
    });
    return problems;
  }

  /**
   * The add-on's configuration values for its Fluent Bit: Vigil's
   * `application-log.conf` and the pod resources. Read at synth, after
   * every service has routed its namespaces.
   */
  public addonValues(): Record<string, unknown> {
    return {
      containerLogs: {
        enabled: true,
        fluentBit: {
          resources: FLUENT_BIT_RESOURCES,
          config: {
            extraFiles: {
              "application-log.conf": applicationLogConfig({
                logGroupPrefix: this.logGroupPrefix,
                // The name, not a reference: the values are one JSON string the add-on reads.
                catchAllLogGroup: containerInsightsApplicationGroup(this.cluster.name),
                routes: this.routes.map(({ namespace, service }) => ({ namespace, service })),
              }),
            },
          },
        },
      },
    };
  }
}

/**
 * Problems with a `logs.logGroupPrefix`: CloudWatch's log group name rules
 * (CreateLogGroup: 1-512 of `[.-_/#A-Za-z0-9]`, not starting with `aws/`),
 * room for `/<namespace>` (a namespace is up to 63 characters), no trailing
 * `/` (Vigil adds it).
 */
export function logGroupPrefixProblems(prefix: string): string[] {
  const maxLength = NAMING_RULES.awsLogGroup.maxLength - NAMESPACE_SUFFIX_LENGTH;
  const fix = `e.g. "/eks/checkout-prod/namespaces"`;
  if (prefix.length === 0 || prefix.length > maxLength) {
    return [`\`logs.logGroupPrefix\` ${JSON.stringify(prefix)} is ${prefix.length} characters; use 1 to ${maxLength}, leaving room for "/<namespace>" in the 512 characters of a CloudWatch log group name (${fix})`];
  }
  if (!NAMING_RULES.awsLogGroup.pattern.test(prefix)) {
    return [`\`logs.logGroupPrefix\` ${JSON.stringify(prefix)} has characters a CloudWatch log group name cannot hold; use ${NAMING_RULES.awsLogGroup.allowed} (${fix})`];
  }
  if (prefix.startsWith("aws/")) {
    return [`\`logs.logGroupPrefix\` ${JSON.stringify(prefix)} starts with "aws/", which CloudWatch reserves for AWS services; start it with "/" (${fix})`];
  }
  if (prefix.endsWith("/")) {
    return [`\`logs.logGroupPrefix\` ${JSON.stringify(prefix)} ends with "/"; leave it out, Vigil adds "/<namespace>" (${JSON.stringify(prefix.replace(/\/+$/, ""))})`];
  }
  return [];
}
