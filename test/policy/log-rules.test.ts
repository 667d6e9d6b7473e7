// The observability pack's log rules and the parity pack's log pipeline rule,
// on manifests written by hand: a violating and a satisfying case each.
import { App, TerraformStack, Testing } from "cdktf";
import { ENVIRONMENT_PROFILES } from "../../lib";
import { Profile } from "../../lib/core/environment";
import { LogPipelineRecord, ServiceLogsRecord, VigilManifest } from "../../lib/core/manifest";
import { MonitoredService, ServiceObservation, ServiceObservability } from "../../lib";
import { KubernetesPlatform } from "../../lib/kubernetes";
import { kubernetesNotifications, TEST_LOG_ARCHIVE } from "../kubernetes/support";
import { findingsOf, RawResource } from "./support";
import type { Construct } from "constructs";

/** A platform of someone's own that deploys a service's alerts and dashboards but says nothing of its logs. */
class PlatformWithoutLogs extends KubernetesPlatform {
  public observeService(scope: Construct, id: string, observation: ServiceObservation): ServiceObservability {
    return { ...super.observeService(scope, id, observation), logs: undefined };
  }
}

const PROD_RETENTION = { searchableDays: 90, totalDays: 365, archive: "S3 Glacier Deep Archive (Object Lock, compliance mode)", immutable: true };

const pipeline = (overrides: Partial<LogPipelineRecord> = {}): LogPipelineRecord => ({
  target: "kubernetes",
  collector: "Fluent Bit 4.0 (fluent-bit chart 0.50.0)",
  store: "Elasticsearch",
  namespaces: "all",
  systemLogs: true,
  retention: PROD_RETENTION,
  encryption: "TLS, encrypted volumes",
  path: "test/platform/logs",
  ...overrides,
});

const serviceLogs = (overrides: Partial<ServiceLogsRecord> = {}): ServiceLogsRecord => ({
  service: "checkout",
  namespaces: ["checkout"],
  store: "Elasticsearch",
  location: "logs-checkout-*",
  query: 'kubernetes.namespace_name: "checkout"',
  queryLanguage: "Kibana KQL",
  url: "https://kibana.logging.svc:5601/app/discover",
  retention: PROD_RETENTION,
  collector: "Fluent Bit 4.0 (fluent-bit chart 0.50.0)",
  path: "test/checkout",
  ...overrides,
});

function stackWith(tier: "prod" | "staging" | "dev", pipelines: LogPipelineRecord[], logs: ServiceLogsRecord[] = [], workloadNamespaces: string[] = [], id = "test", app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, id);
  Profile.attach(stack, ENVIRONMENT_PROFILES[tier]);
  const manifest = VigilManifest.of(stack);
  pipelines.forEach((p) => manifest.addLogPipeline(p));
  logs.forEach((l) => manifest.addServiceLogs(l));
  for (const ns of workloadNamespaces) {
    new RawResource(stack, `ns-${ns}`, "kubernetes_namespace_v1", { metadata: { name: ns, labels: { "vigil.dev/role": "workloads" } } });
  }
  return stack;
}

describe("observability/log-collection", () => {
  test("a prod service whose platform collects none of its logs is an error naming it; Vigil's platforms satisfy it", () => {
    const build = (Platform: typeof KubernetesPlatform) => {
      const stack = new TerraformStack(Testing.app(), "prod-shop");
      const platform = new Platform(stack, "platform", { environment: "prod", service: "shop", owner: "team-shop", connection: { kind: "kubeconfig", context: "kind-vigil" }, notifications: kubernetesNotifications, logs: { archive: TEST_LOG_ARCHIVE } });
      new MonitoredService(stack, "checkout", { platform });
      return stack;
    };
    const found = findingsOf(build(PlatformWithoutLogs), "observability/log-collection");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "prod-shop/checkout" })]);
    expect(found[0].message).toMatch(/^service "checkout" has no collected logs/);
    expect(findingsOf(build(KubernetesPlatform), "observability/log-collection")).toEqual([]);
  });

  test("a prod workload namespace no pipeline collects is an error naming it; a pipeline of every namespace satisfies it", () => {
    const found = findingsOf(stackWith("prod", [pipeline({ namespaces: ["billing"] })], [], ["checkout", "billing"]), "observability/log-collection");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "test/ns-checkout" })]);
    expect(found[0].message).toMatch(/workload namespace "checkout" is collected by no log pipeline/);
    expect(findingsOf(stackWith("prod", [pipeline()], [], ["checkout", "billing"]), "observability/log-collection")).toEqual([]);
  });

  test("a namespace listed in a service's logs counts as collected; dev is not checked", () => {
    expect(findingsOf(stackWith("prod", [], [serviceLogs()], ["checkout"]), "observability/log-collection")).toEqual([]);
    expect(findingsOf(stackWith("dev", [], [], ["checkout"]), "observability/log-collection")).toEqual([]);
  });
});

describe("observability/log-archive", () => {
  test("prod logs without an immutable archive of a year are errors, each naming what is short", () => {
    const stack = stackWith("prod", [pipeline({ retention: { searchableDays: 30, totalDays: 30, immutable: false } })], [serviceLogs({ retention: { ...PROD_RETENTION, immutable: false } })]);
    const found = findingsOf(stack, "observability/log-archive");
    expect(found.map((f) => f.resource).sort()).toEqual(["test/checkout", "test/platform/logs"]);
    const byPath = Object.fromEntries(found.map((f) => [f.resource, f.message]));
    expect(byPath["test/platform/logs"]).toMatch(/searchable 30 days \(keep >= 90\); kept 30 days in all \(keep >= 365\); no archive;/);
    expect(byPath["test/checkout"]).toMatch(/the archive \(S3 Glacier Deep Archive.*\) can be deleted early \(lock it\)/);
  });

  test("a locked archive of 365 days satisfies it; staging is not checked", () => {
    expect(findingsOf(stackWith("prod", [pipeline()], [serviceLogs()]), "observability/log-archive")).toEqual([]);
    expect(findingsOf(stackWith("staging", [pipeline({ retention: { searchableDays: 30, totalDays: 90, archive: "S3", immutable: false } })]), "observability/log-archive")).toEqual([]);
  });
});

describe("parity/log-pipeline", () => {
  const pair = (staging: LogPipelineRecord[], prod: LogPipelineRecord[]) => {
    const app = Testing.app();
    stackWith("prod", prod, [], [], "prod-kubernetes-platform", app);
    return findingsOf(stackWith("staging", staging, [], [], "staging-kubernetes-platform", app), "parity/log-pipeline");
  };

  test("a staging pipeline with another collector or without the archive is an error", () => {
    const found = pair([pipeline({ collector: "Fluentd 1.17", retention: { searchableDays: 30, totalDays: 30, immutable: false } })], [pipeline()]);
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "staging-kubernetes-platform" })]);
    expect(found[0].message).toMatch(/the log pipeline differs: staging-kubernetes-platform has .*Fluentd 1\.17.*"archive":"none"/);
  });

  test("only the days kept, the lock and the archive's storage class may differ", () => {
    expect(pair([pipeline({ retention: { searchableDays: 30, totalDays: 90, archive: "S3 Glacier Flexible Retrieval (Object Lock, governance mode)", immutable: false } })], [pipeline()])).toEqual([]);
  });
});
