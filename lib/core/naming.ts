import { createHash } from "crypto";

/**
 * The length and character rules of one kind of cloud resource name,
 * taken from each provider's API documentation.
 */
export interface NamingRule {
  /** What the rule is for, used in messages ("EKS cluster name"). */
  readonly label: string;
  /** Shortest allowed name. */
  readonly minLength: number;
  /** Longest allowed name. */
  readonly maxLength: number;
  /** Whole-name pattern the name must match. */
  readonly pattern: RegExp;
  /** The pattern in words, for messages. */
  readonly allowed: string;
  /** Whether the cloud folds the name to lowercase (generated names are lowercased first). */
  readonly lowercase: boolean;
}

/**
 * Naming rules per cloud resource kind. Sources: AWS API references
 * (CreateCluster, CreateNodegroup, CreateRole, CreateLogGroup, CreateTopic,
 * PutMetricAlarm, CreateLaunchTemplate, MSK CreateClusterV2, OpenSearch
 * CreateDomain, RDS CreateDBInstance), GCP resource names (RFC 1035) and
 * labels, Azure's "Naming rules and restrictions for Azure resources" (resource groups, storage accounts, AKS, virtual networks, Log Analytics, PostgreSQL flexible servers, Event Hubs, Managed Cassandra, alert rules, action groups, Managed Grafana, Key Vault), and
 * Kubernetes DNS-1123 labels.
 */
export const NAMING_RULES = {
  awsEksCluster: rule("EKS cluster name", 1, 100, /^[0-9A-Za-z][A-Za-z0-9\-_]*$/, "letters, digits, '-' and '_', starting with a letter or digit", false),
  awsEksNodeGroup: rule("EKS node group name", 1, 63, /^[0-9A-Za-z][A-Za-z0-9\-_]*$/, "letters, digits, '-' and '_', starting with a letter or digit", false),
  awsIamRole: rule("IAM role name", 1, 64, /^[\w+=,.@-]+$/, "letters, digits and +=,.@_-", false),
  awsLogGroup: rule("CloudWatch log group name", 1, 512, /^[.\-_/#A-Za-z0-9]+$/, "letters, digits and ._-/#", false),
  awsSnsTopic: rule("SNS topic name", 1, 256, /^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", false),
  // eslint-disable-next-line no-control-regex -- on purpose: an alarm name is any run of characters but the C0 controls.
  awsAlarm: rule("CloudWatch alarm name", 1, 255, /^[^\u0000-\u001f]+$/, "printable characters", false),
  awsGrafanaWorkspace: rule("Managed Grafana workspace name", 1, 255, /^[a-zA-Z0-9._~-]+$/, "letters, digits and ._~-", false),
  awsDashboard: rule("CloudWatch dashboard name", 1, 255, /^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", false),
  awsLaunchTemplate: rule("launch template name", 3, 128, /^[a-zA-Z0-9()./_-]+$/, "letters, digits and ()./_-", false),
  awsKmsAlias: rule("KMS alias name", 1, 250, /^[a-zA-Z0-9:/_-]+$/, "letters, digits and :/_-", false),
  awsMskCluster: rule("MSK cluster name", 1, 64, /^[A-Za-z0-9][A-Za-z0-9-]*$/, "letters, digits and '-', starting with a letter or digit", false),
  awsOpenSearchDomain: rule("OpenSearch domain name", 3, 28, /^[a-z][a-z0-9-]*$/, "lowercase letters, digits and '-', starting with a letter", true),
  awsRdsInstance: rule("RDS DB instance identifier", 1, 63, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/, "lowercase letters, digits and '-', starting with a letter, no '--', not ending with '-'", true),
  awsS3Bucket: rule("S3 bucket name", 3, 63, /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "lowercase letters, digits, '.' and '-', starting and ending with a letter or digit", true),
  gcpResource: rule("GCP resource name", 1, 63, /^[a-z]([-a-z0-9]*[a-z0-9])?$/, "lowercase letters, digits and '-', starting with a letter, not ending with '-'", true),
  azureResourceGroup: rule("Azure resource group name", 1, 90, /^[-\w._()]*[-\w_()]$/, "letters, digits and -._(), not ending with '.'", false),
  azureKubernetesCluster: rule("AKS cluster name", 1, 63, /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?$/, "letters, digits, '-' and '_', starting and ending with a letter or digit", false),
  azureVirtualNetwork: rule("Azure virtual network name", 2, 64, /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9_]$/, "letters, digits and _.-, starting with a letter or digit, ending with a letter, digit or '_'", false),
  azureLogAnalyticsWorkspace: rule("Log Analytics workspace name", 4, 63, /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/, "letters, digits and '-', starting and ending with a letter or digit", false),
  azurePostgresFlexibleServer: rule("PostgreSQL flexible server name", 3, 63, /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and '-', not starting or ending with '-'", true),
  azureEventHubNamespace: rule("Event Hubs namespace name", 6, 50, /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/, "letters, digits and '-', starting with a letter, ending with a letter or digit", false),
  azureEventHub: rule("event hub name", 1, 256, /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$/, "letters, digits and ._-, starting and ending with a letter or digit", false),
  azureCassandraCluster: rule("Managed Instance for Apache Cassandra cluster name", 1, 100, /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/, "letters, digits and single '-' between them", false),
  azureCassandraDatacenter: rule("Managed Cassandra datacenter name", 1, 100, /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/, "letters, digits and single '-' between them", false),
  azureMonitorAlert: rule("Azure Monitor alert rule name", 1, 260, /^[^*#&+:<>?@%{}\\/]+$/, "any characters but *#&+:<>?@%{}\\/", false),
  azureActionGroupShortName: rule("action group short name", 1, 12, /^[a-zA-Z0-9 _-]+$/, "letters, digits, spaces, '-' and '_'", false),
  azureGrafana: rule("Azure Managed Grafana name", 2, 23, /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/, "letters, digits and '-', starting with a letter, ending with a letter or digit", false),
  azureStorageAccount: rule("Azure storage account name", 3, 24, /^[a-z0-9]+$/, "lowercase letters and digits only", true),
  azureKeyVault: rule("Azure Key Vault name", 3, 24, /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/, "letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'", false),
  kubernetesDnsLabel: rule("Kubernetes DNS label", 1, 63, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "lowercase letters, digits and '-', starting and ending with a letter or digit", true),
} as const;

function rule(label: string, minLength: number, maxLength: number, pattern: RegExp, allowed: string, lowercase: boolean): NamingRule {
  return { label, minLength, maxLength, pattern, allowed, lowercase };
}

/**
 * A service name: the platform's `service` and a MonitoredService's `name`
 * (one rule for both). It goes into resource names, labels and tags, where
 * every cloud accepts it.
 */
export const SERVICE_NAME = { pattern: /^[a-z][a-z0-9-]{1,29}$/, allowed: '2-30 lowercase letters, digits or "-", starting with a letter' } as const;

/**
 * Checks a name given by the user. Returns a message naming the value, the
 * rule it breaks and the fix, or undefined when the name is valid.
 */
export function checkName(name: string, naming: NamingRule, prop = "name"): string | undefined {
  if (name.length > naming.maxLength) {
    return `\`${prop}\` ${JSON.stringify(name)} is ${name.length} characters; ${withArticle(naming.label)} allows at most ${naming.maxLength}. Use a shorter name`;
  }
  if (name.length < naming.minLength) {
    return `\`${prop}\` ${JSON.stringify(name)} is ${name.length} characters; ${withArticle(naming.label)} needs at least ${naming.minLength}`;
  }
  if (!naming.pattern.test(name)) {
    return `\`${prop}\` ${JSON.stringify(name)} is not a valid ${naming.label}: use ${naming.allowed}`;
  }
  return undefined;
}

/**
 * A label with its indefinite article, by how it is said: "an EKS cluster
 * name", "an S3 bucket name", "an event hub name", but "a GCP resource name"
 * and "a Kubernetes DNS label". An initialism is read letter by letter, so
 * it takes "an" when its first letter's name starts with a vowel sound.
 */
function withArticle(label: string): string {
  const first = label.split(/[\s-]/)[0];
  const initialism = /^[A-Z][A-Z0-9]+$/.test(first);
  const vowelSound = initialism ? /^[AEFHILMNORSX]/.test(first) : /^[aeiou]/i.test(first);
  return `${vowelSound ? "an" : "a"} ${label}`;
}

/**
 * Builds a derived name (e.g. an IAM role for a cluster) from parts, made
 * to fit the rule: parts are joined with '-' (or nothing where the rule
 * forbids '-'), forbidden characters are replaced the same way, and a name
 * that is too long is cut and given a short hash of the full name, so two
 * long names stay distinct and the result is stable between synths.
 */
export function fitName(parts: readonly string[], naming: NamingRule): string {
  const allowed = (ch: string) => naming.pattern.test(`a${ch}a`) || naming.pattern.test(ch);
  const sep = allowed("-") ? "-" : "";
  let name = parts.filter((p) => p.length > 0).join(sep);
  if (naming.lowercase) name = name.toLowerCase();
  name = name
    .split("")
    .map((ch) => (allowed(ch) ? ch : sep))
    .join("");
  if (sep) name = name.replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  if (name.length > naming.maxLength) {
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
    name = `${name.slice(0, naming.maxLength - hash.length - sep.length).replace(/[-_.]+$/, "")}${sep}${hash}`;
  }
  return name;
}
