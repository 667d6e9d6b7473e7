import { Construct } from "constructs";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, NetworkPolicyV1Config } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { recordBuiltOn } from "../core/built-on";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { UniqueNames } from "../core/unique-names";
import type { KubernetesPlatform } from "./platform";
import { cpuMillis, memoryBytes, resolveResources } from "./resources";
import { OPERATOR_CHARTS } from "./versions";

/** Totals a team namespace may request. */
export interface NamespaceQuota {
  /** Sum of CPU requests. @default - "4" in dev, "16" otherwise */
  readonly cpuRequests?: string;
  /** Sum of memory requests. @default - "8Gi" in dev, "32Gi" otherwise */
  readonly memoryRequests?: string;
  /** Sum of memory limits. @default - twice the memory requests quota */
  readonly memoryLimits?: string;
  /** Pods. @default - 40 in dev, 200 otherwise */
  readonly pods?: number;
}

/** Props of {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /** The platform (labels, profile). */
  readonly platform: KubernetesPlatform;
  /** Namespace name, a DNS label, unique on the platform; not one of Kubernetes' own (default, kube-system, kube-public, kube-node-lease) or Vigil's. @default - the construct id */
  readonly name?: string;
  /** Resource quota. @default - sized by environment, see {@link NamespaceQuota} */
  readonly quota?: NamespaceQuota;
  /** Requests and limits given to containers that declare none. @default - 100m CPU / 128Mi requested, 256Mi memory limit */
  readonly containerDefaults?: { readonly cpuRequest?: string; readonly memoryRequest?: string; readonly memoryLimit?: string };
  /** Namespaces whose pods may connect in (e.g. the ingress controller's). @default - none */
  readonly allowIngressFromNamespaces?: readonly string[];
  /** Namespace of Prometheus, allowed in to scrape. @default "monitoring" (kube-prometheus-stack) */
  readonly monitoringNamespace?: string;
  /** Namespaces the pods may connect to besides DNS and their own namespace (e.g. `<service>-data`). @default - none */
  readonly allowEgressToNamespaces?: readonly string[];
}

const NAMESPACE_LABEL = "kubernetes.io/metadata.name";

/**
 * Namespaces Kubernetes itself creates and uses (Kubernetes docs,
 * "Namespaces": initial namespaces). A team namespace there would get
 * default-deny network policies and a quota on the cluster's own pods.
 */
const KUBERNETES_RESERVED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** What is wrong with a team namespace's name besides its characters: reserved, Vigil's own, or another's. */
function namespaceNameProblem(name: string, platform: KubernetesPlatform, path: string): string | undefined {
  if (KUBERNETES_RESERVED_NAMESPACES.includes(name)) {
    return `\`name\` is ${JSON.stringify(name)}, a namespace reserved for Kubernetes itself (${KUBERNETES_RESERVED_NAMESPACES.join(", ")}); a team namespace gets default-deny network policies and a quota, so give the team its own, e.g. "checkout"`;
  }
  const operator = Object.values(OPERATOR_CHARTS).find((c) => c.namespace === name);
  if (operator || name === platform.systemNamespace) {
    return `\`name\` is ${JSON.stringify(name)}, a namespace Vigil installs ${operator ? `${operator.chart} in` : "the platform's chart in"}; give the team its own namespace, e.g. "checkout"`;
  }
  const first = UniqueNames.of(platform).claim("namespace", name, path);
  return first === undefined ? undefined : `\`name\` is ${JSON.stringify(name)}, already the namespace of ${first}; give each team namespace its own name`;
}

/** A NetworkPolicy peer selecting a namespace by name (the label Kubernetes sets on every namespace). */
export function namespacePeer(name: string): { namespaceSelector: { matchLabels: Record<string, string> } } {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: name } } };
}
/** Memory limit the LimitRange gives containers that declare none (twice the default request: room for spikes). */
const DEFAULT_CONTAINER_MEMORY_LIMIT = "256Mi";

/** Twice a memory quantity, in Gi when whole, else Mi. */
function twice(bytes: number): string {
  const gi = (bytes * 2) / 2 ** 30;
  return Number.isInteger(gi) ? `${gi}Gi` : `${Math.round((bytes * 2) / 2 ** 20)}Mi`;
}

/**
 * A namespace for one team's workloads with guard rails: a ResourceQuota, a
 * LimitRange giving containers default requests and limits, and network
 * policies that deny everything, then allow DNS, traffic inside the
 * namespace, scraping from the monitoring namespace and the namespaces
 * listed in the props.
 */
export class TeamNamespace extends Construct {
  /** The namespace name. */
  public readonly name: string;
  /** The namespace resource. */
  public readonly namespace: NamespaceV1;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    recordBuiltOn(this, props.platform);
    this.name = props.name ?? id;
    const problems: string[] = [];
    const nameProblem = checkName(this.name, NAMING_RULES.kubernetesDnsLabel, "name") ?? namespaceNameProblem(this.name, props.platform, this.node.path);
    if (nameProblem) problems.push(nameProblem);
    const peers = [...(props.allowIngressFromNamespaces ?? []), ...(props.allowEgressToNamespaces ?? []), props.monitoringNamespace ?? OPERATOR_CHARTS.kubePrometheusStack.namespace];
    for (const peer of peers) {
      const p = checkName(peer, NAMING_RULES.kubernetesDnsLabel, "allowed namespace");
      if (p) problems.push(p);
    }
    const dev = props.platform.profile.tier === "dev";
    const q = props.quota ?? {};
    const memoryRequests = q.memoryRequests ?? (dev ? "8Gi" : "32Gi");
    const memoryRequestBytes = memoryBytes(memoryRequests);
    const hard: Record<string, string> = {
      "requests.cpu": q.cpuRequests ?? (dev ? "4" : "16"),
      "requests.memory": memoryRequests,
      "limits.memory": q.memoryLimits ?? (memoryRequestBytes !== undefined ? twice(memoryRequestBytes) : memoryRequests),
      pods: String(q.pods ?? (dev ? 40 : 200)),
    };
    if (cpuMillis(hard["requests.cpu"]) === undefined) problems.push(`\`quota.cpuRequests\` is ${JSON.stringify(hard["requests.cpu"])}, not a Kubernetes quantity; write it like "8" or "8000m"`);
    if (memoryRequestBytes === undefined) problems.push(`\`quota.memoryRequests\` is ${JSON.stringify(memoryRequests)}, not a Kubernetes quantity; write it like "16Gi"`);
    const d = props.containerDefaults ?? {};
    // Checked with the limit the LimitRange really writes, so a request above it fails at synth, not at apply.
    const defaults = resolveResources("containerDefaults", d, { cpuRequest: "100m", memoryRequest: "128Mi", memoryLimit: DEFAULT_CONTAINER_MEMORY_LIMIT });
    problems.push(...defaults.problems);
    addValidationErrors(this, problems);

    const labels = { ...props.platform.labels, "vigil.dev/role": "workloads" };
    // Pod Security Admission rejects pods that run as root, escalate privileges or keep
    // capabilities; HttpWorkload's pods meet the restricted profile already.
    const namespaceLabels = { ...labels, "pod-security.kubernetes.io/enforce": "restricted" };
    this.namespace = new NamespaceV1(this, "namespace", { metadata: { name: this.name, labels: namespaceLabels } });
    const metadata = (name: string) => ({ name, namespace: this.namespace.metadata.name, labels });
    new ResourceQuotaV1(this, "quota", { metadata: metadata("team-quota"), spec: { hard } });
    new LimitRangeV1(this, "limits", {
      metadata: metadata("container-defaults"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: defaults.resources.requests,
            default: { memory: defaults.resources.limits.memory },
          },
        ],
      },
    });

    const nsPeer = namespacePeer;
    const policy = (pid: string, spec: NetworkPolicyV1Config["spec"]) => new NetworkPolicyV1(this, pid, { metadata: metadata(pid), spec });
    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { port: "53", protocol: "UDP" },
            { port: "53", protocol: "TCP" },
          ],
        },
      ],
    });
    policy("allow-same-namespace", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
    policy("allow-monitoring", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [nsPeer(props.monitoringNamespace ?? OPERATOR_CHARTS.kubePrometheusStack.namespace)] }] });
    if (props.allowIngressFromNamespaces?.length) {
      policy("allow-ingress-namespaces", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: props.allowIngressFromNamespaces.map(nsPeer) }] });
    }
    if (props.allowEgressToNamespaces?.length) {
      policy("allow-egress-namespaces", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: props.allowEgressToNamespaces.map(nsPeer) }] });
    }
  }
}
