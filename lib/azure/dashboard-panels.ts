import { AKS_NAMESPACE } from "./cluster-alerts";
import { EVENT_HUBS_NAMESPACE } from "./event-hubs-alerts";
import { MANAGED_CASSANDRA_NAMESPACE } from "./managed-cassandra-alerts";
import { errorLineFilter, serviceLogQuery } from "./log-alerts";
import type { AzureLogQuery, AzureMetricQuery } from "./portal-dashboard-parts";
import { POSTGRES_FLEXIBLE_NAMESPACE } from "./postgres-flexible-alerts";
import type { AzureDashboardBindings } from "./private/component-alerts";
import { APPLICATION_INSIGHTS_NAMESPACE } from "./web-test";
import { FRONT_DOOR_NAMESPACE, frontDoorAccessLogQuery } from "./front-door-alerts";

// Azure's golden-signal panels per component kind: the catalog's panels
// (lib/observability/dashboard-catalog.ts) bound to the Azure Monitor
// platform metrics the metric alerts of the same component watch (Microsoft
// Learn, "Supported metrics for <namespace>", names as the REST API gives
// them), with the same aggregations. A portal metrics chart cannot do
// arithmetic: percents are Azure's own 0–100 metrics; durations and counters
// are charted in the metric's own unit (microseconds, a Total per time grain).

/** The resource a component's metrics belong to. */
interface AzureMetricResource {
  /** Azure Resource Manager id of the resource (`/subscriptions/.../providers/...`), the scope of its metric charts. */
  readonly resourceId: string;
  /** Resource name, shown in legends. */
  readonly resourceName: string;
}

/** A metric query on `resource`. */
function metric(resource: AzureMetricResource, namespace: string, metricName: string, aggregation: string, dimensions?: Readonly<Record<string, string>>): { query: AzureMetricQuery } {
  return { query: { ...resource, namespace, metricName, aggregation, ...(dimensions ? { dimensions } : {}) } };
}

/** Panels of an AKS cluster (platform metrics of `Microsoft.ContainerService/managedClusters`). */
export function aksClusterPanels(resource: AzureMetricResource): AzureDashboardBindings<"cluster"> {
  const aks = (metricName: string, aggregation: string, dimensions?: Readonly<Record<string, string>>) => metric(resource, AKS_NAMESPACE, metricName, aggregation, dimensions);
  const apiServer = "AKS's platform metrics have the API server's in-flight requests only (apiserver_current_inflight_requests): no request rate, 5xx count or latency";
  return {
    kind: "cluster",
    panels: {
      "api-latency": { unavailable: apiServer },
      "api-requests": { unavailable: apiServer },
      "api-errors": { unavailable: apiServer },
      "pods-crash-looping": { unavailable: "AKS platform metrics carry no container waiting reason (only kube_pod_status_phase and kube_pod_status_ready); the Failed pods panel shows pods that stop" },
      "node-cpu": aks("node_cpu_usage_percentage", "Average"),
      "node-memory": aks("node_memory_working_set_percentage", "Average"),
      "node-storage": aks("node_disk_usage_percentage", "Average"),
      "pods-unschedulable": aks("cluster_autoscaler_unschedulable_pods_count", "Average"),
    },
    targetOnly: [{ id: "pods-failed", signal: "errors", title: "Failed pods", unit: "count", ...aks("kube_pod_status_phase", "Average", { phase: "Failed" }) }],
  };
}

/** Panels of an Event Hubs namespace (its Kafka endpoint); CPU and memory are published on Premium only. */
export function eventHubsPanels(resource: AzureMetricResource, premium: boolean): AzureDashboardBindings<"kafka"> {
  const hub = (metricName: string, aggregation: string) => metric(resource, EVENT_HUBS_NAMESPACE, metricName, aggregation);
  const managed = "Event Hubs replicates partitions and runs its brokers itself and publishes no partition, replica or controller metric (Microsoft Learn, \"Supported metrics for Microsoft.EventHub/Namespaces\")";
  const standardOnly = "the Standard tier (dev) publishes no CPU or memory metric; Premium does";
  return {
    kind: "kafka",
    panels: {
      "produce-latency": { unavailable: "Event Hubs publishes no request latency among its metrics (Microsoft Learn, \"Supported metrics for Microsoft.EventHub/Namespaces\")" },
      "bytes-in": hub("IncomingBytes", "Total"),
      "bytes-out": hub("OutgoingBytes", "Total"),
      "offline-partitions": { unavailable: managed },
      "under-replicated-partitions": { unavailable: managed },
      cpu: premium ? hub("NamespaceCpuUsage", "Maximum") : { unavailable: standardOnly },
      memory: premium ? hub("NamespaceMemoryUsage", "Maximum") : { unavailable: standardOnly },
      storage: { unavailable: "Event Hubs keeps events for the hub's retention period in storage Azure manages; there is no broker disk to fill" },
      "consumer-lag": { unavailable: "Event Hubs publishes no consumer-lag metric: consumers' checkpoints are in their own store (or Kafka offsets Azure does not export)" },
    },
    targetOnly: [
      { id: "server-errors", signal: "errors", title: "Server errors", unit: "count", ...hub("ServerErrors", "Total") },
      { id: "throttled-requests", signal: "saturation", title: "Throttled requests", unit: "count", ...hub("ThrottledRequests", "Total") },
    ],
  };
}

/** Panels of a Managed Instance for Apache Cassandra cluster; node metrics on every node (`Address`). */
export function managedCassandraPanels(resource: AzureMetricResource): AzureDashboardBindings<"cassandra"> {
  const mi = (metricName: string, aggregation: string, dimensions?: Readonly<Record<string, string>>) => metric(resource, MANAGED_CASSANDRA_NAMESPACE, metricName, aggregation, dimensions);
  const perNode = { Address: "*" };
  return {
    kind: "cassandra",
    panels: {
      // Microseconds, as Managed Instance publishes them.
      "read-latency": mi("cassandra_client_request_latency_p99", "Average", { request_type: "Read" }),
      "write-latency": mi("cassandra_client_request_latency_p99", "Average", { request_type: "Write" }),
      "nodes-down": { unavailable: "Microsoft keeps the Cassandra process and the nodes up under its SLA and repairs them itself; Managed Instance publishes no node up/down metric" },
      "dropped-messages": mi("cassandra_dropped_message_rate", "Average"),
      cpu: mi("cpu", "Average", perNode),
      memory: mi("percent_mem", "Average", perNode),
      storage: mi("disk_utilization", "Average", perNode),
      "pending-compactions": mi("cassandra_table_pending_compactions3", "Maximum"),
    },
  };
}

/** Panels of a PostgreSQL flexible server. */
export function postgresFlexiblePanels(resource: AzureMetricResource): AzureDashboardBindings<"postgres"> {
  const pg = (metricName: string, aggregation: string) => metric(resource, POSTGRES_FLEXIBLE_NAMESPACE, metricName, aggregation);
  return {
    kind: "postgres",
    panels: {
      "replication-lag": { unavailable: "Vigil creates no read replicas on Azure, and the zone-redundant HA standby replicates synchronously (physical_replication_delay_in_seconds exists for read replicas only)" },
      connections: pg("active_connections", "Maximum"),
      "read-ops": pg("read_iops", "Average"),
      "write-ops": pg("write_iops", "Average"),
      cpu: pg("cpu_percent", "Average"),
      memory: pg("memory_percent", "Average"),
      storage: pg("storage_percent", "Maximum"),
    },
    targetOnly: [
      { id: "connections-failed", signal: "errors", title: "Failed connections", unit: "count", ...pg("connections_failed", "Total") },
      { id: "iops-consumed", signal: "saturation", title: "Disk IOPS consumed", unit: "percent", ...pg("disk_iops_consumed_percentage", "Average") },
    ],
  };
}

/** Panels of an Application Insights standard web test (filtered on the test's name). */
export function webTestPanels(resource: AzureMetricResource, testName: string): AzureDashboardBindings<"endpoint"> {
  const test = { "availabilityResult/name": testName };
  return {
    kind: "endpoint",
    panels: {
      // Milliseconds, as Application Insights publishes them.
      "check-duration": metric(resource, APPLICATION_INSIGHTS_NAMESPACE, "availabilityResults/duration", "Average", test),
      "checks-passing": metric(resource, APPLICATION_INSIGHTS_NAMESPACE, "availabilityResults/availabilityPercentage", "Average", test),
    },
  };
}

/** Seconds in one time bin of the log panels: the 5 minutes `error-logs-high` averages over. */
const LOG_BIN_SECONDS = 300;

/**
 * Panels of a service's container logs (`ContainerLogV2` in its namespaces,
 * on the workspace): lines and error lines (the alert's filter) per second,
 * averaged over each 5-minute bin as `error-logs-high` is; a bin without a
 * line charts 0 (`make-series` fills it), so silence is visible.
 */
export function containerLogPanels(workspaceId: string, namespaces: readonly string[]): AzureDashboardBindings<"logs"> {
  const series = (filter: string | undefined, column: string): { query: AzureLogQuery } => ({
    query: {
      workspaceId,
      column,
      kql: [
        serviceLogQuery(namespaces),
        ...(filter ? [`| where ${filter}`] : []),
        `| make-series lines = count() default = 0 on TimeGenerated from ago(1d) to now() step ${LOG_BIN_SECONDS}s`,
        "| mv-expand TimeGenerated to typeof(datetime), lines to typeof(long)",
        `| project TimeGenerated, ${column} = lines / ${LOG_BIN_SECONDS}.0`,
      ].join("\n"),
    },
  });
  return {
    kind: "logs",
    panels: {
      "log-lines": series(undefined, "lines_per_second"),
      "error-logs": series(errorLineFilter(), "error_lines_per_second"),
    },
  };
}

/**
 * The log collector's panel on the AKS cluster's dashboard: nodes without a
 * running ama-logs pod per 5 minutes, from Container Insights' inventory in
 * Log Analytics (`KubeNodeInventory`, `KubePodInventory`, written by the
 * agent's ReplicaSet, so a failing DaemonSet pod is still reported). The
 * `collector-down` alert reads the same DaemonSet through managed
 * Prometheus (desired − ready), which a portal chart cannot query.
 */
export function aksLogPipelinePanels(workspaceId: string, clusterName: string): AzureDashboardBindings<"log-pipeline"> {
  const cluster = JSON.stringify(clusterName);
  const kql = [
    "let nodes = KubeNodeInventory",
    `| where ClusterName == ${cluster}`,
    `| summarize nodes = dcount(Computer) by TimeGenerated = bin(TimeGenerated, ${LOG_BIN_SECONDS}s);`,
    "let running = KubePodInventory",
    `| where ClusterName == ${cluster} and Namespace == "kube-system" and ControllerKind == "DaemonSet" and ControllerName == "ama-logs"`,
    `| summarize down = countif(PodStatus != "Running" or ContainerStatus != "running") by Computer, TimeGenerated = bin(TimeGenerated, ${LOG_BIN_SECONDS}s)`,
    "| where down == 0",
    "| summarize running = dcount(Computer) by TimeGenerated;",
    "nodes",
    "| join kind=leftouter running on TimeGenerated",
    "| project TimeGenerated, nodes_without_collector = nodes - coalesce(running, 0)",
    "| order by TimeGenerated asc",
  ].join("\n");
  return { kind: "log-pipeline", panels: { "collectors-unavailable": { query: { workspaceId, kql, column: "nodes_without_collector" } } } };
}

/**
 * Panels of a Front Door edge: requests (RequestCount, Total per time
 * grain), 5xx percent (Percentage5XX) and WAF-blocked requests
 * (WebApplicationFirewallRequestCount, Action=Block) from the profile's
 * metrics; the p99 latency from the access log (TotalLatency is an average
 * only), in seconds per 5-minute bin.
 */
export function frontDoorPanels(resource: AzureMetricResource, workspaceId: string, hostname: string): AzureDashboardBindings<"edge"> {
  const fd = (metricName: string, aggregation: string, dimensions?: Readonly<Record<string, string>>) => metric(resource, FRONT_DOOR_NAMESPACE, metricName, aggregation, dimensions);
  return {
    kind: "edge",
    panels: {
      "latency-p99": {
        query: {
          workspaceId,
          column: "p99_seconds",
          kql: [
            frontDoorAccessLogQuery(hostname),
            `| make-series p99_seconds = percentile(todouble(timeTaken_s), 99) default = 0 on TimeGenerated from ago(1d) to now() step ${LOG_BIN_SECONDS}s`,
            "| mv-expand TimeGenerated to typeof(datetime), p99_seconds to typeof(real)",
            "| project TimeGenerated, p99_seconds",
          ].join("\n"),
        },
      },
      requests: fd("RequestCount", "Total"),
      "errors-5xx": fd("Percentage5XX", "Average"),
      "waf-blocked": fd("WebApplicationFirewallRequestCount", "Total", { Action: "Block" }),
    },
  };
}
