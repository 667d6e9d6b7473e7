import type { ComponentHandle } from "../core/components/common";
import type { AlertDefinition } from "../observability/alert";
import { componentDashboard, TargetPanel, targetPanels } from "../observability/dashboard-binding";
import { serviceDashboard, ServiceDashboardMember } from "../observability/dashboard-model";
import type { KubernetesManifest } from "./chart";
import type { InClusterDashboardBindings } from "./dashboard-panels";
import { dashboardConfigMap, dashboardModelOf, grafanaDashboard, PromQlQuery } from "./grafana-dashboard";

/**
 * The service's own panels in-cluster: its requests as the conventional
 * Prometheus client metrics count them (`http_requests_total` with `code`,
 * `http_request_duration_seconds` histogram; the series the default SLOs
 * read) and the SLOs' remaining error budget (`slo:error_budget:remaining`,
 * a fraction, shown as a percent).
 */
function serviceHttpPanels(service: string): TargetPanel<PromQlQuery>[] {
  const sel = `service="${service}"`;
  return [
    { id: "requests", signal: "traffic", title: "Requests", unit: "per-second", query: { expr: `sum(rate(http_requests_total{${sel}}[5m]))` } },
    { id: "server-errors", signal: "errors", title: "Server errors", unit: "percent", query: { expr: `100 * sum(rate(http_requests_total{${sel},code=~"5.."}[5m])) / sum(rate(http_requests_total{${sel}}[5m]))` } },
    { id: "latency-p99", signal: "latency", title: "Latency (p99)", unit: "seconds", query: { expr: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${sel}}[5m])))` } },
    { id: "error-budget", signal: "errors", title: "Error budget remaining", unit: "percent", query: { expr: `100 * slo:error_budget:remaining{${sel}}`, legend: "{{slo}}" } },
  ];
}

/** What {@link serviceDashboardConfigMap} draws. */
interface InClusterServiceDashboardProps {
  /** Service name. */
  readonly service: string;
  /** Namespace of the ConfigMap. */
  readonly namespace: string;
  /** Dashboard name: the ConfigMap is `<name>-dashboard`. */
  readonly dashboardName: string;
  /** The service's components; those built in-cluster on the same chart show their panels. */
  readonly components: readonly ComponentHandle[];
  /** The endpoint probe's panels and alerts, when the service has one. @default - none */
  readonly endpoint?: { readonly panels: InClusterDashboardBindings<"endpoint">; readonly alerts: readonly AlertDefinition[] };
  /** The dashboard of the service's logs (log lines and error lines), drawn first among the members. @default - none */
  readonly logsDashboard?: string;
}

/**
 * A service's Grafana dashboard, as the ConfigMap the sidecar loads, from
 * the golden-signal model: its own
 * request panels and its endpoint probe's, then each in-cluster
 * component's panels, row by golden signal; the alert-state row shows every
 * alert of the service (Prometheus's `ALERTS{service=...}`).
 */
export function serviceDashboardConfigMap(chart: object, p: InClusterServiceDashboardProps): KubernetesManifest {
  const logs = p.logsDashboard ? dashboardModelOf(chart, p.logsDashboard) : undefined;
  const members: ServiceDashboardMember<PromQlQuery>[] = [
    ...(logs ? [{ label: "logs", dashboard: logs }] : []),
    ...(p.endpoint ? [{ label: "endpoint", dashboard: componentDashboard(`${p.service} endpoint`, p.endpoint.panels, p.endpoint.alerts) }] : []),
    ...p.components.flatMap((c) => {
      const model = dashboardModelOf(chart, c.dashboardName);
      return model ? [{ label: c.component, dashboard: model }] : [];
    }),
  ];
  const model = serviceDashboard(`${p.service} · service`, members, { panels: targetPanels("service", serviceHttpPanels(p.service)) });
  return dashboardConfigMap(p.dashboardName, p.namespace, grafanaDashboard(model, { uid: p.dashboardName, alertSelector: `service="${p.service}"`, alertGraphs: false }));
}
