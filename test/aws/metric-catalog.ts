/**
 * Metrics that AWS documents, with the dimension sets they are published
 * with. Alarms may only use an entry of this table. Sources:
 * - ContainerInsights: CloudWatch User Guide, "Amazon EKS and Kubernetes
 *   Container Insights metrics" and "... with enhanced observability".
 * - AWS/EKS: EKS User Guide, "Monitor cluster data with Amazon CloudWatch"
 *   (basic metrics vended for clusters on Kubernetes 1.28+), as generated
 *   into aws-cdk-lib's `aws-eks/lib/eks-canned-metrics.generated.js`.
 * - AWS/ApplicationELB: ELB User Guide for Application Load Balancers,
 *   "CloudWatch metrics for your Application Load Balancer"; AWS/WAFV2: AWS
 *   WAF Developer Guide, "Monitoring with Amazon CloudWatch";
 *   AWS/CertificateManager: ACM User Guide, "Supported CloudWatch metrics".
 */
export const DOCUMENTED_METRICS: Record<string, Record<string, string[][]>> = {
  ContainerInsights: {
    cluster_failed_node_count: [["ClusterName"]],
    cluster_node_count: [["ClusterName"]],
    cluster_number_of_running_pods: [["ClusterName"]],
    node_cpu_utilization: [["ClusterName"], ["ClusterName", "InstanceId", "NodeName"]],
    node_memory_utilization: [["ClusterName"], ["ClusterName", "InstanceId", "NodeName"]],
    node_filesystem_utilization: [["ClusterName"], ["ClusterName", "InstanceId", "NodeName"]],
    pod_container_status_waiting_reason_crash_loop_back_off: [["ClusterName"], ["ClusterName", "Namespace"], ["ClusterName", "Namespace", "PodName"]],
    // Enhanced observability, per DaemonSet (PodName = the DaemonSet's name): the CloudWatch agent's EMF metric declarations.
    daemonset_status_number_unavailable: [["ClusterName"], ["ClusterName", "Namespace", "PodName"]],
  },
  CloudWatchSynthetics: {
    SuccessPercent: [["CanaryName"], ["CanaryName", "StepName"]],
    Duration: [["CanaryName"], ["CanaryName", "StepName"]],
  },
  "AWS/EKS": {
    apiserver_request_total: [["ClusterName"]],
    apiserver_request_total_5XX: [["ClusterName"]],
    apiserver_request_duration_seconds_GET_P99: [["ClusterName"]],
    scheduler_pending_pods: [["ClusterName"]],
    scheduler_pending_pods_UNSCHEDULABLE: [["ClusterName"]],
  },
  // MSK Developer Guide, "Amazon MSK metrics for monitoring Standard brokers with CloudWatch"
  // (DEFAULT level). Consumer lag (EstimatedMaxTimeLag, MaxOffsetLag, SumOffsetLag) is published
  // per "Cluster Name, Consumer Group, Topic": MaxOffsetLag is "the maximum offset lag across all
  // partitions in a topic", unit Count ("Monitor consumer lags").
  "AWS/Kafka": {
    ActiveControllerCount: [["Cluster Name"]],
    OfflinePartitionsCount: [["Cluster Name"]],
    GlobalPartitionCount: [["Cluster Name"]],
    GlobalTopicCount: [["Cluster Name"]],
    UnderReplicatedPartitions: [["Cluster Name", "Broker ID"]],
    UnderMinIsrPartitionCount: [["Cluster Name", "Broker ID"]],
    KafkaDataLogsDiskUsed: [["Cluster Name", "Broker ID"]],
    CpuUser: [["Cluster Name", "Broker ID"]],
    CpuSystem: [["Cluster Name", "Broker ID"]],
    HeapMemoryAfterGC: [["Cluster Name", "Broker ID"]],
    BytesInPerSec: [["Cluster Name", "Broker ID"], ["Cluster Name", "Broker ID", "Topic"]],
    BytesOutPerSec: [["Cluster Name", "Broker ID"], ["Cluster Name", "Broker ID", "Topic"]],
    ProduceTotalTimeMsMean: [["Cluster Name", "Broker ID"]],
    EstimatedMaxTimeLag: [["Cluster Name", "Consumer Group", "Topic"]],
    MaxOffsetLag: [["Cluster Name", "Consumer Group", "Topic"]],
    SumOffsetLag: [["Cluster Name", "Consumer Group", "Topic"]],
  },
  // Keyspaces Developer Guide, "Amazon Keyspaces metrics and dimensions"; the per-table and
  // per-operation sets as AWS's dashboard template queries them
  // (aws-samples/amazon-keyspaces-cloudwatch-cloudformation-templates, keyspaces-table-cw.yaml).
  "AWS/Cassandra": {
    ReadThrottleEvents: [["Keyspace", "Operation", "TableName"]],
    WriteThrottleEvents: [["Keyspace", "Operation", "TableName"]],
    StoragePartitionThroughputCapacityExceeded: [["Keyspace", "Operation", "TableName"]],
    PerConnectionRequestRateExceeded: [["Keyspace", "Operation", "TableName"]],
    SystemErrors: [["Keyspace", "Operation", "TableName"]],
    UserErrors: [[], ["Keyspace", "Operation", "TableName"]],
    ConsumedReadCapacityUnits: [["Keyspace", "TableName"]],
    ConsumedWriteCapacityUnits: [["Keyspace", "TableName"]],
    SuccessfulRequestLatency: [["Keyspace", "Operation", "TableName"]],
  },
  // OpenSearch Service Developer Guide, "Monitoring OpenSearch cluster metrics with Amazon CloudWatch"
  // (cluster metrics, dimensions ClientId + DomainName). ThreadpoolWriteRejected and
  // ThreadpoolSearchRejected: "the number of rejected tasks in the write/search thread pool", counted
  // from each node's start, which is why AWS's recommended alarm watches their DIFF.
  "AWS/ES": Object.fromEntries(
    [
      "ClusterStatus.red", "ClusterStatus.yellow", "ClusterIndexWritesBlocked", "FreeStorageSpace", "Nodes", "AutomatedSnapshotFailure",
      "CPUUtilization", "JVMMemoryPressure", "OldGenJVMMemoryPressure", "MasterCPUUtilization", "MasterJVMMemoryPressure",
      "MasterOldGenJVMMemoryPressure", "MasterReachableFromNode", "KMSKeyError", "KMSKeyInaccessible", "Shards.active", "ThreadpoolWriteQueue", "ThreadpoolSearchQueue",
      "ThreadpoolWriteRejected", "ThreadpoolSearchRejected", "SearchRate", "IndexingRate", "SearchLatency", "IndexingLatency", "5xx",
    ].map((m) => [m, [["ClientId", "DomainName"]]]),
  ),
  // RDS User Guide, "Amazon CloudWatch metrics for Amazon RDS" (instance-level, dimension
  // DBInstanceIdentifier). DiskQueueDepth: "the number of outstanding I/Os (read/write requests)
  // waiting to access the disk", unit Count.
  "AWS/ApplicationELB": {
    RequestCount: [["LoadBalancer"], ["LoadBalancer", "TargetGroup"]],
    HTTPCode_ELB_5XX_Count: [["LoadBalancer"]],
    HTTPCode_Target_5XX_Count: [["LoadBalancer"], ["LoadBalancer", "TargetGroup"]],
    TargetResponseTime: [["LoadBalancer"], ["LoadBalancer", "TargetGroup"]],
    UnHealthyHostCount: [["LoadBalancer", "TargetGroup"]],
  },
  "AWS/WAFV2": { BlockedRequests: [["Region", "Rule", "WebACL"]] },
  "AWS/CertificateManager": { DaysToExpiry: [["CertificateArn"]] },
  "AWS/RDS": Object.fromEntries(
    [
      "CPUUtilization", "DBLoad", "FreeableMemory", "FreeStorageSpace", "DatabaseConnections", "ReadLatency", "WriteLatency",
      "ReadIOPS", "WriteIOPS", "MaximumUsedTransactionIDs", "EBSIOBalance%", "EBSByteBalance%", "ReplicaLag", "DiskQueueDepth",
    ].map((m) => [m, [["DBInstanceIdentifier"]]]),
  ),
};

/** True when the namespace publishes `metric` with exactly these dimension names. */
export function isDocumentedMetric(namespace: string, metric: string, dimensions: string[]): boolean {
  const sets = DOCUMENTED_METRICS[namespace]?.[metric];
  const wanted = [...dimensions].sort().join(",");
  return !!sets?.some((set) => [...set].sort().join(",") === wanted);
}

/** The metric an alarm reads: its own fields, or the one metric of its metric math query (`DIFF(m1)`). */
export function alarmMetric(alarm: Record<string, unknown>): { namespace: string; metricName: string; dimensions: Record<string, string>; expression?: string } {
  const queries = alarm.metric_query as Array<{ id: string; expression?: string; metric?: { namespace: string; metric_name: string; dimensions: Record<string, string> } }> | undefined;
  if (!queries) return { namespace: String(alarm.namespace), metricName: String(alarm.metric_name), dimensions: (alarm.dimensions ?? {}) as Record<string, string> };
  const metrics = queries.filter((q) => q.metric);
  if (metrics.length !== 1) throw new Error(`alarm ${String(alarm.alarm_name)} has ${metrics.length} metrics in its query; Vigil's alarms read one`);
  const m = metrics[0].metric!;
  return { namespace: m.namespace, metricName: m.metric_name, dimensions: m.dimensions ?? {}, expression: queries.find((q) => q.expression)?.expression };
}
