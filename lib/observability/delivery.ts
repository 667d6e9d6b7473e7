import { AzureRoleChannel, CHANNEL_KIND_NAMES, ChannelKind, httpsUrlProblem, isSecretReference, NotificationChannel, secretReferenceProblem } from "./channels";
import type { NotificationRouting } from "./routing";

// A channel says where people are reached; each target's `delivery` prop says
// how that target reaches them. These helpers check the two against each other
// the same way on every target; the targets word the reasons.

/**
 * One map of a target's `delivery` prop keyed by channel name (e.g. AWS's
 * `delivery.slack.channelIds`), with the kinds of channel its keys may name.
 */
interface DeliveryMap {
  /** Path of the map in the platform props, e.g. "delivery.slack.channelIds". */
  readonly prop: string;
  /** The map as the user gave it. */
  readonly entries: Readonly<Record<string, unknown>> | undefined;
  /** Kinds of channel a key may name. */
  readonly kinds: readonly ChannelKind[];
  /** Checks one value; `where` is its prop, quoted. @default - no check */
  readonly check?: (where: string, value: unknown) => string | undefined;
}

/**
 * Problems with the entries of delivery maps: an entry naming no channel in
 * `notifications.channels`, or a channel of another kind (a typo there would
 * otherwise leave a routed channel reported as missing its detail, or a
 * detail silently unused); otherwise what the map's `check` finds.
 */
export function deliveryMapProblems(channels: Readonly<Record<string, NotificationChannel>>, maps: readonly DeliveryMap[]): string[] {
  const problems: string[] = [];
  for (const map of maps) {
    const wanted = map.kinds.map((k) => CHANNEL_KIND_NAMES[k]).join(" or ");
    for (const [name, value] of Object.entries(map.entries ?? {})) {
      const channel = channels[name];
      if (!channel) {
        const candidates = Object.entries(channels).filter(([, c]) => map.kinds.includes(c.kind)).map(([n]) => n);
        problems.push(`\`${map.prop}.${name}\` names no channel in \`notifications.channels\` (channels it may name: ${candidates.join(", ") || "none"}); fix the name or remove the entry`);
      } else if (!map.kinds.includes(channel.kind)) {
        problems.push(`\`${map.prop}.${name}\` is for ${wanted}, but \`channels.${name}\` is ${CHANNEL_KIND_NAMES[channel.kind] ?? channel.kind}; remove the entry`);
      } else {
        const problem = map.check?.(`\`${map.prop}.${name}\``, value);
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}

/** The routed channels of one kind, by name. */
export function routedOfKind<K extends ChannelKind>(routing: NotificationRouting, kind: K): Array<[string, Extract<NotificationChannel, { kind: K }>]> {
  return Object.entries(routing.routedChannels).filter((e): e is [string, Extract<NotificationChannel, { kind: K }>] => e[1].kind === kind);
}

/**
 * The message for a routed Azure role on a target other than Azure: only
 * Azure Monitor can email a role's members, and nothing else stands for it.
 */
export function azureRoleNotDeliverable(name: string, channel: AzureRoleChannel, platform: string): string {
  return `\`channels.${name}\` is an Azure role (${channel.role}): only Azure Monitor can email a role's members, so the ${platform} cannot deliver it; route an email address (the team's list) instead in the notifications this platform gets, and keep the role for the AzurePlatform`;
}

/** Checks a relay URL: https when in clear, a named secret otherwise. */
export function checkRelayUrl(where: string, url: unknown): string | undefined {
  return typeof url === "string" ? httpsUrlProblem(where, url) : secretReferenceProblem(where, url, "vigil/checkout/relay-url");
}

/** A check that a value is a secret reference, with `example` as the suggested name. */
export function checkSecretReference(example: string): (where: string, ref: unknown) => string | undefined {
  return (where, ref) => secretReferenceProblem(where, ref, example);
}

/**
 * Routed webhook and issue channels that send a bearer token on a target
 * that cannot send one (SNS, Cloud Monitoring and action group webhooks post
 * to a URL alone) and have no URL of their own for that target in
 * `delivery.webhook.urls`: posting without the token would be refused.
 * `why` says what the target's mechanism does instead.
 */
export function bearerTokenProblems(routing: NotificationRouting, urls: Readonly<Record<string, unknown>> | undefined, platform: string, why: string): string[] {
  return Object.entries(routing.routedChannels).flatMap(([name, channel]) => {
    if ((channel.kind !== "webhook" && channel.kind !== "issue") || channel.bearerToken === undefined || urls?.[name] !== undefined) return [];
    // A token given in clear is reported where it is written (`channels.<name>.bearerToken`); fix that first.
    if (!isSecretReference(channel.bearerToken)) return [];
    return [
      `\`channels.${name}\` sends a \`bearerToken\`, which ${why}; set \`delivery.webhook.urls.${name}\` on the ${platform}: secret(...) holding the URL this endpoint accepts with its credential in it`,
    ];
  });
}
