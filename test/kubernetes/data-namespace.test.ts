import { resourceBodies, synthStack } from "../../lib/testing";
import { targetStack } from "../harness";

describe("a service's data namespace", () => {
  const synth = synthStack(targetStack("kubernetes", { service: true }).stack);

  test("admits connections only from its own pods, the operators, Prometheus and the platform's workload namespaces", () => {
    // The logging namespace's own policy is tested in logs.test.ts.
    const policies = resourceBodies(synth, "kubernetes_network_policy_v1").filter((p) => (p.metadata as { name: string }).name !== "allow-logging-only");
    expect(policies).toHaveLength(1);
    const [policy] = policies as Array<{ metadata: { name: string; namespace: string }; spec: { pod_selector: unknown; policy_types: string[]; ingress: { from: unknown[] }[] } }>;
    expect(policy.metadata.name).toBe("allow-platform-only");
    expect(policy.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
    expect(policy.spec.policy_types).toEqual(["Ingress"]);
    const peers = policy.spec.ingress[0].from.map((p) => JSON.stringify(p));
    const byName = (ns: string) => JSON.stringify({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": ns } } });
    for (const ns of ["monitoring", "strimzi-system", "k8ssandra-operator", "elastic-system", "cnpg-system"]) expect(peers).toContain(byName(ns));
    expect(peers).toContain(JSON.stringify({ pod_selector: {} }));
    expect(peers).toContain(JSON.stringify({ namespace_selector: { match_labels: { "vigil.dev/role": "workloads", "vigil.dev/service": "shop" } } }));
    // Any other namespace (cert-manager, the blackbox exporter, other teams) is left out.
    expect(peers).toHaveLength(7);
  });
});
