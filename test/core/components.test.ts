import { ENVIRONMENT_PROFILES } from "cdktf-vigil";
import { validateCassandra } from "../../lib/core/components/cassandra";
import { resolveKafka } from "../../lib/core/components/kafka";
import { resolvePostgres } from "../../lib/core/components/postgres";
import { resolveSearch } from "../../lib/core/components/search";
import { messageSaying } from "../harness";

const { dev, staging, prod } = ENVIRONMENT_PROFILES;

describe("cloud-neutral component resolution, shared by every target", () => {
  test("kafka: replication derives from the broker count", () => {
    expect(resolveKafka({}, dev).kafka).toMatchObject({ brokers: 2, replicationFactor: 2, minInsyncReplicas: 1 });
    expect(resolveKafka({}, prod).kafka).toMatchObject({ brokers: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    expect(resolveKafka({ brokers: 6 }, prod).kafka).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(resolveKafka({ topics: { orders: {} } }, prod).kafka.topics.orders).toEqual({ partitions: 6, replicationFactor: 3, retentionHours: 168, consumerGroups: [], producers: [] });
  });

  test("kafka: RF above the brokers, min ISR not below RF, and too few brokers in HA are rejected", () => {
    expect(resolveKafka({ brokers: 3, replicationFactor: 4 }, prod).problems).toEqual([
      messageSaying("`kafka.replicationFactor` is 4", "3 brokers", "use 1 to 3"),
    ]);
    expect(resolveKafka({ minInsyncReplicas: 3 }, prod).problems).toEqual([
      messageSaying("`kafka.minInsyncReplicas` is 3", "replicationFactor 3", "use 1 to 2"),
    ]);
    expect(resolveKafka({ brokers: 2 }, staging).problems).toEqual([
      messageSaying("`kafka.brokers` is 2", '"staging"', "use at least 3 brokers"),
    ]);
    expect(resolveKafka({ topics: { "bad topic": { partitions: 0, replicationFactor: 5 } } }, prod).problems).toEqual([
      messageSaying("`kafka.topics.bad topic`", "a topic name is 1-249 letters, digits"),
      messageSaying("`kafka.topics.bad topic`.partitions is 0", "use a whole number >= 1"),
      messageSaying("`kafka.topics.bad topic`.replicationFactor is 5", "3 brokers", "use 1 to 3"),
    ]);
  });

  test("cassandra: keys must be declared columns, types must be CQL, RF at most the datacenter's nodes", () => {
    expect(
      validateCassandra({
        keyspaces: { checkout: { tables: { orders: { columns: { order_id: "uuid", placed_at: "timestamp", total: "decimal" }, partitionKey: ["order_id"], clusteringKey: [{ column: "placed_at", order: "DESC" }] } } } },
        datacenters: { dc1: { nodes: 3 } },
      }),
    ).toEqual([]);
    expect(
      validateCassandra({
        keyspaces: { checkout: { tables: { orders: { columns: { order_id: "uuid", total: "money" }, partitionKey: ["id"] } } } },
        datacenters: { dc1: { nodes: 2, replicationFactor: 3 } },
      }),
    ).toEqual([
      messageSaying("`cassandra.keyspaces.checkout.tables.orders.columns.total`", '"money"', "use a CQL type", "decimal"),
      messageSaying("`cassandra.keyspaces.checkout.tables.orders`", 'key column "id"', "not in `columns` (order_id, total)"),
      messageSaying("`cassandra.datacenters.dc1`.replicationFactor is 3", "2 nodes", "use 1 to 2"),
    ]);
  });

  test("search: nodes spread evenly over the zones and dedicated masters where highly available", () => {
    expect(resolveSearch({}, dev).search).toEqual({ dataNodes: 1, storageGiB: 100, dedicatedMasters: false });
    expect(resolveSearch({}, prod).search).toEqual({ dataNodes: 3, storageGiB: 100, dedicatedMasters: true });
    expect(resolveSearch({ dataNodes: 4, dedicatedMasters: false }, prod).problems).toEqual([
      messageSaying("`search.dataNodes` is 4", '"prod"', "3 zones", "use a multiple of 3"),
      messageSaying("`search.dedicatedMasters` is false", '"prod"', "keep dedicated masters"),
    ]);
  });

  test("postgres: HA and backups come from the profile and cannot be lowered below it", () => {
    expect(resolvePostgres({}, "checkout-api", dev).postgres).toEqual({ version: "17", storageGiB: 20, databaseName: "checkout_api", highAvailability: false, backupRetentionDays: 1 });
    expect(resolvePostgres({}, "checkout", prod).postgres).toMatchObject({ highAvailability: true, backupRetentionDays: 35, storageGiB: 100 });
    expect(resolvePostgres({ highAvailability: false, backupRetentionDays: 7 }, "checkout", prod).problems).toEqual([
      messageSaying("`postgres.highAvailability` is false", '"prod"', "remove the override"),
      messageSaying("`postgres.backupRetentionDays` is 7", '"prod" keeps at least 35 days'),
    ]);
    expect(resolvePostgres({ version: "19" }, "checkout", dev).problems).toHaveLength(1);
    expect(resolvePostgres({ version: "9.6" }, "checkout", dev).problems).toEqual([messageSaying("`postgres.version`", '"9.6"', "14, 15, 16, 17, 18")]);
  });
});
