import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AwsPlatform } from "cdktf-vigil/aws";
import { configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, addValidationErrors, MonitoredService } from "cdktf-vigil";
import { ReferenceConfig } from "./config";

/** Hosted zone of the reference's host names (a placeholder: synth needs no AWS credentials). */
export const AWS_REFERENCE_HOSTED_ZONE_ID = "Z0123456789EXAMPLE00";

/**
 * `<env>-aws-infra`: the network, the EKS cluster, KMS keys and cloud
 * alerting of one environment, and the service with its managed data
 * components (MSK, Amazon Keyspaces, OpenSearch, RDS PostgreSQL), their
 * alarms and dashboards, and its public edge (ALB, WAF, ACM). Kubernetes/Helm resources go in a later
 * `<env>-aws-platform` stack, which needs this cluster to exist at plan time.
 */
export class AwsInfraStack extends TerraformStack {
  /** The platform. */
  public readonly platform: AwsPlatform;
  /** The service and its components. */
  public readonly service: MonitoredService;

  constructor(scope: Construct, id: string, environment: EnvironmentTier, config: ReferenceConfig) {
    super(scope, id);
    const env = config.environments[environment];
    const profile = ENVIRONMENT_PROFILES[environment];
    addValidationErrors(this, configureStateBackend(this, id, profile, config.state));
    this.platform = new AwsPlatform(this, "platform", {
      environment,
      region: env.awsRegion,
      service: config.service,
      owner: config.owner,
      notifications: config.notifications,
      delivery: config.delivery.aws,
      network: { cidr: env.networkCidr },
      cluster: env.cluster,
      // Placeholder: the id of the public Route 53 zone of example.com (`aws route53 list-hosted-zones`).
      edge: { hostedZoneId: AWS_REFERENCE_HOSTED_ZONE_ID },
    });
    this.service = new MonitoredService(this, config.service, {
      platform: this.platform,
      ...config.components,
      // The public edge: an ALB with WAF in front of checkout-api, whose Service is a NodePort on the platform's node port (30080).
      edge: { hostname: `checkout.${environment}.example.com`, backend: { service: "checkout-api", port: 8080 } },
    });
  }
}
