import { cidrsOverlap, Ipv4Cidr, parseCidr } from "./cidr";

/**
 * Address space meant for private networks: RFC 1918's three blocks and
 * RFC 6598's shared address space (100.64.0.0/10, which clouds use for pod
 * ranges). Any other block belongs to someone on the internet.
 */
const PRIVATE_ADDRESS_SPACE: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** The prefix lengths a platform's network may have: room for a private and a public subnet per zone, and not wasteful. */
const NETWORK_PREFIX_RANGE = { min: 16, max: 20 } as const;

/**
 * The one rule for a platform's address space (`network.cidr`), the same on
 * every cloud: an IPv4 CIDR block from /16 to /20. Returns the message, or
 * undefined when it holds.
 */
export function networkCidrProblem(cidr: string): string | undefined {
  const block = parseCidr(cidr);
  if ("error" in block) return `\`network.cidr\` ${block.error}`;
  if (block.prefix < NETWORK_PREFIX_RANGE.min || block.prefix > NETWORK_PREFIX_RANGE.max) {
    return `\`network.cidr\` is ${JSON.stringify(cidr)}, a /${block.prefix}; use a /${NETWORK_PREFIX_RANGE.min} to /${NETWORK_PREFIX_RANGE.max} block (Vigil carves a subnet per zone and per data service out of it)`;
  }
  return undefined;
}

const PRIVATE_BLOCKS: readonly Ipv4Cidr[] = PRIVATE_ADDRESS_SPACE.map((c) => parseCidr(c) as Ipv4Cidr);

/** True when the whole block lies inside one private range. */
function isPrivate(block: Ipv4Cidr): boolean {
  return PRIVATE_BLOCKS.some((p) => p.prefix <= block.prefix && cidrsOverlap(p, block));
}

/**
 * The warning for a network in public address space (none for a private
 * block or one that does not parse, which is reported as an error). Such a
 * network deploys, but its hosts can no longer reach the real owners of those
 * addresses, and peering or VPN with them later collides: almost always a
 * typo for a private range.
 */
export function publicAddressSpaceWarning(cidr: string): string | undefined {
  const block = parseCidr(cidr);
  if ("error" in block || isPrivate(block)) return undefined;
  return `[vigil:publicAddressSpace] \`network.cidr\` is ${JSON.stringify(cidr)}, public address space: hosts in the network could not reach its real owners on the internet; use a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)`;
}
