import type { AlertDefinition } from "./alert";
import { DashboardKind, PanelIdOf, panelCatalog } from "./dashboard-catalog";
import { DashboardPanel, GoldenSignalDashboard, PanelSpec, rowsOf, UnavailablePanel } from "./dashboard-model";

/** How a target draws one catalog panel: its native query, or why it cannot. */
type PanelBinding<Q> = { readonly query: Q } | { readonly unavailable: string };

/** A panel only this target draws (its escape hatch): the spec and the native query. */
export interface TargetPanel<Q> extends PanelSpec {
  /** Id, unique within the component's panels. */
  readonly id: string;
  /** The target's native query. */
  readonly query: Q;
}

/**
 * A target's dashboard for one component kind: every panel id of the kind
 * bound to a native query `Q` or declared unavailable (the type makes a
 * missing id a compile error), and the panels only this target has.
 */
export interface DashboardBindings<K extends DashboardKind, Q> {
  /** The component kind whose catalog is bound. */
  readonly kind: K;
  /** Every panel id of the kind. */
  readonly panels: { readonly [Id in PanelIdOf<K>]: PanelBinding<Q> };
  /** Panels only this target has, drawn after the catalog's in their signal's row. @default - none */
  readonly targetOnly?: readonly TargetPanel<Q>[];
}

/**
 * A component's dashboard in the model: the kind's catalog resolved through
 * the target's bindings (each panel with the catalog's title, signal and
 * unit and the target's query), target-only panels after them, rows in
 * golden-signal order, and the alerts deployed for the alert-state row.
 */
export function componentDashboard<K extends DashboardKind, Q, A extends AlertDefinition = AlertDefinition>(
  title: string,
  bindings: DashboardBindings<K, Q>,
  alerts: readonly A[] = [],
): GoldenSignalDashboard<Q, A> {
  const catalog = panelCatalog(bindings.kind);
  const panels: DashboardPanel<Q>[] = [];
  const unavailable: UnavailablePanel[] = [];
  for (const [id, spec] of Object.entries(catalog)) {
    const binding = (bindings.panels as Readonly<Record<string, PanelBinding<Q>>>)[id];
    const ref = { kind: bindings.kind, id };
    if ("query" in binding) panels.push({ ...spec, ref, query: binding.query });
    else unavailable.push({ ref, title: spec.title, reason: binding.unavailable });
  }
  return { title, rows: rowsOf([...panels, ...targetPanels(bindings.kind, bindings.targetOnly ?? [])]), alerts, unavailable };
}

/**
 * The dashboard of a component that implements no catalog kind (the CIS
 * alarms of an AWS account): its own panels only, and its alerts.
 */
export function targetOnlyDashboard<Q, A extends AlertDefinition = AlertDefinition>(title: string, component: string, panels: readonly TargetPanel<Q>[], alerts: readonly A[] = []): GoldenSignalDashboard<Q, A> {
  return { title, rows: rowsOf(targetPanels(component, panels)), alerts, unavailable: [] };
}

/** Target-only panels as model panels, referenced as the kind's (or component's) own. */
export function targetPanels<Q>(kind: string, panels: readonly TargetPanel<Q>[]): DashboardPanel<Q>[] {
  return panels.map(({ id, ...panel }) => ({ ...panel, ref: { kind, id, targetOnly: true } }));
}
