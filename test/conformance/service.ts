// The service the conformance suite and docs/alerts.md build on every target:
// every data component, with the settings that make every canonical alert
// apply (a topic read by a consumer group, a keyspace with a table), an
// endpoint, an edge, and the default SLOs.
import type { PortableProps } from "./targets";

/** Every component at the catalog's defaults: what docs/alerts.md shows. */
export const DEFAULTS_SERVICE: PortableProps = {
  service: {
    kafka: { storageGiB: 100, topics: { orders: { partitions: 6, consumerGroups: ["billing"] } } },
    cassandra: {
      keyspaces: { checkout: { tables: { carts: { columns: { cart_id: "uuid", qty: "int" }, partitionKey: ["cart_id"] } } } },
      datacenters: { dc1: { nodes: 3 } },
    },
    search: { storageGiB: 100 },
    postgres: { storageGiB: 100 },
    endpoint: { url: "https://checkout.example.com/healthz" },
    edge: { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } },
  },
};
