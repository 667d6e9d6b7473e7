import { Construct } from "constructs";
import { NotificationRouting, NotificationRoutingProps } from "../../observability/routing";
import { EnvironmentProfile, EnvironmentTier, Profile, resolveEnvironment } from "../environment";
import { SERVICE_NAME } from "../naming";
import type { Placement } from "./common";
import type { PlatformLogsProps } from "./logs";
import { DataComponentKind, PlacementDefaults, PlacementSupport, resolvePlacement } from "./placement";

/** What every platform is given. */
export interface PlatformBaseProps {
  /** Environment: "dev", "staging", "prod", or a profile made with `deriveProfile`. */
  readonly environment: EnvironmentTier | EnvironmentProfile;
  /** Service or platform name: lowercase letters, digits and "-", used in resource names and the `service` tag or label. */
  readonly service: string;
  /** Owning team, for the `owner` tag or label (e.g. "team-checkout"). */
  readonly owner: string;
  /** Notification channels, severity routes and where runbooks live. */
  readonly notifications: NotificationRoutingProps;
  /**
   * Default placement per data component kind, for the components that set
   * none (`managed` or `in-cluster`).
   * @default - the managed service where the cloud has one, else the cluster
   */
  readonly placement?: PlacementDefaults;
  /**
   * The log pipeline that collects every workload's and node's logs into the
   * target's log store, kept and archived as the profile says.
   * @default - on, with the catalog's pipeline alerts
   */
  readonly logs?: PlatformLogsProps;
}

/**
 * What every platform does first, the same way on every target: resolve the
 * environment profile (and attach it, so prod-only policy rules see it),
 * check the service and owner names and the notification routing, build
 * the routing with the environment's page downgrade, and collect problems
 * that are reported at synth, once, at the platform. It also answers where
 * a data component runs, from the placement the target supports.
 */
export abstract class PlatformBase extends Construct {
  /** Environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** Notification routing with the environment's downgrade applied. */
  public readonly routing: NotificationRouting;
  /** The platform's service name (the `service` prop). */
  public readonly service: string;
  /** Prefix of resource names: `<service>-<environment>`. */
  public readonly namePrefix: string;
  /** The notifications the platform was given: channels, severity routes, runbook base URL. */
  public readonly notifications: NotificationRoutingProps;
  /** Problems found while building, reported at synth. */
  protected readonly problems: string[];
  private readonly placementDefaults?: PlacementDefaults;

  protected constructor(scope: Construct, id: string, props: PlatformBaseProps) {
    super(scope, id);
    const { profile, problems } = resolveEnvironment(props.environment);
    this.problems = problems;
    this.profile = profile;
    Profile.attach(this, profile);
    if (!SERVICE_NAME.pattern.test(props.service)) {
      problems.push(`\`service\` ${JSON.stringify(props.service)} must be ${SERVICE_NAME.allowed} (it goes into resource names, labels and tags)`);
    }
    if (!props.owner?.trim()) problems.push('`owner` is empty; name the owning team, e.g. "team-checkout" (it becomes the owner tag or label)');
    problems.push(...NotificationRouting.validate(props.notifications));
    this.service = props.service;
    this.notifications = props.notifications;
    this.namePrefix = `${props.service}-${profile.name}`;
    this.routing = new NotificationRouting(props.notifications, profile.pageRoutesAs);
    this.placementDefaults = props.placement;
    // Problems are also found later (while components are built); all are reported at synth.
    this.node.addValidation({ validate: () => [...this.problems] });
  }

  /** Where a data component of `kind` runs here, or the one message saying why it cannot. */
  public placementOf(kind: DataComponentKind, asked: Placement | undefined): { placement: Placement; problem?: string } {
    return resolvePlacement(kind, asked, this.placementDefaults, this.placementSupport(kind));
  }

  /** What this target can build for `kind`: its managed service, and whether it runs the kind in its cluster. */
  protected abstract placementSupport(kind: DataComponentKind): PlacementSupport;
}
