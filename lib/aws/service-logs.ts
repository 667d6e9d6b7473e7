import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { deployComponentAlerts } from "../core/components/component-alerts";
import type { ServiceLogsRequest, ServiceLogsView } from "../core/components/logs";
import { addValidationErrors } from "../core/errors";
import { componentDashboard } from "../observability/dashboard-binding";
import type { UnavailableAlert } from "../observability/alert-binding";
import { CloudWatchGoldenSignalDashboard } from "./dashboard";
import type { AwsGoldenSignalDashboard } from "./dashboard-widgets";
import { AWS_LOG_COLLECTOR, AwsLogPipeline } from "./logs";
import { errorLinePattern, LOG_METRICS_NAMESPACE, LOGS_COMPONENT, logMetricNames, serviceLogAlertBindings, serviceLogPanels } from "./logs-alerts";
import type { NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { encryptedLogGroup } from "./private/log-group";

/** Props of {@link AwsServiceLogs}. */
interface AwsServiceLogsProps {
  /** Name of the service whose logs these are: the pipeline routes `request.namespaces` to it (one service per namespace) and the log alerts' summaries name it. */
  readonly service: string;
  /** Prefix of alarm, metric and dashboard names (`<platform>-<service>`, or the platform's own). */
  readonly resourceName: string;
  /** The service's namespaces and log alert overrides. */
  readonly request: ServiceLogsRequest;
  /** The platform's pipeline. */
  readonly pipeline: AwsLogPipeline;
  /** Account, profile, alerting, logs key. */
  readonly context: AwsComponentContext;
}

/** Lines of the Logs Insights query each service's link opens. */
function serviceLogsQuery(): string {
  return [
    "fields @timestamp, kubernetes.namespace_name, kubernetes.pod_name, kubernetes.container_name, log_processed.level, log",
    "| sort @timestamp desc",
    "| limit 200",
  ].join("\n");
}

/**
 * A value inside the Logs Insights console's `queryDetail` fragment: URI
 * encoding with `*` for `%`, and the characters the fragment's own syntax
 * uses (`'`, `(`, `)`, `~`, `!`, `*`) encoded too.
 */
function insightsValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, "*");
}

/** The CloudWatch console URL that opens Logs Insights on `logGroups` with `query`, over the last hour. */
export function logsInsightsUrl(region: string, logGroups: readonly string[], query: string): string {
  const source = logGroups.map((g) => `~'${insightsValue(g)}`).join("");
  const detail = `~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'${insightsValue(query)}~source~(${source}))`;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}

/**
 * A service's logs on AWS: one log group per namespace (KMS, the profile's
 * retention, kept under `prevent_destroy` where the profile protects data,
 * archived when the profile keeps an archive), metric filters counting all
 * lines and error lines into one series per service, the `error-logs-high`
 * and `logs-missing` alarms, a dashboard, and the Logs Insights link.
 */
export class AwsServiceLogs extends Construct {
  /** Canonical component kind. */
  public readonly kind = "logs" as const;
  /** Implementation (runbook folder). */
  public readonly component = LOGS_COMPONENT;
  /** Resource name (alarm, metric and dashboard prefix). */
  public readonly name: string;
  /** Log group per namespace. */
  public readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>>;
  /** Alerts deployed as alarms. */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical log alerts AWS cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** The logs' dashboard. */
  public readonly dashboardName: string;
  /** The dashboard model, for the service dashboard. */
  public readonly dashboard: AwsGoldenSignalDashboard;
  /** Where the logs are and how to open them. */
  public readonly view: ServiceLogsView;

  constructor(scope: Construct, id: string, props: AwsServiceLogsProps) {
    super(scope, id);
    const { pipeline, context, request, service } = props;
    const { profile, account } = context;
    this.name = props.resourceName;
    const problems = pipeline.route(service, request.namespaces, this.node.path);
    const metrics = logMetricNames(this.name);

    const groups: Record<string, CloudwatchLogGroup> = {};
    for (const namespace of request.namespaces) {
      const group = encryptedLogGroup(this, `${namespace}-logs`, {
        name: pipeline.logGroupName(namespace),
        retentionDays: profile.logRetentionDays,
        keyArn: context.logsKey.arn,
        // Logs outlive the cluster: in prod a destroy of the stack stops at them.
        preventDestroy: profile.preventDestroy,
      });
      groups[namespace] = group;
      new CloudwatchLogMetricFilter(this, `${namespace}-log-lines`, {
        name: "vigil-log-lines",
        logGroupName: group.name,
        pattern: "",
        metricTransformation: { namespace: LOG_METRICS_NAMESPACE, name: metrics.lines, value: "1", unit: "Count" },
      });
      new CloudwatchLogMetricFilter(this, `${namespace}-error-log-lines`, {
        name: "vigil-error-log-lines",
        logGroupName: group.name,
        pattern: errorLinePattern(),
        metricTransformation: { namespace: LOG_METRICS_NAMESPACE, name: metrics.errors, value: "1", unit: "Count" },
      });
      pipeline.archive?.subscribe(this, `${namespace}-archive`, group);
    }
    this.logGroups = groups;
    const groupNames = request.namespaces.map((ns) => pipeline.logGroupName(ns));

    let model: AwsGoldenSignalDashboard | undefined;
    const observed = deployComponentAlerts(this, {
      target: "aws",
      component: LOGS_COMPONENT,
      resourceName: this.name,
      description: `CloudWatch Logs groups of ${service}: ${groupNames.join(", ")}`,
      stateful: false,
      bindings: serviceLogAlertBindings(service, this.name, groupNames.join(", "), context.runbookBaseUrl),
      overrides: { alerts: request.alerts },
      paths: { canonical: "logs.alerts", targetOnly: "logs.aws.alerts" },
      sink: context.alerting,
      dashboard: (alerts) => {
        model = componentDashboard(`${this.name} ${LOGS_COMPONENT}`, serviceLogPanels(this.name), alerts);
        return new CloudWatchGoldenSignalDashboard(this, "dashboard", {
          nameParts: [this.name, LOGS_COMPONENT],
          region: account.region,
          model: model,
          alarmArns: () => alerts.flatMap((a) => context.alerting.alarmOf(a)?.alarm.arn ?? []),
        }).name;
      },
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = model!;
    problems.push(...observed.problems);

    const query = serviceLogsQuery();
    this.view = {
      store: "CloudWatch Logs",
      location: groupNames.join(", "),
      query,
      queryLanguage: "CloudWatch Logs Insights",
      url: logsInsightsUrl(account.region, groupNames, query),
      retention: pipeline.retention,
      collector: AWS_LOG_COLLECTOR,
    };
    addValidationErrors(this, problems);
  }
}
