/**
 * AWS Regions (commercial, GovCloud and China) as of provider 6.x / late 2026.
 * Source: AWS General Reference, "Regions and endpoints".
 */
const AWS_REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "af-south-1",
  "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  "ca-central-1", "ca-west-1",
  "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
  "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
  "us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1",
];

/** Regions with fewer than three Availability Zones open to new accounts (us-west-1 offers two). */
const AWS_REGIONS_WITH_TWO_ZONES: readonly string[] = ["us-west-1"];

/** Checks a region name; returns a message or undefined. */
export function checkAwsRegion(region: string, zones: number): string | undefined {
  if (!AWS_REGIONS.includes(region)) {
    const near = AWS_REGIONS.filter((r) => r.startsWith(region.split("-")[0] ?? "")).slice(0, 6);
    return `\`region\` ${JSON.stringify(region)} is not an AWS Region; use one like ${(near.length ? near : ["us-east-1", "eu-west-1"]).join(", ")}`;
  }
  if (zones > 2 && AWS_REGIONS_WITH_TWO_ZONES.includes(region)) {
    return `\`region\` "${region}" has 2 Availability Zones but the environment spans ${zones}; pick another Region or a profile with zones: 2`;
  }
  return undefined;
}
