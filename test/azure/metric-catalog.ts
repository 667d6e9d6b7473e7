/**
 * Metric names per Azure Monitor namespace, copied from Microsoft Learn's
 * "Supported metrics" reference pages (MicrosoftDocs/azure-reference-other,
 * azure-monitor-ref/supported-metrics/includes/<namespace>-metrics-include.md),
 * column "Name in REST API". Only the metrics Vigil might alert on are
 * listed; a name missing here fails the catalog test until its source is checked.
 */
export const AZURE_METRIC_CATALOG: Readonly<Record<string, readonly string[]>> = {
  // Microsoft-ContainerService-managedClusters-metrics-include.md
  "Microsoft.ContainerService/managedClusters": [
    "apiserver_current_inflight_requests", "cluster_autoscaler_cluster_safe_to_autoscale", "cluster_autoscaler_scale_down_in_cooldown",
    "cluster_autoscaler_unneeded_nodes_count", "cluster_autoscaler_unschedulable_pods_count", "kube_node_status_allocatable_cpu_cores",
    "kube_node_status_allocatable_memory_bytes", "kube_node_status_condition", "kube_pod_status_phase", "kube_pod_status_ready",
    "node_cpu_usage_millicores", "node_cpu_usage_percentage", "node_disk_usage_bytes", "node_disk_usage_percentage",
    "node_memory_rss_bytes", "node_memory_rss_percentage", "node_memory_working_set_bytes", "node_memory_working_set_percentage",
    "node_network_in_bytes", "node_network_out_bytes",
  ],
  // Microsoft-DBforPostgreSQL-flexibleServers-metrics-include.md
  "Microsoft.DBforPostgreSQL/flexibleServers": [
    "active_connections", "backup_storage_used", "connections_failed", "connections_succeeded", "cpu_credits_consumed", "cpu_credits_remaining",
    "cpu_percent", "disk_bandwidth_consumed_percentage", "disk_iops_consumed_percentage", "disk_queue_depth", "iops", "is_db_alive",
    "longest_query_time_sec", "longest_transaction_time_sec", "max_connections", "maximum_used_transactionIDs", "memory_percent",
    "network_bytes_egress", "network_bytes_ingress", "read_iops", "storage_free", "storage_percent", "storage_used", "txlogs_storage_used", "write_iops",
  ],
  // Microsoft-EventHub-Namespaces-metrics-include.md
  "Microsoft.EventHub/namespaces": [
    "ActiveConnections", "CaptureBacklog", "ConnectionsClosed", "ConnectionsOpened", "IncomingBytes", "IncomingMessages", "IncomingRequests",
    "NamespaceCpuUsage", "NamespaceMemoryUsage", "OutgoingBytes", "OutgoingMessages", "QuotaExceededErrors", "ServerErrors", "Size",
    "SuccessfulRequests", "ThrottledRequests", "UserErrors",
  ],
  // Microsoft-DocumentDB-cassandraClusters-metrics-include.md
  "Microsoft.DocumentDB/cassandraClusters": [
    "cpu", "disk_utilization", "percent_mem", "cassandra_dropped_message_rate", "cassandra_client_request_latency_p99",
    "cassandra_client_request_timeouts3", "cassandra_client_request_failures3", "cassandra_thread_pools_pending_tasks",
    "cassandra_table_pending_compactions3", "cassandra_hints_failed_rate",
  ],
  // Microsoft-Insights-components-metrics-include.md (Application Insights: availability tests)
  "microsoft.insights/components": ["availabilityResults/availabilityPercentage", "availabilityResults/count", "availabilityResults/duration"],
};

/** Dimensions per namespace, from the same pages ("Dimensions" column). */
export const AZURE_METRIC_DIMENSIONS: Readonly<Record<string, readonly string[]>> = {
  "Microsoft.ContainerService/managedClusters": ["requestKind", "condition", "status", "status2", "node", "phase", "namespace", "pod", "nodepool", "device"],
  "Microsoft.DBforPostgreSQL/flexibleServers": ["DatabaseName", "State", "WaitEventType"],
  "Microsoft.EventHub/namespaces": ["EntityName", "OperationResult", "Replica"],
  "Microsoft.DocumentDB/cassandraClusters": ["ClusterResourceName", "DataCenterResourceName", "Address", "Kind", "CPU", "cassandra_datacenter", "cassandra_node", "message_type", "request_type"],
  "microsoft.insights/components": ["availabilityResult/name", "availabilityResult/location"],
};
