import type { AlertRecord, ComponentRecord } from "../../core/manifest";
import type { PolicyContext, PolicyRule, RuleViolation } from "../types";
import { LOG_COVERAGE_RULES } from "./log-coverage";

/** A manifest rule: checks the stack's Vigil manifest (components, alerts, SLOs). */
function manifestRule(id: string, level: PolicyRule["level"], description: string, evaluate: (context: PolicyContext) => RuleViolation[]): PolicyRule {
  return { id, pack: "observability", level, description, subject: "manifest", reads: [], evaluate };
}

/** Whether an alert belongs to a component: same kind, and about the same resource or built inside it. */
function belongsTo(alert: AlertRecord, component: ComponentRecord): boolean {
  return alert.component === component.component && (alert.resource === component.name || alert.path === component.path || alert.path.startsWith(`${component.path}/`));
}

/** The alerts deployed for a default alert id of a component: the id itself or its per-dimension copies (`under-min-isr-broker-1`). */
function deployedAs(component: ComponentRecord, alertId: string, alerts: readonly AlertRecord[]): AlertRecord[] {
  return alerts.filter((a) => belongsTo(a, component) && (a.id === alertId || a.id.startsWith(`${alertId}-`)));
}

const defaultAlerts = manifestRule("observability/default-alerts", "error", "Every component has each of its default alerts deployed (or explicitly disabled).", (ctx) =>
  ctx.manifest.components.flatMap((c) => {
    const missing = c.defaultAlertIds.filter((id) => !c.disabledAlertIds.includes(id) && deployedAs(c, id, ctx.manifest.alerts).length === 0);
    return missing.length
      ? [{ resource: c.path, message: `${c.component} "${c.name}" has no deployed alert for its default alert(s) ${missing.join(", ")}; deploy them, or disable them by name with a reason` }]
      : [];
  }),
);

const disabledAlerts = manifestRule("observability/disabled-alerts", "warning", "A component whose default alerts were switched off is reported, naming them.", (ctx) =>
  ctx.manifest.components
    .filter((c) => c.disabledAlertIds.length > 0)
    .map((c) => ({ resource: c.path, message: `${c.component} "${c.name}" has default alert(s) switched off: ${c.disabledAlertIds.join(", ")}; make sure another alert covers what they watched` })),
);

const alertRunbook = manifestRule("observability/alert-runbook", "error", "Every alert links a runbook (an http(s) URL).", (ctx) =>
  ctx.manifest.alerts
    .filter((a) => !/^https?:\/\/\S+$/.test(a.runbookUrl))
    .map((a) => ({ resource: a.path, message: `alert "${a.name}" (${a.component}/${a.id}) has runbook URL ${JSON.stringify(a.runbookUrl)}; set the routing's runbookBaseUrl or the alert's runbook to an http(s) URL` })),
);

const alertRoute = manifestRule("observability/alert-route", "error", "Every alert reaches at least one notification channel.", (ctx) =>
  ctx.manifest.alerts
    .filter((a) => a.routes.length === 0)
    .map((a) => ({ resource: a.path, message: `alert "${a.name}" (${a.component}/${a.id}), delivered as ${a.deliveredAs}, reaches no channel; add a channel to routes.${a.deliveredAs} in the notification routing` })),
);

const serviceSlos = manifestRule("observability/service-slos", "error", "Every service has at least one SLO.", (ctx) =>
  ctx.services
    .filter((s) => !ctx.manifest.slos.some((slo) => slo.service === s.name))
    .map((s) => ({ resource: s.path, message: `service "${s.name}" has no SLO; keep the default SLOs (defaultSlos: true) or add one in \`slos\`` })),
);

/** The observability coverage pack. */
export const OBSERVABILITY_RULES: readonly PolicyRule[] = [defaultAlerts, disabledAlerts, alertRunbook, alertRoute, serviceSlos, ...LOG_COVERAGE_RULES];
