/** Cloud-neutral network props. */
export interface NetworkProps {
  /**
   * Address space of the network (VPC / VNet), a /16 to /20 IPv4 block.
   * Vigil carves one private and one public subnet per zone out of it.
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;
}

/** Default network address space. */
export const DEFAULT_NETWORK_CIDR = "10.0.0.0/16";

/** What a built network exposes to the components placed in it. */
export interface NetworkHandle {
  /** The network's address space. */
  readonly cidr: string;
  /** Private subnet CIDRs, one per zone, in zone order. */
  readonly privateSubnetCidrs: readonly string[];
  /** Public subnet CIDRs, one per zone, in zone order. */
  readonly publicSubnetCidrs: readonly string[];
}
