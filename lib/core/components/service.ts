import { Construct } from "constructs";
import type { AlertOverride } from "../../observability/alert";
import type { EndpointAlertId } from "../../observability/alert-catalog";
import { DefaultSloOptions, defaultSlos, Slo, SloProps } from "../../observability/slo";
import { Profile } from "../environment";
import { addValidationErrors } from "../errors";
import { VigilManifest } from "../manifest";
import type { CassandraHandle, CassandraProps } from "./cassandra";
import type { ComponentHandle, Placement } from "./common";
import type { DataComponentKind } from "./placement";
import type { KafkaHandle, KafkaProps } from "./kafka";
import type { Platform, ServiceObservability } from "./platform";
import type { PostgresHandle, PostgresProps } from "./postgres";
import type { SearchHandle, SearchProps } from "./search";

/** A public endpoint probed by the target's synthetic check. */
export interface ServiceEndpointProps {
  /** HTTPS health URL, e.g. `https://checkout.example.com/healthz`. */
  readonly url: string;
  /** Status the probe expects. @default 200 */
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
  /** Service name (label `service`, resource names): 2-30 lowercase letters, digits or "-". @default - the construct id */
  readonly name?: string;
  /** Kafka. @default - none */
  readonly kafka?: KafkaProps;
  /** Cassandra. @default - none */
  readonly cassandra?: CassandraProps;
  /** Search (Elasticsearch / OpenSearch). @default - none */
  readonly search?: SearchProps;
  /** PostgreSQL. @default - none */
  readonly postgres?: PostgresProps;
  /** SLOs in addition to the defaults; `service` is filled in when omitted. @default - none */
  readonly slos?: readonly (Omit<SloProps, "service"> & { readonly service?: string })[];
  /** The default SLOs (availability 99.9 %, latency 99 % under 300 ms); false to leave them out. @default true */
  readonly defaultSlos?: boolean | DefaultSloOptions;
  /** Public endpoint to probe with a synthetic check. @default - none */
  readonly endpoint?: ServiceEndpointProps;
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
    this.name = props.name ?? id;
    if (!/^[a-z][a-z0-9-]{1,29}$/.test(this.name)) {
      addValidationErrors(this, [`service name ${JSON.stringify(this.name)} must be 2-30 lowercase letters, digits or "-", starting with a letter (it goes into resource names and the \`service\` label)`]);
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
    this.components = [this.kafka, this.cassandra, this.search, this.postgres].filter((c): c is NonNullable<typeof c> => c !== undefined);

    const defaults = props.defaultSlos ?? true;
    const slos: SloProps[] = [
      ...(defaults === false ? [] : defaultSlos(this.name, defaults === true ? {} : defaults)),
      ...(props.slos ?? []).map((s) => ({ ...s, service: s.service ?? this.name })),
    ];
    const names = slos.map((s) => s.name);
    addValidationErrors(this, [
      ...slos.flatMap((s) => new Slo(s).validate()),
      ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `SLO name "${n}" is used twice in service "${this.name}"; SLO names must be unique per service (the defaults are "availability" and "latency")`),
    ]);
    this.observability = platform.observeService(this, "observability", {
      service: this.name,
      components: this.components,
      slos,
      endpoint: props.endpoint,
    });
    const manifest = VigilManifest.of(this);
    for (const slo of slos.map((s) => new Slo(s).props)) {
      manifest.addSlo({
        service: slo.service,
        name: slo.name,
        objective: slo.objective,
        period: slo.period,
        indicator: slo.description ?? describeIndicator(slo.sli),
        alerts: [`${slo.name}-burn-page`, `${slo.name}-burn-ticket`, ...(slo.absentAlert ? [`${slo.name}-metrics-absent`] : [])],
        path: this.node.path,
      });
    }
  }
}

/** An SLI in words for the report: `latency of http_request_duration_seconds under 0.3 s`. */
function describeIndicator(sli: SloProps["sli"]): string {
  return sli.kind === "latency"
    ? `requests faster than ${sli.thresholdSeconds} s by ${sli.histogram}${sli.matchers ? `{${sli.matchers}}` : ""}`
    : `good events: 1 - (${sli.errors}) / (${sli.total})`;
}
