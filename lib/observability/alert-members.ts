import { createHash } from "crypto";
import { AlertDefinition, AlertOverride } from "./alert";

/**
 * One member a default alert is repeated for, where the metric is published
 * per member (a broker, a table, a consumer group): its copy gets the id
 * `<alert id>-<suffix>` and these extra dimensions (CloudWatch dimensions,
 * Cloud Monitoring filter fields, Azure Monitor dimensions).
 */
export interface AlertTarget {
  /** Id suffix, kebab-case, e.g. `broker-1`. */
  readonly suffix: string;
  /** What the summary names, e.g. `broker 1`. */
  readonly label: string;
  /** Dimensions added to the alert's own. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Turns a name into an alert id suffix: lowercase letters, digits and "-". */
export function idSuffix(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Alert ids are at most 63 characters. */
const MAX_ALERT_ID = 63;

/** `<alertId>-<suffix>`; a longer id is cut and given a short hash, stable between synths. */
export function memberAlertId(alertId: string, suffix: string): string {
  const id = `${alertId}-${suffix}`;
  if (id.length <= MAX_ALERT_ID) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 8);
  return `${id.slice(0, MAX_ALERT_ID - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** A default alert of a component, and the members it is repeated for. */
export interface AlertTemplate<A extends AlertDefinition = AlertDefinition> {
  /** The alert; overrides address it by this id. */
  readonly alert: A;
  /** Members, when the metric is published per member. @default - one alert on the alert's own dimensions */
  readonly targets?: readonly AlertTarget[];
}

/** Ids of the alerts the user switched off (`enabled: false`). */
export function disabledAlertIds(overrides: Readonly<Record<string, AlertOverride>> = {}): string[] {
  return Object.entries(overrides)
    .filter(([, o]) => o.enabled === false)
    .map(([id]) => id);
}
