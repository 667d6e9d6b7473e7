import { execFileSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { AwsPlatform, AwsPlatformProps } from "../lib/aws";
import { Channel, MonitoredService, MonitoredServiceProps, secret } from "../lib";
import { synthStack, SynthesizedStack } from "../lib/testing";
import type { AlertDefinition } from "../lib/observability/alert";
import { bindComponentAlerts, ComponentAlertBindings } from "../lib/observability/alert-binding";
import type { ComponentKind } from "../lib/observability/alert-catalog";

/** Routing used by tests: every channel kind AWS delivers natively. */
export const testNotifications: AwsPlatformProps["notifications"] = {
  channels: {
    pager: Channel.pagerDuty(secret("test/pagerduty")),
    mail: Channel.email("oncall@example.com"),
    hook: Channel.webhook("https://hooks.example.com/alerts"),
  },
  routes: { page: ["pager", "mail"], ticket: ["mail", "hook"] },
  runbookBaseUrl: "https://runbooks.example.com/vigil",
};

/** Builds a stack holding one AwsPlatform; `overrides` change any prop. */
export function awsStack(overrides: Partial<AwsPlatformProps> = {}): { stack: TerraformStack; platform: AwsPlatform } {
  const app = new App({ outdir: "/tmp/vigil-test-out" });
  const stack = new TerraformStack(app, "test");
  const platform = new AwsPlatform(stack, "platform", {
    environment: "prod",
    region: "eu-west-1",
    service: "checkout",
    owner: "team-checkout",
    notifications: testNotifications,
    ...overrides,
  });
  return { stack, platform };
}

const cache = new Map<string, SynthesizedStack>();

/** Synthesized JSON of an AwsPlatform in `environment` with default props (memoized). */
export function awsSynth(environment: string): SynthesizedStack {
  let synth = cache.get(environment);
  if (!synth) {
    synth = synthStack(awsStack({ environment }).stack);
    cache.set(environment, synth);
  }
  return synth;
}

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/**
 * Runs a cdktf app entry point in a child process, as `cdktf synth` would,
 * into a fresh output directory; returns that directory.
 */
export function runApp(command: string, args: readonly string[]): string {
  const outdir = mkdtempSync(join(tmpdir(), "vigil-app-"));
  execFileSync(command, [...args], { cwd: join(__dirname, ".."), env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: "pipe" });
  return outdir;
}

/** The data components of the test service: every kind, one table, one topic read by one group. */
export const testServiceComponents: Omit<MonitoredServiceProps, "platform"> = {
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

/** A stack with an AwsPlatform and the `checkout` MonitoredService on it; `overrides` change the service's props. */
export function awsServiceStack(environment: string, overrides: Partial<Omit<MonitoredServiceProps, "platform">> = {}): { stack: TerraformStack; platform: AwsPlatform; service: MonitoredService } {
  const { stack, platform } = awsStack({ environment });
  const service = new MonitoredService(stack, "checkout", { platform, ...testServiceComponents, ...overrides });
  return { stack, platform, service };
}

const serviceCache = new Map<string, SynthesizedStack>();

/** Synthesized JSON of the `checkout` service with every component in `environment` (memoized). */
export function awsServiceSynth(environment: string): SynthesizedStack {
  let synth = serviceCache.get(environment);
  if (!synth) {
    synth = synthStack(awsServiceStack(environment).stack);
    serviceCache.set(environment, synth);
  }
  return synth;
}

/** The alerts a target's bindings deploy when the user overrides nothing: canonical ones at the catalog's defaults, and the target-only ones. */
export function defaultAlerts<K extends ComponentKind, A extends AlertDefinition>(bindings: ComponentAlertBindings<K, A>): A[] {
  const bound = bindComponentAlerts(bindings, {}, { canonical: "component.alerts", targetOnly: "component.aws.alerts" });
  if (bound.problems.length > 0) throw new Error(bound.problems.join("\n"));
  return bound.alerts;
}
