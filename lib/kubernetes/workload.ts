import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { recordBuiltOn } from "../core/built-on";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { DefaultSloOptions, SloProps } from "../observability/slo";
import { resolveSlos } from "../observability/slo-set";
import { observeSlos } from "./observe";
import type { KubernetesPlatform } from "./platform";
import { ContainerResources, resolveResources } from "./resources";
import type { TeamNamespace } from "./namespace";
import { workloadEnv, WorkloadEnvValue } from "./workload-env";
import { isEdgeSlo } from "../observability/slo";

/** Replica bounds of the HorizontalPodAutoscaler. */
export interface ReplicaBounds {
  /** Fewest replicas. @default - 3 where the profile is highly available, else 1 */
  readonly min?: number;
  /** Most replicas. @default - max(10, min) where highly available, else max(3, min) */
  readonly max?: number;
}

/** HTTP paths the kubelet probes. */
export interface HttpProbes {
  /** Readiness: the pod receives traffic only while this answers 2xx/3xx. @default "/ready" */
  readonly readinessPath?: string;
  /** Liveness (and startup): the container is restarted when this fails. @default "/healthz" */
  readonly livenessPath?: string;
  /** Seconds the application may take to start before liveness applies. @default 120 */
  readonly startupSeconds?: number;
}

/** Props of {@link HttpWorkload}. */
export interface HttpWorkloadProps {
  /** The platform (labels, profile, the chart for the ServiceMonitor and SLO rules). */
  readonly platform: KubernetesPlatform;
  /** Namespace to run in (a {@link TeamNamespace} or the name of an existing one). */
  readonly namespace: TeamNamespace | string;
  /** Workload name, a DNS label (also the `service` label of its metrics). @default - the construct id */
  readonly name?: string;
  /** Container image, pinned by tag or digest. */
  readonly image: string;
  /** Port the container serves HTTP (and /metrics) on. @default 8080 */
  readonly port?: number;
  /** Probe paths. @default - /ready and /healthz */
  readonly probes?: HttpProbes;
  /** Replica bounds. @default - by environment, see {@link ReplicaBounds} */
  readonly replicas?: ReplicaBounds;
  /** Average CPU use, % of the request, the autoscaler aims for. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Container resources. @default - 100m CPU / 128Mi requested, memory limit = request */
  readonly resources?: ContainerResources;
  /**
   * Environment variables: plain values, or `secret("<secret>", "<key>")` for
   * a key of a Kubernetes Secret in the namespace (the key defaults to
   * "value"). A secret given in clear — a variable named like
   * `DB_PASSWORD`, `API_TOKEN`, `SIGNING_KEY`, or a URL with a credential in
   * it — fails synth.
   * @default - none
   */
  readonly env?: Readonly<Record<string, WorkloadEnvValue>>;
  /** Path of the Prometheus metrics. @default "/metrics" */
  readonly metricsPath?: string;
  /** Seconds Kubernetes waits after SIGTERM before killing the pod. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** Seconds the preStop hook sleeps so endpoints are removed before the app stops accepting connections (the image needs `sleep`). @default 10 */
  readonly preStopDelaySeconds?: number;
  /** SLOs besides the defaults; each is checked where it is written (`slos[0].objective`), and an objective below 90 % warns. @default - none */
  readonly slos?: readonly Omit<SloProps, "service">[];
  /** The default SLOs (availability 99.9 %, latency 99 % under 300 ms); false to leave them out. @default true */
  readonly defaultSlos?: boolean | DefaultSloOptions;
}

/** UID the workload runs as when the image does not set one (the conventional "nobody"-like non-root id). */
const NON_ROOT_UID = "10001";

/**
 * An HTTP service on Kubernetes: a Deployment rolling out with
 * `maxUnavailable: 0` (new pods must be ready before old ones go), readiness,
 * liveness and startup probes, a preStop delay inside the termination grace
 * period, a hardened security context (non-root, read-only root filesystem
 * with a writable /tmp, no privilege escalation, all capabilities dropped,
 * RuntimeDefault seccomp); a Service; an autoscaling/v2
 * HorizontalPodAutoscaler; a PodDisruptionBudget; a ServiceMonitor; and the
 * default SLOs as a PrometheusRule.
 */
export class HttpWorkload extends Construct {
  /** Workload name. */
  public readonly name: string;
  /** Kubernetes namespace of the workload's objects: `namespace` when given as a string, else the name of the given namespace construct. */
  public readonly namespaceName: string;
  /** The Deployment (`kubernetes_deployment_v1`) named `name`, rolling out with `maxUnavailable: 0`; the autoscaler owns its replica count after creation. */
  public readonly deployment: DeploymentV1;
  /** The Service (`kubernetes_service_v1`) named `name`, port 80 (`http`) to the container's `http` port. */
  public readonly service: ServiceV1;
  /** The HorizontalPodAutoscaler (`kubernetes_horizontal_pod_autoscaler_v2`) keeping the Deployment between `replicas.min` and `replicas.max` on average CPU utilization. */
  public readonly autoscaler: HorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget (`kubernetes_pod_disruption_budget_v1`) letting a voluntary disruption take at most one pod at a time. */
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  /** Names of the SLO rule groups. */
  public readonly sloRuleGroupNames: readonly string[];

  constructor(scope: Construct, id: string, props: HttpWorkloadProps) {
    super(scope, id);
    recordBuiltOn(this, props.platform);
    const profile = props.platform.profile;
    this.name = props.name ?? id;
    this.namespaceName = typeof props.namespace === "string" ? props.namespace : props.namespace.name;
    if (typeof props.namespace !== "string") props.platform.chart.dependOn(props.namespace.namespace);
    const problems: string[] = [];
    const nameProblem = checkName(this.name, NAMING_RULES.kubernetesDnsLabel, "name");
    if (nameProblem) problems.push(nameProblem);
    const ha = profile.highAvailability;
    const min = props.replicas?.min ?? (ha ? 3 : 1);
    const max = props.replicas?.max ?? Math.max(ha ? 10 : 3, min);
    if (!Number.isInteger(min) || min < 1) problems.push(`\`replicas.min\` is ${min}; use a whole number >= 1`);
    if (!Number.isInteger(max) || max < 1) problems.push(`\`replicas.max\` is ${max}; use a whole number >= 1`);
    if (min > max) problems.push(`\`replicas.min\` (${min}) is above \`replicas.max\` (${max}); the HorizontalPodAutoscaler needs min <= max`);
    if (ha && min < 2) problems.push(`\`replicas.min\` is ${min} in "${profile.name}", which runs highly available; use at least 2 so a node drain or a rollout never leaves no ready pod`);
    const target = props.targetCpuUtilization ?? 70;
    if (!Number.isInteger(target) || target < 10 || target > 100) problems.push(`\`targetCpuUtilization\` is ${target}; use 10 to 100 (% of the CPU request)`);
    const port = props.port ?? 8080;
    if (!Number.isInteger(port) || port < 1024 || port > 65535) problems.push(`\`port\` is ${port}; use 1024 to 65535 (a non-root container cannot bind below 1024)`);
    const grace = props.terminationGracePeriodSeconds ?? 30;
    const preStop = props.preStopDelaySeconds ?? 10;
    if (!(preStop >= 0 && preStop < grace)) problems.push(`\`preStopDelaySeconds\` (${preStop}) must be below \`terminationGracePeriodSeconds\` (${grace}), or the pod is killed before it drains`);
    if (!/[:@]/.test(props.image) || /:latest$/.test(props.image)) problems.push(`\`image\` ${JSON.stringify(props.image)} has no pinned tag or digest; use "registry/app:1.4.2" or "registry/app@sha256:..."`);
    const { resources, problems: resourceProblems } = resolveResources("resources", props.resources ?? {}, { cpuRequest: "100m", memoryRequest: "128Mi" });
    problems.push(...resourceProblems);
    const env = workloadEnv(props.env ?? {});
    problems.push(...env.problems);

    const labels = { "app.kubernetes.io/name": this.name, "app.kubernetes.io/part-of": "vigil" };
    const metadata = { name: this.name, namespace: this.namespaceName, labels: { ...props.platform.labels, ...labels } };
    const probes = props.probes ?? {};
    const startupSeconds = probes.startupSeconds ?? 120;
    const httpProbe = (path: string) => ({ httpGet: { path, port: "http" } });
    this.deployment = new DeploymentV1(this, "deployment", {
      metadata,
      // The autoscaler owns the replica count after creation.
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
      spec: {
        replicas: String(min),
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0", maxSurge: "25%" } },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: grace,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: NON_ROOT_UID, runAsGroup: NON_ROOT_UID, seccompProfile: { type: "RuntimeDefault" } },
            container: [
              {
                name: "app",
                image: props.image,
                port: [{ name: "http", containerPort: port }],
                env: env.env,
                resources,
                readinessProbe: { ...httpProbe(probes.readinessPath ?? "/ready"), periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
                livenessProbe: { ...httpProbe(probes.livenessPath ?? "/healthz"), periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
                startupProbe: { ...httpProbe(probes.livenessPath ?? "/healthz"), periodSeconds: 5, failureThreshold: Math.max(1, Math.ceil(startupSeconds / 5)) },
                lifecycle: { preStop: [{ exec: { command: ["sleep", String(preStop)] } }] },
                securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } },
                volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volume: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
          },
        },
      },
    });
    this.service = new ServiceV1(this, "service", {
      metadata,
      spec: { selector: labels, port: [{ name: "http", port: 80, targetPort: "http" }] },
    });
    this.autoscaler = new HorizontalPodAutoscalerV2(this, "autoscaler", {
      metadata,
      spec: {
        minReplicas: min,
        maxReplicas: max,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
        metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: target } } }],
      },
    });
    this.disruptionBudget = new PodDisruptionBudgetV1(this, "disruption-budget", {
      metadata,
      spec: { maxUnavailable: "1", selector: { matchLabels: labels } },
    });
    props.platform.chart.add({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: this.name, namespace: this.namespaceName, labels },
      spec: { selector: { matchLabels: labels }, namespaceSelector: { matchNames: [this.namespaceName] }, endpoints: [{ port: "http", path: props.metricsPath ?? "/metrics", interval: "30s" }] },
    });

    // SLOs are checked where they are written; only valid ones become rules.
    const slos = resolveSlos({ service: this.name, defaults: props.defaultSlos ?? true, defaultMatchers: `namespace="${this.namespaceName}",service="${this.name}"`, slos: props.slos ?? [] });
    problems.push(...slos.errors);
    // A workload has no edge of its own: the service's edge SLOs belong on its MonitoredService.
    for (const slo of slos.slos.filter(isEdgeSlo)) {
      problems.push(`\`slos\` "${slo.name}" measures an edge (sli.kind "edge"), which a workload has none of; put it on the MonitoredService whose \`edge\` fronts this workload`);
    }
    for (const w of slos.warnings) Annotations.of(this).addWarning(`[vigil:slo] ${w}`);
    const rules = observeSlos(props.platform.chart, { name: this.name, namespace: this.namespaceName, slos: slos.slos, routing: props.platform.routing });
    problems.push(...rules.problems);
    this.sloRuleGroupNames = rules.ruleGroupNames;
    addValidationErrors(this, problems);
  }
}
