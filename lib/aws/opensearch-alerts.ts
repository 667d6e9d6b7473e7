import { NativeMetricCondition, runbookUrl, type NativeStatistic } from "../observability/alert";
import type { ResolvedSearch } from "../core/components/search";
import { AlertTemplate, AwsAlertBindings, NativeAlert } from "./private/component-alerts";

/** Component name of OpenSearch Service alerts (runbook folder, alarm and dashboard names). */
export const OPENSEARCH_COMPONENT = "opensearch";

/** Shards a data node holds at most (`cluster.max_shards_per_node`, OpenSearch default 1000). */
const OPENSEARCH_MAX_SHARDS_PER_NODE = 1000;

/** What the domain looks like, for thresholds and which alerts apply. */
interface OpenSearchAlertContext {
  /** Domain name (dimension `DomainName`). */
  readonly domainName: string;
  /** Account id (dimension `ClientId`). */
  readonly accountId: string;
  /** Data nodes, storage and masters. */
  readonly search: ResolvedSearch;
  /** Dedicated masters in use. */
  readonly masters: number;
  /** Encrypted with a customer-managed key (the KMS alerts apply). */
  readonly customerManagedKey: boolean;
}

/** Nodes the domain is built with: data nodes and dedicated masters (what the `Nodes` metric counts). */
export function openSearchExpectedNodes(c: Pick<OpenSearchAlertContext, "search" | "masters">): number {
  return c.search.dataNodes + c.masters;
}

/**
 * The canonical search alerts on an OpenSearch Service domain, namespace
 * `AWS/ES`, dimensions `DomainName` + `ClientId`. Source: CloudWatch User
 * Guide, "Best practice alarm recommendations for AWS services", section
 * Amazon OpenSearch Service
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html),
 * and the OpenSearch Service Developer Guide, "Recommended CloudWatch alarms
 * for Amazon OpenSearch Service". Thresholds arrive in the catalog's units:
 * free storage in percent of a node's storage becomes MiB (FreeStorageSpace
 * is in MiB, its Minimum is the fullest node), missing nodes become the node
 * count the domain falls below. The yellow-status alert needs more than one
 * data node: a single node cannot place replicas, so yellow is its normal
 * state. AWS-only: write blocks, snapshot failures, old-generation heap,
 * shards, and (with dedicated masters or a customer-managed key) the master
 * and KMS alerts.
 */
export function openSearchAlertBindings(c: OpenSearchAlertContext, runbookBaseUrl: string): AwsAlertBindings<"search"> {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, OPENSEARCH_COMPONENT, id);
  const cond = (metricName: string, statistic: NativeStatistic, comparison: NativeMetricCondition["comparison"], periodSeconds: number, evaluationPeriods: number, missingData: NativeMetricCondition["missingData"]): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "AWS/ES",
    metricName,
    dimensions: { DomainName: c.domainName, ClientId: c.accountId },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const alert = (a: Omit<NativeAlert, "component" | "runbookUrl" | "severity">): NativeAlert => ({ ...a, severity: "ticket", component: OPENSEARCH_COMPONENT, runbookUrl: rb(a.id) });
  const name = c.domainName;
  const expected = openSearchExpectedNodes(c);
  const storageMiB = c.search.storageGiB * 1024;
  return {
    kind: "search",
    canonical: {
      "cluster-red": {
        build: () =>
          alert({
            id: "cluster-red",
            summary: `OpenSearch domain ${name} is red`,
            description:
              "ClusterStatus.red is 1 when at least one primary shard is unassigned: searches on it return partial results and writes to it fail. One minute is enough. Missing data is left missing (INSUFFICIENT_DATA) so an unreachable domain shows in the console.",
            threshold: 1,
            unit: "status",
            condition: cond("ClusterStatus.red", "Maximum", ">=", 60, 1, "missing"),
          }),
      },
      "cluster-yellow":
        c.search.dataNodes > 1
          ? {
              build: () =>
                alert({
                  id: "cluster-yellow",
                  summary: `OpenSearch domain ${name} is yellow`,
                  description:
                    "ClusterStatus.yellow is 1 when a replica shard is unassigned: data has one copy fewer than configured, so one more node failure can turn the domain red. Brief yellow during node replacement is normal, hence 5 minutes. Missing data is left missing.",
                  threshold: 1,
                  unit: "status",
                  condition: cond("ClusterStatus.yellow", "Maximum", ">=", 60, 5, "missing"),
                }),
            }
          : { unavailable: "the domain has a single data node, which cannot hold replica shards: yellow is its normal state, so ClusterStatus.yellow says nothing; give it more data nodes to watch replicas" },
      "nodes-missing": {
        build: (s) =>
          alert({
            id: "nodes-missing",
            summary: `OpenSearch domain ${name} has lost more than ${s.threshold} node(s)`,
            description: `Nodes counts the domain's nodes: ${c.search.dataNodes} data + ${c.masters} master expected. Fewer than ${expected - s.threshold} (more than ${s.threshold} missing) for 15 minutes means a node failed and was not replaced yet; shards are relocating. Missing data is left missing.`,
            threshold: expected - s.threshold,
            unit: "nodes",
            condition: cond("Nodes", "Minimum", "<", 300, 3, "missing"),
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `A node of OpenSearch domain ${name} has less than ${s.threshold} % storage free`,
            description: `FreeStorageSpace (Minimum: the fullest node) in MiB below ${s.threshold} % of a node's ${c.search.storageGiB} GiB, i.e. ${round((s.threshold / 100) * storageMiB)} MiB; AWS recommends alerting at 25 %. Near 20 % free the domain stops allocating shards to the node; at the flood-stage watermark it blocks writes. Missing data is left missing.`,
            threshold: round((s.threshold / 100) * storageMiB),
            unit: "MiB",
            condition: cond("FreeStorageSpace", "Minimum", "<", 60, 1, "missing"),
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `Data node CPU of ${name} above ${s.threshold} %`,
            description: `CPUUtilization of the busiest data node (Maximum, as AWS's recommended alarm reads it) above ${s.threshold} % in three 15-minute periods in a row (45 minutes): sustained, not a burst. Searches and indexing slow down, queues fill. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: cond("CPUUtilization", "Maximum", ">", 900, 3, "missing"),
          }),
      },
      "jvm-memory-high": {
        build: (s) =>
          alert({
            id: "jvm-memory-high",
            summary: `Data node JVM memory pressure of ${name} above ${s.threshold} %`,
            description: `JVMMemoryPressure (Maximum: the worst node) above ${s.threshold} % for 3 minutes: the node is about to run out of heap; above 92 % OpenSearch already rejects writes to protect itself. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "%",
            condition: cond("JVMMemoryPressure", "Maximum", ">", 60, 3, "missing"),
          }),
      },
      "write-queue-high": {
        build: (s) =>
          alert({
            id: "write-queue-high",
            summary: `Write thread pool of ${name} has more than ${s.threshold} requests queued`,
            description: `ThreadpoolWriteQueue (Average over the nodes) above ${s.threshold}: bulk/index requests wait for a thread; rejections (429) follow when the queue is full. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "requests",
            condition: cond("ThreadpoolWriteQueue", "Average", ">", 60, 1, "missing"),
          }),
      },
      "search-queue-high": {
        build: (s) =>
          alert({
            id: "search-queue-high",
            summary: `Search thread pool of ${name} has more than ${s.threshold} requests queued`,
            description: `ThreadpoolSearchQueue (Average over the nodes) above ${s.threshold}: searches wait for a thread and latency climbs; rejections follow at 1000. Missing data is left missing.`,
            threshold: s.threshold,
            unit: "requests",
            condition: cond("ThreadpoolSearchQueue", "Average", ">", 60, 1, "missing"),
          }),
      },
    },
    targetOnly: openSearchTargetOnlyAlerts(c, runbookBaseUrl),
  };
}

/** A MiB count: whole MiB. */
function round(value: number): number {
  return Math.round(value);
}

/**
 * The alerts only OpenSearch Service has (thresholds in the units each
 * states): writes blocked, snapshot failures, old-generation heap, shards,
 * and thread pool rejections; master alerts only with dedicated masters,
 * KMS alerts only with a customer-managed key.
 */
function openSearchTargetOnlyAlerts(c: OpenSearchAlertContext, runbookBaseUrl: string): AlertTemplate[] {
  const rb = (id: string) => runbookUrl(runbookBaseUrl, OPENSEARCH_COMPONENT, id);
  const cond = (metricName: string, statistic: NativeStatistic, comparison: NativeMetricCondition["comparison"], periodSeconds: number, evaluationPeriods: number, missingData: NativeMetricCondition["missingData"]): NativeMetricCondition => ({
    kind: "native-metric",
    namespace: "AWS/ES",
    metricName,
    dimensions: { DomainName: c.domainName, ClientId: c.accountId },
    statistic,
    periodSeconds,
    evaluationPeriods,
    comparison,
    missingData,
  });
  const name = c.domainName;
  const alerts: AlertTemplate[] = [
    {
      alert: {
        id: "index-writes-blocked",
        component: OPENSEARCH_COMPONENT,
        summary: `OpenSearch domain ${name} blocks writes`,
        description:
          "ClusterIndexWritesBlocked is 1 when the domain refuses writes (disk watermark, JVM pressure, or a block set by hand). Indexing fails until it is lifted. Missing data is left missing.",
        severity: "page",
        runbookUrl: rb("index-writes-blocked"),
        threshold: 1,
        unit: "status",
        condition: cond("ClusterIndexWritesBlocked", "Maximum", ">=", 300, 1, "missing"),
      },
    },
    {
      alert: {
        id: "automated-snapshot-failed",
        component: OPENSEARCH_COMPONENT,
        summary: `Automated snapshot of ${name} failed`,
        description: "AutomatedSnapshotFailure is 1 when the daily automated snapshot failed (often a red cluster). Without snapshots a domain failure loses data. The metric is published only on failure, so missing data is not breaching.",
        severity: "ticket",
        runbookUrl: rb("automated-snapshot-failed"),
        threshold: 1,
        unit: "failures",
        condition: cond("AutomatedSnapshotFailure", "Maximum", ">=", 60, 1, "notBreaching"),
      },
    },
    {
      alert: {
        id: "old-gen-jvm-pressure-high",
        component: OPENSEARCH_COMPONENT,
        summary: `Old generation heap of ${name} stays full`,
        description: "OldGenJVMMemoryPressure (Maximum) above 80 % for 3 minutes: garbage collection no longer frees the old generation; long pauses and circuit-breaker errors follow. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("old-gen-jvm-pressure-high"),
        threshold: 80,
        unit: "%",
        condition: cond("OldGenJVMMemoryPressure", "Maximum", ">=", 60, 3, "missing"),
      },
    },
    {
      alert: {
        id: "shards-high",
        component: OPENSEARCH_COMPONENT,
        summary: `OpenSearch domain ${name} approaches its shard limit`,
        description: `Shards.active counts all active shards. A data node holds at most ${OPENSEARCH_MAX_SHARDS_PER_NODE}; at 80 % of ${c.search.dataNodes} x ${OPENSEARCH_MAX_SHARDS_PER_NODE} new indices will soon fail to create. Missing data is left missing.`,
        severity: "ticket",
        runbookUrl: rb("shards-high"),
        threshold: Math.round(0.8 * OPENSEARCH_MAX_SHARDS_PER_NODE * c.search.dataNodes),
        unit: "shards",
        condition: cond("Shards.active", "Sum", ">=", 300, 1, "missing"),
      },
    },
    // AWS's recommended alarms on rejections: "ThreadpoolWriteRejected / ThreadpoolSearchRejected SUM
    // is >= 1 {math expression DIFF()} for 1 minute, 1 consecutive time" (OpenSearch Service
    // Developer Guide, "Recommended CloudWatch alarms"; the counters grow from each node's start, so
    // the alarm watches their increase).
    {
      alert: {
        id: "write-rejected",
        component: OPENSEARCH_COMPONENT,
        summary: `OpenSearch domain ${name} rejects writes`,
        description:
          "ThreadpoolWriteRejected counts the write tasks the nodes rejected since they started (Sum over the nodes); its increase in a minute (metric math DIFF) at 1 or more means the write queue was full and bulk/index requests got HTTP 429. Clients that do not retry lose those writes. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("write-rejected"),
        threshold: 1,
        unit: "rejected requests per minute",
        condition: { ...cond("ThreadpoolWriteRejected", "Sum", ">=", 60, 1, "missing"), expression: "DIFF" },
      },
    },
    {
      alert: {
        id: "search-rejected",
        component: OPENSEARCH_COMPONENT,
        summary: `OpenSearch domain ${name} rejects searches`,
        description:
          "ThreadpoolSearchRejected counts the search tasks the nodes rejected since they started (Sum over the nodes); its increase in a minute (metric math DIFF) at 1 or more means the search queue was full and searches failed with HTTP 429. Missing data is left missing.",
        severity: "ticket",
        runbookUrl: rb("search-rejected"),
        threshold: 1,
        unit: "rejected requests per minute",
        condition: { ...cond("ThreadpoolSearchRejected", "Sum", ">=", 60, 1, "missing"), expression: "DIFF" },
      },
    },
  ];
  if (c.masters > 0) {
    alerts.push(
      {
        alert: {
          id: "master-cpu-high",
          component: OPENSEARCH_COMPONENT,
          summary: `Master node CPU of ${name} above threshold`,
          description: "MasterCPUUtilization (Average, 15 minutes, 3 times): an overloaded master delays cluster-state updates (mappings, shard allocation). Usually too many shards or indices. Missing data is left missing.",
          severity: "ticket",
          runbookUrl: rb("master-cpu-high"),
          threshold: 50,
          unit: "%",
          condition: cond("MasterCPUUtilization", "Average", ">=", 900, 3, "missing"),
        },
      },
      {
        alert: {
          id: "master-jvm-memory-pressure-high",
          component: OPENSEARCH_COMPONENT,
          summary: `Master node JVM memory pressure of ${name} is critical`,
          description: "MasterJVMMemoryPressure (Maximum) at 95 %: the elected master may run out of heap, and a master election stalls the whole domain. Missing data is left missing.",
          severity: "page",
          runbookUrl: rb("master-jvm-memory-pressure-high"),
          threshold: 95,
          unit: "%",
          condition: cond("MasterJVMMemoryPressure", "Maximum", ">=", 900, 1, "missing"),
        },
      },
      {
        alert: {
          id: "master-old-gen-jvm-pressure-high",
          component: OPENSEARCH_COMPONENT,
          summary: `Master node old-generation heap of ${name} is filling up`,
          description: "MasterOldGenJVMMemoryPressure (Maximum, 1 minute) at 80 %: the master's long-lived heap is nearly full and full garbage collections will follow, slowing cluster-state updates. Missing data is left missing.",
          severity: "ticket",
          runbookUrl: rb("master-old-gen-jvm-pressure-high"),
          threshold: 80,
          unit: "%",
          condition: cond("MasterOldGenJVMMemoryPressure", "Maximum", ">=", 60, 1, "missing"),
        },
      },
      {
        alert: {
          id: "master-unreachable",
          component: OPENSEARCH_COMPONENT,
          summary: `Nodes of ${name} cannot reach the master`,
          description: "MasterReachableFromNode (Minimum, 1 day) below 1: a node reported the master unreachable — the master stopped or the cluster is partitioned; writes and shard allocation stall. AWS's recommendation evaluates one day, so this is a ticket. Missing data is left missing.",
          severity: "ticket",
          runbookUrl: rb("master-unreachable"),
          threshold: 1,
          unit: "status",
          condition: cond("MasterReachableFromNode", "Minimum", "<", 86400, 1, "missing"),
        },
      },
    );
  }
  if (c.customerManagedKey) {
    alerts.push(
      {
        alert: {
          id: "kms-key-error",
          component: OPENSEARCH_COMPONENT,
          summary: `The KMS key of ${name} is disabled`,
          description: "KMSKeyError is 1 when the key encrypting the domain at rest is disabled: the domain cannot read or write its data. Published only when it happens, so missing data is not breaching.",
          severity: "page",
          runbookUrl: rb("kms-key-error"),
          threshold: 1,
          unit: "status",
          condition: cond("KMSKeyError", "Maximum", ">=", 60, 1, "notBreaching"),
        },
      },
      {
        alert: {
          id: "kms-key-inaccessible",
          component: OPENSEARCH_COMPONENT,
          summary: `The KMS key of ${name} is inaccessible`,
          description: "KMSKeyInaccessible is 1 when the key was deleted or its grants revoked; after a while the domain is unrecoverable without a snapshot. Published only when it happens, so missing data is not breaching.",
          severity: "page",
          runbookUrl: rb("kms-key-inaccessible"),
          threshold: 1,
          unit: "status",
          condition: cond("KMSKeyInaccessible", "Maximum", ">=", 60, 1, "notBreaching"),
        },
      },
    );
  }
  return alerts;
}
