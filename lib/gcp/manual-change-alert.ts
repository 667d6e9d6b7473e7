import { Construct } from "constructs";
import { Lazy, Token } from "cdktf";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { VigilManifest } from "../core/manifest";
import { AlertOverride, runbookUrl } from "../observability/alert";
import { PLATFORM_ALERTS, PlatformAlertId, resolveAlertSettings } from "../observability/alert-catalog";
import type { Severity } from "../observability/severity";
import { GCP_POLICY_SEVERITY } from "./alert-policy";
import type { GcpAlerting } from "./alerting";

/** Component of the manual-change alert (runbook folder): the project's Admin Activity audit log. */
const ADMIN_ACTIVITY_COMPONENT = "admin-activity";

/** Id of the canonical alert on changes made outside the pipeline. */
export const MANUAL_CHANGE_ALERT_ID: PlatformAlertId = "manual-change";

/**
 * Google-managed service agents, which act for Google services on the
 * platform's behalf (GKE's autoscaler and auto-repair, Cloud SQL, Managed
 * Kafka, service networking): `service-<project number>@<service>.iam.gserviceaccount.com`
 * and the Google APIs service agent `<project number>@cloudservices.gserviceaccount.com`
 * (IAM, "Service agents").
 */
const GOOGLE_SERVICE_AGENTS: readonly string[] = ["^service-[0-9]+@[a-z0-9-]+[.]iam[.]gserviceaccount[.]com$", "^[0-9]+@cloudservices[.]gserviceaccount[.]com$"];

/** Props of {@link GcpManualChangeAlert}. */
export interface GcpManualChangeAlertProps {
  /** Project whose Admin Activity audit log is watched. */
  readonly project: string;
  /** Emails of the identities that deploy (the pipeline); their changes raise no alert. */
  readonly pipelinePrincipals: readonly string[];
  /** Alert delivery. */
  readonly alerting: GcpAlerting;
  /** Prefix of the policy's display name: `<service>-<environment>`. */
  readonly namePrefix: string;
  /** User labels of the policy. */
  readonly labels: Readonly<Record<string, string>>;
  /** The user's overrides of the platform's canonical alerts (`alerts`). @default - none */
  readonly overrides?: Readonly<Partial<Record<PlatformAlertId, AlertOverride>>>;
}

/**
 * The canonical `manual-change` alert on GCP: a log-based alert policy
 * (`condition_matched_log`) on the project's Admin Activity audit log
 * (`cloudaudit.googleapis.com%2Factivity`: every API call that changes a
 * resource's configuration, kept by Google whatever the audit config) that
 * fires on an entry whose principal is not one of the pipeline's. Not
 * counted as manual: Google's service agents, the service accounts the
 * platform's services connect to Cloud SQL as (Cloud SQL logs every
 * `cloudsql.instances.connect` as Admin Activity) and the Kubernetes API
 * (`k8s.io`: objects in the cluster, not cloud resources, written all the
 * time by controllers). Sources: Cloud Logging "Configure log-based
 * alerting policies"; Cloud Audit Logs "Admin Activity audit logs"; Cloud
 * SQL "Audit logs". A log-based policy needs a notification rate limit
 * (Monitoring API, `AlertStrategy.notificationRateLimit`).
 */
export class GcpManualChangeAlert extends Construct {
  /** The policy, unless the alert is switched off. */
  public readonly policy?: MonitoringAlertPolicy;
  /** Problems with the overrides or the principals. */
  public readonly problems: readonly string[];
  private readonly clientAccounts: string[] = [];

  constructor(scope: Construct, id: string, props: GcpManualChangeAlertProps) {
    super(scope, id);
    const { settings, problems } = resolveAlertSettings("platform", props.overrides, "alerts");
    this.problems = [...problems, ...principalProblems(props.pipelinePrincipals)];
    const setting = settings[MANUAL_CHANGE_ALERT_ID];
    const routing = props.alerting.routing;
    const runbook = runbookUrl(props.alerting.runbookBaseUrl, ADMIN_ACTIVITY_COMPONENT, MANUAL_CHANGE_ALERT_ID);
    const summary = `Resources of project ${props.project} changed outside the pipeline`;
    const description =
      "An Admin Activity audit log entry (a call that changes a resource's configuration, including attempts that failed) by a principal that is not the deploying pipeline, a Google service agent or a Cloud SQL client of the platform: a change by hand (console, gcloud, a script) that the next deploy may revert or that drifts from the code. The notification names the principal, the method and the resource.";
    VigilManifest.of(this).addComponent({
      component: ADMIN_ACTIVITY_COMPONENT,
      kind: "platform",
      name: props.project,
      target: "gcp",
      stateful: false,
      description: `Admin Activity audit log of project ${props.project}`,
      defaultAlertIds: [MANUAL_CHANGE_ALERT_ID],
      disabledAlertIds: setting.enabled ? [] : [MANUAL_CHANGE_ALERT_ID],
      unavailableAlerts: [],
      path: this.node.path,
    });
    if (!setting.enabled) return;

    const deliveredAs: Severity = routing.deliveredAs(setting.severity);
    const displayName = `${props.namePrefix} ${ADMIN_ACTIVITY_COMPONENT} ${MANUAL_CHANGE_ALERT_ID}`;
    this.policy = new MonitoringAlertPolicy(this, "policy", {
      displayName,
      combiner: "OR",
      severity: GCP_POLICY_SEVERITY[deliveredAs],
      conditions: [
        {
          displayName: summary,
          conditionMatchedLog: {
            filter: Lazy.stringValue({ produce: () => manualChangeFilter(props.project, [...props.pipelinePrincipals, ...this.clientAccounts]) }),
            labelExtractors: {
              principal: "EXTRACT(protoPayload.authenticationInfo.principalEmail)",
              method: "EXTRACT(protoPayload.methodName)",
              resource: "EXTRACT(protoPayload.resourceName)",
            },
          },
        },
      ],
      notificationChannels: props.alerting.channelIdsFor(setting.severity),
      documentation: {
        subject: `[${deliveredAs}] ${summary}`.slice(0, 255),
        content: [`**${summary}**`, "", description, "", `Severity: ${setting.severity} (delivered as ${deliveredAs}).`, "", `Runbook: ${runbook}`].join("\n"),
        mimeType: "text/markdown",
        links: [{ displayName: "Runbook", url: runbook }],
      },
      // One notification per 5 minutes for each principal, method and resource; incidents close after 30 minutes.
      alertStrategy: { notificationRateLimit: { period: "300s" }, autoClose: "1800s" },
      userLabels: { ...props.labels, severity: deliveredAs, component: ADMIN_ACTIVITY_COMPONENT, alert_id: MANUAL_CHANGE_ALERT_ID },
    });
    VigilManifest.of(this).addAlert({
      id: MANUAL_CHANGE_ALERT_ID,
      component: ADMIN_ACTIVITY_COMPONENT,
      resource: props.project,
      name: displayName,
      severity: setting.severity,
      canonical: { kind: "platform", id: MANUAL_CHANGE_ALERT_ID, threshold: setting.threshold, unit: PLATFORM_ALERTS[MANUAL_CHANGE_ALERT_ID].unit },
      deliveredAs,
      summary,
      description,
      threshold: "any entry",
      condition: `Admin Activity audit log entries of project ${props.project} by principals other than the pipeline's (${props.pipelinePrincipals.length} given), Google service agents and the platform's Cloud SQL clients; Kubernetes API calls excluded`,
      mechanism: "cloud-monitoring-policy",
      runbookUrl: runbook,
      routes: routing.routeOf(deliveredAs),
      path: this.policy.node.path,
    });
  }

  /** Excludes a service account that connects to Cloud SQL (each connection is an Admin Activity entry) from the alert. */
  public exemptCloudSqlClient(email: string): void {
    this.clientAccounts.push(email);
  }
}

/** The Logging query of the alert: Admin Activity entries of `project` not by `exempt` principals, service agents or the Kubernetes API. */
export function manualChangeFilter(project: string, exempt: readonly string[]): string {
  return [
    `logName="projects/${project}/logs/cloudaudit.googleapis.com%2Factivity"`,
    'NOT protoPayload.serviceName="k8s.io"',
    ...GOOGLE_SERVICE_AGENTS.map((re) => `NOT protoPayload.authenticationInfo.principalEmail=~"${re}"`),
    ...exempt.map((email) => `NOT protoPayload.authenticationInfo.principalEmail="${email}"`),
  ].join("\n");
}

/** Pipeline principals must be emails (a user or a service account) the audit log names. */
function principalProblems(principals: readonly string[]): string[] {
  if (principals.length === 0) return ["`pipelinePrincipals` is empty; give the email of the identity that deploys (e.g. \"deployer@<project>.iam.gserviceaccount.com\"), or leave it out to use the identity running Terraform"];
  return principals
    .filter((p) => !Token.isUnresolved(p) && !/^[^@\s"\\]+@[^@\s"\\]+\.[a-z]{2,}$/i.test(p))
    .map((p) => `\`pipelinePrincipals\` entry ${JSON.stringify(p)} is not an email; give the principal email the audit log shows for the deploying identity, e.g. "deployer@<project>.iam.gserviceaccount.com"`);
}
