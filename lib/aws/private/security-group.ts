import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { AwsNetwork } from "../network";

/** Props of {@link vpcOnlySecurityGroup}. */
interface VpcOnlySecurityGroupProps {
  /** Security group name. */
  readonly name: string;
  /** What it guards, shown in the console. */
  readonly description: string;
  /** The VPC whose address space may connect. */
  readonly network: AwsNetwork;
  /** TCP ports (or `[from, to]` ranges) opened to the VPC, each with why. */
  readonly ports: readonly { readonly port: number | readonly [number, number]; readonly why: string }[];
}

/**
 * A security group for a data service that accepts TCP on the given ports
 * from the VPC's address space only (the EKS nodes and pods live there) and
 * has no egress rule: managed data services answer on established
 * connections and open none of their own.
 */
export function vpcOnlySecurityGroup(scope: Construct, id: string, props: VpcOnlySecurityGroupProps): SecurityGroup {
  const group = new SecurityGroup(scope, id, {
    name: props.name,
    description: props.description,
    vpcId: props.network.vpc.id,
    tags: { Name: props.name },
    // No inline rules: they would fight the standalone rules below. Terraform
    // removes the allow-all egress rule AWS adds to a new group.
  });
  for (const { port, why } of props.ports) {
    const [from, to] = typeof port === "number" ? [port, port] : port;
    new VpcSecurityGroupIngressRule(scope, `${id}-ingress-${from}`, {
      securityGroupId: group.id,
      ipProtocol: "tcp",
      fromPort: from,
      toPort: to,
      cidrIpv4: props.network.cidr,
      description: why,
    });
  }
  return group;
}
