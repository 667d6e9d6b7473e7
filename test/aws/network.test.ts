import { resourceBodies, onlyResource } from "../../lib/testing";
import { awsSubnetLayout } from "../../lib/aws/network";
import { cidrsOverlap, parseCidr, Ipv4Cidr } from "../../lib/core/cidr";
import { ENVIRONMENTS } from "../support";
import { targetSynth } from "../harness";

describe("AWS network", () => {
  test.each(ENVIRONMENTS)("%s: VPC with a private and a public subnet in each of 3 zones", (env) => {
    const synth = targetSynth("aws", env);
    const vpc = onlyResource(synth, "aws_vpc");
    expect(vpc.cidr_block).toBe("10.0.0.0/16");
    expect(vpc.enable_dns_hostnames).toBe(true);
    const subnets = resourceBodies(synth, "aws_subnet");
    const priv = subnets.filter((s) => (s.tags as Record<string, string>)["kubernetes.io/role/internal-elb"] === "1");
    const pub = subnets.filter((s) => (s.tags as Record<string, string>)["kubernetes.io/role/elb"] === "1");
    expect(priv).toHaveLength(3);
    expect(pub).toHaveLength(3);
    // Each subnet sits in a different zone: element 0, 1, 2 of the available zones.
    expect(new Set(subnets.map((s) => s.availability_zone)).size).toBe(3);
    expect(pub.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  test("subnet layout: private /19s at the bottom, public /22s at the top, none overlapping", () => {
    const vpc = parseCidr("10.0.0.0/16") as Ipv4Cidr;
    const layout = awsSubnetLayout(vpc, 3);
    expect(layout.privateCidrs).toEqual(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
    expect(layout.publicCidrs).toEqual(["10.0.244.0/22", "10.0.248.0/22", "10.0.252.0/22"]);
    const all = [...layout.privateCidrs, ...layout.publicCidrs].map((c) => parseCidr(c) as Ipv4Cidr);
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(cidrsOverlap(all[i], all[j])).toBe(false);
  });

  test.each([
    ["dev", 1],
    ["staging", 3],
    ["prod", 3],
  ] as const)("%s: %i NAT gateway(s), every private route table sends egress through one", (env, nats) => {
    const synth = targetSynth("aws", env);
    expect(resourceBodies(synth, "aws_nat_gateway")).toHaveLength(nats);
    expect(resourceBodies(synth, "aws_eip")).toHaveLength(nats);
    const privateTables = resourceBodies(synth, "aws_route_table").filter((t) => String((t.tags as Record<string, string>).Name).includes("private"));
    expect(privateTables).toHaveLength(3);
    const targets = privateTables.map((t) => (t.route as Array<Record<string, string>>)[0].nat_gateway_id);
    expect(targets.every((id) => /aws_nat_gateway\./.test(id))).toBe(true);
    expect(new Set(targets).size).toBe(nats);
  });

  test.each([
    ["dev", 7],
    ["staging", 30],
    ["prod", 90],
  ] as const)("%s: VPC flow logs of all traffic to a KMS-encrypted log group kept %i days", (env, days) => {
    const synth = targetSynth("aws", env);
    const flowLog = onlyResource(synth, "aws_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    expect(flowLog.log_destination_type).toBe("cloud-watch-logs");
    const group = resourceBodies(synth, "aws_cloudwatch_log_group").find((g) => String(g.name).endsWith("/vpc-flow-logs"));
    expect(group).toBeDefined();
    expect(group!.retention_in_days).toBe(days);
    expect(String(group!.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
    expect(String(flowLog.log_destination)).toMatch(/^\$\{aws_cloudwatch_log_group\..*\.arn\}$/);
  });

  test("the default security group allows nothing", () => {
    const sg = onlyResource(targetSynth("aws"), "aws_default_security_group");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });
});
