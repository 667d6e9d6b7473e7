import { AwsSyntheticCanary } from "../../lib/aws/canary";
import { synthStack, SynthesizedStack } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { Statement, statementsOf } from "./policy-statements";
import { targetStack } from "../harness";

/**
 * Actions an identity policy may grant on `*`, each because the action has
 * no resource-level permissions (Service Authorization Reference). Anything
 * else on `*`, and any service-wide action (`*`, `svc:*`), fails the test;
 * prefix wildcards (`cloudwatch:Get*`) on `*` must be listed here too.
 */
const ALLOWED_ON_ANY_RESOURCE: Record<string, string> = {
  "s3:ListAllMyBuckets": "lists buckets; Synthetics calls it before uploading artifacts",
  "cloudwatch:PutMetricData": "no metric ARNs; limited to the CloudWatchSynthetics namespace by condition",
  "cloudwatch:ListMetrics": "no metric ARNs",
  "cloudwatch:GetMetricData": "no metric ARNs",
  "cloudwatch:GetMetricStatistics": "no metric ARNs",
  "cloudwatch:DescribeAlarmsForMetric": "no resource-level permissions",
  "logs:StopQuery": "acts on a query id",
  "logs:GetQueryResults": "acts on a query id",
  "ec2:DescribeTags": "EC2 Describe* accept no resource",
  "ec2:DescribeInstances": "EC2 Describe* accept no resource",
  "ec2:DescribeRegions": "EC2 Describe* accept no resource",
  "ec2:CreateNetworkInterface": "Lambda ENIs of a VPC canary (AWS's documented canary policy)",
  "ec2:DescribeNetworkInterfaces": "EC2 Describe* accept no resource",
  "ec2:DeleteNetworkInterface": "Lambda ENIs of a VPC canary (AWS's documented canary policy)",
  "tag:GetResources": "the tagging API accepts no resource",
  "oam:ListSinks": "listing accepts no resource",
  "aps:ListWorkspaces": "listing accepts no resource",
  // Pre-existing: the flow-log delivery role (lib/aws/network.ts), as in the VPC User Guide's role policy;
  // DescribeLogGroups also accepts `arn:...:log-group:*`, which would be narrower.
  "logs:DescribeLogGroups": "the VPC flow logs role policy AWS documents",
  // Pre-existing: AWS Chatbot's read role (lib/aws/alerting.ts).
  "cloudwatch:Describe*": "AWS Chatbot's documented read-only notification permissions",
  "cloudwatch:Get*": "AWS Chatbot's documented read-only notification permissions",
  "cloudwatch:List*": "AWS Chatbot's documented read-only notification permissions",
};

/** Statements of every policy attached to a role (identity policies, not key or bucket policies). */
function roleStatements(synth: SynthesizedStack): Statement[] {
  return Object.values(synth.resource!.aws_iam_role_policy ?? {}).flatMap((policy) => statementsOf(synth, policy.policy));
}

describe("IAM roles are least privilege", () => {
  test.each(ENVIRONMENTS)("%s: no role grants a service-wide action, and * resources only for listed actions that accept nothing narrower", (env) => {
    const { stack, platform } = targetStack("aws", { environment: env });
    new AwsSyntheticCanary(platform, "canary", { platform, name: "web", url: "https://www.example.com/healthz", vpc: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-a"] } });
    const statements = roleStatements(synthStack(stack));
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) {
      expect({ sid: s.sid, effect: s.effect ?? "Allow" }).toEqual({ sid: s.sid, effect: "Allow" });
      for (const action of s.actions) {
        expect({ sid: s.sid, action, serviceWide: action === "*" || /:\*$/.test(action) }).toEqual({ sid: s.sid, action, serviceWide: false });
        // On any resource ("*") only when the action is listed as accepting nothing narrower.
        const onAnyResource = s.resources.includes("*");
        expect({ sid: s.sid, action, onAnyResource, justified: !onAnyResource || action in ALLOWED_ON_ANY_RESOURCE }).toEqual({ sid: s.sid, action, onAnyResource, justified: true });
      }
    }
  });
});
