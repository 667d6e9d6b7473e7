// The one test harness of the four targets: one way to build a stack
// (`targetStack`), one memoized synth (`targetSynth`), and one way to assert a
// message by its meaningful parts (`messageAt`, `messageSaying`). The query
// helpers are lib/testing's (`resourceBodies`, `onlyResource`, ...). Each
// target's test defaults (routing, delivery, subscription ids, the test
// service's components) live in its support file: test/aws/support.ts,
// test/gcp/support.ts, test/azure/support.ts, test/kubernetes/support.ts.
//
// A target's construct library and its provider bindings take seconds to
// load: the harness loads a target (lib/<target> and its support file) the
// first time a test builds on it, so a test file loads only the targets it
// uses.
import { App, TerraformStack } from "cdktf";
import { MonitoredService, MonitoredServiceProps } from "../lib/core/components/service";
import type { EnvironmentTier } from "../lib/core/environment";
import type { AlertmanagerDelivery } from "../lib/observability/alertmanager-delivery";
import type { AwsPlatform, AwsPlatformProps } from "../lib/aws";
import type { AzurePlatform, AzurePlatformProps } from "../lib/azure";
import type { GcpPlatform, GcpPlatformProps } from "../lib/gcp";
import type { KubernetesOperators, KubernetesOperatorsProps, KubernetesPlatform, KubernetesPlatformProps } from "../lib/kubernetes";
import { synthStack, SynthesizedStack } from "../lib/testing";

/** The four targets. */
export const TARGETS = ["aws", "gcp", "azure", "kubernetes"] as const;

/** A target name. */
export type Target = (typeof TARGETS)[number];

/** A resource body, or any block of one, read loosely in assertions (what `resourceBodies` returns by default). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceBody = Record<string, any>;

/** A service's props without its platform: the components a test deploys. */
export type ServiceComponents = Omit<MonitoredServiceProps, "platform">;

/** Each target's platform construct and props. */
interface TargetTypes {
  aws: { props: AwsPlatformProps; platform: AwsPlatform };
  gcp: { props: GcpPlatformProps; platform: GcpPlatform };
  azure: { props: AzurePlatformProps; platform: AzurePlatform };
  kubernetes: { props: KubernetesPlatformProps; platform: KubernetesPlatform };
}

/** The platform props of `T`. */
export type PlatformPropsOf<T extends Target> = TargetTypes[T]["props"];

/** The platform construct of `T`. */
export type PlatformOf<T extends Target> = TargetTypes[T]["platform"];

/** A target's test defaults, kept in its support file. */
export interface TargetDefaults<Props> {
  /** The id of the stack holding the platform. */
  readonly stackId: (environment: EnvironmentTier) => string;
  /** Whether the harness makes an in-cluster stack unless told. */
  readonly inCluster: boolean;
  /** The id of the in-cluster stack. @default - the target has none */
  readonly inClusterStackId?: (environment: EnvironmentTier) => string;
  /** The platform's props in `environment`, with the in-cluster stack when one is made. */
  readonly platformProps: (environment: EnvironmentTier, inCluster?: TerraformStack) => Props;
  /** The components of the test service (`service: true`). */
  readonly components: ServiceComponents;
}

/** A target as the harness builds it: its test defaults and how to make its platform. */
interface LoadedTarget<T extends Target> {
  readonly defaults: TargetDefaults<PlatformPropsOf<T>>;
  readonly makePlatform: (stack: TerraformStack, props: PlatformPropsOf<T>) => PlatformOf<T>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see the top of this file) */
const LOADERS: { readonly [T in Target]: () => LoadedTarget<T> } = {
  aws: () => {
    const { AwsPlatform: Platform } = require("../lib/aws") as typeof import("../lib/aws");
    const { AWS_TEST_TARGET } = require("./aws/support") as typeof import("./aws/support");
    return { defaults: AWS_TEST_TARGET, makePlatform: (stack, props) => new Platform(stack, "platform", props) };
  },
  gcp: () => {
    const { GcpPlatform: Platform } = require("../lib/gcp") as typeof import("../lib/gcp");
    const { GCP_TEST_TARGET } = require("./gcp/support") as typeof import("./gcp/support");
    return { defaults: GCP_TEST_TARGET, makePlatform: (stack, props) => new Platform(stack, "platform", props) };
  },
  azure: () => {
    const { AzurePlatform: Platform } = require("../lib/azure") as typeof import("../lib/azure");
    const { AZURE_TEST_TARGET } = require("./azure/support") as typeof import("./azure/support");
    return { defaults: AZURE_TEST_TARGET, makePlatform: (stack, props) => new Platform(stack, "platform", props) };
  },
  kubernetes: () => {
    const { KubernetesPlatform: Platform } = require("../lib/kubernetes") as typeof import("../lib/kubernetes");
    const { KUBERNETES_TEST_TARGET } = require("./kubernetes/support") as typeof import("./kubernetes/support");
    return { defaults: KUBERNETES_TEST_TARGET, makePlatform: (stack, props) => new Platform(stack, "platform", props) };
  },
};

/** The in-cluster target's operators, made with the tests' defaults. */
function makeOperators(stack: TerraformStack, environment: EnvironmentTier, props: Partial<KubernetesOperatorsProps>): KubernetesOperators {
  const { KubernetesOperators: Operators } = require("../lib/kubernetes") as typeof import("../lib/kubernetes");
  const { kubernetesOperatorsProps } = require("./kubernetes/support") as typeof import("./kubernetes/support");
  return new Operators(stack, "operators", { ...kubernetesOperatorsProps(environment), ...props });
}
/* eslint-enable @typescript-eslint/no-require-imports */

const loaded = new Map<Target, LoadedTarget<Target>>();

function load<T extends Target>(target: T): LoadedTarget<T> {
  let found = loaded.get(target);
  if (!found) {
    found = (LOADERS[target] as () => LoadedTarget<Target>)();
    loaded.set(target, found);
  }
  return found as unknown as LoadedTarget<T>;
}

/** What a test builds on a target. Everything is optional: `targetStack(target)` is the platform alone, in prod. */
export interface TargetStackOptions<T extends Target> {
  /** The app to build in: another environment's stacks beside these, or an app synthesized to disk. @default - a new app */
  readonly app?: App;
  /** The environment: names the stacks and is the platform's `environment` (override that with `platform.environment` for a derived profile). @default "prod" */
  readonly environment?: EnvironmentTier;
  /** Props of the platform over the target's test defaults. @default - the defaults */
  readonly platform?: Partial<PlatformPropsOf<T>>;
  /**
   * The `checkout` service on the platform: `true` for the target's test
   * service ({@link testService}), or exactly these components.
   * @default - no service
   */
  readonly service?: ServiceComponents | boolean;
  /** The id of the platform's stack. @default - the target's (`test` on AWS and Azure, `<env>-gcp-infra`, `platform` in-cluster) */
  readonly stackId?: string;
  /**
   * On GCP and Azure: an in-cluster stack given to the platform as
   * `inCluster` — `<env>-<target>-platform` (or `stack`, made beforehand in
   * `app`), with the target's test delivery (or `delivery`).
   * @default - true on GCP, false on Azure
   */
  readonly inCluster?: boolean | { readonly stack?: TerraformStack; readonly delivery?: AlertmanagerDelivery };
  /** In-cluster only: KubernetesOperators in their own stack, with these props over the test defaults (`true`: the defaults). @default - none */
  readonly operators?: Partial<KubernetesOperatorsProps> | boolean;
  /** The id of the operators' stack. @default "operators" */
  readonly operatorsStackId?: string;
  /** Runs on the stack before the platform is made (providers, a chart); returns more platform props (under `platform`'s). */
  readonly prepare?: (stack: TerraformStack, context: { readonly app: App; readonly inClusterStack?: TerraformStack }) => Partial<PlatformPropsOf<T>>;
  /** Runs after the platform and the service are made: workloads, more services. */
  readonly build?: (platform: PlatformOf<T>, stack: TerraformStack) => void;
}

/** What {@link targetStack} built. */
export interface TargetStack<T extends Target> {
  /** The app of every stack. */
  readonly app: App;
  /** The platform's stack. */
  readonly stack: TerraformStack;
  /** The platform. */
  readonly platform: PlatformOf<T>;
  /** The `checkout` service, when asked for. */
  readonly service?: MonitoredService;
  /** The in-cluster stack (GCP, Azure), when made. */
  readonly inClusterStack?: TerraformStack;
  /** The operators (in-cluster target), when asked for. */
  readonly operators?: KubernetesOperators;
  /** The operators' stack, when made. */
  readonly operatorsStack?: TerraformStack;
}

/** Options asking for a service: the result has one. */
type WithService = { readonly service: ServiceComponents | true };
/** Options asking for the operators: the result has them. */
type WithOperators = { readonly operators: Partial<KubernetesOperatorsProps> | true };

/**
 * Builds a stack for `target` as the tests deploy it: a platform with the
 * target's test defaults in `environment` (prod), `platform` props over them,
 * and, when asked, the `checkout` service, an in-cluster stack, or the
 * in-cluster target's operators. `prepare` runs before the platform, `build`
 * after the service.
 */
export function targetStack<T extends Target>(target: T, options: TargetStackOptions<T> & WithService & WithOperators): TargetStack<T> & { readonly service: MonitoredService; readonly operators: KubernetesOperators; readonly operatorsStack: TerraformStack };
export function targetStack<T extends Target>(target: T, options: TargetStackOptions<T> & WithService): TargetStack<T> & { readonly service: MonitoredService };
export function targetStack<T extends Target>(target: T, options: TargetStackOptions<T> & WithOperators): TargetStack<T> & { readonly operators: KubernetesOperators; readonly operatorsStack: TerraformStack };
export function targetStack<T extends Target>(target: T, options?: TargetStackOptions<T>): TargetStack<T>;
export function targetStack<T extends Target>(target: T, options: TargetStackOptions<T> = {}): TargetStack<T> {
  const { defaults, makePlatform } = load(target);
  const environment = options.environment ?? "prod";
  const app = options.app ?? new App({ outdir: `/tmp/vigil-test-${target}` });
  let operatorsStack: TerraformStack | undefined;
  let operators: KubernetesOperators | undefined;
  if (options.operators !== undefined && options.operators !== false) {
    if (target !== "kubernetes") throw new Error(`operators are the in-cluster target's; ${target} has none`);
    operatorsStack = new TerraformStack(app, options.operatorsStackId ?? "operators");
    operators = makeOperators(operatorsStack, environment, options.operators === true ? {} : options.operators);
  }
  const stack = new TerraformStack(app, options.stackId ?? defaults.stackId(environment));
  if (operatorsStack) stack.addDependency(operatorsStack);
  const inCluster = options.inCluster ?? defaults.inCluster;
  if (inCluster && !defaults.inClusterStackId) throw new Error(`${target} has no in-cluster stack`);
  const given = typeof inCluster === "object" ? inCluster : {};
  const inClusterStack = inCluster ? (given.stack ?? new TerraformStack(app, defaults.inClusterStackId!(environment))) : undefined;
  const delivery = given.delivery ? { inCluster: { stack: inClusterStack!, delivery: given.delivery } } : {};
  const prepared = options.prepare?.(stack, { app, inClusterStack }) ?? {};
  const props = { ...defaults.platformProps(environment, inClusterStack), ...delivery, ...prepared, ...options.platform } as PlatformPropsOf<T>;
  const platform = makePlatform(stack, props);
  const service = options.service === undefined || options.service === false ? undefined : new MonitoredService(stack, "checkout", { platform, ...(options.service === true ? defaults.components : options.service) });
  options.build?.(platform, stack);
  return { app, stack, platform, service, inClusterStack, operators, operatorsStack };
}

/** The components of `target`'s test service, with `overrides` over them. */
export function testService(target: Target, overrides: Partial<ServiceComponents> = {}): ServiceComponents {
  return { ...load(target).defaults.components, ...overrides };
}

const synths = new Map<string, SynthesizedStack>();

/**
 * The synthesized platform stack of `target` in `environment` with the
 * test defaults, with the test service when `service` is true (memoized per
 * test file: read it, do not change it).
 */
export function targetSynth(target: Target, environment: EnvironmentTier = "prod", options: { readonly service?: boolean } = {}): SynthesizedStack {
  const service = options.service ?? false;
  const key = `${target}/${environment}/${service}`;
  let synth = synths.get(key);
  if (!synth) {
    synth = synthStack(targetStack(target, { environment, service }).stack);
    synths.set(key, synth);
  }
  return synth;
}

/** One meaningful part of a message: a string found verbatim, or a pattern. */
export type MessagePart = string | RegExp;

/** Whether `text` says every part (strings verbatim, patterns tested), as the bad-input corpus judges a message. */
export function saysEvery(text: string, parts: readonly MessagePart[]): boolean {
  return parts.every((part) => (typeof part === "string" ? text.includes(part) : part.test(text)));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const lookahead = (part: MessagePart, within: string) => `(?=${within}${typeof part === "string" ? escape(part) : `(?:${part.source})`})`;

/**
 * One message by its meaningful parts ({@link messageAt}, {@link messageSaying}):
 * a Jest asymmetric matcher for `toEqual`/`toContainEqual`, and a RegExp for
 * `toThrow` and `toMatch` (which test the error's message or the string).
 */
export class MessageMatcher extends RegExp {
  readonly $$typeof = Symbol.for("jest.asymmetricMatcher");

  constructor(
    private readonly path: string | undefined,
    private readonly parts: readonly MessagePart[],
  ) {
    // The same test as a pattern, for matchers that copy the RegExp (toMatch).
    super(path === undefined ? `^${parts.map((p) => lookahead(p, "[\\s\\S]*")).join("")}` : `^[ \\t]*\\[${escape(path)}\\] ${parts.map((p) => lookahead(p, ".*")).join("")}`, path === undefined ? "" : "m");
  }

  override test(text: string): boolean {
    return this.asymmetricMatch(text);
  }

  asymmetricMatch(other: unknown): boolean {
    const text = other instanceof Error ? other.message : other;
    if (typeof text !== "string") return false;
    if (this.path === undefined) return saysEvery(text, this.parts);
    const prefix = `[${this.path}] `;
    // A validation message is one line; a thrown synth error lists several, one per line.
    return text
      .split("\n")
      .map((line) => line.trim())
      .some((line) => line.startsWith(prefix) && saysEvery(line.slice(prefix.length), this.parts));
  }

  override toString(): string {
    return this.toAsymmetricMatcher();
  }

  getExpectedType(): string {
    return "string";
  }

  toAsymmetricMatcher(): string {
    const parts = this.parts.map((p) => (typeof p === "string" ? JSON.stringify(p) : String(p))).join(", ");
    return this.path === undefined ? `MessageSaying<${parts}>` : `MessageAt<[${this.path}] ${parts}>`;
  }
}

/**
 * Matches a validation message (`[path] message`, or an Error whose message
 * has that line) at construct path `path` that says every part: the prop, the
 * offending value, the fix. Use it where a message is expected —
 * `expect(validationMessages(stack)).toEqual([messageAt("test/platform", "`region`", '"eu-west-9"', "eu-west-1")])`,
 * `toContainEqual(...)`, or `expect(fn).toThrow(messageAt(...))`.
 */
export function messageAt(path: string, ...parts: MessagePart[]): MessageMatcher {
  return new MessageMatcher(path, parts);
}

/** Matches a message (a string, or an Error's message) with no construct path that says every part. */
export function messageSaying(...parts: MessagePart[]): MessageMatcher {
  return new MessageMatcher(undefined, parts);
}
