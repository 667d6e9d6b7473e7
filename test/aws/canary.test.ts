import { spawnSync } from "child_process";
import { EventEmitter } from "events";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { AwsSyntheticCanary, AwsSyntheticCanaryProps, CANARY_COMPONENT, DEFAULT_CANARY_RUNTIME, rateExpression } from "../../lib/aws/canary";
import { HEALTH_CHECK_SCRIPT, HEALTH_CHECK_SCRIPT_NAME, HEALTH_CHECK_ZIP_ENTRIES, stageHealthCheckScript } from "../../lib/aws/private/canary-script";
import { zipArchive } from "../../lib/aws/private/zip";
import { manifestOf } from "../../lib/core/manifest";
import { onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { allStatements, statementsOf } from "./policy-statements";
import { isDocumentedMetric } from "./metric-catalog";
import { messageAt, messageSaying, targetStack, testService } from "../harness";

const HEALTH_URL = "https://api.example.com/healthz";

function canaryStack(env: EnvironmentTier, props: Partial<Omit<AwsSyntheticCanaryProps, "platform">> = {}) {
  const { stack, platform } = targetStack("aws", { environment: env, platform: { grafana: false } });
  const canary = new AwsSyntheticCanary(platform, "checkout-api-canary", { platform, name: "web", url: HEALTH_URL, ...props });
  return { stack, canary };
}

const synths = new Map<string, SynthesizedStack>();
function canarySynth(env: EnvironmentTier): SynthesizedStack {
  if (!synths.has(env)) synths.set(env, synthStack(canaryStack(env).stack));
  return synths.get(env)!;
}

const canaryAlarm = (synth: SynthesizedStack) => resourceBodies(synth, "aws_cloudwatch_metric_alarm").find((a) => a.namespace === "CloudWatchSynthetics")!;

describe("AWS Synthetics canary", () => {
  test.each([
    ["dev", "rate(15 minutes)", 900],
    ["staging", "rate(5 minutes)", 300],
    ["prod", "rate(1 minute)", 300],
  ] as const)("%s: probes on the profile's schedule (%s); the alarm period is %ds", (env, expression, period) => {
    const synth = canarySynth(env);
    const canary = onlyResource(synth, "aws_synthetics_canary");
    expect(canary.schedule).toEqual({ expression });
    expect(canaryAlarm(synth).period).toBe(period);
  });

  test("runs the health-check script from a zip asset with a current Node.js runtime and the URL in its environment", () => {
    const canary = onlyResource(canarySynth("prod"), "aws_synthetics_canary");
    expect(canary).toMatchObject({
      name: "checkout-prod-web",
      runtime_version: "syn-nodejs-puppeteer-15.0",
      handler: `${HEALTH_CHECK_SCRIPT_NAME}.handler`,
      start_canary: true,
      delete_lambda: true,
    });
    expect(DEFAULT_CANARY_RUNTIME).toMatch(/^syn-nodejs-(puppeteer|playwright)-\d+\.\d+$/);
    // Synthetics allows 21 characters: longer names are cut and keep a hash, so they stay distinct.
    const long = onlyResource(synthStack(canaryStack("prod", { name: "checkout-public-api" }).stack), "aws_synthetics_canary");
    expect(long.name).toMatch(/^checkout-pro-[0-9a-f]{8}$/);
    expect(String(canary.zip_file)).toMatch(/^assets\/.+\/vigil-canary-[0-9a-f]{16}\.zip$/);
    expect((canary.run_config as Record<string, unknown>).environment_variables).toEqual({ VIGIL_HEALTH_URL: HEALTH_URL, VIGIL_EXPECTED_STATUS: "200" });
    expect((canary.run_config as Record<string, unknown>).timeout_in_seconds).toBeLessThanOrEqual(60);
  });

  test("the zip has the layout Synthetics loads Node.js scripts from, and unzip reads it", () => {
    const zip = stageHealthCheckScript();
    expect(zip).toMatch(/vigil-canary-[0-9a-f]{16}\.zip$/);
    expect(stageHealthCheckScript()).toBe(zip);
    const listing = spawnSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist())); sys.stdout.write(z.read(sys.argv[2]).decode())", zip, `nodejs/node_modules/${HEALTH_CHECK_SCRIPT_NAME}.js`], { encoding: "utf8" });
    if (listing.error) return; // no python3 to read it back: the byte checks below still run
    expect(listing.status).toBe(0);
    expect(listing.stdout).toBe(`nodejs/\nnodejs/node_modules/\nnodejs/node_modules/${HEALTH_CHECK_SCRIPT_NAME}.js\n${HEALTH_CHECK_SCRIPT}`);
  });

  test("the zip's bytes depend on the entries only (no timestamps), so the asset hash is stable", () => {
    const a = zipArchive(HEALTH_CHECK_ZIP_ENTRIES);
    expect(zipArchive(HEALTH_CHECK_ZIP_ENTRIES).equals(a)).toBe(true);
    expect(readFileSync(stageHealthCheckScript()).equals(a)).toBe(true);
    expect(zipArchive([["a.js", "1"]]).equals(zipArchive([["a.js", "2"]]))).toBe(false);
  });

  test("cdktf synth writes the zip next to the stack, where zip_file points", () => {
    const outdir = mkdtempSync(join(tmpdir(), "vigil-canary-synth-"));
    const app = new App({ outdir });
    const { platform } = targetStack("aws", { app, environment: "dev", stackId: "canary-stack", platform: { grafana: false } });
    new AwsSyntheticCanary(platform, "canary", { platform, name: "web", url: HEALTH_URL });
    app.synth();
    const stackDir = join(outdir, "stacks", "canary-stack");
    const synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
    const zip = readFileSync(join(stackDir, String(onlyResource(synthesized, "aws_synthetics_canary").zip_file)));
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(zip.includes(`nodejs/node_modules/${HEALTH_CHECK_SCRIPT_NAME}.js`)).toBe(true);
  });

  test("nothing secret-looking is written into the synthesized JSON", () => {
    const text = JSON.stringify(canarySynth("prod"));
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|"(password|secret|token)"\s*:\s*"[^$]/i);
  });

  describe("the script", () => {
    /** Runs the script with a fake Synthetics library whose HTTP step answers `status`. */
    async function runScript(status: number, expected?: string): Promise<{ step: string; request: Record<string, unknown> }> {
      let seen: { step: string; request: Record<string, unknown> } | undefined;
      const synthetics = {
        executeHttpStep: async (step: string, request: Record<string, unknown>, validate: (res: EventEmitter & { statusCode: number }) => Promise<void>) => {
          seen = { step, request };
          const response = Object.assign(new EventEmitter(), { statusCode: status });
          const done = validate(response);
          response.emit("data", Buffer.from("ok"));
          response.emit("end");
          await done;
        },
      };
      const fakeRequire = (name: string) => {
        if (name !== "@aws/synthetics-puppeteer") throw new Error(`unexpected require ${name}`);
        return synthetics;
      };
      const module = { exports: {} as { handler: () => Promise<unknown> } };
      const env = { VIGIL_HEALTH_URL: "https://api.example.com:8443/healthz?deep=1", ...(expected ? { VIGIL_EXPECTED_STATUS: expected } : {}) };
      new Function("require", "module", "exports", "process", HEALTH_CHECK_SCRIPT)(fakeRequire, module, module.exports, { env });
      await module.exports.handler();
      return seen!;
    }

    test("passes on the expected status and GETs the URL over https", async () => {
      const { step, request } = await runScript(200);
      expect(step).toBe("GET /healthz");
      expect(request).toMatchObject({ protocol: "https:", hostname: "api.example.com", port: "8443", path: "/healthz?deep=1", method: "GET" });
    });

    test("fails on any other status, naming the status", async () => {
      await expect(runScript(503)).rejects.toThrow(messageSaying("https://api.example.com:8443/healthz", "answered HTTP 503", "expected 200"));
      await expect(runScript(200, "204")).rejects.toThrow("expected 204");
      await expect(runScript(204, "204")).resolves.toMatchObject({ step: "GET /healthz" });
    });
  });

  test("artifacts go to an encrypted, non-public bucket that expires them", () => {
    const synth = canarySynth("prod");
    const canary = onlyResource(synth, "aws_synthetics_canary");
    const [bucketName] = Object.keys(synth.resource!.aws_s3_bucket).filter((n) => n.includes("canary"));
    expect(canary.artifact_s3_location).toBe(`s3://\${aws_s3_bucket.${bucketName}.id}/`);
    expect(canary.artifact_config).toEqual({ s3_encryption: { encryption_mode: "SSE_S3" } });
    const ofBucket = (type: string) => resourceBodies(synth, type).find((r) => r.bucket === `\${aws_s3_bucket.${bucketName}.id}`)!;
    expect(ofBucket("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect((ofBucket("aws_s3_bucket_server_side_encryption_configuration").rule as Array<Record<string, unknown>>)[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    const [rule] = ofBucket("aws_s3_bucket_lifecycle_configuration").rule as Array<Record<string, unknown>>;
    expect(rule.expiration).toEqual([{ days: 30 }]);
    expect([canary.success_retention_period, canary.failure_retention_period]).toEqual([30, 30]);
  });

  test("the execution role holds the documented canary permissions, scoped to its bucket, log groups and metric namespace", () => {
    const synth = canarySynth("prod");
    const canaryRole = Object.entries(synth.resource!.aws_iam_role_policy).find(([name]) => name.includes("canary"))![1];
    const statements = statementsOf(synth, canaryRole.policy);
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(["ListBuckets", "LocateArtifactBucket", "PublishSyntheticsMetrics", "WriteArtifacts", "WriteCanaryLogs"]);
    expect(bySid.WriteArtifacts.resources).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.[^.]+\.arn\}\/\*$/)]);
    expect((bySid.WriteCanaryLogs.resources as string[])[0]).toMatch(/:log-group:\/aws\/lambda\/cwsyn-\*$/);
    expect(bySid.PublishSyntheticsMetrics.condition).toEqual([{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["CloudWatchSynthetics"] }]);
  });

  test("a VPC canary runs in the given subnets and may manage its network interfaces", () => {
    const { stack } = canaryStack("prod", { vpc: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] } });
    const synth = synthStack(stack);
    expect(onlyResource(synth, "aws_synthetics_canary").vpc_config).toEqual({ subnet_ids: ["subnet-a", "subnet-b"], security_group_ids: ["sg-1"] });
    expect(allStatements(synth).find((s) => s.sid === "RunInVpc")!.actions).toEqual(["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"]);
  });

  test.each(ENVIRONMENTS)("%s: an alarm on SuccessPercent of the canary notifies the severity's topic, with a runbook", (env) => {
    const synth = canarySynth(env);
    const alarm = canaryAlarm(synth);
    expect(isDocumentedMetric("CloudWatchSynthetics", String(alarm.metric_name), Object.keys(alarm.dimensions as object))).toBe(true);
    expect(alarm).toMatchObject({
      metric_name: "SuccessPercent",
      dimensions: { CanaryName: onlyResource(synth, "aws_synthetics_canary").name },
      statistic: "Average",
      comparison_operator: "LessThanThreshold",
      threshold: 90,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      treat_missing_data: "breaching",
    });
    const topics = Object.fromEntries(Object.entries(synth.resource!.aws_sns_topic).map(([n, t]) => [String(t.name).split("-alerts-")[1], `\${aws_sns_topic.${n}.arn}`]));
    expect(alarm.alarm_actions).toEqual([env === "dev" ? topics.ticket : topics.page]);
    expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    expect(String(alarm.alarm_description)).toMatch(new RegExp(`Runbook: https://runbooks\\.example\\.com/vigil/${CANARY_COMPONENT}/checks-failing\\.md$`));
    expect(existsSync(join(__dirname, "../../docs/runbooks", CANARY_COMPONENT, "checks-failing.md"))).toBe(true);
    // The alarm is named after the canary, so two services' canaries on one platform never collide.
    expect(alarm.alarm_name).toBe(`${onlyResource(synth, "aws_synthetics_canary").name}-synthetics-canary-checks-failing`);
    const record = manifestOf(synth)!.components.find((c) => c.component === CANARY_COMPONENT)!;
    expect(record).toMatchObject({ kind: "endpoint", defaultAlertIds: ["checks-failing"], unavailableAlerts: [], dashboard: `${onlyResource(synth, "aws_synthetics_canary").name}-synthetics-canary` });
    expect(manifestOf(synth)!.alerts.find((a) => a.id === "checks-failing")!.canonical).toEqual({ kind: "endpoint", id: "checks-failing", threshold: 90, unit: "percent" });
  });

  test("the canonical checks-failing alert is tuned or dropped under alerts, in percent of checks passing", () => {
    const tuned = synthStack(canaryStack("prod", { alerts: { "checks-failing": { threshold: 75, severity: "ticket" } } }).stack);
    expect(canaryAlarm(tuned)).toMatchObject({ threshold: 75, comparison_operator: "LessThanThreshold" });
    expect(String(canaryAlarm(tuned).alarm_description)).toMatch(/^\[ticket\] Health checks of https:\/\/api\.example\.com\/healthz are failing\n.*fewer than 75 % of its runs/);
    const dropped = synthStack(canaryStack("prod", { alerts: { "checks-failing": { enabled: false } } }).stack);
    expect(canaryAlarm(dropped)).toBeUndefined();
    expect(manifestOf(dropped)!.components.find((c) => c.component === CANARY_COMPONENT)!.disabledAlertIds).toEqual(["checks-failing"]);
  });

  test("a service's endpoint alerts reach its canary through the platform", () => {
    const { stack } = targetStack("aws", { environment: "staging", service: testService("aws", { endpoint: { url: HEALTH_URL, alerts: { "checks-failing": { threshold: 95 } } } }) });
    const synth = synthStack(stack);
    expect(canaryAlarm(synth)).toMatchObject({ threshold: 95, dimensions: { CanaryName: onlyResource(synth, "aws_synthetics_canary").name } });
  });

  test("rate expressions use Synthetics' singular for one minute", () => {
    expect([rateExpression(1), rateExpression(5), rateExpression(60)]).toEqual(["rate(1 minute)", "rate(5 minutes)", "rate(60 minutes)"]);
  });

  test.each([
    ["a plain-http URL", { url: "http://api.example.com/healthz" }, ["`url`", '"http://api.example.com/healthz"', "is not https", "over TLS"]],
    ["something that is not a URL", { url: "api.example.com/healthz" }, ["`url`", '"api.example.com/healthz"', "is not a URL", "give the full address"]],
    ["credentials in the URL", { url: "https://user:pw@api.example.com/healthz" }, ["`url` carries credentials", "must answer without them"]],
    ["a schedule beyond an hour", { intervalMinutes: 90 }, ["`intervalMinutes` is 90", "from 1 to 60"]],
    ["a fractional schedule", { intervalMinutes: 2.5 }, ["`intervalMinutes` is 2.5", "a whole number of minutes"]],
    ["a status that is not HTTP", { expectedStatus: 42 }, ["`expectedStatus` is 42", "an HTTP status code (100-599)"]],
    ["a name with capitals", { name: "Checkout_API" }, ["`name`", '"Checkout_API"', "1-41 lowercase letters"]],
    ["a bad alert override", { alerts: { "checks-failing": { threshold: Number.NaN } } }, ["`endpoint.alerts.checks-failing.threshold` is NaN", "a percent from 1 to 100"]],
    ["a fraction for a percent below the catalog's range", { alerts: { "checks-failing": { threshold: 0.9 } } }, ["`endpoint.alerts.checks-failing.threshold` is 0.9", "a percent from 1 to 100", "for 90 % write 90"]],
  ] as const)("rejects %s", (_name, props, says) => {
    expect(validationMessages(canaryStack("prod", props as Partial<AwsSyntheticCanaryProps>).stack)).toContainEqual(messageAt("test/platform/checkout-api-canary", ...says));
  });
});
