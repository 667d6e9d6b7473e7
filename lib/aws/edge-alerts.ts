import { runbookUrl, type NativeStatistic } from "../observability/alert";
import type { CloudWatchCondition } from "./alarm";
import type { CloudWatchQuery } from "./dashboard-widgets";
import type { AwsAlertBindings, AwsDashboardBindings, NativeAlert } from "./private/component-alerts";

/** Component name of the AWS edge's alerts (runbook folder, alarm and dashboard names). */
export const ALB_EDGE_COMPONENT = "alb-edge";

/** Seconds per evaluated period of the edge alarms: the catalog's 5 minutes. */
const FIVE_MINUTES = 300;

/** One day in seconds (the catalog's certificate threshold is seconds in whole days). */
const DAY = 86400;

/** What the edge alarms and panels read: the load balancer, the web ACL, the certificate. */
interface AlbEdgeMetrics {
  /** Resource name (alarm summaries): the load balancer's name. */
  readonly name: string;
  /** The load balancer's ARN suffix (`app/<name>/<id>`), its `LoadBalancer` dimension. */
  readonly loadBalancer: string;
  /** The target group's ARN suffix (`targetgroup/<name>/<id>`), its `TargetGroup` dimension. */
  readonly targetGroup: string;
  /** The web ACL's name, its `WebACL` dimension. */
  readonly webAcl: string;
  /** The Region, the web ACL's `Region` dimension. */
  readonly region: string;
  /** The certificate's ARN, its `CertificateArn` dimension. */
  readonly certificateArn: string;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
}

/** Metric math of the 5xx percent: ELB and target 5xx over all requests (`m1`), no 5xx datapoint being 0. */
const ERRORS_PERCENT = "100 * (FILL(m2, 0) + FILL(m3, 0)) / m1";
const FIVE_XX = [
  { metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum" },
  { metricName: "HTTPCode_Target_5XX_Count", statistic: "Sum" },
] as const;

/**
 * The canonical edge alerts on an Application Load Balancer, its WAF web
 * ACL and its ACM certificate. Metric names and dimensions: Elastic Load
 * Balancing User Guide for Application Load Balancers, "CloudWatch metrics
 * for your Application Load Balancer" (`AWS/ApplicationELB`, `LoadBalancer`
 * = the ARN suffix; RequestCount, HTTPCode_ELB_5XX_Count,
 * HTTPCode_Target_5XX_Count, TargetResponseTime in seconds); AWS WAF
 * Developer Guide, "Monitoring with Amazon CloudWatch" (`AWS/WAFV2`,
 * BlockedRequests by `WebACL`, `Region`, `Rule` = `ALL` for the whole web
 * ACL); ACM User Guide, "Supported CloudWatch metrics"
 * (`AWS/CertificateManager` DaysToExpiry by `CertificateArn`, published
 * daily). Conversions: the blocked-per-second threshold times the 300 s
 * period is the Sum; the certificate's seconds divided by 86400 are days.
 * `ddos-detected` needs AWS Shield Advanced, a paid subscription Vigil does
 * not take out for you.
 */
export function albEdgeAlertBindings(m: AlbEdgeMetrics): AwsAlertBindings<"edge"> {
  const rb = (id: string) => runbookUrl(m.runbookBaseUrl, ALB_EDGE_COMPONENT, id);
  const alb = (metricName: string, statistic: NativeStatistic, extra: Partial<CloudWatchCondition> = {}): CloudWatchCondition => ({
    kind: "native-metric",
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: { LoadBalancer: m.loadBalancer },
    statistic,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    comparison: ">",
    missingData: "notBreaching",
    ...extra,
  });
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl">): NativeAlert => ({ ...a, component: ALB_EDGE_COMPONENT, runbookUrl: rb(a.id) });
  return {
    kind: "edge",
    canonical: {
      "errors-high": {
        build: (s) =>
          alert({
            id: "errors-high",
            summary: `More than ${s.threshold} % of the requests to ${m.name} were answered 5xx`,
            description: `(HTTPCode_ELB_5XX_Count + HTTPCode_Target_5XX_Count) / RequestCount x 100 over 5 minutes, above ${s.threshold} %: the load balancer (no healthy target, timeouts) or the backend answers errors. A period without 5xx counts 0 (FILL); a period without requests has no data and is not breaching (no traffic is not an error; the synthetic check covers an edge nobody reaches).`,
            severity: s.severity,
            threshold: s.threshold,
            unit: "%",
            condition: alb("RequestCount", "Sum", { math: { expression: ERRORS_PERCENT, label: "5xx % of requests", metrics: FIVE_XX } }),
          }),
      },
      "latency-high": {
        build: (s) =>
          alert({
            id: "latency-high",
            summary: `p99 response time of ${m.name}'s backend above ${s.threshold} s`,
            description: `TargetResponseTime (seconds from the load balancer sending the request to the target until the response headers) at p99 over 5 minutes, above ${s.threshold} s. No requests means no data, which is not breaching.`,
            severity: s.severity,
            threshold: s.threshold,
            unit: "seconds",
            condition: alb("TargetResponseTime", "p99"),
          }),
      },
      "waf-blocked-high": {
        build: (s) =>
          alert({
            id: "waf-blocked-high",
            summary: `The WAF of ${m.name} blocked more than ${s.threshold} requests per second`,
            description: `BlockedRequests of web ACL ${m.webAcl} (all rules) summed over 5 minutes, above ${s.threshold} per second x 300 s = ${s.threshold * FIVE_MINUTES}: an attack, a scanner, or a rule blocking real users (check the WAF logs). No blocked request publishes no datapoint: not breaching.`,
            severity: s.severity,
            threshold: s.threshold * FIVE_MINUTES,
            unit: "requests per 5 minutes",
            condition: {
              kind: "native-metric",
              namespace: "AWS/WAFV2",
              metricName: "BlockedRequests",
              dimensions: { WebACL: m.webAcl, Region: m.region, Rule: "ALL" },
              statistic: "Sum",
              periodSeconds: FIVE_MINUTES,
              evaluationPeriods: 1,
              comparison: ">",
              missingData: "notBreaching",
            },
          }),
      },
      "certificate-expiring": {
        build: (s) =>
          alert({
            id: "certificate-expiring",
            summary: `The certificate of ${m.name} expires in fewer than ${s.threshold / DAY} days`,
            description: `ACM DaysToExpiry (Minimum) of the edge's certificate below ${s.threshold / DAY} days. ACM renews a DNS-validated certificate 60 days before it expires while its validation CNAME stays in the hosted zone and the certificate is in use, so this fires only when renewal failed. ACM publishes the metric once a day: 1-day periods, and missing data is left missing (INSUFFICIENT_DATA before the first datapoint).`,
            severity: s.severity,
            threshold: s.threshold / DAY,
            unit: "days",
            condition: {
              kind: "native-metric",
              namespace: "AWS/CertificateManager",
              metricName: "DaysToExpiry",
              dimensions: { CertificateArn: m.certificateArn },
              statistic: "Minimum",
              periodSeconds: DAY,
              evaluationPeriods: 1,
              comparison: "<",
              missingData: "missing",
            },
          }),
      },
      "ddos-detected": {
        unavailable:
          "AWS publishes DDoSDetected (AWS/DDoSProtection) only for resources protected by AWS Shield Advanced, a paid subscription (USD 3,000 a month per organization, one-year commitment) Vigil does not take out; Shield Standard protects the load balancer against network and transport layer attacks without a metric, and the WAF's rate rule and waf-blocked-high cover request floods",
      },
    },
  };
}

/** Panels of an edge: the load balancer's p99, requests and 5xx percent, the WAF's blocked requests, with the alarms' metrics. */
export function albEdgePanels(m: Pick<AlbEdgeMetrics, "loadBalancer" | "targetGroup" | "webAcl" | "region">): AwsDashboardBindings<"edge"> {
  const d = { LoadBalancer: m.loadBalancer };
  const alb = (metricName: string, statistic: NativeStatistic, more: Partial<CloudWatchQuery> = {}): { query: CloudWatchQuery } => ({ query: { namespace: "AWS/ApplicationELB", metricName, dimensions: d, statistic, ...more } });
  return {
    kind: "edge",
    panels: {
      "latency-p99": alb("TargetResponseTime", "p99"),
      // Per-minute Sums divided by the period: per second.
      requests: alb("RequestCount", "Sum", { expression: "m1 / PERIOD(m1)" }),
      "errors-5xx": alb("RequestCount", "Sum", { expression: ERRORS_PERCENT, more: FIVE_XX }),
      "waf-blocked": { query: { namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: { WebACL: m.webAcl, Region: m.region, Rule: "ALL" }, statistic: "Sum", expression: "m1 / PERIOD(m1)" } },
    },
    targetOnly: [
      { id: "unhealthy-hosts", signal: "saturation", title: "Unhealthy backend nodes", unit: "count", query: { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions: { TargetGroup: m.targetGroup, LoadBalancer: m.loadBalancer }, statistic: "Maximum" } },
    ],
  };
}
