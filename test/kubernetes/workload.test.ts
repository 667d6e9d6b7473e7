import { checkRulesWithPromtool, resourceBodies, synthStack, validationMessages } from "../../lib/testing";
import { renderRuleGroups } from "../../lib/observability/prometheus-rules";
import { Testing } from "cdktf";
import { secret } from "../../lib";
import { teamWorkload } from "./support";
import { messageAt, ResourceBody, targetStack } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";


function synthFor(env: EnvironmentTier, workload = {}) {
  let api: ReturnType<typeof teamWorkload> | undefined;
  const { stack, platform } = targetStack("kubernetes", { environment: env, build: (p, s) => void (api = teamWorkload(p, s, workload)) });
  return { synth: synthStack(stack), platform, api: api! };
}

const byName = (bodies: ResourceBody[]) => Object.fromEntries(bodies.map((b) => [b.metadata.name, b]));

describe("TeamNamespace", () => {
  const { synth } = synthFor("prod");

  test("a namespace with a quota and container defaults", () => {
    // "logging" is the platform's log pipeline (logs.test.ts).
    const team = resourceBodies(synth, "kubernetes_namespace_v1").filter((n: ResourceBody) => n.metadata.name !== "logging");
    expect(team.map((n: ResourceBody) => n.metadata.name)).toEqual(["checkout"]);
    // Pod Security Admission's restricted profile, which HttpWorkload's pods meet.
    expect((team[0] as ResourceBody).metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const quota = resourceBodies(synth, "kubernetes_resource_quota_v1")[0] as ResourceBody;
    expect(quota.spec.hard).toEqual({ "requests.cpu": "16", "requests.memory": "32Gi", "limits.memory": "64Gi", pods: "200" });
    const limits = resourceBodies(synth, "kubernetes_limit_range_v1")[0] as ResourceBody;
    expect(limits.spec.limit).toEqual([{ type: "Container", default_request: { cpu: "100m", memory: "128Mi" }, default: { memory: "256Mi" } }]);
  });

  test("default deny of all ingress and egress, then explicit allows", () => {
    const policies = byName(resourceBodies(synth, "kubernetes_network_policy_v1").filter((b) => b.metadata.name !== "allow-logging-only"));
    expect(Object.keys(policies).sort()).toEqual(["allow-dns", "allow-egress-namespaces", "allow-ingress-namespaces", "allow-monitoring", "allow-same-namespace", "default-deny"]);
    expect(policies["default-deny"].spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    expect(policies["allow-dns"].spec.egress[0].ports).toEqual([
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ]);
    expect(policies["allow-monitoring"].spec.ingress[0].from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "monitoring" } } }]);
    expect(policies["allow-ingress-namespaces"].spec.ingress[0].from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }]);
    expect(policies["allow-egress-namespaces"].spec.egress[0].to).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "checkout-data" } } }]);
  });
});

describe("HttpWorkload", () => {
  test.each([
    ["dev", 1, 3],
    ["prod", 3, 10],
  ] as const)("%s: HPA from %i to %i replicas on CPU, and a PDB", (env, min, max) => {
    const { synth } = synthFor(env);
    const hpa = resourceBodies(synth, "kubernetes_horizontal_pod_autoscaler_v2")[0] as ResourceBody;
    expect(hpa.spec).toMatchObject({ min_replicas: min, max_replicas: max, scale_target_ref: { api_version: "apps/v1", kind: "Deployment" } });
    expect(hpa.spec.metric).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } }]);
    const pdb = resourceBodies(synth, "kubernetes_pod_disruption_budget_v1")[0] as ResourceBody;
    expect(pdb.spec).toEqual({ max_unavailable: "1", selector: { match_labels: { "app.kubernetes.io/name": "checkout-api", "app.kubernetes.io/part-of": "vigil" } } });
    const deployment = resourceBodies(synth, "kubernetes_deployment_v1")[0] as ResourceBody;
    expect(deployment.spec.replicas).toBe(String(min));
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
  });

  const deployment = resourceBodies(synthFor("prod").synth, "kubernetes_deployment_v1")[0] as ResourceBody;
  const pod = deployment.spec.template.spec;
  const container = pod.container[0];

  test("zero-downtime rollout: maxUnavailable 0", () => {
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rolling_update: { max_unavailable: "0", max_surge: "25%" } });
  });

  test("readiness, liveness and startup probes; preStop delay inside the grace period", () => {
    expect(container.readiness_probe).toMatchObject({ http_get: { path: "/ready", port: "http" }, period_seconds: 5 });
    expect(container.liveness_probe).toMatchObject({ http_get: { path: "/healthz", port: "http" } });
    expect(container.startup_probe).toMatchObject({ http_get: { path: "/healthz", port: "http" }, failure_threshold: 24, period_seconds: 5 });
    expect(container.lifecycle.pre_stop).toEqual([{ exec: { command: ["sleep", "10"] } }]);
    expect(pod.termination_grace_period_seconds).toBe(30);
  });

  test("hardened security context", () => {
    expect(pod.security_context).toEqual({ run_as_non_root: true, run_as_user: "10001", run_as_group: "10001", seccomp_profile: { type: "RuntimeDefault" } });
    expect(container.security_context).toEqual({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
    expect(container.volume_mount).toEqual([{ name: "tmp", mount_path: "/tmp" }]);
    expect(pod.automount_service_account_token).toBe(false);
  });

  test("requests, and a memory limit equal to the request", () => {
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
  });

  test("a ServiceMonitor and the default SLOs as a PrometheusRule that passes promtool", () => {
    const { platform, api } = synthFor("prod");
    const monitor = platform.chart.manifestsOfKind("ServiceMonitor").find((m) => m.metadata.name === "checkout-api") as ResourceBody;
    expect(monitor.metadata.namespace).toBe("checkout");
    expect(monitor.spec.endpoints).toEqual([{ port: "http", path: "/metrics", interval: "30s" }]);
    expect(api.sloRuleGroupNames).toEqual(["checkout-api-slo-availability", "checkout-api-slo-latency"]);
    const rule = platform.chart.manifestsOfKind("PrometheusRule").find((r) => r.metadata.name === "checkout-api-slos") as ResourceBody;
    expect(JSON.stringify(rule.spec)).toContain('namespace=\\"checkout\\",service=\\"checkout-api\\"');
    checkRulesWithPromtool(renderRuleGroups(rule.spec.groups));
  });

  test("its SLOs are checked like a service's: a second SLO named like a default one fails synth once, where it is written", () => {
    const { stack } = targetStack("kubernetes", {
      build: (p, s) => void teamWorkload(p, s, { slos: [{ name: "availability", objective: 99, sli: { kind: "ratio", errors: 'http_requests_total{code=~"5.."}', total: "http_requests_total" } }] }),
    });
    expect(validationMessages(stack)).toEqual([
      messageAt("platform/api", "`slos[0].name`", '"availability"', "already used by the default SLOs", "`defaultSlos: false`"),
    ]);
  });

  test("env takes Kubernetes Secret keys; a secret in clear fails synth and is not written", () => {
    const { stack } = targetStack("kubernetes", { build: (p, s) => void teamWorkload(p, s, { env: { LOG_LEVEL: "info", DB_PASSWORD: secret("checkout-db", "password"), API_TOKEN: secret("checkout-api") } }) });
    expect(validationMessages(stack)).toEqual([]);
    const deployment = Object.values(synthStack(stack).resource!.kubernetes_deployment_v1)[0] as ResourceBody;
    expect(deployment.spec.template.spec.container[0].env).toEqual([
      { name: "LOG_LEVEL", value: "info" },
      { name: "DB_PASSWORD", value_from: { secret_key_ref: { name: "checkout-db", key: "password" } } },
      { name: "API_TOKEN", value_from: { secret_key_ref: { name: "checkout-api", key: "value" } } },
    ]);
    const clear = targetStack("kubernetes", { build: (p, s) => void teamWorkload(p, s, { env: { DB_PASSWORD: "hunter2-in-clear" } }) }).stack;
    expect(validationMessages(clear)).toEqual([expect.stringMatching(/^\[platform\/api\] `env.DB_PASSWORD` is given in clear, and its name says it is a secret; keep it in a Kubernetes Secret/)]);
    // Not written even when validation is skipped.
    expect(Testing.synth(clear)).not.toContain("hunter2-in-clear");
  });

  test("default SLOs can be turned off", () => {
    const { platform, api } = synthFor("prod", { defaultSlos: false });
    expect(api.sloRuleGroupNames).toEqual([]);
    expect(platform.chart.manifestsOfKind("PrometheusRule").map((r) => r.metadata.name)).not.toContain("checkout-api-slos");
  });
});
