import { CASSANDRA_ALERTS } from "./cassandra";
import { CLUSTER_ALERTS } from "./cluster";
import { EDGE_ALERTS } from "./edge";
import { ENDPOINT_ALERTS } from "./endpoint";
import { KAFKA_ALERTS } from "./kafka";
import { LOG_ALERTS, LOG_PIPELINE_ALERTS } from "./logs";
import { PLATFORM_ALERTS } from "./platform";
import { POSTGRES_ALERTS } from "./postgres";
import { SEARCH_ALERTS } from "./search";
import type { AlertCatalog } from "./types";

/**
 * The canonical alert catalog: every component kind's alerts, by id. An id
 * means one thing on every target; each target maps it to its native signal
 * or declares it unavailable there (docs/alerts.md).
 */
export const ALERT_CATALOGS = {
  cluster: CLUSTER_ALERTS,
  kafka: KAFKA_ALERTS,
  cassandra: CASSANDRA_ALERTS,
  search: SEARCH_ALERTS,
  postgres: POSTGRES_ALERTS,
  endpoint: ENDPOINT_ALERTS,
  edge: EDGE_ALERTS,
  logs: LOG_ALERTS,
  "log-pipeline": LOG_PIPELINE_ALERTS,
  platform: PLATFORM_ALERTS,
} as const satisfies Readonly<Record<string, AlertCatalog>>;

/** A component kind with a canonical alert catalog. */
export type ComponentKind = keyof typeof ALERT_CATALOGS;

/** The canonical alert ids of a component kind. */
export type AlertIdOf<K extends ComponentKind> = keyof (typeof ALERT_CATALOGS)[K] & string;
