/**
 * Azure public-cloud regions (programmatic names, as `az account
 * list-locations` prints them) and whether each offers availability zones.
 * Source: Microsoft Learn, "Azure regions list" and "List of Azure regions
 * with availability zones" (reliability/regions-list).
 */
const AZURE_REGIONS: Readonly<Record<string, { readonly zones: boolean }>> = Object.fromEntries([
  ...[
    "eastus", "eastus2", "centralus", "southcentralus", "westus2", "westus3", "canadacentral", "brazilsouth", "mexicocentral",
    "northeurope", "westeurope", "uksouth", "francecentral", "germanywestcentral", "swedencentral", "switzerlandnorth",
    "norwayeast", "polandcentral", "italynorth", "spaincentral", "qatarcentral", "uaenorth", "israelcentral",
    "southafricanorth", "australiaeast", "centralindia", "japaneast", "japanwest", "koreacentral", "southeastasia",
    "eastasia", "newzealandnorth",
  ].map((r) => [r, { zones: true }]),
  ...[
    "westus", "northcentralus", "westcentralus", "canadaeast", "brazilsoutheast", "ukwest", "francesouth", "germanynorth",
    "norwaywest", "switzerlandwest", "swedensouth", "southindia", "westindia", "australiasoutheast", "australiacentral",
    "australiacentral2", "koreasouth", "southafricawest", "uaecentral",
  ].map((r) => [r, { zones: false }]),
]);

/**
 * Checks a location: it must be an Azure region, and when the profile runs
 * highly available (zone-redundant services) the region must have zones.
 * Returns the message, or undefined when the location is fine.
 */
export function checkAzureLocation(location: string, highAvailability: boolean, environment: string): string | undefined {
  const region = AZURE_REGIONS[location];
  if (!region) {
    const hint = AZURE_REGIONS[location.toLowerCase().replace(/\s+/g, "")] ? ` (write it as "${location.toLowerCase().replace(/\s+/g, "")}")` : "";
    return `\`location\` ${JSON.stringify(location)} is not an Azure region${hint}; use a region name such as "westeurope", "northeurope" or "eastus2" (\`az account list-locations -o table\`)`;
  }
  if (highAvailability && !region.zones) {
    return `\`location\` "${location}" has no availability zones, but "${environment}" runs zone-redundant (AKS, PostgreSQL, Event Hubs, Cassandra spread over zones); pick a region with zones such as "westeurope", or use a profile with highAvailability=false`;
  }
  return undefined;
}

/** True when the region offers availability zones. */
export function azureRegionHasZones(location: string): boolean {
  return AZURE_REGIONS[location]?.zones ?? false;
}
