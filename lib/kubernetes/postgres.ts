import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { PostgresHandle, PostgresProps, resolvePostgres } from "../core/components/postgres";
import type { ComponentAlertBindings } from "../observability/alert-binding";
import { InClusterContext } from "./context";
import { observeComponent } from "./observe";
import { containerCpuPercentQuery, containerMemoryPercentQuery, promAlert, PromAlertSpec, promTemplates, pvcFreePercentQuery } from "./private/alerts";
import { podResources } from "./sizes";
import { CNPG_IMAGE_REPOSITORY } from "./versions";
import { cnpgPanels } from "./dashboard-panels";

/** Component name of CloudNativePG alerts (runbook folder). */
const CNPG_COMPONENT = "postgres-cnpg";

/** Transaction IDs PostgreSQL can use before it stops accepting writes (2^31); the txid-wraparound percent is of this. */
const TXID_SPACE = 2 ** 31;

/**
 * A CloudNativePG cluster's alerts, on the metrics its instance exporter
 * publishes with the default monitoring queries (`cnpg_collector_up`,
 * `cnpg_backends_total`, `cnpg_pg_settings_setting`,
 * `cnpg_pg_replication_lag`, `cnpg_pg_database_xid_age`,
 * `cnpg_backends_max_tx_duration_seconds`, `cnpg_pg_stat_archiver_*`,
 * `cnpg_collector_last_available_backup_timestamp`), the kubelet's volume
 * stats and the pods' CPU and memory; thresholds after the sample
 * PrometheusRule of the CloudNativePG documentation
 * (docs/src/samples/monitoring/prometheusrule.yaml) and the CloudNativePG
 * cluster chart's HighConnections alert. In-cluster only: long-running
 * transactions, WAL archiving and backup age.
 */
function cnpgAlertBindings(name: string, namespace: string, backups: boolean, runbookBaseUrl: string): ComponentAlertBindings<"postgres"> {
  const pods = `${name}-[0-9]+`;
  const sel = `namespace="${namespace}",pod=~"${pods}"`;
  const alert = (spec: Omit<PromAlertSpec, "severity">) => promAlert(CNPG_COMPONENT, runbookBaseUrl, { ...spec, severity: "ticket" });
  return {
    kind: "postgres",
    canonical: {
      down: {
        build: () =>
          alert({
            id: "down",
            summary: `PostgreSQL ${name} has an instance that is not collecting`,
            description: "cnpg_collector_up is 0 on an instance: its exporter cannot query PostgreSQL. The operator fails over a dead primary on its own; a human checks why the instance is down.",
            threshold: 1,
            unit: "up",
            query: `min(cnpg_collector_up{${sel}})`,
            comparison: "<",
            for: "5m",
          }),
      },
      "cpu-high": {
        build: (s) =>
          alert({
            id: "cpu-high",
            summary: `PostgreSQL ${name} uses more than ${s.threshold} % of its CPU`,
            description: `CPU of the busiest instance's postgres container above ${s.threshold} % of the CPU it requests for 10 minutes (no CPU limit is set, so it can burst above 100 %): queries queue for CPU.`,
            threshold: s.threshold,
            unit: "%",
            query: containerCpuPercentQuery(namespace, pods, "postgres"),
            comparison: ">",
            for: "10m",
          }),
      },
      "memory-high": {
        build: (s) =>
          alert({
            id: "memory-high",
            summary: `PostgreSQL ${name} uses more than ${s.threshold} % of its memory`,
            description: `Working set of the busiest instance's postgres container above ${s.threshold} % of its memory limit for 15 minutes: at the limit the kernel kills a backend and PostgreSQL restarts.`,
            threshold: s.threshold,
            unit: "%",
            query: containerMemoryPercentQuery(namespace, pods, "postgres"),
            comparison: ">",
            for: "15m",
          }),
      },
      "storage-low": {
        build: (s) =>
          alert({
            id: "storage-low",
            summary: `PostgreSQL ${name} volumes are nearly full`,
            description: `Lowest free share of the instances' data volumes (kubelet_volume_stats) below ${s.threshold} %; a full volume stops PostgreSQL.`,
            threshold: s.threshold,
            unit: "%",
            query: pvcFreePercentQuery(namespace, pods),
            comparison: "<",
            for: "10m",
          }),
      },
      "connections-high": {
        build: (s) =>
          alert({
            id: "connections-high",
            summary: `Connections to PostgreSQL ${name} above ${s.threshold} % of max_connections`,
            description: `Backends of the busiest instance (cnpg_backends_total) above ${s.threshold} % of its max_connections (cnpg_pg_settings_setting) for 5 minutes; at the limit new connections are refused.`,
            threshold: s.threshold,
            unit: "%",
            query: `max(sum by (pod) (cnpg_backends_total{${sel}}) / max by (pod) (cnpg_pg_settings_setting{${sel},name="max_connections"})) * 100`,
            comparison: ">",
            for: "5m",
          }),
      },
      "replication-lag-high": {
        build: (s) =>
          alert({
            id: "replication-lag-high",
            summary: `PostgreSQL ${name} replicas lag`,
            description: `cnpg_pg_replication_lag is the standbys' replay delay in seconds; above ${s.threshold} s a failover loses that much of the latest commits. The documentation's sample alerts at 300 s.`,
            threshold: s.threshold,
            unit: "s",
            query: `max(cnpg_pg_replication_lag{${sel}})`,
            comparison: ">",
            for: "5m",
          }),
      },
      "txid-wraparound": {
        build: (s) =>
          alert({
            id: "txid-wraparound",
            summary: `PostgreSQL ${name} is heading for transaction ID wraparound`,
            description: `The oldest unfrozen transaction ID of any database (cnpg_pg_database_xid_age) is above ${s.threshold} % of the 2^31 IDs PostgreSQL can use; near the limit PostgreSQL stops accepting writes. Autovacuum is not freezing old rows.`,
            threshold: s.threshold,
            unit: "%",
            query: `max(cnpg_pg_database_xid_age{${sel}}) / ${TXID_SPACE} * 100`,
            comparison: ">",
            for: "15m",
          }),
      },
    },
    targetOnly: promTemplates(CNPG_COMPONENT, runbookBaseUrl, [
      {
        id: "long-running-transaction",
        summary: `PostgreSQL ${name} has a long-running transaction`,
        description: "cnpg_backends_max_tx_duration_seconds above 300 s: a transaction open this long holds back vacuum and bloats tables.",
        severity: "ticket",
        threshold: 300,
        unit: "s",
        query: `max(cnpg_backends_max_tx_duration_seconds{${sel}})`,
        comparison: ">",
        for: "5m",
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
              description: "Seconds since cnpg_collector_last_available_backup_timestamp above 36 hours; the daily ScheduledBackup should keep it under a day.",
              severity: "ticket" as const,
              threshold: 129600,
              unit: "s",
              query: `time() - max(cnpg_collector_last_available_backup_timestamp{${sel}})`,
              comparison: ">" as const,
              for: "30m",
            },
          ] satisfies PromAlertSpec[]
        : []),
    ]),
  };
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
  const observed = observeComponent(ctx.chart, scope, {
    routing: ctx.routing,
    description: "PostgreSQL cluster run by CloudNativePG",
    stateful: true,
    service,
    component: CNPG_COMPONENT,
    prop: "postgres",
    name,
    namespace: ns,
    bindings: cnpgAlertBindings(name, ns, backup !== undefined, ctx.routing.runbookBaseUrl),
    panels: cnpgPanels(name, ns),
    overrides: props,
  });
  problems.push(...observed.problems);
  return {
    handle: {
      kind: "postgres",
      component: CNPG_COMPONENT,
      name,
      alerts: observed.alerts,
      unavailableAlerts: observed.unavailable,
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
