/**
 * IPv4 CIDR arithmetic done in TypeScript (not with Terraform's `cidrsubnet`)
 * so that subnet layouts are known, validated and testable at synth.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an error message instead of throwing. */
export function parseCidr(value: string): Ipv4Cidr | { error: string } {
  const m = CIDR_PATTERN.exec(value);
  if (!m) return { error: `"${value}" is not an IPv4 CIDR block; write it as a.b.c.d/n, e.g. "10.0.0.0/16"` };
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return { error: `"${value}" has an octet above 255` };
  if (prefix > 32) return { error: `"${value}" has a prefix length above 32` };
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) {
    const network = formatCidr({ network: (address & mask) >>> 0, prefix });
    return { error: `"${value}" has host bits set; the network address is "${network}"` };
  }
  return { network: address, prefix };
}

/** True when `value` parses as a network-aligned IPv4 CIDR. */
export function isCidr(value: string): boolean {
  return !("error" in parseCidr(value));
}

/** Formats a parsed block back to `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/** Same as Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(base: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefix = base.prefix + newBits;
  if (prefix > 32) throw new Error(`cannot add ${newBits} bits to /${base.prefix}`);
  if (netNum < 0 || netNum >= 2 ** newBits) throw new Error(`netnum ${netNum} does not fit in ${newBits} bits`);
  const network = (base.network + netNum * 2 ** (32 - prefix)) >>> 0;
  return { network, prefix };
}

/** True when two blocks share any address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const size = (c: Ipv4Cidr) => 2 ** (32 - c.prefix);
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}
