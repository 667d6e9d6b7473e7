import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { fitName, NAMING_RULES } from "../../core/naming";
import type { AwsAccount } from "./account";
import { SecureBucket } from "./bucket";
import { ServiceRole } from "./iam";
import type { EncryptionKey } from "./kms";

/**
 * Fewest days an object stays in S3 Glacier Deep Archive before a deletion
 * costs nothing extra (Amazon S3 User Guide, "Amazon S3 storage classes":
 * 180-day minimum storage duration; Glacier Flexible Retrieval has 90).
 */
export const DEEP_ARCHIVE_MINIMUM_DAYS = 180;

/** Key prefix of the archived log objects (Firehose's timestamp namespace, UTC). */
const ARCHIVE_PREFIX = "cloudwatch-logs/!{timestamp:yyyy/MM/dd}/";

/** Props of {@link LogArchive}. */
export interface LogArchiveProps {
  /** Account, partition and Region. */
  readonly account: AwsAccount;
  /** Prefix of the bucket, stream and role names (`<service>-<environment>`). */
  readonly namePrefix: string;
  /** Days logs stay searchable in CloudWatch Logs: the archive copy moves to cold storage after them. */
  readonly searchableDays: number;
  /** Days each archived object is kept in all, locked for all of them. */
  readonly totalDays: number;
  /** COMPLIANCE (nobody can delete early) or GOVERNANCE Object Lock. */
  readonly lockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Refuse to destroy the bucket. */
  readonly preventDestroy: boolean;
  /** Key encrypting the archived objects (the platform's logs key). */
  readonly key: EncryptionKey;
}

/**
 * The archive of the workloads' logs: each log group's subscription filter
 * sends every line to one Amazon Data Firehose stream that writes them, as
 * CloudWatch Logs delivers them (gzip-compressed JSON batches), to an S3
 * bucket with Object Lock default retention for the whole archive period,
 * versioning and SSE-KMS, moved to Glacier when they leave the searchable
 * store, expired when the period ends. The roles follow the CloudWatch Logs
 * User Guide, "Subscription filters with Amazon Data Firehose", with the
 * actions on exactly this stream and bucket.
 */
export class LogArchive extends Construct {
  /** The archive bucket. */
  public readonly bucket: SecureBucket;
  /** The Firehose stream. */
  public readonly stream: KinesisFirehoseDeliveryStream;
  /** The storage class archived logs move to after the searchable days. */
  public readonly storageClass: "GLACIER" | "DEEP_ARCHIVE";
  private readonly toFirehose: ServiceRole;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const { account } = props;
    const coldDays = props.totalDays - props.searchableDays;
    // Deep Archive when the logs stay there past its minimum duration, else Glacier Flexible Retrieval.
    this.storageClass = coldDays >= DEEP_ARCHIVE_MINIMUM_DAYS ? "DEEP_ARCHIVE" : "GLACIER";
    this.bucket = new SecureBucket(this, "bucket", {
      namePrefix: `${props.namePrefix}-log-archive-`,
      kmsKeyArn: props.key.arn,
      expireAfterDays: props.totalDays,
      transitions: [{ days: props.searchableDays, storageClass: this.storageClass }],
      objectLock: { mode: props.lockMode, days: props.totalDays },
      preventDestroy: props.preventDestroy,
    });

    const streamName = fitName([props.namePrefix, "log-archive"], NAMING_RULES.awsIamRole);
    const streamArn = `arn:${account.partition}:firehose:${account.region}:${account.accountId}:deliverystream/${streamName}`;
    const toS3 = new ServiceRole(this, "firehose-role", {
      account,
      nameParts: [props.namePrefix, "log-archive-firehose"],
      assumedBy: ["firehose.amazonaws.com"],
      trustConditions: [{ test: "StringEquals", variable: "sts:ExternalId", values: [account.accountId] }],
      inlineStatements: [
        {
          sid: "WriteArchive",
          actions: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        },
        {
          sid: "EncryptArchive",
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [props.key.arn],
          condition: [
            { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${account.region}.${account.dnsSuffix}`] },
            { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [`${this.bucket.arn}/*`] },
          ],
        },
      ],
    });
    this.stream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name: streamName,
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      extendedS3Configuration: {
        roleArn: toS3.arn,
        bucketArn: this.bucket.arn,
        prefix: ARCHIVE_PREFIX,
        errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
        // CloudWatch Logs already gzips what it sends; compressing again would only cost CPU.
        compressionFormat: "UNCOMPRESSED",
        kmsKeyArn: props.key.arn,
        bufferingSize: 64,
        bufferingInterval: 300,
      },
      dependsOn: [this.bucket.policy, ...(toS3.inlinePolicy ? [toS3.inlinePolicy] : [])],
    });
    this.toFirehose = new ServiceRole(this, "logs-role", {
      account,
      nameParts: [props.namePrefix, "log-archive-logs"],
      assumedBy: [`logs.${account.region}.${account.dnsSuffix}`],
      trustConditions: [{ test: "StringLike", variable: "aws:SourceArn", values: [`arn:${account.partition}:logs:${account.region}:${account.accountId}:*`] }],
      inlineStatements: [{ sid: "SendToArchive", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [streamArn] }],
    });
  }

  /** Archives every line of `logGroup` (a subscription filter with an empty pattern) under `scope`. */
  public subscribe(scope: Construct, id: string, logGroup: CloudwatchLogGroup): CloudwatchLogSubscriptionFilter {
    return new CloudwatchLogSubscriptionFilter(scope, id, {
      name: "vigil-log-archive",
      logGroupName: logGroup.name,
      filterPattern: "",
      destinationArn: this.stream.arn,
      roleArn: this.toFirehose.arn,
      // CloudWatch Logs checks at creation that it may put records to the stream.
      dependsOn: [logGroup, this.stream, ...(this.toFirehose.inlinePolicy ? [this.toFirehose.inlinePolicy] : [])],
    });
  }
}
