import type { EnvironmentProfile } from "../../core/environment";
import type { AzureAlerting } from "../action-groups";
import type { AzureNetwork } from "../network";
import type { KeyVaultSecrets } from "./secrets";

/**
 * What the platform hands every data component it builds: where it runs
 * (location, resource group, VNet), the profile, alert delivery, the Log
 * Analytics workspace for diagnostic settings and Key Vault for secrets.
 */
export interface AzureComponentContext {
  /** Environment profile in force. */
  readonly profile: EnvironmentProfile;
  /** Azure region. */
  readonly location: string;
  /** Whether the region has availability zones. */
  readonly zonesAvailable: boolean;
  /** Resource group of the environment and region. */
  readonly resourceGroupName: string;
  /** Tags on every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The VNet. */
  readonly network: AzureNetwork;
  /** Action groups and metric alerts. */
  readonly alerting: AzureAlerting;
  /** Log Analytics workspace id, the destination of every diagnostic setting. */
  readonly workspaceId: string;
  /** Key Vault secrets. */
  readonly secrets: KeyVaultSecrets;
  /** Entra tenant id (Entra authentication of the data services). */
  readonly tenantId: string;
  /** Object id of the identity running Terraform (it is granted what creating keys needs). */
  readonly deployerObjectId: string;
  /** Base URL of the runbooks. */
  readonly runbookBaseUrl: string;
}
