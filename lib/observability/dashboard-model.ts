import type { AlertDefinition } from "./alert";

/**
 * The four golden signals (Google SRE book, "Monitoring Distributed
 * Systems"): how long work takes, how much of it there is, how much of it
 * fails, and how full the resource is.
 */
type GoldenSignal = "latency" | "traffic" | "errors" | "saturation";

/** The golden signals in the order every dashboard shows their rows. */
export const GOLDEN_SIGNALS: readonly GoldenSignal[] = ["latency", "traffic", "errors", "saturation"];

/** Row heading of each golden signal, the same on every target. */
export const SIGNAL_HEADINGS: Readonly<Record<GoldenSignal, string>> = {
  latency: "Latency",
  traffic: "Traffic",
  errors: "Errors",
  saturation: "Saturation",
};

/** Heading of the alert-state row, the same on every target. */
export const ALERT_ROW_HEADING = "Alerts";

/**
 * The unit a panel shows its values in, in the user's terms; each target
 * converts its native unit to it (a fraction to a percent, milliseconds to
 * seconds) or labels its axis with it:
 * - `percent`: 0 to 100, drawn on a 0–100 axis;
 * - `seconds`: a duration;
 * - `count`: a number of things (connections, partitions, pods);
 * - `per-second`: a rate of events;
 * - `bytes`: an amount of data;
 * - `bytes-per-second`: a data rate.
 */
export type PanelUnit = "percent" | "seconds" | "count" | "per-second" | "bytes" | "bytes-per-second";

/** What a panel shows: the same title, signal and unit on every target. */
export interface PanelSpec {
  /** The golden signal whose row the panel is in. */
  readonly signal: GoldenSignal;
  /** Panel title, e.g. `CPU used`. */
  readonly title: string;
  /** Unit of the values shown. */
  readonly unit: PanelUnit;
}

/**
 * A target-neutral reference to one signal of a component: the component
 * kind's panel id (`postgres` / `cpu`). Each target resolves it to its
 * native query (CloudWatch metric, Cloud Monitoring filter or PromQL, Azure
 * Monitor metric, in-cluster PromQL) through its dashboard bindings.
 */
interface SignalRef {
  /** Component kind (`postgres`), or the target-only component (`cis-alarms`). */
  readonly kind: string;
  /** Panel id within the kind, e.g. `cpu`. */
  readonly id: string;
  /** The panel is the target's own (its escape hatch), not in the kind's catalog. @default false */
  readonly targetOnly?: boolean;
}

/** One panel as a target draws it: what it shows and the native query `Q` that feeds it. */
export interface DashboardPanel<Q> extends PanelSpec {
  /** The signal it shows. */
  readonly ref: SignalRef;
  /** The target's native query. */
  readonly query: Q;
}

/** One row of a dashboard: the panels of one golden signal. */
interface DashboardRow<Q> {
  /** The signal, which names the row (`SIGNAL_HEADINGS`). */
  readonly signal: GoldenSignal;
  /** Its panels, in catalog order (target-only panels last). */
  readonly panels: readonly DashboardPanel<Q>[];
}

/** A catalog panel a target cannot draw, and why (shown in docs/observability.md). */
export interface UnavailablePanel {
  /** The signal. */
  readonly ref: SignalRef;
  /** Its title. */
  readonly title: string;
  /** Why the target has no such signal. */
  readonly reason: string;
}

/**
 * A dashboard as the model describes it, for a component or a service: a
 * title, one row per golden signal that has panels (latency, traffic,
 * errors, saturation, in that order), and an alert-state row with the
 * alerts deployed for it. Every target renders this one shape.
 */
export interface GoldenSignalDashboard<Q, A extends AlertDefinition = AlertDefinition> {
  /** Title shown on the dashboard. */
  readonly title: string;
  /** Rows in {@link GOLDEN_SIGNALS} order; a signal without panels has no row. */
  readonly rows: readonly DashboardRow<Q>[];
  /** The alert-state row: the alerts deployed, each with its state (and, where the target can, its threshold). */
  readonly alerts: readonly A[];
  /** Catalog panels the target cannot draw, with the reason (empty when it draws them all). */
  readonly unavailable: readonly UnavailablePanel[];
}

/** Groups panels into rows in {@link GOLDEN_SIGNALS} order, keeping each row's panel order; signals without panels get no row. */
export function rowsOf<Q>(panels: readonly DashboardPanel<Q>[]): DashboardRow<Q>[] {
  return GOLDEN_SIGNALS.map((signal) => ({ signal, panels: panels.filter((p) => p.signal === signal) })).filter((row) => row.panels.length > 0);
}

/** Every panel of a dashboard, row by row. */
export function panelsOf<Q>(dashboard: Pick<GoldenSignalDashboard<Q>, "rows">): DashboardPanel<Q>[] {
  return dashboard.rows.flatMap((row) => [...row.panels]);
}

/** One member of a service dashboard: a component's dashboard and the label its panels get. */
export interface ServiceDashboardMember<Q, A extends AlertDefinition = AlertDefinition> {
  /** Prefixed to each panel title, e.g. `rds-postgres`. */
  readonly label: string;
  /** The component's dashboard. */
  readonly dashboard: GoldenSignalDashboard<Q, A>;
}

/**
 * A service's dashboard from its components' dashboards: for each golden
 * signal, one row with every member's panels of that signal (titled
 * `<label>: <title>`), preceded by the service's own panels, and one
 * alert-state row with every member's alerts.
 */
export function serviceDashboard<Q, A extends AlertDefinition = AlertDefinition>(
  title: string,
  members: readonly ServiceDashboardMember<Q, A>[],
  own: { readonly panels?: readonly DashboardPanel<Q>[]; readonly alerts?: readonly A[] } = {},
): GoldenSignalDashboard<Q, A> {
  const panels = [...(own.panels ?? []), ...members.flatMap((m) => panelsOf(m.dashboard).map((p) => ({ ...p, title: `${m.label}: ${p.title}` })))];
  return {
    title,
    rows: rowsOf(panels),
    alerts: [...(own.alerts ?? []), ...members.flatMap((m) => m.dashboard.alerts)],
    unavailable: members.flatMap((m) => m.dashboard.unavailable),
  };
}
