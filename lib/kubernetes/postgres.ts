import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { PostgresHandle, PostgresProps, resolvePostgres } from "../core/components/postgres";
import { AlertDefinition } from "../observability/alert";
import { InClusterContext } from "./context";
import { observeComponent } from "./observe";
import { promAlerts, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { CNPG_IMAGE_REPOSITORY } from "./versions";

/** Component name of CloudNativePG alerts (runbook folder). */
export const CNPG_COMPONENT = "postgres-cnpg";

/**
 * Default alerts of a CloudNativePG cluster, on the metrics its instance
 * exporter publishes with the default monitoring queries
 * (`cnpg_collector_up`, `cnpg_pg_replication_lag`,
 * `cnpg_backends_max_tx_duration_seconds`,
 * `cnpg_pg_stat_archiver_last_failed_time`/`last_archived_time`,
 * `cnpg_collector_last_available_backup_timestamp`), thresholds after the
 * sample PrometheusRule of the CloudNativePG documentation
 * (docs/src/samples/monitoring/prometheusrule.yaml).
 */
export function cnpgAlerts(name: string, namespace: string, backups: boolean, runbookBaseUrl: string): AlertDefinition[] {
  const sel = `namespace="${namespace}",pod=~"${name}-[0-9]+"`;
  return promAlerts(CNPG_COMPONENT, runbookBaseUrl, [
    {
      id: "instance-down",
      summary: `PostgreSQL ${name} has an instance that is not collecting`,
      description: "cnpg_collector_up is 0 on an instance: its exporter cannot query PostgreSQL. The operator fails over a dead primary on its own; a human checks why the instance is down.",
      severity: "page",
      threshold: 1,
      unit: "up",
      query: `min(cnpg_collector_up{${sel}})`,
      comparison: "<",
      for: "5m",
    },
    {
      id: "replication-lag-high",
      summary: `PostgreSQL ${name} replicas lag`,
      description: "cnpg_pg_replication_lag is the standbys' replay delay in seconds; a lagging standby loses recent commits on failover. The documentation's sample alerts at 300 s.",
      severity: "ticket",
      threshold: 300,
      unit: "s",
      query: `max(cnpg_pg_replication_lag{${sel}})`,
      comparison: ">",
      for: "5m",
    },
    {
      id: "long-running-transaction",
      summary: `PostgreSQL ${name} has a long-running transaction`,
      description: "cnpg_backends_max_tx_duration_seconds: a transaction open this long holds back vacuum and bloats tables.",
      severity: "ticket",
      threshold: 300,
      unit: "s",
      query: `max(cnpg_backends_max_tx_duration_seconds{${sel}})`,
      comparison: ">",
      for: "5m",
    },
    {
      id: "disk-space-low",
      summary: `PostgreSQL ${name} volumes are nearly full`,
      description: "Lowest free share of the instances' data volumes (kubelet_volume_stats); a full volume stops PostgreSQL.",
      severity: "page",
      threshold: 10,
      unit: "%",
      query: pvcFreePercentQuery(namespace, `${name}-[0-9]+`),
      comparison: "<",
      for: "10m",
    },
    ...(backups
      ? [
          {
            id: "wal-archiving-failing",
            summary: `PostgreSQL ${name} fails to archive WAL`,
            description: "cnpg_pg_stat_archiver_last_failed_time is newer than last_archived_time: WAL is not reaching the backup store, so point-in-time recovery stops at the last archived segment and WAL piles up on disk.",
            severity: "page" as const,
            threshold: 0,
            unit: "s",
            query: `max(cnpg_pg_stat_archiver_last_failed_time{${sel}} - cnpg_pg_stat_archiver_last_archived_time{${sel}})`,
            comparison: ">" as const,
            for: "15m",
          },
          {
            id: "backup-too-old",
            summary: `PostgreSQL ${name} has no recent base backup`,
            description: "Seconds since cnpg_collector_last_available_backup_timestamp; the daily ScheduledBackup should keep it under a day.",
            severity: "ticket" as const,
            threshold: 129600,
            unit: "s",
            query: `time() - max(cnpg_collector_last_available_backup_timestamp{${sel}})`,
            comparison: ">" as const,
            for: "30m",
          },
        ]
      : []),
  ]);
}

/**
 * PostgreSQL on CloudNativePG: a Cluster with 3 instances where the profile
 * (or `highAvailability`) asks for a standby, else 1; the operand image of
 * the major version; TLS-only client connections (`hostssl` in pg_hba);
 * the database and owner from the props, with the owner's credentials in the
 * Secret `<name>-app` that the operator generates; barman WAL archive and a
 * daily ScheduledBackup when a destination is configured; a PodMonitor; and
 * the default alerts.
 */
export function cnpgCluster(ctx: InClusterContext, scope: IConstruct, service: string, props: PostgresProps): { handle: PostgresHandle; problems: string[] } {
  const { postgres, problems } = resolvePostgres(props, service, ctx.profile);
  const name = props.name ?? `${service}-postgres`;
  const ns = ctx.namespace;
  const backup = ctx.backups?.postgres;
  if (!backup && ctx.profile.tier !== "dev") {
    Annotations.of(scope).addWarning(`[vigil:postgresNoBackups] CloudNativePG cluster ${name} in "${ctx.profile.name}" has no backups; set backups.postgres on the platform`);
  }
  const selector = { "cnpg.io/cluster": name };
  ctx.chart.add({
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name, namespace: ns },
    spec: {
      instances: postgres.highAvailability ? 3 : 1,
      imageName: `${CNPG_IMAGE_REPOSITORY}:${postgres.version}`,
      primaryUpdateStrategy: "unsupervised",
      storage: { size: `${postgres.storageGiB}Gi`, ...(ctx.storageClassName ? { storageClass: ctx.storageClassName } : {}) },
      bootstrap: { initdb: { database: postgres.databaseName, owner: postgres.databaseName } },
      postgresql: { pg_hba: ["hostssl all all all scram-sha-256", "host all all all reject"] },
      resources: podResources(props.size ?? ctx.profile.nodes.size),
      ...(backup
        ? {
            backup: {
              retentionPolicy: `${postgres.backupRetentionDays}d`,
              barmanObjectStore: { destinationPath: backup.destination, ...barmanCredentials(backup.provider ?? "s3", backup.credentialsSecret) },
            },
          }
        : {}),
    },
  });
  if (backup) {
    ctx.chart.add({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: `${name}-daily`, namespace: ns },
      // CloudNativePG's schedule has a seconds field: 02:00:00 every day.
      spec: { schedule: "0 0 2 * * *", backupOwnerReference: "self", cluster: { name } },
    });
  }
  ctx.chart.add({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: `${name}-metrics`, namespace: ns },
    spec: { selector: { matchLabels: selector }, namespaceSelector: { matchNames: [ns] }, podMetricsEndpoints: [{ port: "metrics" }] },
  });
  const observed = observeComponent(ctx.chart, {
    routing: ctx.routing,
    description: "PostgreSQL cluster run by CloudNativePG",
    stateful: true,
    service,
    component: CNPG_COMPONENT,
    name,
    namespace: ns,
    defaults: cnpgAlerts(name, ns, backup !== undefined, ctx.routing.runbookBaseUrl),
    overrides: props.alerts,
  });
  problems.push(...observed.problems);
  return {
    handle: {
      component: CNPG_COMPONENT,
      name,
      alerts: observed.alerts,
      dashboardName: observed.dashboardName,
      endpoint: `${name}-rw.${ns}.svc`,
      credentialsSecret: `${ns}/${name}-app`,
    },
    problems,
  };
}

/** barmanObjectStore credentials for each store kind, read from the user's Secret. */
function barmanCredentials(provider: string, secret: string): Record<string, unknown> {
  switch (provider) {
    case "gcs":
      return { googleCredentials: { applicationCredentials: { name: secret, key: "credentials.json" } } };
    case "azure_blobs":
      return { azureCredentials: { connectionString: { name: secret, key: "connection-string" } } };
    default:
      return { s3Credentials: { accessKeyId: { name: secret, key: "access-key-id" }, secretAccessKey: { name: secret, key: "secret-access-key" } } };
  }
}
