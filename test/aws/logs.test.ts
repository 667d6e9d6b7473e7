import { MonitoredService } from "../../lib";
import { ERROR_LOG_LEVELS } from "../../lib/core/components/logs";
import { AwsPlatformProps } from "../../lib/aws";
import { anyCaseRegex, errorLinePattern } from "../../lib/aws/logs-alerts";
import { logGroupPrefixProblems } from "../../lib/aws/logs";
import { applicationLogConfig } from "../../lib/aws/private/fluent-bit-config";
import { logsInsightsUrl } from "../../lib/aws/service-logs";
import { manifestOf } from "../../lib/core/manifest";
import { resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { statementsOf } from "./policy-statements";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ResourceBody, ServiceComponents, targetStack } from "../harness";


function logsStack(environment: EnvironmentTier, platform: Partial<AwsPlatformProps> = {}, services: Record<string, Partial<ServiceComponents>> = { checkout: {} }) {
  const { stack, platform: p } = targetStack("aws", { environment, platform: { grafana: false, ...platform } });
  const built = Object.entries(services).map(([name, props]) => new MonitoredService(stack, name, { platform: p, ...props }));
  return { stack, platform: p, services: built };
}

const synths = new Map<string, SynthesizedStack>();
/** checkout with its own namespace and `payments` in two, per environment (memoized). */
function synthOf(env: EnvironmentTier): SynthesizedStack {
  if (!synths.has(env)) synths.set(env, synthStack(logsStack(env, {}, { checkout: {}, payments: { logs: { namespaces: ["payments", "payments-jobs"] } } }).stack));
  return synths.get(env)!;
}

const groups = (s: SynthesizedStack) => resourceBodies(s, "aws_cloudwatch_log_group");
const group = (s: SynthesizedStack, name: string) => groups(s).find((g) => g.name === name) as ResourceBody | undefined;
const alarm = (s: SynthesizedStack, suffix: string) => resourceBodies(s, "aws_cloudwatch_metric_alarm").find((a) => String(a.alarm_name).endsWith(suffix)) as ResourceBody;
const addonJson = (s: SynthesizedStack) => String(resourceBodies(s, "aws_eks_addon").find((a) => a.addon_name === "amazon-cloudwatch-observability")!.configuration_values);
// Terraform reads `$${` as a literal `${`: the add-on receives Fluent Bit's own variables.
const addonValues = (s: SynthesizedStack) => JSON.parse(addonJson(s).replace(/\$\$\{/g, "${"));

describe("AWS logs: collection", () => {
  test.each([
    ["dev", 7, false],
    ["staging", 30, false],
    ["prod", 90, true],
  ] as const)("%s: one KMS-encrypted log group per service namespace, kept %d days, prevent_destroy %s", (env, days, kept) => {
    const s = synthOf(env);
    for (const ns of ["checkout", "payments", "payments-jobs"]) {
      const g = group(s, `/eks/checkout-${env}/namespaces/${ns}`)!;
      expect({ ns, retention: g.retention_in_days, kms: String(g.kms_key_id) }).toEqual({ ns, retention: days, kms: expect.stringMatching(/^\$\{aws_kms_key\.platform_logs-key_[0-9A-F]+\.arn\}$/) });
      expect(Boolean(g.lifecycle?.prevent_destroy)).toBe(kept);
    }
    // The Container Insights groups (catch-all application, node/system dataplane and host) exist too, same retention.
    for (const g of ["application", "dataplane", "host"]) expect(group(s, `/aws/containerinsights/checkout-${env}/${g}`)?.retention_in_days).toBe(days);
  });

  test("the add-on's Fluent Bit parses JSON, enriches with Kubernetes metadata, routes each service namespace to its group and the rest to the catch-all, never creating groups", () => {
    const values = addonValues(synthOf("prod"));
    const fluentBit = values.containerLogs.fluentBit;
    expect(values.containerLogs.enabled).toBe(true);
    // Fluent Bit's environment variables reach it unresolved by Terraform; no other interpolation is in the values.
    expect(addonJson(synthOf("prod"))).toContain("$${AWS_REGION}");
    expect(addonJson(synthOf("prod")).replace(/\$\$\{/g, "")).not.toContain("${");
    // Only the container-log file is Vigil's: the add-on keeps its node and system log files (dataplane, host).
    expect(Object.keys(fluentBit.config.extraFiles)).toEqual(["application-log.conf"]);
    expect(fluentBit.resources.requests).toEqual({ cpu: "100m", memory: "128Mi" });
    expect(fluentBit.resources.limits.memory).toBe("500Mi");
    const conf: string = fluentBit.config.extraFiles["application-log.conf"];
    expect(conf).toMatch(/Merge_Log\s+On/);
    expect(conf).toMatch(/Merge_Log_Key\s+log_processed/);
    expect(conf).toMatch(/Rule\s+\$kubernetes\['namespace_name'\] \^\(checkout\|payments\|payments-jobs\)\$ vigil\.ns\.\$kubernetes\['namespace_name'\] false/);
    expect(conf).toMatch(/Match\s+vigil\.ns\.payments-jobs\n\s+Add\s+service payments/);
    expect(conf).toMatch(/log_group_template\s+\/eks\/checkout-prod\/namespaces\/\$kubernetes\['namespace_name'\]/);
    expect(conf).toMatch(/log_group_name\s+\/aws\/containerinsights\/checkout-prod\/application/);
    expect(conf).not.toMatch(/auto_create_group\s+true/);
    expect(conf.match(/auto_create_group\s+false/g)).toHaveLength(2);
  });

  test("without a service namespace there is no re-tagging, only the catch-all output", () => {
    const conf = applicationLogConfig({ logGroupPrefix: "/p", catchAllLogGroup: "/all", routes: [] });
    expect(conf).not.toMatch(/rewrite_tag/);
    expect(conf.match(/\[OUTPUT\]/g)).toHaveLength(1);
  });

  test("the pipeline is recorded in the manifest: collector, store, all namespaces, system logs, retention, encryption", () => {
    const m = manifestOf(synthOf("prod"))!;
    expect(m.logPipelines).toEqual([
      expect.objectContaining({
        target: "aws",
        store: "CloudWatch Logs",
        namespaces: "all",
        systemLogs: true,
        encryption: "KMS key alias/checkout-prod-logs",
        retention: { searchableDays: 90, totalDays: 365, archive: "S3 Glacier Deep Archive (Object Lock, compliance mode)", immutable: true },
      }),
    ]);
  });
});

describe("AWS logs: archive", () => {
  test("prod: Firehose writes every service namespace's group and the catch-all to an Object Lock (compliance, 365 days) bucket, SSE-KMS, Deep Archive after 90 days, expired at 365, kept", () => {
    const s = synthOf("prod");
    const bucket = resourceBodies(s, "aws_s3_bucket").find((b) => String(b.bucket_prefix).startsWith("checkout-prod-log-archive-"))!;
    expect(bucket.object_lock_enabled).toBe(true);
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    const lock = resourceBodies(s, "aws_s3_bucket_object_lock_configuration");
    expect(lock).toHaveLength(1);
    expect(lock[0].rule.default_retention).toEqual({ mode: "COMPLIANCE", days: 365 });
    const lifecycle = resourceBodies(s, "aws_s3_bucket_lifecycle_configuration").find((l) => String(l.bucket).includes("archive"))!;
    expect(lifecycle.rule[0].transition).toEqual([{ days: 90, storage_class: "DEEP_ARCHIVE" }]);
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 365 }]);
    const sse = resourceBodies(s, "aws_s3_bucket_server_side_encryption_configuration").find((e) => String(e.bucket).includes("archive"))!;
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(resourceBodies(s, "aws_s3_bucket_versioning").some((v) => String(v.bucket).includes("archive"))).toBe(true);
    const stream = resourceBodies(s, "aws_kinesis_firehose_delivery_stream");
    expect(stream).toHaveLength(1);
    expect(stream[0].destination).toBe("extended_s3");
    expect(String(stream[0].extended_s3_configuration.bucket_arn)).toMatch(/^\$\{aws_s3_bucket\.platform_logs_archive_bucket_[0-9A-F]+\.arn\}$/);
    const filters = resourceBodies(s, "aws_cloudwatch_log_subscription_filter");
    // Three service namespaces and the catch-all application group.
    expect(filters).toHaveLength(4);
    for (const f of filters) {
      expect(f.filter_pattern).toBe("");
      expect(String(f.destination_arn)).toMatch(/aws_kinesis_firehose_delivery_stream\..*\.arn/);
    }
  });

  test("dev: logArchiveDays is 0, so no archive bucket, stream or subscription", () => {
    const s = synthOf("dev");
    expect(resourceBodies(s, "aws_kinesis_firehose_delivery_stream")).toHaveLength(0);
    expect(resourceBodies(s, "aws_cloudwatch_log_subscription_filter")).toHaveLength(0);
    expect(resourceBodies(s, "aws_s3_bucket_object_lock_configuration")).toHaveLength(0);
    expect(manifestOf(s)!.logPipelines![0].retention).toEqual({ searchableDays: 7, totalDays: 0, immutable: false });
  });

  test("staging: prod's archive kept 90 days, in GOVERNANCE mode and Glacier Flexible Retrieval (fewer than Deep Archive's 180 days remain)", () => {
    const s = synthOf("staging");
    expect(resourceBodies(s, "aws_kinesis_firehose_delivery_stream")).toHaveLength(1);
    expect(resourceBodies(s, "aws_cloudwatch_log_subscription_filter")).toHaveLength(4);
    expect(resourceBodies(s, "aws_s3_bucket_object_lock_configuration").map((b) => b.rule)).toEqual([{ default_retention: { mode: "GOVERNANCE", days: 90 } }]);
    expect(manifestOf(s)!.logPipelines![0].retention).toEqual({ searchableDays: 30, totalDays: 90, archive: "S3 Glacier Flexible Retrieval (Object Lock, governance mode)", immutable: false });
  });

  test("least privilege: Firehose may write only to the archive bucket and use the key only through S3; CloudWatch Logs may only put records to the stream", () => {
    const s = synthOf("prod");
    const policies = resourceBodies(s, "aws_iam_role_policy");
    const ofRole = (part: string) => statementsOf(s, policies.find((p) => String(p.role).includes(part))!.policy);
    const firehose = ofRole("archive_firehose-role");
    expect(firehose.flatMap((st) => st.actions).sort()).toEqual(
      ["kms:Decrypt", "kms:GenerateDataKey", "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"].sort(),
    );
    for (const st of firehose) expect(st.resources.every((r) => r !== "*")).toBe(true);
    expect(firehose.find((st) => st.sid === "EncryptArchive")!.condition!.map((c) => c.variable)).toEqual(["kms:ViaService", "kms:EncryptionContext:aws:s3:arn"]);
    const logs = ofRole("archive_logs-role");
    expect(logs).toEqual([expect.objectContaining({ actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [expect.stringMatching(/:deliverystream\/checkout-prod-log-archive$/)] })]);
    // The stream the role names is the stream built.
    expect(resourceBodies(s, "aws_kinesis_firehose_delivery_stream")[0].name).toBe("checkout-prod-log-archive");
  });
});

describe("AWS logs: alerts", () => {
  test("error-logs-high sums error lines over 300 s against threshold × 300; logs-missing breaches on no data for the threshold's minutes", () => {
    const s = synthOf("prod");
    const errors = alarm(s, "checkout-prod-cloudwatch-logs-error-logs-high");
    expect(errors).toMatchObject({ namespace: "Vigil/Logs", metric_name: "checkout-prod/error-log-lines", statistic: "Sum", period: 300, threshold: 300, comparison_operator: "GreaterThanThreshold", treat_missing_data: "notBreaching" });
    const missing = alarm(s, "checkout-prod-cloudwatch-logs-logs-missing");
    expect(missing).toMatchObject({ metric_name: "checkout-prod/log-lines", period: 60, evaluation_periods: 15, datapoints_to_alarm: 15, threshold: 1, comparison_operator: "LessThanThreshold", treat_missing_data: "breaching" });
    // Another service on the platform has its own series, fed by both its namespaces' groups.
    expect(alarm(s, "checkout-prod-payments-cloudwatch-logs-logs-missing").metric_name).toBe("checkout-prod-payments/log-lines");
    const filters = resourceBodies(s, "aws_cloudwatch_log_metric_filter").filter((f) => f.metric_transformation.name === "checkout-prod-payments/log-lines");
    expect(filters.map((f) => f.log_group_name).length).toBe(2);
  });

  test("overrides convert: 2/s → 600 per 5 min, 660 s → 11 one-minute periods", () => {
    const s = synthStack(logsStack("prod", {}, { checkout: { logs: { alerts: { "error-logs-high": { threshold: 2 }, "logs-missing": { threshold: 660 } } } } }).stack);
    expect(alarm(s, "error-logs-high").threshold).toBe(600);
    expect(alarm(s, "logs-missing").evaluation_periods).toBe(11);
  });

  test("collector-down: the fluent-bit DaemonSet's unavailable pods (Container Insights), above the platform's override", () => {
    const s = synthStack(logsStack("prod", { logs: { alerts: { "collector-down": { threshold: 2 } } } }).stack);
    expect(alarm(s, "fluent-bit-collector-down")).toMatchObject({
      namespace: "ContainerInsights",
      metric_name: "daemonset_status_number_unavailable",
      dimensions: { ClusterName: "checkout-prod", Namespace: "amazon-cloudwatch", PodName: "fluent-bit" },
      statistic: "Maximum",
      threshold: 2,
      comparison_operator: "GreaterThanThreshold",
    });
  });

  test("the error filter reads both level fields with at most two regular expressions under the 1024-character limit, and matches the levels in any case", () => {
    const pattern = errorLinePattern();
    expect(pattern.length).toBeLessThanOrEqual(1024);
    expect(pattern.match(/%/g)).toHaveLength(4);
    expect(pattern).toMatch(/^\{ \$\.log_processed\.level = %.*% \|\| \$\.log_processed\.severity = %.*% \}$/);
    const regex = new RegExp(anyCaseRegex(ERROR_LOG_LEVELS));
    for (const level of ["error", "ERROR", "Error", "fatal", "CRITICAL", "emerg", "panic"]) expect({ level, matches: regex.test(level) }).toEqual({ level, matches: true });
    for (const level of ["errors", "warn", "info", "terror", ""]) expect({ level, matches: regex.test(level) }).toEqual({ level, matches: false });
    // No groups: CloudWatch's filter-pattern regex rejects "(" and ")".
    expect(anyCaseRegex(ERROR_LOG_LEVELS)).not.toMatch(/[()]/);
  });
});

describe("AWS logs: finding them", () => {
  test("observeService returns the Logs Insights link and query of the service's groups; the manifest records it", () => {
    const { services, stack } = logsStack("prod", {}, { checkout: {}, payments: { logs: { namespaces: ["payments", "payments-jobs"] } } });
    const view = services[1].observability.logs!;
    expect(view).toMatchObject({ store: "CloudWatch Logs", queryLanguage: "CloudWatch Logs Insights", location: "/eks/checkout-prod/namespaces/payments, /eks/checkout-prod/namespaces/payments-jobs" });
    expect(view.query).toMatch(/^fields @timestamp, kubernetes\.namespace_name/);
    expect(view.url.startsWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-3600~")).toBe(true);
    expect(view.url).toContain("~source~(~'*2Feks*2Fcheckout-prod*2Fnamespaces*2Fpayments~'*2Feks*2Fcheckout-prod*2Fnamespaces*2Fpayments-jobs)");
    // Nothing the fragment's syntax uses leaks out of a value.
    const editor = /editorString~'([^~]*)~source/.exec(view.url)![1];
    expect(editor).not.toMatch(/[ '()!~%|@,\n]/);
    expect(decodeURIComponent(editor.replace(/\*/g, "%"))).toBe(view.query);
    const m = manifestOf(synthStack(stack))!;
    expect(m.serviceLogs!.map((r) => [r.service, r.namespaces])).toEqual([
      ["checkout", ["checkout"]],
      ["payments", ["payments", "payments-jobs"]],
    ]);
  });

  test("the URL encodes the characters of the console's fragment syntax inside a value", () => {
    const url = logsInsightsUrl("us-east-1", ["/a(b)"], "fields @message | filter x = 'y' ~ *");
    expect(url).toContain("~source~(~'*2Fa*28b*29)");
    expect(url).toContain("editorString~'fields*20*40message*20*7C*20filter*20x*20*3D*20*27y*27*20*7E*20*2A~source");
  });

  test("the service dashboard carries the log panels, with the logs' own dashboard", () => {
    const s = synthOf("prod");
    const dashboards = resourceBodies(s, "aws_cloudwatch_dashboard");
    const service = dashboards.find((d) => d.dashboard_name === "checkout-prod-service")!;
    expect(String(service.dashboard_body)).toContain("cloudwatch-logs: Log lines");
    expect(String(service.dashboard_body)).toContain("cloudwatch-logs: Error log lines");
    expect(dashboards.some((d) => d.dashboard_name === "checkout-prod-cloudwatch-logs")).toBe(true);
  });
});

describe("AWS logs: bad input", () => {
  test.each([
    ["/eks/ok prefix", /has characters a CloudWatch log group name cannot hold/],
    ["/eks/logs/", /ends with "\/"; leave it out, Vigil adds "\/<namespace>" \("\/eks\/logs"\)/],
    ["aws/eks", /starts with "aws\/", which CloudWatch reserves/],
    ["/" + "a".repeat(460), /is 461 characters; use 1 to 448/],
  ])("logs.logGroupPrefix %j: one message at the platform's pipeline, naming the value and the fix", (prefix, message) => {
    const messages = validationMessages(logsStack("prod", { logs: { logGroupPrefix: prefix } }).stack).filter((m) => m.includes("logGroupPrefix"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
    expect(messages[0]).toContain("platform/logs");
    expect(messages[0]).toContain(JSON.stringify(prefix));
  });

  test("a valid prefix passes and names the groups", () => {
    expect(logGroupPrefixProblems("/teams/checkout#prod")).toEqual([]);
    const s = synthStack(logsStack("dev", { logs: { logGroupPrefix: "/teams/checkout" } }).stack);
    expect(group(s, "/teams/checkout/checkout")).toBeDefined();
  });

  test("two services claiming one namespace: one message at the second service, naming the first", () => {
    const messages = validationMessages(logsStack("dev", {}, { checkout: {}, payments: { logs: { namespaces: ["checkout"] } } }).stack).filter((m) => m.includes("logs.namespaces"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/payments.*`logs\.namespaces\[0\]` is "checkout", whose logs are already the service "checkout"'s/);
  });
});
