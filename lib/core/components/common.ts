import type { AlertDefinition, AlertOverride } from "../../observability/alert";
import type { SizeClass } from "../environment";

/** Props every data component shares. */
export interface ComponentBaseProps {
  /**
   * Name of the cloud resource (cluster, domain, instance).
   * @default - `<service>-<environment>` (fitted to the cloud's naming rules)
   */
  readonly name?: string;
  /** Size class, mapped by each target to its instance / machine types. @default - the profile's node size (dev small, staging medium, prod large) */
  readonly size?: SizeClass;
  /** Overrides of the component's default alerts, by alert id. @default - none */
  readonly alerts?: Readonly<Record<string, AlertOverride>>;
}

/** What every built component exposes. */
export interface ComponentHandle {
  /** Component kind, e.g. `kafka`, `postgres` (the runbook folder of its alerts). */
  readonly component: string;
  /** Name of the cloud resource. */
  readonly name: string;
  /** The alerts deployed for it, after the user's overrides. */
  readonly alerts: readonly AlertDefinition[];
  /** Name of its dashboard. */
  readonly dashboardName: string;
}
