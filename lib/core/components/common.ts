import type { AlertDefinition, AlertOverride } from "../../observability/alert";
import type { ComponentKind } from "../../observability/alert-catalog";
import type { UnavailableAlert } from "../../observability/alert-binding";
import type { SizeClass } from "../environment";

/**
 * Where a component runs: on the cloud's managed service, or in the
 * platform's Kubernetes cluster through an operator (Strimzi, K8ssandra,
 * ECK, CloudNativePG).
 */
export type Placement = "managed" | "in-cluster";

/** What only one target has for a component: its own alerts (the escape hatch of the shared props). */
export interface TargetComponentOptions {
  /**
   * Overrides of the alerts only this target has, by the target's alert id
   * (docs/alerts.md lists them), thresholds in the unit each alert states.
   * @default - none
   */
  readonly alerts?: Readonly<Record<string, AlertOverride>>;
}

/** Props every data component shares; `Id` is the component kind's canonical alert id. */
export interface ComponentBaseProps<Id extends string = string> {
  /**
   * Name of the cloud resource (cluster, domain, instance).
   * @default - `<service>-<environment>` (fitted to the cloud's naming rules)
   */
  readonly name?: string;
  /** Size class, mapped by each target to its instance / machine types. @default - the profile's node size (dev small, staging medium, prod large) */
  readonly size?: SizeClass;
  /**
   * Where the component runs. `in-cluster` puts it in the platform's
   * Kubernetes cluster (its operators and objects go to the platform's
   * in-cluster stack); a target without a managed service for the component
   * accepts only `in-cluster`.
   * @default - the platform's default placement for the kind: the managed service where the cloud has one
   */
  readonly placement?: Placement;
  /**
   * Overrides of the component's canonical alerts, by canonical id, with
   * thresholds in the catalog's units (percent 0-100, seconds, counts): the
   * same override means the same on every target (docs/alerts.md).
   * @default - none
   */
  readonly alerts?: Readonly<Partial<Record<Id, AlertOverride>>>;
  /** AWS only: overrides of the alerts only AWS has. @default - none */
  readonly aws?: TargetComponentOptions;
  /** GCP only: overrides of the alerts only GCP has. @default - none */
  readonly gcp?: TargetComponentOptions;
  /** Azure only: overrides of the alerts only Azure has. @default - none */
  readonly azure?: TargetComponentOptions;
  /** In-cluster only (any platform that places the component in its cluster): overrides of the alerts only the operators' metrics have. @default - none */
  readonly kubernetes?: TargetComponentOptions;
}

/** What every built component exposes. */
export interface ComponentHandle {
  /** Canonical component kind (`postgres`, `kafka`, ...): its alert catalog. */
  readonly kind: ComponentKind;
  /** The implementation, e.g. `rds-postgres`, `postgres-cnpg` (the runbook folder of its alerts). */
  readonly component: string;
  /** Name of the cloud resource. */
  readonly name: string;
  /** The alerts deployed for it, after the user's overrides. */
  readonly alerts: readonly AlertDefinition[];
  /** Canonical alerts this target cannot provide for it, with the reason. */
  readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of its dashboard. */
  readonly dashboardName: string;
}
