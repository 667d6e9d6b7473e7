import { Construct } from "constructs";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import type { LogRetention } from "../../core/components/logs";
import type { EnvironmentProfile } from "../../core/environment";
import type { AwsAccount } from "./account";
import { SecureBucket } from "./bucket";
import { DEEP_ARCHIVE_MINIMUM_DAYS } from "./log-archive";

/**
 * Regions opened in or after August 2022, where load balancers deliver
 * access logs as the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal; older Regions deliver as their regional Elastic Load
 * Balancing account (Elastic Load Balancing User Guide for Application Load
 * Balancers, "Enable access logs", step 2; Terraform's
 * `aws_elb_service_account` knows those accounts).
 */
const ELB_LOG_DELIVERY_PRINCIPAL_REGIONS: readonly string[] = [
  "me-central-1", "ap-south-2", "eu-south-2", "eu-central-2", "ap-southeast-4", "il-central-1", "ca-west-1",
  "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "mx-central-1", "ap-east-2",
];

/** Props of {@link EdgeAccessLogs}. */
interface EdgeAccessLogsProps {
  /** Account, partition and Region. */
  readonly account: AwsAccount;
  /** Bucket name prefix (S3 appends a unique suffix). */
  readonly namePrefix: string;
  /** Key prefix of the load balancer's logs (no `AWSLogs`, no trailing `/`). */
  readonly prefix: string;
  /** The environment profile: searchable days, archive days, Object Lock, prevent destroy. */
  readonly profile: EnvironmentProfile;
}

/**
 * The bucket an Application Load Balancer writes its access logs to, with
 * the issue-16 archive's protections: kept `logArchiveDays` (the profile's
 * searchable days when it keeps no archive), in S3 Standard for the
 * searchable days (Athena reads them), then in Glacier (Deep Archive when
 * they stay 180 days or more), under Object Lock default retention for the
 * whole period (compliance mode in prod, governance elsewhere), versioned,
 * public access blocked, TLS only. Encrypted with SSE-S3: the only
 * server-side encryption ALB log delivery supports (the guide above,
 * "Bucket requirements"), so not the platform's KMS log key.
 */
export class EdgeAccessLogs extends Construct {
  /** The versioned SSE-S3 bucket the load balancer writes to, holding each log for the profile's `logArchiveDays` (`logRetentionDays` without an archive). */
  public readonly bucket: SecureBucket;
  /** Where and how long the logs are kept, for the entry point record. */
  public readonly retention: LogRetention;
  /** The key prefix the load balancer writes under. */
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: EdgeAccessLogsProps) {
    super(scope, id);
    const { account, profile } = props;
    this.prefix = props.prefix;
    const searchableDays = profile.logRetentionDays;
    const archived = profile.logArchiveDays > searchableDays;
    const totalDays = archived ? profile.logArchiveDays : searchableDays;
    const coldClass = totalDays - searchableDays >= DEEP_ARCHIVE_MINIMUM_DAYS ? "DEEP_ARCHIVE" : "GLACIER";
    const immutable = profile.tier === "prod";
    const lockMode = immutable ? "COMPLIANCE" : "GOVERNANCE";
    const newRegion = ELB_LOG_DELIVERY_PRINCIPAL_REGIONS.includes(account.region);
    const elbAccount = newRegion ? undefined : new DataAwsElbServiceAccount(this, "elb-account", {});
    const objects = (bucketArn: string) => `${bucketArn}/${props.prefix}/AWSLogs/${account.accountId}/*`;
    this.bucket = new SecureBucket(this, "bucket", {
      namePrefix: props.namePrefix,
      expireAfterDays: totalDays,
      transitions: archived ? [{ days: searchableDays, storageClass: coldClass }] : [],
      objectLock: archived ? { mode: lockMode, days: totalDays } : undefined,
      versioned: true,
      preventDestroy: profile.preventDestroy,
      policyStatements: (bucketArn) => [
        {
          sid: "ElbAccessLogDelivery",
          principals: newRegion
            ? [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]
            : [{ type: "AWS", identifiers: [elbAccount!.arn] }],
          actions: ["s3:PutObject"],
          resources: [objects(bucketArn)],
        },
      ],
    });
    const storage = coldClass === "DEEP_ARCHIVE" ? "S3 Glacier Deep Archive" : "S3 Glacier Flexible Retrieval";
    this.retention = {
      searchableDays,
      totalDays: archived ? totalDays : 0,
      ...(archived ? { archive: `${storage} (Object Lock, ${immutable ? "compliance" : "governance"} mode)` } : {}),
      immutable: archived && immutable,
    };
  }
}
