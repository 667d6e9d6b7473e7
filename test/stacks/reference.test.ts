import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { App } from "cdktf";
import { buildReferenceApp, referenceStackIds } from "../../stacks/app";
import { chartManifests, onlyResource, resourceBodies, synthStack, SynthesizedStack } from "../../lib/testing";
import { RUNNER_ARGS, SHARED_APPS, sharedSynth } from "../shared-synth";
import { stackInventory } from "./inventory";

const ROOT = join(__dirname, "../..");

describe("reference deployment", () => {
  // The run's shared synth of the app, made exactly as `cdktf.json` runs it (checked below).
  const outdir = sharedSynth("reference");
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  const stack = (id: string) => JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as SynthesizedStack;

  test("the app synthesizes every environment's stack with no credentials", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app).toBe(`node ${RUNNER_ARGS.join(" ")} ${relative(ROOT, SHARED_APPS.reference)}`);
    expect(RUNNER_ARGS).toContain("tsx");
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      "dev-aws-infra",
      "dev-azure-infra",
      "dev-azure-platform",
      "dev-gcp-infra",
      "dev-gcp-platform",
      "local-kubernetes-operators",
      "local-kubernetes-platform",
      "prod-aws-infra",
      "prod-azure-infra",
      "prod-azure-platform",
      "prod-gcp-infra",
      "prod-gcp-platform",
      "staging-aws-infra",
      "staging-azure-infra",
      "staging-azure-platform",
      "staging-gcp-infra",
      "staging-gcp-platform",
    ]);
    expect(referenceStackIds().sort()).toEqual(Object.keys(manifest.stacks).sort());
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(Object.keys(manifest.stacks).sort());
  });

  test("state: dev local, staging and prod in S3 with a native lock file and encryption", () => {
    expect((stack("dev-aws-infra").terraform as { backend: unknown }).backend).toEqual({ local: { path: "terraform.dev-aws-infra.tfstate" } });
    for (const env of ["staging", "prod"]) {
      const backend = (stack(`${env}-aws-infra`).terraform as { backend: { s3: Record<string, unknown> } }).backend.s3;
      expect(backend).toMatchObject({ use_lockfile: true, encrypt: true, key: `vigil/${env}-aws-infra/terraform.tfstate` });
      expect(backend.dynamodb_table).toBeUndefined();
    }
  });

  test("prod differs from dev exactly where the profiles say", () => {
    const dev = stack("dev-aws-infra");
    const prod = stack("prod-aws-infra");
    const eks = (s: SynthesizedStack) => onlyResource(s, "aws_eks_cluster");
    const vpc = (s: SynthesizedStack) => eks(s).vpc_config as Record<string, unknown>;
    const retention = (s: SynthesizedStack, suffix: string) => resourceBodies(s, "aws_cloudwatch_log_group").find((g) => String(g.name).endsWith(suffix))!.retention_in_days;
    expect([resourceBodies(dev, "aws_nat_gateway").length, resourceBodies(prod, "aws_nat_gateway").length]).toEqual([1, 3]);
    expect([retention(dev, "/cluster"), retention(prod, "/cluster")]).toEqual([30, 365]);
    expect([retention(dev, "/vpc-flow-logs"), retention(prod, "/vpc-flow-logs")]).toEqual([7, 90]);
    expect([onlyResource(dev, "aws_eks_node_group").scaling_config, onlyResource(prod, "aws_eks_node_group").scaling_config]).toEqual([
      { min_size: 1, max_size: 3, desired_size: 2 },
      { min_size: 3, max_size: 12, desired_size: 6 },
    ]);
    expect([vpc(dev).endpoint_public_access, vpc(prod).endpoint_public_access]).toEqual([true, false]);
    expect([eks(dev).deletion_protection, eks(prod).deletion_protection]).toEqual([false, true]);
    expect([(eks(dev).lifecycle as Record<string, unknown>).prevent_destroy, (eks(prod).lifecycle as Record<string, unknown>).prevent_destroy]).toEqual([false, true]);
    expect([resourceBodies(dev, "aws_sns_topic").length, resourceBodies(prod, "aws_sns_topic").length]).toEqual([2, 3]);
    // The service's data components follow the same profiles.
    const both = <T>(f: (s: SynthesizedStack) => T) => [f(dev), f(prod)];
    expect(both((s) => onlyResource(s, "aws_msk_cluster").number_of_broker_nodes)).toEqual([2, 3]);
    expect(both((s) => onlyResource(s, "aws_msk_cluster").enhanced_monitoring)).toEqual(["DEFAULT", "PER_TOPIC_PER_BROKER"]);
    expect(both((s) => onlyResource(s, "aws_db_instance").multi_az)).toEqual([false, true]);
    expect(both((s) => onlyResource(s, "aws_db_instance").backup_retention_period)).toEqual([1, 35]);
    expect(both((s) => (onlyResource(s, "aws_opensearch_domain").cluster_config as Record<string, unknown>).zone_awareness_enabled)).toEqual([false, true]);
    expect(both((s) => onlyResource(s, "aws_keyspaces_table").point_in_time_recovery)).toEqual([{ status: "DISABLED" }, { status: "ENABLED" }]);
    expect(both((s) => (onlyResource(s, "aws_db_instance").lifecycle as Record<string, unknown>).prevent_destroy)).toEqual([false, true]);
  });

  test.each(["dev-aws-infra", "staging-aws-infra", "prod-aws-infra"])("%s deploys the checkout service with every component, its alarms and dashboards", (id) => {
    const s = stack(id);
    for (const type of ["aws_msk_cluster", "aws_msk_configuration", "aws_keyspaces_keyspace", "aws_opensearch_domain", "aws_db_instance"]) expect(resourceBodies(s, type)).toHaveLength(1);
    expect(resourceBodies(s, "aws_keyspaces_table").map((t) => t.table_name)).toEqual(["carts"]);
    const env = id.split("-")[0];
    const dashboards = resourceBodies(s, "aws_cloudwatch_dashboard").map((d) => d.dashboard_name).sort();
    expect(dashboards).toEqual([`checkout-${env}-alb-edge`, `checkout-${env}-cis-alarms`, `checkout-${env}-cloudwatch-logs`, `checkout-${env}-eks-cluster`, `checkout-${env}-fluent-bit`, `checkout-${env}-health-synthetics-canary`, `checkout-${env}-keyspaces`, `checkout-${env}-msk`, `checkout-${env}-opensearch`, `checkout-${env}-rds-postgres`, `checkout-${env}-service`]);
    const lag = resourceBodies(s, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === "EstimatedMaxTimeLag").map((a) => (a.dimensions as Record<string, string>)["Consumer Group"]);
    expect(lag.sort()).toEqual(["fulfilment", "invoicing", "ledger"]);
  });

  test("the service is probed through its edge by a canary on each environment's schedule", () => {
    for (const [env, schedule] of [["dev", "rate(15 minutes)"], ["staging", "rate(5 minutes)"], ["prod", "rate(1 minute)"]]) {
      const canary = onlyResource(stack(`${env}-aws-infra`), "aws_synthetics_canary");
      expect(canary.schedule).toEqual({ expression: schedule });
      expect((canary.run_config as { environment_variables: Record<string, string> }).environment_variables.VIGIL_HEALTH_URL).toBe(`https://checkout.${env}.example.com/healthz`);
      const alarm = resourceBodies(stack(`${env}-aws-infra`), "aws_cloudwatch_metric_alarm").find((a) => a.metric_name === "SuccessPercent");
      expect(alarm).toMatchObject({ namespace: "CloudWatchSynthetics", comparison_operator: "LessThanThreshold", threshold: 90, treat_missing_data: "breaching" });
    }
  });

  test("no secret value is written into the synthesized JSON", () => {
    const secretPatterns: Array<[string, RegExp]> = [
      ["AWS access key", /AKIA[0-9A-Z]{16}/],
      ["Slack webhook", /hooks\.slack\.com\/services\/T/],
      ["Telegram bot token", /\d{8,10}:[A-Za-z0-9_-]{35}/],
      ["PagerDuty integration key", /integration\/[0-9a-f]{32}\//],
      ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      ["password field with a literal", /"(master_)?password"\s*:\s*"[^$]/],
      ["any password argument", /"(master_user_|master_)?password(_wo)?"\s*:/],
      ["secret key field with a literal", /"[a-z_]*secret_key"\s*:\s*"[^$]/],
      ["token field with a literal", /"[a-z_]*token"\s*:\s*"[^$]/],
    ];
    // Every secret reaches Terraform as a data-source reference (the clouds) or a mounted Secret file (in-cluster).
    const secretReferences: Array<[RegExp, string]> = [
      [/-aws-/, "${data.aws_secretsmanager_secret_version."],
      [/-gcp-infra$/, "${data.google_secret_manager_secret_version."],
      [/-azure-infra$/, "${data.azurerm_key_vault_secret."],
      [/-kubernetes-operators$/, "credentials_file: /etc/alertmanager/secrets/vigil-checkout-issue-webhook-token/value"],
    ];
    const referenced = new Set<string>();
    for (const id of Object.keys(manifest.stacks)) {
      const text = readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8");
      for (const [label, pattern] of secretPatterns) expect({ stack: id, label, found: pattern.test(text) }).toEqual({ stack: id, label, found: false });
      for (const [, reference] of secretReferences.filter(([stacks]) => stacks.test(id))) {
        expect({ stack: id, reference, found: text.includes(reference) }).toEqual({ stack: id, reference, found: true });
        referenced.add(reference);
      }
    }
    // Each kind of reference was looked for in some stack.
    expect(referenced.size).toBe(secretReferences.length);
  });

  test("local: operators before the platform, which delivers its custom resources as a generated chart", () => {
    const stacks = manifest.stacks as Record<string, { dependencies: string[] }>;
    expect(stacks["local-kubernetes-platform"].dependencies).toEqual(["local-kubernetes-operators"]);
    // Every operator, Envoy Gateway (release "eg") for the checkout edge included.
    expect(resourceBodies(stack("local-kubernetes-operators"), "helm_release").map((r) => r.name).sort()).toEqual(["blackbox-exporter", "cert-manager", "cnpg", "eg", "elastic-operator", "k8ssandra-operator", "kube-prometheus-stack", "strimzi"]);
    // The generated chart, and the log collector (Fluent Bit from its chart repository).
    const releases = resourceBodies(stack("local-kubernetes-platform"), "helm_release");
    expect(releases.map((r) => r.name).sort()).toEqual(["fluent-bit", "vigil-checkout"]);
    const chart = releases.find((r) => r.name === "vigil-checkout")!.chart as string;
    expect(readdirSync(join(outdir, "stacks", "local-kubernetes-platform", chart)).sort()).toEqual(["Chart.yaml", "manifests", "templates"]);
    expect((stack("local-kubernetes-platform").terraform as { backend: unknown }).backend).toEqual({ local: { path: "terraform.local-kubernetes-platform.tfstate" } });
  });

  test("gcp: state in GCS outside dev; the platform stack follows the infra stack and reaches GKE through its outputs", () => {
    expect((stack("dev-gcp-infra").terraform as { backend: unknown }).backend).toEqual({ local: { path: "terraform.dev-gcp-infra.tfstate" } });
    for (const env of ["staging", "prod"]) {
      for (const layer of ["infra", "platform"]) {
        expect((stack(`${env}-gcp-${layer}`).terraform as { backend: unknown }).backend).toEqual({ gcs: { bucket: "checkout-terraform-state-gcp", prefix: `vigil/${env}-gcp-${layer}` } });
      }
    }
    const stacks = manifest.stacks as Record<string, { dependencies: string[] }>;
    expect(stacks["prod-gcp-platform"].dependencies).toEqual(["prod-gcp-infra"]);
    const platform = stack("prod-gcp-platform");
    const k8s = (platform.provider as Record<string, Array<Record<string, unknown>>>).kubernetes[0];
    expect(k8s.host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-gcp-infra\.outputs\./);
    expect(k8s.exec).toEqual([{ api_version: "client.authentication.k8s.io/v1beta1", args: [], command: "gke-gcloud-auth-plugin" }]);
    // kube-prometheus-stack, cert-manager, K8ssandra, ECK, and the chart installed after them.
    const releases = resourceBodies(platform, "helm_release");
    expect(releases.map((r) => r.name).sort()).toEqual(["cert-manager", "elastic-operator", "k8ssandra-operator", "kube-prometheus-stack", "vigil-checkout"]);
    expect((releases.find((r) => r.name === "vigil-checkout")!.depends_on as string[]).length).toBe(4);
  });

  test("gcp: prod differs from dev exactly where the profiles say", () => {
    const dev = stack("dev-gcp-infra");
    const prod = stack("prod-gcp-infra");
    const both = <T>(f: (s: SynthesizedStack) => T) => [f(dev), f(prod)];
    expect(both((s) => onlyResource(s, "google_container_cluster").location)).toEqual(["europe-west1-b", "europe-west1"]);
    expect(both((s) => onlyResource(s, "google_container_cluster").deletion_protection)).toEqual([false, true]);
    expect(both((s) => (onlyResource(s, "google_container_node_pool").autoscaling as Record<string, unknown>).total_max_node_count)).toEqual([3, 12]);
    expect(both((s) => (onlyResource(s, "google_sql_database_instance").settings as Record<string, unknown>).availability_type)).toEqual(["ZONAL", "REGIONAL"]);
    expect(both((s) => (onlyResource(s, "google_sql_database_instance").lifecycle as Record<string, unknown>).prevent_destroy)).toEqual([false, true]);
    expect(both((s) => (onlyResource(s, "google_managed_kafka_cluster").capacity_config as Record<string, unknown>).vcpu_count)).toEqual(["3", "12"]);
    expect(both((s) => resourceBodies(s, "google_logging_project_bucket_config").find((b) => String(b.bucket_id).endsWith("-audit"))!.retention_days)).toEqual([30, 365]);
    expect(both((s) => onlyResource(s, "google_monitoring_uptime_check_config").period)).toEqual(["900s", "60s"]);
    // Dev delivers pages as tickets; prod pages on the SLO burn, the endpoint, the edge's errors, PostgreSQL and Kafka's offline partitions.
    expect(both((s) => resourceBodies(s, "google_monitoring_alert_policy").filter((p) => p.severity === "CRITICAL").map((p) => String(p.display_name).split(" ").slice(-2).join(" ")).sort())).toEqual([
      [],
      ["cloud-sql-postgres down", "cloud-sql-postgres storage-low", "cloud-sql-postgres txid-wraparound", "gke-gateway-edge errors-high", "managed-kafka offline-partitions", "slo availability-burn-page", "slo latency-burn-page", "uptime-check checks-failing"],
    ]);
  });

  // Inventories are for review (what a change adds, removes or re-routes); the intent is asserted
  // above and in test/aws, test/gcp, test/azure and test/kubernetes. One per stack, under 50 KB:
  // every address with its prevent_destroy, the generated chart's objects, the alert table.
  // Regenerate with `VIGIL_UPDATE_INVENTORIES=1 npx jest test/stacks/reference -t inventory`.
  describe("inventories", () => {
    const stacks = buildReferenceApp(new App({ outdir: mkdtempSync(join(tmpdir(), "vigil-inventory-")) }));
    test.each(referenceStackIds())("inventory %s is current, and readable", (id) => {
      const file = join(__dirname, "inventories", `${id}.txt`);
      const actual = stackInventory(id, synthStack(stacks[id]), chartManifests(stacks[id]));
      if (process.env.VIGIL_UPDATE_INVENTORIES === "1") writeFileSync(file, actual);
      expect(actual).toEqual(readFileSync(file, "utf8"));
      expect(Buffer.byteLength(actual)).toBeLessThan(50 * 1024);
    });
  });
});
