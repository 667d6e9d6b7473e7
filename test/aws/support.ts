// The AWS target's test defaults, reached through test/harness.ts: the
// platform's props, the routing, and the components of the test service.
import { Channel, secret } from "../../lib";
import type { EnvironmentTier } from "../../lib/core/environment";
import type { AwsPlatformProps } from "../../lib/aws";
import type { AlertDefinition } from "../../lib/observability/alert";
import { bindComponentAlerts, ComponentAlertBindings } from "../../lib/observability/alert-binding";
import type { ComponentKind } from "../../lib/observability/alert-catalog";
import type { ServiceComponents, TargetDefaults } from "../harness";

/** Routing used by tests: every channel kind AWS delivers natively. */
export const awsNotifications: AwsPlatformProps["notifications"] = {
  channels: {
    pager: Channel.pagerDuty(secret("test/pagerduty")),
    mail: Channel.email("oncall@example.com"),
    hook: Channel.webhook("https://hooks.example.com/alerts"),
  },
  routes: { page: ["pager", "mail"], ticket: ["mail", "hook"] },
  runbookBaseUrl: "https://runbooks.example.com/vigil",
};

/** The data components of the test service: every kind, one table, one topic read by one group. */
export const awsComponents: ServiceComponents = {
  kafka: { topics: { orders: { partitions: 12, consumerGroups: ["invoicing"] } } },
  cassandra: {
    keyspaces: {
      checkout: {
        tables: {
          carts: {
            columns: { cart_id: "uuid", item_id: "uuid", quantity: "int", added_at: "timestamp" },
            partitionKey: ["cart_id"],
            clusteringKey: [{ column: "item_id" }],
            defaultTtlSeconds: 604800,
          },
        },
      },
    },
  },
  search: {},
  postgres: {},
};

/** The AWS target in tests: stack `test`, an AwsPlatform of `checkout` in eu-west-1. */
export const AWS_TEST_TARGET: TargetDefaults<AwsPlatformProps> = {
  stackId: () => "test",
  inCluster: false,
  platformProps: (environment: EnvironmentTier) => ({
    environment,
    region: "eu-west-1",
    service: "checkout",
    owner: "team-checkout",
    notifications: awsNotifications,
  }),
  components: awsComponents,
};

/** The alerts a target's bindings deploy when the user overrides nothing: canonical ones at the catalog's defaults, and the target-only ones. */
export function defaultAlerts<K extends ComponentKind, A extends AlertDefinition>(bindings: ComponentAlertBindings<K, A>): A[] {
  const bound = bindComponentAlerts(bindings, {}, { canonical: "component.alerts", targetOnly: "component.aws.alerts" });
  if (bound.problems.length > 0) throw new Error(bound.problems.join("\n"));
  return bound.alerts;
}
