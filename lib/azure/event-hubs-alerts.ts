import { runbookUrl } from "../observability/alert";
import type { AzureNativeAlert } from "./metric-alert";
import { azureCondition } from "./private/component-alerts";

/** Component name of Event Hubs alerts (runbook folder, rule names). */
export const EVENT_HUBS_COMPONENT = "event-hubs";

/** Metric namespace of Event Hubs namespaces. */
export const EVENT_HUBS_NAMESPACE = "Microsoft.EventHub/namespaces";

/**
 * Default alerts of an Event Hubs namespace, namespace
 * `Microsoft.EventHub/namespaces`. The set follows the Azure Monitor Baseline
 * Alerts for the resource type (throttled requests, server errors, user
 * errors, quota exceeded; CPU and memory on Premium, which publishes them);
 * metric names from Microsoft Learn, "Supported metrics for
 * Microsoft.EventHub/Namespaces". Event Hubs publishes no consumer-lag
 * metric, so the topics' consumer groups get no lag alert here.
 */
export function eventHubsAlerts(namespaceName: string, premium: boolean, runbookBaseUrl: string): AzureNativeAlert[] {
  const alert = (a: Omit<AzureNativeAlert, "component" | "runbookUrl">): AzureNativeAlert => ({ ...a, component: EVENT_HUBS_COMPONENT, runbookUrl: runbookUrl(runbookBaseUrl, EVENT_HUBS_COMPONENT, a.id) });
  const ns = EVENT_HUBS_NAMESPACE;
  const alerts = [
    alert({
      id: "throttled-requests",
      summary: `Requests to Event Hubs namespace ${namespaceName} are throttled`,
      description: "ThrottledRequests above 0 in 5 minutes: producers or consumers exceed the namespace's throughput or processing units and are slowed down. No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "requests",
      condition: azureCondition(ns, "ThrottledRequests", "Total", ">", 5),
    }),
    alert({
      id: "server-errors",
      summary: `Event Hubs namespace ${namespaceName} returns server errors`,
      description: "ServerErrors above 0 in 5 minutes: the service failed requests on its side; clients retry, but persistent errors mean an incident. No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "requests",
      condition: azureCondition(ns, "ServerErrors", "Total", ">", 5),
    }),
    alert({
      id: "user-errors",
      summary: `Clients of Event Hubs namespace ${namespaceName} get errors`,
      description: "UserErrors above 10 in 5 minutes: requests rejected for client reasons (authorization, unknown event hub, bad Kafka request). No data is left missing.",
      severity: "ticket",
      threshold: 10,
      unit: "requests",
      condition: azureCondition(ns, "UserErrors", "Total", ">", 5),
    }),
    alert({
      id: "quota-exceeded",
      summary: `Event Hubs namespace ${namespaceName} exceeds a quota`,
      description: "QuotaExceededErrors above 0 in 5 minutes: a size, connection or consumer-group quota is reached and requests fail. No data is left missing.",
      severity: "ticket",
      threshold: 0,
      unit: "requests",
      condition: azureCondition(ns, "QuotaExceededErrors", "Total", ">", 5),
    }),
  ];
  if (premium) {
    alerts.push(
      alert({
        id: "cpu-high",
        summary: `CPU of Event Hubs namespace ${namespaceName} above threshold`,
        description: "NamespaceCpuUsage (Premium) above 70 % for 15 minutes: the processing units are near saturation; add processing units before requests are throttled. No data is left missing.",
        severity: "ticket",
        threshold: 70,
        unit: "%",
        condition: azureCondition(ns, "NamespaceCpuUsage", "Maximum", ">", 15),
      }),
      alert({
        id: "memory-high",
        summary: `Memory of Event Hubs namespace ${namespaceName} above threshold`,
        description: "NamespaceMemoryUsage (Premium) above 70 % for 15 minutes: the processing units are near saturation. No data is left missing.",
        severity: "ticket",
        threshold: 70,
        unit: "%",
        condition: azureCondition(ns, "NamespaceMemoryUsage", "Maximum", ">", 15),
      }),
    );
  }
  return alerts;
}
