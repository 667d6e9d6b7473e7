import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { AlertTemplate, AzureAlertBindings, azureCondition } from "./private/component-alerts";

/** Component name of Event Hubs alerts (runbook folder, rule names). */
export const EVENT_HUBS_COMPONENT = "event-hubs";

/** Metric namespace of Event Hubs namespaces. */
export const EVENT_HUBS_NAMESPACE = "Microsoft.EventHub/namespaces";

/**
 * An Event Hubs namespace's alerts, namespace `Microsoft.EventHub/namespaces`,
 * after the Azure Monitor Baseline Alerts for the resource type (throttled
 * requests, server errors, user errors, quota exceeded; CPU and memory on
 * Premium, which publishes them); metric names from Microsoft Learn,
 * "Supported metrics for Microsoft.EventHub/Namespaces". Event Hubs is a
 * service, not brokers: partition replication, controllers and disks are
 * Azure's and not published, and there is no consumer-lag metric.
 * Event Hubs-only: throttled requests, server and user errors, quotas.
 */
export function eventHubsAlertBindings(namespaceName: string, premium: boolean, runbookBaseUrl: string): AzureAlertBindings<"kafka"> {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl" | "severity">): AzureNativeAlert => ({ ...a, severity: "ticket", component: EVENT_HUBS_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, EVENT_HUBS_COMPONENT, a.id) });
  const template = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AlertTemplate => ({ alert: { ...a, component: EVENT_HUBS_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, EVENT_HUBS_COMPONENT, a.id) } });
  const ns = EVENT_HUBS_NAMESPACE;
  const managed = "Event Hubs replicates partitions and runs its brokers itself and publishes no partition, replica or controller metric (Microsoft Learn, \"Supported metrics for Microsoft.EventHub/Namespaces\")";
  const standardOnly = "the Standard tier (dev) publishes no CPU or memory metric; Premium does";
  return {
    kind: "kafka",
    canonical: {
      "offline-partitions": { unavailable: managed },
      "under-min-isr": { unavailable: managed },
      "under-replicated-partitions": { unavailable: managed },
      "no-active-controller": { unavailable: managed },
      "storage-low": { unavailable: "Event Hubs keeps events for the hub's retention period in storage Azure manages; there is no broker disk to fill" },
      "cpu-high": premium
        ? {
            build: (s) =>
              alert({
                id: "cpu-high",
                summary: `CPU of Event Hubs namespace ${namespaceName} above ${s.threshold} %`,
                description: `NamespaceCpuUsage (Premium) above ${s.threshold} % for 15 minutes (AMBA alerts at 70 %): the processing units are near saturation; add processing units before requests are throttled. No data is left missing.`,
                threshold: s.threshold,
                unit: "%",
                condition: azureCondition(ns, "NamespaceCpuUsage", "Maximum", ">", 15),
              }),
          }
        : { unavailable: standardOnly },
      "memory-high": premium
        ? {
            build: (s) =>
              alert({
                id: "memory-high",
                summary: `Memory of Event Hubs namespace ${namespaceName} above ${s.threshold} %`,
                description: `NamespaceMemoryUsage (Premium) above ${s.threshold} % for 15 minutes (AMBA alerts at 70 %): the processing units are near saturation. No data is left missing.`,
                threshold: s.threshold,
                unit: "%",
                condition: azureCondition(ns, "NamespaceMemoryUsage", "Maximum", ">", 15),
              }),
          }
        : { unavailable: standardOnly },
      "consumer-lag-high": { unavailable: "Event Hubs publishes no consumer-lag metric: consumers' checkpoints are in their own store (or Kafka offsets Azure does not export)" },
    },
    targetOnly: [
      template({
        id: "throttled-requests",
        summary: `Requests to Event Hubs namespace ${namespaceName} are throttled`,
        description: "ThrottledRequests above 0 in 5 minutes: producers or consumers exceed the namespace's throughput or processing units and are slowed down. No data is left missing.",
        severity: "ticket",
        threshold: 0,
        unit: "requests",
        condition: azureCondition(ns, "ThrottledRequests", "Total", ">", 5),
      }),
      template({
        id: "server-errors",
        summary: `Event Hubs namespace ${namespaceName} returns server errors`,
        description: "ServerErrors above 0 in 5 minutes: the service failed requests on its side; clients retry, but persistent errors mean an incident. No data is left missing.",
        severity: "ticket",
        threshold: 0,
        unit: "requests",
        condition: azureCondition(ns, "ServerErrors", "Total", ">", 5),
      }),
      template({
        id: "user-errors",
        summary: `Clients of Event Hubs namespace ${namespaceName} get errors`,
        description: "UserErrors above 10 in 5 minutes: requests rejected for client reasons (authorization, unknown event hub, bad Kafka request). No data is left missing.",
        severity: "ticket",
        threshold: 10,
        unit: "requests",
        condition: azureCondition(ns, "UserErrors", "Total", ">", 5),
      }),
      template({
        id: "quota-exceeded",
        summary: `Event Hubs namespace ${namespaceName} exceeds a quota`,
        description: "QuotaExceededErrors above 0 in 5 minutes: a size, connection or consumer-group quota is reached and requests fail. No data is left missing.",
        severity: "ticket",
        threshold: 0,
        unit: "requests",
        condition: azureCondition(ns, "QuotaExceededErrors", "Total", ">", 5),
      }),
    ],
  };
}
