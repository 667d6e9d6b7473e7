import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { fitName, NAMING_RULES } from "../core/naming";
import { AwsGoldenSignalDashboard, CloudWatchWidget, dashboardWidgets } from "./dashboard-widgets";

export type { AwsGoldenSignalDashboard, CloudWatchQuery } from "./dashboard-widgets";

/** Props of {@link CloudWatchGoldenSignalDashboard}. */
interface CloudWatchGoldenSignalDashboardProps {
  /** Dashboard name parts, joined and fitted to CloudWatch's dashboard name rules. */
  readonly nameParts: readonly string[];
  /** Region the metrics live in. */
  readonly region: string;
  /** The dashboard in the golden-signal model, with CloudWatch queries. */
  readonly model: AwsGoldenSignalDashboard;
  /**
   * ARNs of the alarms of the alert-state row, read at synth: the alarms
   * are created after the dashboard (their descriptions name it).
   * @default - no alarm status widget
   */
  readonly alarmArns?: () => readonly string[];
  /** Draw each alert's metric with its threshold in the alert-state row. @default true */
  readonly alertGraphs?: boolean;
  /** Full-width widgets above the rows (the service's links). @default - none */
  readonly header?: readonly CloudWatchWidget[];
}

/**
 * A CloudWatch dashboard rendered from the golden-signal model: a row per
 * golden signal (latency, traffic, errors, saturation) with a graph per
 * panel in the panel's unit, then the alert-state row: the state of every
 * alarm and a graph of each alarm's metric with its threshold drawn, so
 * on-call sees what the alarm sees.
 */
export class CloudWatchGoldenSignalDashboard extends Construct {
  /** The CloudWatch dashboard (`aws_cloudwatch_dashboard`), its JSON body rendered at synth once the alert-state row's alarms exist. */
  public readonly dashboard: CloudwatchDashboard;
  /** Its name, as a plain string (known at synth). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: CloudWatchGoldenSignalDashboardProps) {
    super(scope, id);
    this.name = fitName(props.nameParts, NAMING_RULES.awsDashboard);
    const body = () => JSON.stringify({ widgets: dashboardWidgets(props.model, { region: props.region, alarmArns: props.alarmArns?.() ?? [], alertGraphs: props.alertGraphs, header: props.header }) });
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.name,
      // Rendered at synth, when the alarms of the alert-state row exist.
      dashboardBody: Lazy.stringValue({ produce: body }),
    });
  }
}
