import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { NetworkSecurityGroup, networkSecurityGroupSecurityRuleToTerraform } from "@cdktf/provider-azurerm/lib/network-security-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { sendDiagnostics } from "./diagnostic-settings";

/**
 * Priority of the explicit deny-all inbound rule: 4096, the last one a
 * custom rule can take (custom rules run 100-4096, lower first; Microsoft
 * Learn, "Network security groups: security rules"). It sits below every
 * allow rule and above Azure's default rules (65000-65500).
 */
export const NSG_DENY_ALL_PRIORITY = 4096;

/** First priority of the rules added with {@link AzureSubnetSecurityGroup.allowInbound}; Vigil's own take 100-999. */
const NSG_USER_RULE_FIRST_PRIORITY = 1000;

/**
 * TCP ports each service documents, by who connects. Sources: Microsoft
 * Learn — "Networking with private access (VNet integration)" for PostgreSQL
 * flexible server (port 5432 within the subnet and from clients); "Required
 * outbound network rules" for Managed Instance for Apache Cassandra,
 * section "Internal port usage" (7001 gossip, 9042 CQL, 7199, 8443, 9443
 * internal, reachable only within the VNet); the Event Hubs FAQ, "What ports
 * do I need to open on the firewall?" (AMQP 5671/5672, HTTPS 443, Kafka 9093).
 */
export const AZURE_SERVICE_PORTS = {
  postgres: ["5432"],
  cassandraClients: ["9042"],
  cassandraNodes: ["7001", "7199", "8443", "9042", "9443"],
  eventHubs: ["443", "5671", "5672", "9093"],
} as const;

/** One NSG rule, written the way it reads: who may reach what, on which ports. */
export interface AzureNsgRule {
  /** Rule name (unique in its NSG). */
  readonly name: string;
  /** Priority, 100-4096 (lower runs first). */
  readonly priority: number;
  /** Whether the rule matches traffic entering (`Inbound`) or leaving (`Outbound`) the subnets; Vigil's own rules are all `Inbound`. */
  readonly direction: "Inbound" | "Outbound";
  /** Allow or deny. */
  readonly access: "Allow" | "Deny";
  /** IP protocol the rule matches: `Tcp`, `Udp`, or `*` for any. */
  readonly protocol: "Tcp" | "Udp" | "*";
  /** Source CIDRs or service tags (`AzureLoadBalancer`, `*`). */
  readonly sources: readonly string[];
  /** Destination CIDRs or service tags. */
  readonly destinations: readonly string[];
  /** Destination ports or ranges (`*`, `5432`, `7000-7001`). */
  readonly ports: readonly string[];
  /** Why the rule exists. */
  readonly description: string;
}

/** Address ranges the subnet rules name. */
interface SubnetAddressRanges {
  /** AKS nodes: the block holding every node subnet. */
  readonly nodes: string;
  /** AKS pods (Azure CNI overlay). */
  readonly pods: string;
  /** The PostgreSQL delegated subnet. */
  readonly postgres: string;
  /** The Managed Cassandra subnet. */
  readonly cassandra: string;
  /** The private endpoint subnet. */
  readonly privateEndpoints: string;
}

/** The subnets Vigil secures, by purpose. */
export type SubnetPurpose = "aks" | "postgres" | "cassandra" | "privateEndpoints";

const allow = (priority: number, name: string, sources: readonly string[], destinations: readonly string[], ports: readonly string[], protocol: AzureNsgRule["protocol"], description: string): AzureNsgRule => ({
  name,
  priority,
  direction: "Inbound",
  access: "Allow",
  protocol,
  sources,
  destinations,
  ports,
  description,
});

/**
 * Azure Load Balancer health probes come from 168.63.129.16 (the
 * `AzureLoadBalancer` tag), which only the Azure platform can send from
 * (Microsoft Learn, "What is IP address 168.63.129.16?"). Azure's default
 * rule 65001 lets them in; the deny-all rule would stop them, so every
 * subnet keeps them explicitly: LoadBalancer Services on AKS and the
 * VNet-injected services rely on them.
 */
const loadBalancerProbes = (destination: string): AzureNsgRule =>
  allow(900, "AllowAzureLoadBalancerInbound", ["AzureLoadBalancer"], [destination], ["*"], "*", "Azure Load Balancer health probes (168.63.129.16)");

/**
 * The inbound rules of one subnet: what its service documents it needs,
 * then an explicit deny of everything else at {@link NSG_DENY_ALL_PRIORITY}.
 *
 * "Default deny" here means more than Azure's own defaults: those allow any
 * traffic from the `VirtualNetwork` tag (the VNet, peered VNets, on-premises
 * through a gateway) at 65000. The deny-all rule overrides that, so a subnet
 * accepts only the flows named above it — PostgreSQL and Cassandra are
 * reachable from the AKS nodes and from their own subnet, not from the other
 * data subnets or a peered network. Outbound is left at Azure's defaults:
 * AKS and Managed Cassandra depend on FQDNs that NSGs cannot express
 * (Microsoft Learn, "Outbound network and FQDN rules for AKS clusters");
 * the PostgreSQL and private endpoint subnets have no way out to the
 * internet (no NAT gateway, no default outbound access); and traffic to
 * another subnet is stopped at that subnet's inbound rules.
 */
export function subnetInboundRules(purpose: SubnetPurpose, r: SubnetAddressRanges): AzureNsgRule[] {
  const rules: Record<SubnetPurpose, AzureNsgRule[]> = {
    // Azure CNI overlay: pod traffic is not encapsulated, so the subnet NSG sees it; Microsoft Learn,
    // "Azure CNI Overlay networking: network security groups" lists these three flows.
    aks: [
      allow(100, "AllowNodesToNodes", [r.nodes], [r.nodes], ["*"], "*", "AKS nodes to nodes, all ports (Azure CNI overlay requirement)"),
      allow(110, "AllowNodesToPods", [r.nodes], [r.pods], ["*"], "*", "AKS nodes to pods, all ports: service traffic routing (Azure CNI overlay requirement)"),
      allow(120, "AllowPodsToPods", [r.pods], [r.pods], ["*"], "*", "pods to pods, all ports: pod-to-pod and pod-to-service traffic, DNS included (Azure CNI overlay requirement)"),
      loadBalancerProbes(r.nodes),
    ],
    postgres: [
      allow(100, "AllowPostgresFromAksNodes", [r.nodes], [r.postgres], AZURE_SERVICE_PORTS.postgres, "Tcp", "clients in AKS (pod traffic leaves with its node's address)"),
      allow(110, "AllowPostgresWithinSubnet", [r.postgres], [r.postgres], AZURE_SERVICE_PORTS.postgres, "Tcp", "high availability: primary and standby replicate on 5432 within the delegated subnet"),
      loadBalancerProbes(r.postgres),
    ],
    cassandra: [
      allow(100, "AllowCqlFromAksNodes", [r.nodes], [r.cassandra], AZURE_SERVICE_PORTS.cassandraClients, "Tcp", "CQL clients in AKS"),
      allow(110, "AllowCassandraNodesWithinSubnet", [r.cassandra], [r.cassandra], AZURE_SERVICE_PORTS.cassandraNodes, "Tcp", "gossip (7001), CQL (9042) and the service's internal ports (7199, 8443, 9443) between the nodes"),
      loadBalancerProbes(r.cassandra),
    ],
    privateEndpoints: [
      allow(100, "AllowEventHubsFromAksNodes", [r.nodes], [r.privateEndpoints], AZURE_SERVICE_PORTS.eventHubs, "Tcp", "Event Hubs clients in AKS: Kafka 9093, AMQP 5671/5672, HTTPS 443"),
      loadBalancerProbes(r.privateEndpoints),
    ],
  };
  return [
    ...rules[purpose],
    { name: "DenyAllInbound", priority: NSG_DENY_ALL_PRIORITY, direction: "Inbound", access: "Deny", protocol: "*", sources: ["*"], destinations: ["*"], ports: ["*"], description: "default deny: everything not allowed above, VNet-internal traffic included" },
  ];
}

/** An inbound allowance added with {@link AzureSubnetSecurityGroup.allowInbound}. */
export interface AzureInboundAllowance {
  /** Rule name: letters, digits, `_.-`, up to 80 characters. */
  readonly name: string;
  /** Source CIDRs or service tags (e.g. `Internet` for a public LoadBalancer Service, a peered VNet's range). */
  readonly sources: readonly string[];
  /** Destination ports or ranges. */
  readonly ports: readonly string[];
  /** Protocol. @default "Tcp" */
  readonly protocol?: "Tcp" | "Udp" | "*";
  /** Why the flow is allowed (shown on the rule). @default - none */
  readonly description?: string;
}

/** Props of {@link AzureSubnetSecurityGroup}. */
export interface AzureSubnetSecurityGroupProps {
  /** NSG name. */
  readonly name: string;
  /** Region. */
  readonly location: string;
  /** Resource group of the NSG. */
  readonly resourceGroupName: string;
  /** The rules (see {@link subnetInboundRules}). */
  readonly rules: readonly AzureNsgRule[];
  /** Subnets the NSG is associated with. */
  readonly subnets: readonly Subnet[];
  /** Log Analytics workspace for its diagnostic setting. */
  readonly workspaceId: string;
  /** Tags on the NSG. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The provider's shape of one rule. */
function renderRule(rule: AzureNsgRule): Record<string, unknown> {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : undefined);
  const many = (values: readonly string[]) => (values.length === 1 ? undefined : [...values]);
  return networkSecurityGroupSecurityRuleToTerraform({
    name: rule.name,
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    description: rule.description,
    sourcePortRange: "*",
    sourceAddressPrefix: one(rule.sources),
    sourceAddressPrefixes: many(rule.sources),
    destinationAddressPrefix: one(rule.destinations),
    destinationAddressPrefixes: many(rule.destinations),
    destinationPortRange: one(rule.ports),
    destinationPortRanges: many(rule.ports),
  });
}

/**
 * A network security group on one or more subnets: its rules inline (one
 * resource, so the deny rule never exists without the allows above it), an
 * association per subnet and a diagnostic setting. More inbound flows can be
 * allowed until synth with {@link AzureSubnetSecurityGroup.allowInbound}.
 */
export class AzureSubnetSecurityGroup extends Construct {
  /** The NSG. */
  public readonly securityGroup: NetworkSecurityGroup;
  /** Its subnet associations (what a service in those subnets should wait for). */
  public readonly associations: readonly SubnetNetworkSecurityGroupAssociation[];
  /** NSG name. */
  public readonly name: string;
  private readonly rules: readonly AzureNsgRule[];
  private readonly added: AzureNsgRule[] = [];
  private readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: AzureSubnetSecurityGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.rules = props.rules;
    this.securityGroup = new NetworkSecurityGroup(this, "nsg", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      securityRule: Lazy.anyValue({ produce: () => [...this.rules, ...this.added].map(renderRule) }),
      tags: { ...props.tags },
    });
    this.associations = props.subnets.map((subnet) => new SubnetNetworkSecurityGroupAssociation(this, `${subnet.node.id}-association`, { subnetId: subnet.id, networkSecurityGroupId: this.securityGroup.id }));
    sendDiagnostics(this, this.securityGroup, props.workspaceId);
    this.node.addValidation({ validate: () => this.problems });
  }

  /** Every rule, Vigil's and the added ones, in priority order. */
  public get allRules(): readonly AzureNsgRule[] {
    return [...this.rules, ...this.added].sort((a, b) => a.priority - b.priority);
  }

  /**
   * Allows one more inbound flow into the subnets, above the deny-all rule
   * (priorities from 1000 in the order of the calls). Use it for what Vigil
   * cannot know: a public LoadBalancer Service on AKS (`Internet`), clients
   * in a peered VNet or on premises.
   */
  public allowInbound(allowance: AzureInboundAllowance): void {
    const where = `\`allowInbound("${allowance.name}")\``;
    const priority = NSG_USER_RULE_FIRST_PRIORITY + 10 * this.added.length;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/.test(allowance.name)) this.problems.push(`${where}: the name must be 1-80 letters, digits and _.-, starting with a letter or digit and not ending with '.' or '-'`);
    if (this.allRules.some((r) => r.name === allowance.name)) this.problems.push(`${where}: ${this.name} already has a rule of that name; pick another`);
    if (allowance.sources.length === 0) this.problems.push(`${where}: \`sources\` is empty; name the CIDRs or service tags allowed in`);
    if (allowance.ports.length === 0) this.problems.push(`${where}: \`ports\` is empty; list the ports, or "*" for all`);
    if ((allowance.description ?? "").length > 140) this.problems.push(`${where}: \`description\` is ${allowance.description!.length} characters; Azure allows 140`);
    if (priority >= NSG_DENY_ALL_PRIORITY) this.problems.push(`${where}: too many added rules (priority ${priority}); merge sources or ports into fewer rules`);
    this.added.push(allow(priority, allowance.name, allowance.sources, ["*"], allowance.ports, allowance.protocol ?? "Tcp", allowance.description ?? "added with allowInbound"));
  }
}
