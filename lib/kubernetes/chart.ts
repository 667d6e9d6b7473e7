import { createHash } from "crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Construct, IConstruct } from "constructs";
import { AssetType, Aspects, dependable, ITerraformDependable, TerraformAsset } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import { Profile } from "../core/environment";
import { addValidationErrors } from "../core/errors";
import { isStatefulKind } from "../core/stateful";

/** A Kubernetes object as written into the chart. */
export interface KubernetesManifest {
  /** API group and version, e.g. `kafka.strimzi.io/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Kafka`. */
  readonly kind: string;
  /** Name, namespace, labels. */
  readonly metadata: {
    /** Object name. */
    readonly name: string;
    /** Namespace. @default - none (a cluster-scoped object) */
    readonly namespace?: string;
    /** Labels; `app.kubernetes.io/part-of: vigil` is added. @default - only that label */
    readonly labels?: Readonly<Record<string, string>>;
    /** Annotations. @default - none */
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** The rest of the object (`spec`, `data`, ...). */
  readonly [field: string]: unknown;
}

/** Props of {@link ResourceChart}. */
export interface ResourceChartProps {
  /** Helm release and chart name (a DNS label). */
  readonly name: string;
  /** Namespace of the Helm release record (created when missing). */
  readonly namespace: string;
  /** Resources the release waits for (namespaces, secrets). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Keep the release under `lifecycle.prevent_destroy` once the chart holds a
   * data custom resource (Kafka, K8ssandraCluster, Elasticsearch, CNPG
   * Cluster): uninstalling the release deletes them and their volumes.
   * @default - the `preventDestroy` of the environment profile governing the chart (`Profile.tryOf`), else false
   */
  readonly preventDestroy?: boolean;
}

/**
 * Where charts are staged until cdktf copies them into the stack's assets:
 * one folder per process (`$TMPDIR/vigil-charts-<pid>`), removed when the
 * process exits; folders of processes that are gone (killed test workers)
 * are removed by the next process that stages a chart. The synthesized
 * output does not depend on it (the asset path is `assets/<id>/<chart name>`).
 */
let stagingRoot: string | undefined;
function stagingDir(): string {
  if (stagingRoot === undefined) {
    removeStaleStaging();
    const root = join(tmpdir(), `${STAGING_PREFIX}${process.pid}`);
    mkdirSync(root, { recursive: true });
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    stagingRoot = root;
  }
  return mkdtempSync(join(stagingRoot, "chart-"));
}
const STAGING_PREFIX = "vigil-charts-";

function removeStaleStaging(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = entry.startsWith(STAGING_PREFIX) ? Number(entry.slice(STAGING_PREFIX.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Label every object Vigil generates carries. */
const PART_OF_LABEL = { "app.kubernetes.io/part-of": "vigil" } as const;

/**
 * A Helm chart generated at synth from the custom resources the platform
 * builds (Kafka, K8ssandraCluster, Elasticsearch, CNPG Cluster,
 * PrometheusRule, ServiceMonitor, ...) and installed by one `helm_release`.
 *
 * Why a chart and not `kubernetes_manifest`: `kubernetes_manifest` needs the
 * CRDs at plan time, so a first `cdktf deploy` of a fresh cluster could not
 * plan; Helm only needs them when it installs, after the operators' stack.
 *
 * The objects go to `manifests/*.yaml` and one template prints them with
 * `.Files.Get`, so Prometheus templates in alert annotations (`{{ $value }}`)
 * reach the cluster untouched instead of being evaluated by Helm. The chart
 * version carries a hash of the content, so any change upgrades the release.
 */
export class ResourceChart extends Construct {
  /** The Helm release installing the chart. */
  public readonly release: Release;
  private readonly entries = new Map<string, KubernetesManifest>();
  private readonly sourceDir: string;

  constructor(scope: Construct, id: string, private readonly props: ResourceChartProps) {
    super(scope, id);
    this.sourceDir = stagingDir();
    const asset = new TerraformAsset(this, "chart", { path: this.sourceDir, type: AssetType.DIRECTORY, assetHash: props.name });
    this.release = new Release(this, "release", {
      name: props.name,
      chart: `./${asset.path}`,
      namespace: props.namespace,
      createNamespace: true,
      // The operators reconcile these objects asynchronously; their health is
      // watched by the alerts, not by Helm's readiness wait.
      wait: false,
      dependsOn: [...(props.dependsOn ?? [])],
    });
    // Files are written when the content is final: after every add() call, before the asset is copied.
    Aspects.of(this).add({ visit: (node: IConstruct) => node === this && this.writeFiles() });
  }

  /** Adds an object; the file name is `<namespace>-<kind>-<name>.yaml`. */
  public add(manifest: KubernetesManifest): void {
    const m = manifest.metadata;
    const key = `${m.namespace ?? "cluster"}-${manifest.kind.toLowerCase()}-${m.name}`;
    if (this.entries.has(key)) {
      addValidationErrors(this, [`two ${manifest.kind} objects named "${m.name}" in namespace "${m.namespace}"; give each component a distinct name`]);
      return;
    }
    this.entries.set(key, { ...manifest, metadata: { ...m, labels: { ...PART_OF_LABEL, ...m.labels } } });
    if (isStatefulKind(manifest.apiVersion, manifest.kind) && (this.props.preventDestroy ?? Profile.tryOf(this)?.preventDestroy ?? false)) {
      this.release.lifecycle = { ...this.release.lifecycle, preventDestroy: true };
    }
  }

  /** Makes the release wait for `resource` (e.g. a namespace the objects live in). */
  public dependOn(resource: ITerraformDependable): void {
    this.release.dependsOn = [...(this.release.dependsOn ?? []), dependable(resource)];
  }

  /** Every object in the chart. */
  public get manifests(): readonly KubernetesManifest[] {
    return [...this.entries.values()];
  }

  /** Objects of one kind. */
  public manifestsOfKind(kind: string): readonly KubernetesManifest[] {
    return this.manifests.filter((m) => m.kind === kind);
  }

  /** The chart's files by relative path (Chart.yaml, templates/, manifests/). */
  public files(): Record<string, string> {
    const manifests: Record<string, string> = {};
    for (const [key, manifest] of [...this.entries.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      manifests[`manifests/${key}.yaml`] = stringify(manifest, { lineWidth: 0 });
    }
    const hash = createHash("sha256").update(JSON.stringify(manifests)).digest("hex").slice(0, 12);
    return {
      "Chart.yaml": stringify({
        apiVersion: "v2",
        name: this.props.name,
        description: "Custom resources generated by cdktf-vigil (data services, monitors, rules)",
        type: "application",
        version: `1.0.0-h${hash}`,
      }),
      "templates/resources.yaml": '{{- range $path, $_ := .Files.Glob "manifests/*.yaml" }}\n---\n{{ $.Files.Get $path }}\n{{- end }}\n',
      ...manifests,
    };
  }

  private writeFiles(): void {
    // Each synth writes the whole chart afresh: no file of an earlier synth may linger.
    rmSync(this.sourceDir, { recursive: true, force: true });
    mkdirSync(this.sourceDir, { recursive: true });
    for (const [path, content] of Object.entries(this.files())) {
      const target = join(this.sourceDir, path);
      mkdirSync(join(target, ".."), { recursive: true });
      writeFileSync(target, content);
    }
  }
}
