/**
 * Metrics that AWS documents, with the dimension sets they are published
 * with. Alarms may only use an entry of this table. Sources:
 * - ContainerInsights: CloudWatch User Guide, "Amazon EKS and Kubernetes
 *   Container Insights metrics" and "... with enhanced observability".
 * - AWS/EKS: EKS User Guide, "Monitor cluster data with Amazon CloudWatch"
 *   (basic metrics vended for clusters on Kubernetes 1.28+), as generated
 *   into aws-cdk-lib's `aws-eks/lib/eks-canned-metrics.generated.js`.
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
  "AWS/ES": Object.fromEntries(
    [
      "ClusterStatus.red", "ClusterStatus.yellow", "ClusterIndexWritesBlocked", "FreeStorageSpace", "Nodes", "AutomatedSnapshotFailure",
      "CPUUtilization", "JVMMemoryPressure", "OldGenJVMMemoryPressure", "MasterCPUUtilization", "MasterJVMMemoryPressure",
      "MasterOldGenJVMMemoryPressure", "MasterReachableFromNode", "KMSKeyError", "KMSKeyInaccessible", "Shards.active", "ThreadpoolWriteQueue", "ThreadpoolSearchQueue",
      "SearchRate", "IndexingRate", "SearchLatency", "IndexingLatency", "5xx",
    ].map((m) => [m, [["ClientId", "DomainName"]]]),
  ),
  "AWS/RDS": Object.fromEntries(
    [
      "CPUUtilization", "DBLoad", "FreeableMemory", "FreeStorageSpace", "DatabaseConnections", "ReadLatency", "WriteLatency",
      "ReadIOPS", "WriteIOPS", "MaximumUsedTransactionIDs", "EBSIOBalance%", "EBSByteBalance%", "ReplicaLag",
    ].map((m) => [m, [["DBInstanceIdentifier"]]]),
  ),
};

/** True when the namespace publishes `metric` with exactly these dimension names. */
export function isDocumentedMetric(namespace: string, metric: string, dimensions: string[]): boolean {
  const sets = DOCUMENTED_METRICS[namespace]?.[metric];
  const wanted = [...dimensions].sort().join(",");
  return !!sets?.some((set) => [...set].sort().join(",") === wanted);
}
