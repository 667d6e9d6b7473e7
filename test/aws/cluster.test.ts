import { onlyResource, resourceBodies, resourcesOfType, synthStack } from "../../lib/testing";
import type { EnvironmentTier } from "../../lib/core/environment";
import { ENVIRONMENTS } from "../support";
import { targetStack, targetSynth } from "../harness";

const cluster = (env: EnvironmentTier) => onlyResource(targetSynth("aws", env), "aws_eks_cluster");

describe("AWS EKS cluster", () => {
  test.each(ENVIRONMENTS)("%s: Secrets are envelope-encrypted with a rotating customer-managed key", (env) => {
    const synth = targetSynth("aws", env);
    const enc = cluster(env).encryption_config as { resources: string[]; provider: { key_arn: string } };
    expect(enc.resources).toEqual(["secrets"]);
    const keyRef = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(enc.provider.key_arn);
    expect(keyRef).not.toBeNull();
    const key = synth.resource!.aws_kms_key[keyRef![1]];
    expect(key.enable_key_rotation).toBe(true);
    // The cluster role may use that key, and only that key.
    const policyDocs = Object.values(synth.data!.aws_iam_policy_document);
    const encryption = policyDocs.flatMap((d) => d.statement as Array<Record<string, unknown>>).find((s) => s.sid === "EnvelopeEncryption");
    expect(encryption!.resources).toEqual([enc.provider.key_arn]);
  });

  test.each(ENVIRONMENTS)("%s: every control-plane log type is shipped", (env) => {
    expect(cluster(env).enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  test.each([
    ["dev", 30],
    ["staging", 90],
    ["prod", 365],
  ] as const)("%s: control-plane (audit) logs kept %i days in an encrypted group EKS writes to", (env, days) => {
    const c = cluster(env);
    const group = resourceBodies(targetSynth("aws", env), "aws_cloudwatch_log_group").find((g) => g.name === `/aws/eks/${c.name}/cluster`);
    expect(group!.retention_in_days).toBe(days);
    expect(String(group!.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
    expect((c.depends_on as string[]).some((d) => d.startsWith("aws_cloudwatch_log_group."))).toBe(true);
  });

  test.each([
    ["dev", true, ["0.0.0.0/0"]],
    ["staging", false, undefined],
    ["prod", false, undefined],
  ] as const)("%s: private endpoint on, public endpoint %s", (env, isPublic, cidrs) => {
    const vpc = cluster(env).vpc_config as Record<string, unknown>;
    expect(vpc.endpoint_private_access).toBe(true);
    expect(vpc.endpoint_public_access).toBe(isPublic);
    expect(vpc.public_access_cidrs).toEqual(cidrs);
    expect((vpc.subnet_ids as string[]).every((s) => s.includes("_private-"))).toBe(true);
  });

  test("outside dev a public endpoint is possible only restricted to given CIDRs", () => {
    const synth = synthStack(targetStack("aws", { platform: { cluster: { publicAccessCidrs: ["198.51.100.0/24"] } } }).stack);
    const vpc = onlyResource(synth, "aws_eks_cluster").vpc_config as Record<string, unknown>;
    expect(vpc.endpoint_public_access).toBe(true);
    expect(vpc.public_access_cidrs).toEqual(["198.51.100.0/24"]);
  });

  test.each([
    ["dev", 1, 3, 2, ["m6i.large", "m5.large"]],
    ["staging", 3, 6, 3, ["m6i.xlarge", "m5.xlarge"]],
    ["prod", 3, 12, 6, ["m6i.2xlarge", "m5.2xlarge"]],
  ] as const)("%s: node group autoscales between %i and %i (desired %i)", (env, min, max, desired, types) => {
    const group = onlyResource(targetSynth("aws", env), "aws_eks_node_group");
    expect(group.scaling_config).toEqual({ min_size: min, max_size: max, desired_size: desired });
    expect(group.instance_types).toEqual(types);
    expect(group.ami_type).toBe("AL2023_x86_64_STANDARD");
    expect(group.node_repair_config).toEqual({ enabled: true });
    expect((group.lifecycle as Record<string, unknown>).ignore_changes).toEqual(["scaling_config[0].desired_size"]);
    expect((group.subnet_ids as string[]).every((s) => s.includes("_private-"))).toBe(true);
  });

  test("node pools from props: one node group each, bounds and labels as given", () => {
    const synth = synthStack(
      targetStack("aws", {
        platform: {
          cluster: {
            nodePools: {
              general: {},
              batch: { minNodes: 3, maxNodes: 30, size: "xlarge", spot: true, taints: [{ key: "batch", effect: "NoSchedule" }] },
            },
          },
        },
      }).stack,
    );
    const groups = Object.fromEntries(resourceBodies(synth, "aws_eks_node_group").map((g) => [g.node_group_name, g]));
    expect(Object.keys(groups).sort()).toEqual(["checkout-prod-batch", "checkout-prod-general"]);
    const batch = groups["checkout-prod-batch"];
    expect(batch.scaling_config).toEqual({ min_size: 3, max_size: 30, desired_size: 6 });
    expect(batch.capacity_type).toBe("SPOT");
    expect(batch.instance_types).toEqual(["m6i.4xlarge", "m5.4xlarge"]);
    expect(batch.taint).toEqual([{ key: "batch", effect: "NO_SCHEDULE" }]);
  });

  test.each(ENVIRONMENTS)("%s: nodes use IMDSv2 only with a hop limit of 1 (pods take credentials from Pod Identity) and encrypted gp3 root volumes", (env) => {
    const lt = onlyResource(targetSynth("aws", env), "aws_launch_template");
    expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    const ebs = (lt.block_device_mappings as Array<{ ebs: Record<string, unknown> }>)[0].ebs;
    expect(ebs.encrypted).toBe("true");
    expect(ebs.volume_type).toBe("gp3");
  });

  test.each([
    ["dev", false, false],
    ["staging", true, false],
    ["prod", true, true],
  ] as const)("%s: deletion protection %s, prevent_destroy %s", (env, protection, preventDestroy) => {
    const c = cluster(env);
    expect(c.deletion_protection).toBe(protection);
    expect((c.lifecycle as Record<string, unknown>).prevent_destroy).toBe(preventDestroy);
  });

  test.each([
    ["dev", undefined, 7],
    ["staging", undefined, 30],
    ["prod", true, 30],
  ] as const)("%s: the audit log group and every KMS key are protected from destroy only where the profile protects data", (env, preventDestroy, window) => {
    const synth = targetSynth("aws", env);
    const audit = resourceBodies(synth, "aws_cloudwatch_log_group").find((g) => g.name === `/aws/eks/${cluster(env).name}/cluster`)!;
    expect((audit.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy).toBe(preventDestroy);
    const keys = resourceBodies(synth, "aws_kms_key");
    // logs, EKS Secrets, alert topics, audit trail
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      expect((key.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy).toBe(preventDestroy);
      expect(key.deletion_window_in_days).toBe(window);
    }
    // Operational logs are not held back.
    const flow = resourceBodies(synth, "aws_cloudwatch_log_group").find((g) => String(g.name).endsWith("/vpc-flow-logs"))!;
    expect(flow.lifecycle).toBeUndefined();
  });

  test("authentication through access entries; admins get the cluster-admin access policy", () => {
    const admin = "arn:aws:iam::123456789012:role/platform-admins";
    const synth = synthStack(targetStack("aws", { platform: { cluster: { admins: [admin] } } }).stack);
    expect((onlyResource(synth, "aws_eks_cluster").access_config as Record<string, unknown>).authentication_mode).toBe("API");
    expect(onlyResource(synth, "aws_eks_access_entry").principal_arn).toBe(admin);
    const association = onlyResource(synth, "aws_eks_access_policy_association");
    expect(String(association.policy_arn)).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
    expect(association.access_scope).toEqual({ type: "cluster" });
  });

  test("core add-ons, EBS CSI and Container Insights with Pod Identity roles", () => {
    const synth = targetSynth("aws");
    const addons = Object.fromEntries(resourceBodies(synth, "aws_eks_addon").map((a) => [a.addon_name, a]));
    expect(Object.keys(addons).sort()).toEqual(
      ["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"].sort(),
    );
    const cw = addons["amazon-cloudwatch-observability"].pod_identity_association as Array<Record<string, string>>;
    expect(cw[0].service_account).toBe("cloudwatch-agent");
    const roles = Object.fromEntries(resourcesOfType(synth, "aws_iam_role"));
    const cwRole = roles[/\$\{aws_iam_role\.([^.]+)\.arn\}/.exec(cw[0].role_arn)![1]];
    expect(String(cwRole.name)).toBe("checkout-prod-cloudwatch-agent");
    const attachments = resourceBodies(synth, "aws_iam_role_policy_attachment").map((a) => String(a.policy_arn).split("policy/")[1]);
    expect(attachments).toEqual(expect.arrayContaining(["CloudWatchAgentServerPolicy", "service-role/AmazonEBSCSIDriverPolicy", "AmazonEKSClusterPolicy", "AmazonEC2ContainerRegistryPullOnly"]));
    // With hop limit 1 only host-network pods reach IMDS: the EBS CSI node plugin runs there to read its instance
    // metadata; the other add-ons take nothing from IMDS that a pod needs (their host-network pods aside).
    expect(JSON.parse(String(addons["aws-ebs-csi-driver"].configuration_values))).toEqual({ node: { hostNetwork: true } });
    // The CloudWatch add-on runs the log pipeline's Fluent Bit configuration (test/aws/logs.test.ts).
    expect(JSON.parse(String(addons["amazon-cloudwatch-observability"].configuration_values).replace(/\$\$\{/g, "${")).containerLogs.enabled).toBe(true);
    for (const name of ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]) expect(addons[name].configuration_values).toBeUndefined();
    // Add-ons that run pods wait for nodes.
    expect((addons.coredns.depends_on as string[]).some((d) => d.startsWith("aws_eks_node_group."))).toBe(true);
  });

  test("Container Insights log groups get the profile's retention instead of never expiring", () => {
    const groups = resourceBodies(targetSynth("aws", "staging"), "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/aws/containerinsights/"));
    expect(groups.map((g) => g.name).sort()).toEqual(
      ["application", "dataplane", "host", "performance"].map((t) => `/aws/containerinsights/checkout-staging/${t}`),
    );
    expect(groups.every((g) => g.retention_in_days === 30)).toBe(true);
  });
});
