import { createHash } from "crypto";
import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import type { LogRetention, PlatformLogsProps } from "../core/components/logs";
import type { EnvironmentProfile } from "../core/environment";
import { checkName, NAMING_RULES } from "../core/naming";
import type { KubernetesManifest } from "./chart";
import { errorLevelRegex, SOURCE_NAMESPACE_LABEL } from "./log-alerts";
import { podResources } from "./sizes";
import { CURL_IMAGE, DEFAULT_ELASTICSEARCH_VERSION, FLUENT_BIT_CHART, FLUENT_BIT_VERSION } from "./versions";

/** Name of the logs' Elasticsearch and Kibana (ECK objects) in the logging namespace. */
const LOG_STORE_NAME = "logs";
/** Namespace of the collector, the log store and Kibana. */
export const LOGGING_NAMESPACE = FLUENT_BIT_CHART.namespace;
/** The collector DaemonSet (the release sets `fullnameOverride`). */
export const COLLECTOR_DAEMONSET = "fluent-bit";
/** Default prefix of the log data streams: `<prefix>-<namespace>`, and `<prefix>-node.kubelet` for node logs. */
const DEFAULT_LOG_INDEX_PREFIX = "k8s-logs";
/** Id of the Kibana data view over every log data stream (the Discover links open it). */
export const LOG_DATA_VIEW_ID = "vigil-logs";
/** Name of the S3 client in the Elasticsearch settings (`s3.client.<name>.*`). */
const S3_CLIENT = "vigil-archive";
/** Port of Fluent Bit's Prometheus exporter of the log counters (2020 is its own HTTP server). */
const LOG_METRICS_PORT = 2021;
/** Tag of the metrics records the log_to_metrics filters emit. */
const LOG_METRICS_TAG = "vigil.log_metrics";

/** Data nodes' volume per tier when `storageGiB` is not set. */
const DEFAULT_LOG_STORAGE_GIB: Readonly<Record<EnvironmentProfile["tier"], number>> = { dev: 20, staging: 100, prod: 200 };

/**
 * Fluent Bit's resources per node. Fluent Bit's docs give no figure (it
 * depends on the log rate); AWS's aws-for-fluent-bit chart requests 50m CPU
 * and 50Mi and limits memory to 250Mi. The tail input's buffer is capped at
 * 50MB below, so 256Mi leaves room for the filters and the output.
 */
const COLLECTOR_RESOURCES = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } } as const;

/**
 * Where the log store archives: an S3-compatible bucket, reached by
 * Elasticsearch's built-in `s3` repository type with the access key of a
 * Kubernetes Secret (moved into the Elasticsearch keystore by ECK's
 * `secureSettings`, never into the configuration). Immutability is the
 * bucket's: create it with Object Lock (compliance mode, a default
 * retention of at least `logArchiveDays`) and versioning; Elasticsearch's
 * deletes then only add delete markers until the retention ends.
 */
export interface LogArchiveProps {
  /** The bucket (S3 bucket naming: 3-63 lowercase letters, digits, '.' and '-'). */
  readonly bucket: string;
  /** The S3 endpoint, a host name with an optional port, e.g. `s3.eu-west-1.amazonaws.com` or `minio.storage.svc:9000` (HTTPS). @default - AWS S3, the bucket's region found by the client */
  readonly endpoint?: string;
  /** Address buckets by path (`https://endpoint/bucket`), as MinIO and most S3-compatible stores need. @default false */
  readonly pathStyleAccess?: boolean;
  /**
   * Secret in the logging namespace holding the access key and secret key
   * (create it before the platform stack; ECK waits for it).
   */
  readonly credentialsSecret: string;
  /** Key of the access key in the Secret. @default "access-key" */
  readonly accessKeyKey?: string;
  /** Key of the secret key in the Secret. @default "secret-key" */
  readonly secretKeyKey?: string;
}

/** The in-cluster log pipeline's settings: `logs` of {@link KubernetesPlatformProps}. */
export interface KubernetesPlatformLogsProps extends PlatformLogsProps {
  /**
   * Prefix of the log data streams: each namespace's logs go to
   * `<prefix>-<namespace>`, node logs to `<prefix>-node.kubelet`. An
   * Elasticsearch index name: lowercase, no `\ / * ? " < > | , # :` or
   * space, not starting with `-`, `_`, `+` or `.`, at most 190 characters.
   * @default "k8s-logs"
   */
  readonly indexPrefix?: string;
  /** Volume of each log store node, GiB. @default - 20 in dev, 100 in staging, 200 in prod */
  readonly storageGiB?: number;
  /**
   * The snapshot repository the log store archives to when the profile
   * keeps an archive (`logArchiveDays > 0`). Required in a prod-tier profile.
   * @default - none: no archive (an error in a prod-tier profile that keeps one)
   */
  readonly archive?: LogArchiveProps;
}

/** What the pipeline needs from the platform. */
interface LogPipelineOptions {
  readonly profile: EnvironmentProfile;
  /** The platform's service (snapshot names and base path). */
  readonly service: string;
  readonly props: KubernetesPlatformLogsProps | undefined;
  readonly storageClassName?: string;
  /** Labels of the objects. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The pipeline as built: the objects for the chart, the collector's values, what a service's view and the manifest say. */
export interface LogPipeline {
  /** ECK objects, the setup job and its ConfigMap, for the platform's chart. */
  readonly manifests: readonly KubernetesManifest[];
  /** Values of the Fluent Bit release. */
  readonly collectorValues: Record<string, unknown>;
  /** Prefix of the data streams, one per namespace (`<prefix>-<namespace>`). */
  readonly indexPrefix: string;
  /** Searchable days in Elasticsearch and days kept in the snapshot archive. */
  readonly retention: LogRetention;
  /** Collector and version. */
  readonly collector: string;
  /** The log store as the manifest and report describe it: `Elasticsearch <version> (ECK, <namespace>/logs)`. */
  readonly store: string;
  /** How the logs are encrypted at rest, as shown in the manifest and report. */
  readonly encryption: string;
  /** Kibana's in-cluster base URL. */
  readonly kibanaUrl: string;
  /** Problems with the props, each once. */
  readonly problems: string[];
  /** Advice. */
  readonly warnings: string[];
}

/** The Elasticsearch index-name rule for a prefix: 190 leaves room for `-` and a 63-character namespace within the 255 bytes of a name. */
const INDEX_PREFIX_RULE = {
  label: "Elasticsearch index name prefix",
  minLength: 1,
  maxLength: 190,
  pattern: /^[a-z0-9][a-z0-9._-]*$/,
  allowed: "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit (Elasticsearch index names are lowercase and cannot start with '-', '_', '+' or '.')",
  lowercase: true,
} as const;

/** Problems of the pipeline's props: one message each, at the property. */
function logPropsProblems(profile: EnvironmentProfile, props: KubernetesPlatformLogsProps | undefined): string[] {
  const problems: string[] = [];
  const prefix = props?.indexPrefix;
  if (prefix !== undefined) {
    const p = checkName(prefix, INDEX_PREFIX_RULE, "logs.indexPrefix");
    if (p) problems.push(p);
  }
  const storage = props?.storageGiB;
  if (storage !== undefined && (!Number.isInteger(storage) || storage < 1)) problems.push(`\`logs.storageGiB\` is ${storage}; use a whole number of GiB, e.g. ${DEFAULT_LOG_STORAGE_GIB[profile.tier]}`);
  const archive = props?.archive;
  if (archive) {
    const bucket = checkName(archive.bucket, NAMING_RULES.awsS3Bucket, "logs.archive.bucket");
    if (bucket) problems.push(bucket);
    if (archive.endpoint !== undefined && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(archive.endpoint)) {
      problems.push(`\`logs.archive.endpoint\` is ${JSON.stringify(archive.endpoint)}, not a host name with an optional port; give the host alone, e.g. "s3.eu-west-1.amazonaws.com" or "minio.storage.svc:9000" (Elasticsearch connects over HTTPS)`);
    }
    const secret = checkName(archive.credentialsSecret, NAMING_RULES.kubernetesDnsLabel, "logs.archive.credentialsSecret");
    if (secret) problems.push(secret);
    for (const [prop, key] of [["accessKeyKey", archive.accessKeyKey], ["secretKeyKey", archive.secretKeyKey]] as const) {
      if (key !== undefined && !/^[-._a-zA-Z0-9]{1,253}$/.test(key)) problems.push(`\`logs.archive.${prop}\` is ${JSON.stringify(key)}, not a Secret key; use letters, digits, '-', '_' and '.'`);
    }
  } else if (profile.tier === "prod" && profile.logArchiveDays > 0) {
    problems.push(
      `\`logs.archive\` is not set, but the prod-tier profile ${JSON.stringify(profile.name)} keeps logs ${profile.logArchiveDays} days, ${profile.logArchiveDays - profile.logRetentionDays} of them archived; set \`logs.archive\` to an S3-compatible bucket with Object Lock ({ bucket, endpoint, credentialsSecret }) for the log store's snapshots`,
    );
  }
  return problems;
}

/**
 * The EFK pipeline of the in-cluster target: Fluent Bit on every node
 * (container logs through the CRI parser, enriched by the kubernetes filter,
 * JSON merged; the kubelet's and containerd's journal) into an ECK
 * Elasticsearch of its own, one data stream per namespace, an ILM policy
 * deleting after `logRetentionDays`, and — when the profile keeps an
 * archive — a daily snapshot to object storage kept `logArchiveDays`.
 */
export function logPipeline(o: LogPipelineOptions): LogPipeline {
  const { profile } = o;
  const problems = logPropsProblems(profile, o.props);
  const warnings: string[] = [];
  const prefix = o.props?.indexPrefix ?? DEFAULT_LOG_INDEX_PREFIX;
  const archive = profile.logArchiveDays > 0 ? o.props?.archive : undefined;
  if (o.props?.archive && profile.logArchiveDays === 0) warnings.push(`\`logs.archive\` is set but the profile ${JSON.stringify(profile.name)} keeps no archive (logArchiveDays 0): no snapshot is taken`);
  if (!o.props?.archive && profile.tier !== "prod" && profile.logArchiveDays > 0) warnings.push(`the profile ${JSON.stringify(profile.name)} keeps logs ${profile.logArchiveDays} days but \`logs.archive\` is not set: logs are deleted after ${profile.logRetentionDays} days`);
  const ns = LOGGING_NAMESPACE;
  const esHost = `${LOG_STORE_NAME}-es-http.${ns}.svc`;
  const kibanaUrl = `https://${LOG_STORE_NAME}-kb-http.${ns}.svc:5601`;
  const ha = profile.highAvailability;
  const nodes = ha ? 3 : 1;
  const storageGiB = o.props?.storageGiB ?? DEFAULT_LOG_STORAGE_GIB[profile.tier];
  const version = DEFAULT_ELASTICSEARCH_VERSION;
  const labels = { ...o.labels, "app.kubernetes.io/component": "logs" };

  const esConfig: Record<string, unknown> = {
    "node.roles": ["master", "data", "ingest"],
    ...(profile.tier === "dev" ? { "node.store.allow_mmap": false } : {}),
    ...(archive?.endpoint ? { [`s3.client.${S3_CLIENT}.endpoint`]: archive.endpoint } : {}),
    ...(archive?.pathStyleAccess ? { [`s3.client.${S3_CLIENT}.path_style_access`]: true } : {}),
  };
  const elasticsearch: KubernetesManifest = {
    apiVersion: "elasticsearch.k8s.elastic.co/v1",
    kind: "Elasticsearch",
    metadata: { name: LOG_STORE_NAME, namespace: ns, labels },
    spec: {
      version,
      http: { tls: { selfSignedCertificate: { disabled: false } } },
      ...(archive
        ? {
            secureSettings: [
              {
                secretName: archive.credentialsSecret,
                entries: [
                  { key: archive.accessKeyKey ?? "access-key", path: `s3.client.${S3_CLIENT}.access_key` },
                  { key: archive.secretKeyKey ?? "secret-key", path: `s3.client.${S3_CLIENT}.secret_key` },
                ],
              },
            ],
          }
        : {}),
      nodeSets: [
        {
          name: "default",
          count: nodes,
          config: esConfig,
          podTemplate: { spec: { containers: [{ name: "elasticsearch", resources: podResources(profile.nodes.size) }] } },
          volumeClaimTemplates: [
            {
              metadata: { name: "elasticsearch-data" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${storageGiB}Gi` } }, ...(o.storageClassName ? { storageClassName: o.storageClassName } : {}) },
            },
          ],
        },
      ],
    },
  };
  const kibana: KubernetesManifest = {
    apiVersion: "kibana.k8s.elastic.co/v1",
    kind: "Kibana",
    metadata: { name: LOG_STORE_NAME, namespace: ns, labels },
    spec: {
      version,
      count: ha ? 2 : 1,
      elasticsearchRef: { name: LOG_STORE_NAME },
      http: { tls: { selfSignedCertificate: { disabled: false } } },
      podTemplate: { spec: { containers: [{ name: "kibana", resources: { requests: { cpu: "100m", memory: "1Gi" }, limits: { memory: "1Gi" } } }] } },
    },
  };

  const slmPolicy = `${prefix}-daily`;
  const bodies: Record<string, unknown> = {
    "ilm-policy.json": ilmPolicy(profile, archive ? slmPolicy : undefined),
    "index-template.json": {
      index_patterns: [`${prefix}-*`],
      data_stream: {},
      // Above the built-in `logs-*-*` template (100), should the prefix start with "logs-".
      priority: 500,
      template: {
        settings: {
          "index.lifecycle.name": prefix,
          "index.number_of_replicas": ha ? 1 : 0,
          // Services log the same field with different types; a malformed value is skipped, not the line.
          "index.mapping.ignore_malformed": true,
          "index.mapping.total_fields.limit": 2000,
        },
        mappings: {
          dynamic_templates: [{ strings_as_keyword: { match_mapping_type: "string", mapping: { type: "keyword", ignore_above: 1024 } } }],
          properties: {
            "@timestamp": { type: "date" },
            log: { type: "text" },
            message: { type: "text" },
            log_level: { type: "keyword" },
            kubernetes: { properties: { namespace_name: { type: "keyword" }, pod_name: { type: "keyword" }, container_name: { type: "keyword" }, host: { type: "keyword" } } },
          },
        },
      },
    },
    "data-view.json": { data_view: { id: LOG_DATA_VIEW_ID, name: "Kubernetes logs", title: `${prefix}-*`, timeFieldName: "@timestamp" }, override: true },
    ...(archive
      ? {
          "snapshot-repository.json": { type: "s3", settings: { bucket: archive.bucket, client: S3_CLIENT, base_path: `${o.service}-${profile.name}` } },
          "slm-policy.json": {
            schedule: "0 30 1 * * ?",
            name: `<${prefix}-{now/d}>`,
            repository: S3_CLIENT,
            config: { indices: [`${prefix}-*`], include_global_state: false },
            // A snapshot holds every line written before it; kept logArchiveDays, it keeps each line at least as long.
            retention: { expire_after: `${profile.logArchiveDays}d`, min_count: 1 },
          },
        }
      : {}),
  };
  const setup = setupJob(prefix, bodies, archive !== undefined, esHost, kibanaUrl, labels);

  return {
    manifests: [elasticsearch, kibana, ...setup],
    collectorValues: collectorValues(prefix, esHost),
    indexPrefix: prefix,
    retention: {
      searchableDays: profile.logRetentionDays,
      totalDays: archive ? profile.logArchiveDays : profile.logRetentionDays,
      ...(archive ? { archive: `Elasticsearch snapshots in S3-compatible bucket ${archive.bucket} (SLM, kept ${profile.logArchiveDays} days)` } : {}),
      // Object Lock is the bucket's; Vigil cannot see it from the cluster, and asks for it in prod.
      immutable: archive !== undefined && profile.tier === "prod",
    },
    collector: `Fluent Bit ${FLUENT_BIT_VERSION} (fluent-bit chart ${FLUENT_BIT_CHART.version})`,
    store: `Elasticsearch ${version} (ECK, ${ns}/${LOG_STORE_NAME})`,
    encryption: `TLS in transit (ECK's CA); at rest, the volumes of the ${o.storageClassName ? `storage class ${o.storageClassName}` : "default storage class"}${archive ? `; the archive, the bucket's server-side encryption` : ""}`,
    kibanaUrl,
    problems,
    warnings,
  };
}

/** Hot (rolled over daily or at 50 GB a primary shard), deleted `logRetentionDays` after rollover — once the archive holds a snapshot of it, when there is one. */
function ilmPolicy(profile: EnvironmentProfile, slmPolicy: string | undefined): Record<string, unknown> {
  return {
    policy: {
      phases: {
        hot: { actions: { rollover: { max_age: "1d", max_primary_shard_size: "50gb" } } },
        delete: { min_age: `${profile.logRetentionDays}d`, actions: { ...(slmPolicy ? { wait_for_snapshot: { policy: slmPolicy } } : {}), delete: {} } },
      },
    },
  };
}

/**
 * The job that puts the ILM policy, the index template, the snapshot
 * repository and SLM policy (with an archive) into Elasticsearch and the
 * data view into Kibana — ECK has no objects for them. The APIs are PUTs
 * (idempotent); the job's name carries a hash of the bodies, so a change
 * runs a new job. It authenticates as `elastic` from ECK's Secret and
 * verifies both servers against ECK's CAs.
 */
function setupJob(prefix: string, bodies: Record<string, unknown>, archive: boolean, esHost: string, kibanaUrl: string, labels: Record<string, string>): KubernetesManifest[] {
  const ns = LOGGING_NAMESPACE;
  const data = Object.fromEntries(Object.entries(bodies).map(([k, v]) => [k, JSON.stringify(v, null, 2)]));
  const script = [
    "set -eu",
    `ES=https://${esHost}:9200`,
    `KB=${kibanaUrl}`,
    'call() { curl --silent --show-error --fail-with-body --retry 60 --retry-delay 10 --retry-all-errors -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json" "$@"; echo; }',
    `call --cacert /es-certs/ca.crt -X PUT "$ES/_ilm/policy/${prefix}" --data @/bodies/ilm-policy.json`,
    `call --cacert /es-certs/ca.crt -X PUT "$ES/_index_template/${prefix}" --data @/bodies/index-template.json`,
    ...(archive
      ? [`call --cacert /es-certs/ca.crt -X PUT "$ES/_snapshot/${S3_CLIENT}" --data @/bodies/snapshot-repository.json`, `call --cacert /es-certs/ca.crt -X PUT "$ES/_slm/policy/${prefix}-daily" --data @/bodies/slm-policy.json`]
      : []),
    `call --cacert /kb-certs/ca.crt -H "kbn-xsrf: true" -X POST "$KB/api/data_views/data_view" --data @/bodies/data-view.json`,
  ].join("\n");
  const hash = createHash("sha256").update(JSON.stringify(data) + script).digest("hex").slice(0, 10);
  const configMap = `${LOG_STORE_NAME}-setup-${hash}`;
  return [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: configMap, namespace: ns, labels }, data: { ...data, "setup.sh": script } },
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: configMap, namespace: ns, labels },
      spec: {
        backoffLimit: 10,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "OnFailure",
            securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "setup",
                image: CURL_IMAGE,
                command: ["/bin/sh", "/bodies/setup.sh"],
                env: [{ name: "ELASTIC_PASSWORD", valueFrom: { secretKeyRef: { name: `${LOG_STORE_NAME}-es-elastic-user`, key: "elastic" } } }],
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                volumeMounts: [
                  { name: "bodies", mountPath: "/bodies", readOnly: true },
                  { name: "es-certs", mountPath: "/es-certs", readOnly: true },
                  { name: "kb-certs", mountPath: "/kb-certs", readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: "bodies", configMap: { name: configMap } },
              { name: "es-certs", secret: { secretName: `${LOG_STORE_NAME}-es-http-certs-public` } },
              { name: "kb-certs", secret: { secretName: `${LOG_STORE_NAME}-kb-http-certs-public` } },
            ],
          },
        },
      },
    },
  ];
}

/**
 * Values of the fluent-bit chart: a DaemonSet on every node (control plane
 * included), the chart's [SERVICE] section (HTTP server on 2020 with its
 * health check), the pipeline below, the `elastic` password from ECK's
 * Secret as an environment variable (the configuration names the variable),
 * ECK's CA mounted, the tail and journal positions on the node (a restart
 * resumes where it stopped), and a ServiceMonitor scraping Fluent Bit's own
 * metrics and the log counters.
 */
function collectorValues(prefix: string, esHost: string): Record<string, unknown> {
  const es = (match: string, index: string[]) =>
    [
      "[OUTPUT]",
      "    Name es",
      `    Match ${match}`,
      `    Host ${esHost}`,
      "    Port 9200",
      "    HTTP_User elastic",
      "    HTTP_Passwd ${ELASTIC_PASSWORD}",
      "    tls On",
      "    tls.verify On",
      "    tls.ca_file /es-certs/ca.crt",
      "    Suppress_Type_Name On",
      // Label keys such as app.kubernetes.io/name would clash with a label `app` as objects.
      "    Replace_Dots On",
      ...index,
      "    Retry_Limit False",
      "    Trace_Error On",
    ].join("\n");
  const counter = (name: string, description: string, extra: string[]) =>
    [
      "[FILTER]",
      "    Name log_to_metrics",
      "    Match kube.*",
      `    Alias ${name}`,
      `    Tag ${LOG_METRICS_TAG}`,
      "    Metric_Mode counter",
      `    Metric_Name ${name}`,
      `    Metric_Description ${description}`,
      ...extra,
      `    Add_Label ${SOURCE_NAMESPACE_LABEL} $kubernetes['namespace_name']`,
    ].join("\n");
  return {
    kind: "DaemonSet",
    fullnameOverride: COLLECTOR_DAEMONSET,
    resources: COLLECTOR_RESOURCES,
    priorityClassName: "system-node-critical",
    tolerations: [{ operator: "Exists" }],
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    env: [{ name: "ELASTIC_PASSWORD", valueFrom: { secretKeyRef: { name: `${LOG_STORE_NAME}-es-elastic-user`, key: "elastic" } } }],
    extraPorts: [{ name: "log-metrics", port: LOG_METRICS_PORT, containerPort: LOG_METRICS_PORT, protocol: "TCP" }],
    extraVolumes: [
      { name: "es-certs", secret: { secretName: `${LOG_STORE_NAME}-es-http-certs-public` } },
      { name: "state", hostPath: { path: "/var/fluent-bit/state", type: "DirectoryOrCreate" } },
    ],
    extraVolumeMounts: [
      { name: "es-certs", mountPath: "/es-certs", readOnly: true },
      { name: "state", mountPath: "/var/fluent-bit/state" },
    ],
    serviceMonitor: { enabled: true, interval: "30s", additionalEndpoints: [{ port: "log-metrics", path: "/metrics", interval: "30s" }] },
    config: {
      inputs: [
        "[INPUT]",
        "    Name tail",
        "    Tag kube.*",
        "    Path /var/log/containers/*.log",
        "    multiline.parser cri",
        "    DB /var/fluent-bit/state/flb_kube.db",
        "    Mem_Buf_Limit 50MB",
        "    Skip_Long_Lines On",
        "",
        "[INPUT]",
        "    Name systemd",
        "    Tag node.*",
        "    Systemd_Filter _SYSTEMD_UNIT=kubelet.service",
        "    Systemd_Filter _SYSTEMD_UNIT=containerd.service",
        "    DB /var/fluent-bit/state/flb_systemd.db",
        "    Read_From_Tail On",
        "    Strip_Underscores On",
      ].join("\n"),
      filters: [
        "[FILTER]",
        "    Name kubernetes",
        "    Match kube.*",
        "    Merge_Log On",
        "    Keep_Log Off",
        "    K8S-Logging.Parser On",
        "    K8S-Logging.Exclude On",
        "    Labels On",
        "    Annotations On",
        "",
        // The level, whichever field carries it (LOG_LEVEL_FIELDS, in order): Copy keeps an existing log_level.
        "[FILTER]",
        "    Name modify",
        "    Match kube.*",
        "    Copy level log_level",
        "    Copy severity log_level",
        "",
        counter("log_lines", "Log lines collected from containers, by namespace", []),
        "",
        counter("error_log_lines", "Error-level log lines collected from containers, by namespace", [`    Regex log_level ${errorLevelRegex()}`]),
      ].join("\n"),
      outputs: [
        es("kube.*", [`    Index ${prefix}-unknown`, `    Target_Index ${prefix}-$kubernetes['namespace_name']`]),
        "",
        es("node.*", [`    Index ${prefix}-node.kubelet`]),
        "",
        "[OUTPUT]",
        "    Name prometheus_exporter",
        `    Match ${LOG_METRICS_TAG}`,
        "    Host 0.0.0.0",
        `    Port ${LOG_METRICS_PORT}`,
      ].join("\n"),
    },
  };
}

/** The Fluent Bit release, in the logging namespace, after `after` (the namespace and the chart with the log store). */
export function collectorRelease(scope: Construct, id: string, values: Record<string, unknown>, after: readonly ITerraformDependable[]): Release {
  return new Release(scope, id, {
    name: FLUENT_BIT_CHART.release,
    repository: FLUENT_BIT_CHART.repository,
    chart: FLUENT_BIT_CHART.chart,
    version: FLUENT_BIT_CHART.version,
    namespace: FLUENT_BIT_CHART.namespace,
    values: [stringify(values, { lineWidth: 0 })],
    // The pods wait for ECK's Secret and CA; the collector-down alert watches them, not Helm.
    wait: false,
    atomic: false,
    dependsOn: [...after],
  });
}

/** Rison string literal (Kibana's URL state): quoted, `!` and `'` escaped with `!`. */
function rison(s: string): string {
  return `'${s.replace(/!/g, "!!").replace(/'/g, "!'")}'`;
}

/** The Kibana KQL query selecting the logs of `namespaces`. */
export function logsQuery(namespaces: readonly string[]): string {
  const values = namespaces.map((n) => `"${n}"`);
  return `kubernetes.namespace_name : ${values.length === 1 ? values[0] : `(${values.join(" or ")})`}`;
}

/** A Discover URL opening the log data view with `query` over the last hour. */
export function discoverUrl(kibanaUrl: string, query: string): string {
  const a = `(dataSource:(dataViewId:${LOG_DATA_VIEW_ID},type:dataView),query:(language:kuery,query:${rison(query)}))`;
  return `${kibanaUrl}/app/discover#/?_g=(time:(from:now-1h,to:now))&_a=${encodeURIComponent(a)}`;
}
