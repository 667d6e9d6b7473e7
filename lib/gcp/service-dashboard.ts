import { Construct } from "constructs";
import { GcpChart, GcpDashboard } from "./dashboard";

/** Display name of a service's dashboard: `<service>-<environment> service`. */
export function serviceDashboardName(service: string, environment: string): string {
  return `${service}-${environment} service`;
}

/** Props of {@link GcpServiceDashboard}. */
export interface GcpServiceDashboardProps {
  /** Service name. */
  readonly service: string;
  /** Environment name. */
  readonly environment: string;
  /** Charts of the service's components, in component order. */
  readonly charts: readonly GcpChart[];
  /** Uptime check id of the service's endpoint, when probed. @default - no uptime chart */
  readonly uptimeCheckId?: string;
}

/**
 * A Cloud Monitoring dashboard per service: its endpoint's uptime, then the
 * golden signals of each of its components (traffic, errors, saturation).
 */
export class GcpServiceDashboard extends Construct {
  /** Dashboard display name: `<service>-<environment> service`. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: GcpServiceDashboardProps) {
    super(scope, id);
    this.dashboardName = serviceDashboardName(props.service, props.environment);
    const uptime: GcpChart[] = props.uptimeCheckId
      ? [{ title: "Uptime checks passed", resourceType: "uptime_url", metricType: "monitoring.googleapis.com/uptime_check/check_passed", filters: { "metric.labels.check_id": props.uptimeCheckId }, aligner: "ALIGN_FRACTION_TRUE" }]
      : [];
    new GcpDashboard(this, "dashboard", { displayName: this.dashboardName, charts: [...uptime, ...props.charts] });
  }
}
