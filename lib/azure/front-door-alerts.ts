import { Construct } from "constructs";
import type { AlertPlacement, AlertSink } from "../core/components/component-alerts";
import { runbookUrl } from "../observability/alert";
import type { AzureAlerting } from "./action-groups";
import { AzureLogAlertSink, AzureLogQueryAlert } from "./log-alerts";
import type { AzureNativeAlert } from "./metric-alert";
import { AzureAlertBindings, azureCondition } from "./private/component-alerts";
import { APPLICATION_INSIGHTS_NAMESPACE } from "./web-test";

/** Component name of the Front Door edge's alerts (runbook folder, rule names). */
export const FRONT_DOOR_COMPONENT = "front-door";

/** Metric namespace of Front Door Standard/Premium profiles. */
export const FRONT_DOOR_NAMESPACE = "Microsoft.Cdn/profiles";

/** The Log Analytics table Front Door's resource logs land in (it has no resource-specific table). */
export const FRONT_DOOR_LOG_TABLE = "AzureDiagnostics";

/**
 * The KQL selecting one host's Front Door access log lines: category
 * `FrontDoorAccessLog` of `AzureDiagnostics`, the request's host name.
 */
export function frontDoorAccessLogQuery(hostname: string): string {
  return [FRONT_DOOR_LOG_TABLE, `| where Category == "FrontDoorAccessLog" and hostName_s =~ ${JSON.stringify(hostname)}`].join("\n");
}

/** Where an edge's alerts and panels read from. */
interface FrontDoorSignals {
  /** Name of the edge (rule names, summaries). */
  readonly name: string;
  /** Public host name. */
  readonly hostname: string;
  /** Name of the standard web test checking the certificate's remaining lifetime. */
  readonly certificateTestName: string;
  /** Days the certificate test demands (the threshold, in whole days). */
  readonly certificateDays: number;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
}

/**
 * The edge's canonical alerts on Front Door Premium. Metric names and
 * aggregations from Microsoft Learn, "Supported metrics for
 * Microsoft.Cdn/profiles": `Percentage5XX` (percent, Average),
 * `WebApplicationFirewallRequestCount` (Total; dimensions PolicyName,
 * RuleName, Action). `TotalLatency` is published as an Average only, so
 * the p99 comes from the access log (`timeTaken_s`, seconds) through a log
 * search alert. The certificate: a standard web test whose SSL check fails
 * when fewer than the threshold's days are left. DDoS: none published.
 */
export function frontDoorAlertBindings(s: FrontDoorSignals): AzureAlertBindings<"edge"> {
  const runbook = (id: string) => runbookUrl(s.runbookBaseUrl, FRONT_DOOR_COMPONENT, id);
  const ns = FRONT_DOOR_NAMESPACE;
  return {
    kind: "edge",
    canonical: {
      "errors-high": {
        build: (t): AzureNativeAlert => ({
          id: "errors-high",
          component: FRONT_DOOR_COMPONENT,
          summary: `More than ${t.threshold} % of the requests to ${s.hostname} answered 5xx`,
          description: `Percentage5XX of Front Door ${s.name} (percent of client requests answered 5xx, by Front Door or the backend it fronts) averaged above ${t.threshold} % over 5 minutes: users see errors. No request means no data, and does not fire.`,
          severity: "page",
          runbookUrl: runbook("errors-high"),
          threshold: t.threshold,
          unit: "%",
          condition: azureCondition(ns, "Percentage5XX", "Average", ">", 5),
        }),
      },
      "latency-high": {
        build: (t): AzureLogQueryAlert => ({
          id: "latency-high",
          component: FRONT_DOOR_COMPONENT,
          summary: `p99 latency of ${s.hostname} above ${t.threshold} s`,
          description: `The 99th percentile of timeTaken (seconds from the first request byte to the last response byte, backend included) in the FrontDoorAccessLog lines of ${s.hostname} above ${t.threshold} s over 5 minutes. Front Door's TotalLatency metric is an average only, so the percentile is computed from the access log (a few minutes of ingestion delay). No request does not fire.`,
          severity: "ticket",
          runbookUrl: runbook("latency-high"),
          threshold: t.threshold,
          unit: "s",
          condition: { kind: "native-metric", namespace: "Microsoft.OperationalInsights/workspaces", metricName: `${FRONT_DOOR_LOG_TABLE} FrontDoorAccessLog p99 timeTaken_s`, dimensions: {}, statistic: "p99", periodSeconds: 300, evaluationPeriods: 1, comparison: ">", missingData: "missing" },
          query: [frontDoorAccessLogQuery(s.hostname), "| summarize lines = percentile(todouble(timeTaken_s), 99)"].join("\n"),
        }),
      },
      "waf-blocked-high": {
        build: (t): AzureNativeAlert => ({
          id: "waf-blocked-high",
          component: FRONT_DOOR_COMPONENT,
          summary: `The WAF of ${s.hostname} blocks more than ${t.threshold} requests per second`,
          description: `WebApplicationFirewallRequestCount with Action=Block on Front Door ${s.name}, totalled over 5 minutes, above ${t.threshold} per second (${t.threshold * 300} requests): an attack, or a rule blocking real users (the WAF log names the rule). No blocked request does not fire.`,
          severity: "ticket",
          runbookUrl: runbook("waf-blocked-high"),
          // Per second over 5 minutes, as a Total over the 300 s window.
          threshold: t.threshold * 300,
          unit: "requests",
          condition: azureCondition(ns, "WebApplicationFirewallRequestCount", "Total", ">", 5, { Action: "Block" }),
        }),
      },
      "certificate-expiring": {
        build: (t): AzureNativeAlert => ({
          id: "certificate-expiring",
          component: FRONT_DOOR_COMPONENT,
          summary: `The certificate of ${s.hostname} expires in fewer than ${t.threshold / 86400} days`,
          description: `The standard web test ${s.certificateTestName} checks from 5 locations that the certificate served at https://${s.hostname} has at least ${s.certificateDays} days left (its SSL lifetime check); its availability below 50 % over 15 minutes means the check fails everywhere: Front Door's managed certificate was not renewed (Azure renews it 45 days before expiry when the domain's CNAME still points at the endpoint). The site unreachable also fails the test: see the service's checks-failing alert first.`,
          severity: "ticket",
          runbookUrl: runbook("certificate-expiring"),
          threshold: 50,
          unit: "%",
          condition: azureCondition(APPLICATION_INSIGHTS_NAMESPACE, "availabilityResults/availabilityPercentage", "Average", "<", 15, { "availabilityResult/name": s.certificateTestName }),
        }),
      },
      "ddos-detected": {
        unavailable:
          "Front Door's DDoS protection (Azure infrastructure protection at its edge, included in the service) publishes no attack metric or event for a profile; Azure DDoS Protection's IfUnderDDoSAttack covers public IPs in a VNet, and the edge has none (Microsoft Learn, \"Supported metrics for Microsoft.Cdn/profiles\")",
      },
    },
  };
}

/** Props of {@link FrontDoorAlertSink}. */
interface FrontDoorAlertSinkProps {
  /** Action groups. */
  readonly alerting: AzureAlerting;
  /** Log search alerts on the workspace (the p99 from the access log). */
  readonly logs: AzureLogAlertSink;
  /** The Front Door profile's id (metric alerts on its metrics). */
  readonly profileId: string;
  /** Application Insights' id (the certificate test's availability). */
  readonly applicationInsightsId: string;
}

/** Deploys each edge alert where its signal is: the profile's metrics, the workspace's access log, or the certificate web test. */
export class FrontDoorAlertSink implements AlertSink<AzureNativeAlert> {
  constructor(private readonly props: FrontDoorAlertSinkProps) {}

  public deploy(scope: Construct, alerts: readonly AzureNativeAlert[], placement: AlertPlacement): string[] {
    const queries = alerts.filter((a): a is AzureLogQueryAlert => "query" in a);
    if (queries.length > 0) this.props.logs.deploy(scope, queries, placement);
    for (const alert of alerts.filter((a) => !("query" in a))) {
      const onInsights = alert.condition.namespace === APPLICATION_INSIGHTS_NAMESPACE;
      this.props.alerting.addMetricAlert(scope, alert, { resourceId: onInsights ? this.props.applicationInsightsId : this.props.profileId, resourceName: placement.resourceName, dashboard: placement.dashboard });
    }
    return [];
  }
}
