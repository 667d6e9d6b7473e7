import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import type { AlertOverride } from "../../observability/alert";
import type { EndpointAlertId } from "../../observability/alert-catalog";
import { DefaultSloOptions, isEdgeSlo, SloProps } from "../../observability/slo";
import { resolveSlos } from "../../observability/slo-set";
import { Profile } from "../environment";
import { addValidationErrors } from "../errors";
import { recordBuiltOn } from "../built-on";
import { VigilManifest } from "../manifest";
import { SERVICE_NAME } from "../naming";
import { UniqueNames } from "../unique-names";
import { validateEndpoint } from "./endpoint";
import type { CassandraHandle, CassandraProps } from "./cassandra";
import type { ComponentHandle, Placement } from "./common";
import type { DataComponentKind } from "./placement";
import { EdgeHandle, edgeRequestOf, ServiceEdgeProps } from "./edge";
import type { KafkaHandle, KafkaProps } from "./kafka";
import { logsRequestOf, ServiceLogsProps } from "./logs";
import type { Platform, ServiceObservability } from "./platform";
import type { PostgresHandle, PostgresProps } from "./postgres";
import type { SearchHandle, SearchProps } from "./search";

/** A public endpoint probed by the target's synthetic check. */
export interface ServiceEndpointProps {
  /** HTTPS health URL that answers without credentials, e.g. `https://checkout.example.com/healthz`. */
  readonly url: string;
  /** Status the probe expects, 100-599. @default 200 */
  readonly expectedStatus?: number;
  /**
   * Overrides of the synthetic check's canonical alert (`checks-failing`,
   * percent of checks passing), the same on every target.
   * @default - page when fewer than 90 % of the checks pass
   */
  readonly alerts?: Readonly<Partial<Record<EndpointAlertId, AlertOverride>>>;
}

/** Props of {@link MonitoredService}. */
export interface MonitoredServiceProps {
  /** The platform that builds every component (it owns the cluster and the notification routing). */
  readonly platform: Platform;
  /** Service name (label `service`, resource names): 2-30 lowercase letters, digits or "-", unique on its platform. @default - the construct id */
  readonly name?: string;
  /** Kafka. @default - none */
  readonly kafka?: KafkaProps;
  /** Cassandra. @default - none */
  readonly cassandra?: CassandraProps;
  /** Search (Elasticsearch / OpenSearch). @default - none */
  readonly search?: SearchProps;
  /** PostgreSQL. @default - none */
  readonly postgres?: PostgresProps;
  /**
   * SLOs in addition to the defaults; `service` is filled in when omitted.
   * Each is checked where it is written (`slos[0].objective`): an objective
   * is a percentage below 100 (0.999 fails: "did you mean 99.9?"; below 90
   * warns), the period one of 7d, 14d, 28d, 30d, the PromQL must parse. An
   * SLO with a problem is reported once and builds no rules.
   * @default - none
   */
  readonly slos?: readonly (Omit<SloProps, "service"> & { readonly service?: string })[];
  /** The default SLOs (availability 99.9 %, latency 99 % under 300 ms); false to leave them out. @default true */
  readonly defaultSlos?: boolean | DefaultSloOptions;
  /** Public endpoint to probe with a synthetic check. @default - the edge's `https://<hostname><healthPath>` when the service has an edge, else none */
  readonly endpoint?: ServiceEndpointProps;
  /**
   * A secure public entry point (TLS, WAF, rate limit, DDoS protection,
   * access logs, edge alerts) in front of the service's HTTP workload,
   * built by the platform the same way on every target.
   * @default - none
   */
  readonly edge?: ServiceEdgeProps;
  /**
   * The service's logs: the namespaces its containers run in and overrides
   * of its log alerts. Logs are always collected, kept and archived by the
   * platform's profile; each target links them from `vigil report`.
   * @default - the namespace named after the service, the catalog's log alerts
   */
  readonly logs?: ServiceLogsProps;
}

/**
 * A service with its data components, SLOs and alerting. It asks its
 * platform to build each component, so the same props deploy to any target.
 */
export class MonitoredService extends Construct {
  /** Service name. */
  public readonly name: string;
  /** Kafka, when asked for. */
  public readonly kafka?: KafkaHandle;
  /** Cassandra, when asked for. */
  public readonly cassandra?: CassandraHandle;
  /** Search, when asked for. */
  public readonly search?: SearchHandle;
  /** PostgreSQL, when asked for. */
  public readonly postgres?: PostgresHandle;
  /** The public entry point, when asked for. */
  public readonly edge?: EdgeHandle;
  /** Every component built, in build order. */
  public readonly components: readonly ComponentHandle[];
  /** SLOs, rules, dashboards and probes the platform deployed for the service. */
  public readonly observability: ServiceObservability;

  constructor(scope: Construct, id: string, props: MonitoredServiceProps) {
    super(scope, id);
    const { platform } = props;
    // The service's components live under it, not under the platform: they read the platform's
    // profile from here (the policy packs' prod-only rules among them).
    Profile.attach(this, platform.profile);
    recordBuiltOn(this, platform);
    this.name = props.name ?? id;
    const names = UniqueNames.of(platform);
    const nameProblem = serviceNameProblem(this.name, props.name === undefined, names.claim("service", this.name, this.node.path));
    if (nameProblem) {
      // Every resource, label, rule group and dashboard of the service carries its name: report the
      // name once and build nothing from it.
      addValidationErrors(this, [nameProblem]);
      this.components = [];
      this.observability = { ruleGroupNames: [], dashboardName: "" };
      return;
    }
    // A component the platform cannot place is reported once, here, and not built.
    const placeable = (kind: DataComponentKind, p: { readonly placement?: Placement } | undefined): boolean => {
      if (!p) return false;
      const { problem } = platform.placementOf(kind, p.placement);
      if (problem) addValidationErrors(this, [problem]);
      return problem === undefined;
    };
    this.kafka = placeable("kafka", props.kafka) ? platform.kafka(this, "kafka", this.name, props.kafka!) : undefined;
    this.cassandra = placeable("cassandra", props.cassandra) ? platform.cassandra(this, "cassandra", this.name, props.cassandra!) : undefined;
    this.search = placeable("search", props.search) ? platform.search(this, "search", this.name, props.search!) : undefined;
    this.postgres = placeable("postgres", props.postgres) ? platform.postgres(this, "postgres", this.name, props.postgres!) : undefined;
    const edge = props.edge ? edgeRequestOf({ service: this.name, tier: platform.profile.tier, props: props.edge }) : undefined;
    addValidationErrors(this, edge?.problems ?? []);
    if (edge?.request && !platform.edge) {
      addValidationErrors(this, [`\`edge\` is set, but the ${platform.target} platform ${platform.node.path} builds no edge; leave \`edge\` out and put your own load balancer in front of the workload`]);
    }
    this.edge = edge?.request && platform.edge ? platform.edge(this, "edge", this.name, edge.request) : undefined;
    this.components = [this.kafka, this.cassandra, this.search, this.postgres, this.edge].filter((c): c is NonNullable<typeof c> => c !== undefined);
    // Two components of one implementation with one resource name would overwrite each other.
    for (const [kind, handle] of [["kafka", this.kafka], ["cassandra", this.cassandra], ["search", this.search], ["postgres", this.postgres]] as const) {
      if (!handle || Token.isUnresolved(handle.name)) continue;
      const first = names.claim(handle.component, handle.name, `${this.node.path}/${kind}`);
      if (first !== undefined) addValidationErrors(this, [componentNameProblem(kind, handle.name, props[kind]?.name === undefined, first)]);
    }

    const resolved = resolveSlos({ service: this.name, defaults: props.defaultSlos ?? true, slos: props.slos ?? [] });
    // Without an endpoint of its own, a service with an edge is probed through it.
    const endpointProps = props.endpoint ?? (edge?.request ? { url: `https://${edge.request.hostname}${edge.request.healthPath}` } : undefined);
    const endpointProblems = endpointProps ? validateEndpoint(endpointProps) : [];
    const logs = logsRequestOf({ service: this.name, props: props.logs });
    addValidationErrors(this, [...resolved.errors, ...endpointProblems, ...logs.problems]);
    for (const w of resolved.warnings) Annotations.of(this).addWarning(`[vigil:slo] ${w}`);
    // An SLO measured at the edge needs one; reported once, at the SLO, and not built.
    const edgeless = this.edge ? [] : resolved.slos.filter(isEdgeSlo);
    addValidationErrors(this, edgeless.map((slo) => `\`slos\` "${slo.name}" measures the edge (sli.kind "edge") but the service has no \`edge\`; add one, or measure the service's own metrics ("ratio" or "latency")`));
    const slos = resolved.slos.filter((slo) => this.edge !== undefined || !isEdgeSlo(slo));
    this.observability = platform.observeService(this, "observability", {
      service: this.name,
      components: this.components,
      slos,
      // An endpoint with a problem is reported here, once; no probe is built from it.
      endpoint: endpointProblems.length === 0 ? endpointProps : undefined,
      edge: this.edge,
      // Namespaces with a problem are reported here, once; the logs are then searched by the service's own namespace.
      logs: logs.request ?? { namespaces: [this.name] },
    });
    const manifest = VigilManifest.of(this);
    if (this.observability.logs) {
      manifest.addServiceLogs({ service: this.name, namespaces: [...(logs.request?.namespaces ?? [this.name])], ...this.observability.logs, path: this.node.path });
    }
    for (const slo of slos) {
      manifest.addSlo({
        service: slo.service,
        name: slo.name,
        objective: slo.objective,
        period: slo.period ?? "30d",
        indicator: slo.description ?? describeIndicator(slo.sli),
        alerts: [`${slo.name}-burn-page`, `${slo.name}-burn-ticket`, ...(slo.absentAlert ? [`${slo.name}-metrics-absent`] : [])],
        path: this.node.path,
      });
    }
  }
}

/** What is wrong with a service's name: its characters, or another service of the platform has it. */
function serviceNameProblem(name: string, fromId: boolean, takenBy: string | undefined): string | undefined {
  const prop = fromId ? "`name` (the construct id, as `name` is not set)" : "`name`";
  if (!SERVICE_NAME.pattern.test(name)) {
    return `${prop} is ${JSON.stringify(name)}; use ${SERVICE_NAME.allowed} (it goes into resource names and the \`service\` label)`;
  }
  if (takenBy !== undefined) {
    return `${prop} is ${JSON.stringify(name)}, already the name of the service ${takenBy} on this platform; give each service its own name (it names their resources, rule groups and dashboards)`;
  }
  return undefined;
}

/** Two components of one kind and implementation named alike on one platform. */
function componentNameProblem(kind: DataComponentKind, name: string, defaulted: boolean, first: string): string {
  const value = defaulted ? `defaults to ${JSON.stringify(name)}` : `is ${JSON.stringify(name)}`;
  return `\`${kind}.name\` ${value}, already the name of ${first}; give each ${kind} its own name (two resources of one name overwrite each other or fail at apply)`;
}

/** An SLI in words for the report: `latency of http_request_duration_seconds under 0.3 s`. */
function describeIndicator(sli: SloProps["sli"]): string {
  switch (sli.kind) {
    case "latency":
      return `requests faster than ${sli.thresholdSeconds} s by ${sli.histogram}${sli.matchers ? `{${sli.matchers}}` : ""}`;
    case "edge":
      return sli.measure === "latency" ? `requests the edge answered within ${sli.thresholdSeconds} s` : "requests the edge answered without a 5xx";
    default:
      return `good events: 1 - (${sli.errors}) / (${sli.total})`;
  }
}
