import type { EnvironmentProfile } from "../core/environment";
import type { ResolvedKafka } from "../core/components/kafka";
import { NativeMetricCondition, runbookUrl } from "../observability/alert";
import type { DashboardMetric } from "./dashboard";
import { AlertTemplate, idSuffix } from "./private/component-alerts";

/** Component name of MSK alerts (runbook folder, alarm and dashboard names). */
export const MSK_COMPONENT = "msk";

/** Seconds of consumer lag that alert, per environment tier: dev consumers are often stopped. */
export const MSK_CONSUMER_LAG_SECONDS: Readonly<Record<EnvironmentProfile["tier"], number>> = { dev: 900, staging: 300, prod: 300 };

/**
 * Default alerts of an MSK cluster (Standard brokers), namespace `AWS/Kafka`.
 * Source: CloudWatch User Guide, "Best practice alarm recommendations for
 * AWS services" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html),
 * section Amazon MSK; metric names and dimension sets from the MSK Developer
 * Guide, "Amazon MSK metrics for monitoring Standard brokers with
 * CloudWatch" (DEFAULT level: `Cluster Name`; `Cluster Name, Broker ID`;
 * `Cluster Name, Consumer Group, Topic`). Broker metrics are alarmed per
 * broker (ids 1..n), as MSK publishes them.
 */
export function mskAlerts(clusterName: string, kafka: ResolvedKafka, profile: EnvironmentProfile, runbookBaseUrl: string): AlertTemplate[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, MSK_COMPONENT, id);
  const cond = (metricName: string, statistic: string, comparison: NativeMetricCondition["comparison"], missingData: NativeMetricCondition["missingData"], evaluationPeriods = 5): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "AWS/Kafka",
    metricName,
    dimensions: { "Cluster Name": clusterName },
    statistic,
    periodSeconds: 60,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const brokers = Array.from({ length: kafka.brokers }, (_, i) => ({ suffix: `broker-${i + 1}`, label: `broker ${i + 1}`, dimensions: { "Broker ID": String(i + 1) } }));
  const lagTargets = Object.entries(kafka.topics).flatMap(([topic, t]) =>
    t.consumerGroups.map((group) => ({ suffix: idSuffix(`${group}-${topic}`), label: `group ${group} on ${topic}`, dimensions: { "Consumer Group": group, Topic: topic } })),
  );
  return [
    {
      alert: {
        id: "no-active-controller",
        component: MSK_COMPONENT,
        summary: `Kafka cluster ${clusterName} has no active controller`,
        description:
          "ActiveControllerCount (Maximum over the brokers) is 1 while one broker is the controller. Below 1 for 5 minutes nobody manages partition leadership: no failover, no topic changes. Missing data is breaching: when no broker reports, the cluster itself is down.",
        severity: "page",
        runbookUrl: rb("no-active-controller"),
        threshold: 1,
        unit: "controllers",
        condition: cond("ActiveControllerCount", "Maximum", "<", "breaching"),
      },
    },
    {
      alert: {
        id: "offline-partitions",
        component: MSK_COMPONENT,
        summary: `Kafka cluster ${clusterName} has offline partitions`,
        description:
          "OfflinePartitionsCount counts partitions without a leader: they accept no reads or writes. Unclean leader election is off, so they stay offline until an in-sync replica's broker is back. The controller publishes it; missing data is left missing (INSUFFICIENT_DATA) because the no-active-controller alert covers a silent controller.",
        severity: "page",
        runbookUrl: rb("offline-partitions"),
        threshold: 0,
        unit: "partitions",
        condition: cond("OfflinePartitionsCount", "Maximum", ">", "missing"),
      },
    },
    {
      alert: {
        id: "under-min-isr",
        component: MSK_COMPONENT,
        summary: `Partitions of ${clusterName} are below min.insync.replicas`,
        description: `UnderMinIsrPartitionCount counts partitions with fewer in-sync replicas than min.insync.replicas (${kafka.minInsyncReplicas}). Producers using acks=all get NotEnoughReplicas errors: writes fail. No data from a broker means it is down, which the controller and offline-partition alerts show; missing data is left missing.`,
        severity: "page",
        runbookUrl: rb("under-min-isr"),
        threshold: 0,
        unit: "partitions",
        condition: cond("UnderMinIsrPartitionCount", "Maximum", ">", "missing"),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "under-replicated-partitions",
        component: MSK_COMPONENT,
        summary: `Partitions of ${clusterName} are under-replicated`,
        description:
          "UnderReplicatedPartitions counts partitions a broker leads whose followers lag. It rises briefly during MSK patching (brokers restart one at a time), hence 15 minutes. Lasting, it means a broker is slow (disk, CPU, network) and one more failure could lose acknowledged writes. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("under-replicated-partitions"),
        threshold: 0,
        unit: "partitions",
        condition: cond("UnderReplicatedPartitions", "Maximum", ">", "missing", 15),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "disk-used-high",
        component: MSK_COMPONENT,
        summary: `Data log disk of ${clusterName} filling up`,
        description: `KafkaDataLogsDiskUsed is the share of the broker's data volume in use (${kafka.storageGiB} GiB). AWS recommends acting at 85 %: a full volume stops the broker. Missing data is left missing.`,
        severity: "ticket",
        runbookUrl: rb("disk-used-high"),
        threshold: 85,
        unit: "%",
        condition: cond("KafkaDataLogsDiskUsed", "Maximum", ">", "missing"),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "cpu-user-high",
        component: MSK_COMPONENT,
        summary: `Broker CPU (user) of ${clusterName} above threshold`,
        description:
          "CpuUser is the broker's user-space CPU. AWS asks to keep CpuUser + CpuSystem under 60 % so a broker can take over a failed peer's load (and patching, which restarts brokers one by one). Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("cpu-user-high"),
        threshold: 60,
        unit: "%",
        condition: cond("CpuUser", "Average", ">", "missing", 15),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "cpu-system-high",
        component: MSK_COMPONENT,
        summary: `Broker CPU (system) of ${clusterName} above threshold`,
        description:
          "CpuSystem is kernel CPU: high values come from many connections, TLS and IAM handshakes, or tiny produce requests, and eat into the 60 % CpuUser + CpuSystem budget. Vigil alerts at 20 %, which leaves 40 % for CpuUser. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("cpu-system-high"),
        threshold: 20,
        unit: "%",
        condition: cond("CpuSystem", "Average", ">", "missing", 15),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "heap-memory-high",
        component: MSK_COMPONENT,
        summary: `Broker JVM heap of ${clusterName} stays full after GC`,
        description:
          "HeapMemoryAfterGC is the share of the JVM heap still used after garbage collection. Above 60 % the broker spends its time in GC and may run out of memory. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("heap-memory-high"),
        threshold: 60,
        unit: "%",
        condition: cond("HeapMemoryAfterGC", "Average", ">", "missing", 15),
      },
      targets: brokers,
    },
    {
      alert: {
        id: "consumer-lag",
        component: MSK_COMPONENT,
        summary: `A consumer group of ${clusterName} is falling behind`,
        description:
          "EstimatedMaxTimeLag is how long (seconds) the group would take to catch up with the partition furthest behind. Lag above the threshold for 5 minutes means consumers are down, stuck or too slow. MSK publishes it only for groups with committed offsets, so missing data is left missing (INSUFFICIENT_DATA until the consumers first commit).",
        severity: "ticket",
        runbookUrl: rb("consumer-lag"),
        threshold: MSK_CONSUMER_LAG_SECONDS[profile.tier],
        unit: "seconds",
        condition: cond("EstimatedMaxTimeLag", "Maximum", ">", "missing"),
      },
      targets: lagTargets,
    },
  ];
}

/** Golden-signal graphs of an MSK cluster (first broker; the alert graphs cover every broker). */
export function mskSignals(clusterName: string): DashboardMetric[] {
  const broker = { "Cluster Name": clusterName, "Broker ID": "1" };
  return [
    { signal: "traffic", title: "Bytes in/s (broker 1)", namespace: "AWS/Kafka", metricName: "BytesInPerSec", dimensions: broker, statistic: "Average" },
    { signal: "traffic", title: "Bytes out/s (broker 1)", namespace: "AWS/Kafka", metricName: "BytesOutPerSec", dimensions: broker, statistic: "Average" },
    { signal: "latency", title: "Produce time ms (broker 1)", namespace: "AWS/Kafka", metricName: "ProduceTotalTimeMsMean", dimensions: broker, statistic: "Average" },
    { signal: "errors", title: "Offline partitions", namespace: "AWS/Kafka", metricName: "OfflinePartitionsCount", dimensions: { "Cluster Name": clusterName }, statistic: "Maximum" },
    { signal: "saturation", title: "Data disk used % (broker 1)", namespace: "AWS/Kafka", metricName: "KafkaDataLogsDiskUsed", dimensions: broker, statistic: "Maximum" },
  ];
}
