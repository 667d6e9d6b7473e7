import { Construct } from "constructs";
import { MonitoringUptimeCheckConfig } from "@cdktf/provider-google/lib/monitoring-uptime-check-config";
import type { ServiceEndpointProps } from "../core/components/service";
import { VigilManifest } from "../core/manifest";
import { AlertDefinition, runbookUrl } from "../observability/alert";
import type { GcpAlerting } from "./alerting";

/** Component name of uptime check alerts (runbook folder). */
export const UPTIME_CHECK_COMPONENT = "uptime-check";

/** Periods Cloud Monitoring uptime checks accept, in seconds. */
export const UPTIME_PERIODS: readonly number[] = [60, 300, 600, 900];

/** The shortest uptime check period at least as long as the profile's interval. */
export function uptimePeriodSeconds(intervalMinutes: number): number {
  return UPTIME_PERIODS.find((p) => p >= intervalMinutes * 60) ?? 900;
}

/** Props of {@link GcpUptimeCheck}. */
export interface GcpUptimeCheckProps extends ServiceEndpointProps {
  /** Check display name. */
  readonly name: string;
  /** Project id. */
  readonly project: string;
  /** Minutes between checks (the profile's `syntheticCheckIntervalMinutes`, rounded up to 1, 5, 10 or 15). */
  readonly intervalMinutes: number;
  /** Alert delivery. */
  readonly alerting: GcpAlerting;
}

/**
 * An HTTPS uptime check of a public endpoint from Google's checker regions
 * (TLS validated, the expected status), and a `page` alert policy on
 * `monitoring.googleapis.com/uptime_check/check_passed` when it fails.
 */
export class GcpUptimeCheck extends Construct {
  /** The check. */
  public readonly check: MonitoringUptimeCheckConfig;
  /** The alert on it. */
  public readonly alert: AlertDefinition;
  /** Problems with the props. */
  public readonly problems: readonly string[];

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
    this.problems = problems;
    const host = url?.hostname ?? "invalid.example.com";
    const status = props.expectedStatus ?? 200;
    this.check = new MonitoringUptimeCheckConfig(this, "check", {
      displayName: props.name,
      timeout: "10s",
      period: `${uptimePeriodSeconds(props.intervalMinutes)}s`,
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
    const periodSeconds = uptimePeriodSeconds(props.intervalMinutes);
    this.alert = {
      id: "endpoint-down",
      component: UPTIME_CHECK_COMPONENT,
      summary: `${props.url} fails its uptime check`,
      description: `monitoring.googleapis.com/uptime_check/check_passed: fewer than half of the checks from a checker region passed (HTTPS ${status} expected) over two periods. Missing data counts as failing (the checks stopped).`,
      severity: "page",
      runbookUrl: runbookUrl(props.alerting.runbookBaseUrl, UPTIME_CHECK_COMPONENT, "endpoint-down"),
      threshold: 0.5,
      unit: "fraction passed",
      condition: {
        kind: "native-metric",
        namespace: "uptime_url",
        metricName: "monitoring.googleapis.com/uptime_check/check_passed",
        dimensions: { "metric.labels.check_id": this.check.uptimeCheckId },
        statistic: "ALIGN_FRACTION_TRUE",
        periodSeconds,
        evaluationPeriods: 2,
        comparison: "<",
        missingData: "breaching",
      },
    };
    props.alerting.addPolicy(this, this.alert, props.name);
    VigilManifest.of(this).addComponent({
      component: UPTIME_CHECK_COMPONENT,
      name: props.name,
      target: "gcp",
      stateful: false,
      description: `Uptime check of ${props.url}`,
      defaultAlertIds: ["endpoint-down"],
      disabledAlertIds: [],
      path: this.node.path,
    });
  }
}
