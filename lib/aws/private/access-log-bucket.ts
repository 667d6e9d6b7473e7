import { Construct } from "constructs";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { AwsAccount } from "./account";
import { ArchiveTransition, SecureBucket } from "./bucket";

/** Key prefix of the access log objects in the log bucket. */
const ACCESS_LOG_PREFIX = "s3-access/";

/** Props of {@link ServerAccessLogs}. */
export interface ServerAccessLogsProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** The bucket whose requests are logged. */
  readonly source: SecureBucket;
  /** Log bucket name prefix (S3 appends a unique suffix). */
  readonly namePrefix: string;
  /** Days after which log objects expire. */
  readonly expireAfterDays: number;
  /** Archive steps before expiry. @default - none */
  readonly transitions?: readonly ArchiveTransition[];
  /** Refuse to destroy the log bucket (prod audit logs). @default false */
  readonly preventDestroy?: boolean;
}

/**
 * S3 server access logging of one bucket into a dedicated log bucket:
 * versioned, public access blocked, ACLs off (bucket owner enforced), TLS
 * only, expiring on the given schedule, and a bucket policy that lets only
 * the S3 logging service write, only for the source bucket of this account.
 *
 * The log bucket is encrypted with SSE-S3 (AES-256), not SSE-KMS: a server
 * access log target bucket may use default encryption only with SSE-S3;
 * default SSE-KMS is not supported (Amazon S3 User Guide, "Enabling Amazon S3
 * server access logging"). For the same reason it gets no access logging of
 * its own (the guide: the target bucket should not have it enabled) and no
 * Object Lock (a target bucket cannot have it).
 */
export class ServerAccessLogs extends Construct {
  /** The log bucket. */
  public readonly bucket: SecureBucket;
  /** The logging configuration of the source bucket. */
  public readonly logging: S3BucketLoggingA;

  constructor(scope: Construct, id: string, props: ServerAccessLogsProps) {
    super(scope, id);
    const { account, source } = props;
    // Bucket policy of the same guide, "Grant permissions to the logging service principal by using a bucket policy".
    this.bucket = new SecureBucket(this, "bucket", {
      namePrefix: props.namePrefix,
      versioned: true,
      expireAfterDays: props.expireAfterDays,
      transitions: props.transitions,
      preventDestroy: props.preventDestroy,
      policyStatements: (bucketArn) => [
        {
          sid: "S3ServerAccessLogsPolicy",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/${ACCESS_LOG_PREFIX}*`],
          condition: [
            { test: "ArnLike", variable: "aws:SourceArn", values: [source.arn] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
          ],
        },
      ],
    });
    this.logging = new S3BucketLoggingA(this, "logging", {
      bucket: source.name,
      targetBucket: this.bucket.name,
      targetPrefix: ACCESS_LOG_PREFIX,
      // With ACLs off, the bucket policy is the only grant: it must exist before delivery starts.
      dependsOn: [this.bucket.policy],
    });
  }
}
