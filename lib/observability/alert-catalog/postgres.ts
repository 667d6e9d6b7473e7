import type { AlertCatalog } from "./types";

/**
 * Canonical alerts of a PostgreSQL server (RDS, Cloud SQL, Azure flexible
 * server, CloudNativePG).
 */
export const POSTGRES_ALERTS = {
  down: {
    meaning: "The database server does not answer: it is down, stopped or failing over.",
    unit: "none",
    fires: "state",
    threshold: 0,
    severity: "page",
    source: "Cloud SQL `database/up`, Azure `is_db_alive`, CloudNativePG `cnpg_collector_up`",
  },
  "cpu-high": {
    meaning: "CPU utilization of the server above the threshold.",
    unit: "percent",
    fires: ">",
    threshold: 90,
    severity: "ticket",
    source: "AWS recommended alarm on RDS CPUUtilization (90 %); Cloud SQL \"Optimize high CPU usage\" (90 %); AMBA cpu_percent (90 %)",
  },
  "memory-high": {
    meaning: "Memory used on the server above the threshold (on RDS: freeable memory below the rest of the instance class's memory).",
    unit: "percent",
    fires: ">",
    threshold: 90,
    severity: "ticket",
    source: "AWS recommended alarm on RDS FreeableMemory (below 10 % of the class); Cloud SQL \"Optimize high memory usage\" (90 %); AMBA memory_percent (90 %)",
  },
  "storage-low": {
    meaning: "Free storage of the server below the threshold, as a percent of its storage; a full disk stops every write.",
    unit: "percent",
    fires: "<",
    threshold: 10,
    severity: "page",
    source: "AWS recommended alarm on RDS FreeStorageSpace (10 % of allocated storage); storage autoscaling acts at 10 % free on RDS and Cloud SQL",
  },
  "connections-high": {
    meaning: "Open connections above the threshold, as a percent of the server's max_connections; at the limit new connections are refused.",
    unit: "percent",
    fires: ">",
    threshold: 80,
    severity: "ticket",
    source: "AWS recommended alarm on RDS DatabaseConnections and AMBA active_connections (80 % of max_connections)",
  },
  "replication-lag-high": {
    meaning: "A replica replays the primary's changes more than the threshold behind; a failover to it would lose those seconds of commits.",
    unit: "seconds",
    fires: ">",
    threshold: 300,
    range: [1, 86400],
    severity: "ticket",
    source: "CloudNativePG sample PrometheusRule (300 s)",
  },
  "txid-wraparound": {
    meaning: "Transaction IDs used above the threshold, as a percent of the 2^31 IDs PostgreSQL can use before it stops accepting writes.",
    unit: "percent",
    fires: ">",
    threshold: 50,
    severity: "page",
    source: "Cloud SQL \"Overcome transaction ID wraparound protection\" (50 %); AWS recommends alarming at 1 billion IDs (47 %)",
  },
} as const satisfies AlertCatalog;

/** Id of a canonical PostgreSQL alert. */
export type PostgresAlertId = keyof typeof POSTGRES_ALERTS;
