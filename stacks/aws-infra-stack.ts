import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AwsPlatform } from "cdktf-vigil/aws";
import { configureStateBackend, ENVIRONMENT_PROFILES, EnvironmentTier, addValidationErrors, MonitoredService } from "cdktf-vigil";
import { ReferenceConfig } from "./config";

/**
 * `<env>-aws-infra`: the network, the EKS cluster, KMS keys and cloud
 * alerting of one environment, and the service with its managed data
 * components (MSK, Amazon Keyspaces, OpenSearch, RDS PostgreSQL), their
 * alarms and dashboards. Kubernetes/Helm resources go in a later
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
    });
    this.service = new MonitoredService(this, config.service, { platform: this.platform, ...config.components });
  }
}
