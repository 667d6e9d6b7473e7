import type { EnvironmentProfile } from "../core/environment";
import type { ResolvedKafka } from "../core/components/kafka";
import { NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import { AlertTarget, AlertTemplate, AwsAlertBindings, idSuffix, NativeAlert } from "./private/component-alerts";

/** Component name of MSK alerts (runbook folder, alarm and dashboard names). */
export const MSK_COMPONENT = "msk";

/** Seconds of consumer lag that alert, per environment tier: dev consumers are often stopped. */
const MSK_CONSUMER_LAG_SECONDS: Readonly<Record<EnvironmentProfile["tier"], number>> = { dev: 900, staging: 300, prod: 300 };

/**
 * The canonical Kafka alerts on MSK (Standard brokers), namespace
 * `AWS/Kafka`. Source: CloudWatch User Guide, "Best practice alarm
 * recommendations for AWS services"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html),
 * section Amazon MSK; metric names and dimension sets from the MSK Developer
 * Guide, "Amazon MSK metrics for monitoring Standard brokers with
 * CloudWatch" (DEFAULT level: `Cluster Name`; `Cluster Name, Broker ID`;
 * `Cluster Name, Consumer Group, Topic`). Broker metrics are alarmed per
 * broker (ids 1..n), as MSK publishes them; consumer lag per consumer group
 * and topic (MaxOffsetLag: "the maximum offset lag across all partitions in
 * a topic", in messages; MSK Developer Guide, "Monitor consumer lags").
 * Percents stay percents (MSK publishes 0-100); free storage becomes used
 * storage (`100 - threshold`, the comparison flipped). AWS-only: system CPU,
 * and AWS's time-based lag (EstimatedMaxTimeLag, seconds).
 */
export function mskAlertBindings(clusterName: string, kafka: ResolvedKafka, profile: EnvironmentProfile, runbookBaseUrl: string): AwsAlertBindings<"kafka"> {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, MSK_COMPONENT, id);
  const cond = (metricName: string, statistic: NativeStatistic, comparison: NativeMetricCondition["comparison"], missingData: NativeMetricCondition["missingData"], evaluationPeriods = 5): NativeMetricCondition => ({
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
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl" | "severity">): NativeAlert => ({ ...a, severity: "ticket", component: MSK_COMPONENT, runbookUrl: rb(a.id) });
  const brokers: AlertTarget[] = Array.from({ length: kafka.brokers }, (_, i) => ({ suffix: `broker-${i + 1}`, label: `broker ${i + 1}`, dimensions: { "Broker ID": String(i + 1) } }));
  const lagTargets: AlertTarget[] = Object.entries(kafka.topics).flatMap(([topic, t]) =>
    t.consumerGroups.map((group) => ({ suffix: idSuffix(`${group}-${topic}`), label: `group ${group} on ${topic}`, dimensions: { "Consumer Group": group, Topic: topic } })),
  );
  const targetOnly: AlertTemplate[] = [
    {
      alert: {
        id: "cpu-system-high",
        component: MSK_COMPONENT,
        summary: `Broker CPU (system) of ${clusterName} above threshold`,
        description:
          "CpuSystem is kernel CPU: high values come from many connections, TLS and IAM handshakes, or tiny produce requests, and eat into the 60 % CpuUser + CpuSystem budget AWS recommends. Vigil alerts at 20 %, which leaves 40 % for CpuUser. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("cpu-system-high"),
        threshold: 20,
        unit: "%",
        condition: cond("CpuSystem", "Average", ">", "missing", 15),
      },
      targets: brokers,
    },
  ];
  // A lag alert needs the groups to watch: MSK publishes lag per consumer group and topic only.
  if (lagTargets.length > 0) {
    targetOnly.push({
      alert: {
        id: "consumer-time-lag-high",
        component: MSK_COMPONENT,
        summary: `A consumer group of ${clusterName} is minutes behind`,
        description:
          "EstimatedMaxTimeLag is how long (seconds) the group would take to catch up with the partition furthest behind, AWS's recommended lag signal. Above the threshold for 5 minutes means consumers are down, stuck or too slow. MSK publishes it only for groups with committed offsets, so missing data is left missing (INSUFFICIENT_DATA until the consumers first commit).",
        severity: "ticket",
        runbookUrl: rb("consumer-time-lag-high"),
        threshold: MSK_CONSUMER_LAG_SECONDS[profile.tier],
        unit: "seconds",
        condition: cond("EstimatedMaxTimeLag", "Maximum", ">", "missing"),
      },
      targets: lagTargets,
    });
  }
  return {
    kind: "kafka",
    canonical: {
      "offline-partitions": {
        build: (s) =>
          alert({
            id: "offline-partitions",
            summary: `Kafka cluster ${clusterName} has more than ${s.threshold} offline partition(s)`,
            description: `OfflinePartitionsCount counts partitions without a leader: they accept no reads or writes. Above ${s.threshold} for 5 minutes alerts. Unclean leader election is off, so they stay offline until an in-sync replica's broker is back. The controller publishes it; missing data is left missing (INSUFFICIENT_DATA) because the no-active-controller alert covers a silent controller.`,
            threshold: s.threshold,
            unit: "partitions",
            condition: cond("OfflinePartitionsCount", "Maximum", ">", "missing"),
          }),
      },
      "under-min-isr": {
        build: (s) =>
          alert({
            id: "under-min-isr",
            summary: `Partitions of ${clusterName} are below min.insync.replicas`,
            description: `UnderMinIsrPartitionCount counts the partitions of a broker with fewer in-sync replicas than min.insync.replicas (${kafka.minInsyncReplicas}); MSK publishes it per broker, so the threshold (${s.threshold}) applies to each broker's count. Producers using acks=all get NotEnoughReplicas errors: writes fail. No data from a broker means it is down, which the controller and offline-partition alerts show; missing data is left missing.`,
            threshold: s.threshold,
            unit: "partitions",
            condition: cond("UnderMinIsrPartitionCount", "Maximum", ">", "missing"),
          }),
        targets: brokers,
      },
      "under-replicated-partitions": {
        build: (s) =>
          alert({
            id: "under-replicated-partitions",
            summary: `Partitions of ${clusterName} are under-replicated`,
            description: `UnderReplicatedPartitions counts partitions a broker leads whose followers lag; MSK publishes it per broker, so the threshold (${s.threshold}) applies to each broker's count. It rises briefly during MSK patching (brokers restart one at a time), hence 15 minutes. Lasting, it means a broker is slow (disk, CPU, network) and one more failure could lose acknowledged writes. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "partitions",
            condition: cond("UnderReplicatedPartitions", "Maximum", ">", "missing", 15),
          }),
        targets: brokers,
      },
      "no-active-controller": {
        build: () =>
          alert({
            id: "no-active-controller",
            summary: `Kafka cluster ${clusterName} has no active controller`,
            description:
              "ActiveControllerCount (Maximum) is 1 while one broker is the controller. Below 1 for 5 minutes nobody manages partition leadership: no failover, no topic changes. Missing data is breaching: when no broker reports, the cluster itself is down.",
            threshold: 1,
            unit: "controllers",
            condition: cond("ActiveControllerCount", "Maximum", "<", "breaching"),
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `Data log disk of ${clusterName} has less than ${s.threshold} % free`,
            description: `KafkaDataLogsDiskUsed is the share of the broker's data volume in use (${kafka.storageGiB} GiB). Above ${100 - s.threshold} % used, i.e. less than ${s.threshold} % free, for 5 minutes alerts; AWS recommends acting at 85 % used. A full volume stops the broker. Missing data is left missing.`,
            threshold: 100 - s.threshold,
            unit: "% used",
            condition: cond("KafkaDataLogsDiskUsed", "Maximum", ">", "missing"),
          }),
        targets: brokers,
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `Broker CPU (user) of ${clusterName} above ${s.threshold} %`,
            description: `CpuUser is the broker's user-space CPU; above ${s.threshold} % for 15 minutes alerts. AWS asks to keep CpuUser + CpuSystem under 60 % so a broker can take over a failed peer's load (and patching, which restarts brokers one by one); the AWS-only cpu-system-high watches the rest. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: cond("CpuUser", "Average", ">", "missing", 15),
          }),
        targets: brokers,
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `Broker JVM heap of ${clusterName} stays above ${s.threshold} % after GC`,
            description: `HeapMemoryAfterGC is the share of the JVM heap still used after garbage collection. Above ${s.threshold} % for 15 minutes the broker spends its time in GC and may run out of memory. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: cond("HeapMemoryAfterGC", "Average", ">", "missing", 15),
          }),
        targets: brokers,
      },
      "consumer-lag-high":
        lagTargets.length > 0
          ? {
              build: (s) =>
                alert({
                  id: "consumer-lag-high",
                  summary: `A consumer group of ${clusterName} is more than ${s.threshold} messages behind`,
                  description: `MaxOffsetLag is the largest lag, in messages, of the group on any partition of the topic. Above ${s.threshold} for 15 minutes: the group's consumers are down, stuck or too slow. MSK publishes it only while the group is STABLE or EMPTY and has committed offsets, so missing data is left missing (INSUFFICIENT_DATA until the consumers first commit).`,
                  threshold: s.threshold,
                  unit: "messages",
                  condition: cond("MaxOffsetLag", "Maximum", ">", "missing", 15),
                }),
              targets: lagTargets,
            }
          : { unavailable: "no topic of this cluster names its consumer groups (kafka.topics.<topic>.consumerGroups), and MSK publishes MaxOffsetLag per consumer group and topic only" },
    },
    targetOnly,
  };
}
