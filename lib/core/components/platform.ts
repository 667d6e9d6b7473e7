import type { Construct, IConstruct } from "constructs";
import type { AlertDefinition } from "../../observability/alert";
import type { NotificationRouting } from "../../observability/routing";
import type { SloProps } from "../../observability/slo";
import type { EnvironmentProfile } from "../environment";
import type { CassandraHandle, CassandraProps } from "./cassandra";
import type { KubernetesClusterHandle } from "./cluster";
import type { EdgeHandle, EdgeRequest } from "./edge";
import type { ServiceLogsRequest, ServiceLogsView } from "./logs";
import type { ComponentHandle, Placement } from "./common";
import type { KafkaHandle, KafkaProps } from "./kafka";
import type { NetworkHandle } from "./network";
import type { DataComponentKind } from "./placement";
import type { PostgresHandle, PostgresProps } from "./postgres";
import type { SearchHandle, SearchProps } from "./search";
import type { ServiceEndpointProps } from "./service";

/** The deployment targets. */
export type TargetName = "aws" | "gcp" | "azure" | "kubernetes";

/** What a service asks its platform to observe. */
export interface ServiceObservation {
  /** Service name (label `service`). */
  readonly service: string;
  /** The service's components; their alerts are already deployed by the component. */
  readonly components: readonly ComponentHandle[];
  /** SLOs, defaults included. */
  readonly slos: readonly SloProps[];
  /** Public endpoint to probe (the edge's health URL when the service has an edge and sets none). @default - none */
  readonly endpoint?: ServiceEndpointProps;
  /** The service's edge, when it has one: its metrics go on the service dashboard. @default - none */
  readonly edge?: EdgeHandle;
  /** The service's logs: its namespaces and the overrides of its log alerts. */
  readonly logs: ServiceLogsRequest;
}

/** What the platform deployed to observe a service. */
export interface ServiceObservability {
  /** Names of the Prometheus rule groups deployed (SLO rules and PromQL alerts). */
  readonly ruleGroupNames: readonly string[];
  /** Name of the service dashboard. */
  readonly dashboardName: string;
  /** Name of the synthetic check, when an endpoint was given. @default - none */
  readonly syntheticCheckName?: string;
  /** Where the service's logs are and how to open them. @default - none: the service could not be built */
  readonly logs?: ServiceLogsView;
}

/**
 * What every target implements. A platform is the only place where the
 * cloud is chosen: services ask their platform for components and never
 * switch on the cloud.
 */
export interface Platform extends IConstruct {
  /** Which target this is. */
  readonly target: TargetName;
  /** The environment profile in force. */
  readonly profile: EnvironmentProfile;
  /** Notification routing with the environment's downgrade applied. */
  readonly routing: NotificationRouting;
  /** The platform's network, where the target has one. @default - none on targets that run in an existing cluster */
  readonly network?: NetworkHandle;
  /** The platform's Kubernetes cluster. */
  readonly cluster: KubernetesClusterHandle;
  /** Every alert the platform itself deploys (cluster, network, ...). */
  readonly alerts: readonly AlertDefinition[];
  /**
   * Where the platform builds a data component of `kind` whose props ask for
   * `asked` (`undefined`: the platform's default), or the one message saying
   * why it cannot and what to set instead. A service checks it before asking
   * for the component, so nothing half-built is synthesized.
   */
  placementOf(kind: DataComponentKind, asked: Placement | undefined): { readonly placement: Placement; readonly problem?: string };
  /** Builds a Kafka cluster for `service` under `scope`, with its alerts and dashboard. */
  kafka(scope: Construct, id: string, service: string, props: KafkaProps): KafkaHandle;
  /** Builds Cassandra for `service` under `scope`, with its alerts and dashboard. */
  cassandra(scope: Construct, id: string, service: string, props: CassandraProps): CassandraHandle;
  /** Builds a search cluster for `service` under `scope`, with its alerts and dashboard. */
  search(scope: Construct, id: string, service: string, props: SearchProps): SearchHandle;
  /** Builds PostgreSQL for `service` under `scope`, with its alerts and dashboard. */
  postgres(scope: Construct, id: string, service: string, props: PostgresProps): PostgresHandle;
  /**
   * Builds the public entry point of `service` under `scope`: TLS with a
   * managed certificate, the WAF and rate limit, DDoS protection, access logs
   * into the platform's log store and archive, the edge's alerts and
   * dashboard; records it in the manifest. A platform without it cannot
   * front a service (a synth error at the service's `edge`).
   */
  edge?(scope: Construct, id: string, service: string, request: EdgeRequest): EdgeHandle;
  /**
   * Deploys a service's SLO rules, its dashboard (with its log panels), its
   * synthetic check and its log alerts, and says where its logs are.
   */
  observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability;
}
