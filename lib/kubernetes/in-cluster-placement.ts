import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import type { CassandraHandle, CassandraProps } from "../core/components/cassandra";
import type { KafkaHandle, KafkaProps } from "../core/components/kafka";
import type { DataComponentKind } from "../core/components/placement";
import type { PostgresHandle, PostgresProps } from "../core/components/postgres";
import type { SearchHandle, SearchProps } from "../core/components/search";
import { EnvironmentProfile, Profile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import type { NotificationRouting, NotificationRoutingProps } from "../observability/routing";
import { k8ssandraCluster } from "./cassandra";
import { KubernetesManifest, ResourceChart } from "./chart";
import type { KubernetesConnection } from "./connection";
import type { InClusterContext, InClusterEngine } from "./context";
import type { InClusterOptions } from "./in-cluster-options";
import { strimziKafka } from "./kafka";
import { namespacePeer } from "./namespace";
import { KubernetesOperators } from "./operators";
import { cnpgCluster } from "./postgres";
import { eckElasticsearch } from "./search";
import { OPERATOR_CHARTS, OperatorId } from "./versions";

/** The engine of each data component kind in a cluster, and the operators it needs. */
const ENGINES: { readonly [K in DataComponentKind]: { readonly operators: readonly OperatorId[] } } = {
  kafka: { operators: ["strimzi"] },
  cassandra: { operators: ["certManager", "k8ssandra"] },
  search: { operators: ["eck"] },
  postgres: { operators: ["cloudnativePg"] },
};

/** Props and handles of each data component kind. */
interface KindTypes {
  kafka: { props: KafkaProps; handle: KafkaHandle };
  cassandra: { props: CassandraProps; handle: CassandraHandle };
  search: { props: SearchProps; handle: SearchHandle };
  postgres: { props: PostgresProps; handle: PostgresHandle };
}

const ENGINE_FUNCTIONS: { readonly [K in DataComponentKind]: InClusterEngine<KindTypes[K]["props"], KindTypes[K]["handle"]> } = {
  kafka: strimziKafka,
  cassandra: k8ssandraCluster,
  search: eckElasticsearch,
  postgres: cnpgCluster,
};

/** Operators whose namespaces reach a data namespace: the ones that manage data pods, and Prometheus. */
const DATA_NAMESPACE_CLIENTS: readonly OperatorId[] = ["strimzi", "k8ssandra", "eck", "cloudnativePg", "kubePrometheusStack"];

/** Props of {@link InClusterPlacement}. */
export interface InClusterPlacementProps extends InClusterOptions {
  /** The platform's profile. */
  readonly profile: EnvironmentProfile;
  /** The platform's routing (runbooks, routes in the manifest). */
  readonly routing: NotificationRouting;
  /** The platform's notifications, which the in-cluster Alertmanager delivers. */
  readonly notifications: NotificationRoutingProps;
  /** The platform's class, for messages (`AzurePlatform`). */
  readonly platformName: string;
  /** The platform's service name: the chart is `vigil-<service>`. */
  readonly service: string;
  /** The platform's stack, which the in-cluster stack deploys after. */
  readonly platformStack: TerraformStack;
  /** Builds the connection to the cluster inside the in-cluster stack (a data source, an exec credential). */
  readonly connect: (scope: Construct) => KubernetesConnection;
  /** Storage class when the options name none. */
  readonly defaultStorageClassName: string;
  /** The default storage class's object, when the cluster has none of that name (Vigil creates it in the chart). @default - the cluster's own class */
  readonly storageClass?: KubernetesManifest;
}

/**
 * The one way a cloud platform (AWS, GCP, Azure) runs components in its own
 * cluster: in the stack it is given, the Kubernetes and Helm providers, the
 * operators of the components placed there (kube-prometheus-stack always,
 * the rest when first needed), a namespace `<service>-data` per service
 * with a network policy, and one generated chart holding every object; its
 * context comes from the platform's profile and routing. Components are
 * built through the same engines as the in-cluster target, in any order.
 */
export class InClusterPlacement extends Construct {
  /** The operators' releases. */
  public readonly operators: KubernetesOperators;
  /** The chart holding the in-cluster objects. */
  public readonly chart: ResourceChart;
  private readonly namespaces = new Set<string>();

  /** Creates the placement under `props.stack`, with construct id `id` (one per platform). */
  constructor(id: string, private readonly props: InClusterPlacementProps) {
    super(props.stack, id);
    if (props.stack === props.platformStack) {
      addValidationErrors(this, ["`inCluster.stack` is the platform's own stack; give a separate stack (`<env>-<target>-platform`): the Kubernetes and Helm providers need the cluster to exist when they plan"]);
    } else {
      props.stack.addDependency(props.platformStack);
    }
    Profile.attach(this, props.profile);
    this.operators = new KubernetesOperators(this, "operators", {
      environment: props.profile,
      connection: props.connect(this),
      notifications: props.notifications,
      delivery: props.delivery,
      deliveryProp: { path: "inCluster.delivery", owner: `the ${props.platformName}` },
      // The cloud runs the control plane; components add their operators when built.
      managedControlPlane: true,
      operators: { certManager: false, strimzi: false, k8ssandra: false, eck: false, cloudnativePg: false, blackboxExporter: false, envoyGateway: false },
    });
    this.chart = new ResourceChart(this, "resources", {
      name: `vigil-${props.service}`.slice(0, 53),
      namespace: "vigil-system",
      dependsOn: Object.values(this.operators.releases),
      preventDestroy: props.profile.preventDestroy,
    });
    if (props.storageClass && props.storageClassName === undefined) this.chart.add(props.storageClass);
  }

  /** The in-cluster context of a service's data components: its namespace in the chart. */
  public contextFor(service: string): InClusterContext {
    return {
      profile: this.props.profile,
      chart: this.chart,
      routing: this.props.routing,
      namespace: this.dataNamespace(service),
      storageClassName: this.props.storageClassName ?? this.props.defaultStorageClassName,
      backups: this.props.backups,
    };
  }

  /**
   * Builds a data component in the cluster with the in-cluster engine of its
   * kind, installing the operators it needs; `scope` (under the service)
   * carries its validation messages.
   */
  public build<K extends DataComponentKind>(kind: K, scope: Construct, id: string, service: string, props: KindTypes[K]["props"]): KindTypes[K]["handle"] {
    for (const op of ENGINES[kind].operators) this.chart.dependOn(this.operators.install(op));
    const anchor = new Construct(scope, id);
    const engine = ENGINE_FUNCTIONS[kind] as InClusterEngine<KindTypes[K]["props"], KindTypes[K]["handle"]>;
    const { handle, problems } = engine(this.contextFor(service), anchor, service, props);
    addValidationErrors(anchor, problems);
    return handle;
  }

  /** Adds an object to the chart (e.g. Managed Prometheus rules). */
  public add(manifest: KubernetesManifest): void {
    this.chart.add(manifest);
  }

  /** The namespace `<service>-data` with a policy admitting only the data pods, their operators, Prometheus and the service's workloads. */
  private dataNamespace(service: string): string {
    const name = `${service}-data`;
    if (this.namespaces.has(name)) return name;
    this.namespaces.add(name);
    const labels = { "vigil.dev/service": service, "vigil.dev/role": "data" };
    // Helm keeps the namespace, and the volumes in it, when the release is uninstalled.
    this.chart.add({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels, annotations: { "helm.sh/resource-policy": "keep" } } });
    this.chart.add({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-platform-only", namespace: name },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { podSelector: {} },
              ...DATA_NAMESPACE_CLIENTS.map((op) => namespacePeer(OPERATOR_CHARTS[op].namespace)),
              { namespaceSelector: { matchLabels: { "vigil.dev/role": "workloads", "vigil.dev/service": service } } },
            ],
          },
        ],
      },
    });
    return name;
  }
}
