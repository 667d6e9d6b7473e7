import { Construct } from "constructs";
import type { ComponentHandle } from "../core/components/common";
import { serviceDashboard } from "../observability/dashboard-model";
import { CloudWatchGoldenSignalDashboard } from "./dashboard";
import type { AwsGoldenSignalDashboard } from "./dashboard-widgets";

/** One component as the service dashboard shows it. */
interface ServiceDashboardComponent {
  /** The built component. */
  readonly handle: ComponentHandle;
  /** Its dashboard in the golden-signal model. */
  readonly model: AwsGoldenSignalDashboard;
  /** ARNs of its alarms. */
  readonly alarmArns: readonly string[];
}

/** Props of {@link AwsServiceDashboard}. */
interface AwsServiceDashboardProps {
  /** Service name. */
  readonly service: string;
  /** Environment name. */
  readonly environment: string;
  /** Region the metrics live in. */
  readonly region: string;
  /** The service's components. */
  readonly components: readonly ServiceDashboardComponent[];
}

/**
 * A CloudWatch dashboard per service, from the golden-signal model: links
 * to each component's dashboard, then a row per golden signal with every
 * component's panels of that signal side by side, then the state of every
 * component alarm.
 */
export class AwsServiceDashboard extends Construct {
  /** Dashboard name: `<service>-<environment>-service`. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: AwsServiceDashboardProps) {
    super(scope, id);
    const link = (name: string) => `[${name}](https://console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards:name=${name})`;
    const lines = props.components.map((c) => `- ${c.handle.component} \`${c.handle.name}\`: ${link(c.handle.dashboardName)} (${c.handle.alerts.length} alarms)`);
    const title = `${props.service} (${props.environment})`;
    const dashboard = new CloudWatchGoldenSignalDashboard(this, "dashboard", {
      nameParts: [props.service, props.environment, "service"],
      region: props.region,
      model: serviceDashboard(
        title,
        props.components.map((c) => ({ label: c.handle.component, dashboard: c.model })),
      ),
      header: [{ type: "text", width: 24, height: 2 + lines.length, properties: { markdown: [`# ${title}`, ...(lines.length ? lines : ["No data component."])].join("\n") } }],
      alarmArns: () => props.components.flatMap((c) => c.alarmArns),
      alertGraphs: false,
    });
    this.dashboardName = dashboard.name;
  }
}
