import { dependable } from "cdktf";
import { Construct } from "constructs";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import type { ServiceLogsRequest, ServiceLogsView } from "../core/components/logs";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { GcpAlertDefinition } from "./alert-policy";
import type { GcpAlerting } from "./alerting";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { GCP_SERVICE_LOGS_COMPONENT, serviceLogAlertBindings, serviceLogPanels, USER_LOG_METRIC_PREFIX } from "./log-alerts";
import { serviceErrorLogFilter, serviceLogFilter } from "./log-queries";
import { deployGcpComponentAlerts } from "./private/component-alerts";
import { GKE_LOGGING_AGENT_NAME, GcpWorkloadLogs } from "./workload-logs";

/** Props of {@link GcpServiceLogs}. */
interface GcpServiceLogsProps {
  /** Name of the service whose logs these are: the log-based metrics' descriptions and the log alerts' summaries name it. */
  readonly service: string;
  /** Prefix of the metric names: `<service>-<environment>`, or `<platform>-<service>` for another service. */
  readonly namePrefix: string;
  /** Project id. */
  readonly project: string;
  /** The GKE cluster the service runs in. */
  readonly clusterName: string;
  /** What the service asked for: its namespaces and alert overrides. */
  readonly request: ServiceLogsRequest;
  /** The platform's log pipeline (bucket, retention). */
  readonly pipeline: GcpWorkloadLogs;
  /** Alert delivery. */
  readonly alerting: GcpAlerting;
  /** The service's dashboard, which charts the log panels. */
  readonly dashboardName: string;
}

/**
 * A service's logs on GCP: two log-based counters of its containers' lines
 * and error lines (the filter built from the shared level list), the
 * canonical `error-logs-high` and `logs-missing` alert policies on them,
 * the log panels of its dashboard, and where to read its logs (the Logging
 * query and a Logs Explorer link on the platform's log bucket).
 */
export class GcpServiceLogs extends Construct {
  /** Canonical component kind. */
  public readonly kind = "logs" as const;
  /** Counter of every line. */
  public readonly lineMetric: LoggingMetric;
  /** Counter of the error lines. */
  public readonly errorMetric: LoggingMetric;
  /** The alerts (none switched off). */
  public readonly alerts: readonly GcpAlertDefinition[];
  /** Canonical log alerts GCP cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Its panels and alerts in the golden-signal model, shown on its service's dashboard. */
  public readonly dashboard: GcpGoldenSignalDashboard;
  /** Where its logs are. */
  public readonly view: ServiceLogsView;
  /** Problems with the overrides. */
  public readonly problems: readonly string[];

  constructor(scope: Construct, id: string, props: GcpServiceLogsProps) {
    super(scope, id);
    const { request, project, clusterName } = props;
    const query = serviceLogFilter(clusterName, request.namespaces);
    const counter = (metricId: string, name: string, filter: string, description: string) =>
      new LoggingMetric(this, metricId, { project, name, filter, description, metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: description } });
    const lineName = `${props.namePrefix}-log-lines`;
    const errorName = `${props.namePrefix}-error-log-lines`;
    const metrics = { lines: `${USER_LOG_METRIC_PREFIX}${lineName}`, errors: `${USER_LOG_METRIC_PREFIX}${errorName}` };

    this.lineMetric = counter("line-metric", lineName, query, `Log lines of ${props.service}`);
    this.errorMetric = counter("error-metric", errorName, serviceErrorLogFilter(clusterName, request.namespaces), `Error log lines of ${props.service}`);

    // Whole minutes, as Cloud Monitoring's metric-absence conditions take (MetricAbsence.duration), are the catalog's rule.
    const problems: string[] = [];
    const observed = deployGcpComponentAlerts(this, { alerting: props.alerting }, {
      description: `Logs of service ${props.service} (namespaces ${request.namespaces.join(", ")}) in Cloud Logging`,
      stateful: false,
      resourceName: props.namePrefix,
      component: GCP_SERVICE_LOGS_COMPONENT,
      prop: "logs",
      bindings: serviceLogAlertBindings(props.service, metrics, props.alerting.runbookBaseUrl),
      overrides: { alerts: request.alerts },
      panels: serviceLogPanels(metrics),
      dashboardName: props.dashboardName,
    });
    // Cloud Monitoring refuses a policy on a log-based metric that does not exist yet.
    for (const alert of observed.alerts) {
      const policy = props.alerting.policyOf(alert)?.policy;
      if (policy) policy.dependsOn = [...(policy.dependsOn ?? []), dependable(this.lineMetric), dependable(this.errorMetric)];
    }
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboard = observed.dashboard;
    this.problems = [...problems, ...observed.problems];
    this.view = {
      store: "Cloud Logging",
      location: `log bucket ${props.pipeline.bucketId} (project ${project})`,
      query,
      queryLanguage: "Logging query language",
      url: props.pipeline.explorerUrl(query),
      retention: props.pipeline.retention,
      collector: GKE_LOGGING_AGENT_NAME,
    };
  }
}
