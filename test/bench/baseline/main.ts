// Benchmark baseline (c): the service of test/bench/apps/aws-service.ts — the
// reference deployment's prod stack — written by hand the way the cdktf
// documentation and the default template lead a team to: the provider's barrel
// import, run with ts-node (which type-checks). It synthesizes the same
// resources and data sources (types and counts; `npm run bench` compares them)
// with the same main arguments. It exists only to be measured against Vigil,
// which is why test/imports.test.ts skips this folder; nothing imports it.
import { Construct } from "constructs";
import { App, Fn, ITerraformDependable, S3Backend, TerraformStack } from "cdktf";
import * as aws from "@cdktf/provider-aws";

const SERVICE = "checkout";
const ENV = "prod";
const REGION = "eu-west-1";
const PREFIX = `${SERVICE}-${ENV}`;
const TAGS = { service: SERVICE, environment: ENV, owner: "team-checkout", "managed-by": "vigil" };
const RUNBOOKS = "https://github.com/example-org/checkout-platform/blob/main/docs/runbooks";
const ZONES = [0, 1, 2];

class CheckoutInfraStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const backend = new S3Backend(this, { bucket: "checkout-terraform-state", key: `vigil/${id}/terraform.tfstate`, region: REGION, encrypt: true });
    backend.addOverride("use_lockfile", true);
    new aws.provider.AwsProvider(this, "aws", { region: REGION, defaultTags: [{ tags: TAGS }] });

    const caller = new aws.dataAwsCallerIdentity.DataAwsCallerIdentity(this, "caller");
    const partition = new aws.dataAwsPartition.DataAwsPartition(this, "partition");
    const accountRoot = `arn:${partition.partition}:iam::${caller.accountId}:root`;
    const adminStatement = { sid: "AccountAdministersKey", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: [accountRoot] }] };
    const kmsKey = (name: string, description: string, extra: aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocumentStatement[]) => {
      const policy = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, `${name}-key-policy`, { statement: [adminStatement, ...extra] });
      const key = new aws.kmsKey.KmsKey(this, `${name}-key`, {
        description,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policy.json,
        lifecycle: { preventDestroy: true },
      });
      new aws.kmsAlias.KmsAlias(this, `${name}-key-alias`, { name: `alias/${PREFIX}-${name}`, targetKeyId: key.keyId });
      return key;
    };
    const sourceAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [caller.accountId] }];
    const alarmPublishers = [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }];

    const logsKey = kmsKey("logs", `Encrypts the ${PREFIX} CloudWatch log groups`, [
      {
        sid: "CloudWatchLogsUseKey",
        principals: [{ type: "Service", identifiers: [`logs.${REGION}.${partition.dnsSuffix}`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:${partition.partition}:logs:${REGION}:${caller.accountId}:log-group:*`] }],
      },
    ]);
    const alertsKey = kmsKey("alerts", `Encrypts the ${PREFIX} alert topics`, [
      { sid: "AlarmsAndEventsPublish", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], principals: alarmPublishers, condition: sourceAccount },
    ]);
    const secretsKey = kmsKey("eks-secrets", `Envelope encryption of Kubernetes Secrets in ${PREFIX}`, []);

    const logGroup = (id: string, name: string, retentionInDays: number, preventDestroy = false) =>
      new aws.cloudwatchLogGroup.CloudwatchLogGroup(this, id, { name, retentionInDays, kmsKeyId: logsKey.arn, lifecycle: preventDestroy ? { preventDestroy } : undefined });

    const role = (id: string, name: string, service: string, actions = ["sts:AssumeRole"]) => {
      const trust = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, `${id}-trust`, {
        statement: [{ actions, principals: [{ type: "Service", identifiers: [service] }] }],
      });
      return new aws.iamRole.IamRole(this, id, { name, assumeRolePolicy: trust.json });
    };
    const attach = (r: aws.iamRole.IamRole, policy: string) =>
      new aws.iamRolePolicyAttachment.IamRolePolicyAttachment(this, `${r.friendlyUniqueId}-${policy.replace(/\//g, "-")}`, {
        role: r.name,
        policyArn: `arn:${partition.partition}:iam::aws:policy/${policy}`,
      });

    // Alerting: an SNS topic per severity, encrypted, with its subscriptions.
    const topics: Record<string, aws.snsTopic.SnsTopic> = {};
    for (const severity of ["page", "ticket", "info"]) {
      const topic = new aws.snsTopic.SnsTopic(this, `${severity}-topic`, { name: `${PREFIX}-alerts-${severity}`, displayName: `${PREFIX} ${severity} alerts`, kmsMasterKeyId: alertsKey.arn });
      const policy = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, `${severity}-topic-policy-document`, {
        statement: [{ actions: ["sns:Publish"], resources: [topic.arn], principals: alarmPublishers, condition: sourceAccount }],
      });
      new aws.snsTopicPolicy.SnsTopicPolicy(this, `${severity}-topic-policy`, { arn: topic.arn, policy: policy.json });
      topics[severity] = topic;
    }
    const pagerDutyKey = new aws.dataAwsSecretsmanagerSecretVersion.DataAwsSecretsmanagerSecretVersion(this, "pagerduty-key", { secretId: "vigil/checkout/pagerduty-routing-key" });
    const issueWebhook = new aws.dataAwsSecretsmanagerSecretVersion.DataAwsSecretsmanagerSecretVersion(this, "issue-webhook", { secretId: "vigil/checkout/issue-webhook-url" });
    new aws.snsTopicSubscription.SnsTopicSubscription(this, "page-oncall", {
      topicArn: topics.page.arn,
      protocol: "https",
      endpoint: `https://events.pagerduty.com/integration/${pagerDutyKey.secretString}/enqueue`,
      endpointAutoConfirms: true,
    });
    for (const severity of ["page", "ticket"]) {
      new aws.snsTopicSubscription.SnsTopicSubscription(this, `${severity}-team-email`, { topicArn: topics[severity].arn, protocol: "email", endpoint: "checkout-oncall@example.com" });
    }
    new aws.snsTopicSubscription.SnsTopicSubscription(this, "ticket-tickets", { topicArn: topics.ticket.arn, protocol: "https", endpoint: issueWebhook.secretString, endpointAutoConfirms: false });

    // Network: a VPC over three zones, private and public subnets, a NAT gateway per zone, flow logs.
    const zones = new aws.dataAwsAvailabilityZones.DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const vpc = new aws.vpc.Vpc(this, "vpc", { cidrBlock: "10.30.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: PREFIX } });
    new aws.defaultSecurityGroup.DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, tags: { Name: `${PREFIX}-default-deny` } });
    const igw = new aws.internetGateway.InternetGateway(this, "internet-gateway", { vpcId: vpc.id, tags: { Name: PREFIX } });
    const publicRoutes = new aws.routeTable.RouteTable(this, "public-routes", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${PREFIX}-public` } });
    const clusterTag = `kubernetes.io/cluster/${PREFIX}`;
    const privateSubnets = ZONES.map((i) => {
      const publicSubnet = new aws.subnet.Subnet(this, `public-${i}`, {
        vpcId: vpc.id,
        availabilityZone: Fn.element(zones.names, i),
        cidrBlock: `10.30.${244 + 4 * i}.0/22`,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${PREFIX}-public-${i}`, [clusterTag]: "shared", "kubernetes.io/role/elb": "1" },
      });
      new aws.routeTableAssociation.RouteTableAssociation(this, `public-${i}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      const eip = new aws.eip.Eip(this, `nat-${i}-address`, { domain: "vpc", tags: { Name: `${PREFIX}-nat-${i}` } });
      const nat = new aws.natGateway.NatGateway(this, `nat-${i}`, { allocationId: eip.allocationId, subnetId: publicSubnet.id, dependsOn: [igw], tags: { Name: `${PREFIX}-nat-${i}` } });
      const privateSubnet = new aws.subnet.Subnet(this, `private-${i}`, {
        vpcId: vpc.id,
        availabilityZone: Fn.element(zones.names, i),
        cidrBlock: `10.30.${32 * i}.0/19`,
        tags: { Name: `${PREFIX}-private-${i}`, [clusterTag]: "shared", "kubernetes.io/role/internal-elb": "1" },
      });
      const routes = new aws.routeTable.RouteTable(this, `private-${i}-routes`, { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: { Name: `${PREFIX}-private-${i}` } });
      new aws.routeTableAssociation.RouteTableAssociation(this, `private-${i}-route-association`, { subnetId: privateSubnet.id, routeTableId: routes.id });
      return privateSubnet;
    });
    const flowLogs = logGroup("flow-logs", `/vigil/${PREFIX}/vpc-flow-logs`, 90);
    const flowLogsRole = role("flow-logs-role", `${PREFIX}-vpc-flow-logs`, "vpc-flow-logs.amazonaws.com");
    const flowLogsPermissions = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "flow-logs-permissions", {
      statement: [
        { sid: "WriteFlowLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], resources: [flowLogs.arn, `${flowLogs.arn}:*`] },
        { sid: "FindLogGroup", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
      ],
    });
    new aws.iamRolePolicy.IamRolePolicy(this, "flow-logs-role-inline", { name: "least-privilege", role: flowLogsRole.id, policy: flowLogsPermissions.json });
    new aws.flowLog.FlowLog(this, "flow-log", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogs.arn,
      iamRoleArn: flowLogsRole.arn,
      maxAggregationInterval: 60,
    });

    // EKS: private endpoint, encrypted Secrets, control-plane logs, one managed node group, add-ons.
    const controlPlaneLogs = logGroup("control-plane-logs", `/aws/eks/${PREFIX}/cluster`, 365, true);
    for (const kind of ["application", "dataplane", "host", "performance"]) {
      logGroup(`container-insights-${kind}-logs`, `/aws/containerinsights/${PREFIX}/${kind}`, 90);
    }
    const clusterRole = role("cluster-role", `${PREFIX}-eks-cluster`, "eks.amazonaws.com");
    const clusterPolicy = attach(clusterRole, "AmazonEKSClusterPolicy");
    const clusterPermissions = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "cluster-role-permissions", {
      statement: [{ sid: "EnvelopeEncryption", actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], resources: [secretsKey.arn] }],
    });
    new aws.iamRolePolicy.IamRolePolicy(this, "cluster-role-inline", { name: "least-privilege", role: clusterRole.id, policy: clusterPermissions.json });
    const cluster = new aws.eksCluster.EksCluster(this, "cluster", {
      name: PREFIX,
      version: "1.34",
      roleArn: clusterRole.arn,
      vpcConfig: { subnetIds: privateSubnets.map((s) => s.id), endpointPrivateAccess: true, endpointPublicAccess: false },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      deletionProtection: true,
      dependsOn: [controlPlaneLogs, clusterPolicy],
      lifecycle: { preventDestroy: true },
    });
    const nodeRole = role("node-role", `${PREFIX}-eks-node`, "ec2.amazonaws.com");
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"].map((p) => attach(nodeRole, p));
    const nodeTags = { Name: `${PREFIX}-general`, ...TAGS };
    const launchTemplate = new aws.launchTemplate.LaunchTemplate(this, "general-launch-template", {
      name: `${PREFIX}-general`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      tagSpecifications: [
        { resourceType: "instance", tags: nodeTags },
        { resourceType: "volume", tags: nodeTags },
      ],
    });
    const nodeGroup = new aws.eksNodeGroup.EksNodeGroup(this, "general-nodes", {
      clusterName: cluster.name,
      nodeGroupName: `${PREFIX}-general`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: privateSubnets.map((s) => s.id),
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: ["m6i.2xlarge", "m5.2xlarge"],
      labels: { "vigil.dev/pool": "general" },
      launchTemplate: { id: launchTemplate.id, version: `${launchTemplate.latestVersion}` },
      scalingConfig: { minSize: 3, maxSize: 12, desiredSize: 6 },
      updateConfig: { maxUnavailablePercentage: 33 },
      nodeRepairConfig: { enabled: true },
      taint: [],
      dependsOn: nodePolicies,
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
    const addon = (name: string, dependsOn: ITerraformDependable[] | undefined, podIdentity?: { serviceAccount: string; roleArn: string }) =>
      new aws.eksAddon.EksAddon(this, `addon-${name}`, {
        clusterName: cluster.name,
        addonName: name,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        podIdentityAssociation: podIdentity ? [podIdentity] : undefined,
        dependsOn,
      });
    addon("vpc-cni", undefined);
    addon("kube-proxy", undefined);
    addon("coredns", [nodeGroup]);
    const podIdentityAgent = addon("eks-pod-identity-agent", undefined);
    const podRole = (id: string, policy: string) => {
      const r = role(id, `${PREFIX}-${id}`, "pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]);
      attach(r, policy);
      return r;
    };
    addon("aws-ebs-csi-driver", [nodeGroup, podIdentityAgent], { serviceAccount: "ebs-csi-controller-sa", roleArn: podRole("ebs-csi", "service-role/AmazonEBSCSIDriverPolicy").arn });
    addon("amazon-cloudwatch-observability", [nodeGroup, podIdentityAgent], {
      serviceAccount: "cloudwatch-agent",
      roleArn: podRole("cloudwatch-agent", "CloudWatchAgentServerPolicy").arn,
    });

    // Alarms (the same seven, same metrics and thresholds) and a dashboard.
    const alarms: Array<[string, string, string, string, string, number, number, number, string, string, string]> = [
      ["apiserver-5xx", "page", "AWS/EKS", "apiserver_request_total_5XX", "Sum", 300, 3, 50, "GreaterThanThreshold", "notBreaching", "Kubernetes API server returns 5XX errors"],
      ["failed-nodes", "ticket", "ContainerInsights", "cluster_failed_node_count", "Maximum", 300, 3, 1, "GreaterThanOrEqualToThreshold", "missing", "Worker nodes are failing"],
      ["node-cpu-high", "ticket", "ContainerInsights", "node_cpu_utilization", "Average", 300, 3, 80, "GreaterThanThreshold", "missing", "Node CPU above threshold"],
      ["node-filesystem-high", "ticket", "ContainerInsights", "node_filesystem_utilization", "Maximum", 300, 2, 80, "GreaterThanThreshold", "missing", "Node filesystem filling up"],
      ["node-memory-high", "ticket", "ContainerInsights", "node_memory_utilization", "Average", 300, 3, 80, "GreaterThanThreshold", "missing", "Node memory above threshold"],
      ["pods-crash-looping", "ticket", "ContainerInsights", "pod_container_status_waiting_reason_crash_loop_back_off", "Maximum", 300, 3, 1, "GreaterThanOrEqualToThreshold", "notBreaching", "Containers are crash-looping"],
      ["pods-unschedulable", "ticket", "AWS/EKS", "scheduler_pending_pods_UNSCHEDULABLE", "Sum", 60, 15, 0, "GreaterThanThreshold", "notBreaching", "Pods cannot be scheduled"],
    ];
    for (const [id, severity, namespace, metricName, statistic, period, evaluationPeriods, threshold, comparisonOperator, treatMissingData, summary] of alarms) {
      new aws.cloudwatchMetricAlarm.CloudwatchMetricAlarm(this, `alarm-${id}`, {
        alarmName: `${PREFIX}-eks-cluster-${id}`,
        alarmDescription: `[${severity}] ${summary} in ${PREFIX}\nRunbook: ${RUNBOOKS}/eks-cluster/${id}.md`,
        namespace,
        metricName,
        dimensions: { ClusterName: PREFIX },
        statistic,
        period,
        evaluationPeriods,
        datapointsToAlarm: id === "apiserver-5xx" ? 2 : undefined,
        threshold,
        comparisonOperator,
        treatMissingData,
        actionsEnabled: true,
        alarmActions: [topics[severity].arn],
        okActions: [topics[severity].arn],
      });
    }
    const widgets = alarms.map(([id, , namespace, metricName, statistic, period], i) => ({
      type: "metric",
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: { title: id, region: REGION, view: "timeSeries", period, metrics: [[namespace, metricName, "ClusterName", PREFIX, { stat: statistic }]] },
    }));
    new aws.cloudwatchDashboard.CloudwatchDashboard(this, "dashboard", { dashboardName: `${PREFIX}-eks-cluster`, dashboardBody: JSON.stringify({ widgets }) });
  }
}

const app = new App();
new CheckoutInfraStack(app, "prod-aws-infra");
app.synth();
