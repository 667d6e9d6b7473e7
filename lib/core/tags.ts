/**
 * Standard tags/labels carried by every taggable resource, so that cost,
 * ownership and on-call routing can be read off any resource in any cloud.
 */
interface StandardTagValues {
  /** The service or platform the resource belongs to. */
  readonly service: string;
  /** The environment profile's name. */
  readonly environment: string;
  /** The owning team (an on-call rotation or team handle). */
  readonly owner: string;
}

/** Tag keys Vigil always sets. */
export const STANDARD_TAG_KEYS = ["service", "environment", "owner", "managed-by"] as const;

/** Value of the `managed-by` tag. */
const MANAGED_BY = "vigil";

/**
 * The standard tags merged with the user's extra tags. The standard keys win
 * so that a stray extra tag cannot hide a resource's owner or environment.
 */
export function standardTags(values: StandardTagValues, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    service: values.service,
    environment: values.environment,
    owner: values.owner,
    "managed-by": MANAGED_BY,
  };
}

/**
 * Extra tags (or labels) that set a standard key to another value: the
 * standard value wins on every resource, so the user's would vanish without
 * a word. `prop` is where the user wrote them (`tags`, `labels`).
 */
export function standardKeyOverrides(prop: string, extra: Readonly<Record<string, string>>, standard: Readonly<Record<string, string>>): string[] {
  return Object.entries(extra)
    .filter(([key, value]) => (STANDARD_TAG_KEYS as readonly string[]).includes(key) && standard[key] !== value)
    .map(([key, value]) => `\`${prop}.${key}\` is ${JSON.stringify(value)}, but Vigil sets \`${key}\` itself (to ${JSON.stringify(standard[key])}) on every resource; remove it from \`${prop}\` (${STANDARD_TAG_KEYS.join(", ")} are Vigil's)`);
}

/** Characters an Azure tag name cannot hold (Azure Resource Manager, "Tag resources": limitations). */
const AZURE_TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Checks tags against Azure's tag rules: names up to 512 characters without <>%&\?/, values up to 256. */
export function checkAzureTags(tags: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 512 || AZURE_TAG_NAME_FORBIDDEN.test(key)) {
      problems.push(`tag name ${JSON.stringify(key)} is not a valid Azure tag name: 1-512 characters, none of < > % & \\ ? /`);
    }
    if (value.length > 256) problems.push(`tag ${JSON.stringify(key)} has a value of ${value.length} characters; Azure allows at most 256`);
  }
  return problems;
}

/** AWS tag value rule: up to 256 Unicode letters, digits, spaces and `_.:/=+-@`. */
const AWS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** AWS tag key rule: 1-128 of the same characters, not starting with `aws:`. */
const AWS_TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Checks tags against AWS's tag rules; returns one message per bad entry. */
export function checkAwsTags(tags: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (!AWS_TAG_KEY.test(key)) {
      problems.push(`tag key ${JSON.stringify(key)} is not a valid AWS tag key: 1-128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"`);
    }
    if (!AWS_TAG_VALUE.test(value)) {
      problems.push(`tag ${JSON.stringify(key)} has value ${JSON.stringify(value)}, which is not a valid AWS tag value: up to 256 letters, digits, spaces and _.:/=+-@`);
    }
  }
  return problems;
}

/**
 * Turns tags into GCP labels: keys and values lowercased, characters outside
 * `[a-z0-9_-]` replaced by `_`, at most 63 characters, keys starting with a letter.
 */
export function toGcpLabels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    let k = clean(key);
    if (!/^[a-z]/.test(k)) k = `k${k}`.slice(0, 63);
    labels[k] = clean(value);
  }
  return labels;
}
