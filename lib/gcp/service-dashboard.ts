import { Construct } from "constructs";
import { serviceDashboard, ServiceDashboardMember } from "../observability/dashboard-model";
import type { CloudMonitoringQuery, GcpGoldenSignalDashboard } from "./dashboard";
import { GcpDashboard } from "./dashboard";
import type { GcpAlertDefinition } from "./alert-policy";

/** Display name of a service's dashboard: `<service>-<environment> service`. */
export function serviceDashboardName(service: string, environment: string): string {
  return `${service}-${environment} service`;
}

/** Props of {@link GcpServiceDashboard}. */
interface GcpServiceDashboardProps {
  /** Service name. */
  readonly service: string;
  /** Environment name. */
  readonly environment: string;
  /** The service's members: its endpoint's uptime check first, then its components, each with its dashboard model. */
  readonly members: readonly ServiceDashboardMember<CloudMonitoringQuery, GcpAlertDefinition>[];
  /** Resource names of the members' alert policies, read at synth. @default - no alert-state row */
  readonly policyNames?: () => readonly string[];
}

/**
 * A Cloud Monitoring dashboard per service, from the golden-signal model:
 * a row per golden signal with its endpoint's uptime and every component's
 * panels of that signal side by side, then the members' alert policies.
 */
export class GcpServiceDashboard extends Construct {
  /** Dashboard display name: `<service>-<environment> service`. */
  public readonly dashboardName: string;
  /** The dashboard in the model. */
  public readonly model: GcpGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: GcpServiceDashboardProps) {
    super(scope, id);
    this.dashboardName = serviceDashboardName(props.service, props.environment);
    this.model = serviceDashboard(this.dashboardName, props.members);
    new GcpDashboard(this, "dashboard", { displayName: this.dashboardName, model: this.model, policyNames: props.policyNames });
  }
}
