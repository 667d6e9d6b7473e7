import { stringify } from "yaml";
import type { AlertDefinition, PromDuration, PromQlCondition } from "./alert";
import { isPromDuration, promQlError } from "./promql";

/** A Prometheus recording rule. */
export interface RecordingRule {
  /** Name of the series it records, `level:metric:operations`. */
  readonly record: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Labels added to the recorded series. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  /** Alert name (CamelCase). */
  readonly alert: string;
  /** PromQL expression; the alert fires for every series it returns. */
  readonly expr: string;
  /** How long the expression must return a series before the alert fires. @default - at once */
  readonly for?: PromDuration;
  /** Labels: always `severity`, `service`, `component` and `alert_id`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations: always `summary`, `description` and `runbook_url`. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** Either kind of rule. */
export type PrometheusRule = RecordingRule | AlertingRule;

/** A rule group, evaluated as a unit in order. */
export interface PrometheusRuleGroup {
  /** Group name, unique within a rule file. */
  readonly name: string;
  /** Evaluation interval. @default - the Prometheus global evaluation interval */
  readonly interval?: PromDuration;
  /** Rules in evaluation order. */
  readonly rules: readonly PrometheusRule[];
}

/** True for an alerting rule. */
export function isAlertingRule(rule: PrometheusRule): rule is AlertingRule {
  return (rule as AlertingRule).alert !== undefined;
}

/** `kafka-broker` + `under-replicated-partitions` → `KafkaBrokerUnderReplicatedPartitions`. */
function alertName(component: string, id: string): string {
  return `${component}-${id}`
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/**
 * Turns the PromQL-condition alerts among `alerts` into rule groups, one per
 * component, named `<service>-<component>`. Native-metric alerts are the
 * cloud's own alarms and are skipped. Labels carry the alert's declared
 * severity; the environment's page downgrade happens in the routing
 * (Alertmanager / SNS), so the same rules deploy to every environment.
 */
export function alertRuleGroups(alerts: readonly AlertDefinition[], context: { readonly service: string }): PrometheusRuleGroup[] {
  const byComponent = new Map<string, AlertingRule[]>();
  for (const alert of alerts) {
    if (alert.condition.kind !== "promql") continue;
    const c: PromQlCondition = alert.condition;
    const rules = byComponent.get(alert.component) ?? [];
    rules.push({
      alert: alertName(alert.component, alert.id),
      expr: `(${c.query}) ${c.comparison} ${alert.threshold}`,
      for: c.for,
      labels: { severity: alert.severity, service: context.service, component: alert.component, alert_id: alert.id },
      annotations: { summary: alert.summary, description: alert.description, runbook_url: alert.runbookUrl },
    });
    byComponent.set(alert.component, rules);
  }
  return [...byComponent].map(([component, rules]) => ({ name: `${context.service}-${component}`, rules }));
}

const RULE_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Every problem in the groups: PromQL that does not parse (the message names
 * the group and the alert or record), bad names and durations, duplicate
 * group names, alerts without the labels and annotations routing needs.
 */
export function validateRuleGroups(groups: readonly PrometheusRuleGroup[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    const g = `rule group "${group.name}"`;
    if (!group.name.trim()) problems.push("a rule group has an empty name");
    if (seen.has(group.name)) problems.push(`${g} appears twice; group names must be unique within a rule file`);
    seen.add(group.name);
    if (group.interval !== undefined && !isPromDuration(group.interval)) problems.push(`${g}: interval ${JSON.stringify(group.interval)} is not a Prometheus duration like "1m"`);
    if (group.rules.length === 0) problems.push(`${g} has no rules`);
    for (const rule of group.rules) {
      const where = isAlertingRule(rule) ? `${g}, alert ${rule.labels.alert_id ? `"${rule.labels.alert_id}" (${rule.alert})` : `"${rule.alert}"`}` : `${g}, record "${rule.record}"`;
      const parseError = promQlError(rule.expr);
      if (parseError) problems.push(`${where}: ${parseError}: ${rule.expr}`);
      for (const label of Object.keys(rule.labels ?? {})) {
        if (!LABEL_NAME.test(label)) problems.push(`${where}: label name ${JSON.stringify(label)} is not a valid Prometheus label name`);
      }
      if (isAlertingRule(rule)) {
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(rule.alert)) problems.push(`${where}: alert name must be letters, digits and "_"`);
        if (rule.for !== undefined && !isPromDuration(rule.for)) problems.push(`${where}: \`for\` ${JSON.stringify(rule.for)} is not a Prometheus duration like "5m"`);
        for (const label of ["severity", "service"]) {
          if (!rule.labels[label]) problems.push(`${where}: label \`${label}\` is missing; routing needs it`);
        }
        for (const annotation of ["summary", "description", "runbook_url"]) {
          if (!rule.annotations[annotation]) problems.push(`${where}: annotation \`${annotation}\` is missing; every alert needs it`);
        }
      } else if (!RULE_NAME.test(rule.record)) {
        problems.push(`${where}: a recorded series name is letters, digits, "_" and ":"`);
      }
    }
  }
  return problems;
}

/** `{ groups: [...] }` as a plain object: a rule file, a PrometheusRule's `spec`, an AMP rule namespace. */
export function ruleGroupsDocument(groups: readonly PrometheusRuleGroup[]): { groups: unknown[] } {
  return {
    groups: groups.map((g) => ({
      name: g.name,
      ...(g.interval ? { interval: g.interval } : {}),
      rules: g.rules.map((r) => (isAlertingRule(r) ? { alert: r.alert, expr: r.expr, ...(r.for ? { for: r.for } : {}), labels: { ...r.labels }, annotations: { ...r.annotations } } : { record: r.record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) })),
    })),
  };
}

/** The groups as rule-file YAML, as `promtool check rules` and Prometheus read it. */
export function renderRuleGroups(groups: readonly PrometheusRuleGroup[]): string {
  return stringify(ruleGroupsDocument(groups), { lineWidth: 0 });
}
