// Benchmark app (b): one AWS-only service in one environment — the reference
// deployment's prod stack alone (VPC, EKS, KMS keys, alerting), built with Vigil.
// test/bench/baseline/generate.js writes the same stack the naive way, from this app's output.
import { App } from "cdktf";
import { AwsInfraStack } from "../../../stacks/aws-infra-stack";
import { referenceConfig } from "../../../stacks/config";

const app = new App();
new AwsInfraStack(app, "prod-aws-infra", "prod", referenceConfig);
app.synth();
