import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { DataGoogleLoggingProjectCmekSettings } from "@cdktf/provider-google/lib/data-google-logging-project-cmek-settings";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectExclusion } from "@cdktf/provider-google/lib/logging-project-exclusion";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import type { LogRetention, PlatformLogsProps } from "../core/components/logs";
import type { EnvironmentProfile } from "../core/environment";
import { VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { GcpAlertDefinition } from "./alert-policy";
import type { GcpAlerting } from "./alerting";
import { gcsBucketNameProblem, GcpLogArchive } from "./log-archive";
import { gkeLoggingAlertBindings, gkeLoggingPanels, GKE_LOGGING_COMPONENT } from "./log-alerts";
import { logsExplorerUrl, workloadLogFilter } from "./log-queries";
import { deployGcpComponentAlerts } from "./private/component-alerts";

/** Days between automatic rotations of the key that encrypts the workloads' logs. */
const LOG_KEY_ROTATION_DAYS = 90;

/** The collector on GKE: the agent GKE deploys and upgrades with the cluster, Vigil only switches it on. */
export const GKE_LOGGING_AGENT_NAME = "GKE logging agent (fluentbit-gke DaemonSet, Fluent Bit based; deployed, sized and upgraded by GKE with the cluster's version)";

/** The GCP platform's log pipeline settings. */
export interface GcpPlatformLogsProps extends PlatformLogsProps {
  /**
   * Name of the Cloud Storage bucket that archives the workloads' logs when
   * the profile's `logArchiveDays` is above 0 (GCP only). Bucket names are
   * global: 3-63 lowercase letters, digits, `-` and `_`.
   * @default - `<service>-<environment>-logs-<project>`, shortened with a hash to 63 characters
   */
  readonly archiveBucketName?: string;
}

/** Props of {@link GcpWorkloadLogs}. */
export interface GcpWorkloadLogsProps {
  /** Project id. */
  readonly project: string;
  /** Region: the log bucket's, the key's and the archive's location. */
  readonly region: string;
  /** Prefix of names: `<service>-<environment>`. */
  readonly namePrefix: string;
  /** The GKE cluster whose logs are routed. */
  readonly clusterName: string;
  /** Environment profile (retention, archive, protection). */
  readonly profile: EnvironmentProfile;
  /** Alert delivery. */
  readonly alerting: GcpAlerting;
  /** The user's settings. @default - none */
  readonly logs?: GcpPlatformLogsProps;
}

/**
 * The workloads' logs on GCP. GKE's logging agent (system and workload
 * logging, switched on by the cluster) writes every container's
 * stdout/stderr — a JSON line parsed into `jsonPayload`, its `severity`
 * into the entry's — and the nodes' kubelet and runtime logs, labelled
 * with cluster, namespace, pod and container. A project sink routes the
 * cluster's `k8s_container`, `k8s_pod` and `k8s_node` entries to a log
 * bucket of the platform in its region, kept the profile's
 * `logRetentionDays` and encrypted with a Cloud KMS key of that region
 * (Cloud Logging requires the key in the bucket's location); an exclusion
 * keeps them out of `_Default` so they are stored once. With
 * `logArchiveDays` above 0 a second sink archives them to a locked
 * Archive-class bucket ({@link GcpLogArchive}). Buckets and key outlive the
 * cluster. The agent's health is the canonical `collector-down` alert.
 */
export class GcpWorkloadLogs extends Construct {
  /** The log bucket. */
  public readonly bucket: LoggingProjectBucketConfig;
  /** The sink to it. */
  public readonly sink: LoggingProjectSink;
  /** The `_Default` sink's exclusion of the same entries. */
  public readonly exclusion: LoggingProjectExclusion;
  /** The key that encrypts bucket and archive. */
  public readonly key: KmsCryptoKey;
  /** The archive, when the profile keeps one. */
  public readonly archive?: GcpLogArchive;
  /** Retention and archive. */
  public readonly retention: LogRetention;
  /** The log bucket's id. */
  public readonly bucketId: string;
  /** The `collector-down` alert (none when switched off). */
  public readonly alerts: readonly GcpAlertDefinition[];
  /** Canonical pipeline alerts GCP cannot provide (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Problems with the props. */
  public readonly problems: readonly string[];
  private readonly scope: { readonly project: string; readonly location: string };
  private readonly extraResourceTypes = new Set<string>();
  private archiveBucketName?: string;

  constructor(scope: Construct, id: string, props: GcpWorkloadLogsProps) {
    super(scope, id);
    const { project, region, profile, namePrefix } = props;
    const problems: string[] = [];
    this.scope = { project, location: region };
    // Resolved at synth: an edge built later adds its load balancer's request logs.
    const cluster = workloadLogFilter(props.clusterName);
    const filter = Lazy.stringValue({ produce: () => withResourceTypes(cluster, [...this.extraResourceTypes]) });

    const ring = new KmsKeyRing(this, "key-ring", { name: `${namePrefix}-logs`, location: region, project });
    this.key = new KmsCryptoKey(this, "key", {
      name: "workload-logs",
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${LOG_KEY_ROTATION_DAYS * 86400}s`,
      // Destroyed, every log and archive object it encrypted is unreadable.
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    // Cloud Logging encrypts a bucket's entries as the project's Logging service account ("Configure CMEK for log storage").
    const cmek = new DataGoogleLoggingProjectCmekSettings(this, "logging-cmek-settings", { project });
    const keyGrant = new KmsCryptoKeyIamMember(this, "key-logging-agent", { cryptoKeyId: this.key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: `serviceAccount:${cmek.serviceAccountId}` });

    this.bucketId = `${namePrefix}-workloads`;
    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project,
      location: region,
      bucketId: this.bucketId,
      retentionDays: profile.logRetentionDays,
      description: `Container, pod and node logs of GKE cluster ${props.clusterName}, searchable ${profile.logRetentionDays} days`,
      cmekSettings: { kmsKeyName: this.key.id },
      lifecycle: { preventDestroy: profile.preventDestroy },
      dependsOn: [keyGrant],
    });
    this.sink = new LoggingProjectSink(this, "sink", {
      name: `${namePrefix}-workloads`,
      project,
      destination: `logging.googleapis.com/projects/${project}/locations/${region}/buckets/${this.bucketId}`,
      filter,
      uniqueWriterIdentity: true,
      dependsOn: [this.bucket],
    });
    // Routed first, excluded second: no entry is dropped in between.
    this.exclusion = new LoggingProjectExclusion(this, "default-exclusion", {
      name: `${namePrefix}-workloads`,
      project,
      description: `Stored in the ${this.bucketId} bucket; not a second time in _Default`,
      filter,
      dependsOn: [this.sink],
    });

    if (profile.logArchiveDays > 0) {
      const bucketName = props.logs?.archiveBucketName ?? fitName([namePrefix, "logs", project], { ...NAMING_RULES.gcpResource, maxLength: 63 });
      const nameProblem = gcsBucketNameProblem(bucketName, "logs.archiveBucketName");
      if (nameProblem) problems.push(nameProblem);
      this.archiveBucketName = bucketName;
      this.archive = new GcpLogArchive(this, "archive", { project, region, bucketName, sinkName: `${namePrefix}-workloads-archive`, filter, key: this.key, profile });
    }
    this.retention = {
      searchableDays: profile.logRetentionDays,
      totalDays: profile.logArchiveDays,
      ...(this.archive ? { archive: `Cloud Storage ARCHIVE class (${this.archive.locked ? "locked" : "unlocked"} retention policy, ${profile.logArchiveDays} days)` } : {}),
      immutable: this.archive?.locked ?? false,
    };

    const observed = deployGcpComponentAlerts(this, { alerting: props.alerting }, {
      description: `GKE logging agent of ${props.clusterName} and the Cloud Logging bucket ${this.bucketId}`,
      stateful: true,
      resourceName: props.clusterName,
      component: GKE_LOGGING_COMPONENT,
      prop: "logs",
      bindings: gkeLoggingAlertBindings(props.clusterName, props.alerting.runbookBaseUrl),
      overrides: { alerts: props.logs?.alerts },
      panels: gkeLoggingPanels(props.clusterName),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.problems = [...problems, ...observed.problems];

    VigilManifest.of(this).addLogPipeline({
      target: "gcp",
      collector: GKE_LOGGING_AGENT_NAME,
      store: `Cloud Logging (bucket ${this.bucketId}, ${region})`,
      namespaces: "all",
      systemLogs: true,
      retention: this.retention,
      encryption: `Cloud KMS key ${namePrefix}-logs/workload-logs (${region}, rotated every ${LOG_KEY_ROTATION_DAYS} days)`,
      path: this.node.path,
    });
  }

  /**
   * Routes the project's external Application Load Balancer request logs
   * (`http_load_balancer`, Cloud Armor's verdicts included) with the
   * workloads' logs: into the bucket, out of `_Default`, and into the
   * archive. Returns where they land.
   */
  public includeLoadBalancerLogs(): { readonly store: string; readonly retention: LogRetention } {
    this.extraResourceTypes.add("http_load_balancer");
    return { store: `Cloud Logging (bucket ${this.bucketId}, ${this.scope.location})${this.archiveBucketName ? `, archived to Cloud Storage bucket ${this.archiveBucketName}` : ""}`, retention: this.retention };
  }

  /** A Logs Explorer link running `query` on this bucket. */
  public explorerUrl(query: string): string {
    return logsExplorerUrl({ ...this.scope, bucketId: this.bucketId }, query);
  }
}

/** The cluster's entries, or those and every entry of the given resource types. */
function withResourceTypes(clusterFilter: string, types: readonly string[]): string {
  if (types.length === 0) return clusterFilter;
  return `(${clusterFilter.split("\n").join(" AND ")}) OR resource.type=(${types.map((t) => JSON.stringify(t)).join(" OR ")})`;
}
