import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";

/**
 * The account, partition and Region a platform deploys into, read once at
 * plan time so ARNs and key policies are exact (no wildcards on accounts).
 */
export class AwsAccount extends Construct {
  /** Account id (a Terraform reference). */
  public readonly accountId: string;
  /** Partition: aws, aws-cn, aws-us-gov (a Terraform reference). */
  public readonly partition: string;
  /** Partition's DNS suffix, e.g. amazonaws.com (a Terraform reference). */
  public readonly dnsSuffix: string;

  /** Region every regional resource of the platform is in. */
  public readonly region: string;

  constructor(scope: Construct, id: string, region: string) {
    super(scope, id);
    this.region = region;
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
  }

  /** ARN of an AWS managed IAM policy. */
  public managedPolicyArn(name: string): string {
    return `arn:${this.partition}:iam::aws:policy/${name}`;
  }

  /** The account root principal, which delegates key access to IAM policies. */
  public get rootPrincipal(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}
