/**
 * Google Cloud regions (Compute Engine "Regions and zones",
 * https://cloud.google.com/compute/docs/regions-zones). Every region has at
 * least three zones, which GKE regional clusters and Managed Service for
 * Apache Kafka (always spread over three zones) rely on.
 */
const GCP_REGIONS: readonly string[] = [
  "africa-south1",
  "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
  "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2",
  "australia-southeast1", "australia-southeast2",
  "europe-central2", "europe-north1", "europe-north2", "europe-southwest1",
  "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
  "europe-west8", "europe-west9", "europe-west10", "europe-west12",
  "me-central1", "me-central2", "me-west1",
  "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1",
  "southamerica-east1", "southamerica-west1",
  "us-central1", "us-east1", "us-east4", "us-east5", "us-south1",
  "us-west1", "us-west2", "us-west3", "us-west4",
];

/**
 * Checks a region name against {@link GCP_REGIONS}; returns a message naming
 * the value and the fix, or undefined when it is a GCP region.
 */
export function checkGcpRegion(region: string): string | undefined {
  if (GCP_REGIONS.includes(region)) return undefined;
  const zone = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(region);
  const hint = zone && GCP_REGIONS.includes(zone[1]) ? ` ("${region}" is a zone; its region is "${zone[1]}")` : "";
  return `\`region\` ${JSON.stringify(region)} is not a Google Cloud region${hint}; use one of ${GCP_REGIONS.join(", ")}`;
}
