import type { SizeClass } from "../core/environment";

/**
 * VM sizes per size class for AKS nodes: general purpose Dv5 with a local
 * temp disk (`ds`), offered in every region with zones (Microsoft Learn,
 * "Ddsv5 and Ddv5 series").
 */
export const AZURE_NODE_VM_SIZES: Readonly<Record<SizeClass, string>> = {
  small: "Standard_D4ds_v5",
  medium: "Standard_D8ds_v5",
  large: "Standard_D16ds_v5",
  xlarge: "Standard_D32ds_v5",
};

/** VM size of the AKS system node pool (critical add-ons only). */
export const AZURE_SYSTEM_POOL_VM_SIZE = "Standard_D4ds_v5";

/**
 * PostgreSQL flexible server SKUs per size class (General Purpose, Ddsv5)
 * with their vCores and the default `max_connections` Azure sets for that
 * memory (Microsoft Learn, "Limits in Azure Database for PostgreSQL flexible
 * server": 2 vCores 859, 4 vCores 1718, 8 vCores 3437, 16+ vCores 5000).
 */
export const AZURE_POSTGRES_SKUS: Readonly<Record<SizeClass, { readonly sku: string; readonly vcores: number; readonly maxConnections: number }>> = {
  small: { sku: "GP_Standard_D2ds_v5", vcores: 2, maxConnections: 859 },
  medium: { sku: "GP_Standard_D4ds_v5", vcores: 4, maxConnections: 1718 },
  large: { sku: "GP_Standard_D8ds_v5", vcores: 8, maxConnections: 3437 },
  xlarge: { sku: "GP_Standard_D16ds_v5", vcores: 16, maxConnections: 5000 },
};

/**
 * Managed Instance for Apache Cassandra node SKUs per size class (Microsoft
 * Learn, "Azure Managed Instance for Apache Cassandra: hardware SKUs").
 */
export const AZURE_CASSANDRA_SKUS: Readonly<Record<SizeClass, string>> = {
  small: "Standard_E8s_v5",
  medium: "Standard_E16s_v5",
  large: "Standard_E20s_v5",
  xlarge: "Standard_E32s_v5",
};

/** Log Analytics retention bounds (30 to 730 days on the PerGB2018 SKU). */
export function logAnalyticsRetention(days: number): number {
  return Math.min(Math.max(days, 30), 730);
}
