import { AlertDefinition, AlertOverride, applyAlertOverrides, validateAlert } from "./alert";
import { ALERT_CATALOGS, AlertIdOf, AlertSetting, CanonicalAlert, ComponentKind, resolveAlertSettings } from "./alert-catalog";
import { AlertTarget, AlertTemplate, memberAlertId } from "./alert-members";

/** A canonical alert as a target deploys it. */
interface NativeBinding<A extends AlertDefinition = AlertDefinition> {
  /**
   * Builds the native alert from the user's setting: the threshold converted
   * from the catalog's unit to the signal's own (a fraction, bytes, a count
   * of connections ...), and a description that states it. The id and the
   * severity are the setting's.
   */
  readonly build: (setting: AlertSetting) => A;
  /** Members the native metric is published for (brokers, consumer groups): one alert each. @default - one alert */
  readonly targets?: readonly AlertTarget[];
}

/** A canonical alert a target cannot provide, and why (shown in `vigil report` and docs/alerts.md). */
interface UnavailableBinding {
  /** Why the target has no such signal, e.g. "serverless: Amazon Keyspaces exposes no node CPU". */
  readonly unavailable: string;
}

/** How a target provides one canonical alert. */
type CanonicalBinding<A extends AlertDefinition = AlertDefinition> = NativeBinding<A> | UnavailableBinding;

/**
 * A target's alerts for one component kind: every canonical id of the kind
 * bound to a native signal or declared unavailable (the type makes a missing
 * id a compile error), and the alerts only this target has.
 */
export interface ComponentAlertBindings<K extends ComponentKind, A extends AlertDefinition = AlertDefinition> {
  /** Component kind whose catalog is bound. */
  readonly kind: K;
  /** Every canonical id of the kind. */
  readonly canonical: { readonly [Id in AlertIdOf<K>]: CanonicalBinding<A> };
  /** Alerts only this target has (its escape hatch); thresholds in the native unit the alert states. @default - none */
  readonly targetOnly?: readonly AlertTemplate<A>[];
}

/** The user's overrides of one component's alerts. */
export interface ComponentAlertOverrides {
  /** Overrides by canonical id, thresholds in the catalog's units. @default - none */
  readonly alerts?: Readonly<Record<string, AlertOverride | undefined>>;
  /** Overrides of the target-only alerts, from the target's escape hatch. @default - none */
  readonly targetAlerts?: Readonly<Record<string, AlertOverride>>;
}

/** Where the user wrote the overrides, for messages: `postgres.alerts` and `postgres.aws.alerts`. */
export interface OverridePaths {
  /** Property path of the canonical overrides. */
  readonly canonical: string;
  /** Property path of the target-only overrides. */
  readonly targetOnly: string;
}

/** A canonical alert the target does not provide. */
export interface UnavailableAlert {
  /** Canonical id. */
  readonly id: string;
  /** Why. */
  readonly reason: string;
}

/** A component's alerts as bound on a target. */
interface BoundComponentAlerts<A extends AlertDefinition> {
  /** The alerts to deploy: overrides applied, repeated per member, validated. */
  readonly alerts: A[];
  /** Canonical alerts the target declares unavailable. */
  readonly unavailable: readonly UnavailableAlert[];
  /** Ids (canonical and target-only) the user switched off. */
  readonly disabled: readonly string[];
  /** Ids of every default alert: the enabled canonical ids the target provides and its target-only ids. */
  readonly defaultIds: readonly string[];
  /** Errors: bad overrides (once each, at the property the user wrote) and invalid alerts. */
  readonly problems: string[];
  /** Advice that does not fail synth. */
  readonly warnings: string[];
}

/** Whether a binding is a declared absence. */
function isUnavailable<A extends AlertDefinition>(binding: CanonicalBinding<A>): binding is UnavailableBinding {
  return "unavailable" in binding;
}

/**
 * A component's alerts on one target, the one pipeline every target uses:
 * the user's canonical overrides checked once against the catalog (unit,
 * range) and given to each binding in the catalog's unit, which converts;
 * the target-only overrides applied by id; every alert repeated for its
 * members (id `<alert id>-<member>`, the member's dimensions added) and
 * validated.
 */
export function bindComponentAlerts<K extends ComponentKind, A extends AlertDefinition>(
  bindings: ComponentAlertBindings<K, A>,
  overrides: ComponentAlertOverrides,
  paths: OverridePaths,
): BoundComponentAlerts<A> {
  const catalog: Readonly<Record<string, CanonicalAlert>> = ALERT_CATALOGS[bindings.kind];
  const { settings, problems, warnings } = resolveAlertSettings(bindings.kind, overrides.alerts, paths.canonical);
  const alerts: A[] = [];
  const unavailable: UnavailableAlert[] = [];
  const disabled: string[] = [];
  const defaultIds: string[] = [];
  const canonical = bindings.canonical as Readonly<Record<string, CanonicalBinding<A>>>;
  for (const [id, binding] of Object.entries(canonical)) {
    if (isUnavailable(binding)) {
      unavailable.push({ id, reason: binding.unavailable });
      continue;
    }
    defaultIds.push(id);
    const setting = settings[id];
    if (!setting.enabled) {
      disabled.push(id);
      continue;
    }
    const built: A = { ...binding.build(setting), id, severity: setting.severity, canonical: { kind: bindings.kind, id, threshold: setting.threshold, unit: catalog[id].unit } };
    alerts.push(...withMembers(built, binding.targets));
  }

  const templates = bindings.targetOnly ?? [];
  const targetOverrides = overrides.targetAlerts ?? {};
  for (const id of Object.keys(targetOverrides)) {
    if (id in canonical) problems.push(`\`${paths.targetOnly}.${id}\` is a canonical ${bindings.kind} alert; set it under \`${paths.canonical}.${id}\` (thresholds in the catalog's units), which every target reads`);
  }
  const targetOnly = applyAlertOverrides(
    templates.map((t) => t.alert),
    Object.fromEntries(Object.entries(targetOverrides).filter(([id]) => !(id in canonical))),
  );
  problems.push(...targetOnly.problems.map((p) => p.replace(/^`alerts\./, `\`${paths.targetOnly}.`)));
  const members = new Map(templates.map((t) => [t.alert.id, t.targets]));
  for (const alert of targetOnly.alerts) alerts.push(...withMembers(alert, members.get(alert.id)));
  for (const t of templates) {
    defaultIds.push(t.alert.id);
    if (targetOverrides[t.alert.id]?.enabled === false) disabled.push(t.alert.id);
  }

  // Runbook URLs are the routing's base plus a path: the base is checked once, at the platform.
  for (const alert of alerts) problems.push(...validateAlert(alert, { runbookFromBase: true }));
  return { alerts, unavailable, disabled, defaultIds, problems, warnings };
}

/** One alert per member (id `<alert id>-<suffix>`, the member's dimensions added); the alert itself without members. */
function withMembers<A extends AlertDefinition>(alert: A, members: readonly AlertTarget[] | undefined): A[] {
  const c = alert.condition;
  if (!members || c.kind !== "native-metric") return [alert];
  return members.map((m) => ({
    ...alert,
    id: memberAlertId(alert.id, m.suffix),
    summary: `${alert.summary} (${m.label})`,
    condition: { ...c, dimensions: { ...c.dimensions, ...m.dimensions } },
  }));
}
