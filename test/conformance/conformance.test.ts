// The cross-target conformance suite: one description of a service, with
// every canonical alert overridden away from its default in the user's units,
// built on AWS, GCP, Azure and in-cluster. For every canonical alert on every
// target, the native alert's threshold is the user's value converted by hand
// here (a fraction on Cloud Monitoring, bytes on CloudWatch, µs for Cassandra
// latency, used space where the catalog says free), or the target declares the
// alert unavailable with a reason. A new catalog id fails the suite until each
// target answers for it.
import { ALERT_CATALOGS, ComponentKind } from "../../lib/observability/alert-catalog";
import type { AlertRecord, ComponentRecord } from "../../lib/core/manifest";
import { chartManifests, synthStack, validationMessages } from "../../lib/testing";
import { Target, TARGETS } from "../harness";
import { buildOnTarget, PortableProps } from "./targets";

/** What the user writes once. Every value differs from the catalog's default. */
const SERVICE: PortableProps = {
  clusterAlerts: {
    "nodes-not-ready": { threshold: 1 },
    "node-cpu-high": { threshold: 85 },
    "node-memory-high": { threshold: 80 },
    "node-storage-low": { threshold: 25 },
    "pods-crash-looping": { threshold: 2 },
    "pods-unschedulable": { threshold: 3 },
  },
  logPipelineAlerts: { "collector-down": { threshold: 1 } },
  service: {
    kafka: {
      storageGiB: 100,
      topics: { orders: { partitions: 6, consumerGroups: ["billing"] } },
      alerts: {
        "offline-partitions": { threshold: 1 },
        "under-min-isr": { threshold: 1 },
        "under-replicated-partitions": { threshold: 2 },
        "no-active-controller": { severity: "ticket" },
        "storage-low": { threshold: 20 },
        "cpu-high": { threshold: 70 },
        "memory-high": { threshold: 75 },
        "consumer-lag-high": { threshold: 5000 },
      },
    },
    cassandra: {
      keyspaces: { checkout: { tables: { carts: { columns: { cart_id: "uuid", qty: "int" }, partitionKey: ["cart_id"] } } } },
      datacenters: { dc1: { nodes: 3 } },
      alerts: {
        "nodes-down": { threshold: 1 },
        "read-latency-high": { threshold: 0.05 },
        "write-latency-high": { threshold: 0.1 },
        "storage-low": { threshold: 30 },
        "cpu-high": { threshold: 70 },
        "memory-high": { threshold: 85 },
        "dropped-messages": { threshold: 1 },
        "pending-compactions-high": { threshold: 50 },
      },
    },
    search: {
      storageGiB: 100,
      alerts: {
        "cluster-red": { severity: "ticket" },
        "cluster-yellow": { severity: "info" },
        "nodes-missing": { threshold: 1 },
        "storage-low": { threshold: 30 },
        "cpu-high": { threshold: 70 },
        "jvm-memory-high": { threshold: 90 },
        "write-queue-high": { threshold: 200 },
        "search-queue-high": { threshold: 1000 },
      },
    },
    postgres: {
      storageGiB: 100,
      alerts: {
        down: { severity: "ticket" },
        "cpu-high": { threshold: 75 },
        "memory-high": { threshold: 85 },
        "storage-low": { threshold: 15 },
        "connections-high": { threshold: 70 },
        "replication-lag-high": { threshold: 120 },
        "txid-wraparound": { threshold: 40 },
      },
    },
    endpoint: { url: "https://checkout.example.com/healthz", alerts: { "checks-failing": { threshold: 95 } } },
    logs: { alerts: { "error-logs-high": { threshold: 2 }, "logs-missing": { threshold: 600 } } },
    edge: {
      hostname: "checkout.example.com",
      backend: { service: "checkout-api", port: 8080 },
      alerts: {
        "errors-high": { threshold: 2 },
        "latency-high": { threshold: 0.5 },
        "waf-blocked-high": { threshold: 20 },
        "certificate-expiring": { threshold: 14 * 86400 },
        "ddos-detected": { severity: "ticket" },
      },
    },
    defaultSlos: { matchers: 'job="checkout-api"' },
    // The same SLOs measured at the edge: each target burns them natively.
    slos: [
      { name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } },
      { name: "edge-latency", objective: 99, sli: { kind: "edge", measure: "latency", thresholdSeconds: 0.5 } },
    ],
  },
};

/**
 * The native threshold each target must enforce for the values above, by
 * canonical id; `unavailable` where the target declares it cannot; `state`
 * for alerts on a state, which take a severity and no threshold.
 */
type Expected = number | "unavailable" | "state";
type TargetExpectations = { readonly [K in ComponentKind]: Readonly<Record<keyof (typeof ALERT_CATALOGS)[K], Expected>> };

/** Components placed in a cluster run the same engines everywhere, and so convert the same way: PromQL compares the user's number. */
const IN_CLUSTER = {
  kafka: {
    "offline-partitions": 1,
    "under-min-isr": 1,
    "under-replicated-partitions": 2,
    "no-active-controller": "state",
    "storage-low": 20,
    "cpu-high": 70,
    "memory-high": 75,
    "consumer-lag-high": 5000,
  },
  // Latency in microseconds, as Cassandra's client request histogram records it: 0.05 s and 0.1 s.
  cassandra: { "nodes-down": 1, "read-latency-high": 50000, "write-latency-high": 100000, "storage-low": 30, "cpu-high": 70, "memory-high": 85, "dropped-messages": 1, "pending-compactions-high": 50 },
  // 6 nodes (3 masters, 3 data), 1 may be missing: fires below 5.
  search: { "cluster-red": "state", "cluster-yellow": "state", "nodes-missing": 5, "storage-low": 30, "cpu-high": 70, "jvm-memory-high": 90, "write-queue-high": 200, "search-queue-high": 1000 },
  postgres: { down: "state", "cpu-high": 75, "memory-high": 85, "storage-low": 15, "connections-high": 70, "replication-lag-high": 120, "txid-wraparound": 40 },
} as const;

const GIB = 1024 ** 3;
const EXPECTED: Readonly<Record<Target, TargetExpectations>> = {
  aws: {
    // Container Insights node_filesystem_utilization is used space: 25 % free is 75 % used.
    cluster: { "nodes-not-ready": 1, "node-cpu-high": 85, "node-memory-high": 80, "node-storage-low": 75, "pods-crash-looping": 2, "pods-unschedulable": 3 },
    // MSK's KafkaDataLogsDiskUsed is used space: 20 % free is 80 % used.
    kafka: { "offline-partitions": 1, "under-min-isr": 1, "under-replicated-partitions": 2, "no-active-controller": "state", "storage-low": 80, "cpu-high": 70, "memory-high": 75, "consumer-lag-high": 5000 },
    // Amazon Keyspaces is serverless: no nodes, volumes or percentiles.
    cassandra: {
      "nodes-down": "unavailable",
      "read-latency-high": "unavailable",
      "write-latency-high": "unavailable",
      "storage-low": "unavailable",
      "cpu-high": "unavailable",
      "memory-high": "unavailable",
      "dropped-messages": "unavailable",
      "pending-compactions-high": "unavailable",
    },
    // 3 data + 3 master nodes; FreeStorageSpace in MiB: 30 % of a node's 100 GiB is 30720 MiB.
    search: { "cluster-red": "state", "cluster-yellow": "state", "nodes-missing": 5, "storage-low": 30720, "cpu-high": 70, "jvm-memory-high": 90, "write-queue-high": 200, "search-queue-high": 1000 },
    // db.m7g.xlarge: 16 GiB, default max_connections 1802. FreeableMemory below 15 % of 16 GiB; FreeStorageSpace below 15 % of 100 GiB;
    // 70 % of 1802 connections, rounded down; 40 % of the 2^31 transaction IDs.
    postgres: {
      down: "unavailable",
      "cpu-high": 75,
      "memory-high": Math.round(0.15 * 16 * GIB),
      "storage-low": Math.round(0.15 * 100 * GIB),
      "connections-high": 1261,
      "replication-lag-high": "unavailable",
      "txid-wraparound": 858993459,
    },
    endpoint: { "checks-failing": 95 },
    // ALB 5xx percent (metric math) 2; TargetResponseTime p99 0.5 s; WAF BlockedRequests Sum per 300 s: 20/s x 300 = 6000;
    // ACM DaysToExpiry: 14 x 86400 s = 14 days; Shield Advanced's DDoSDetected needs a paid subscription.
    edge: { "errors-high": 2, "latency-high": 0.5, "waf-blocked-high": 6000, "certificate-expiring": 14, "ddos-detected": "unavailable" },
    platform: { "manual-change": "state" },
    // Metric filters' error-line count, Sum over 300 s: 2/s × 300 = 600. No line in 10 one-minute periods: 600 s
    // (the alarm's window, period × evaluation periods, is what the threshold sets; its own threshold is 1 line).
    logs: { "error-logs-high": 600, "logs-missing": 600 },
    // daemonset_status_number_unavailable of the fluent-bit DaemonSet, Maximum, fires above 1.
    "log-pipeline": { "collector-down": 1 },
  },
  gcp: {
    // Cloud Monitoring's utilizations are fractions; node storage is used space.
    cluster: { "nodes-not-ready": 1, "node-cpu-high": 0.85, "node-memory-high": 0.8, "node-storage-low": 0.75, "pods-crash-looping": 2, "pods-unschedulable": 3 },
    kafka: {
      "offline-partitions": 1,
      "under-min-isr": "unavailable",
      "under-replicated-partitions": "unavailable",
      "no-active-controller": "unavailable",
      "storage-low": "unavailable",
      "cpu-high": 0.7,
      "memory-high": 0.75,
      "consumer-lag-high": 5000,
    },
    cassandra: IN_CLUSTER.cassandra,
    search: IN_CLUSTER.search,
    // Cloud SQL's disk utilization is used space (15 % free is 0.85 used); the prod tier's max_connections is 800.
    postgres: { down: "state", "cpu-high": 0.75, "memory-high": 0.85, "storage-low": 0.85, "connections-high": 560, "replication-lag-high": "unavailable", "txid-wraparound": 0.4 },
    endpoint: { "checks-failing": 0.95 },
    platform: { "manual-change": "state" },
    // Log-based counters: ALIGN_RATE over 300 s is already per second (2/s → 2); logs-missing is a
    // metric-absence condition whose duration is the user's seconds (600 → "600s"); collector-down is
    // PromQL (nodes less logging-agent pods) compared with the user's count (> 1).
    logs: { "error-logs-high": 2, "logs-missing": 600 },
    "log-pipeline": { "collector-down": 1 },
    // PromQL on the Gateway's load balancer compares the user's numbers: 5xx percent (2) and p99 in seconds
    // (total_latencies ms / 1000, 0.5); Cloud Armor's blocked requests, ALIGN_RATE over 300 s, are already per
    // second (20); the uptime check's time_until_ssl_cert_expires is in days (14 × 86400 s → 14). Adaptive
    // Protection publishes no metric or documented log field to alert on.
    edge: { "errors-high": 2, "latency-high": 0.5, "waf-blocked-high": 20, "certificate-expiring": 14, "ddos-detected": "unavailable" },
  },
  azure: {
    // AKS platform metrics are percent; node_disk_usage_percentage is used space.
    cluster: { "nodes-not-ready": 1, "node-cpu-high": 85, "node-memory-high": 80, "node-storage-low": 75, "pods-crash-looping": "unavailable", "pods-unschedulable": 3 },
    // Event Hubs Premium publishes CPU and memory, none of Kafka's partition, controller, disk or lag metrics.
    kafka: {
      "offline-partitions": "unavailable",
      "under-min-isr": "unavailable",
      "under-replicated-partitions": "unavailable",
      "no-active-controller": "unavailable",
      "storage-low": "unavailable",
      "cpu-high": 70,
      "memory-high": 75,
      "consumer-lag-high": "unavailable",
    },
    // Managed Instance: latency p99 in µs, disk_utilization is used space.
    cassandra: { "nodes-down": "unavailable", "read-latency-high": 50000, "write-latency-high": 100000, "storage-low": 70, "cpu-high": 70, "memory-high": 85, "dropped-messages": 1, "pending-compactions-high": 50 },
    search: IN_CLUSTER.search,
    // storage_percent is used space; the prod SKU's default max_connections is 3437.
    postgres: { down: "state", "cpu-high": 75, "memory-high": 85, "storage-low": 85, "connections-high": 2405, "replication-lag-high": "unavailable", "txid-wraparound": 858993459 },
    endpoint: { "checks-failing": 95 },
    platform: { "manual-change": "state" },
    // Log search alert: error lines counted over a 5-minute window, 2/s × 300 s = 600; logs-missing fires on
    // fewer than 1 line over a window of the threshold (600 s = PT10M), read back as the window in seconds.
    logs: { "error-logs-high": 600, "logs-missing": 600 },
    // Managed Prometheus: desired minus ready ama-logs pods > 1.
    "log-pipeline": { "collector-down": 1 },
    // Front Door: Percentage5XX is a percent (2); the p99 is a log search alert on the access log's timeTaken_s in
    // seconds (0.5); WAF blocks are a Total over 5 minutes, 20/s × 300 s = 6000; the certificate is the web test's SSL
    // lifetime check, 14 days (read back as days × 86400 = 1209600); Front Door publishes no DDoS signal.
    edge: { "errors-high": 2, "latency-high": 0.5, "waf-blocked-high": 6000, "certificate-expiring": 14 * 86400, "ddos-detected": "unavailable" },
  },
  kubernetes: {
    cluster: { "nodes-not-ready": 1, "node-cpu-high": 85, "node-memory-high": 80, "node-storage-low": 25, "pods-crash-looping": 2, "pods-unschedulable": 3 },
    ...IN_CLUSTER,
    endpoint: { "checks-failing": 95 },
    // A cluster has no account-wide audit log Vigil reads.
    platform: { "manual-change": "unavailable" },
    // PromQL on Fluent Bit's log counters compares the user's number for the error rate (2 lines/s); logs-missing
    // counts the lines over a window of the threshold (increase(...[600s])) and fires below 1 line.
    logs: { "error-logs-high": 2, "logs-missing": 1 },
    // kube_daemonset_status_number_unavailable of the Fluent Bit DaemonSet > 1 node.
    "log-pipeline": { "collector-down": 1 },
    // Envoy Gateway + coraza-proxy-wasm, PromQL comparing the user's numbers: 100 * 5xx / all > 2 (%); the p99 of
    // envoy_http_downstream_rq_time (ms) / 1000 > 0.5 (s); rate(waf_filter_tx_interruptions[5m]) > 20 (/s);
    // certmanager expiry - time() < 14 * 86400 = 1209600 (s). No DDoS signal in a cluster.
    edge: { "errors-high": 2, "latency-high": 0.5, "waf-blocked-high": 20, "certificate-expiring": 1209600, "ddos-detected": "unavailable" },
  },
};

/** One target, built and synthesized once. */
interface Built {
  readonly messages: string[];
  readonly components: ComponentRecord[];
  readonly alerts: AlertRecord[];
  /** The native threshold of an alert record, read from the resource or rule it became. */
  readonly nativeThreshold: (alert: AlertRecord) => number | undefined;
}

/** The number a PromQL condition compares with: `... > 0.85`, `... < 5`. */
function comparedNumber(expr: string): number | undefined {
  const match = /(?:>|<|>=|<=)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*\)?\s*$/.exec(expr.trim());
  return match ? Number(match[1]) : undefined;
}

function build(target: Target): Built {
  const stacks = buildOnTarget(target, SERVICE);
  const messages = stacks.flatMap((s) => validationMessages(s));
  const synths = messages.length ? [] : stacks.map((s) => synthStack(s));
  // Synthesized JSON, navigated freely by the checks below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const resources = (type: string) => synths.flatMap((s) => Object.values((s.resource as Record<string, Record<string, Record<string, any>>> | undefined)?.[type] ?? {}));
  const rules = stacks
    .flatMap((s) => chartManifests(s))
    .flatMap((m) => ((m.spec as { groups?: Array<{ rules: Array<{ alert?: string; expr: string }> }> } | undefined)?.groups ?? []).flatMap((g) => g.rules));
  const manifests = synths.map((s) => (s["//"] as { vigil?: { components: ComponentRecord[]; alerts: AlertRecord[] } } | undefined)?.vigil);
  const nativeThreshold = (alert: AlertRecord): number | undefined => {
    switch (alert.mechanism) {
      case "cloudwatch-alarm": {
        const alarm = resources("aws_cloudwatch_metric_alarm").find((r) => r.alarm_name === alert.name);
        // An absence alarm's threshold is its window: no line in any period of it.
        return alert.id === "logs-missing" && alarm ? alarm.period * alarm.evaluation_periods : alarm?.threshold;
      }
      case "azure-metric-alert": {
        const criterion = resources("azurerm_monitor_metric_alert").find((r) => r.name === alert.name)?.criteria?.[0];
        // The certificate's threshold is the web test's SSL lifetime check (days) the alert watches, in seconds.
        if (alert.id === "certificate-expiring" && criterion) {
          const test = resources("azurerm_application_insights_standard_web_test").find((t) => t.name === criterion.dimension?.[0]?.values?.[0]);
          return test ? test.validation_rules.ssl_cert_remaining_lifetime * 86400 : undefined;
        }
        return criterion?.threshold;
      }
      case "cloud-monitoring-policy": {
        const condition = resources("google_monitoring_alert_policy").find((r) => r.display_name === alert.name)?.conditions?.[0];
        // A metric-absence condition's threshold is its duration ("600s").
        const absentFor = condition?.condition_absent ? Number(/^(\d+)s$/.exec(condition.condition_absent.duration)?.[1]) : undefined;
        return condition?.condition_threshold?.threshold_value ?? absentFor ?? (condition?.condition_prometheus_query_language ? comparedNumber(condition.condition_prometheus_query_language.query) : undefined);
      }
      case "prometheus-rule": {
        // In-cluster PrometheusRules, or Azure managed Prometheus rule groups.
        const rule = rules.find((r) => r.alert === alert.name) ?? resources("azurerm_monitor_alert_prometheus_rule_group").flatMap((g) => g.rule ?? []).find((r: { alert?: string }) => r.alert === alert.name);
        return rule ? comparedNumber(rule.expr ?? rule.expression) : undefined;
      }
      case "azure-log-query-alert": {
        // The error count's threshold; for an absence (fewer than 1 line) the window, in seconds.
        const rule = resources("azurerm_monitor_scheduled_query_rules_alert_v2").find((r) => r.name === alert.name);
        const windows: Record<string, number> = { PT5M: 300, PT10M: 600, PT15M: 900, PT30M: 1800, PT45M: 2700, PT1H: 3600 };
        return rule?.criteria?.[0]?.operator === "LessThan" ? windows[rule.window_duration] : rule?.criteria?.[0]?.threshold;
      }
      default:
        return undefined;
    }
  };
  return { messages, components: manifests.flatMap((m) => m?.components ?? []), alerts: manifests.flatMap((m) => m?.alerts ?? []), nativeThreshold };
}

/** The user's override of a canonical alert, from the props above. */
function overrideOf(kind: ComponentKind, id: string): { readonly threshold?: number; readonly severity?: string } {
  const alerts = kind === "cluster" ? SERVICE.clusterAlerts : kind === "log-pipeline" ? SERVICE.logPipelineAlerts : (SERVICE.service as Record<string, { alerts?: unknown } | undefined>)[kind]?.alerts;
  return (alerts as Record<string, { threshold?: number; severity?: string }> | undefined)?.[id] ?? {};
}

const built = new Map<Target, Built>();
const on = (target: Target): Built => built.get(target) ?? built.set(target, build(target)).get(target)!;

/** Every (target, kind, id) the catalog defines. */
const cases = TARGETS.flatMap((target) =>
  (Object.keys(ALERT_CATALOGS) as ComponentKind[]).flatMap((kind) => Object.keys(ALERT_CATALOGS[kind]).map((id) => [target, kind, id] as const)),
);

describe.each(TARGETS)("the same service on %s", (target) => {
  test("synthesizes with validation on: every override is valid on every target", () => {
    expect(on(target).messages).toEqual([]);
  });

  test("every alert reaches the channels its delivered severity is routed to, whatever the channel's kind", () => {
    const routes = { page: ["chat", "pager", "tg"], ticket: ["hook", "mail", "tickets"], info: ["chat"] } as Record<string, string[]>;
    const wrong = on(target).alerts.filter((a) => JSON.stringify([...a.routes].sort()) !== JSON.stringify(routes[a.deliveredAs]));
    expect(wrong.map((a) => `${a.component}/${a.id} ${a.deliveredAs}: ${a.routes.join(", ")}`)).toEqual([]);
  });

  test("the service's SLOs burn the same alerts as on every other target", () => {
    const slo = (t: Target) => on(t).alerts.filter((a) => a.component === "slo").map((a) => `${a.resource} ${a.id} ${a.severity}`).sort();
    expect(slo(target).length).toBeGreaterThan(0);
    expect(slo(target)).toEqual(slo("kubernetes"));
  });
});

describe("every canonical alert on every target: the user's value converted, or unavailable with a reason", () => {
  test("each target answers for every catalog id", () => {
    for (const [target, kind, id] of cases) expect([target, kind, id, (EXPECTED[target][kind] as Record<string, Expected>)[id]]).not.toContain(undefined);
  });

  test.each(cases)("%s %s/%s", (target, kind, id) => {
    const expected = (EXPECTED[target][kind] as Record<string, Expected>)[id];
    const { alerts, components, nativeThreshold } = on(target);
    const mine = components.filter((c) => c.kind === kind);
    expect(mine.length).toBeGreaterThan(0);
    const deployed = alerts.filter((a) => a.canonical?.kind === kind && a.canonical.id === id);
    const override = overrideOf(kind, id);
    const severity = override.severity ?? (ALERT_CATALOGS[kind] as Record<string, { severity: string }>)[id].severity;
    const threshold = override.threshold ?? (ALERT_CATALOGS[kind] as Record<string, { threshold: number }>)[id].threshold;
    // What the target made of it: the native alerts (their threshold read from the resource or rule, the user's
    // value and severity as the manifest records them), or its reason for having none.
    const actual = {
      alerts: deployed.map((a) => ({ native: expected === "state" ? "state" : nativeThreshold(a), recorded: a.canonical!.threshold, severity: a.severity })),
      // A reason a reviewer can check, not a placeholder.
      unavailable: mine.flatMap((c) => c.unavailableAlerts ?? []).filter((u) => u.id === id).map((u) => u.reason.length > 40),
    };
    const wanted =
      expected === "unavailable"
        ? { alerts: [], unavailable: [true] }
        : { alerts: (deployed.length ? deployed : [undefined]).map(() => ({ native: expected, recorded: threshold, severity })), unavailable: [] };
    expect(actual).toEqual(wanted);
  });
});
