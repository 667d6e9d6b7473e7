import { Construct } from "constructs";
import { Annotations, Fn } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { cidrSubnet, formatCidr, Ipv4Cidr, parseCidr } from "../core/cidr";
import { networkCidrProblem, publicAddressSpaceWarning } from "../core/network-address-space";
import { DEFAULT_NETWORK_CIDR, NetworkHandle, NetworkProps } from "../core/components/network";
import { EnvironmentProfile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { AwsAccount } from "./private/account";
import { ServiceRole } from "./private/iam";
import { encryptedLogGroup } from "./private/log-group";

/** Props of {@link AwsNetwork}. */
export interface AwsNetworkProps extends NetworkProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Environment profile (zones, NAT layout, log retention). */
  readonly profile: EnvironmentProfile;
  /** Prefix of names, e.g. `checkout-prod`. */
  readonly namePrefix: string;
  /** Cluster name, for the subnet tags the AWS Load Balancer Controller reads. */
  readonly clusterName: string;
  /** KMS key ARN encrypting the flow-log group. */
  readonly logsKeyArn: string;
}

/**
 * Private subnets get the first /3 of the VPC split in eight (/19s of a /16),
 * public subnets small blocks at the top (/22s of a /16): nodes and pods need
 * addresses, load balancers and NAT gateways few.
 */
const PRIVATE_NEW_BITS = 3;
const PUBLIC_NEW_BITS = 6;

/** Computes the subnet layout of a VPC; pure, so tests and validation can use it. */
export function awsSubnetLayout(vpc: Ipv4Cidr, zones: number): { privateCidrs: string[]; publicCidrs: string[] } {
  const privateCidrs: string[] = [];
  const publicCidrs: string[] = [];
  for (let z = 0; z < zones; z++) {
    privateCidrs.push(formatCidr(cidrSubnet(vpc, PRIVATE_NEW_BITS, z)));
    publicCidrs.push(formatCidr(cidrSubnet(vpc, PUBLIC_NEW_BITS, 2 ** PUBLIC_NEW_BITS - zones + z)));
  }
  return { privateCidrs, publicCidrs };
}

/**
 * A VPC over the profile's zones: a private and a public subnet per zone,
 * an internet gateway, NAT (one in dev, one per zone elsewhere), the default
 * security group closed, and VPC flow logs to an encrypted CloudWatch log
 * group with the profile's retention.
 */
export class AwsNetwork extends Construct implements NetworkHandle {
  /** The VPC (`aws_vpc`) over `cidr`, DNS support and hostnames on, its `Name` tag the name prefix. */
  public readonly vpc: Vpc;
  /** Private subnets, one per zone. */
  public readonly privateSubnets: Subnet[] = [];
  /** Public subnets, one per zone. */
  public readonly publicSubnets: Subnet[] = [];
  /** NAT gateways (1 or one per zone). */
  public readonly natGateways: NatGateway[] = [];
  /** The KMS-encrypted CloudWatch log group `/vigil/<namePrefix>/vpc-flow-logs` of the VPC's flow logs (all traffic), kept for the profile's `logRetentionDays`. */
  public readonly flowLogGroup: CloudwatchLogGroup;
  /** Address space. */
  public readonly cidr: string;
  /** CIDR blocks of the private subnets in zone order, known at synth: the first /3 of `cidr` in eighths (/19s of a /16); empty when `cidr` is invalid. */
  public readonly privateSubnetCidrs: string[];
  /** CIDR blocks of the public subnets in zone order, known at synth: the top 64ths of `cidr` (/22s of a /16); empty when `cidr` is invalid. */
  public readonly publicSubnetCidrs: string[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const { profile, namePrefix } = props;
    this.cidr = props.cidr ?? DEFAULT_NETWORK_CIDR;
    const parsed = parseCidr(this.cidr);
    let layout = { privateCidrs: [] as string[], publicCidrs: [] as string[] };
    const cidrProblem = networkCidrProblem(this.cidr);
    if (cidrProblem) addValidationErrors(this, [cidrProblem]);
    else if (!("error" in parsed)) layout = awsSubnetLayout(parsed, profile.zones);
    const publicSpace = publicAddressSpaceWarning(this.cidr);
    if (publicSpace) Annotations.of(this).addWarning(publicSpace);
    this.privateSubnetCidrs = layout.privateCidrs;
    this.publicSubnetCidrs = layout.publicCidrs;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: this.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: namePrefix },
    });
    // CIS AWS 5.4: the default security group allows nothing.
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-default-deny` } });

    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: namePrefix } });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: `${namePrefix}-public` },
    });

    layout.privateCidrs.forEach((privateCidr, z) => {
      const az = Fn.element(zones.names, z);
      const pub = new Subnet(this, `public-${z}`, {
        vpcId: this.vpc.id,
        cidrBlock: layout.publicCidrs[z],
        availabilityZone: az,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${namePrefix}-public-${z}`, "kubernetes.io/role/elb": "1", [`kubernetes.io/cluster/${props.clusterName}`]: "shared" },
      });
      new RouteTableAssociation(this, `public-${z}-routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(pub);
      this.privateSubnets.push(
        new Subnet(this, `private-${z}`, {
          vpcId: this.vpc.id,
          cidrBlock: privateCidr,
          availabilityZone: az,
          tags: { Name: `${namePrefix}-private-${z}`, "kubernetes.io/role/internal-elb": "1", [`kubernetes.io/cluster/${props.clusterName}`]: "shared" },
        }),
      );
    });

    const natCount = profile.natGateways === "per-zone" ? this.publicSubnets.length : Math.min(1, this.publicSubnets.length);
    for (let n = 0; n < natCount; n++) {
      const eip = new Eip(this, `nat-${n}-address`, { domain: "vpc", tags: { Name: `${namePrefix}-nat-${n}` } });
      this.natGateways.push(
        new NatGateway(this, `nat-${n}`, {
          allocationId: eip.allocationId,
          subnetId: this.publicSubnets[n].id,
          tags: { Name: `${namePrefix}-nat-${n}` },
          dependsOn: [igw],
        }),
      );
    }
    this.privateSubnets.forEach((subnet, z) => {
      const nat = this.natGateways[Math.min(z, this.natGateways.length - 1)];
      const routes = new RouteTable(this, `private-${z}-routes`, {
        vpcId: this.vpc.id,
        route: nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [],
        tags: { Name: `${namePrefix}-private-${z}` },
      });
      new RouteTableAssociation(this, `private-${z}-route-association`, { subnetId: subnet.id, routeTableId: routes.id });
    });

    this.flowLogGroup = encryptedLogGroup(this, "flow-logs", {
      name: `/vigil/${namePrefix}/vpc-flow-logs`,
      retentionDays: profile.logRetentionDays,
      keyArn: props.logsKeyArn,
    });
    const flowLogRole = new ServiceRole(this, "flow-logs-role", {
      account: props.account,
      nameParts: [namePrefix, "vpc-flow-logs"],
      assumedBy: ["vpc-flow-logs.amazonaws.com"],
      inlineStatements: [
        {
          sid: "WriteFlowLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [this.flowLogGroup.arn, `${this.flowLogGroup.arn}:*`],
        },
        { sid: "FindLogGroup", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
      ],
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
  }

  /** Private subnet ids (Terraform references). */
  public get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }
}
