import { manifestOf } from "../../lib/core/manifest";
import { onlyResource, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { messageAt, targetStack, targetSynth, testService } from "../harness";

const domain = (env: EnvironmentTier) => onlyResource(targetSynth("aws", env, { service: true }), "aws_opensearch_domain");
const esAlarms = (env: EnvironmentTier) => resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/ES");

describe("AWS OpenSearch Service", () => {
  test.each([
    ["dev", 1, false, undefined, false, 1],
    ["staging", 3, true, { availability_zone_count: 3 }, true, 3],
    ["prod", 3, true, { availability_zone_count: 3 }, true, 3],
  ] as const)("%s: %i data nodes, zone awareness %s %j, dedicated masters %s, %i private subnets", (env, nodes, zoneAware, zoneConfig, masters, subnets) => {
    const c = domain(env).cluster_config as Record<string, unknown>;
    expect(c.instance_count).toBe(nodes);
    expect(c.zone_awareness_enabled).toBe(zoneAware);
    expect(c.zone_awareness_config).toEqual(zoneConfig);
    expect(c.dedicated_master_enabled).toBe(masters);
    expect(c.dedicated_master_count).toBe(masters ? 3 : undefined);
    const vpc = domain(env).vpc_options as { subnet_ids: string[]; security_group_ids: string[] };
    expect(vpc.subnet_ids).toHaveLength(subnets);
    expect(vpc.subnet_ids.every((s) => s.includes("_private-"))).toBe(true);
  });

  test.each(ENVIRONMENTS)("%s: encrypted at rest and between nodes, HTTPS with TLS 1.2+, fine-grained access control with an IAM master and no password", (env) => {
    const d = domain(env);
    expect((d.encrypt_at_rest as Record<string, unknown>).enabled).toBe(true);
    expect(d.node_to_node_encryption).toEqual({ enabled: true });
    expect(d.domain_endpoint_options).toEqual({ enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" });
    const security = d.advanced_security_options as { enabled: boolean; internal_user_database_enabled: boolean; master_user_options: Record<string, unknown> };
    expect(security.enabled).toBe(true);
    expect(security.internal_user_database_enabled).toBe(false);
    expect(Object.keys(security.master_user_options)).toEqual(["master_user_arn"]);
    expect(String(security.master_user_options.master_user_arn)).toMatch(/^\$\{aws_iam_role\./);
    expect(d.snapshot_options).toEqual({ automated_snapshot_start_hour: 3 });
  });

  test.each([
    ["dev", false, undefined, 7],
    ["staging", true, 90, 30],
    ["prod", true, 365, 90],
  ] as const)("%s: customer-managed key %s; audit log kept %s days, other logs %i days, all encrypted", (env, cmk, auditDays, days) => {
    const d = domain(env);
    const kms = (d.encrypt_at_rest as Record<string, unknown>).kms_key_id;
    const dataKey = expect.stringMatching(/^\$\{aws_kms_key\.checkout_search_data-key_/);
    expect(kms).toEqual(cmk ? dataKey : undefined);
    const published = Object.fromEntries((d.log_publishing_options as Array<{ log_type: string; cloudwatch_log_group_arn: string; enabled: boolean }>).map((o) => [o.log_type, o]));
    expect(Object.keys(published).sort()).toEqual(["ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", ...(auditDays ? ["AUDIT_LOGS"] : [])].sort());
    const groups: Record<string, Record<string, unknown>> = Object.fromEntries(resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith(`/aws/opensearch/checkout-${env}/`)).map((g) => [String(g.name).split("/").pop(), g]));
    expect(groups.application.retention_in_days).toBe(days);
    // The audit log's group exists only where audit logs are published, and is kept in prod.
    expect(groups.audit?.retention_in_days).toBe(auditDays);
    expect((groups.audit?.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy).toBe(env === "prod" ? true : undefined);
    for (const g of Object.values(groups)) expect(String(g.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
    expect((d.lifecycle as Record<string, unknown>).prevent_destroy).toBe(env === "prod");
  });

  test("OpenSearch may write only to its log groups, for this domain of this account; the access policy is the account's", () => {
    const synth = targetSynth("aws", "prod", { service: true });
    const policy = onlyResource(synth, "aws_cloudwatch_log_resource_policy");
    const doc = Object.entries(synth.data!.aws_iam_policy_document).find(([name]) => String(policy.policy_document).includes(`.${name}.json`))![1];
    const [statement] = doc.statement as Array<Record<string, unknown>>;
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["es.amazonaws.com"] }]);
    expect(statement.actions).toEqual(["logs:PutLogEvents", "logs:CreateLogStream"]);
    expect((statement.resources as string[]).every((r) => /^\$\{aws_cloudwatch_log_group\.checkout_search_[^}]+\.arn\}:\*$/.test(r))).toBe(true);
    expect(JSON.stringify(statement.condition)).toContain("domain/checkout-prod");
    expect((onlyResource(synth, "aws_opensearch_domain").depends_on as string[])[0]).toMatch(/^aws_cloudwatch_log_resource_policy\./);
    const access = Object.entries(synth.data!.aws_iam_policy_document).find(([name]) => name.includes("checkout_search_access-policy"))![1];
    const [allow] = access.statement as Array<{ principals: Array<{ identifiers: string[] }>; resources: string[] }>;
    expect(allow.principals[0].identifiers[0]).toMatch(/:root$/);
    expect(allow.resources[0]).toMatch(/:domain\/checkout-prod\/\*$/);
  });

  test.each([
    ["dev", 1, false, false],
    ["staging", 6, true, true],
    ["prod", 6, true, true],
  ] as const)("%s: nodes expected %i; yellow alert %s; master and KMS alerts %s; the catalog's defaults converted", (env, nodes, yellow, mastersAndKms) => {
    const byMetric = Object.fromEntries(esAlarms(env).map((a) => [a.metric_name, a]));
    // nodes-missing: more than 0 missing is fewer than data + master nodes.
    expect(byMetric.Nodes).toMatchObject({ threshold: nodes, comparison_operator: "LessThanThreshold", statistic: "Minimum" });
    expect("ClusterStatus.yellow" in byMetric).toBe(yellow);
    for (const m of ["MasterCPUUtilization", "MasterJVMMemoryPressure", "KMSKeyError", "KMSKeyInaccessible"]) expect(m in byMetric).toBe(mastersAndKms);
    // storage-low: 25 % of a node's 100 GiB, in MiB (FreeStorageSpace's unit), on the fullest node.
    expect(byMetric.FreeStorageSpace).toMatchObject({ threshold: 25 * 1024, statistic: "Minimum", comparison_operator: "LessThanThreshold" });
    expect(byMetric.CPUUtilization).toMatchObject({ threshold: 80, statistic: "Maximum", period: 900, evaluation_periods: 3 });
    expect(byMetric.JVMMemoryPressure).toMatchObject({ threshold: 95, comparison_operator: "GreaterThanThreshold" });
    expect(byMetric.ThreadpoolWriteQueue).toMatchObject({ threshold: 100, statistic: "Average" });
    expect(byMetric.ThreadpoolSearchQueue).toMatchObject({ threshold: 500, statistic: "Average" });
    expect(byMetric["ClusterStatus.red"]).toMatchObject({ statistic: "Maximum", threshold: 1, period: 60, evaluation_periods: 1 });
    for (const a of esAlarms(env)) expect(Object.keys(a.dimensions as object).sort()).toEqual(["ClientId", "DomainName"]);
    const search = manifestOf(targetSynth("aws", env, { service: true }))!.components.find((c) => c.component === "opensearch")!;
    expect(search.kind).toBe("search");
    const yellowUnavailable = [{ id: "cluster-yellow", reason: expect.stringContaining("single data node") }];
    expect(search.unavailableAlerts).toEqual(yellow ? [] : yellowUnavailable);
  });

  test("overrides in the catalog's units: 10 % free of 200 GiB is 20480 MiB, one missing node of six is fewer than 5; AWS-only alerts under search.aws.alerts", () => {
    const synth = synthStack(
      targetStack("aws", {
        service: testService("aws", {
          search: {
            storageGiB: 200,
            alerts: { "storage-low": { threshold: 10 }, "nodes-missing": { threshold: 1 }, "jvm-memory-high": { threshold: 90, severity: "ticket" } },
            aws: { alerts: { "shards-high": { threshold: 1000 }, "automated-snapshot-failed": { enabled: false } } },
          },
        }),
      }).stack,
    );
    const byMetric = Object.fromEntries(resourceBodies(synth, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/ES").map((a) => [a.metric_name, a]));
    expect(byMetric.FreeStorageSpace.threshold).toBe(20480);
    expect(byMetric.Nodes.threshold).toBe(5);
    expect(byMetric.JVMMemoryPressure.threshold).toBe(90);
    expect(String(byMetric.JVMMemoryPressure.alarm_description)).toMatch(/^\[ticket\]/);
    expect(byMetric["Shards.active"].threshold).toBe(1000);
    expect(byMetric.AutomatedSnapshotFailure).toBeUndefined();
    expect(manifestOf(synth)!.alerts.find((a) => a.id === "storage-low" && a.component === "opensearch")!.canonical).toEqual({ kind: "search", id: "storage-low", threshold: 10, unit: "percent" });
  });

  test.each(ENVIRONMENTS)("%s: write and search rejections alarm on the increase of the cumulative counters (DIFF >= 1 per minute), as AWS recommends", (env) => {
    const alarms = resourceBodies(targetSynth("aws", env, { service: true }), "aws_cloudwatch_metric_alarm").filter((a) => a.metric_query !== undefined);
    const byName = Object.fromEntries(alarms.map((a) => [String(a.alarm_name).replace(`checkout-${env}-opensearch-`, ""), a]));
    expect(Object.keys(byName).sort()).toEqual(["search-rejected", "write-rejected"]);
    for (const [id, metric] of [["write-rejected", "ThreadpoolWriteRejected"], ["search-rejected", "ThreadpoolSearchRejected"]]) {
      const a = byName[id];
      // A metric math alarm names its metric only inside the query.
      expect(a.metric_name).toBeUndefined();
      expect(a.namespace).toBeUndefined();
      expect(a).toMatchObject({ threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", evaluation_periods: 1, treat_missing_data: "missing" });
      expect(a.metric_query).toEqual([
        { id: "m1", return_data: false, metric: { namespace: "AWS/ES", metric_name: metric, dimensions: { DomainName: `checkout-${env}`, ClientId: expect.stringMatching(/^\$\{data\.aws_caller_identity\./) }, period: 60, stat: "Sum" } },
        { id: "e1", return_data: true, expression: "DIFF(m1)", label: `DIFF(${metric})` },
      ]);
    }
  });

  test("a nodes-missing threshold the domain can never reach fails synth, naming the node count", () => {
    const messages = validationMessages(targetStack("aws", { service: testService("aws", { search: { alerts: { "nodes-missing": { threshold: 6 } } } }) }).stack);
    expect(messages).toContainEqual(messageAt("test/checkout/search", "`search.alerts.nodes-missing.threshold` is 6", "6 nodes (3 data + 3 master)", "use 0 to 5"));
  });
});
