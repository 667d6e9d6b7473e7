import { Construct } from "constructs";
import type { ComponentHandle } from "../core/components/common";
import { AlertDashboard, DashboardMetric } from "./dashboard";

/** CloudWatch accepts at most 100 alarms in one alarm status widget. */
const ALARMS_PER_WIDGET = 100;

/** One component as the service dashboard shows it. */
export interface ServiceDashboardComponent {
  /** The built component. */
  readonly handle: ComponentHandle;
  /** Its golden-signal metrics. */
  readonly signals: readonly DashboardMetric[];
  /** ARNs of its alarms. */
  readonly alarmArns: readonly string[];
}

/** Props of {@link AwsServiceDashboard}. */
export interface AwsServiceDashboardProps {
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
 * A CloudWatch dashboard per service: links to each component's dashboard,
 * the state of every component alarm, then every component's golden
 * signals (latency, traffic, errors, saturation) side by side.
 */
export class AwsServiceDashboard extends Construct {
  /** Dashboard name: `<service>-<environment>-service`. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: AwsServiceDashboardProps) {
    super(scope, id);
    const link = (name: string) => `[${name}](https://console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards:name=${name})`;
    const lines = props.components.map((c) => `- ${c.handle.component} \`${c.handle.name}\`: ${link(c.handle.dashboardName)} (${c.handle.alerts.length} alarms)`);
    const arns = props.components.flatMap((c) => c.alarmArns);
    const alarmWidgets = [];
    for (let i = 0; i < arns.length; i += ALARMS_PER_WIDGET) {
      alarmWidgets.push({ type: "alarm", height: 6, properties: { title: `Alarms of ${props.service}`, alarms: arns.slice(i, i + ALARMS_PER_WIDGET), sortBy: "stateUpdatedTimestamp" } });
    }
    const dashboard = new AlertDashboard(this, "dashboard", {
      nameParts: [props.service, props.environment, "service"],
      region: props.region,
      header: [
        { type: "text", height: 2 + lines.length, properties: { markdown: [`# ${props.service} (${props.environment})`, ...(lines.length ? lines : ["No data component."])].join("\n") } },
        ...alarmWidgets,
      ],
      signals: props.components.flatMap((c) => c.signals.map((s) => ({ ...s, title: `${c.handle.component} ${s.title}` }))),
      alerts: [],
    });
    this.dashboardName = dashboard.name;
  }
}
