import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { LogAnalyticsDataExportRule } from "@cdktf/provider-azurerm/lib/log-analytics-data-export-rule";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import type { EnvironmentProfile } from "../core/environment";
import { deletionLock } from "./private/deletion-lock";

/** Props of {@link AzureLogArchive}. */
export interface AzureLogArchiveProps {
  /** Storage account name (checked by the platform). */
  readonly storageAccountName: string;
  /** Region (the workspace's: data export writes only to the same region). */
  readonly location: string;
  /** Resource group of the storage account and the export rule (the platform's). */
  readonly resourceGroupName: string;
  /** The Log Analytics workspace whose tables are exported. */
  readonly workspaceId: string;
  /** Tables exported (each to its container `am-<table>`). */
  readonly tables: readonly string[];
  /** Days every exported blob stays immutable (the profile's `logArchiveDays`). */
  readonly days: number;
  /** The profile in force (lock, prevent_destroy). */
  readonly profile: EnvironmentProfile;
  /** Tags on the storage account (the platform passes its standard tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The immutable copy of the workloads' logs: a Log Analytics data export
 * rule streams the tables, as they arrive, to a storage account of their
 * own (Microsoft Learn, "Log Analytics data export rules": tamper-protected
 * store compliance), one container per table, `am-<table>` in lowercase,
 * made here first so each carries a time-based retention policy of
 * `days` with protected append writes (export appends to append blobs) —
 * locked in prod, so no one, Microsoft support included, can shorten it or
 * delete a blob before it expires.
 *
 * The account: StorageV2 Standard (export rejects Premium), geo-redundant
 * (the archive outlives a region), TLS 1.2, HTTPS only, no public blobs,
 * no shared-key access (Entra ID only), infrastructure encryption (a second
 * AES-256 layer), firewall closed except to trusted Azure services (data
 * export's documented path), a CanNotDelete lock where the profile protects
 * data, and `prevent_destroy`. Exported blobs are append blobs, which have
 * no access tier, so a lifecycle rule cannot move them to Cool or Archive:
 * the account is Hot, and the archive's cost is its size at Hot GRS rates.
 */
export class AzureLogArchive extends Construct {
  /** The storage account. */
  public readonly account: StorageAccount;
  /** The workspace's data export rule `vigil-log-archive` (`azurerm_log_analytics_data_export_rule`) streaming the tables to `account`; tables added later join it. */
  public readonly exportRule: LogAnalyticsDataExportRule;
  /** Tables exported. */
  private readonly tables: string[] = [];
  private readonly props: AzureLogArchiveProps;

  constructor(scope: Construct, id: string, props: AzureLogArchiveProps) {
    super(scope, id);
    const protect = { preventDestroy: props.profile.preventDestroy };
    this.account = new StorageAccount(this, "account", {
      name: props.storageAccountName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: "GRS",
      accessTier: "Hot",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
      tags: { ...props.tags },
      lifecycle: protect,
    });
    deletionLock(this, this.account, `Storage account ${props.storageAccountName} (immutable log archive)`, props.profile);
    this.props = props;
    // One rule per workspace and account (data export wants the account unique across rules): later tables join it.
    this.exportRule = new LogAnalyticsDataExportRule(this, "export", {
      name: "vigil-log-archive",
      resourceGroupName: props.resourceGroupName,
      workspaceResourceId: props.workspaceId,
      destinationResourceId: this.account.id,
      tableNames: Lazy.listValue({ produce: () => [...this.tables] }),
      enabled: true,
    });
    for (const table of props.tables) this.addTable(table);
  }

  /**
   * Exports `table` too, to its own immutable container `am-<table>` made
   * first (the rule waits for it); a table already exported is left alone.
   */
  public addTable(table: string): void {
    if (this.tables.includes(table)) return;
    const props = this.props;
    const protect = { preventDestroy: props.profile.preventDestroy };
    const container = new StorageContainer(this, `container-${table}`, {
      name: `am-${table.toLowerCase()}`,
      storageAccountId: this.account.id,
      containerAccessType: "private",
      lifecycle: protect,
    });
    new StorageContainerImmutabilityPolicy(this, `immutability-${table}`, {
      storageContainerResourceManagerId: container.id,
      immutabilityPeriodInDays: props.days,
      protectedAppendWritesEnabled: true,
      // Locked: the period can only be extended, the policy and the blobs not deleted (WORM, SEC 17a-4(f)).
      locked: props.profile.tier === "prod",
    });
    this.tables.push(table);
    this.exportRule.dependsOn = [...(this.exportRule.dependsOn ?? []), container.fqn];
  }
}
