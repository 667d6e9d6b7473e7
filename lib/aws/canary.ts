import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SyntheticsCanary } from "@cdktf/provider-aws/lib/synthetics-canary";
import type { ServiceEndpointProps } from "../core/components/service";
import { deployComponentAlerts } from "../core/components/component-alerts";
import { addValidationErrors } from "../core/errors";
import { fitName, NamingRule } from "../core/naming";
import { suppress } from "../core/suppressions";
import { runbookUrl } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { AwsPlatform } from "./platform";
import { CloudWatchAlertAlarm } from "./alarm";
import { componentDashboard } from "../observability/dashboard-binding";
import { CloudWatchGoldenSignalDashboard } from "./dashboard";
import { canaryPanels } from "./dashboard-panels";
import type { AwsAlertBindings, NativeAlert } from "./private/component-alerts";
import { SecureBucket } from "./private/bucket";
import { HEALTH_CHECK_SCRIPT_NAME, stageHealthCheckScript } from "./private/canary-script";
import { ServiceRole } from "./private/iam";

/**
 * Synthetics runtime of the health-check canaries: the most recent Node.js
 * + Puppeteer runtime (CloudWatch User Guide, "Runtime versions using
 * Node.js and Puppeteer"). Runtimes of the same major version are backward
 * compatible; move to a newer one when AWS deprecates this one.
 */
export const DEFAULT_CANARY_RUNTIME = "syn-nodejs-puppeteer-15.0";

/** Component name of canary alerts (runbook path, alarm names). */
export const CANARY_COMPONENT = "synthetics-canary";

/** Days the artifacts (HAR files, logs) of canary runs are kept in S3 and in Synthetics' run history. */
const CANARY_ARTIFACT_RETENTION_DAYS = 30;

/** Canary names: 1-21 of lowercase letters, digits, `-` and `_` (Synthetics API, e.g. StartCanary). */
const CANARY_NAME: NamingRule = {
  label: "Synthetics canary name",
  minLength: 1,
  maxLength: 21,
  pattern: /^[0-9a-z_-]+$/,
  allowed: "lowercase letters, digits, '-' and '_'",
  lowercase: true,
};

/** What a canary needs from its platform: account, names, profile and alert delivery. */
type AwsCanaryPlatform = Pick<AwsPlatform, "account" | "namePrefix" | "profile" | "alerting" | "routing">;

/** Props of {@link AwsSyntheticCanary}. */
export interface AwsSyntheticCanaryProps extends ServiceEndpointProps {
  /** The platform whose account, profile and alert topics the canary uses. */
  readonly platform: AwsCanaryPlatform;
  /** Name of the checked endpoint, kebab-case (e.g. `checkout-api`); it goes into the canary, alarm and alert names. */
  readonly name: string;
  /** Minutes between two checks (1-60). @default - the profile's `syntheticCheckIntervalMinutes` (dev 15, staging 5, prod 1) */
  readonly intervalMinutes?: number;
  /** Run the canary in these private subnets, to probe an endpoint reachable only from the VPC. @default - outside any VPC, as a user on the internet */
  readonly vpc?: {
    /** Private subnet ids (the platform's `network.privateSubnetIds`). */
    readonly subnetIds: readonly string[];
    /** Security groups allowing HTTPS egress to the endpoint. */
    readonly securityGroupIds: readonly string[];
  };
  /** Synthetics runtime version. @default DEFAULT_CANARY_RUNTIME */
  readonly runtimeVersion?: string;
}

/**
 * A CloudWatch Synthetics canary that GETs a service's public health URL
 * on the profile's schedule and pages when it fails: the script (written
 * from the library at synth and zipped as a cdktf asset), an execution role with the documented
 * permissions only, artifacts in an encrypted, non-public S3 bucket that
 * expires them, the canonical endpoint alert `checks-failing` as a
 * CloudWatch alarm on `SuccessPercent` with a runbook (overrides in
 * `alerts`, percent of checks passing), and a dashboard of the checks.
 */
export class AwsSyntheticCanary extends Construct {
  /** Canonical component kind. */
  public readonly kind = "endpoint" as const;
  /** Implementation (runbook folder). */
  public readonly component = CANARY_COMPONENT;
  /** The CloudWatch Synthetics canary (`aws_synthetics_canary`) `canaryName`, running the health-check script every `intervalMinutes` (the profile's by default). */
  public readonly canary: SyntheticsCanary;
  /** The artifact bucket. */
  public readonly artifacts: SecureBucket;
  /** The canary's alert, `checks-failing` (absent when disabled). */
  public readonly alert?: NativeAlert;
  /** The alarm on the alert (absent when disabled). */
  public readonly alarm?: CloudWatchAlertAlarm;
  /** Canonical endpoint alerts the canary cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the canary's dashboard. */
  public readonly dashboardName: string;
  /** Canary name as Synthetics knows it (at most 21 characters). */
  public readonly canaryName: string;

  constructor(scope: Construct, id: string, props: AwsSyntheticCanaryProps) {
    super(scope, id);
    const { platform } = props;
    const { account, profile } = platform;
    const interval = props.intervalMinutes ?? profile.syntheticCheckIntervalMinutes;
    const expectedStatus = props.expectedStatus ?? 200;
    const problems = canaryProblems(props, interval, expectedStatus);
    this.canaryName = fitName([platform.namePrefix, props.name], CANARY_NAME);

    this.artifacts = new SecureBucket(this, "artifacts", {
      namePrefix: `${this.canaryName}-canary-`,
      expireAfterDays: CANARY_ARTIFACT_RETENTION_DAYS,
    });
    suppress(this.artifacts, {
      rule: "data-protection/prevent-destroy",
      reason: `holds only canary run artifacts (HAR files, logs) that expire after ${CANARY_ARTIFACT_RETENTION_DAYS} days; the canary's results are in CloudWatch metrics`,
    });

    // Permissions from the CloudWatch User Guide, "Required roles and permissions for canaries".
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "WriteArtifacts", actions: ["s3:PutObject", "s3:GetObject"], resources: [`${this.artifacts.arn}/*`] },
      { sid: "LocateArtifactBucket", actions: ["s3:GetBucketLocation"], resources: [this.artifacts.arn] },
      // ListAllMyBuckets has no resource-level permissions; Synthetics calls it before uploading.
      { sid: "ListBuckets", actions: ["s3:ListAllMyBuckets"], resources: ["*"] },
      {
        sid: "WriteCanaryLogs",
        actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [`arn:${account.partition}:logs:${account.region}:${account.accountId}:log-group:/aws/lambda/cwsyn-*`],
      },
      // PutMetricData has no resource-level permissions; the condition keeps it to the Synthetics namespace.
      {
        sid: "PublishSyntheticsMetrics",
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["CloudWatchSynthetics"] }],
      },
    ];
    if (props.vpc) {
      // ENI actions have no resource-level permissions at creation; Lambda needs them to join the VPC.
      statements.push({
        sid: "RunInVpc",
        actions: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"],
        resources: ["*"],
      });
    }
    const role = new ServiceRole(this, "role", {
      account,
      nameParts: [this.canaryName, "canary"],
      assumedBy: ["lambda.amazonaws.com"],
      inlineStatements: statements,
    });

    const code = new TerraformAsset(this, "script", { path: stageHealthCheckScript(), type: AssetType.FILE });
    this.canary = new SyntheticsCanary(this, "canary", {
      name: this.canaryName,
      runtimeVersion: props.runtimeVersion ?? DEFAULT_CANARY_RUNTIME,
      handler: `${HEALTH_CHECK_SCRIPT_NAME}.handler`,
      zipFile: code.path,
      executionRoleArn: role.arn,
      artifactS3Location: `s3://${this.artifacts.name}/`,
      artifactConfig: { s3Encryption: { encryptionMode: "SSE_S3" } },
      schedule: { expression: rateExpression(interval) },
      runConfig: {
        // Shorter than the fastest schedule (1 minute), long enough for a cold start.
        timeoutInSeconds: 50,
        environmentVariables: { VIGIL_HEALTH_URL: props.url, VIGIL_EXPECTED_STATUS: String(expectedStatus) },
      },
      successRetentionPeriod: CANARY_ARTIFACT_RETENTION_DAYS,
      failureRetentionPeriod: CANARY_ARTIFACT_RETENTION_DAYS,
      vpcConfig: props.vpc ? { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } : undefined,
      startCanary: true,
      // Remove the Lambda function Synthetics creates when the canary is destroyed.
      deleteLambda: true,
      dependsOn: [this.artifacts.policy],
    });

    const observed = deployComponentAlerts(this, {
      target: "aws",
      component: CANARY_COMPONENT,
      resourceName: this.canaryName,
      description: `CloudWatch Synthetics canary probing ${props.url}`,
      stateful: false,
      bindings: canaryAlertBindings(this.canaryName, props.url, interval, platform.routing.runbookBaseUrl),
      overrides: { alerts: props.alerts },
      paths: { canonical: "endpoint.alerts", targetOnly: "endpoint.aws.alerts" },
      sink: platform.alerting,
      dashboard: (alerts) =>
        new CloudWatchGoldenSignalDashboard(this, "dashboard", {
          nameParts: [platform.namePrefix, props.name, CANARY_COMPONENT],
          region: account.region,
          model: componentDashboard(`${this.canaryName} ${CANARY_COMPONENT}`, canaryPanels(this.canaryName), alerts),
          alarmArns: () => alerts.flatMap((a) => platform.alerting.alarmOf(a)?.alarm.arn ?? []),
        }).name,
    });
    this.alert = observed.alerts[0];
    this.alarm = this.alert && platform.alerting.alarmOf(this.alert);
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    problems.push(...observed.problems);
    addValidationErrors(this, problems);
  }
}

/** `rate(...)` schedule expression of Synthetics for a whole number of minutes. */
export function rateExpression(minutes: number): string {
  return `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`;
}

/**
 * The canonical endpoint alert on a canary: `checks-failing` is
 * `SuccessPercent` (namespace `CloudWatchSynthetics`, dimension
 * `CanaryName`, the percent of runs that passed, 0-100; CloudWatch User
 * Guide, "CloudWatch metrics published by canaries") below the threshold in
 * 2 of 3 periods of at least 5 minutes. The catalog's unit is the metric's:
 * percent of checks passing. Missing data breaches: a canary that stops
 * running leaves the endpoint unwatched, which must not look healthy.
 */
function canaryAlertBindings(canaryName: string, url: string, intervalMinutes: number, runbookBaseUrl: string): AwsAlertBindings<"endpoint"> {
  return {
    kind: "endpoint",
    canonical: {
      "checks-failing": {
        build: (s) => ({
          id: "checks-failing",
          component: CANARY_COMPONENT,
          summary: `Health checks of ${url} are failing`,
          description: `The canary ${canaryName} GETs ${url} every ${intervalMinutes} min; fewer than ${s.threshold} % of its runs succeeded in 2 of the last 3 periods. Users on the internet likely see errors. No data (the canary stopped or cannot start) counts as failing.`,
          severity: s.severity,
          runbookUrl: runbookUrl(runbookBaseUrl, CANARY_COMPONENT, "checks-failing"),
          threshold: s.threshold,
          unit: "% of checks passing",
          condition: {
            kind: "native-metric",
            namespace: "CloudWatchSynthetics",
            metricName: "SuccessPercent",
            dimensions: { CanaryName: canaryName },
            statistic: "Average",
            periodSeconds: Math.max(300, intervalMinutes * 60),
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            comparison: "<",
            missingData: "breaching",
          },
        }),
      },
    },
  };
}

function canaryProblems(props: AwsSyntheticCanaryProps, interval: number, expectedStatus: number): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(props.name)) {
    problems.push(`\`name\` ${JSON.stringify(props.name)} must be 1-41 lowercase letters, digits or "-", starting with a letter (it names the canary, its alarm and alert)`);
  }
  let url: URL | undefined;
  try {
    url = new URL(props.url);
  } catch {
    problems.push(`\`url\` ${JSON.stringify(props.url)} is not a URL; give the full address, e.g. "https://api.example.com/healthz"`);
  }
  if (url && url.protocol !== "https:") {
    problems.push(`\`url\` ${JSON.stringify(props.url)} is not https; probe the endpoint the way users reach it, over TLS (e.g. "https://${url.host}${url.pathname}")`);
  }
  if (url && (url.username || url.password)) {
    problems.push(`\`url\` carries credentials; a health endpoint must answer without them (the URL is stored in the canary's configuration in clear)`);
  }
  if (!Number.isInteger(interval) || interval < 1 || interval > 60) {
    problems.push(`\`intervalMinutes\` is ${interval}; use a whole number of minutes from 1 to 60`);
  }
  if (!Number.isInteger(expectedStatus) || expectedStatus < 100 || expectedStatus > 599) {
    problems.push(`\`expectedStatus\` is ${expectedStatus}; use an HTTP status code (100-599), usually 200`);
  }
  return problems;
}
