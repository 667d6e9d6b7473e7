import { DEFAULT_GRAFANA_VERSION } from "../../lib/aws/managed-grafana";
import { onlyResource, resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { Statement, statementsOf } from "./policy-statements";
import { messageAt, targetStack, targetSynth } from "../harness";


const SAML = { idpMetadataUrl: "https://idp.example.com/saml/metadata", roleAssertion: "groups", adminRoleValues: ["grafana-admins"], editorRoleValues: ["sre"] };

function grafanaRoleStatements(synth: SynthesizedStack): Record<string, Statement> {
  const [, policy] = Object.entries(synth.resource!.aws_iam_role_policy).find(([name]) => name.startsWith("platform_grafana_role_"))!;
  return Object.fromEntries(statementsOf(synth, policy.policy).map((s) => [s.sid, s]));
}

describe("AWS Managed Grafana", () => {
  test.each(ENVIRONMENTS)("%s: a workspace of this account reading AMP and CloudWatch through a customer-managed role, notifying SNS", (env) => {
    const synth = targetSynth("aws", env);
    const workspace = onlyResource(synth, "aws_grafana_workspace");
    expect(workspace).toMatchObject({
      name: `checkout-${env}`,
      account_access_type: "CURRENT_ACCOUNT",
      authentication_providers: ["AWS_SSO"],
      permission_type: "CUSTOMER_MANAGED",
      data_sources: ["PROMETHEUS", "CLOUDWATCH"],
      notification_destinations: ["SNS"],
      grafana_version: DEFAULT_GRAFANA_VERSION,
    });
    expect(String(workspace.role_arn)).toMatch(/^\$\{aws_iam_role\.platform_grafana_role_[^.]+\.arn\}$/);
    expect(JSON.parse(String(workspace.configuration))).toEqual({ plugins: { pluginAdminEnabled: false }, unifiedAlerting: { enabled: true } });
  });

  test("only Grafana of this account's workspaces may assume the role", () => {
    const synth = targetSynth("aws");
    const [, role] = Object.entries(synth.resource!.aws_iam_role).find(([name]) => name.startsWith("platform_grafana_role_"))!;
    const [trust] = statementsOf(synth, role.assume_role_policy);
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["grafana.amazonaws.com"] }]);
    expect(trust.condition!.map((c) => [c.test, c.variable])).toEqual([
      ["StringEquals", "aws:SourceAccount"],
      ["StringLike", "aws:SourceArn"],
    ]);
    expect(trust.condition![1].values[0]).toMatch(/:grafana:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:\/workspaces\/\*$/);
  });

  test("the role queries this AMP workspace only, reads CloudWatch of this account and Region, and publishes to the alert topics only", () => {
    const synth = targetSynth("aws");
    const s = grafanaRoleStatements(synth);
    const workspaceArn = `\${aws_prometheus_workspace.${Object.keys(synth.resource!.aws_prometheus_workspace)[0]}.arn}`;
    expect(s.QueryPrometheus).toMatchObject({ actions: ["aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata", "aps:DescribeWorkspace"], resources: [workspaceArn] });
    expect(s.ReadPrometheusAlerts.resources).toEqual([workspaceArn]);
    expect(s.ReadCloudWatchAlarms.resources[0]).toMatch(/:cloudwatch:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:alarm:\*$/);
    expect(s.QueryLogGroups.resources[0]).toMatch(/:logs:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:\*$/);
    expect(s.ReadLogStreams).toMatchObject({ actions: ["logs:GetLogEvents"], resources: [expect.stringMatching(/:logs:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:\*:log-stream:\*$/)] });
    expect(s.ReadContributorInsights).toMatchObject({ actions: ["cloudwatch:GetInsightRuleReport"], resources: [expect.stringMatching(/:cloudwatch:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:insight-rule\/\*$/)] });
    expect(s.ListSinkLinks).toMatchObject({ actions: ["oam:ListAttachedLinks"], resources: [expect.stringMatching(/:oam:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:sink\/\*$/)] });
    const topics = Object.keys(synth.resource!.aws_sns_topic).map((n) => `\${aws_sns_topic.${n}.arn}`);
    expect([...s.NotifyAlertTopics.resources].sort()).toEqual(topics.sort());
    expect(s.UseAlertTopicKey.resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.platform_alerting_key_[^.]+\.arn\}$/)]);
    // Nothing beyond reading, silencing and notifying.
    const actions = Object.values(s).flatMap((st) => st.actions);
    expect(actions.filter((a) => /:(Create|Delete|Put|Update)/.test(a)).sort()).toEqual(["aps:DeleteAlertManagerSilence", "aps:PutAlertManagerSilences"]);
  });

  test("`*` stays only on the actions the Service Authorization Reference gives no resource type", () => {
    const s = grafanaRoleStatements(targetSynth("aws"));
    const onAny = Object.values(s).filter((st) => st.resources.includes("*")).flatMap((st) => st.actions).sort();
    expect(onAny).toEqual(
      [
        "aps:ListWorkspaces",
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:ListMetrics",
        "ec2:DescribeInstances",
        "ec2:DescribeRegions",
        "ec2:DescribeTags",
        "logs:GetQueryResults",
        "logs:StopQuery",
        "oam:ListSinks",
        "tag:GetResources",
      ].sort(),
    );
    // Every other statement names resources of this account (and Region).
    for (const st of Object.values(s).filter((x) => !x.resources.includes("*"))) {
      for (const r of st.resources) expect(r).toMatch(/^(\$\{aws_[a-z_]+\.[^.]+\.arn\}|arn:\$\{data\.aws_partition\.[^}]+\}:[a-z]+:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:.+)$/);
    }
  });

  test("SAML sign-in gets its SAML configuration", () => {
    const synth = synthStack(targetStack("aws", { platform: { grafana: { authentication: "SAML", saml: SAML } } }).stack);
    expect(onlyResource(synth, "aws_grafana_workspace").authentication_providers).toEqual(["SAML"]);
    expect(onlyResource(synth, "aws_grafana_workspace_saml_configuration")).toMatchObject({
      idp_metadata_url: SAML.idpMetadataUrl,
      role_assertion: "groups",
      admin_role_values: ["grafana-admins"],
      editor_role_values: ["sre"],
      login_assertion: "mail",
      email_assertion: "mail",
    });
    expect(resourceBodies(targetSynth("aws"), "aws_grafana_workspace_saml_configuration")).toEqual([]);
  });

  test("grafana: false builds no workspace and no role", () => {
    const { stack, platform } = targetStack("aws", { platform: { grafana: false } });
    const synth = synthStack(stack);
    expect(platform.grafana).toBeUndefined();
    expect(resourceBodies(synth, "aws_grafana_workspace")).toEqual([]);
    expect(Object.keys(synth.resource!.aws_iam_role).filter((n) => n.includes("grafana"))).toEqual([]);
  });

  test.each([
    ["SAML without settings", { authentication: "SAML" }, ['`grafana.authentication` is "SAML"', "`grafana.saml` is missing", "metadata URL"]],
    ["SAML settings with SSO", { saml: SAML }, ["`grafana.saml` is set", '`grafana.authentication` is "AWS_SSO"', 'set authentication to "SAML" or drop saml']],
    ["an unknown sign-in method", { authentication: "LDAP" }, ["`grafana.authentication`", '"LDAP"', 'use "AWS_SSO" (IAM Identity Center) or "SAML"']],
    ["a metadata URL over http", { authentication: "SAML", saml: { ...SAML, idpMetadataUrl: "http://idp.example.com/metadata" } }, ["`grafana.saml.idpMetadataUrl`", '"http://idp.example.com/metadata"', "not an https URL"]],
    ["no admin role", { authentication: "SAML", saml: { ...SAML, adminRoleValues: [] } }, ["`grafana.saml.adminRoleValues` is empty", "name at least one role value"]],
  ] as const)("rejects %s", (_name, grafana, says) => {
    expect(validationMessages(targetStack("aws", { platform: { grafana: grafana as never } }).stack)).toContainEqual(messageAt("test/platform/grafana", ...says));
  });
});
