import { Lazy, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { AlertDefinition, CanonicalAlertRef } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { SloPeriod } from "../observability/slo";
import type { Severity } from "../observability/severity";
import type { PolicyPackName } from "../policy/types";
import type { EntryPointRecord } from "./components/edge";
import type { TargetName } from "./components/platform";
import type { LogRetention, ServiceLogsView } from "./components/logs";
import { isAlertingRule, PrometheusRuleGroup } from "../observability/prometheus-rules";

/**
 * What Vigil deployed in a stack, for the review tools, the policy packs and
 * the runbook generator: every alert with its route and runbook, every SLO,
 * every component, and the policy findings. It is written into the stack's
 * `cdk.tf.json` under the top-level `"//"` key (Terraform ignores `"//"`),
 * so `vigil report`, `vigil diff` and `vigil runbooks` read it from
 * `cdktf.out/` alone.
 */
export interface VigilManifestDocument {
  /** Format version of this document. */
  readonly version: 1;
  /** Components deployed. */
  readonly components: readonly ComponentRecord[];
  /** Alerts, native and Prometheus. */
  readonly alerts: readonly AlertRecord[];
  /** Service level objectives. */
  readonly slos: readonly SloRecord[];
  /** Policy findings, suppressed ones included. */
  readonly findings: readonly PolicyFindingRecord[];
  /** Where each service's logs are, how long they are kept, how to open them. @default - none (a stack without services, or written before logs were recorded) */
  readonly serviceLogs?: readonly ServiceLogsRecord[];
  /** The log pipelines (collector, store, retention, archive) deployed in the stack. @default - none */
  readonly logPipelines?: readonly LogPipelineRecord[];
  /** The public entry points (TLS, WAF, access logs) deployed in the stack. @default - none */
  readonly entryPoints?: readonly EntryPointRecord[];
  /**
   * The policy packs that checked the stack; absent when none ran, so that an
   * empty `findings` list is not read as a clean bill.
   * @default - no pack ran
   */
  readonly policyPacks?: readonly PolicyPackName[];
  /**
   * When the stack was synthesized (ISO 8601, one time for every stack of
   * the app): the review commands compare it with the marker a failed synth
   * leaves (`lib/core/synth-status.ts`). Snapshots never see it:
   * `normalizeForSnapshot` drops the `"//"` key.
   * @default - absent from a document built in memory (`VigilManifest.document()`, `synthStack`)
   */
  readonly synthesizedAt?: string;
}

/** One deployed component (a cluster, a database, a topic set, a canary ...). */
export interface ComponentRecord {
  /** Component kind as used in runbook paths, e.g. `rds-postgres`, `kafka-strimzi`. */
  readonly component: string;
  /** Canonical kind whose alert catalog it implements (`postgres`, `cluster`, ...). @default - none: a target-only component (an audit trail) */
  readonly kind?: string;
  /** Canonical alerts of its kind this target cannot provide, with the reason. @default - none */
  readonly unavailableAlerts?: readonly UnavailableAlert[];
  /** Name of the deployed thing, e.g. `checkout-prod-orders`. */
  readonly name: string;
  /** Target that implements it. */
  readonly target: TargetName;
  /** Holds data that a destroy would lose. */
  readonly stateful: boolean;
  /** One line: what it is, for runbooks and the report. */
  readonly description: string;
  /** Ids of the component's default alerts (before overrides). */
  readonly defaultAlertIds: readonly string[];
  /** Ids of default alerts the user switched off. */
  readonly disabledAlertIds: readonly string[];
  /** Dashboard name or URL. @default - none */
  readonly dashboard?: string;
  /** Construct path. */
  readonly path: string;
}

/** How an alert is evaluated. */
export type AlertMechanism =
  | "cloudwatch-alarm"
  | "eventbridge-rule"
  | "prometheus-rule"
  | "cloud-monitoring-policy"
  | "azure-metric-alert"
  | "azure-activity-log-alert"
  | "azure-log-query-alert"
  | "azure-web-test";

/** One alert as deployed. */
export interface AlertRecord {
  /**
   * Alert id, kebab-case, unique within its component and resource, e.g. `cpu-high`. An alert
   * repeated per member (a broker, a table) carries the member in its id (`under-min-isr-broker-1`)
   * and shares the template's runbook page: the page is `runbookUrl`, not the id.
   */
  readonly id: string;
  /** Component kind (runbook folder), e.g. `rds-postgres`, `slo`. */
  readonly component: string;
  /** The monitored thing's name (instance, cluster, service). */
  readonly resource: string;
  /** Name of the alarm / policy / Prometheus alert as the cloud shows it. */
  readonly name: string;
  /** Declared severity. */
  readonly severity: Severity;
  /** The canonical alert it implements, with the threshold as the user wrote it (catalog units). @default - a target-only alert */
  readonly canonical?: CanonicalAlertRef;
  /** Severity it is delivered as in this environment (dev: pages as tickets). */
  readonly deliveredAs: Severity;
  /** One line: what is wrong. */
  readonly summary: string;
  /** What it means and why this threshold. */
  readonly description: string;
  /** Threshold for humans, e.g. `> 80 %` or `burn rate 14.4× over 1h and 5m`. */
  readonly threshold: string;
  /** The condition: a metric with its statistic, or the PromQL expression. */
  readonly condition: string;
  /** How it is evaluated. */
  readonly mechanism: AlertMechanism;
  /** URL of the alert's runbook page, `<runbookBaseUrl>/<component>/<id>.md`; `vigil runbooks` generates the pages. */
  readonly runbookUrl: string;
  /** Names of the notification channels it reaches. */
  readonly routes: readonly string[];
  /** Dashboard name or URL. @default - none */
  readonly dashboard?: string;
  /** Construct path of the resource that implements it. */
  readonly path: string;
}

/** One service level objective. */
export interface SloRecord {
  /** Name of the `MonitoredService` whose `slos` declared the SLO. */
  readonly service: string;
  /** SLO name. */
  readonly name: string;
  /** Objective in percent, e.g. 99.9. */
  readonly objective: number;
  /** Period, e.g. `30d`. */
  readonly period: SloPeriod;
  /** What is measured, in words. */
  readonly indicator: string;
  /** Names of the alerts that guard it. */
  readonly alerts: readonly string[];
  /** Construct path of the resource holding its rules. */
  readonly path: string;
}

/** One service's logs, for the report, the runbooks and the policy packs. */
export interface ServiceLogsRecord extends ServiceLogsView {
  /** Name of the service whose logs these are; without `logs.namespaces` its logs are its namespace of the same name. */
  readonly service: string;
  /** Namespaces whose containers are the service's. */
  readonly namespaces: readonly string[];
  /** Construct path of the service. */
  readonly path: string;
}

/** One platform's log pipeline: what collects the workloads' logs, into what, for how long. */
export interface LogPipelineRecord {
  /** Target, e.g. `aws`. */
  readonly target: TargetName;
  /** The collector and its version, e.g. `Fluent Bit 3.2 (aws-for-fluent-bit chart 0.1.34)`. */
  readonly collector: string;
  /** The log store, e.g. `CloudWatch Logs`. */
  readonly store: string;
  /** Namespaces whose container logs are collected: `all`, or the list. */
  readonly namespaces: "all" | readonly string[];
  /** Node and system logs (kubelet, container runtime) are collected too. */
  readonly systemLogs: boolean;
  /** Retention and archive. */
  readonly retention: LogRetention;
  /** How logs are encrypted at rest, e.g. `KMS key alias/checkout-prod-logs`. */
  readonly encryption: string;
  /** Construct path of the pipeline. */
  readonly path: string;
}

/** One policy finding. */
export interface PolicyFindingRecord {
  /** Rule id, e.g. `data-protection/prevent-destroy`. */
  readonly rule: string;
  /** The rule's level: an unsuppressed `error` fails `cdktf synth`, a `warning` is printed. */
  readonly level: "error" | "warning";
  /** What is wrong and what to change. */
  readonly message: string;
  /** Construct path (or Terraform address) of the resource. */
  readonly resource: string;
  /** Why it is accepted, when suppressed. @default - not suppressed */
  readonly suppressedBecause?: string;
}

/** The fields of an alert record that come from the alert itself, the same on every target. */
export function alertRecordFields(alert: AlertDefinition): Pick<AlertRecord, "id" | "component" | "severity" | "summary" | "description" | "runbookUrl" | "canonical"> {
  return {
    id: alert.id,
    component: alert.component,
    severity: alert.severity,
    summary: alert.summary,
    description: alert.description,
    runbookUrl: alert.runbookUrl,
    ...(alert.canonical ? { canonical: alert.canonical } : {}),
  };
}

const SYNTHESIS_TIMES = new WeakMap<IConstruct, string>();

/** The time the app holding `scope` was first synthesized, the same for all its stacks. */
function synthesisTime(scope: IConstruct): string {
  const root = scope.node.root;
  let time = SYNTHESIS_TIMES.get(root);
  if (time === undefined) {
    time = new Date().toISOString();
    SYNTHESIS_TIMES.set(root, time);
  }
  return time;
}

/** Construct id of the manifest under its stack. */
export const VIGIL_MANIFEST_ID = "VigilManifest";

/**
 * The manifest of one stack. Components, alerts, SLOs and policy findings are
 * recorded as constructs are built; the document is produced at synth.
 */
export class VigilManifest extends Construct {
  /** The manifest of the stack that holds `scope`, created on first use. */
  public static of(scope: IConstruct): VigilManifest {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(VIGIL_MANIFEST_ID) as VigilManifest | undefined) ?? new VigilManifest(stack);
  }

  private readonly components: ComponentRecord[] = [];
  private readonly alerts: AlertRecord[] = [];
  private readonly slos: SloRecord[] = [];
  private readonly findings: PolicyFindingRecord[] = [];
  private readonly serviceLogs: ServiceLogsRecord[] = [];
  private readonly logPipelines: LogPipelineRecord[] = [];
  private readonly entryPoints: EntryPointRecord[] = [];
  private policyPacks?: PolicyPackName[];

  private constructor(stack: TerraformStack) {
    super(stack, VIGIL_MANIFEST_ID);
    stack.addOverride("//.vigil", Lazy.anyValue({ produce: () => ({ ...this.document(), synthesizedAt: synthesisTime(stack) }) }));
  }

  /** Records a component. */
  public addComponent(record: ComponentRecord): void {
    this.components.push(record);
  }

  /** Records an alert. */
  public addAlert(record: AlertRecord): void {
    this.alerts.push(record);
  }

  /** Records an SLO. */
  public addSlo(record: SloRecord): void {
    this.slos.push(record);
  }

  /** Records where a service's logs are. */
  public addServiceLogs(record: ServiceLogsRecord): void {
    this.serviceLogs.push(record);
  }

  /** Records a log pipeline. */
  public addLogPipeline(record: LogPipelineRecord): void {
    this.logPipelines.push(record);
  }

  /** Records a public entry point. */
  public addEntryPoint(record: EntryPointRecord): void {
    this.entryPoints.push(record);
  }

  /** Records a policy finding. */
  public addFinding(record: PolicyFindingRecord): void {
    this.findings.push(record);
  }

  /** The document as written into the stack. */
  public document(): VigilManifestDocument {
    return {
      version: 1,
      components: [...this.components],
      alerts: [...this.alerts],
      slos: [...this.slos],
      findings: [...this.findings],
      ...(this.serviceLogs.length > 0 ? { serviceLogs: [...this.serviceLogs] } : {}),
      ...(this.logPipelines.length > 0 ? { logPipelines: [...this.logPipelines] } : {}),
      ...(this.entryPoints.length > 0 ? { entryPoints: [...this.entryPoints] } : {}),
      ...(this.policyPacks ? { policyPacks: [...this.policyPacks] } : {}),
    };
  }

  /** Records which policy packs checked the stack. */
  public recordPolicyPacks(packs: readonly PolicyPackName[]): void {
    this.policyPacks = [...packs];
  }
}

/** How the alerting rules of some rule groups are delivered. */
interface RuleGroupDelivery {
  /** The monitored thing's name, when the rules are about one (else the `service` label). */
  readonly resource?: string;
  /** Severity an alert of `severity` is delivered as here. */
  readonly deliveredAs: (severity: Severity) => Severity;
  /** Channel names a delivered severity reaches. */
  readonly routeOf: (delivered: Severity) => readonly string[];
  /** Dashboard name or URL. @default - none */
  readonly dashboard?: string;
  /** Construct path of the resource that deploys the rules. */
  readonly path: string;
  /** The alerts the rules were rendered from, whose canonical ids and thresholds are recorded with them. @default - none */
  readonly alerts?: readonly AlertDefinition[];
}

/**
 * Records every alerting rule of `groups` (any target's Prometheus: AMP,
 * Managed Service for Prometheus, Azure Monitor, in-cluster) in the manifest
 * of `scope`'s stack, from the labels and annotations the shared renderer
 * puts on each rule.
 */
export function recordRuleGroupAlerts(scope: IConstruct, groups: readonly PrometheusRuleGroup[], delivery: RuleGroupDelivery): void {
  const manifest = VigilManifest.of(scope);
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!isAlertingRule(rule)) continue;
      const severity = rule.labels.severity as Severity;
      const deliveredAs = delivery.deliveredAs(severity);
      const canonical = delivery.alerts?.find((a) => a.id === rule.labels.alert_id && a.component === rule.labels.component)?.canonical;
      manifest.addAlert({
        id: rule.labels.alert_id ?? rule.alert,
        component: rule.labels.component ?? "prometheus",
        resource: delivery.resource ?? rule.labels.service ?? "",
        name: rule.alert,
        severity,
        ...(canonical ? { canonical } : {}),
        deliveredAs,
        summary: rule.annotations.summary ?? "",
        description: rule.annotations.description ?? "",
        threshold: ruleThreshold(rule.expr, rule.for),
        condition: rule.expr,
        mechanism: "prometheus-rule",
        runbookUrl: rule.annotations.runbook_url ?? "",
        routes: [...delivery.routeOf(deliveredAs)],
        dashboard: delivery.dashboard,
        path: delivery.path,
      });
    }
  }
}

/** `(query) > 80` held `for: 10m` → `> 80 for 10m`; a compound expression (an SLO burn rate) → its `for` only. */
function ruleThreshold(expr: string, holdFor: string | undefined): string {
  const held = holdFor ? ` for ${holdFor}` : "";
  const last = /\)\s*(>=|<=|>|<|==|!=)\s*(-?[0-9.]+(?:e[+-]?\d+)?)\s*$/.exec(expr);
  return last ? `${last[1]} ${last[2]}${held}` : `as in the condition${held}`;
}

export { EMPTY_MANIFEST, manifestOf } from "./manifest-read";
