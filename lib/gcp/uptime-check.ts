import { Construct } from "constructs";
import { MonitoringUptimeCheckConfig } from "@cdktf/provider-google/lib/monitoring-uptime-check-config";
import type { ServiceEndpointProps } from "../core/components/service";
import type { UnavailableAlert } from "../observability/alert-binding";
import { runbookUrl } from "../observability/alert";
import type { GcpAlertDefinition } from "./alert-policy";
import type { GcpAlerting } from "./alerting";
import { fraction } from "./cloud-sql-alerts";
import { deployGcpComponentAlerts, GcpAlertBindings } from "./private/component-alerts";
import type { GcpGoldenSignalDashboard } from "./dashboard";
import { uptimeCheckPanels } from "./dashboard-panels";

/** Component name of uptime check alerts (runbook folder). */
const UPTIME_CHECK_COMPONENT = "uptime-check";

/** Periods Cloud Monitoring uptime checks accept, in seconds. */
const UPTIME_PERIODS: readonly number[] = [60, 300, 600, 900];

/** The shortest uptime check period at least as long as the profile's interval. */
function uptimePeriodSeconds(intervalMinutes: number): number {
  return UPTIME_PERIODS.find((p) => p >= intervalMinutes * 60) ?? 900;
}

/** Props of {@link GcpUptimeCheck}. */
interface GcpUptimeCheckProps extends ServiceEndpointProps {
  /** Check display name. */
  readonly name: string;
  /** Project id. */
  readonly project: string;
  /** Minutes between checks (the profile's `syntheticCheckIntervalMinutes`, rounded up to 1, 5, 10 or 15). */
  readonly intervalMinutes: number;
  /** Alert delivery. */
  readonly alerting: GcpAlerting;
  /** Dashboard that charts the check (its service's). @default - none recorded */
  readonly dashboardName?: string;
}

/**
 * The canonical endpoint alert on an uptime check: `checks-failing` is the
 * share of checks that passed, from every checker region together, per
 * window of 5 minutes (or the check period when longer):
 * `monitoring.googleapis.com/uptime_check/check_passed` (BOOL, per
 * `checker_location`, metric label `check_id`) aligned with
 * ALIGN_FRACTION_TRUE and averaged over the regions (REDUCE_MEAN by
 * check id). The percent threshold becomes a fraction (90 → 0.9).
 */
function uptimeCheckAlertBindings(url: string, checkId: string, periodSeconds: number, runbookBaseUrl: string): GcpAlertBindings<"endpoint"> {
  const windowSeconds = Math.max(300, periodSeconds);
  return {
    kind: "endpoint",
    canonical: {
      "checks-failing": {
        build: (s): GcpAlertDefinition => ({
          id: "checks-failing",
          component: UPTIME_CHECK_COMPONENT,
          summary: `Fewer than ${s.threshold} % of the uptime checks of ${url} pass`,
          description: `monitoring.googleapis.com/uptime_check/check_passed: the share of checks that passed from all checker regions over ${windowSeconds / 60} minutes below ${fraction(s.threshold)} (${s.threshold} %). Missing data counts as failing (the checks stopped).`,
          severity: "page",
          runbookUrl: runbookUrl(runbookBaseUrl, UPTIME_CHECK_COMPONENT, "checks-failing"),
          threshold: fraction(s.threshold),
          unit: "fraction passed",
          condition: {
            kind: "native-metric",
            namespace: "uptime_url",
            metricName: "monitoring.googleapis.com/uptime_check/check_passed",
            dimensions: { "metric.labels.check_id": checkId },
            statistic: "ALIGN_FRACTION_TRUE",
            periodSeconds: windowSeconds,
            evaluationPeriods: 1,
            comparison: "<",
            missingData: "breaching",
          },
          crossSeries: { reducer: "REDUCE_MEAN", groupBy: ["metric.label.check_id"] },
        }),
      },
    },
  };
}

/**
 * An HTTPS uptime check of a public endpoint from Google's checker regions
 * (TLS validated, the expected status), and the canonical `checks-failing`
 * alert policy on it, recorded as an `endpoint` component.
 */
export class GcpUptimeCheck extends Construct {
  /** Canonical component kind. */
  public readonly kind = "endpoint" as const;
  /** The Cloud Monitoring uptime check (`google_monitoring_uptime_check_config`) GETting the URL over HTTPS on port 443 with TLS validated, 10 s timeout, expecting `expectedStatus`. */
  public readonly check: MonitoringUptimeCheckConfig;
  /** The alerts on it (none when switched off). */
  public readonly alerts: readonly GcpAlertDefinition[];
  /** Canonical endpoint alerts GCP cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Problems with the props. */
  public readonly problems: readonly string[];
  /** Its panels and alerts in the golden-signal model, shown on its service's dashboard. */
  public readonly dashboard: GcpGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: GcpUptimeCheckProps) {
    super(scope, id);
    const problems: string[] = [];
    let url: URL | undefined;
    try {
      url = new URL(props.url);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== "https:") problems.push(`\`endpoint.url\` ${JSON.stringify(props.url)} is not an https URL; give the public health URL, e.g. "https://checkout.example.com/healthz"`);
    const host = url?.hostname ?? "invalid.example.com";
    const status = props.expectedStatus ?? 200;
    const periodSeconds = uptimePeriodSeconds(props.intervalMinutes);
    this.check = new MonitoringUptimeCheckConfig(this, "check", {
      displayName: props.name,
      timeout: "10s",
      period: `${periodSeconds}s`,
      httpCheck: {
        path: `${url?.pathname ?? "/"}${url?.search ?? ""}`,
        port: 443,
        useSsl: true,
        validateSsl: true,
        requestMethod: "GET",
        acceptedResponseStatusCodes: [{ statusValue: status }],
      },
      monitoredResource: { type: "uptime_url", labels: { project_id: props.project, host } },
    });
    const observed = deployGcpComponentAlerts(this, { alerting: props.alerting }, {
      description: `Uptime check of ${props.url} (HTTPS ${status} expected)`,
      stateful: false,
      resourceName: props.name,
      component: UPTIME_CHECK_COMPONENT,
      prop: "endpoint",
      bindings: uptimeCheckAlertBindings(props.url, this.check.uptimeCheckId, periodSeconds, props.alerting.runbookBaseUrl),
      overrides: props,
      panels: uptimeCheckPanels(this.check.uptimeCheckId),
      dashboardName: props.dashboardName ?? "",
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboard = observed.dashboard;
    this.problems = [...problems, ...observed.problems];
  }
}
