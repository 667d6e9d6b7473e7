import { NotificationChannel, validateChannel } from "./channels";
import { deliveredSeverity, isSeverity, Severity, SEVERITIES } from "./severity";

/**
 * Notification routing: named channels, and which channels each severity
 * reaches. The same model drives every cloud's native mechanism (SNS,
 * notification channels, action groups) and Alertmanager.
 */
export interface NotificationRoutingProps {
  /** Channels by name; the names are used in `routes` and become construct ids. */
  readonly channels: Readonly<Record<string, NotificationChannel>>;
  /**
   * Channel names per severity, e.g. `{ page: ["pagerduty", "slack"], ticket: ["issues"] }`.
   * @default - info reaches nobody; page and ticket must be given
   */
  readonly routes: Readonly<Partial<Record<Severity, readonly string[]>>>;
  /** Base HTTPS URL under which runbooks live: `<base>/<component>/<alert-id>.md`. */
  readonly runbookBaseUrl: string;
}

/** A validated routing model with the environment's page downgrade applied. */
export class NotificationRouting {
  /** Checks the props; returns every problem found. */
  public static validate(props: NotificationRoutingProps): string[] {
    const problems: string[] = [];
    const names = Object.keys(props.channels ?? {});
    for (const [name, channel] of Object.entries(props.channels ?? {})) {
      if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) {
        problems.push(`\`channels.${name}\`: a channel name must be 1-40 lowercase letters, digits or "-", starting with a letter`);
      }
      problems.push(...validateChannel(name, channel));
    }
    for (const [severity, routed] of Object.entries(props.routes ?? {})) {
      if (!isSeverity(severity)) {
        problems.push(`\`routes.${severity}\` is not a severity; use page, ticket or info`);
        continue;
      }
      for (const name of routed ?? []) {
        if (!names.includes(name)) {
          problems.push(`\`routes.${severity}\` names channel "${name}", which is not in \`channels\` (${names.join(", ") || "none"}); add it or fix the name`);
        }
      }
    }
    for (const severity of ["page", "ticket"] as const) {
      if (!props.routes?.[severity]?.length) {
        problems.push(`\`routes.${severity}\` is empty; every ${severity} alert must reach at least one channel`);
      }
    }
    if (!/^https:\/\/\S+$/.test(props.runbookBaseUrl ?? "")) {
      // Said once, here: every alert's runbook URL is this base plus a path, so no alert repeats it.
      problems.push(`\`notifications.runbookBaseUrl\` is ${JSON.stringify(props.runbookBaseUrl)}, not an https URL; point it at where your runbooks are published, e.g. "https://github.com/<org>/<repo>/blob/main/runbooks"`);
    }
    return problems;
  }

  /** Channels by name. */
  public readonly channels: Readonly<Record<string, NotificationChannel>>;
  /** Base URL of runbooks. */
  public readonly runbookBaseUrl: string;

  constructor(
    private readonly props: NotificationRoutingProps,
    /** What a page is delivered as in this environment (dev: ticket). */
    public readonly pageRoutesAs: Severity,
  ) {
    this.channels = props.channels;
    this.runbookBaseUrl = props.runbookBaseUrl;
  }

  /** The severity an alert of `severity` is delivered as here. */
  public deliveredAs(severity: Severity): Severity {
    return deliveredSeverity(severity, this.pageRoutesAs);
  }

  /** Severities that receive alerts in this environment (dev has no `page`). */
  public get deliveredSeverities(): Severity[] {
    return SEVERITIES.filter((s) => SEVERITIES.some((from) => this.deliveredAs(from) === s));
  }

  /**
   * Every declared channel a route names, under any severity, by name. These
   * are the channels a target must be able to deliver, in every environment
   * alike (dev's pages arrive as tickets, but its configuration is checked as
   * prod's is), so a delivery detail missing in prod already fails in dev.
   */
  public get routedChannels(): Readonly<Record<string, NotificationChannel>> {
    const names = new Set(Object.values(this.props.routes ?? {}).flatMap((names) => names ?? []));
    return Object.fromEntries(Object.entries(this.channels).filter(([name]) => names.has(name)));
  }

  /** Channel names that a delivered severity's route lists; an alert of severity `s` reaches `routeOf(deliveredAs(s))`. */
  public routeOf(delivered: Severity): string[] {
    return [...(this.props.routes[delivered] ?? [])];
  }
}
