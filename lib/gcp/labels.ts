import { standardTags, toGcpLabels } from "../core/tags";

/** GCP label key rule: 1-63 lowercase letters, digits, "_" or "-", starting with a lowercase letter (Resource Manager, "Requirements for labels"). */
export const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
/** GCP label value rule: 0-63 lowercase letters, digits, "_" or "-". */
export const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** Checks labels against GCP's rules; returns one message per bad entry. */
export function checkGcpLabels(labels: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!GCP_LABEL_KEY.test(key)) problems.push(`label key ${JSON.stringify(key)} is not a valid GCP label key: 1-63 lowercase letters, digits, "_" or "-", starting with a letter`);
    if (!GCP_LABEL_VALUE.test(value)) problems.push(`label ${JSON.stringify(key)} has value ${JSON.stringify(value)}, which is not a valid GCP label value: up to 63 lowercase letters, digits, "_" or "-"`);
  }
  return problems;
}

/**
 * The standard labels (service, environment, owner, managed-by) and the
 * user's extra labels, in GCP's form. Keys use "_" rather than "-"
 * (`managed_by`): cdktf writes provider map keys such as `default_labels`
 * in snake case, so a "-" in a key would not reach Terraform unchanged.
 */
export function standardGcpLabels(values: { service: string; environment: string; owner: string }, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const labels = toGcpLabels(standardTags(values, { ...extra }));
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.replace(/-/g, "_"), v]));
}
