import type { SizeClass } from "../core/environment";

/**
 * EC2 instance types per size class for EKS nodes: general purpose, Nitro,
 * available in every commercial Region, with a second type of the same
 * shape so a capacity shortage of one does not block scaling.
 */
export const AWS_NODE_INSTANCE_TYPES: Readonly<Record<SizeClass, readonly string[]>> = {
  small: ["m6i.large", "m5.large"],
  medium: ["m6i.xlarge", "m5.xlarge"],
  large: ["m6i.2xlarge", "m5.2xlarge"],
  xlarge: ["m6i.4xlarge", "m5.4xlarge"],
};

/** Values CloudWatch Logs accepts for `retention_in_days` (PutRetentionPolicy). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The smallest allowed CloudWatch retention that keeps logs at least `days`
 * (so a profile's 35 days becomes 60, never 30).
 */
export function cloudWatchRetention(days: number): number {
  return CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}
