import { checkName, fitName, NAMING_RULES, NamingRule } from "../../lib/core/naming";
import { toGcpLabels, standardTags, checkAwsTags } from "../../lib/core/tags";
import { messageSaying } from "../harness";

describe("naming", () => {
  test("checkName accepts valid names and explains invalid ones", () => {
    expect(checkName("checkout-prod", NAMING_RULES.awsEksCluster)).toBeUndefined();
    expect(checkName("a".repeat(64), NAMING_RULES.kubernetesDnsLabel)).toEqual(messageSaying(`\`name\` "${"a".repeat(64)}"`, "64 characters", "at most 63", "Use a shorter name"));
    expect(checkName("Checkout", NAMING_RULES.gcpResource, "cluster.name")).toEqual(messageSaying('`cluster.name` "Checkout"', "not a valid GCP resource name", "use lowercase letters, digits and '-'"));
    expect(checkName("ab", NAMING_RULES.awsS3Bucket)).toEqual(messageSaying('`name` "ab"', "2 characters", "needs at least 3"));
  });

  test("a message names the rule with the article it is said with", () => {
    const said = (name: string, rule: NamingRule) => /characters; (an? .+?) (allows|needs)/.exec(checkName(name, rule)!)![1];
    expect(said("c".repeat(101), NAMING_RULES.awsEksCluster)).toBe("an EKS cluster name");
    expect(said("ab", NAMING_RULES.awsS3Bucket)).toBe("an S3 bucket name");
    expect(said("a".repeat(300), NAMING_RULES.azureEventHub)).toBe("an event hub name");
    expect(said("a".repeat(64), NAMING_RULES.kubernetesDnsLabel)).toBe("a Kubernetes DNS label");
    expect(said("a".repeat(64), NAMING_RULES.gcpResource)).toBe("a GCP resource name");
    expect(said("a".repeat(513), NAMING_RULES.awsLogGroup)).toBe("a CloudWatch log group name");
  });

  test("fitName keeps short names, replaces forbidden characters, and cuts long ones with a stable hash", () => {
    expect(fitName(["checkout", "prod", "eks-node"], NAMING_RULES.awsIamRole)).toBe("checkout-prod-eks-node");
    expect(fitName(["Checkout", "Prod"], NAMING_RULES.gcpResource)).toBe("checkout-prod");
    expect(fitName(["a b", "c"], NAMING_RULES.awsSnsTopic)).toBe("a-b-c");
    const long = fitName(["x".repeat(60), "cloudwatch-agent"], NAMING_RULES.awsIamRole);
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^x+-[0-9a-f]{8}$/);
    expect(fitName(["x".repeat(60), "cloudwatch-agent"], NAMING_RULES.awsIamRole)).toBe(long);
    expect(fitName(["x".repeat(60), "ebs-csi"], NAMING_RULES.awsIamRole)).not.toBe(long);
    expect(checkName(long, NAMING_RULES.awsIamRole)).toBeUndefined();
  });

  test("every fitted name satisfies its rule", () => {
    for (const rule of Object.values(NAMING_RULES)) {
      const name = fitName(["Service Name", "prod", "z".repeat(300)], rule);
      expect({ rule: rule.label, problem: checkName(name, rule) }).toEqual({ rule: rule.label, problem: undefined });
    }
  });
});

describe("tags and labels", () => {
  test("standard keys win over user tags with the same key", () => {
    expect(standardTags({ service: "s", environment: "prod", owner: "o" }, { owner: "x", team: "t" })).toEqual({
      team: "t",
      service: "s",
      environment: "prod",
      owner: "o",
      "managed-by": "vigil",
    });
  });

  test("AWS tag rules", () => {
    expect(checkAwsTags({ owner: "team-checkout@example.com" })).toEqual([]);
    expect(checkAwsTags({ "aws:owner": "x" })).toEqual([
      'tag key "aws:owner" is not a valid AWS tag key: 1-128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"',
    ]);
  });

  test("GCP labels are lowercase, restricted to [a-z0-9_-] and 63 characters, keys start with a letter", () => {
    expect(toGcpLabels({ Owner: "Team.Checkout@Example.com", "1x": "v" })).toEqual({ owner: "team_checkout_example_com", k1x: "v" });
    expect(Object.values(toGcpLabels({ k: "v".repeat(80) }))[0]).toHaveLength(63);
  });
});
